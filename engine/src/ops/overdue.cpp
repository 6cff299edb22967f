#include <slaclock/ops/overdue.h>
#include <slaclock/store/clock_store.h>

namespace slaclock {

std::vector<ClockResult> overdue_clocks(const EventStore& store, const OverdueQuery& query) {
  // Past due means strictly after the due instant; at due is not yet breached.
  const Instant due_by = query.due_within.count > 0 ? query.as_of + query.due_within : query.as_of - Seconds{1};
  std::vector<ClockResult> out;
  for (ClockResult& c : running_clocks_due_by(store, {due_by, query.customer, query.clock})) {
    // Re-judge at as_of: the stored status is as of the sweep.
    if (query.as_of > *c.due_at)
      c.status = ClockStatus::breached;
    else if (c.at_risk_at && query.as_of >= *c.at_risk_at)
      c.status = ClockStatus::at_risk;
    else
      c.status = ClockStatus::pending;
    if (query.status && c.status != *query.status) continue;
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace slaclock
