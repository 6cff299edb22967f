#pragma once
// The plain data a calendar is built from: what a calendars/*.yaml file says.
// Building a Calendar from it validates it (calendar.h); reading one from YAML
// is calendar_loader.h.
#include <slaclock/time/time_types.h>

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace slaclock {

/// One business window of a working day, in local seconds since midnight.
struct WorkingWindow {
  std::int32_t open_seconds = 0;
  std::int32_t close_seconds = 0;
};

/// A rule that yields at most one holiday a year.
struct HolidayRule {
  enum class Kind { fixed, easter_offset, nth_weekday, last_weekday, weekday_on_or_after };
  std::string name;
  Kind kind = Kind::fixed;
  unsigned month = 1;                 ///< fixed, nth_weekday, last_weekday, weekday_on_or_after
  unsigned day = 1;                   ///< fixed, weekday_on_or_after (the earliest day)
  Weekday weekday = Weekday::monday;  ///< nth_weekday, last_weekday, weekday_on_or_after
  int n = 1;                          ///< nth_weekday: 1..5
  int easter_offset = 0;              ///< days from Easter Sunday
  bool substitute = false;            ///< fixed: move off weekends and taken days
  std::optional<int> from_year;
  std::optional<int> to_year;
};

struct DatedNote {
  CivilDate date;
  std::string text;
};

struct CalendarDefinition {
  std::string name;
  std::string time_zone = "Europe/London";
  int first_year = 1990;
  int last_year = 2100;
  /// Indexed by Weekday (Monday = 0). Several windows a day are allowed.
  std::array<std::vector<WorkingWindow>, 7> week;
  std::vector<HolidayRule> rules;
  std::vector<DatedNote> additions;  ///< one-off holidays or non-business days
  std::vector<DatedNote> removals;   ///< rule-made holidays that did not happen
};

/// Easter Sunday of a Gregorian year.
CivilDate easter_sunday(int year) noexcept;

}  // namespace slaclock
