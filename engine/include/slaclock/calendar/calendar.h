#pragma once
// An immutable business calendar: a zone, working windows and holidays,
// precomputed over a range of years so that business-time arithmetic is a
// lookup plus a short search, never a walk over days.
//
//   Calendar cal = load_calendar("england-and-wales");          // calendar_loader.h
//   Instant t = parse_instant("2024-03-28T16:00:00Z");
//   cal.add_business(t, BusinessSeconds::hours(4));  // Tue 2024-04-02 12:00 BST
//   cal.business_days_after(t, 4);                   // Fri 2024-04-05 17:00 BST
//
// Copies share the same precomputed tables; a changed calendar is a new value.
#include <slaclock/calendar/calendar_definition.h>
#include <slaclock/time/time_types.h>
#include <slaclock/time/time_zone.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace slaclock {

struct Holiday {
  CivilDate date;
  std::string name;
};

class Calendar {
 public:
  /// Validates and precomputes. Throws ConfigError naming the bad field.
  static Calendar build(const CalendarDefinition& definition);

  const std::string& name() const noexcept;
  const TimeZone& zone() const noexcept;
  int first_year() const noexcept;
  int last_year() const noexcept;

  /// The length of [a, b) that lies inside business windows (0 when b <= a).
  /// Throws RangeError outside the precomputed years.
  BusinessSeconds business_between(Instant a, Instant b) const;
  /// The earliest u with business_between(t, u) == d. Running out exactly at a
  /// close gives the close; outside business hours counting starts at the next
  /// opening. Throws RangeError, or InputError for a negative d.
  Instant add_business(Instant t, BusinessSeconds d) const;
  /// Close of business on the n-th business day after d0, where d0 is t's day
  /// when t is on a business day before its close, else the next business day.
  Instant business_days_after(Instant t, int n) const;

  /// The local date of an instant in this calendar's zone.
  CivilDate local_date(Instant t) const noexcept;
  /// Throws RangeError outside the precomputed years.
  bool is_business_day(CivilDate d) const;
  /// The first business day on or after d. Throws RangeError.
  CivilDate next_business_day(CivilDate d) const;
  /// The holiday's name, or nothing for an ordinary day.
  std::optional<std::string> holiday_name(CivilDate d) const;
  /// Every holiday of a year, in date order.
  std::vector<Holiday> holidays_in(int year) const;
  /// Business windows of a date as instants (empty on a non-business day).
  std::vector<std::pair<Instant, Instant>> windows_on(CivilDate d) const;

 private:
  struct Tables;
  explicit Calendar(std::shared_ptr<const Tables> t) : tables_(std::move(t)) {}
  std::shared_ptr<const Tables> tables_;
};

/// Gas day D runs from 05:00 local on D to 05:00 local on D+1.
CivilDate gas_day_of(Instant t, const TimeZone& zone) noexcept;
Instant gas_day_start(CivilDate gas_day, const TimeZone& zone);
inline Instant gas_day_end(CivilDate gas_day, const TimeZone& zone) {
  return gas_day_start(gas_day + 1, zone);
}

}  // namespace slaclock
