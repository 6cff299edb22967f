#include "calendar/holiday_expansion.h"

#include <algorithm>
#include <vector>

namespace slaclock {

CivilDate easter_sunday(int year) noexcept {
  // Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
  const int a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4;
  const int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
  return CivilDate::from_ymd(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

namespace detail {
namespace {

bool applies(const HolidayRule& r, int year) {
  return (!r.from_year || year >= *r.from_year) && (!r.to_year || year <= *r.to_year);
}

bool is_weekend(CivilDate d) {
  return d.weekday() >= Weekday::saturday;
}

CivilDate nth_weekday(int year, unsigned month, Weekday w, int n) {
  const CivilDate first = CivilDate::from_ymd(year, month, 1);
  const int shift = (static_cast<int>(w) - static_cast<int>(first.weekday()) + 7) % 7;
  return first + shift + 7 * (n - 1);
}

CivilDate last_weekday(int year, unsigned month, Weekday w) {
  const CivilDate last = CivilDate::from_ymd(year, month, CivilDate::days_in_month(year, month));
  const int back = (static_cast<int>(last.weekday()) - static_cast<int>(w) + 7) % 7;
  return last - back;
}

// The first `w` on or after month/day: Midsummer Eve is the Friday on or
// after 19 June, Thanksgiving the Thursday on or after 22 November.
CivilDate weekday_on_or_after(int year, unsigned month, unsigned day, Weekday w) {
  const CivilDate from = CivilDate::from_ymd(year, month, day);
  return from + (static_cast<int>(w) - static_cast<int>(from.weekday()) + 7) % 7;
}

}  // namespace

std::map<CivilDate, std::string> expand_holidays(const CalendarDefinition& def) {
  std::map<CivilDate, std::string> out;
  for (int year = def.first_year - 1; year <= def.last_year; ++year) {
    // Rules that never move come first, so substitutes can see them.
    std::vector<const HolidayRule*> movable;
    for (const auto& r : def.rules) {
      if (!applies(r, year)) continue;
      switch (r.kind) {
        case HolidayRule::Kind::easter_offset:
          out.emplace(easter_sunday(year) + r.easter_offset, r.name);
          break;
        case HolidayRule::Kind::nth_weekday: {
          const CivilDate d = nth_weekday(year, r.month, r.weekday, r.n);
          if (d.month() == r.month) out.emplace(d, r.name);  // a 5th weekday may not exist
          break;
        }
        case HolidayRule::Kind::last_weekday:
          out.emplace(last_weekday(year, r.month, r.weekday), r.name);
          break;
        case HolidayRule::Kind::weekday_on_or_after:
          out.emplace(weekday_on_or_after(year, r.month, r.day, r.weekday), r.name);
          break;
        case HolidayRule::Kind::fixed:
          if (r.month == 2 && r.day == 29 && !CivilDate::is_leap(year)) break;
          if (r.substitute)
            movable.push_back(&r);
          else
            out.emplace(CivilDate::from_ymd(year, r.month, r.day), r.name);
          break;
      }
    }
    std::stable_sort(movable.begin(), movable.end(), [year](const HolidayRule* a, const HolidayRule* b) {
      return CivilDate::from_ymd(year, a->month, a->day) < CivilDate::from_ymd(year, b->month, b->day);
    });
    // A movable holiday on a free weekday keeps its date; the others then
    // move, in date order, to the next free weekday. (Christmas on a Sunday:
    // Boxing Day stays on Monday 26th and Christmas moves to Tuesday 27th, as
    // published.)
    std::vector<const HolidayRule*> displaced;
    for (const HolidayRule* r : movable) {
      const CivilDate actual = CivilDate::from_ymd(year, r->month, r->day);
      if (!is_weekend(actual) && out.count(actual) == 0)
        out.emplace(actual, r->name);
      else
        displaced.push_back(r);
    }
    for (const HolidayRule* r : displaced) {
      CivilDate d = CivilDate::from_ymd(year, r->month, r->day);
      while (is_weekend(d) || out.count(d) != 0) d = d + 1;
      out.emplace(d, r->name + " (substitute day)");
    }
  }
  for (const auto& removal : def.removals) out.erase(removal.date);
  for (const auto& addition : def.additions) out[addition.date] = addition.text;
  return out;
}

}  // namespace detail
}  // namespace slaclock
