#pragma once
// The nightly sweep and the reads built on what it stores.
//
//   SweepSummary s = run_sweep(store, {.as_of = t, .now = wall_clock});
//   std::vector<ClockResult> late = overdue_clocks(store, {.as_of = t});
//   Replay r = replay_entity(store, "C-1001", {.as_of = t, .as_known = true});
//
// A sweep evaluates, as of T, every entity that is open or has changed since
// it was last evaluated, using only events recorded by T (so a replay
// --as-known at T reproduces it exactly), and stores in one transaction: the
// sweep run, each evaluated clock's result, the latest state of every clock
// (indexed by due instant for `overdue`) and the notices due. Running it again
// for the same T changes nothing.
#include <slaclock/clock/clock_engine.h>
#include <slaclock/store/event_store.h>

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace slaclock {

struct SweepOptions {
  Instant as_of;
  Instant now;        ///< wall clock, recorded on a new sweep run
  bool full = false;  ///< re-evaluate every entity, settled or not
  /// Called now and then with (entities done, entities seen so far).
  std::function<void(std::size_t)> progress;
};

struct SweepSummary {
  std::int64_t sweep_id = 0;
  bool repeated = false;        ///< a sweep for this as_of already existed
  std::size_t entities_evaluated = 0;
  std::size_t entities_skipped = 0;  ///< settled and unchanged
  std::map<ClockStatus, std::size_t> clocks_by_status;  ///< every stored clock state after the sweep
  std::size_t new_notices = 0;
  /// The clocks that need attention after this sweep (at_risk and breached).
  std::vector<ClockResult> attention;
  bool anything_breached() const {
    const auto it = clocks_by_status.find(ClockStatus::breached);
    return it != clocks_by_status.end() && it->second > 0;
  }
};

/// Throws ConfigError when no rules are loaded, StoreError on a read-only store.
SweepSummary run_sweep(EventStore& store, const SweepOptions& options);

struct OverdueQuery {
  Instant as_of;
  Seconds due_within{0};  ///< also list running clocks due by as_of + due_within
  std::optional<std::string> customer;
  std::optional<std::string> clock;
  std::optional<ClockStatus> status;  ///< after re-judging at as_of
};

/// Running clocks from the latest stored state, re-judged at as_of (breached
/// when past due, at_risk from their at-risk instant), soonest due first.
/// Reflects events as of the last sweep; says nothing of events imported since.
std::vector<ClockResult> overdue_clocks(const EventStore& store, const OverdueQuery& query);

/// The as_of of the latest sweep, if any.
std::optional<Instant> latest_sweep_as_of(const EventStore& store);
/// Events stored after the most recent sweep read the store: what the clock
/// state (and so `overdue`) does not reflect yet.
std::int64_t events_since_last_sweep(const EventStore& store);

struct ReplayOptions {
  Instant as_of;
  bool as_known = false;  ///< only events recorded by as_of, as a sweep at as_of saw them
};

struct Replay {
  Timeline timeline;        ///< the events used (happened by as_of; recorded by as_of when as_known)
  std::vector<ClockResult> clocks;
  std::string rule_version; ///< version the entity was judged by ("" when it has no clocks)
  std::string rule_sha256;
  std::string calendar;
};

/// Throws InputError for an unknown entity.
Replay replay_entity(const EventStore& store, const std::string& entity_id, const ReplayOptions& options);

/// Stored results of the sweep at exactly as_of for one entity (empty if that
/// sweep did not evaluate it), for auditors comparing a replay with the record.
std::vector<ClockResult> stored_sweep_results(const EventStore& store, const std::string& entity_id, Instant as_of);

}  // namespace slaclock
