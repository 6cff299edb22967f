#pragma once
// What every clock function of the engine shares: the entity, the instant,
// the rules and calendar in force, and one way to settle a clock from its
// start, due and stop.
#include <slaclock/calendar/calendar.h>
#include <slaclock/clock/clock_engine.h>
#include <slaclock/clock/holds.h>

#include <optional>
#include <vector>

namespace slaclock::detail {

/// A clock that one kind of event stops; a reopen restarts it when the stop
/// was a resolution.
struct StoppableClock {
  std::optional<Instant> stopped_at;
  StopCause stopped_by = StopCause::none;
  bool by_resolution = false;

  bool running() const { return !stopped_at.has_value(); }
  void stop(Instant at, StopCause by, bool resolution) {
    if (!running()) return;
    stopped_at = at;
    stopped_by = by;
    by_resolution = resolution;
  }
  void reopen() {
    if (stopped_at && by_resolution) stopped_at.reset(), stopped_by = StopCause::none;
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

struct ClockContext {
  const Timeline& timeline;
  Instant as_of;
  const RuleSet& rules;
  const Calendar& cal;
  std::string customer;
  /// The contact's hold periods; they pause the clocks rules.pausable_clocks names.
  const std::vector<HoldPeriod>* holds = nullptr;

  /// A result with the entity's identity, rules and calendar filled in.
  ClockResult blank(ClockId clock) const;
  /// Status, start, due, stop, at-risk instant and figures of a clock that
  /// runs from `start` to `due` in `measure` and stops at `stop` (if by as_of),
  /// paused by the holds when the rules name it.
  ClockResult settle(ClockId clock, Instant start, Instant due, const StoppableClock& stop, Measure measure,
                     const DueBasis& basis) const;
  ClockResult not_applicable(ClockId clock, NotApplicableCause why) const;
  void pause(ClockResult& r, Instant end, bool stopped) const;
  /// Seconds from `from` to `to` in `measure` on this calendar.
  std::int64_t measured(Instant from, Instant to, Measure measure) const;
};

/// Every clock of the entity's kind, not_applicable for `why`: what an
/// entity that cannot be judged gets instead of an error.
std::vector<ClockResult> unjudged(const Timeline& t, Instant as_of, NotApplicableCause why);

std::vector<ClockResult> evaluate_contact(const Timeline& t, Instant as_of, const EvaluationInputs& in);
std::vector<ClockResult> evaluate_breach(const Timeline& t, Instant as_of, const EvaluationInputs& in);
std::vector<ClockResult> evaluate_kpi(const Timeline& t, Instant as_of, const EvaluationInputs& in);
std::vector<ClockResult> evaluate_issue(const Timeline& t, Instant as_of, const EvaluationInputs& in);

}  // namespace slaclock::detail
