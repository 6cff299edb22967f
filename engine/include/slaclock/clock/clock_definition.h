#pragma once
// A clock as data: what a rule version says about one of its clocks (what
// starts it, what stops it, whether holds pause it, its target, its notices),
// and the one table of what the program knows about each built-in clock kind.
// A definition of kind `allowance` is start/stop/pause/target and nothing
// else; the other kinds carry logic no definition can express (Gemini's
// gas-day bands, a revised date, the gaps between updates, a run of missed
// KPI months, the breach monthly report, an issue's score bands), and a
// definition names and parameterises them.
//
//   const ClockDefinition* d = rules.clock(ClockId::resolution);
//   const ClockKindFacts& k = clock_kind_facts(d->kind);   // name, entities, may pause, ...
//   const Allowance& a = d->target.for_value(attribute_at(t, d->target.by, at));
#include <slaclock/clock/clock_id.h>
#include <slaclock/clock/event.h>

#include <array>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace slaclock {

/// How long a clock allows: business time, business days (close of the N-th
/// business day after the start day), or plain elapsed time (24x7).
struct Allowance {
  enum class Unit { business_seconds, business_days, elapsed_seconds };
  Unit unit = Unit::business_seconds;
  std::int64_t amount = 0;  ///< seconds, or a number of days for business_days
  friend bool operator==(const Allowance&, const Allowance&) = default;
};
/// "business_seconds", "business_days", "elapsed_seconds": how a unit is stored.
const char* allowance_unit_name(Allowance::Unit u) noexcept;
std::optional<Allowance::Unit> parse_allowance_unit(std::string_view word) noexcept;

enum class GeminiBand { before_the_day, on_the_day, within_exit_close_out, after_exit_close_out };
const char* gemini_band_name(GeminiBand b) noexcept;
std::optional<GeminiBand> parse_gemini_band(std::string_view word) noexcept;

/// Where a Gemini band's clock falls due.
struct GeminiDueRule {
  enum class Kind { gas_day_start, gas_day_end, exit_close_out, allowance };
  Kind kind = Kind::allowance;
  Allowance allowance;  ///< for Kind::allowance, counted from receipt
  friend bool operator==(const GeminiDueRule&, const GeminiDueRule&) = default;
};

/// An issue's score band: issues scoring at least `min_score` (and less than
/// the next band's) get this allowance from being raised.
struct IssueBand {
  std::string name;
  int min_score = 0;
  Allowance allowance;
  friend bool operator==(const IssueBand&, const IssueBand&) = default;
};

/// What stopped a clock. Named in a definition's `stop` list (`cause:`).
enum class StopCause : std::uint8_t {
  none,
  acknowledged,
  update_with_revised_date,  ///< initial_response: an update that agreed a revised date
  explanation_very_complex,  ///< resolution of a very complex contact: the explanation stops it
  resolved,
  closed,                   ///< closed without a resolution: counts as one
  resolved_unacknowledged,  ///< acknowledge: resolved before any acknowledgement
  closed_unacknowledged,    ///< acknowledge: closed before any acknowledgement
  customers_notified,
  contact_ended,     ///< regular_updates: the contact was resolved or closed
  kpi_result,        ///< kpi_consecutive: judged when the result arrived
  parties_notified,  ///< parties_notification: NG/DNs/iGTs notified
  plan_provided,     ///< issue_plan: a rectification plan given
  event,             ///< a site clock's stop event, named by ClockResult::stop_event
};
const char* stop_cause_name(StopCause c) noexcept;  ///< the enumerator's name
/// What a stop event says stopped the clock when its definition names no
/// cause: the event's own word where there is one (resolved, closed, ...),
/// else StopCause::event (the result names the event type).
StopCause default_stop_cause(EventType t) noexcept;
std::optional<StopCause> parse_stop_cause(std::string_view word) noexcept;

/// Why a clock does not apply to an entity.
enum class NotApplicableCause : std::uint8_t {
  applies,
  no_revised_date,            ///< revised_resolution: no revised date agreed
  not_acknowledged_yet,       ///< regular_updates: starts at the acknowledgement
  severity_reported_monthly,  ///< breach_notification: this severity is reported in the monthly pack
  kpi_met,                    ///< the KPI was met: nothing to notify or count
  priority_not_counted,       ///< the KPI's priority carries no notice under the rules
  no_rule_version,            ///< the entity started before every loaded rule version
  outside_calendar,           ///< the entity's dates fall outside the calendar's precomputed years
  condition_not_met,          ///< a site clock's start condition does not hold (`otherwise: not_applicable`)
};
const char* not_applicable_cause_name(NotApplicableCause c) noexcept;
std::optional<NotApplicableCause> parse_not_applicable_cause(std::string_view word) noexcept;

/// The notices operations sends: a clock at risk or breached (also a KPI that
/// has missed more consecutive months than allowed), and a customer
/// notification that is due while its clock runs.
enum class NoticeKind : std::uint8_t { breached, at_risk, notify_customers };
const char* notice_kind_name(NoticeKind k) noexcept;  ///< "breached", "at_risk", "notify_customers"
std::optional<NoticeKind> parse_notice_kind(std::string_view word) noexcept;
inline constexpr std::array<NoticeKind, 3> all_notice_kinds{NoticeKind::breached, NoticeKind::at_risk,
                                                            NoticeKind::notify_customers};

