#pragma once
// The SLA clock engine: a timeline, the rules, the calendars and an instant
// in; every clock's start, due, stop, status and figures out (clock_result.h).
// No SQL, no printing, no prose, no reading of the system clock: "now" is the
// as_of argument, which is what makes replay exact. One function per clock,
// in contact_clocks.cpp, breach_clocks.cpp and kpi_clocks.cpp.
//
//   EvaluationInputs in{book, [](const std::string& n) { return load_calendar(n); }, &kpis};
//   for (const ClockResult& c : evaluate_timeline(timeline, as_of, in)) ...
#include <slaclock/calendar/calendar.h>
#include <slaclock/clock/clock_result.h>
#include <slaclock/clock/event.h>
#include <slaclock/clock/rule_set.h>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace slaclock {

/// KPI results known at the as-of instant: kpi -> period (YYYY-MM) -> met.
/// Needed because "missed more than N consecutive months" spans entities.
struct KpiHistory {
  std::map<std::string, std::map<std::string, bool>> by_kpi;  ///< kpi -> period -> met
  void add(const std::string& kpi, const std::string& period, bool met) { by_kpi[kpi][period] = met; }
  /// Adds a KPI-result timeline's result if it happened by as_of; other
  /// timelines are ignored. The one reading of a result shared by sweep,
  /// replay and the KVI scorecard.
  void add_result_of(const Timeline& t, Instant as_of);
};

/// Whether a KPI result event says the KPI was met: the one reading of its
/// `met` field (required on import; a missing one reads as not met).
bool kpi_result_met(const Event& result);

struct EvaluationInputs {
  const RuleBook& rules;
  std::function<Calendar(const std::string&)> calendar_named;
  const KpiHistory* kpi_history = nullptr;  ///< may be null: kpi_consecutive then counts this result alone
};

/// The calendar an entity's clocks count on under `rules`: its opening
/// event's `calendar` field, else the calendar its customer is mapped to
/// (RuleSet::customer_calendars; a breach's `customers`), else its customer
/// class's (customer_class_calendars), else the version's `calendar`.
const std::string& calendar_of_entity(const Event& opening, const RuleSet& rules);

/// Evaluates every clock of one entity as of `as_of`. Only events that
/// happened by as_of count (the caller chooses which were known: as-known
/// replay passes only events recorded by then). Surveys and reports carry no
/// clocks and give an empty list. An entity that started before every rule
/// version, or whose dates fall outside its calendar's years, gets its clocks
/// as not_applicable saying so: one such entity never blocks a sweep.
std::vector<ClockResult> evaluate_timeline(const Timeline& timeline, Instant as_of, const EvaluationInputs& in);

/// A running clock as a sweep stored it (start, due, at-risk instant, measure,
/// allowance, due basis), judged again at `as_of` without its timeline, as the
/// engine would judge it then had no event arrived since: breached strictly
/// after due, at_risk from its at-risk instant, else pending; used time
/// counted from the start to as_of in its measure on `cal` (the clock's own
/// calendar). A regular_updates clock whose gap was broken keeps the figures
/// of that gap. Clocks that are not running, or have no start or due, come
/// back unchanged. A clock held when stored (held_since) stays held: its status
/// stays, and its due and at-risk instants and held time move on by the time
/// held since. What `overdue` shows. Throws RangeError outside `cal`'s years.
/// `judged_at` is the instant the stored figures were judged at (the sweep's
/// as-of), which a held clock needs: its held time counts to then.
ClockResult judge_stored_clock(ClockResult stored, Instant as_of, const Calendar& cal,
                               std::optional<Instant> judged_at = std::nullopt);

/// Close of business on the n-th business day of the month after `day`'s
/// month (n >= 1; the first business day of that month is day 1).
Instant business_day_of_next_month(CivilDate day, int n, const Calendar& cal);
/// Exit close-out deadline for gas day D: business_day_of_next_month(D, n).
Instant exit_close_out_deadline(CivilDate gas_day, int n, const Calendar& cal);

/// The band a Gemini contact received at r for gas day D falls in.
GeminiBand gemini_band_of(Instant received, CivilDate gas_day, int exit_close_out_days, const Calendar& cal);

}  // namespace slaclock
