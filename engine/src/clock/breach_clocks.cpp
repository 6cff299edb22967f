// The data-breach clocks: breach_notification (customers told within the
// allowance, for the severities the rules name), breach_resolution, and
// breach_monthly_report (the severities reported monthly, 2020 scorecard).
#include "clock/clock_context.h"

namespace slaclock::detail {

std::vector<ClockResult> evaluate_breach(const Timeline& t, Instant as_of, const EvaluationInputs& in) {
  const Event* identified = t.opening(as_of);
  if (!identified) return {};
  const Instant i = identified->at;
  const RuleSet* in_force = in.rules.find_in_force_at(i);
  if (!in_force) return unjudged(t, as_of, NotApplicableCause::no_rule_version);
  const RuleSet& rules = *in_force;
  const Calendar cal = in.calendar_named(calendar_of_entity(*identified, rules));
  const ClockContext cx{t, as_of, rules, cal, identified->field("customers").value_or(""), nullptr};
  const std::string severity = identified->field("severity").value_or("");

  StoppableClock notified, resolved;
  for (const Event* e : events_by(t, as_of)) {
    if (e->type == EventType::customers_notified) notified.stop(e->at, StopCause::customers_notified, false);
    if (e->type == EventType::resolved) resolved.stop(e->at, StopCause::resolved, false);
  }
  const auto by_allowance = [&](ClockId id, const Allowance& a, const StoppableClock& stop) {
    return cx.settle(id, i, due_after(i, a, cal), stop, measure_of(a), {DueBasis::Kind::allowance, a, {}, 0});
  };

  std::vector<ClockResult> out;
  if (rules.breach_notification_severities.count(severity)) {
    out.push_back(by_allowance(ClockId::breach_notification, rules.breach_notification, notified));
  } else {
    ClockResult n = cx.not_applicable(ClockId::breach_notification, NotApplicableCause::severity_reported_monthly);
    n.basis = {DueBasis::Kind::allowance, rules.breach_notification, {}, 0};
    out.push_back(std::move(n));
  }
  out.back().subject = severity;
  out.push_back(by_allowance(ClockId::breach_resolution, rules.breach_resolution, resolved));
  if (rules.reported_monthly(severity)) {
    // Reported to customers in the monthly report: due by the close of
    // business on business day N of the month after identification, and
    // answered by customers_notified (the report that names it).
    const int n = rules.breach_monthly_report_business_day;
    const CivilDate identified_day = cal.zone().to_local(i).date;
    const Instant due = business_day_of_next_month(identified_day, n, cal);
    ClockResult m = cx.settle(ClockId::breach_monthly_report, i, due, notified, Measure::business,
                              {DueBasis::Kind::next_month_business_day, {}, std::nullopt, n});
    m.subject = severity;
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace slaclock::detail
