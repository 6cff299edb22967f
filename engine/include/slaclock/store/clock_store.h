#pragma once
// What sweeps store and the reads built on it: sweep runs, each evaluated
// clock's result, the latest state of every clock (indexed by due instant),
// which entities are settled, and the notices raised. All of it SQL, all of
// it here; SQLite errors leave as StoreError.
//
//   SweepTransaction tx(store);                      // BEGIN IMMEDIATE
//   SweepRun run = tx.open_run(as_of, now, store.last_sequence());
//   EventStore reads = EventStore::open(store.path(), OpenMode::read_only);
//   SweepPlanner planner = tx.planner(reads);        // may run on another thread
//   EntityJudgement e{id, clocks, notices, last_seq, settled, next_due};
//   planner.plan(e);                                 // what changed, hashed into the seal
//   tx.store_entity(e);                              // the writes
//   tx.finish_run(run, evaluated, store.last_sequence());
//   tx.seal_run(run, versions);
//   tx.commit();                                      // else rolled back
//   for_each_running_clock_due_by(store, {.due_by = t}, [](StoredClockState& s) { ...; return true; });
#include <slaclock/clock/clock_result.h>
#include <slaclock/store/event_store.h>
#include <slaclock/store/notice_store.h>
#include <slaclock/store/version_store.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace slaclock {

struct SweepRun {
  std::int64_t id = 0;
  bool repeated = false;  ///< a sweep for this as_of already existed
};

struct EntityJudgement;
class SweepPlanner;

/// One sweep's writes in one IMMEDIATE transaction: begun by the constructor,
/// rolled back by the destructor unless commit() ran. Throws StoreError.
class SweepTransaction {
 public:
  explicit SweepTransaction(EventStore& store);
  SweepTransaction(const SweepTransaction&) = delete;
  SweepTransaction& operator=(const SweepTransaction&) = delete;
  ~SweepTransaction();

  /// The as_of of the latest sweep stored, if any.
  std::optional<Instant> latest_as_of();
  /// The run for as_of: the existing one (repeated) or a new one.
  SweepRun open_run(Instant as_of, Instant now, std::int64_t last_seq);
  std::int64_t entity_count();
  /// Whether an earlier sweep saw any event (else every entity is to be
  /// judged: entities_to_judge would list them all). Call after open_run.
  bool earlier_sweep_saw_events() const;
  /// Entities a sweep must judge: not settled (or held), or with events
  /// stored after the previous sweep; in entity_id order. Call after open_run.
  std::vector<std::string> entities_to_judge();
  /// Holds entities of which this sweep saw nothing (every event recorded
  /// after its as_of) unsettled, so that the next sweep looks again.
  void hold_unjudged(const std::vector<std::string>& entity_ids);
  /// The same for every entity that has no entity state yet (after a sweep
  /// that streamed every timeline).
  void hold_unjudged();
  /// Settled entities and the sequence up to which they were judged.
  std::unordered_map<std::string, std::int64_t> settled_entities();

