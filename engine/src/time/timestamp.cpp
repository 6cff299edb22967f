#include <slaclock/base/error.h>
#include <slaclock/time/timestamp.h>

#include <cstdio>
#include <ostream>

namespace slaclock {

namespace {

class Cursor {
 public:
  Cursor(std::string_view text, std::string_view what) : text_(text), what_(what) {}
  bool done() const { return pos_ == text_.size(); }
  char peek() const { return done() ? '\0' : text_[pos_]; }
  bool accept(char c) {
    if (peek() != c) return false;
    ++pos_;
    return true;
  }
  int digits(std::size_t n, const char* part) {
    int v = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const char c = peek();
      if (c < '0' || c > '9') fail(std::string("expected ") + std::to_string(n) + "-digit " + part);
      v = v * 10 + (c - '0');
      ++pos_;
    }
    return v;
  }
  void expect(char c, const char* part) {
    if (!accept(c)) fail(std::string("expected '") + c + "' " + part);
  }
  [[noreturn]] void fail(const std::string& why) const {
    throw InputError("'" + std::string(text_) + "' is not " + std::string(what_) + ": " + why +
                     (pos_ <= text_.size() ? " at character " + std::to_string(pos_ + 1) : ""));
  }

 private:
  std::string_view text_;
  std::string_view what_;
  std::size_t pos_ = 0;
};

CivilDate read_date(Cursor& c) {
  const int y = c.digits(4, "year");
  c.expect('-', "after the year");
  const int m = c.digits(2, "month");
  c.expect('-', "after the month");
  const int d = c.digits(2, "day");
  if (!CivilDate::valid_ymd(y, static_cast<unsigned>(m), static_cast<unsigned>(d))) c.fail("no such date");
  return CivilDate::from_ymd(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

std::string two(int v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d", v);
  return buf;
}

std::string format_local(std::int64_t local_seconds, std::int32_t offset, bool zulu) {
  const std::int64_t days = (local_seconds >= 0 ? local_seconds : local_seconds - 86399) / 86400;
  const auto sod = static_cast<int>(local_seconds - days * 86400);
  const auto ymd = CivilDate(static_cast<std::int32_t>(days)).ymd();
  // Digits written by hand: every stored reason formats instants, and
  // snprintf was 8% of a sweep's instructions.
  if (ymd.year < 0 || ymd.year > 9999) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d", ymd.year, ymd.month, ymd.day, sod / 3600,
                  sod / 60 % 60, sod % 60);
    std::string out = buf;
    if (zulu) return out + "Z";
    const int a = offset < 0 ? -offset : offset;
    return out + (offset < 0 ? "-" : "+") + two(a / 3600) + ":" + two(a / 60 % 60);
  }
  char buf[25] = "0000-00-00T00:00:00";
  const auto put2 = [&buf](int at, unsigned v) {
    buf[at] = static_cast<char>('0' + v / 10 % 10);
    buf[at + 1] = static_cast<char>('0' + v % 10);
  };
  const auto year = static_cast<unsigned>(ymd.year);
  put2(0, year / 100);
  put2(2, year % 100);
  put2(5, ymd.month);
  put2(8, ymd.day);
  put2(11, static_cast<unsigned>(sod / 3600));
  put2(14, static_cast<unsigned>(sod / 60 % 60));
  put2(17, static_cast<unsigned>(sod % 60));
  std::size_t n = 19;
  if (zulu) {
    buf[n++] = 'Z';
  } else {
    const int a = offset < 0 ? -offset : offset;
    buf[n++] = offset < 0 ? '-' : '+';
    put2(static_cast<int>(n), static_cast<unsigned>(a / 3600 % 100));
    buf[n + 2] = ':';
    put2(static_cast<int>(n + 3), static_cast<unsigned>(a / 60 % 60));
    n += 5;
  }
  return std::string(buf, n);
}

}  // namespace

