#pragma once
// The service desk's question: which running clocks are past due, or due
// soon, as of an instant. Read from the clock state the last sweep stored.
//
//   std::vector<ClockResult> late = overdue_clocks(store, {.as_of = t});
#include <slaclock/clock/clock_result.h>
#include <slaclock/store/event_store.h>

#include <optional>
#include <string>
#include <vector>

namespace slaclock {

struct OverdueQuery {
  Instant as_of;
  Seconds due_within{0};  ///< also list running clocks due by as_of + due_within
  std::optional<std::string> customer;
  std::optional<ClockId> clock;
  std::optional<ClockStatus> status;  ///< after re-judging at as_of
};

/// Running clocks from the latest stored state, judged again at as_of from
/// what the sweep stored (start, due, at-risk instant, measure, allowance,
/// due basis): status (breached strictly after due, at_risk from the at-risk
/// instant), used and remaining time and the reason sentence are those at
/// as_of, never the sweep's. Business time is counted on each clock's own
/// calendar, the version its sweep recorded. Soonest due first. Reflects
/// events as of the last sweep; says nothing of events imported since.
std::vector<ClockResult> overdue_clocks(const EventStore& store, const OverdueQuery& query);

}  // namespace slaclock
