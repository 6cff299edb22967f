// The kpi_consecutive kind: no more than N consecutive missed months of the
// same KPI, which spans entities: hence the KpiHistory input. (kpi_miss_notice
// is an allowance clock.)
#include "clock/clock_context.h"

#include <cstdio>

namespace slaclock {

namespace {

// A KPI result's facts, read the same way everywhere. `met` is a required
// field; a missing one (never stored: import rejects it) reads as not met.
struct KpiResultFacts {
  std::string kpi, priority, period;
  bool met = false;
};

KpiResultFacts read_result(const Event& e) {
  return {e.field("kpi").value_or(""), e.field("priority").value_or(""), e.field("period").value_or(""),
          kpi_result_met(e)};
}

std::string previous_period(const std::string& period) {
  const int y = std::stoi(period.substr(0, 4)), m = std::stoi(period.substr(5, 2));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d", m == 1 ? y - 1 : y, m == 1 ? 12 : m - 1);
  return buf;
}

// Consecutive misses of the same KPI ending with `period` (a miss itself).
std::vector<std::string> missed_run(const KpiResultFacts& r, const KpiHistory* history) {
  std::vector<std::string> run{r.period};
  if (!history) return run;
  const auto it = history->by_kpi.find(r.kpi);
  if (it == history->by_kpi.end()) return run;
  for (std::string p = previous_period(r.period);; p = previous_period(p)) {
    const auto found = it->second.find(p);
    if (found == it->second.end() || found->second) break;
    run.insert(run.begin(), p);
  }
  return run;
}

}  // namespace

bool kpi_result_met(const Event& result) {
  return result.field("met").value_or("false") == "true";
}

void KpiHistory::add_result_of(const Timeline& t, Instant as_of) {
  if (t.kind != EntityKind::kpi) return;
  if (const Event* e = t.opening(as_of)) {
    const KpiResultFacts r = read_result(*e);
    add(r.kpi, r.period, r.met);
  }
}

namespace detail {

// A one-off judgement made when the result arrived, not a clock that keeps
// running: it stops there either way (missed when this result makes a run
// longer than the limit, met otherwise), so it never keeps a sweep's exit
// status at 1 and the desk's overdue view never lists it. The sweep raises a
// breached notice for a missed one (ClockKindFacts::judged_once).
ClockResult kpi_consecutive_clock(const ClockContext& cx, const Event& result, const KpiHistory* history) {
  const Instant at = result.at;
  const KpiResultFacts r = read_result(result);
  ClockResult c = cx.blank();
  c.started_at = at;
  c.due_at = at;
  c.basis = {DueBasis::Kind::consecutive_misses, {}, {}, cx.def.max_consecutive_misses};
  c.missed_periods = missed_run(r, history);
  c.status = static_cast<int>(c.missed_periods.size()) > cx.def.max_consecutive_misses ? ClockStatus::missed
                                                                                       : ClockStatus::met;
  c.stopped_at = at;
  c.stopped_by = StopCause::kpi_result;
  return c;
}

}  // namespace detail

}  // namespace slaclock
