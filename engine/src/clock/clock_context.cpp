#include "clock/clock_context.h"

#include <algorithm>
#include <cmath>

namespace slaclock::detail {

Measure measure_of(const Allowance& a) noexcept {
  return a.unit == Allowance::Unit::elapsed_seconds ? Measure::elapsed : Measure::business;
}

Instant due_after(Instant start, const Allowance& a, const Calendar& cal) {
  switch (a.unit) {
    case Allowance::Unit::business_seconds:
      return cal.add_business(start, {a.amount});
    case Allowance::Unit::business_days:
      return cal.business_days_after(start, static_cast<int>(a.amount));
    case Allowance::Unit::elapsed_seconds:
      return start + Seconds{a.amount};
  }
  return start;
}

std::vector<const Event*> events_by(const Timeline& t, Instant as_of) {
  std::vector<const Event*> out;
  for (const auto& e : t.events)
    if (e.at <= as_of) out.push_back(&e);
  std::stable_sort(out.begin(), out.end(), [](const Event* a, const Event* b) { return a->at < b->at; });
  return out;
}

ClockResult ClockContext::blank(ClockId clock) const {
  ClockResult r;
  r.entity_id = timeline.entity_id;
  r.kind = timeline.kind;
  r.clock = clock;
  r.rule_version = rules.version;
  r.calendar = cal.name();
  r.customer = customer;
  return r;
}

std::int64_t ClockContext::measured(Instant from, Instant to, Measure measure) const {
  if (to <= from) return -(measure == Measure::business ? cal.business_between(to, from).count : (from - to).count);
  return measure == Measure::business ? cal.business_between(from, to).count : (to - from).count;
}

namespace {

// The first instant at which `share` of the allowance is used, in the
// clock's own measure, so stored state can be re-judged without the calendar.
Instant at_risk_instant(Instant start, std::int64_t allowance, Measure measure, const Calendar& cal, double share) {
  if (allowance <= 0) return start;
  const auto used = static_cast<std::int64_t>(std::ceil(share * static_cast<double>(allowance) - 1e-9));
  return measure == Measure::business ? cal.add_business(start, {used}) : start + Seconds{used};
}

}  // namespace

ClockResult ClockContext::settle(ClockId clock, Instant start, Instant due, const StoppableClock& stop, Measure measure,
                                 const DueBasis& basis) const {
  ClockResult r = blank(clock);
  r.started_at = start;
  r.due_at = due;
  r.measure = measure;
  r.basis = basis;
  r.allowance_seconds = due > start ? measured(start, due, measure) : 0;
  r.at_risk_at = at_risk_instant(start, r.allowance_seconds, measure, cal, rules.at_risk_share);
  if (stop.stopped_at && *stop.stopped_at <= as_of) {
    r.stopped_at = stop.stopped_at;
    r.stopped_by = stop.stopped_by;
    r.used_seconds = measured(start, *stop.stopped_at, measure);
    r.status = *stop.stopped_at <= due ? ClockStatus::met : ClockStatus::missed;
    return r;
  }
  r.used_seconds = measured(start, as_of, measure);
  if (as_of > due) r.status = ClockStatus::breached;
  // At risk once the configured share of the allowance is used: the same test
  // as used >= share x allowance, stated once through at_risk_at.
  else
    r.status = as_of >= *r.at_risk_at ? ClockStatus::at_risk : ClockStatus::pending;
  return r;
}

ClockResult ClockContext::not_applicable(ClockId clock, NotApplicableCause why) const {
  ClockResult r = blank(clock);
  r.status = ClockStatus::not_applicable;
  r.not_applicable_because = why;
  return r;
}

}  // namespace slaclock::detail
