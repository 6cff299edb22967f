#pragma once
// The SLA clock engine: a timeline, the rules, the calendars and an instant
// in; every clock's start, due, stop, status and reason out. No SQL, no
// printing, no reading of the system clock: "now" is the as_of argument, which
// is what makes replay exact.
//
//   EvaluationInputs in{book, [](const std::string& n) { return load_calendar(n); }, &kpis};
//   for (const ClockResult& c : evaluate_timeline(timeline, as_of, in)) ...
#include <slaclock/calendar/calendar.h>
#include <slaclock/clock/event.h>
#include <slaclock/clock/rule_set.h>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace slaclock {

enum class ClockStatus { pending, at_risk, breached, met, missed, not_applicable };
const char* clock_status_name(ClockStatus s) noexcept;
std::optional<ClockStatus> parse_clock_status(std::string_view word) noexcept;
/// Running clocks: pending, at_risk, breached.
constexpr bool is_running(ClockStatus s) noexcept {
  return s == ClockStatus::pending || s == ClockStatus::at_risk || s == ClockStatus::breached;
}

struct ClockResult {
  std::string entity_id;
  EntityKind kind = EntityKind::contact;
  std::string clock;  ///< acknowledge, initial_response, resolution, revised_resolution, regular_updates,
                      ///< gemini_resolution, breach_notification, breach_resolution, kpi_miss_notice, kpi_consecutive
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
  std::string reason;    ///< one line an auditor can read
  std::string customer;  ///< the contact's customer, or the breach's customers; may be empty
  friend bool operator==(const ClockResult&, const ClockResult&) = default;
};

/// KPI results known at the as-of instant: kpi -> period (YYYY-MM) -> met.
/// Needed because "missed more than N consecutive months" spans entities.
struct KpiHistory {
  std::map<std::string, std::map<std::string, bool>> by_kpi;
  void add(const std::string& kpi, const std::string& period, bool met) { by_kpi[kpi][period] = met; }
  /// Adds a KPI-result timeline's result if it happened by as_of; other
  /// timelines are ignored. The one reading of a result shared by sweep,
  /// replay and the KVI scorecard.
  void add_result_of(const Timeline& t, Instant as_of);
};

struct EvaluationInputs {
  const RuleBook& rules;
  std::function<Calendar(const std::string&)> calendar_named;
  const KpiHistory* kpi_history = nullptr;  ///< may be null: kpi_consecutive then counts this result alone
};

/// Evaluates every clock of one entity as of `as_of`. Only events that
/// happened by as_of count (the caller chooses which were known: as-known
/// replay passes only events recorded by then). Surveys and reports carry no
/// clocks and give an empty list. Throws ConfigError when no rule version is in
/// force at the entity's start.
std::vector<ClockResult> evaluate_timeline(const Timeline& timeline, Instant as_of, const EvaluationInputs& in);

/// Exit close-out deadline for gas day D: close of business on the n-th
/// business day of the month after D's month.
Instant exit_close_out_deadline(CivilDate gas_day, int n, const Calendar& cal);

/// The band a Gemini contact received at r for gas day D falls in.
GeminiBand gemini_band_of(Instant received, CivilDate gas_day, int exit_close_out_days, const Calendar& cal);

}  // namespace slaclock