  struct Notice {
    std::size_t clock;  ///< index into the clocks passed with it
    NoticeKind kind;
  };
  /// The planner of this run's entities (call after open_run). `reads` is a
  /// read-only store on the same file opened after this transaction began:
  /// the sweep writes no events and holds the write lock, so it sees what the
  /// transaction sees of every entity whose judgement is not stored yet.
  SweepPlanner planner(const EventStore& reads);
  /// Stores one entity's judgement as its planner decided (planned first,
  /// in the same order): a result row for each clock whose judgement
  /// changed, the running clocks' state (a clock that stopped leaves it),
  /// the entity's state (settled only if every event stored for it was
  /// visible, last_seq being the last it saw) and the notices (a notice
  /// already raised is not raised again). Returns the new notices' ids.
  std::vector<std::int64_t> store_entity(const EntityJudgement& entity);
  void finish_run(const SweepRun& run, std::size_t evaluated, std::int64_t last_seq);
  /// A calendar the sweep found as a file (ops/calendar_source.h) stored as
  /// a version, unless the same text is stored: what the sweep records, so
  /// that its replay and every later command judge by the same text. `text`
  /// has been checked to build a calendar named `name`.
  StoredCalendarVersion store_calendar(const std::string& name, const std::string& text, const std::string& source_file,
                                       Instant now);
  /// Records the versions the run used (kind "rules" or "calendar" -> name ->
  /// content hash) and seals it: a digest of its stored results, chained from
  /// the previous sealed run. Call after every result is planned and stored
  /// (and after the planner's thread, if it had one, has ended).
  void seal_run(const SweepRun& run, const std::map<std::string, std::map<std::string, std::string>>& versions);
  /// Every clock's current judgement (its latest result), counted by status.
  std::map<ClockStatus, std::size_t> clocks_by_status();
  void commit();

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

/// One entity's judgement as a sweep stores it, and what storing it writes.
struct EntityJudgement {
  std::string entity_id;
  std::vector<ClockResult> clocks;
  std::vector<SweepTransaction::Notice> notices;
  std::int64_t last_seq = 0;  ///< the last event sequence the sweep saw of it
  bool settled = false;
  std::optional<Instant> next_due;
  // Set by SweepPlanner::plan:
  std::vector<std::size_t> results;  ///< clocks whose judgement changed: a result row each
  std::vector<std::size_t> stopped;  ///< clocks that stopped running: their clock_state row goes
};

/// The part of storing a sweep's judgements that writes nothing: each
/// entity's latest stored results read (on its own read-only connection),
/// what changed decided, and the result rows hashed into the run's seal and
/// counted by status. So it can run on a second thread while the transaction
/// writes: plan() and store_entity() touch different connections and state;
/// the planner shares the seal and the counts with its transaction, which
/// reads them only in seal_run, clocks_by_status and commit. Throws StoreError.
class SweepPlanner {
 public:
  SweepPlanner(SweepPlanner&&) noexcept;
  SweepPlanner& operator=(SweepPlanner&&) noexcept;
  ~SweepPlanner();
  /// Sets entity.results and entity.stopped. Entities in entity_id order
  /// (else the seal is computed by reading the results back), each once.
  void plan(EntityJudgement& entity);

  struct Impl;

