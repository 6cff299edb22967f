#include <slaclock/clock/clock_engine.h>
#include <slaclock/base/error.h>
#include <slaclock/time/timestamp.h>

#include "clock/clock_settle.h"

#include <algorithm>
#include <cstdio>

namespace slaclock {

const char* clock_status_name(ClockStatus s) noexcept {
  switch (s) {
    case ClockStatus::pending: return "pending";
    case ClockStatus::at_risk: return "at_risk";
    case ClockStatus::breached: return "breached";
    case ClockStatus::met: return "met";
    case ClockStatus::missed: return "missed";
    case ClockStatus::not_applicable: return "not_applicable";
  }
  return "";
}

std::optional<ClockStatus> parse_clock_status(std::string_view word) noexcept {
  for (auto s : {ClockStatus::pending, ClockStatus::at_risk, ClockStatus::breached, ClockStatus::met,
                 ClockStatus::missed, ClockStatus::not_applicable})
    if (word == clock_status_name(s)) return s;
  return std::nullopt;
}

void KpiHistory::add_result_of(const Timeline& t, Instant as_of) {
  if (t.kind != EntityKind::kpi) return;
  for (const Event& e : t.events)
    if (e.type == "result" && e.at <= as_of) {
      add(e.field("kpi").value_or(""), e.field("period").value_or(""), e.field("met").value_or("") == "true");
      return;
    }
}

Instant exit_close_out_deadline(CivilDate gas_day, int n, const Calendar& cal) {
  const auto ymd = gas_day.ymd();
  const CivilDate next_month =
      ymd.month == 12 ? CivilDate::from_ymd(ymd.year + 1, 1, 1) : CivilDate::from_ymd(ymd.year, ymd.month + 1, 1);
  // The first business day of the following month is business day 1.
  const CivilDate first = cal.next_business_day(next_month);
  return cal.business_days_after(cal.windows_on(first).front().first, n - 1);
}

GeminiBand gemini_band_of(Instant received, CivilDate gas_day, int exit_close_out_days, const Calendar& cal) {
  if (received < gas_day_start(gas_day, cal.zone())) return GeminiBand::before_the_day;
  if (received < gas_day_end(gas_day, cal.zone())) return GeminiBand::on_the_day;
  if (received < exit_close_out_deadline(gas_day, exit_close_out_days, cal)) return GeminiBand::within_exit_close_out;
  return GeminiBand::after_exit_close_out;
}

namespace {

using detail::ClockRun;
using detail::Measure;

// A clock that one kind of event stops; a reopen restarts it when the stop
// was a resolution.
struct StoppableClock {
  std::optional<Instant> stopped_at;
  std::string stopped_by;  // "resolved", "update_sent", "explanation_provided", ...
  bool by_resolution = false;

  bool running() const { return !stopped_at.has_value(); }
  void stop(Instant at, const std::string& by, bool resolution) {
    if (!running()) return;
    stopped_at = at;
    stopped_by = by;
    by_resolution = resolution;
  }
  void reopen() {
    if (stopped_at && by_resolution) stopped_at.reset(), stopped_by.clear();
  }
};

Measure measure_of(const Allowance& a) {
  return a.unit == Allowance::Unit::elapsed_seconds ? Measure::elapsed : Measure::business;
}

Instant due_after(Instant start, const Allowance& a, const Calendar& cal) {
  switch (a.unit) {
    case Allowance::Unit::business_seconds: return cal.add_business(start, {a.amount});
    case Allowance::Unit::business_days: return cal.business_days_after(start, static_cast<int>(a.amount));
    case Allowance::Unit::elapsed_seconds: return start + Seconds{a.amount};
  }
  return start;
}

struct Context {
  const Timeline& timeline;
  Instant as_of;
  const RuleSet& rules;
  const Calendar& cal;
  std::string customer;

