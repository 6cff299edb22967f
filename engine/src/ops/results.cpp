// The stored results joined with each entity's priority: two reads in
// entity_id order (the results, the attribute events) walked together.
#include <slaclock/ops/results.h>

#include <slaclock/store/clock_store.h>
#include <slaclock/store/entity_attributes.h>

#include <algorithm>

namespace slaclock {

std::optional<SweepRef> results_sweep(const EventStore& store, std::optional<Instant> as_of) {
  // versions_of_sweep_by finds the latest sweep at or before an instant; the
  // latest of all is the one at or before the latest as_of.
  const std::optional<Instant> by = as_of ? as_of : latest_sweep_as_of(store);
  if (!by) return std::nullopt;
  const auto sweep = versions_of_sweep_by(store, *by);
  if (!sweep) return std::nullopt;
  return SweepRef{sweep->sweep_id, sweep->as_of};
}

void for_each_result(const EventStore& store, const ResultsQuery& query,
                     const std::function<bool(const ResultRow&)>& row) {
  StoredResultQuery q;
  q.sweep_id = query.sweep.id;
  q.clocks = query.clocks;
  q.statuses = query.statuses;
  q.customer = query.customer;
  q.kind = query.kind;
  q.written_after = query.since;
  q.due_from = query.due_from;
  q.due_before = query.due_before;
  const bool with_priority = query.with_priority || !query.priorities.empty();
  // The priority as the sweep read knew the events: recorded by its as_of.
  std::optional<AttributeTimelines> attributes;
  if (with_priority) attributes.emplace(store, query.sweep.as_of);
  ResultRow out;
  for_each_stored_result(store, q, [&](const StoredResult& r) {
    out.clock = r.clock;
    out.sweep_id = r.sweep_id;
    out.sweep_as_of = r.sweep_as_of;
    out.priority.reset();
    if (attributes) {
      // The target a clock was held to is the priority it had when it
      // stopped; a running clock's is the one recorded by the as-of.
      const Instant at = r.clock.stopped_at.value_or(query.sweep.as_of);
      out.priority = attribute_at(attributes->of(r.clock.entity_id), "priority", at);
      if (!query.priorities.empty() && (!out.priority || std::find(query.priorities.begin(), query.priorities.end(),
                                                                   *out.priority) == query.priorities.end()))
        return true;
    }
    return row(out);
  });
}

}  // namespace slaclock