/// The built-in clock kinds. `allowance` is the generic one; every other kind
/// is one function in the engine (engine/src/clock/*_clocks.cpp).
enum class ClockKind : std::uint8_t {
  allowance,              ///< start, stops, holds and a target: nothing else
  gemini_resolution,      ///< due by the gas-day band the contact was received in
  revised_resolution,     ///< due at the latest revised date agreed with the customer
  regular_updates,        ///< no gap between the desk's updates longer than the target
  kpi_consecutive,        ///< no more than N consecutive missed months of one KPI
  breach_monthly_report,  ///< in the customers' report by business day N of the next month
  issue_band,             ///< the target of the issue's impact-score band
};

/// Everything the program knows about a clock kind, in one table: read by
/// the rule reader, the engine, the sweep, the docs and the completion.
struct ClockKindFacts {
  ClockKind kind;
  const char* name;
  /// The entity kinds a definition of this kind may run on.
  std::vector<EntityKind> entities;
  /// Whether a definition may say `pause_on_hold: true` (contacts only).
  bool may_pause;
  /// Whether a definition names its target (`target:`); gemini bands, revised
  /// dates, runs of misses and monthly reports have their own due rules.
  bool has_target;
  /// A one-off judgement made at the start (kpi_consecutive): a `missed`
  /// result raises a breached notice, and it is never timed.
  bool judged_once;
  const char* about;  ///< one line, for docs and `rules check`
};
const ClockKindFacts& clock_kind_facts(ClockKind k) noexcept;
const std::vector<ClockKindFacts>& all_clock_kinds() noexcept;
const char* clock_kind_name(ClockKind k) noexcept;
std::optional<ClockKind> parse_clock_kind(std::string_view word) noexcept;

/// A test on a field: of the event it is about (the start or stop event),
/// or else the entity's attribute at that instant (attribute_at). A missing
/// field reads as empty: never `in`, always `not_in`, never `present`.
struct FieldCondition {
  enum class Test : std::uint8_t { in, not_in, present, absent };
  std::string field;
  Test test = Test::in;
  std::set<std::string> values;
  /// When the test fails: the clock is left out (`applies`), or reported as
  /// not_applicable for this cause.
  NotApplicableCause otherwise = NotApplicableCause::applies;
  friend bool operator==(const FieldCondition&, const FieldCondition&) = default;
};

/// An event that starts or stops a clock, with the conditions it must meet.
struct ClockEvent {
  EventType event = EventType::received;
  std::vector<FieldCondition> when;   ///< all must hold
  StopCause cause = StopCause::none;  ///< for a stop: what the result says stopped it
  friend bool operator==(const ClockEvent&, const ClockEvent&) = default;
};

/// A clock's allowance, one for every entity or a table keyed by an
/// attribute (priority, category, customer_class) with a default.
struct ClockTarget {
  std::string by;  ///< empty: `fallback` for every entity
  std::vector<std::pair<std::string, Allowance>> table;
  Allowance fallback;
  /// The allowance for an attribute's value (the default when absent or not in the table).
  const Allowance& for_value(const std::optional<std::string>& value) const noexcept;
  /// Whether `value` is one of the table's keys.
  bool has_key(const std::optional<std::string>& value) const noexcept;
  friend bool operator==(const ClockTarget&, const ClockTarget&) = default;
};

struct ClockDefinition {
  ClockId id;
  ClockKind kind = ClockKind::allowance;
  EntityKind entity = EntityKind::contact;
  ClockEvent start;               ///< the first such event by as_of starts it
  std::vector<ClockEvent> stops;  ///< the first of these stops it
  /// A reopening restarts it when a resolution or a close stopped it.
  bool restart_on_reopen = false;
  /// The contact's on_hold ... off_hold periods pause it.
  bool pause_on_hold = false;
  ClockTarget target;
  std::optional<double> at_risk_share;  ///< else the version's
  std::string calendar;                 ///< else the entity's (calendar_of_entity)
  std::string subject_field;            ///< the start event's field the result is about (severity, kpi, parties)
  std::set<NoticeKind> notices{NoticeKind::at_risk, NoticeKind::breached};

  // The built-in kinds' parameters.
  int exit_close_out_business_days = 15;  ///< gemini_resolution
  std::array<GeminiDueRule, 4> gemini_bands{
      GeminiDueRule{GeminiDueRule::Kind::gas_day_start, {}}, GeminiDueRule{GeminiDueRule::Kind::gas_day_end, {}},
      GeminiDueRule{GeminiDueRule::Kind::exit_close_out, {}},
      GeminiDueRule{GeminiDueRule::Kind::allowance, {Allowance::Unit::business_days, 7}}};
  std::vector<IssueBand> issue_bands;  ///< issue_band: highest min_score first, the last at 0
  int max_consecutive_misses = 2;      ///< kpi_consecutive
  int report_business_day = 5;         ///< breach_monthly_report

  /// The band an impact score falls in (scores below 0 fall in the last).
  const IssueBand& issue_band_of(int score) const;
  friend bool operator==(const ClockDefinition&, const ClockDefinition&) = default;
};

}  // namespace slaclock
