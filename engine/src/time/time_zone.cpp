#include <slaclock/base/error.h>
#include <slaclock/time/time_zone.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>

namespace slaclock {

namespace {
// Years for which a POSIX rule is expanded into changes; after them a zone
// keeps its standard offset, before them (for a rule without history) too.
// No calendar range reaches either side.
constexpr int first_rule_year = 1900;
constexpr int last_rule_year = 2200;
// No zone has been more than 26 hours from UTC (RFC 8536 allows 25:59:59 in
// a footer), which bounds the instants a local time can mean.
constexpr std::int32_t max_utc_offset = 26 * 3600;
// The open ends of the first and last steady spans: far beyond any date,
// yet far enough from the int64 limits that callers may add days to them.
constexpr std::int64_t far_past = std::numeric_limits<std::int64_t>::min() / 4;
constexpr std::int64_t far_future = std::numeric_limits<std::int64_t>::max() / 4;

std::int64_t start_of_year(int year) {
  return std::int64_t{CivilDate::from_ymd(year, 1, 1).days_since_epoch()} * 86400;
}

int utc_year_of(std::int64_t t) {
  return CivilDate(static_cast<std::int32_t>((t >= 0 ? t : t - 86399) / 86400)).year();
}

// What a zone is: the offset before its first change, then each change (the
// instant and the offset from it on), sorted, every one a real change.
struct OffsetChanges {
  std::int32_t initial_offset = 0;
  std::vector<std::int64_t> at;
  std::vector<std::int32_t> offset_after;

  std::int32_t last_offset() const { return offset_after.empty() ? initial_offset : offset_after.back(); }
  // Appends a change; changes at one instant keep the last, and a change to
  // the offset already in force is dropped.
  void add(std::int64_t instant, std::int32_t offset) {
    while (!at.empty() && at.back() >= instant) {
      at.pop_back();
      offset_after.pop_back();
    }
    if (offset == last_offset()) return;
    at.push_back(instant);
    offset_after.push_back(offset);
  }
};

// ---- POSIX TZ rules (the footer of a TZif file, RFC 8536 section 3.3) ----
//
// "std offset [dst [offset] [,start[/time],end[/time]]]": offsets count hours
// WEST of Greenwich ("EST5EDT" is UTC-5), the DST offset defaults to one
// hour ahead of standard, and a date is Jn (day 1..365, never 29 February),
// n (day 0..365, counting it) or Mm.w.d (weekday d of week w of month m, w=5
// the last). Times default to 02:00 and may run from -167 to 167 hours
// (tzdata writes "M3.4.4/26" for Jerusalem, "M3.5.0/-1" for Nuuk).
struct PosixDate {
  enum class Form { julian_no_leap, zero_based, month_week_day } form = Form::month_week_day;
  int day = 0;  // Jn, n; d (0 = Sunday) for Mm.w.d
  int month = 0, week = 0;
  std::int32_t time = 7200;  // seconds after local midnight

  CivilDate date_in(int year) const {
    switch (form) {
      case Form::julian_no_leap: {
        const CivilDate jan1 = CivilDate::from_ymd(year, 1, 1);
        const bool leap = CivilDate::from_ymd(year, 3, 1) - CivilDate::from_ymd(year, 2, 28) == 2;
        return jan1 + (day - 1 + (leap && day >= 60 ? 1 : 0));
      }
      case Form::zero_based:
        return CivilDate::from_ymd(year, 1, 1) + day;
      case Form::month_week_day: {
        const CivilDate first = CivilDate::from_ymd(year, static_cast<unsigned>(month), 1);
        const int first_weekday = (static_cast<int>(first.weekday()) + 1) % 7;  // 0 = Sunday, as POSIX counts
        CivilDate d = first + (day - first_weekday + 7) % 7 + 7 * (week - 1);
        const CivilDate next_month = month == 12 ? CivilDate::from_ymd(year + 1, 1, 1)
                                                 : CivilDate::from_ymd(year, static_cast<unsigned>(month + 1), 1);
        while (!(d < next_month)) d = d - 7;  // week 5: the last
        return d;
      }
    }
    return CivilDate::from_ymd(year, 1, 1);
  }
};

struct PosixRule {
  std::int32_t std_offset = 0;  // east-positive, as everywhere in slaclock
  std::int32_t dst_offset = 0;
  bool has_dst = false;
  PosixDate start, end;
};

class PosixRuleParser {
 public:
  explicit PosixRuleParser(const std::string& text) : s_(text) {}

