#pragma once
// What the clock engine says about one clock: start, due, stop, status and
// the figures behind them (measure, allowance, time used, what stopped it,
// where the due date came from). No prose: the reason sentence is rendered
// at the edges from these figures (report/clock_reason.h), so it can be
// rendered again at another instant and never goes stale.
//
//   for (const ClockResult& c : evaluate_timeline(t, as_of, in))
//     if (c.status == ClockStatus::breached) alert(c.entity_id, clock_name(c.clock), c.remaining_seconds());
#include <slaclock/clock/clock_definition.h>
#include <slaclock/clock/clock_id.h>
#include <slaclock/clock/event.h>
#include <slaclock/clock/rule_set.h>
#include <slaclock/time/time_types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace slaclock {

enum class ClockStatus : std::uint8_t { pending, at_risk, breached, met, missed, not_applicable };
const char* clock_status_name(ClockStatus s) noexcept;
std::optional<ClockStatus> parse_clock_status(std::string_view word) noexcept;
/// Running clocks: pending, at_risk, breached.
constexpr bool is_running(ClockStatus s) noexcept {
  return s == ClockStatus::pending || s == ClockStatus::at_risk || s == ClockStatus::breached;
}

/// Business clocks count only the calendar's working windows; clock-hour and
/// Gemini clocks count every second (24x7).
enum class Measure : std::uint8_t { business, elapsed };
const char* measure_name(Measure m) noexcept;  ///< "business", "elapsed"
std::optional<Measure> parse_measure(std::string_view word) noexcept;

// StopCause, NotApplicableCause: clock/clock_definition.h (a definition names them).

/// Where a clock's due instant comes from.
struct DueBasis {
  enum class Kind : std::uint8_t {
    allowance,                ///< `allowance` counted from the start
    gas_day_start,            ///< Gemini: start of `gas_day`
    gas_day_end,              ///< Gemini: end of `gas_day`
    exit_close_out,           ///< Gemini: exit close-out for `gas_day`
    revised_date,             ///< the revised resolution date agreed with the customer
    update_gap,               ///< regular_updates: `allowance` between updates
    consecutive_misses,       ///< kpi_consecutive: at most `limit` consecutive missed months
    next_month_business_day,  ///< close of business on business day `limit` of the month after the start's
  };
  Kind kind = Kind::allowance;
  Allowance allowance;
  std::optional<CivilDate> gas_day;
  int limit = 0;
  friend bool operator==(const DueBasis&, const DueBasis&) = default;
};
/// "allowance", "gas_day_start", ...: the kind's enumerator name, as stored.
const char* due_basis_kind_name(DueBasis::Kind k) noexcept;
std::optional<DueBasis::Kind> parse_due_basis_kind(std::string_view word) noexcept;

struct ClockResult {
  std::string entity_id;
  EntityKind kind = EntityKind::contact;
  ClockId clock = ClockId::acknowledge;
  ClockStatus status = ClockStatus::not_applicable;
  std::optional<Instant> started_at;
  std::optional<Instant> due_at;
  std::optional<Instant> stopped_at;
  /// When a running clock turns at_risk (the at-risk share of its allowance
  /// used), so stored state can be re-judged at a later instant without the
  /// calendar. Empty when not computed.
  std::optional<Instant> at_risk_at;
  std::string rule_version;
  std::string calendar;
  std::optional<GeminiBand> band;
  std::string customer;  ///< the contact's customer, or the breach's customers; may be empty

  // The figures behind the status, in the clock's own measure.
  Measure measure = Measure::business;
  std::int64_t allowance_seconds = 0;  ///< start to due
  std::int64_t used_seconds = 0;       ///< start to the stop, or to as_of while running
  StopCause stopped_by = StopCause::none;
  /// StopCause::event: the event type that stopped a site clock.
  EventType stop_event = EventType::received;
  DueBasis basis;
  /// A target by priority, category or customer class: which row applied and
  /// why, e.g. "priority P1" or "priority P5, the default"; empty for a clock
  /// with one target.
  std::string target;
  NotApplicableCause not_applicable_because = NotApplicableCause::applies;
  /// A paused clock (ClockDefinition::pause_on_hold): the time it was on hold, in
  /// its measure, by as_of (or its stop). Its due and at-risk instants are
  /// already moved on by it; used_seconds leaves it out.
  std::int64_t held_seconds = 0;
  /// Held at as_of: when the open hold began. A held clock stands still: its
  /// status is the one it had then, and its due instant is where it falls if
  /// the hold ends at as_of.
  std::optional<Instant> held_since;
  /// regular_updates: the contact that came after a gap broke the limit.
  std::optional<Instant> late_contact_at;
  /// breach_notification: the severity; kpi clocks: the KPI name.
  std::string subject;
  /// kpi clocks: the KPI's priority and the period of the result; contact
  /// clocks: the contact's priority at the stop (or as of the judgement).
  std::string priority;
  std::string period;
  /// kpi_consecutive: the run of consecutive missed months ending with `period`.
  std::vector<std::string> missed_periods;

  /// Rendered at the edges (report/clock_reason.h) or read back from a stored
  /// sweep; the engine leaves it empty.
  std::string reason;

  /// A clock timed against an allowance: it applies, has a due instant and is
  /// not a one-off judgement (kpi_consecutive). Only these have meaningful
  /// figures (allowance, used, percent used, remaining).
  bool is_timed() const noexcept {
    return status != ClockStatus::not_applicable && due_at.has_value() &&
           basis.kind != DueBasis::Kind::consecutive_misses;
  }
  /// allowance - used: negative once a clock is past due.
  std::int64_t remaining_seconds() const noexcept { return allowance_seconds - used_seconds; }
  /// used / allowance as a percentage (100 when the allowance is empty).
  double percent_used() const noexcept {
    return allowance_seconds > 0 ? 100.0 * static_cast<double>(used_seconds) / static_cast<double>(allowance_seconds)
                                 : 100.0;
  }
  friend bool operator==(const ClockResult&, const ClockResult&) = default;
};

/// The same judgement as a sweep records it: every stored column equal
/// (identity, status, instants, rules, calendar, band, customer, reason).
/// What an auditor compares between a replay and a stored sweep.
bool same_recorded_judgement(const ClockResult& a, const ClockResult& b) noexcept;

}  // namespace slaclock
