#include "clock/clock_settle.h"

#include <slaclock/time/timestamp.h>

#include <cmath>

namespace slaclock::detail {

namespace {

Instant at_risk_instant(const ClockRun& run, const Calendar& cal, double share) {
  if (run.due <= run.start) return run.start;
  if (run.measure == Measure::business) {
    const std::int64_t allowance = cal.business_between(run.start, run.due).count;
    const auto used = static_cast<std::int64_t>(std::ceil(share * static_cast<double>(allowance) - 1e-9));
    return cal.add_business(run.start, {used});
  }
  const auto used = static_cast<std::int64_t>(std::ceil(share * static_cast<double>((run.due - run.start).count) - 1e-9));
  return run.start + Seconds{used};
}

}  // namespace

void settle_clock(ClockResult& r, const ClockRun& run, Instant as_of, const Calendar& cal, double at_risk_share) {
  const auto when = [&](Instant x) { return format_instant(x, cal.zone()); };
  r.started_at = run.start;
  r.due_at = run.due;
  r.stopped_at.reset();
  r.at_risk_at = at_risk_instant(run, cal, at_risk_share);
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
  // Same test as used >= share x allowance, stated once through at_risk_at.
  r.status = as_of >= *r.at_risk_at ? ClockStatus::at_risk : ClockStatus::pending;
  const long percent = allowance > 0 ? std::lround(100.0 * static_cast<double>(used) / static_cast<double>(allowance)) : 100;
  r.reason = "running; due " + when(run.due) + " (" + run.allowance_text + "), " + std::to_string(percent) +
             "% used" + (run.measure == Measure::business ? " in business time" : "");
}

}  // namespace slaclock::detail