  PosixRule parse() {
    PosixRule rule;
    zone_name();
    const auto std_west = offset(24);
    if (!std_west) fail("no UTC offset after the zone's name");
    rule.std_offset = -*std_west;
    if (done()) return rule;
    rule.has_dst = true;
    zone_name();
    const auto dst_west = peek_is_offset() ? offset(24) : std::nullopt;
    rule.dst_offset = dst_west ? -*dst_west : rule.std_offset + 3600;
    if (done()) {  // no rule given: POSIX leaves it to the system; tzdata always gives one
      rule.start = {PosixDate::Form::month_week_day, 0, 3, 2};
      rule.end = {PosixDate::Form::month_week_day, 0, 11, 1};
      return rule;
    }
    expect(',');
    rule.start = date();
    expect(',');
    rule.end = date();
    if (!done()) fail("unexpected '" + s_.substr(pos_) + "'");
    return rule;
  }

 private:
  [[noreturn]] void fail(const std::string& why) const { throw std::invalid_argument(why); }
  bool done() const { return pos_ >= s_.size(); }
  bool digit() const { return !done() && std::isdigit(static_cast<unsigned char>(s_[pos_])); }
  bool peek_is_offset() const { return digit() || (!done() && (s_[pos_] == '+' || s_[pos_] == '-')); }
  void expect(char c) {
    if (done() || s_[pos_] != c) fail(std::string("expected '") + c + "'");
    ++pos_;
  }
  void zone_name() {
    if (!done() && s_[pos_] == '<') {
      const auto close = s_.find('>', pos_);
      if (close == std::string::npos) fail("unterminated <name>");
      pos_ = close + 1;
      return;
    }
    const std::size_t from = pos_;
    while (!done() && std::isalpha(static_cast<unsigned char>(s_[pos_]))) ++pos_;
    if (pos_ - from < 3) fail("a zone name needs three letters or <...>");
  }
  int number(int max) {
    if (!digit()) fail("expected a number");
    int v = 0;
    while (digit()) {
      v = v * 10 + (s_[pos_++] - '0');
      if (v > max) fail("number out of range");
    }
    return v;
  }
  // [+|-]hh[:mm[:ss]] in seconds (signed as written), or nothing when absent.
  std::optional<std::int32_t> offset(int max_hours) {
    if (!peek_is_offset()) return std::nullopt;
    const int sign = s_[pos_] == '-' ? -1 : 1;
    if (s_[pos_] == '+' || s_[pos_] == '-') ++pos_;
    std::int32_t total = number(max_hours) * 3600;
    if (!done() && s_[pos_] == ':') {
      ++pos_;
      total += number(59) * 60;
      if (!done() && s_[pos_] == ':') {
        ++pos_;
        total += number(59);
      }
    }
    return sign * total;
  }
  PosixDate date() {
    PosixDate d;
    if (!done() && s_[pos_] == 'J') {
      ++pos_;
      d.form = PosixDate::Form::julian_no_leap;
      d.day = number(365);
      if (d.day < 1) fail("Jn counts days from 1");
    } else if (!done() && s_[pos_] == 'M') {
      ++pos_;
      d.form = PosixDate::Form::month_week_day;
      d.month = number(12);
      expect('.');
      d.week = number(5);
      expect('.');
      d.day = number(6);
      if (d.month < 1 || d.week < 1) fail("Mm.w.d counts months and weeks from 1");
    } else {
      d.form = PosixDate::Form::zero_based;
      d.day = number(365);
    }
    if (!done() && s_[pos_] == '/') {
      ++pos_;
      const auto t = offset(167);
      if (!t) fail("expected a time after '/'");
      d.time = *t;
    }
    return d;
  }