  ClockResult blank(const std::string& clock) const {
    ClockResult r;
    r.entity_id = timeline.entity_id;
    r.kind = timeline.kind;
    r.clock = clock;
    r.rule_version = rules.version;
    r.calendar = cal.name();
    r.customer = customer;
    return r;
  }
  ClockResult settle(const std::string& clock, Instant start, Instant due, const StoppableClock& s,
                     Measure m, const std::string& allowance_text) const {
    ClockRun run{start, due, s.stopped_at, s.stopped_by, m, allowance_text};
    ClockResult r = blank(clock);
    detail::settle_clock(r, run, as_of, cal, rules.at_risk_share);
    return r;
  }
  ClockResult not_applicable(const std::string& clock, const std::string& why) const {
    ClockResult r = blank(clock);
    r.status = ClockStatus::not_applicable;
    r.reason = why;
    return r;
  }
};

std::vector<const Event*> events_by(const Timeline& t, Instant as_of) {
  std::vector<const Event*> out;
  for (const auto& e : t.events)
    if (e.at <= as_of) out.push_back(&e);
  std::stable_sort(out.begin(), out.end(), [](const Event* a, const Event* b) { return a->at < b->at; });
  return out;
}

const Event* opening_event(const std::vector<const Event*>& events, const char* type) {
  for (const Event* e : events)
    if (e->type == type) return e;
  return nullptr;
}

std::vector<ClockResult> evaluate_contact(const Timeline& t, Instant as_of, const EvaluationInputs& in) {
  const auto events = events_by(t, as_of);
  const Event* received = opening_event(events, "received");
  if (!received) return {};  // not received by as_of: no clocks yet
  const Instant r = received->at;
  const RuleSet& rules = in.rules.in_force_at(r);
  const Calendar cal = in.calendar_named(rules.calendar);
  Context cx{t, as_of, rules, cal, received->field("customer").value_or("")};
  const auto when = [&](Instant x) { return format_instant(x, cal.zone()); };

  const bool gemini = received->field("gemini").value_or("false") == "true";
  StoppableClock acknowledge, initial_response, resolution, revised, gemini_clock;
  std::optional<Instant> revised_due, revised_start;
  std::string complexity = "standard";
  // Regular updates: the gap since the last acknowledgement/update while open.
  const auto gap_deadline = [&](Instant last) { return due_after(last, rules.regular_update_gap, cal); };
  std::optional<Instant> last_touch, first_gap_due, gap_breach_at, gap_started_at;
  bool open = true;
  std::optional<Instant> closed_at;

  for (const Event* e : events) {
    if (e == received) continue;
    const Instant x = e->at;
    const bool touch = e->type == "acknowledged" || e->type == "update_sent" || e->type == "explanation_provided";
    const bool ends = e->type == "resolved" || (e->type == "closed" && open);
    if (open && last_touch && !first_gap_due && (touch || ends)) {
      if (const Instant deadline = gap_deadline(*last_touch); x > deadline) {
        first_gap_due = deadline;
        gap_breach_at = x;
        gap_started_at = last_touch;
      }
    }
    if (e->type == "acknowledged") {
      acknowledge.stop(x, "acknowledged", false);
    } else if (e->type == "categorised") {
      if (auto c = e->field("complexity")) complexity = *c;
    } else if (e->type == "update_sent") {
      if (auto rv = e->field("revised_resolution")) {
        initial_response.stop(x, "update_sent with a revised date", false);
        revised_due = parse_instant(*rv);
        if (!revised_start) revised_start = x;
      }
    } else if (e->type == "explanation_provided") {
      if (auto rv = e->field("revised_resolution")) {
        revised_due = parse_instant(*rv);
        if (!revised_start) revised_start = x;
      }
      if (complexity == "very_complex") resolution.stop(x, "explanation_provided (very complex)", false);
    } else if (ends) {
      // A close without a resolution counts as the resolution.
      const std::string by = e->type == "resolved" ? "resolved" : "closed";
      for (StoppableClock* c : {&initial_response, &resolution, &revised, &gemini_clock}) c->stop(x, by, true);
      // Resolving a contact that was never acknowledged answers the customer
      // too: the acknowledgement clock stops there (met or missed on that
      // instant) instead of reading breached forever. A reopen leaves it.
      acknowledge.stop(x, by + " without an acknowledgement", false);
      open = false;
      closed_at = x;
    } else if (e->type == "reopened") {
      for (StoppableClock* c : {&initial_response, &resolution, &revised, &gemini_clock}) c->reopen();
      open = true;
      closed_at.reset();
      last_touch = x;  // the update gap restarts at the reopening
    }
    if (touch) last_touch = x;
  }

  std::vector<ClockResult> out;
  out.push_back(cx.settle("acknowledge", r, due_after(r, rules.acknowledge, cal), acknowledge,
                          measure_of(rules.acknowledge), describe(rules.acknowledge)));
  if (gemini) {
    const CivilDate gas_day = parse_date(received->field("gas_day").value_or(""));
    const GeminiBand band = gemini_band_of(r, gas_day, rules.exit_close_out_business_days, cal);
    const GeminiDueRule& rule = rules.gemini_bands[static_cast<std::size_t>(band)];
    Instant due = r;
    Measure m = Measure::elapsed;  // Gemini runs 24x7
    std::string text;
    switch (rule.kind) {
      case GeminiDueRule::Kind::gas_day_start:
        due = gas_day_start(gas_day, cal.zone());
        text = "start of gas day " + format_date(gas_day);
        break;
      case GeminiDueRule::Kind::gas_day_end:
        due = gas_day_end(gas_day, cal.zone());
        text = "end of gas day " + format_date(gas_day);
        break;
      case GeminiDueRule::Kind::exit_close_out:
        due = exit_close_out_deadline(gas_day, rules.exit_close_out_business_days, cal);
        text = "exit close-out for gas day " + format_date(gas_day);
        break;
      case GeminiDueRule::Kind::allowance:
        due = due_after(r, rule.allowance, cal);
        m = measure_of(rule.allowance);
        text = describe(rule.allowance);
        break;
    }
    ClockResult g = cx.settle("gemini_resolution", r, due, gemini_clock, m, text);
    g.band = band;
    out.push_back(std::move(g));
  } else {
    out.push_back(cx.settle("initial_response", r, due_after(r, rules.initial_response, cal), initial_response,
                            measure_of(rules.initial_response), describe(rules.initial_response)));
    out.push_back(cx.settle("resolution", r, due_after(r, rules.resolution, cal), resolution,
                            measure_of(rules.resolution), describe(rules.resolution)));
  }
  if (revised_due) {
    out.push_back(cx.settle("revised_resolution", *revised_start, *revised_due, revised, Measure::elapsed,
                            "the agreed revised date " + when(*revised_due)));
  } else {
    out.push_back(cx.not_applicable("revised_resolution", "no revised resolution date agreed"));
  }

  // Regular updates: breached at the first gap that exceeds the allowance.
  const std::string gap_text = describe(rules.regular_update_gap) + " between updates";
  if (!last_touch && !first_gap_due) {
    out.push_back(cx.not_applicable("regular_updates", "starts at acknowledgement; not acknowledged yet"));
  } else if (first_gap_due) {
    ClockResult u = cx.blank("regular_updates");
    // Keep the start of the gap that broke the limit: the clock has a start
    // like every other (SPEC 4), and it must not vanish once a later update
    // closes the gap (while still open it was reported with this start).
    u.started_at = gap_started_at;
    u.due_at = first_gap_due;
    u.stopped_at = open ? std::nullopt : closed_at;
    const bool was_ended_late = !open;
    u.status = was_ended_late ? ClockStatus::missed : ClockStatus::breached;
    u.reason = "no update within " + gap_text + ": due " + when(*first_gap_due) + ", next contact " +
               when(*gap_breach_at);
    out.push_back(std::move(u));
  } else if (open) {
    const Instant due = gap_deadline(*last_touch);
    StoppableClock none;
    out.push_back(cx.settle("regular_updates", *last_touch, due, none, measure_of(rules.regular_update_gap),
                            gap_text));
  } else {
    ClockResult u = cx.blank("regular_updates");
    u.started_at = last_touch;
    u.stopped_at = closed_at;
    u.status = ClockStatus::met;
    u.reason = "every gap within " + gap_text + " until " + when(*closed_at);
    out.push_back(std::move(u));
  }
  return out;
}

std::vector<ClockResult> evaluate_breach(const Timeline& t, Instant as_of, const EvaluationInputs& in) {
  const auto events = events_by(t, as_of);
  const Event* identified = opening_event(events, "identified");
  if (!identified) return {};
  const Instant i = identified->at;
  const RuleSet& rules = in.rules.in_force_at(i);
  const Calendar cal = in.calendar_named(rules.calendar);
  Context cx{t, as_of, rules, cal, identified->field("customers").value_or("")};
  const std::string severity = identified->field("severity").value_or("");
  StoppableClock notified, resolved;
  for (const Event* e : events) {
    if (e->type == "customers_notified") notified.stop(e->at, "customers_notified", false);
    if (e->type == "resolved") resolved.stop(e->at, "resolved", false);
  }
  std::vector<ClockResult> out;
  if (rules.breach_notification_severities.count(severity)) {
    out.push_back(cx.settle("breach_notification", i, due_after(i, rules.breach_notification, cal), notified,
                            measure_of(rules.breach_notification), describe(rules.breach_notification)));
  } else {
    out.push_back(cx.not_applicable("breach_notification", severity + " breaches are reported monthly under " +
                                                               rules.version + ", not notified within " +
                                                               describe(rules.breach_notification)));
  }
  out.push_back(cx.settle("breach_resolution", i, due_after(i, rules.breach_resolution, cal), resolved,
                          measure_of(rules.breach_resolution), describe(rules.breach_resolution)));
  return out;
}

std::string previous_period(const std::string& period) {
  const int y = std::stoi(period.substr(0, 4)), m = std::stoi(period.substr(5, 2));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d", m == 1 ? y - 1 : y, m == 1 ? 12 : m - 1);
  return buf;
}

std::vector<ClockResult> evaluate_kpi(const Timeline& t, Instant as_of, const EvaluationInputs& in) {
  const auto events = events_by(t, as_of);
  const Event* result = opening_event(events, "result");
  if (!result) return {};
  const Instant at = result->at;
  const RuleSet& rules = in.rules.in_force_at(at);
  const Calendar cal = in.calendar_named(rules.calendar);
  Context cx{t, as_of, rules, cal, ""};
  const std::string kpi = result->field("kpi").value_or("");
  const std::string priority = result->field("priority").value_or("");
  const std::string period = result->field("period").value_or("");
  const bool met = result->field("met").value_or("true") == "true";
  std::vector<ClockResult> out;
  if (met) {
    out.push_back(cx.not_applicable("kpi_miss_notice", "KPI " + kpi + " met for " + period));
    out.push_back(cx.not_applicable("kpi_consecutive", "KPI " + kpi + " met for " + period));
    return out;
  }
  if (!rules.kpi_priorities.count(priority)) {
    out.push_back(cx.not_applicable("kpi_miss_notice", priority + " KPIs carry no miss notice under " + rules.version));
    out.push_back(cx.not_applicable("kpi_consecutive", priority + " KPIs are not counted under " + rules.version));
    return out;
  }
  StoppableClock notified;
  for (const Event* e : events)
    if (e->type == "customers_notified") notified.stop(e->at, "customers_notified", false);
  out.push_back(cx.settle("kpi_miss_notice", at, due_after(at, rules.kpi_miss_notice, cal), notified,
                          measure_of(rules.kpi_miss_notice), describe(rules.kpi_miss_notice)));

  // Consecutive misses of the same KPI ending with this period.
  std::vector<std::string> run{period};
  if (in.kpi_history) {
    const auto it = in.kpi_history->by_kpi.find(kpi);
    std::string p = previous_period(period);
    while (it != in.kpi_history->by_kpi.end()) {
      const auto found = it->second.find(p);
      if (found == it->second.end() || found->second) break;
      run.insert(run.begin(), p);
      p = previous_period(p);
    }
  }
  ClockResult c = cx.blank("kpi_consecutive");
  c.started_at = at;
  c.due_at = at;
  std::string months;
  for (const auto& m : run) months += (months.empty() ? "" : ", ") + m;
  const auto count = static_cast<int>(run.size());
  if (count > rules.kpi_max_consecutive_misses) {
    c.status = ClockStatus::breached;
    c.reason = "KPI " + kpi + " missed " + std::to_string(count) + " consecutive months (" + months + "), more than " +
               std::to_string(rules.kpi_max_consecutive_misses);
  } else {
    // A judgement made when the result arrived, not a clock that keeps
    // running: it stops there, so the desk's overdue view never lists it.
    c.status = ClockStatus::met;
    c.stopped_at = at;
    c.reason = "KPI " + kpi + " missed " + std::to_string(count) + " consecutive month" + (count == 1 ? "" : "s") +
               " (" + months + "), limit " + std::to_string(rules.kpi_max_consecutive_misses);
  }
  out.push_back(std::move(c));
  return out;
}

}  // namespace

std::vector<ClockResult> evaluate_timeline(const Timeline& timeline, Instant as_of, const EvaluationInputs& in) {
  switch (timeline.kind) {
    case EntityKind::contact: return evaluate_contact(timeline, as_of, in);
    case EntityKind::breach: return evaluate_breach(timeline, as_of, in);
    case EntityKind::kpi: return evaluate_kpi(timeline, as_of, in);
    case EntityKind::survey:
    case EntityKind::report: return {};
  }
  return {};
}

}  // namespace slaclock
