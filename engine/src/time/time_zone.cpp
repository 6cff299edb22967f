#include <slaclock/base/error.h>
#include <slaclock/time/time_zone.h>

#include <boost/date_time/local_time/local_time.hpp>
#include <boost/version.hpp>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>

namespace slaclock {

namespace {
// Years for which transitions are expanded; outside them the zone answers
// with its standard offset, which no calendar range reaches.
constexpr int first_rule_year = 1900;
constexpr int last_rule_year = 2200;

std::int64_t to_epoch_seconds(const boost::posix_time::ptime& p) {
  static const boost::posix_time::ptime epoch(boost::gregorian::date(1970, 1, 1));
  return (p - epoch).total_seconds();
}

std::string read_zoneinfo_footer(const std::string& name) {
  if (name.find("..") != std::string::npos || name.empty() || name.front() == '/')
    throw ConfigError({"", 0, "time_zone"}, "'" + name + "' is not a zone name");
  const char* dir = std::getenv("TZDIR");
  const std::string path = std::string(dir && *dir ? dir : "/usr/share/zoneinfo") + "/" + name;
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))  // "Europe": reading it would throw std::ios_base::failure
    throw ConfigError({"", 0, "time_zone"}, "unknown time zone '" + name + "' (" + path + " is a folder of zones)");
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw ConfigError({"", 0, "time_zone"},
                      "unknown time zone '" + name + "' (no " + path + "; is the tzdata package installed?)");
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // TZif version 2+ files end with "\n<POSIX TZ rule>\n".
  if (bytes.size() < 2 || bytes.back() != '\n')
    throw ConfigError({path, 0, "time_zone"}, "zoneinfo file has no POSIX rule footer");
  const auto start = bytes.rfind('\n', bytes.size() - 2);
  if (start == std::string::npos) throw ConfigError({path, 0, "time_zone"}, "zoneinfo file has no POSIX rule footer");
  return bytes.substr(start + 1, bytes.size() - start - 2);
}

// POSIX TZ offsets count hours WEST of Greenwich ("EST5EDT" is UTC-5) and an
// explicit DST offset is absolute ("EST5EDT4"), while Boost's posix_time_zone
// reads the first offset as EAST-positive and the second as the DST
// adjustment. Fed a tzdata footer unchanged, Boost put New York at UTC+5 and
// Paris at UTC-1 (London, at 0, hid it). So rewrite the rule into Boost's
// convention first. Names like "<+04>" become plain letters, which Boost needs
// and slaclock never shows.
std::string posix_rule_for_boost(const std::string& rule) {
  std::size_t pos = 0;
  auto name = [&](const char* placeholder) -> std::string {
    if (pos < rule.size() && rule[pos] == '<') {
      const auto close = rule.find('>', pos);
      if (close == std::string::npos) throw std::invalid_argument("unterminated <name>");
      pos = close + 1;
      return placeholder;
    }
    const std::size_t from = pos;
    while (pos < rule.size() && std::isalpha(static_cast<unsigned char>(rule[pos]))) ++pos;
    return rule.substr(from, pos - from);
  };
  // [+|-]hh[:mm[:ss]] in seconds west of Greenwich, or nothing when absent.
  auto offset = [&]() -> std::optional<std::int32_t> {
    if (pos >= rule.size() ||
        !(rule[pos] == '+' || rule[pos] == '-' || std::isdigit(static_cast<unsigned char>(rule[pos]))))
      return std::nullopt;
    const int sign = rule[pos] == '-' ? -1 : 1;
    if (rule[pos] == '+' || rule[pos] == '-') ++pos;
    std::int32_t total = 0;
    for (std::int32_t unit : {3600, 60, 1}) {
      std::int32_t v = 0;
      bool any = false;
      while (pos < rule.size() && std::isdigit(static_cast<unsigned char>(rule[pos])))
        v = v * 10 + (rule[pos++] - '0'), any = true;
      if (!any) throw std::invalid_argument("bad offset");
      total += v * unit;
      if (unit == 1 || pos >= rule.size() || rule[pos] != ':') break;
      ++pos;
    }
    return sign * total;
  };
  auto hms = [](std::int32_t s) {
    const std::int32_t a = s < 0 ? -s : s;
    return std::string(s < 0 ? "-" : "+") + std::to_string(a / 3600) + ":" + std::to_string(a / 60 % 60) + ":" +
           std::to_string(a % 60);
  };
  const std::string std_name = name("STD");
  const auto std_west = offset();
  if (!std_west) throw std::invalid_argument("no UTC offset");
  std::string out = std_name + hms(-*std_west);
  if (pos < rule.size() && rule[pos] != ',') {
    out += name("DST");
    const auto dst_west = offset();
    out += hms(dst_west ? *std_west - *dst_west : 3600);  // the adjustment, east-positive
  }
  return out + rule.substr(pos);
}
}  // namespace