  const std::string& s_;
  std::size_t pos_ = 0;
};

// The rule's changes in [from_year, last_rule_year], after `after`, appended
// to `changes`; then the zone is left on its standard offset.
void expand_posix_rule(const PosixRule& rule, int from_year, std::int64_t after, OffsetChanges& changes) {
  const auto local = [](CivilDate date, std::int32_t time) {
    return std::int64_t{date.days_since_epoch()} * 86400 + time;
  };
  if (!rule.has_dst) {
    if (changes.last_offset() != rule.std_offset)
      changes.add(std::max(after + 1, start_of_year(from_year)), rule.std_offset);
    return;
  }
  for (int y = std::max(from_year, first_rule_year); y <= last_rule_year; ++y) {
    // The start is written in local standard time, the end in local DST.
    const std::int64_t start = local(rule.start.date_in(y), rule.start.time) - rule.std_offset;
    const std::int64_t end = local(rule.end.date_in(y), rule.end.time) - rule.dst_offset;
    const std::pair<std::int64_t, std::int32_t> first{std::min(start, end),
                                                      start < end ? rule.dst_offset : rule.std_offset};
    const std::pair<std::int64_t, std::int32_t> second{std::max(start, end),
                                                       start < end ? rule.std_offset : rule.dst_offset};
    for (const auto& [instant, offset] : {first, second})
      if (instant > after) changes.add(instant, offset);
  }
  // Southern zones end the last year in DST: return them to standard time
  // when that DST would end, so beyond the table every zone is standard.
  if (changes.last_offset() != rule.std_offset) {
    const std::int64_t end = local(rule.end.date_in(last_rule_year + 1), rule.end.time) - rule.dst_offset;
    changes.add(std::max(end, changes.at.empty() ? end : changes.at.back() + 1), rule.std_offset);
  }
}

PosixRule parse_posix_rule(const std::string& text) {
  return PosixRuleParser(text).parse();
}

// ---- TZif files (RFC 8536) ----

class TzifReader {
 public:
  TzifReader(const std::string& bytes, const std::string& path) : b_(bytes), path_(path) {}

  // The file's changes, then its footer's rule after the last of them.
  OffsetChanges read() {
    if (b_.size() < 44 || b_.compare(0, 4, "TZif") != 0) fail("is not a TZif zoneinfo file");
    const char version = b_[4];
    Header h = header(0);
    std::size_t pos = 44;
    if (version == '\0') return changes_of(h, pos, 4, "");
    // Version 2+: skip the 32-bit block; the 64-bit one follows with its own header.
    pos += h.timecnt * 5 + h.typecnt * 6 + h.charcnt + h.leapcnt * 8 + h.isstdcnt + h.isutcnt;
    if (b_.size() < pos + 44 || b_.compare(pos, 4, "TZif") != 0) fail("is truncated (no 64-bit data)");
    h = header(pos);
    pos += 44;
    const std::size_t data_end =
        pos + h.timecnt * 9 + h.typecnt * 6 + h.charcnt + h.leapcnt * 12 + h.isstdcnt + h.isutcnt;
    if (b_.size() < data_end + 1 || b_[data_end] != '\n') fail("is truncated (no rule footer)");
    const auto footer_end = b_.find('\n', data_end + 1);
    if (footer_end == std::string::npos) fail("is truncated (unterminated rule footer)");
    return changes_of(h, pos, 8, b_.substr(data_end + 1, footer_end - data_end - 1));
  }

