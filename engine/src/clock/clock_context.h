#pragma once
// What every clock kind's function shares: the entity, the instant, the rule
// version and the definition being judged, its calendar, and one way to settle
// a clock from its start, due and stop.
#include <slaclock/calendar/calendar.h>
#include <slaclock/clock/clock_engine.h>
#include <slaclock/clock/holds.h>

#include <optional>
#include <vector>

namespace slaclock::detail {

/// Where a clock stopped, if it has: the first of its stop events; a
/// reopening restarts it when a resolution or close stopped it.
struct ClockStop {
  std::optional<Instant> stopped_at;
  StopCause stopped_by = StopCause::none;
  EventType stop_event = EventType::received;
  bool by_ending = false;  ///< a resolution or close: a reopening may undo it

  bool running() const { return !stopped_at.has_value(); }
  void stop(Instant at, StopCause by, bool ending, EventType event = EventType::received) {
    if (!running()) return;
    stopped_at = at;
    stopped_by = by;
    stop_event = event;
    by_ending = ending;
  }
  void reopen() {
    if (stopped_at && by_ending) stopped_at.reset(), stopped_by = StopCause::none;
  }
};

Measure measure_of(const Allowance& a) noexcept;
/// `x` moved on by `held` seconds of `measure` on `cal` (business time
/// through add_business, elapsed time plainly); `x` itself when held is 0.
Instant moved_by(Instant x, std::int64_t held, Measure measure, const Calendar& cal);
/// The due instant `a` after `start` on `cal`.
Instant due_after(Instant start, const Allowance& a, const Calendar& cal);

/// The entity's events that happened by as_of, in the order they happened.
std::vector<const Event*> events_by(const Timeline& t, Instant as_of);

/// One definition being judged for one entity.
struct ClockContext {
  const Timeline& timeline;
  const std::vector<const Event*>& events;  ///< events_by(timeline, as_of)
  Instant as_of;
  const RuleSet& rules;
  const ClockDefinition& def;
  const Calendar& cal;
  const std::string& customer;
  /// The contact's hold periods; they pause the clock when def.pause_on_hold.
  const std::vector<HoldPeriod>* holds = nullptr;

  /// A result with the entity's identity, rules and calendar filled in.
  ClockResult blank() const;
  /// Status, start, due, stop, at-risk instant and figures of a clock that
  /// runs from `start` to `due` in `measure` and stops at `stop` (if by as_of),
  /// paused by the holds when the definition says so.
  ClockResult settle(Instant start, Instant due, const ClockStop& stop, Measure measure, const DueBasis& basis) const;
  ClockResult not_applicable(NotApplicableCause why) const;
  /// Seconds from `from` to `to` in `measure` on this calendar.
  std::int64_t measured(Instant from, Instant to, Measure measure) const;
  /// `due` for a span from `start` judged up to `end`, moved on by the holds
  /// that began in it before it fell due (the same rule as settle's).
  Instant due_after_holds(Instant start, Instant due, Instant end, Measure measure) const;

  /// Whether every condition holds for event `e` (its own field, else the
  /// entity's attribute at e.at); the first that fails, when one does.
  const FieldCondition* first_failing(const std::vector<FieldCondition>& when, const Event& e) const;
  /// The definition's stop events read over the entity's events (reopenings
  /// restart it when the definition says so). `clamp_to_start`: a stop event
  /// before `start` stops it at `start`.
  ClockStop read_stops(Instant start, const Event* start_event, bool clamp_to_start) const;
  /// The allowance of the definition's target for this entity at `at`, and
  /// the words saying which row applied (empty for a single target).
  std::pair<Allowance, std::string> target_at(Instant at) const;

 private:
  void pause(ClockResult& r, Instant end, bool stopped) const;
};

// The built-in kinds: one function each (clock_definition.h, ClockKind).
ClockResult allowance_clock(const ClockContext& cx, const Event& start);
ClockResult gemini_resolution_clock(const ClockContext& cx, const Event& start);
ClockResult revised_resolution_clock(const ClockContext& cx, const Event& start);
ClockResult regular_updates_clock(const ClockContext& cx, const Event& start);
ClockResult kpi_consecutive_clock(const ClockContext& cx, const Event& start, const KpiHistory* history);
ClockResult breach_monthly_report_clock(const ClockContext& cx, const Event& start);
ClockResult issue_band_clock(const ClockContext& cx, const Event& start);

/// Every clock the version defines for the entity's kind that starts at its
/// opening, not_applicable for `why`: what an entity that cannot be judged
/// gets instead of an error. No clocks when there is no version at all.
std::vector<ClockResult> unjudged(const Timeline& t, Instant as_of, NotApplicableCause why, const RuleSet* version);

}  // namespace slaclock::detail
