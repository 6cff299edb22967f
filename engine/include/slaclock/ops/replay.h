#pragma once
// An auditor's replay: one entity's timeline and every clock, judged again
// from the stored events and rule versions, as of any instant, optionally as
// known then (only events recorded by that instant).
//
//   Replay r = replay_entity(store, "C-1001", {.as_of = t, .as_known = true});
#include <slaclock/clock/clock_engine.h>
#include <slaclock/clock/holds.h>
#include <slaclock/store/event_store.h>
#include <slaclock/time/time_zone.h>

#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace slaclock {

struct ReplayOptions {
  Instant as_of;
  bool as_known = false;  ///< only events recorded by as_of, as a sweep at as_of saw them
  /// Where a calendar the database never stored is read from (default: the data folder's calendars/).
  std::filesystem::path calendars_dir;
};

struct Replay {
  Timeline timeline;                ///< the events used (happened by as_of; recorded by as_of when as_known)
  std::vector<ClockResult> clocks;  ///< with their reasons rendered at as_of
  std::string rule_version;         ///< version the entity was judged by ("" when it has no clocks)
  std::string rule_sha256;
  std::string calendar;
  std::string calendar_sha256;  ///< of the stored calendar version ("" when judged by a file never stored)
  /// The zone of `calendar` as judged (its reasons are worded in it), so
  /// that printing the clocks needs no second read of the calendar.
  std::optional<TimeZone> zone;
  /// A contact's hold periods (on_hold ... off_hold) and the hold events that
  /// changed nothing; they pause the clocks the rule version names.
  ContactHolds holds;
  std::set<ClockId> paused_clocks;  ///< the clocks the rule version lets a hold pause
  /// as_known: the as_of of the sweep whose recorded rule and calendar
  /// versions were used. Empty: the latest stored versions were used (plain
  /// replay, or no sweep ran by as_of).
  std::optional<Instant> versions_of_sweep;
};

/// Throws InputError for an unknown entity.
Replay replay_entity(const EventStore& store, const std::string& entity_id, const ReplayOptions& options);

/// A replay held against what the sweep at the same instant stored.
struct StoredComparison {
  bool sweep_found = false;  ///< a sweep at exactly as_of stored results for the entity
  /// Per replayed clock: matches its stored row. Empty when no sweep was found.
  std::vector<bool> clock_matches;
  /// Stored rows with no replayed clock of the same name.
  std::size_t stored_only = 0;
  bool matches() const noexcept;
};

/// Compares each replayed clock with the stored result of the sweep at
/// as_of (every stored column: status, instants, rules, calendar, reason).
StoredComparison compare_with_stored_sweep(const EventStore& store, const Replay& replay, Instant as_of);

}  // namespace slaclock