 private:
  struct Header {
    std::size_t isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt;
  };
  [[noreturn]] void fail(const std::string& why) const {
    throw ConfigError({path_, 0, "time_zone"}, "zoneinfo file " + why);
  }
  std::int64_t big_endian(std::size_t pos, int bytes) const {
    std::uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) v = v << 8 | static_cast<unsigned char>(b_[pos + static_cast<std::size_t>(i)]);
    if (bytes == 4) return static_cast<std::int32_t>(static_cast<std::uint32_t>(v));
    return static_cast<std::int64_t>(v);
  }
  Header header(std::size_t pos) const {
    Header h{};
    std::size_t* counts[] = {&h.isutcnt, &h.isstdcnt, &h.leapcnt, &h.timecnt, &h.typecnt, &h.charcnt};
    for (std::size_t i = 0; i < 6; ++i) {
      const std::int64_t n = big_endian(pos + 20 + 4 * i, 4);
      if (n < 0 || n > 1'000'000) fail("has an impossible header");
      *counts[i] = static_cast<std::size_t>(n);
    }
    if (h.typecnt == 0) fail("has no local time types");
    return h;
  }
  OffsetChanges changes_of(const Header& h, std::size_t pos, int time_bytes, const std::string& footer) const {
    const auto width = static_cast<std::size_t>(time_bytes);
    if (b_.size() < pos + h.timecnt * (width + 1) + h.typecnt * 6) fail("is truncated");
    const std::size_t types = pos + h.timecnt * (width + 1);
    std::vector<std::int32_t> type_offset;
    for (std::size_t i = 0; i < h.typecnt; ++i) {
      const auto off = static_cast<std::int32_t>(big_endian(types + 6 * i, 4));
      if (off < -max_utc_offset || off > max_utc_offset) fail("has a UTC offset beyond 26 hours");
      type_offset.push_back(off);
    }
    OffsetChanges changes;
    changes.initial_offset = type_offset[0];  // RFC 8536: type 0 before the first transition
    std::int64_t last = far_past;
    for (std::size_t i = 0; i < h.timecnt; ++i) {
      const std::int64_t at = big_endian(pos + i * width, time_bytes);
      const auto type = static_cast<unsigned char>(b_[pos + h.timecnt * width + i]);
      if (type >= h.typecnt) fail("names a local time type it does not have");
      if (at <= last) fail("has transitions out of order");
      last = at;
      changes.add(at, type_offset[type]);
    }
    if (!footer.empty()) {
      PosixRule rule;
      try {
        rule = parse_posix_rule(footer);
      } catch (const std::invalid_argument& e) {
        fail("has a rule footer '" + footer + "' that cannot be read: " + e.what());
      }
      // The rule holds from the last transition on (a "big bang" one at
      // -2^59 or none at all: from the table's first year).
      const int from_year = last < start_of_year(first_rule_year) ? first_rule_year : utc_year_of(last);
      if (last < start_of_year(last_rule_year + 1)) expand_posix_rule(rule, from_year, last, changes);
    }
    return changes;
  }

  const std::string& b_;
  const std::string& path_;
};

std::filesystem::path zoneinfo_dir() {
  const char* dir = std::getenv("TZDIR");
  return dir && *dir ? dir : "/usr/share/zoneinfo";
}

OffsetChanges read_zoneinfo(const std::string& name) {
  if (name.find("..") != std::string::npos || name.empty() || name.front() == '/')
    throw ConfigError({"", 0, "time_zone"}, "'" + name + "' is not a zone name");
  const std::string path = (zoneinfo_dir() / name).string();
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))  // "Europe": reading it would throw std::ios_base::failure
    throw ConfigError({"", 0, "time_zone"}, "unknown time zone '" + name + "' (" + path + " is a folder of zones)");
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw ConfigError({"", 0, "time_zone"},
                      "unknown time zone '" + name + "' (no " + path + "; is the tzdata package installed?)");
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return TzifReader(bytes, path).read();
}
}  // namespace

struct TimeZone::Rules {
  std::string name;
  OffsetChanges changes;

