// The issue clocks (the 2020 scorecard's Customer Issue Resolution): an
// issue's impact score puts it in a score band, and the band decides how
// soon customers must be notified (issue_notification, stopped by
// customers_notified) and a rectification plan given (issue_plan, stopped by
// plan_provided), both counted from when the issue was raised.
#include "clock/clock_context.h"

#include <string>

namespace slaclock::detail {

int issue_impact_score(const Event& raised) {
  // The importer checked it is a whole number.
  return std::stoi(raised.field("impact_score").value_or("0"));
}

std::vector<ClockResult> evaluate_issue(const Timeline& t, Instant as_of, const EvaluationInputs& in) {
  const Event* raised = t.opening(as_of);
  if (!raised) return {};
  const Instant r = raised->at;
  const RuleSet* in_force = in.rules.find_in_force_at(r);
  if (!in_force) return unjudged(t, as_of, NotApplicableCause::no_rule_version);
  const RuleSet& rules = *in_force;
  const Calendar cal = in.calendar_named(rules.calendar);
  const ClockContext cx{t, as_of, rules, cal, raised->field("customers").value_or("")};
  const int score = issue_impact_score(*raised);
  const IssueBand& band = rules.issue_band_of(score);

  StoppableClock notified, planned;
  for (const Event* e : events_by(t, as_of)) {
    if (e->type == EventType::customers_notified) notified.stop(e->at, StopCause::customers_notified, false);
    if (e->type == EventType::plan_provided) planned.stop(e->at, StopCause::plan_provided, false);
  }
  const auto by_band = [&](ClockId id, const Allowance& a, const StoppableClock& stop) {
    ClockResult c = cx.settle(id, r, due_after(r, a, cal), stop, measure_of(a), {DueBasis::Kind::allowance, a, {}, 0});
    c.subject = band.name + " band (score " + std::to_string(score) + ")";
    return c;
  };
  return {by_band(ClockId::issue_notification, band.notification, notified),
          by_band(ClockId::issue_plan, band.plan, planned)};
}

}  // namespace slaclock::detail
