#include <slaclock/base/error.h>
#include <slaclock/calendar/calendar.h>
#include <slaclock/time/timestamp.h>

#include "calendar/holiday_expansion.h"

#include <algorithm>
#include <map>
#include <optional>

namespace slaclock {

// The precomputed form of a calendar, over local days k = 0..days-1 of the
// year range. Business windows are flattened into one sorted run of UTC
// intervals with a running total of business seconds, so that:
//   business seconds before t = one day lookup + a scan of that day's windows;
//   add_business = that, then a galloping search on the running total;
//   N business days after = two array lookups on the business-day numbering.
struct Calendar::Tables {
  // One record per local day, and one per business window, each packed so a
  // lookup touches one or two adjacent cache lines rather than one line in
  // each of several parallel arrays.
  // Instants are stored as unsigned seconds after `origin` (the first local
  // midnight) and business totals as unsigned seconds: 32 bits cover the
  // 130-year limit on a calendar's range and halve the bytes a lookup touches.
  struct Day {
    std::uint32_t start;                // local midnight, seconds after origin
    std::uint32_t business_before;      // business seconds before this day
    std::uint32_t first_interval;       // this day's windows: [first_interval, next day's)
    std::int32_t business_days_before;  // business days strictly before this day
  };
  struct Interval {
    std::uint32_t open;     // seconds after origin
    std::uint32_t close;    // seconds after origin
    std::uint32_t cum_end;  // business seconds up to this close
  };

  CalendarDefinition definition;
  TimeZone zone = TimeZone::utc();
  std::map<CivilDate, std::string> holidays;
  CivilDate first_day;
  std::int32_t days = 0;
  std::int64_t origin = 0;                       // UTC seconds of the first local midnight
  std::int64_t guess_base = 0;                   // UTC seconds: first local midnight at standard offset
  std::vector<Day> day;                          // [days+1]
  std::vector<Interval> interval;                // the windows, then one zero-length sentinel
  std::size_t interval_count = 0;                // windows, without the sentinel
  bool one_window_a_day = true;                  // lets cumulative_in_day go branch-free
  std::vector<std::int64_t> business_day_close;  // [business days] last close of each

  // Out of line and cold, so the message building does not weigh on the hot
  // path (it tripled day_index's instruction count when inlined).
  [[noreturn, gnu::cold, gnu::noinline]] void throw_out_of_range(std::int64_t t) const {
    throw RangeError("instant " + format_utc(Instant{t}) + " is outside calendar '" + definition.name +
                     "' (precomputed for " + std::to_string(definition.first_year) + "-" +
                     std::to_string(definition.last_year) + ")");
  }

  /// Seconds after origin; throws RangeError outside the precomputed range.
  std::int64_t relative(std::int64_t t) const {
    const std::int64_t r = t - origin;
    if (r < 0 || r >= std::int64_t{day.back().start}) [[unlikely]]
      throw_out_of_range(t);
    return r;
  }

  std::int32_t day_index_relative(std::int64_t r) const {
    auto k = static_cast<std::int32_t>((r + origin - guess_base) / 86400);
    k = std::clamp(k, 0, days - 1);
    // The guess is off by at most a day (DST moves local midnight by an hour):
    // one branch-free step each way, and the loops only as a safety net.
    k -= static_cast<std::int32_t>(k > 0 && r < std::int64_t{day[k].start});
    k += static_cast<std::int32_t>(k + 1 < days && r >= std::int64_t{day[k + 1].start});
    while (k > 0 && r < std::int64_t{day[k].start}) --k;
    while (k + 1 < days && r >= std::int64_t{day[k + 1].start}) ++k;
    return k;
  }
  std::int32_t day_index(std::int64_t t) const { return day_index_relative(relative(t)); }

  // Business seconds in [start of range, t), for t on local day k. Each
  // window contributes clamp(t - open, 0, length): min/max instead of
  // early exits, because random instants make those branches unpredictable.
  std::int64_t cumulative_in_day(std::int32_t k, std::int64_t r) const {
    std::int64_t c = day[k].business_before;
    if (one_window_a_day) {
      // Read the day's window (or the next day's, or the sentinel, when it has
      // none) and keep its share only if the day has it: a conditional move
      // instead of a branch that weekends would make unpredictable.
      const std::uint32_t i = day[k].first_interval;
      const Interval& w = interval[i];
      const std::int64_t part =
          std::min(std::max(r - std::int64_t{w.open}, std::int64_t{0}), std::int64_t{w.close} - std::int64_t{w.open});
      return c + (day[k + 1].first_interval > i ? part : 0);
    }
    for (std::uint32_t i = day[k].first_interval, end = day[k + 1].first_interval; i < end; ++i)
      c += std::min(std::max(r - std::int64_t{interval[i].open}, std::int64_t{0}),
                    std::int64_t{interval[i].close} - std::int64_t{interval[i].open});
    return c;
  }
  std::int64_t cumulative_at(std::int64_t t) const {
    const std::int64_t r = relative(t);
    return cumulative_in_day(day_index_relative(r), r);
  }