  // The index of the last change at or before t, or -1 before the first.
  std::ptrdiff_t period_of(std::int64_t t) const noexcept {
    return std::upper_bound(changes.at.begin(), changes.at.end(), t) - changes.at.begin() - 1;
  }
  std::int32_t offset_of(std::ptrdiff_t period) const noexcept {
    return period < 0 ? changes.initial_offset : changes.offset_after[static_cast<std::size_t>(period)];
  }
  std::int64_t start_of(std::ptrdiff_t period) const noexcept {
    return period < 0 ? far_past : changes.at[static_cast<std::size_t>(period)];
  }
  std::int64_t end_of(std::ptrdiff_t period) const noexcept {
    const auto next = static_cast<std::size_t>(period + 1);
    return next < changes.at.size() ? changes.at[next] : far_future;
  }
};

TimeZone TimeZone::from_posix_rule(const std::string& display_name, const std::string& posix_rule) {
  auto rules = std::make_shared<Rules>();
  rules->name = display_name;
  try {
    const PosixRule rule = parse_posix_rule(posix_rule);
    rules->changes.initial_offset = rule.std_offset;
    expand_posix_rule(rule, first_rule_year, far_past, rules->changes);
  } catch (const std::invalid_argument& e) {
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
  auto rules = std::make_shared<Rules>();
  rules->name = iana_name;
  rules->changes = read_zoneinfo(iana_name);
  TimeZone zone(std::move(rules));
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
  return rules_->offset_of(rules_->period_of(t.utc_seconds));
}

std::pair<Instant, Instant> TimeZone::steady_span(Instant t) const noexcept {
  const std::ptrdiff_t p = rules_->period_of(t.utc_seconds);
  return {Instant{rules_->start_of(p)}, Instant{rules_->end_of(p)}};
}

LocalTime TimeZone::to_local(Instant t) const noexcept {
  const std::int32_t off = offset_at(t);
  const std::int64_t local = t.utc_seconds + off;
  const std::int64_t days = (local >= 0 ? local : local - 86399) / 86400;
  return {CivilDate(static_cast<std::int32_t>(days)), static_cast<std::int32_t>(local - days * 86400), off};
}

LocalResolution TimeZone::resolve_local(CivilDate date, std::int32_t seconds_of_day) const noexcept {
  const Rules& r = *rules_;
  const std::int64_t local = std::int64_t{date.days_since_epoch()} * 86400 + seconds_of_day;
  // The instants a local time can mean lie within max_utc_offset of it, so
  // only the periods meeting that window can hold it; each one that does
  // gives one instant, in increasing order.
  const std::ptrdiff_t first = r.period_of(local - max_utc_offset);
  const auto periods = static_cast<std::ptrdiff_t>(r.changes.at.size());
  int found = 0;
  Instant earliest{0}, latest{0};
  for (std::ptrdiff_t p = first; p < periods && r.start_of(p) <= local + max_utc_offset; ++p) {
    const std::int64_t t = local - r.offset_of(p);
    if (t < r.start_of(p) || t >= r.end_of(p)) continue;
    if (found++ == 0) earliest = Instant{t};
    latest = Instant{t};
  }
  if (found == 1 || (found > 1 && earliest == latest)) return {LocalResolution::Kind::unique, earliest, earliest};
  if (found > 1) return {LocalResolution::Kind::ambiguous, earliest, latest};
  // In the gap: the wall clock jumped over this time at the change that
  // leaves local time before it and lands after it.
  for (std::ptrdiff_t p = std::max<std::ptrdiff_t>(first + 1, 0); p < periods; ++p) {
    const std::int64_t at = r.start_of(p);
    if (at + r.offset_of(p - 1) <= local && local < at + r.offset_of(p))
      return {LocalResolution::Kind::gap, Instant{at}, Instant{at}};
  }
  const Instant fallback{local - r.offset_of(first)};  // unreachable for a consistent table
  return {LocalResolution::Kind::unique, fallback, fallback};
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

std::string tzdata_version() {
  // tzdata's own text form of the zones begins "# version 2025b".
  std::ifstream in(zoneinfo_dir() / "tzdata.zi");
  std::string line;
  if (in && std::getline(in, line) && line.rfind("# version ", 0) == 0 && line.size() > 10) return line.substr(10);
  return "unknown";
}

}  // namespace slaclock