 private:
  friend class SweepTransaction;
  explicit SweepPlanner(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// The as_of of the latest sweep, if any.
std::optional<Instant> latest_sweep_as_of(const EventStore& store);
/// Events stored after the most recent sweep read the store: what the clock
/// state (and so `overdue`) does not reflect yet.
std::int64_t events_since_last_sweep(const EventStore& store);
/// Events recorded after `t`: what a sweep or a judgement as known at `t`
/// cannot see. A recorded_at is never later than its import (the importer
/// refuses one in the future), so only the events of imports that started
/// after `t` are read.
std::int64_t events_recorded_after(const EventStore& store, Instant t);

struct RunningClockQuery {
  Instant due_by;  ///< due at or before this instant
  std::optional<std::string> customer;
  std::optional<ClockId> clock;
};
/// A clock's latest stored state, as the sweep that stored it judged it.
struct StoredClockState {
  ClockResult clock;  ///< the status, reason and figures that sweep stored
  /// False for a row stored before schema 4: no measure, allowance or due
  /// basis (the next sweep that judges its entity stores them).
  bool has_figures = false;
  Instant judged_at;  ///< the as_of of the sweep that stored it
};
/// Running clocks in the latest stored state due by `due_by`, soonest first
/// (clock_state holds only running clocks).
/// One row at a time, until `row` returns false: a page of the list reads
/// only as far as the page.
void for_each_running_clock_due_by(const EventStore& store, const RunningClockQuery& query,
                                   const std::function<bool(StoredClockState&)>& row);

/// What the sweep at exactly as_of judged of one entity's clocks: each
/// clock's last stored result at or before that sweep (a sweep stores only
/// the clocks whose judgement changed). Empty if there was no sweep at as_of
/// or the entity had no result by then.
std::vector<ClockResult> stored_sweep_results(const EventStore& store, const std::string& entity_id, Instant as_of);

/// Which stored results for_each_stored_result reads: each (entity, clock)'s
/// last result row at or before sweep `sweep_id` (what that sweep judged of
/// it: a sweep stores only the clocks whose judgement changed), then these
/// conditions on that row. Empty lists and absent values do not filter.
struct StoredResultQuery {
  std::int64_t sweep_id = 0;
  std::vector<ClockId> clocks;
  std::vector<ClockStatus> statuses;
  std::optional<std::string> customer;
  std::optional<EntityKind> kind;
  /// Only rows written by a sweep whose as_of is after this (incremental extracts).
  std::optional<Instant> written_after;
  /// Only rows due in [due_from, due_before) (a row with no due instant is left out when either is given).
  std::optional<Instant> due_from, due_before;
};
/// One stored result and the sweep that wrote it.
struct StoredResult {
  ClockResult clock;  ///< as stored: status, instants, reason; no figures (clock_results keeps none)
  std::int64_t sweep_id = 0;
  Instant sweep_as_of;
};
/// The stored results `query` selects, in (entity_id, clock) order, one row
/// at a time until `row` returns false: one index scan of
/// clock_results_by_entity, nothing held but the row.
void for_each_stored_result(const EventStore& store, const StoredResultQuery& query,
                            const std::function<bool(const StoredResult&)>& row);

/// The versions a sweep recorded, for judging again as it judged.
struct SweepVersions {
  std::int64_t sweep_id = 0;
  Instant as_of;
  std::map<std::string, std::string> rules;      ///< version -> content hash
  std::map<std::string, std::string> calendars;  ///< name -> content hash
};
/// The versions of the latest sweep with as_of <= t; nothing when no sweep
/// ran by t. Sweeps from before versions were recorded give empty maps.
std::optional<SweepVersions> versions_of_sweep_by(const EventStore& store, Instant t);

/// One stored sweep run, for the history of sweeps (the dashboard's sweeps page).
struct StoredSweepRun {
  std::int64_t id = 0;
  Instant as_of;
  Instant started_at;          ///< wall clock when the run was first recorded
  std::int64_t last_seq = 0;   ///< the last event sequence it saw
  std::int64_t evaluated = 0;  ///< entities judged
  /// Clock results it stored, by status: the clocks whose judgement it
  /// changed (a new clock, a new status, a running clock's reason moving on).
  /// A running breached clock's reason says how long it has been overdue, so
  /// every sweep stores (and counts) it again: a breached count above zero
  /// is what made `sweep` exit 1.
  std::map<ClockStatus, std::size_t> results_by_status;
  std::string results_sha256;  ///< "" for a sweep stored before sealing existed
  std::string chain_sha256;
  std::size_t results() const noexcept {
    std::size_t n = 0;
    for (const auto& [status, count] : results_by_status) n += count;
    return n;
  }
};
/// Sweep runs, latest as_of first, at most `limit` after skipping `offset`;
/// `count_results` false leaves results_by_status empty (a range scan of
/// clock_results per run saved).
std::vector<StoredSweepRun> stored_sweep_runs(const EventStore& store, std::size_t limit, std::size_t offset = 0,
                                              bool count_results = true);
/// How many sweep runs are stored.
std::int64_t sweep_run_count(const EventStore& store);
/// The clock results one sweep stored, by status: a range scan of its rows
/// (about 5 per contact for a first sweep, the changed clocks after it), so
/// callers may keep the answer for a sealed run, whose results never change.
std::map<ClockStatus, std::size_t> sweep_results_by_status(const EventStore& store, std::int64_t sweep_id);

/// One notice a sweep raised (each clock's notice of a kind is raised once).
struct PagedNotice {
  std::int64_t id = 0;
  std::string entity_id;
  ClockId clock = ClockId::acknowledge;
  NoticeKind kind = NoticeKind::breached;
  std::optional<Instant> due_at;
  std::string customer;
  std::string reason;  ///< as the sweep that raised it worded it
  std::int64_t sweep_id = 0;
  Instant sweep_as_of;  ///< the as-of of the sweep that raised it
};
struct NoticePageQuery {
  std::optional<NoticeKind> kind;
  std::optional<std::string> customer;
  std::optional<std::string> entity_id;
  std::size_t limit = 100;
  std::size_t offset = 0;
};
/// Notices, latest raised first (at most query.limit after query.offset).
std::vector<PagedNotice> notice_page(const EventStore& store, const NoticePageQuery& query);
/// How many notices match (limit and offset aside).
std::int64_t notice_page_count(const EventStore& store, const NoticePageQuery& query);

/// Ids of the entities of `kind` opened by `opened_by`.
std::vector<std::string> entity_ids_opened_by(const EventStore& store, EntityKind kind, Instant opened_by);

}  // namespace slaclock
