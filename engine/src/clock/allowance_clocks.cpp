// The generic clock kind: from its start event to the first of its stop
// events, against its target (one allowance, or a row of a table by the
// entity's priority, category or customer class), paused by holds when its
// definition says so. Every DSC clock that is only start/stop/pause is one
// (acknowledge, initial_response, resolution, parties_notification,
// breach_notification, breach_resolution, kpi_miss_notice).
#include "clock/clock_context.h"

namespace slaclock::detail {

ClockResult allowance_clock(const ClockContext& cx, const Event& start) {
  // A stop before the start (a notice sent before the contact was marked as
  // affecting the parties) answers it at the start.
  const ClockStop stop = cx.read_stops(start.at, &start, true);
  // The target row is the one in force at the stop once stopped, else as of
  // the judgement: a priority raised mid-flight re-targets from the start.
  const Instant judged = stop.stopped_at && *stop.stopped_at <= cx.as_of ? *stop.stopped_at : cx.as_of;
  const auto [a, row] = cx.target_at(judged);
  ClockResult c = cx.settle(start.at, due_after(start.at, a, cx.cal), stop, measure_of(a),
                            {DueBasis::Kind::allowance, a, std::nullopt, 0});
  c.target = row;
  return c;
}

}  // namespace slaclock::detail
