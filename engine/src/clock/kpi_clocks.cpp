// The missed-KPI clocks: kpi_miss_notice (customers told within the
// allowance) and kpi_consecutive (no more than N consecutive missed months of
// the same KPI, which spans entities: hence the KpiHistory input).
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

std::vector<ClockResult> evaluate_kpi(const Timeline& t, Instant as_of, const EvaluationInputs& in) {
  const Event* result = t.opening(as_of);
  if (!result) return {};
  const Instant at = result->at;
  const RuleSet* in_force = in.rules.find_in_force_at(at);
  if (!in_force) return unjudged(t, as_of, NotApplicableCause::no_rule_version);
  const RuleSet& rules = *in_force;
  const Calendar cal = in.calendar_named(calendar_of_entity(*result, rules));
  const ClockContext cx{t, as_of, rules, cal, "", nullptr};
  const KpiResultFacts r = read_result(*result);
  const auto about_this_result = [&r](ClockResult c) {
    c.subject = r.kpi;
    c.priority = r.priority;
    c.period = r.period;
    return c;
  };

  std::vector<ClockResult> out;
  const NotApplicableCause why = r.met                                     ? NotApplicableCause::kpi_met
                                 : !rules.kpi_priorities.count(r.priority) ? NotApplicableCause::priority_not_counted
                                                                           : NotApplicableCause::applies;
  if (why != NotApplicableCause::applies) {
    out.push_back(about_this_result(cx.not_applicable(ClockId::kpi_miss_notice, why)));
    out.push_back(about_this_result(cx.not_applicable(ClockId::kpi_consecutive, why)));
    return out;
  }

  StoppableClock notified;
  for (const Event* e : events_by(t, as_of))
    if (e->type == EventType::customers_notified) notified.stop(e->at, StopCause::customers_notified, false);
  const Allowance& a = rules.kpi_miss_notice;
  out.push_back(about_this_result(cx.settle(ClockId::kpi_miss_notice, at, due_after(at, a, cal), notified,
                                            measure_of(a), {DueBasis::Kind::allowance, a, {}, 0})));

  ClockResult c = about_this_result(cx.blank(ClockId::kpi_consecutive));
  c.started_at = at;
  c.due_at = at;
  c.basis = {DueBasis::Kind::consecutive_misses, {}, {}, rules.kpi_max_consecutive_misses};
  c.missed_periods = missed_run(r, in.kpi_history);
  // A one-off judgement made when the result arrived, not a clock that keeps
  // running: it stops there either way (missed when this result makes a run
  // longer than the limit, met otherwise), so it never keeps a sweep's exit
  // status at 1 and the desk's overdue view never lists it. The sweep raises
  // a breached notice for a missed one.
  c.status = static_cast<int>(c.missed_periods.size()) > rules.kpi_max_consecutive_misses ? ClockStatus::missed
                                                                                          : ClockStatus::met;
  c.stopped_at = at;
  c.stopped_by = StopCause::kpi_result;
  out.push_back(std::move(c));
  return out;
}

}  // namespace detail

}  // namespace slaclock