  std::int32_t day_of(CivilDate d) const {
    const int k = d - first_day;
    if (k < 0 || k >= days)
      throw RangeError("date " + format_date(d) + " is outside calendar '" + definition.name + "' (precomputed for " +
                       std::to_string(definition.first_year) + "-" + std::to_string(definition.last_year) + ")");
    return k;
  }
  bool business_day_at(std::int32_t k) const { return day[k + 1].business_days_before > day[k].business_days_before; }
};

namespace {

void validate(const CalendarDefinition& def) {
  auto bad = [&](const std::string& field, const std::string& why) { throw ConfigError({"", 0, field}, why); };
  if (def.name.empty()) bad("name", "a calendar needs a name");
  if (def.first_year < 1901 || def.last_year > 2199 || def.first_year > def.last_year)
    bad("years", "range must lie within 1901-2199 with from <= to");
  if (def.last_year - def.first_year >= 130)
    bad("years", "a calendar covers at most 130 years (its tables count seconds in 32 bits)");
  bool any_window = false;
  for (std::size_t w = 0; w < 7; ++w) {
    const auto& windows = def.week[w];
    const std::string field = std::string("working_week.") + weekday_short_name(static_cast<Weekday>(w));
    for (std::size_t i = 0; i < windows.size(); ++i) {
      const auto& win = windows[i];
      if (win.open_seconds < 0 || win.close_seconds > 86400 || win.open_seconds >= win.close_seconds)
        bad(field, "window must open before it closes, within 00:00-24:00");
      if (i > 0 && win.open_seconds < windows[i - 1].close_seconds) bad(field, "windows overlap or are out of order");
      any_window = true;
    }
  }
  if (!any_window) bad("working_week", "no business windows at all");
  for (std::size_t i = 0; i < def.rules.size(); ++i) {
    const auto& r = def.rules[i];
    const std::string field = "holidays.rules[" + std::to_string(i) + "]";
    if (r.month < 1 || r.month > 12) bad(field + ".month", "must be 1-12");
    if (r.kind == HolidayRule::Kind::fixed && (r.day < 1 || r.day > CivilDate::days_in_month(2000, r.month)))
      bad(field + ".day", "no such day in month " + std::to_string(r.month));
    if (r.kind == HolidayRule::Kind::weekday_on_or_after &&
        (r.day < 1 || r.day > CivilDate::days_in_month(2001, r.month)))
      bad(field + ".day", "no such day in month " + std::to_string(r.month) + " every year");
    if (r.kind == HolidayRule::Kind::nth_weekday && (r.n < 1 || r.n > 5)) bad(field + ".n", "must be 1-5");
    if (r.kind == HolidayRule::Kind::easter_offset && (r.easter_offset < -100 || r.easter_offset > 100))
      bad(field + ".easter_offset", "must be within 100 days of Easter");
  }
}

}  // namespace

Calendar Calendar::build(const CalendarDefinition& definition) {
  validate(definition);
  auto t = std::make_shared<Tables>();
  t->definition = definition;
  t->zone = TimeZone::named(definition.time_zone);
  t->holidays = detail::expand_holidays(definition);
  t->first_day = CivilDate::from_ymd(definition.first_year, 1, 1);
  t->days = CivilDate::from_ymd(definition.last_year + 1, 1, 1) - t->first_day;
  const std::int32_t standard_offset =
      t->zone.offset_at(Instant{std::int64_t{t->first_day.days_since_epoch()} * 86400});
  t->guess_base = std::int64_t{t->first_day.days_since_epoch()} * 86400 - standard_offset;

  for (const auto& windows : definition.week) t->one_window_a_day = t->one_window_a_day && windows.size() <= 1;
  t->origin = t->zone.from_local(t->first_day, 0, Disambiguation::earliest).utc_seconds;
  const auto rel = [&t](std::int64_t utc) { return static_cast<std::uint32_t>(utc - t->origin); };
  t->day.reserve(static_cast<std::size_t>(t->days) + 1);
  std::size_t windows_a_week = 0;
  for (const auto& windows : definition.week) windows_a_week += windows.size();
  const auto weeks = static_cast<std::size_t>(t->days / 7 + 1);
  t->interval.reserve(weeks * windows_a_week + 1);
  t->business_day_close.reserve(static_cast<std::size_t>(t->days));
  // Days far from a DST change (all but a few a year) convert local times by
  // one subtraction: the zone's offset over a whole local day, when the day
  // and a day either side (more than any offset change) lie in one span of
  // unchanging offset, so that no local time of the day is skipped or
  // repeated. Other days resolve each local time through the zone, exactly.
  std::pair<Instant, Instant> span{Instant{0}, Instant{0}};
  std::int32_t span_offset = 0;
  const auto steady_offset = [&](CivilDate date) -> std::optional<std::int32_t> {
    const std::int64_t midnight = std::int64_t{date.days_since_epoch()} * 86400;
    const auto inside = [&] {
      return midnight - span_offset - 86400 >= span.first.utc_seconds &&
             midnight - span_offset + 2 * 86400 < span.second.utc_seconds;
    };
    if (inside()) return span_offset;
    span = t->zone.steady_span(Instant{midnight + 43200 - span_offset});
    span_offset = t->zone.offset_at(span.first);
    if (inside()) return span_offset;
    return std::nullopt;
  };
  const auto holiday_end = t->holidays.end();
  auto next_holiday = t->holidays.lower_bound(t->first_day);
  std::int64_t running = 0;
  std::int32_t business_days = 0;
  for (std::int32_t k = 0; k <= t->days; ++k) {
    const CivilDate date = t->first_day + k;
    const std::optional<std::int32_t> offset = steady_offset(date);
    const std::int64_t local_midnight = std::int64_t{date.days_since_epoch()} * 86400;
    // A midnight inside a spring-forward gap starts the day at the transition.
    const std::int64_t midnight =
        offset ? local_midnight - *offset : t->zone.from_local(date, 0, Disambiguation::earliest).utc_seconds;
    t->day.push_back({rel(midnight), static_cast<std::uint32_t>(running),
                      static_cast<std::uint32_t>(t->interval.size()), business_days});
    if (k == t->days) break;
    while (next_holiday != holiday_end && next_holiday->first < date) ++next_holiday;
    const auto& windows = definition.week[static_cast<std::size_t>(date.weekday())];
    if (windows.empty() || (next_holiday != holiday_end && next_holiday->first == date)) continue;
    std::int64_t last_close = 0;
    for (const auto& w : windows) {
      // Windows near a DST change: an open in the gap opens at the transition;
      // in the repeated hour the first occurrence opens and the second closes.
      const std::int64_t open = offset ? local_midnight + w.open_seconds - *offset
                                       : t->zone.from_local(date, w.open_seconds, Disambiguation::earliest).utc_seconds;
      const std::int64_t close = offset ? local_midnight + w.close_seconds - *offset
                                 : w.close_seconds == 86400
                                     ? t->zone.from_local(date + 1, 0, Disambiguation::earliest).utc_seconds
                                     : t->zone.from_local(date, w.close_seconds, Disambiguation::latest).utc_seconds;
      if (close <= open) continue;
      running += close - open;
      t->interval.push_back({rel(open), rel(close), static_cast<std::uint32_t>(running)});
      last_close = close;
    }
    if (last_close != 0) {
      ++business_days;
      t->business_day_close.push_back(last_close);
    }
  }
  t->interval_count = t->interval.size();
  t->interval.push_back({0, 0, static_cast<std::uint32_t>(running)});
  return Calendar(std::move(t));
}

const std::string& Calendar::name() const noexcept {
  return tables_->definition.name;
}
const TimeZone& Calendar::zone() const noexcept {
  return tables_->zone;
}
int Calendar::first_year() const noexcept {
  return tables_->definition.first_year;
}
int Calendar::last_year() const noexcept {
  return tables_->definition.last_year;
}

BusinessSeconds Calendar::business_between(Instant a, Instant b) const {
  if (b <= a) {
    // Still report an out-of-range instant, either one: checking only `a` let
    // business_between(t, year 1800) answer 0 instead of the documented RangeError.
    tables_->day_index(a.utc_seconds);
    tables_->day_index(b.utc_seconds);
    return {0};
  }
  return {tables_->cumulative_at(b.utc_seconds) - tables_->cumulative_at(a.utc_seconds)};
}

Instant Calendar::add_business(Instant t, BusinessSeconds d) const {
  const Tables& tb = *tables_;
  if (d.count < 0) throw InputError("business duration must not be negative");
  const std::int64_t r = tb.relative(t.utc_seconds);
  const std::int32_t k = tb.day_index_relative(r);
  if (d.count == 0) return t;
  const std::int64_t target = tb.cumulative_in_day(k, r) + d.count;
  // From t's day: a short addition ends within a few windows (scan), a long
  // one is found by galloping then bisecting, O(log distance).
  const auto& iv = tb.interval;
  std::size_t i = tb.day[k].first_interval;
  const std::size_t n = tb.interval_count;
  const std::size_t scan_end = std::min(n, i + 4);
  while (i < scan_end && std::int64_t{iv[i].cum_end} < target) ++i;
  if (i == scan_end && i < n) {
    std::size_t lo = i, step = 8, hi = i;
    while (hi < n && std::int64_t{iv[hi].cum_end} < target) {
      lo = hi + 1;
      hi = lo + step;
      step *= 2;
    }
    hi = std::min(hi, n);
    i = static_cast<std::size_t>(
        std::partition_point(iv.begin() + static_cast<std::ptrdiff_t>(lo), iv.begin() + static_cast<std::ptrdiff_t>(hi),
                             [target](const Tables::Interval& x) { return std::int64_t{x.cum_end} < target; }) -
        iv.begin());
  }
  if (i >= n)
    throw RangeError("adding " + std::to_string(d.count) + " business seconds to " + format_utc(t) +
                     " runs past the end of calendar '" + name() + "' (" + std::to_string(last_year()) + ")");
  return Instant{tb.origin + iv[i].close - (std::int64_t{iv[i].cum_end} - target)};
}

Instant Calendar::business_days_after(Instant t, int n) const {
  const Tables& tb = *tables_;
  if (n < 0) throw InputError("number of business days must not be negative");
  const std::int32_t k = tb.day_index(t.utc_seconds);
  const std::int32_t before = tb.day[k].business_days_before;
  const std::int32_t after = tb.day[k + 1].business_days_before;
  const bool counts_today = after > before && t.utc_seconds < tb.business_day_close[static_cast<std::size_t>(before)];
  const std::int64_t j = std::int64_t{counts_today ? before : after} + n;
  if (j >= static_cast<std::int64_t>(tb.business_day_close.size()))
    throw RangeError(std::to_string(n) + " business days after " + format_utc(t) + " runs past the end of calendar '" +
                     name() + "' (" + std::to_string(last_year()) + ")");
  return Instant{tb.business_day_close[static_cast<std::size_t>(j)]};
}

CivilDate Calendar::local_date(Instant t) const noexcept {
  return tables_->zone.to_local(t).date;
}

bool Calendar::is_business_day(CivilDate d) const {
  return tables_->business_day_at(tables_->day_of(d));
}

CivilDate Calendar::next_business_day(CivilDate d) const {
  const Tables& tb = *tables_;
  const std::int32_t k = tb.day_of(d);
  const std::int32_t j = tb.day[k].business_days_before;
  if (static_cast<std::size_t>(j) >= tb.business_day_close.size())
    throw RangeError("no business day after " + format_date(d) + " within calendar '" + name() + "'");
  // The j-th business day is the day before the first whose count passes j.
  const auto it = std::partition_point(tb.day.begin() + k, tb.day.end(),
                                       [j](const Tables::Day& x) { return x.business_days_before <= j; });
  return tb.first_day + static_cast<int>(it - tb.day.begin()) - 1;
}

std::optional<std::string> Calendar::holiday_name(CivilDate d) const {
  tables_->day_of(d);
  const auto it = tables_->holidays.find(d);
  if (it == tables_->holidays.end()) return std::nullopt;
  return it->second;
}

std::vector<Holiday> Calendar::holidays_in(int year) const {
  std::vector<Holiday> out;
  const auto from = tables_->holidays.lower_bound(CivilDate::from_ymd(year, 1, 1));
  const auto to = tables_->holidays.lower_bound(CivilDate::from_ymd(year + 1, 1, 1));
  for (auto it = from; it != to; ++it) out.push_back({it->first, it->second});
  return out;
}

std::vector<std::pair<Instant, Instant>> Calendar::windows_on(CivilDate d) const {
  const Tables& tb = *tables_;
  const std::int32_t k = tb.day_of(d);
  std::vector<std::pair<Instant, Instant>> out;
  for (auto i = tb.day[k].first_interval; i < tb.day[k + 1].first_interval; ++i)
    out.push_back({Instant{tb.origin + tb.interval[i].open}, Instant{tb.origin + tb.interval[i].close}});
  return out;
}

CivilDate gas_day_of(Instant t, const TimeZone& zone) noexcept {
  const LocalTime lt = zone.to_local(t);
  return lt.seconds_of_day < 5 * 3600 ? lt.date - 1 : lt.date;
}

Instant gas_day_start(CivilDate gas_day, const TimeZone& zone) {
  return zone.from_local(gas_day, 5 * 3600, Disambiguation::earliest);
}

}  // namespace slaclock