struct TimeZone::Rules {
  std::string name;
  std::int32_t std_offset = 0;
  std::int32_t dst_offset = 0;  // total offset while DST is in force
  bool has_dst = false;
  // Per year: DST starts / ends, as UTC seconds.
  std::vector<std::int64_t> dst_start;
  std::vector<std::int64_t> dst_end;

  bool in_dst(std::int64_t t) const noexcept {
    if (!has_dst) return false;
    // The UTC year of t picks the row; transitions never sit at a year's edge.
    const auto days = static_cast<std::int32_t>((t >= 0 ? t : t - 86399) / 86400);
    const int year = CivilDate(days).year();
    if (year < first_rule_year || year > last_rule_year) return false;
    const auto i = static_cast<std::size_t>(year - first_rule_year);
    const auto s = dst_start[i], e = dst_end[i];
    return s < e ? (t >= s && t < e) : (t >= s || t < e);  // southern zones wrap the new year
  }
};

TimeZone TimeZone::from_posix_rule(const std::string& display_name, const std::string& posix_rule) {
  auto rules = std::make_shared<Rules>();
  rules->name = display_name;
  try {
    boost::local_time::posix_time_zone tz(posix_rule_for_boost(posix_rule));
    rules->std_offset = static_cast<std::int32_t>(tz.base_utc_offset().total_seconds());
    rules->has_dst = tz.has_dst();
    rules->dst_offset = rules->std_offset + static_cast<std::int32_t>(tz.dst_offset().total_seconds());
    if (rules->has_dst) {
      for (int y = first_rule_year; y <= last_rule_year; ++y) {
        // Boost gives the start in local standard time and the end in local DST.
        rules->dst_start.push_back(to_epoch_seconds(tz.dst_local_start_time(static_cast<unsigned short>(y))) -
                                   rules->std_offset);
        rules->dst_end.push_back(to_epoch_seconds(tz.dst_local_end_time(static_cast<unsigned short>(y))) -
                                 rules->dst_offset);
      }
    }
  } catch (const std::exception& e) {
    throw ConfigError({"", 0, "time_zone"}, "cannot use zone rule '" + posix_rule + "': " + e.what());
  }
  return TimeZone(std::move(rules));
}

TimeZone TimeZone::named(const std::string& iana_name) {
  if (iana_name == "UTC" || iana_name == "Etc/UTC") return utc();
  // A zone is immutable: read and expanded once per process (per TZDIR), as
  // each rule version, calendar and printed clock asks for it again.
  static std::mutex mutex;
  static std::map<std::string, TimeZone> zones;
  const char* dir = std::getenv("TZDIR");
  const std::string key = std::string(dir ? dir : "") + '\n' + iana_name;
  {
    const std::lock_guard lock(mutex);
    if (const auto it = zones.find(key); it != zones.end()) return it->second;
  }
  TimeZone zone = from_posix_rule(iana_name, read_zoneinfo_footer(iana_name));
  const std::lock_guard lock(mutex);
  return zones.emplace(key, std::move(zone)).first->second;
}

TimeZone TimeZone::utc() {
  static const TimeZone zone = from_posix_rule("UTC", "UTC0");
  return zone;
}

const std::string& TimeZone::name() const noexcept {
  return rules_->name;
}

std::int32_t TimeZone::offset_at(Instant t) const noexcept {
  return rules_->in_dst(t.utc_seconds) ? rules_->dst_offset : rules_->std_offset;
}

