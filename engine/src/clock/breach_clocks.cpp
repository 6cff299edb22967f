// The breach_monthly_report kind (2020 scorecard): a breach of a severity
// reported to customers monthly is due in the report by the close of
// business on business day N of the month after identification, and answered
// by customers_notified (the report that names it).
#include "clock/clock_context.h"

namespace slaclock::detail {

ClockResult breach_monthly_report_clock(const ClockContext& cx, const Event& identified) {
  const Instant i = identified.at;
  const int n = cx.def.report_business_day;
  const CivilDate identified_day = cx.cal.zone().to_local(i).date;
  const Instant due = business_day_of_next_month(identified_day, n, cx.cal);
  return cx.settle(i, due, cx.read_stops(i, &identified, false), Measure::business,
                   {DueBasis::Kind::next_month_business_day, {}, std::nullopt, n});
}

}  // namespace slaclock::detail
