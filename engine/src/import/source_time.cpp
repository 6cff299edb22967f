#include "import/source_time.h"

#include <slaclock/base/error.h>
#include <slaclock/time/timestamp.h>

namespace slaclock::detail {

namespace {

struct CivilTime {
  int year = 0, month = 0, day = 0;
  int hour = 0, minute = 0, second = 0;
};

// Reads `min`..`max` digits at `i`.
bool digits(std::string_view s, std::size_t& i, std::size_t min, std::size_t max, int& out) {
  std::size_t n = 0;
  out = 0;
  while (n < max && i < s.size() && s[i] >= '0' && s[i] <= '9') {
    out = out * 10 + (s[i] - '0');
    ++i;
    ++n;
  }
  return n >= min;
}

// A pattern of d, dd, m, mm, yyyy, H, HH, MM, SS and literal characters.
bool read_pattern(std::string_view text, std::string_view pattern, CivilTime& t) {
  std::size_t i = 0, p = 0;
  int v = 0;
  const auto starts = [&](std::string_view token) { return pattern.substr(p, token.size()) == token; };
  while (p < pattern.size()) {
    if (starts("yyyy")) {
      if (!digits(text, i, 4, 4, v)) return false;
      t.year = v;
      p += 4;
    } else if (starts("dd") || starts("mm") || starts("HH") || starts("MM") || starts("SS")) {
      if (!digits(text, i, 2, 2, v)) return false;
      const char c = pattern[p];
      (c == 'd' ? t.day : c == 'm' ? t.month : c == 'H' ? t.hour : c == 'M' ? t.minute : t.second) = v;
      p += 2;
    } else if (pattern[p] == 'd' || pattern[p] == 'm' || pattern[p] == 'H') {
      if (!digits(text, i, 1, 2, v)) return false;
      const char c = pattern[p];
      (c == 'd' ? t.day : c == 'm' ? t.month : t.hour) = v;
      ++p;
    } else {
      if (i >= text.size() || text[i] != pattern[p]) return false;
      ++i;
      ++p;
    }
  }
  return i == text.size();
}

// ISO 8601 without an offset: YYYY-MM-DD[T ]HH:MM[:SS[.fraction]].
bool read_iso_local(std::string_view text, CivilTime& t) {
  std::size_t i = 0;
  int y = 0, mo = 0, d = 0;
  if (!digits(text, i, 4, 4, y) || i >= text.size() || text[i++] != '-' || !digits(text, i, 2, 2, mo) ||
      i >= text.size() || text[i++] != '-' || !digits(text, i, 2, 2, d))
    return false;
  t.year = y;
  t.month = mo;
  t.day = d;
  if (i >= text.size() || (text[i] != 'T' && text[i] != ' ')) return false;
  ++i;
  if (!digits(text, i, 2, 2, t.hour) || i >= text.size() || text[i++] != ':' || !digits(text, i, 2, 2, t.minute))
    return false;
  if (i < text.size() && text[i] == ':') {
    ++i;
    if (!digits(text, i, 2, 2, t.second)) return false;
    if (i < text.size() && (text[i] == '.' || text[i] == ',')) {
      ++i;
      int ignored = 0;
      if (!digits(text, i, 1, 9, ignored)) return false;
    }
  }
  return i == text.size();
}

// True when an ISO 8601 text ends in Z or a +hh:mm / -hhmm offset.
bool has_offset(std::string_view text) {
  if (text.size() < 11) return false;
  const std::string_view time = text.substr(11);
  return time.find_first_of("Z+-z") != std::string_view::npos;
}

}  // namespace

std::string parse_source_time(std::string_view text, const SourceTimeRule& rule, Instant& out) {
  const bool iso = rule.format == "iso8601";
  if (iso && has_offset(text)) {
    try {
      out = parse_instant(text);
      return {};
    } catch (const InputError& e) {
      return e.why();
    }
  }
  CivilTime t;
  const bool read = iso ? read_iso_local(text, t) : read_pattern(text, rule.format, t);
  if (!read) return "'" + std::string(text) + "' is not a time in the profile's format " + rule.format;
  if (t.month < 1 || t.day < 1 ||
      !CivilDate::valid_ymd(t.year, static_cast<unsigned>(t.month), static_cast<unsigned>(t.day)) || t.hour > 23 ||
      t.minute > 59 || t.second > 59)
    return "'" + std::string(text) + "' is not a valid date and time";
  if (!rule.zone) return "'" + std::string(text) + "' has no offset (Z, +01:00) and the profile names no zone";
  const TimeZone& zone = *rule.zone;
  const CivilDate date = CivilDate::from_ymd(t.year, static_cast<unsigned>(t.month), static_cast<unsigned>(t.day));
  const std::int32_t secs = t.hour * 3600 + t.minute * 60 + t.second;
  const LocalResolution r = zone.resolve_local(date, secs);
  switch (r.kind) {
    case LocalResolution::Kind::unique:
      out = r.earliest;
      return {};
    case LocalResolution::Kind::ambiguous:
      if (rule.ambiguous == Disambiguation::reject)
        return "'" + std::string(text) + "' happens twice in " + zone.name() +
               " (clocks go back): say which with the profile's times.ambiguous (earlier or later) or --ambiguous";
      out = rule.ambiguous == Disambiguation::earliest ? r.earliest : r.latest;
      return {};
    case LocalResolution::Kind::gap:
      if (!rule.gap_shift_forward)
        return "'" + std::string(text) + "' does not exist in " + zone.name() +
               " (clocks go forward over it): use the profile's times.gap: shift_forward or --gap";
      // Read with the offset in force before the jump: 01:30 in a 01:00-02:00
      // gap is 02:30 after it (the time moves on by the gap's length).
      out = Instant{std::int64_t{date.days_since_epoch()} * 86400 + secs -
                    zone.offset_at(Instant{r.earliest.utc_seconds - 1})};
      return {};
  }
  return "unreadable time";
}

}  // namespace slaclock::detail
