#include "clock_settle.h"

#include <slaclock/timestamp.h>

#include <cmath>

namespace slaclock::detail {

void settle_clock(ClockResult& r, const ClockRun& run, Instant as_of, const Calendar& cal, double at_risk_share) {
  const auto when = [&](Instant x) { return format_instant(x, cal.zone()); };
  r.started_at = run.start;
  r.due_at = run.due;
  r.stopped_at.reset();
  if (run.stopped_at && *run.stopped_at <= as_of) {
    r.stopped_at = run.stopped_at;
    const Seconds margin = run.due - *run.stopped_at;
    if (*run.stopped_at <= run.due) {
      r.status = ClockStatus::met;
      r.reason = run.stopped_by + " " + when(*run.stopped_at) + ", " +
                 (margin.count == 0 ? std::string("exactly at due") : format_duration(margin.count) + " before due") +
                 " (" + run.allowance_text + ")";
    } else {
      r.status = ClockStatus::missed;
      r.reason = run.stopped_by + " " + when(*run.stopped_at) + ", " + format_duration(-margin.count) +
                 " after due " + when(run.due) + " (" + run.allowance_text + ")";
    }
    return;
  }
  if (as_of > run.due) {
    r.status = ClockStatus::breached;
    r.reason = "running; due " + when(run.due) + " (" + run.allowance_text + "), " +
               format_duration((as_of - run.due).count) + " overdue";
    return;
  }
  // Running and not yet due: at risk once the configured share of the
  // allowance is used, both measured in the clock's own terms.
  std::int64_t used = 0, allowance = 0;
  if (run.measure == Measure::business) {
    used = cal.business_between(run.start, as_of).count;
    allowance = cal.business_between(run.start, run.due).count;
  } else {
    used = (as_of - run.start).count;
    allowance = (run.due - run.start).count;
  }
  const bool at_risk = allowance <= 0 || static_cast<double>(used) >= at_risk_share * static_cast<double>(allowance);
  r.status = at_risk ? ClockStatus::at_risk : ClockStatus::pending;
  const long percent = allowance > 0 ? std::lround(100.0 * static_cast<double>(used) / static_cast<double>(allowance)) : 100;
  r.reason = "running; due " + when(run.due) + " (" + run.allowance_text + "), " + std::to_string(percent) +
             "% used" + (run.measure == Measure::business ? " in business time" : "");
}

}  // namespace slaclock::detail
