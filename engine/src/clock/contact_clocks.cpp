// The contact clock kinds with logic of their own: gemini_resolution (due by
// the contact's gas-day band), revised_resolution (due at the latest revised
// date agreed) and regular_updates (no gap between updates beyond its target).
#include <slaclock/time/timestamp.h>

#include <algorithm>

#include "clock/clock_context.h"

namespace slaclock::detail {

ClockResult gemini_resolution_clock(const ClockContext& cx, const Event& received) {
  const Instant r = received.at;
  const ClockDefinition& d = cx.def;
  const CivilDate gas_day = parse_date(received.field("gas_day").value_or(""));
  const GeminiBand band = gemini_band_of(r, gas_day, d.exit_close_out_business_days, cx.cal);
  const GeminiDueRule& rule = d.gemini_bands[static_cast<std::size_t>(band)];
  DueBasis basis{DueBasis::Kind::allowance, rule.allowance, gas_day, 0};
  Instant due = r;
  Measure m = Measure::elapsed;  // Gemini runs 24x7
  switch (rule.kind) {
    case GeminiDueRule::Kind::gas_day_start:
      due = gas_day_start(gas_day, cx.cal.zone());
      basis.kind = DueBasis::Kind::gas_day_start;
      break;
    case GeminiDueRule::Kind::gas_day_end:
      due = gas_day_end(gas_day, cx.cal.zone());
      basis.kind = DueBasis::Kind::gas_day_end;
      break;
    case GeminiDueRule::Kind::exit_close_out:
      due = exit_close_out_deadline(gas_day, d.exit_close_out_business_days, cx.cal);
      basis.kind = DueBasis::Kind::exit_close_out;
      break;
    case GeminiDueRule::Kind::allowance:
      due = due_after(r, rule.allowance, cx.cal);
      m = measure_of(rule.allowance);
      break;
  }
  ClockResult g = cx.settle(r, due, cx.read_stops(r, &received, false), m, basis);
  g.band = band;
  return g;
}

// From the first revised date agreed to the latest one agreed, stopped by the
// definition's stop events (a resolution or close).
ClockResult revised_resolution_clock(const ClockContext& cx, const Event& received) {
  std::optional<Instant> due, start;
  for (const Event* e : cx.events) {
    if (e == &received || (e->type != EventType::update_sent && e->type != EventType::explanation_provided)) continue;
    if (auto rv = e->field("revised_resolution")) {
      due = parse_instant(*rv);
      if (!start) start = e->at;
    }
  }
  if (!due) return cx.not_applicable(NotApplicableCause::no_revised_date);
  return cx.settle(*start, *due, cx.read_stops(*start, &received, false), Measure::elapsed,
                   {DueBasis::Kind::revised_date, {}, std::nullopt, 0});
}

namespace {

bool is_touch(EventType t) {
  return t == EventType::acknowledged || t == EventType::update_sent || t == EventType::explanation_provided;
}

}  // namespace

// From the acknowledgement, each gap between the desk's updates (an
// acknowledgement, update or explanation; a reopening restarts the gap) must
// be within the target, until the contact is resolved or closed. Breached at
// the first gap that exceeds it, and it stays so: a later update does not undo
// a broken promise. Each gap is judged by the target row in force when it
// ended; holds pause the gap when the definition says so.
ClockResult regular_updates_clock(const ClockContext& cx, const Event& received) {
  bool open = true;
  std::optional<Instant> closed_at, last_touch, gap_start, gap_due, gap_broken_at;
  Allowance gap_target;
  std::string gap_row;
  for (const Event* e : cx.events) {
    if (e == &received) continue;
    const Instant x = e->at;
    const bool ends = e->type == EventType::resolved || (e->type == EventType::closed && open);
    if (open && last_touch && !gap_due && (is_touch(e->type) || ends)) {
      const auto [gap, row] = cx.target_at(x);
      const Measure m = measure_of(gap);
      if (const Instant deadline = cx.due_after_holds(*last_touch, due_after(*last_touch, gap, cx.cal), x, m);
          x > deadline) {
        gap_start = last_touch, gap_due = deadline, gap_broken_at = x;
        gap_target = gap, gap_row = row;
      }
    }
    if (e->type == EventType::reopened) {
      open = true;
      closed_at.reset();
      last_touch = x;  // the update gap restarts at the reopening
    }
    if (ends) open = false, closed_at = x;
    if (is_touch(e->type)) last_touch = x;
  }

  if (!last_touch && !gap_due) return cx.not_applicable(NotApplicableCause::not_acknowledged_yet);
  if (gap_due) {
    ClockResult u = cx.blank();
    // Keep the start of the gap that broke the limit: the clock has a start
    // like every other, and it must not vanish once a later update closes the
    // gap (while still open it was reported with this start).
    u.started_at = gap_start;
    u.due_at = gap_due;
    u.stopped_at = open ? std::nullopt : closed_at;
    u.stopped_by = open ? StopCause::none : StopCause::contact_ended;
    u.status = open ? ClockStatus::breached : ClockStatus::missed;
    u.measure = measure_of(gap_target);
    u.basis = {DueBasis::Kind::update_gap, gap_target, std::nullopt, 0};
    u.target = gap_row;
    u.allowance_seconds = cx.measured(*gap_start, *gap_due, u.measure);
    u.used_seconds = cx.measured(*gap_start, *gap_broken_at, u.measure);
    u.late_contact_at = gap_broken_at;
    return u;
  }
  const auto [gap, row] = cx.target_at(open ? cx.as_of : *closed_at);
  const DueBasis basis{DueBasis::Kind::update_gap, gap, std::nullopt, 0};
  if (open) {
    ClockResult u = cx.settle(*last_touch, due_after(*last_touch, gap, cx.cal), ClockStop{}, measure_of(gap), basis);
    u.target = row;
    return u;
  }
  ClockResult u = cx.blank();
  u.started_at = last_touch;
  u.stopped_at = closed_at;
  u.stopped_by = StopCause::contact_ended;
  u.status = ClockStatus::met;
  u.measure = measure_of(gap);
  u.basis = basis;
  u.target = row;
  return u;
}

}  // namespace slaclock::detail