Instant parse_instant(std::string_view text, const TimeZone* zone_for_local_times) {
  LocalTimeReading local;
  local.zone = zone_for_local_times;
  return parse_instant(text, local);
}

Instant parse_instant(std::string_view text, const LocalTimeReading& local_times, bool* was_local) {
  if (was_local) *was_local = false;
  Cursor c(text, "an ISO 8601 timestamp (e.g. 2024-03-28T16:00:00+00:00)");
  const CivilDate date = read_date(c);
  if (!c.accept('T') && !c.accept(' ')) c.fail("expected 'T' between date and time");
  const int hh = c.digits(2, "hour");
  c.expect(':', "after the hour");
  const int mm = c.digits(2, "minute");
  int ss = 0;
  if (c.accept(':')) {
    ss = c.digits(2, "second");
    if (c.accept('.') || c.accept(',')) {
      if (c.peek() < '0' || c.peek() > '9') c.fail("expected digits after the decimal point");
      while (c.peek() >= '0' && c.peek() <= '9') c.digits(1, "fraction");
    }
  }
  if (hh > 24 || mm > 59 || ss > 59 || (hh == 24 && (mm != 0 || ss != 0))) c.fail("time of day out of range");
  const std::int32_t sod = hh * 3600 + mm * 60 + ss;
  const std::int64_t local = std::int64_t{date.days_since_epoch()} * 86400 + sod;
  if (c.done()) {
    const TimeZone* zone = local_times.zone;
    if (zone == nullptr) c.fail("no UTC offset; add 'Z' or '+01:00', or name a zone for local times");
    if (was_local) *was_local = true;
    const LocalResolution r = zone->resolve_local(date, sod);
    switch (r.kind) {
      case LocalResolution::Kind::unique:
        return r.earliest;
      case LocalResolution::Kind::ambiguous:
        if (local_times.repeated == Disambiguation::reject)
          throw InputError("local time '" + std::string(text) + "' happens twice in " + zone->name() +
                           " (the clocks go back over it): give an offset to say which" +
                           std::string(local_times.repeated_remedy));
        return local_times.repeated == Disambiguation::earliest ? r.earliest : r.latest;
      case LocalResolution::Kind::gap:
        if (!local_times.gap_shift_forward)
          throw InputError("local time '" + std::string(text) + "' does not exist in " + zone->name() +
                           " (the clocks go forward over it): give an offset" + std::string(local_times.gap_remedy));
        // Read with the offset in force before the jump: the wall time moves
        // forward by the gap's length.
        return Instant{local - zone->offset_at(Instant{r.earliest.utc_seconds - 1})};
    }
  }
  std::int32_t offset = 0;
  if (c.accept('Z') || c.accept('z')) {
    offset = 0;
  } else {
    int sign = 0;
    if (c.accept('+'))
      sign = 1;
    else if (c.accept('-'))
      sign = -1;
    else
      c.fail("expected 'Z' or an offset like +01:00");
    const int oh = c.digits(2, "offset hours");
    int om = 0;
    if (c.accept(':'))
      om = c.digits(2, "offset minutes");
    else if (!c.done())
      om = c.digits(2, "offset minutes");
    if (oh > 18 || om > 59) c.fail("offset out of range");
    offset = sign * (oh * 3600 + om * 60);
  }
  if (!c.done()) c.fail("unexpected text after the timestamp");
  return Instant{local - offset};
}

CivilDate parse_date(std::string_view text) {
  Cursor c(text, "a date (YYYY-MM-DD)");
  const CivilDate d = read_date(c);
  if (!c.done()) c.fail("unexpected text after the date");
  return d;
}