std::pair<Instant, Instant> TimeZone::steady_span(Instant t) const noexcept {
  // in_dst picks one year's pair of transitions by t's UTC year, so within
  // that year the offset changes only at those two instants.
  const std::int64_t s = t.utc_seconds;
  const int year = CivilDate(static_cast<std::int32_t>((s >= 0 ? s : s - 86399) / 86400)).year();
  std::int64_t lo = std::int64_t{CivilDate::from_ymd(year, 1, 1).days_since_epoch()} * 86400;
  std::int64_t hi = std::int64_t{CivilDate::from_ymd(year + 1, 1, 1).days_since_epoch()} * 86400;
  if (rules_->has_dst && year >= first_rule_year && year <= last_rule_year) {
    const auto i = static_cast<std::size_t>(year - first_rule_year);
    for (const std::int64_t change : {rules_->dst_start[i], rules_->dst_end[i]}) {
      if (change <= s)
        lo = std::max(lo, change);
      else
        hi = std::min(hi, change);
    }
  }
  return {Instant{lo}, Instant{hi}};
}

LocalTime TimeZone::to_local(Instant t) const noexcept {
  const std::int32_t off = offset_at(t);
  const std::int64_t local = t.utc_seconds + off;
  const std::int64_t days = (local >= 0 ? local : local - 86399) / 86400;
  return {CivilDate(static_cast<std::int32_t>(days)), static_cast<std::int32_t>(local - days * 86400), off};
}

LocalResolution TimeZone::resolve_local(CivilDate date, std::int32_t seconds_of_day) const noexcept {
  const std::int64_t local = std::int64_t{date.days_since_epoch()} * 86400 + seconds_of_day;
  const Instant as_std{local - rules_->std_offset};
  const Instant as_dst{local - rules_->dst_offset};
  const bool std_ok = offset_at(as_std) == rules_->std_offset;
  const bool dst_ok = rules_->has_dst && offset_at(as_dst) == rules_->dst_offset;
  if (std_ok && dst_ok && as_std != as_dst) {
    const Instant a = std::min(as_std, as_dst), b = std::max(as_std, as_dst);
    return {LocalResolution::Kind::ambiguous, a, b};
  }
  if (std_ok) return {LocalResolution::Kind::unique, as_std, as_std};
  if (dst_ok) return {LocalResolution::Kind::unique, as_dst, as_dst};
  // In the gap: the wall clock jumped over this time. Bisect for the
  // transition, the first instant whose local time is later than requested.
  Instant lo = std::min(as_std, as_dst), hi = std::max(as_std, as_dst);
  const std::int32_t before = offset_at(lo);
  while (hi.utc_seconds - lo.utc_seconds > 1) {
    const Instant mid{lo.utc_seconds + (hi.utc_seconds - lo.utc_seconds) / 2};
    (offset_at(mid) == before ? lo : hi) = mid;
  }
  return {LocalResolution::Kind::gap, hi, hi};
}

Instant TimeZone::from_local(CivilDate date, std::int32_t seconds_of_day, Disambiguation how) const {
  const LocalResolution r = resolve_local(date, seconds_of_day);
  if (r.kind == LocalResolution::Kind::unique) return r.earliest;
  if (how == Disambiguation::reject) {
    std::ostringstream when;
    when << date << " " << (seconds_of_day / 3600 < 10 ? "0" : "") << seconds_of_day / 3600 << ":"
         << (seconds_of_day / 60 % 60 < 10 ? "0" : "") << seconds_of_day / 60 % 60;
    throw InputError(r.kind == LocalResolution::Kind::gap ? "local time " + when.str() + " does not exist in " +
                                                                name() + " (clocks go forward over it); give an offset"
                                                          : "local time " + when.str() + " happens twice in " + name() +
                                                                " (clocks go back); give an offset to say which");
  }
  return how == Disambiguation::earliest ? r.earliest : r.latest;
}

std::string boost_library_version() {
  return std::to_string(BOOST_VERSION / 100000) + "." + std::to_string(BOOST_VERSION / 100 % 1000) + "." +
         std::to_string(BOOST_VERSION % 100);
}

}  // namespace slaclock
