#pragma once
// The nightly sweep: evaluates, as of T, every entity that is open or has
// changed since it was last evaluated, using only events recorded by T (so a
// replay --as-known at T reproduces it exactly), and stores in one
// transaction: the sweep run, each evaluated clock's result with its reason,
// the latest state of every clock (indexed by due instant for `overdue`) and
// the notices due. Running it again for the same T changes nothing.
//
//   SweepSummary s = run_sweep(store, {.as_of = t, .now = wall_clock});
//   if (s.anything_breached()) ...
#include <slaclock/clock/clock_result.h>
#include <slaclock/ops/notices.h>
#include <slaclock/store/event_store.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
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
  /// --calendars-dir: a calendar found here is judged by as found (stored as a
  /// new version when its content is not stored yet); one not found here is
  /// the latest stored, else the data folder's. Empty: the latter only.
  std::filesystem::path calendars_dir;
  /// Called now and then with the number of entities seen so far.
  std::function<void(std::size_t)> progress;
  /// When given, every unsent notice (new, or left unsent by an earlier run)
  /// is delivered through it once the sweep's transaction has committed.
  std::optional<NotifyOptions> notify;
  /// 2: judge on a second thread while this one writes; 1: both on this one
  /// (the same rows, order and seal: for tests and measurements).
  int threads = 2;
};

struct SweepSummary {
  std::int64_t sweep_id = 0;
  bool repeated = false;  ///< a sweep for this as_of already existed
  std::size_t entities_evaluated = 0;
  std::size_t entities_skipped = 0;                     ///< settled and unchanged
  std::map<ClockStatus, std::size_t> clocks_by_status;  ///< every stored clock state after the sweep
  std::size_t new_notices = 0;
  std::vector<std::int64_t> new_notice_ids;  ///< the notices this sweep raised, in the order raised
  /// What the notify step did (only when SweepOptions::notify was given).
  std::optional<NotifyOutcome> notified;
  /// The clocks that need attention after this sweep (at_risk and breached).
  std::vector<ClockResult> attention;
  /// Events stored with a recorded_at after as_of: not known at as_of, so
  /// not judged (a history loaded today is recorded today unless imported
  /// with `--recorded-at as-event`).
  std::int64_t events_recorded_after = 0;
  /// Entities judged that opened before every rule version took effect (their
  /// clocks are not_applicable), and the earliest version, which would apply
  /// if it took effect earlier.
  std::size_t entities_before_rules = 0;
  std::string earliest_rule_version;
  CivilDate earliest_rule_effective;
  bool anything_breached() const {
    const auto it = clocks_by_status.find(ClockStatus::breached);
    return it != clocks_by_status.end() && it->second > 0;
  }
};

/// Sweeps only move forward: an as_of older than the latest stored sweep is
/// an InputError and stores nothing (the current clock state never goes back
/// in time); the same as_of again is a no-op. With options.notify, the
/// notices are delivered after the commit (ops/notices.h). Throws ConfigError when no rules
/// are loaded, StoreError on a read-only store.
SweepSummary run_sweep(EventStore& store, const SweepOptions& options);

/// Judges every entity as a sweep at options.as_of would, for any instant,
/// and stores nothing (a read-only store is fine). clocks_by_status counts
/// the clocks judged; sweep_id is 0 and no notices are raised.
SweepSummary preview_sweep(const EventStore& store, const SweepOptions& options);

}  // namespace slaclock