DurationSpec parse_duration_spec(std::string_view text) {
  const std::string what = "'" + std::string(text) + "' is not a duration like 7bd, 4bh, 1bh30bm, 1d4h or 90m: ";
  if (text.empty()) throw InputError(what + "empty");
  std::int64_t elapsed = 0, business = 0, days = 0;
  bool any_elapsed = false, any_business = false, any_days = false;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] < '0' || text[i] > '9')
      throw InputError(what + "expected a number at '" + std::string(text.substr(i)) + "'");
    std::int64_t n = 0;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
      n = n * 10 + (text[i] - '0');
      if (n > 1'000'000'000) throw InputError(what + "too large");
    }
    std::size_t j = i;
    while (j < text.size() && text[j] >= 'a' && text[j] <= 'z') ++j;
    const std::string_view unit = text.substr(i, j - i);
    i = j;
    if (unit == "bd")
      days += n, any_days = true;
    else if (unit == "bh")
      business += n * 3600, any_business = true;
    else if (unit == "bm")
      business += n * 60, any_business = true;
    else if (unit == "d")
      elapsed += n * 86400, any_elapsed = true;
    else if (unit == "h")
      elapsed += n * 3600, any_elapsed = true;
    else if (unit == "m")
      elapsed += n * 60, any_elapsed = true;
    else if (unit == "s" || (unit.empty() && i == text.size() && !any_elapsed && !any_business && !any_days))
      elapsed += n, any_elapsed = true;
    else
      throw InputError(
          what + (unit.empty() ? std::string("a number needs a unit") : "unknown unit '" + std::string(unit) + "'") +
          " (bd, bh, bm for business time; d, h, m, s for elapsed time)");
    // Each part is capped above; so is their sum, before "1000000000d" repeated overflows it.
    if (elapsed > std::int64_t{1'000'000'000} * 86400 || business > std::int64_t{1'000'000'000} * 86400 ||
        days > 1'000'000'000)
      throw InputError(what + "too large");
  }
  if (int(any_elapsed) + int(any_business) + int(any_days) > 1)
    throw InputError(what + (any_days ? "business days stand alone" : "business and elapsed units do not mix"));
  if (any_days) return {DurationSpec::Unit::business_days, days};
  if (any_business) return {DurationSpec::Unit::business_time, business};
  return {DurationSpec::Unit::elapsed, elapsed};
}

Seconds parse_duration(std::string_view text) {
  const DurationSpec d = parse_duration_spec(text);
  if (d.unit != DurationSpec::Unit::elapsed)
    throw InputError("'" + std::string(text) + "' is not an elapsed duration: use d, h, m or s here");
  return Seconds{d.amount};
}

std::string format_instant(Instant t, const TimeZone& zone) {
  const std::int32_t off = zone.offset_at(t);
  return format_local(t.utc_seconds + off, off, false);
}

std::string format_utc(Instant t) {
  return format_local(t.utc_seconds, 0, true);
}

std::string format_date(CivilDate d) {
  const auto ymd = d.ymd();
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", ymd.year, ymd.month, ymd.day);
  return buf;
}

std::string format_duration(std::int64_t seconds, bool with_days) {
  if (seconds == 0) return "0s";
  const std::int64_t s = seconds < 0 ? -seconds : seconds;
  const std::int64_t d = with_days ? s / 86400 : 0;
  const std::int64_t h = with_days ? s / 3600 % 24 : s / 3600;
  const std::int64_t parts[] = {d, h, s / 60 % 60, s % 60};
  const char* units[] = {"d", "h", "m", "s"};
  std::string out;
  for (int i = 0; i < 4; ++i)
    if (parts[i] != 0) out += (out.empty() ? "" : " ") + std::to_string(parts[i]) + units[i];
  return seconds < 0 ? "-" + out : out;
}

const char* weekday_short_name(Weekday w) noexcept {
  static const char* names[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  return names[static_cast<int>(w)];
}

std::ostream& operator<<(std::ostream& os, Instant t) {
  return os << format_utc(t);
}
std::ostream& operator<<(std::ostream& os, CivilDate d) {
  return os << format_date(d);
}
std::ostream& operator<<(std::ostream& os, Seconds s) {
  return os << s.count << "s";
}
std::ostream& operator<<(std::ostream& os, BusinessSeconds s) {
  return os << s.count << " business s";
}

}  // namespace slaclock
