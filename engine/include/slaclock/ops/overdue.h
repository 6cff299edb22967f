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

/// Running clocks from the latest stored state, re-judged at as_of (breached
/// when past due, at_risk from their at-risk instant), soonest due first.
/// Reflects events as of the last sweep; says nothing of events imported since.
std::vector<ClockResult> overdue_clocks(const EventStore& store, const OverdueQuery& query);

}  // namespace slaclock
