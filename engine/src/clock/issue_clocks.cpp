// The issue_band kind (the 2020 scorecard's Customer Issue Resolution): an
// issue's impact score puts it in a score band of the definition, and the
// band's allowance decides how soon the clock falls due from the raising
// (issue_notification, stopped by customers_notified; issue_plan, stopped by
// plan_provided).
#include "clock/clock_context.h"

#include <string>

namespace slaclock::detail {

namespace {

int issue_impact_score(const Event& raised) {
  // The importer checked it is a whole number.
  return std::stoi(raised.field("impact_score").value_or("0"));
}

}  // namespace

ClockResult issue_band_clock(const ClockContext& cx, const Event& raised) {
  const Instant r = raised.at;
  const int score = issue_impact_score(raised);
  const IssueBand& band = cx.def.issue_band_of(score);
  const Allowance& a = band.allowance;
  ClockResult c = cx.settle(r, due_after(r, a, cx.cal), cx.read_stops(r, &raised, false), measure_of(a),
                            {DueBasis::Kind::allowance, a, {}, 0});
  c.subject = band.name + " band (score " + std::to_string(score) + ")";
  return c;
}

}  // namespace slaclock::detail
