#pragma once
// The four kinds of time slaclock deals in, kept apart by type:
//   Instant          an absolute UTC moment (seconds since 1970-01-01T00:00:00Z);
//   Seconds          elapsed wall-clock time, 24x7;
//   BusinessSeconds  time counted only inside a calendar's business windows;
//   CivilDate        a local calendar date with no zone attached.
// Zones appear only where civil and absolute time meet (time_zone.h).
//
//   Instant received = parse_instant("2024-03-28T16:00:00Z");
//   Instant due = calendar.add_business(received, BusinessSeconds::hours(4));
#include <compare>
#include <cstdint>
#include <iosfwd>
#include <type_traits>

namespace slaclock {

/// Elapsed wall-clock seconds (not business time).
struct Seconds {
  std::int64_t count = 0;
  static constexpr Seconds hours(std::int64_t h) noexcept { return {h * 3600}; }
  static constexpr Seconds minutes(std::int64_t m) noexcept { return {m * 60}; }
  friend constexpr auto operator<=>(Seconds, Seconds) noexcept = default;
  friend constexpr Seconds operator+(Seconds a, Seconds b) noexcept { return {a.count + b.count}; }
  friend constexpr Seconds operator-(Seconds a, Seconds b) noexcept { return {a.count - b.count}; }
};

/// Seconds that lie inside business windows.
struct BusinessSeconds {
  std::int64_t count = 0;
  static constexpr BusinessSeconds hours(std::int64_t h) noexcept { return {h * 3600}; }
  static constexpr BusinessSeconds minutes(std::int64_t m) noexcept { return {m * 60}; }
  friend constexpr auto operator<=>(BusinessSeconds, BusinessSeconds) noexcept = default;
  friend constexpr BusinessSeconds operator+(BusinessSeconds a, BusinessSeconds b) noexcept {
    return {a.count + b.count};
  }
  friend constexpr BusinessSeconds operator-(BusinessSeconds a, BusinessSeconds b) noexcept {
    return {a.count - b.count};
  }
};

/// An absolute UTC instant, whole seconds since the Unix epoch.
struct Instant {
  std::int64_t utc_seconds = 0;
  friend constexpr auto operator<=>(Instant, Instant) noexcept = default;
  friend constexpr Instant operator+(Instant t, Seconds d) noexcept { return {t.utc_seconds + d.count}; }
  friend constexpr Instant operator-(Instant t, Seconds d) noexcept { return {t.utc_seconds - d.count}; }
  friend constexpr Seconds operator-(Instant a, Instant b) noexcept { return {a.utc_seconds - b.utc_seconds}; }
};

enum class Weekday : std::uint8_t { monday = 0, tuesday, wednesday, thursday, friday, saturday, sunday };

/// A proleptic Gregorian date, counted as days since 1970-01-01. Every value is
/// some date: nothing here validates or throws. Check a year/month/day with
/// `valid_ymd` before `from_ymd`; the edges that read dates from text
/// (parse_date in timestamp.h, the YAML loaders) do, and throw on a bad one.
class CivilDate {
 public:
  constexpr CivilDate() noexcept = default;
  constexpr explicit CivilDate(std::int32_t days_since_epoch) noexcept : days_(days_since_epoch) {}

  /// Builds from year/month/day without checking them (call `valid_ymd`
  /// first): a day past the month's end runs on into the next month, so
  /// from_ymd(2023, 2, 30) is 2023-03-02.
  static constexpr CivilDate from_ymd(int y, unsigned m, unsigned d) noexcept {
    // Howard Hinnant's days_from_civil.
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return CivilDate(era * 146097 + static_cast<int>(doe) - 719468);
  }
  static constexpr bool valid_ymd(int y, unsigned m, unsigned d) noexcept {
    return m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
  }
  static constexpr bool is_leap(int y) noexcept { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
  static constexpr unsigned days_in_month(int y, unsigned m) noexcept {
    constexpr unsigned table[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29u : table[(m - 1) % 12];
  }

  struct Ymd {
    int year;
    unsigned month;
    unsigned day;
  };
  constexpr Ymd ymd() const noexcept {
    // Howard Hinnant's civil_from_days.
    const int z = days_ + 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int y = static_cast<int>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {y + (m <= 2), m, d};
  }
  constexpr int year() const noexcept { return ymd().year; }
  constexpr unsigned month() const noexcept { return ymd().month; }
  constexpr unsigned day() const noexcept { return ymd().day; }
  constexpr Weekday weekday() const noexcept {
    // 1970-01-01 was a Thursday (index 3 with Monday = 0).
    const int w = (days_ + 3) % 7;
    return static_cast<Weekday>(w < 0 ? w + 7 : w);
  }
  constexpr std::int32_t days_since_epoch() const noexcept { return days_; }
  constexpr CivilDate operator+(int days) const noexcept { return CivilDate(days_ + days); }
  constexpr CivilDate operator-(int days) const noexcept { return CivilDate(days_ - days); }
  constexpr int operator-(CivilDate o) const noexcept { return days_ - o.days_; }
  friend constexpr auto operator<=>(CivilDate, CivilDate) noexcept = default;

 private:
  std::int32_t days_ = 0;
};

static_assert(std::is_trivially_copyable_v<Instant>);
static_assert(std::is_trivially_copyable_v<CivilDate>);
static_assert(std::is_trivially_copyable_v<BusinessSeconds>);
static_assert(CivilDate::from_ymd(1970, 1, 1).days_since_epoch() == 0);
static_assert(CivilDate::from_ymd(2024, 3, 28).weekday() == Weekday::thursday);

/// Monday=mon ... Sunday=sun; used by YAML and the CLI.
const char* weekday_short_name(Weekday w) noexcept;

std::ostream& operator<<(std::ostream& os, Instant t);
std::ostream& operator<<(std::ostream& os, CivilDate d);
std::ostream& operator<<(std::ostream& os, Seconds s);
std::ostream& operator<<(std::ostream& os, BusinessSeconds s);

}  // namespace slaclock
