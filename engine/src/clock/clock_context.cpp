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

Instant moved_by(Instant x, std::int64_t held, Measure measure, const Calendar& cal) {
  if (held <= 0) return x;
  return measure == Measure::business ? cal.add_business(x, {held}) : x + Seconds{held};
}

std::vector<const Event*> events_by(const Timeline& t, Instant as_of) {
  std::vector<const Event*> out;
  for (const auto& e : t.events)
    if (e.at <= as_of) out.push_back(&e);
  std::stable_sort(out.begin(), out.end(), [](const Event* a, const Event* b) { return a->at < b->at; });
  return out;
}

ClockResult ClockContext::blank() const {
  ClockResult r;
  r.entity_id = timeline.entity_id;
  r.kind = timeline.kind;
  r.clock = def.id;
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

// Pauses r (start, due and at-risk instants set) by the holds that began
// while it ran and before it fell due (a breach stands: a hold that begins
// past due pauses nothing). Each moves the due instant, and the at-risk
// instant when still ahead, on by the time held in r's measure up to `end`
// (the stop, or as_of); a hold still open at as_of leaves r held_since.
void ClockContext::pause(ClockResult& r, Instant end, bool stopped) const {
  for (const HoldPeriod& h : *holds) {
    const Instant from = std::max(h.from, *r.started_at);
    if (from > end || (stopped && from == end)) break;
    if (from > *r.due_at) continue;
    const Instant to = h.to ? std::min(*h.to, end) : end;
    const std::int64_t held = to > from ? measured(from, to, r.measure) : 0;
    if (r.at_risk_at && *r.at_risk_at > from) r.at_risk_at = moved_by(*r.at_risk_at, held, r.measure, cal);
    r.due_at = moved_by(*r.due_at, held, r.measure, cal);
    r.held_seconds += held;
    if (!stopped && (!h.to || *h.to > as_of)) r.held_since = from;
  }
}

ClockResult ClockContext::settle(Instant start, Instant due, const ClockStop& stop, Measure measure,
                                 const DueBasis& basis) const {
  ClockResult r = blank();
  r.started_at = start;
  r.due_at = due;
  r.measure = measure;
  r.basis = basis;
  r.allowance_seconds = due > start ? measured(start, due, measure) : 0;
  r.at_risk_at =
      at_risk_instant(start, r.allowance_seconds, measure, cal, def.at_risk_share.value_or(rules.at_risk_share));
  const bool stopped = stop.stopped_at && *stop.stopped_at <= as_of;
  if (holds && !holds->empty() && def.pause_on_hold) pause(r, stopped ? *stop.stopped_at : as_of, stopped);
  if (stopped) {
    r.stopped_at = stop.stopped_at;
    r.stopped_by = stop.stopped_by;
    if (stop.stopped_by == StopCause::event) r.stop_event = stop.stop_event;
    r.used_seconds = measured(start, *stop.stopped_at, measure) - r.held_seconds;
    r.status = *stop.stopped_at <= *r.due_at ? ClockStatus::met : ClockStatus::missed;
    return r;
  }
  r.used_seconds = measured(start, as_of, measure) - r.held_seconds;
  // A held clock stands still: judged as at the start of its hold.
  const Instant judged = r.held_since.value_or(as_of);
  if (judged > *r.due_at) r.status = ClockStatus::breached;
  // At risk once the configured share of the allowance is used: the same test
  // as used >= share x allowance, stated once through at_risk_at.
  else
    r.status = judged >= *r.at_risk_at ? ClockStatus::at_risk : ClockStatus::pending;
  return r;
}

ClockResult ClockContext::not_applicable(NotApplicableCause why) const {
  ClockResult r = blank();
  r.status = ClockStatus::not_applicable;
  r.not_applicable_because = why;
  return r;
}

Instant ClockContext::due_after_holds(Instant start, Instant due, Instant end, Measure measure) const {
  if (!holds || holds->empty() || !def.pause_on_hold) return due;
  ClockResult r;
  r.started_at = start;
  r.due_at = due;
  r.measure = measure;
  pause(r, end, true);
  return *r.due_at;
}

namespace {

bool holds_for(const FieldCondition& c, const std::optional<std::string>& value) {
  switch (c.test) {
    case FieldCondition::Test::in:
      return value && c.values.count(*value) > 0;
    case FieldCondition::Test::not_in:
      return !value || c.values.count(*value) == 0;
    case FieldCondition::Test::present:
      return value.has_value();
    case FieldCondition::Test::absent:
      return !value.has_value();
  }
  return false;
}

}  // namespace

const FieldCondition* ClockContext::first_failing(const std::vector<FieldCondition>& when, const Event& e) const {
  for (const FieldCondition& c : when) {
    std::optional<std::string> value = e.field(c.field);
    if (!value) value = attribute_at(timeline, c.field, e.at);
    if (!holds_for(c, value)) return &c;
  }
  return nullptr;
}

ClockStop ClockContext::read_stops(Instant start, const Event* start_event, bool clamp_to_start) const {
  ClockStop stop;
  for (const Event* e : events) {
    if (e == start_event) continue;
    if (e->type == EventType::reopened && def.restart_on_reopen) stop.reopen();
    if (!stop.running()) continue;
    for (const ClockEvent& s : def.stops) {
      if (s.event != e->type || first_failing(s.when, *e)) continue;
      const bool ending = e->type == EventType::resolved || e->type == EventType::closed;
      stop.stop(clamp_to_start ? std::max(e->at, start) : e->at, s.cause, ending, e->type);
      break;
    }
  }
  return stop;
}

std::pair<Allowance, std::string> ClockContext::target_at(Instant at) const {
  const ClockTarget& t = def.target;
  if (t.by.empty()) return {t.fallback, {}};
  const std::optional<std::string> value = attribute_at(timeline, t.by, at);
  if (t.has_key(value)) return {t.for_value(value), t.by + " " + *value};
  return {t.fallback, (value ? t.by + " " + *value : "no " + t.by) + ", the default"};
}

}  // namespace slaclock::detail
