#pragma once
// The rules owner's what-if: what a candidate rule version would change
// before it is loaded. Every entity opened in a date range is judged twice at
// the same as-of instant, under the stored rule versions (as a sweep at that
// instant would judge it) and under the candidate, and the differences come
// back: the clocks whose status or due instant would change, counted per
// clock and per status flip, and the KVI figures that would move, month by
// month (the scorecards of the kvi layer, computed under both rule books).
// Nothing is stored: a read-only store is fine.
//
//   RulesImpactOptions o;
//   o.candidate_file = "dsc-kvi-2026.yaml";
//   o.from = parse_date("2026-01-01");
//   o.to = parse_date("2026-09-30");
//   o.as_of = now;
//   RulesImpact r = rules_impact(store, o);
//   for (const ClockChange& c : r.changes) ... c.current.status, c.candidate.status ...
//
// Which entities the candidate judges (docs/rules.md): entities are matched
// to a rule version by the instant they opened (a contact's receipt, a
// breach's identification, a KPI result), and the range is the local dates
// from..to inclusive in the candidate's time_zone. With scope as_loaded the
// candidate judges what it would judge once loaded: the entities opened in
// the range on or after its effective_from, up to the next stored version
// taking effect. With whole_range it judges every entity opened in the range,
// whatever its effective_from and whatever stored versions take effect inside.
#include <slaclock/clock/clock_id.h>
#include <slaclock/clock/clock_result.h>
#include <slaclock/clock/rule_set.h>
#include <slaclock/kvi/scorecard.h>
#include <slaclock/store/event_store.h>

#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace slaclock {

enum class ImpactScope { as_loaded, whole_range };
const char* impact_scope_name(ImpactScope s) noexcept;  ///< "as_loaded", "whole_range"

struct RulesImpactOptions {
  std::filesystem::path candidate_file;  ///< checked as `rules load` checks it
  CivilDate from;                        ///< first local date of the range
  CivilDate to;                          ///< last local date of the range (inclusive)
  Instant as_of;                         ///< judge clocks as known and happened by this instant
  ImpactScope scope = ImpactScope::as_loaded;
  /// The most clock changes kept in RulesImpact::changes (counts are always
  /// complete); nothing means all.
  std::optional<std::size_t> list_limit;
  std::filesystem::path calendars_dir;  ///< for the KVI pass: calendars never stored (default: shipped)
  /// Judge every month's KVIs by this settings file (not stored) instead of
  /// the settings version in force in each month.
  std::optional<std::filesystem::path> kvi_settings_file;
  /// Called now and then with the number of entities seen so far.
  std::function<void(std::size_t)> progress;
};

/// One clock whose status or due instant the candidate would change; both
/// judgements at the same as-of, reasons rendered.
struct ClockChange {
  ClockResult current;    ///< under the stored rule versions
  ClockResult candidate;  ///< under the candidate
  KviMonth opened_month;  ///< the local month (candidate's zone) the entity opened in
  bool status_changed() const noexcept { return current.status != candidate.status; }
  bool due_moved() const noexcept { return current.due_at != candidate.due_at; }
};

struct ClockChangeCount {
  std::size_t changed = 0;         ///< status changed or due moved
  std::size_t status_changed = 0;  ///< of which the status changed
  std::size_t due_moved = 0;       ///< of which the due instant moved
};

/// A count on the scorecard (KviCount::name) whose size would change.
struct KviCountMove {
  std::string name;  ///< e.g. "initial_response.on_time"
  std::size_t current = 0;
  std::size_t candidate = 0;
};

/// One KVI whose figure, RAG or supporting counts would move in a month
/// (Issue Resolution's figure is feedback, so a contact clock moves only its
/// counts: acknowledge, initial_response and resolution on time, late, running).
struct KviMove {
  KviResult current;
  KviResult candidate;
  std::vector<KviCountMove> counts;  ///< the counts that change, in scorecard order
};

struct KviMonthImpact {
  KviMonth month;
  std::optional<double> current_score;
  std::optional<double> candidate_score;
  std::vector<KviMove> moved;  ///< in scorecard order; empty when nothing moves
};

struct RulesImpact {
  RuleSet candidate;
  ImpactScope scope = ImpactScope::as_loaded;
  CivilDate from, to;
  Instant range_start;  ///< from 00:00 local
  Instant range_end;    ///< the day after `to`, 00:00 local (exclusive)
  Instant as_of;
  /// Where the candidate judges: entities opened in [judged_from,
  /// judged_to); nothing when it judges no entity of the range (an
  /// effective_from after the range, say).
  std::optional<std::pair<Instant, Instant>> judged;
  /// The stored versions the candidate stands in for inside that window.
  std::vector<std::string> replaced_versions;
  bool already_loaded = false;             ///< the same version and content are already stored
  std::size_t sweeps_after_effective = 0;  ///< loading it would need `rules load --allow-backdate`

  std::size_t entities_in_range = 0;  ///< opened in the range by as_of
  std::size_t entities_judged = 0;    ///< of which the candidate judges
  std::size_t entities_changed = 0;   ///< with at least one clock changed
  std::size_t clocks_judged = 0;      ///< clocks of the entities the candidate judges
  std::size_t clocks_changed = 0;
  std::map<ClockId, ClockChangeCount> by_clock;
  /// (current status, candidate status) -> how many clocks; only status changes.
  std::map<std::pair<ClockStatus, ClockStatus>, std::size_t> by_flip;
  /// The clocks whose status changes, then those whose due instant only
  /// moves, each in entity order then clock order; at most options.list_limit.
  std::vector<ClockChange> changes;

  /// The months compared: the range's months, through the end of the
  /// quarter `to` falls in (a quarterly KVI's figure covers its whole
  /// quarter); each month's scorecard as `slaclock kvi` computes it, judged
  /// at the month's end or at as_of when that is earlier. Empty when the
  /// candidate judges no entity (then no figure can move).
  std::vector<KviMonthImpact> months;
  std::size_t kvi_moves() const noexcept {
    std::size_t n = 0;
    for (const auto& m : months) n += m.moved.size();
    return n;
  }
};

/// Throws ConfigError for a bad candidate file (file, line, field) or one
/// that clashes with a stored version as `rules load` would refuse it, or
/// when no rule version is stored; InputError when `to` is before `from`;
/// StoreError when the database cannot be read. Stores nothing.
RulesImpact rules_impact(const EventStore& store, const RulesImpactOptions& options);

}  // namespace slaclock
