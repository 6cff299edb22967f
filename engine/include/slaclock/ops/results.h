#pragma once
// Every clock's stored judgement, as the sweeps stored it, for a BI tool's
// extract (`slaclock results`) and the compliance scorecard: which sweep is
// read, and the rows streamed with each clock's priority when asked.
//
//   std::optional<SweepRef> sweep = results_sweep(store, as_of);   // none: no sweep by then
//   ResultsQuery q;
//   q.sweep = *sweep;
//   q.with_priority = true;
//   for_each_result(store, q, [](const ResultRow& r) { ...; return true; });
#include <slaclock/clock/clock_result.h>
#include <slaclock/store/event_store.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace slaclock {

/// A stored sweep run: the one whose judgements are read.
struct SweepRef {
  std::int64_t id = 0;
  Instant as_of;
};
/// The latest sweep with as_of <= `as_of` (the latest sweep when none is given).
std::optional<SweepRef> results_sweep(const EventStore& store, std::optional<Instant> as_of);

struct ResultsQuery {
  SweepRef sweep;
  std::vector<ClockId> clocks;          ///< only these clocks (all when empty)
  std::vector<ClockStatus> statuses;    ///< only these statuses, as the sweep judged them
  std::vector<std::string> priorities;  ///< only these priorities (implies with_priority)
  std::optional<std::string> customer;
  std::optional<EntityKind> kind;
  /// Only clocks whose stored row was written by a sweep whose as_of is after this.
  std::optional<Instant> since;
  /// Only clocks due in [due_from, due_before).
  std::optional<Instant> due_from, due_before;
  bool with_priority = false;  ///< read each clock's priority (a scan of the events)
};

/// One clock's stored judgement.
struct ResultRow {
  ClockResult clock;          ///< as stored; no figures (the sweep stores none in its results)
  std::int64_t sweep_id = 0;  ///< the sweep that wrote this row (at or before the sweep read)
  Instant sweep_as_of;
  /// The entity's priority recorded by the clock's stop, or by the sweep's
  /// as_of while it runs or has no stop (attribute_at), as known at that
  /// as_of; nothing when never recorded or not asked for.
  std::optional<std::string> priority;
};

/// The rows, in (entity_id, clock) order, one at a time until `row` returns
/// false; memory stays one entity's. Throws StoreError.
void for_each_result(const EventStore& store, const ResultsQuery& query,
                     const std::function<bool(const ResultRow&)>& row);

}  // namespace slaclock
