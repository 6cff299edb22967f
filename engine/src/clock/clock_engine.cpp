#include <slaclock/clock/clock_engine.h>

#include <slaclock/base/error.h>

#include "clock/clock_context.h"

#include <algorithm>

namespace slaclock {

const char* clock_status_name(ClockStatus s) noexcept {
  switch (s) {
    case ClockStatus::pending:
      return "pending";
    case ClockStatus::at_risk:
      return "at_risk";
    case ClockStatus::breached:
      return "breached";
    case ClockStatus::met:
      return "met";
    case ClockStatus::missed:
      return "missed";
    case ClockStatus::not_applicable:
      return "not_applicable";
  }
  return "";
}

std::optional<ClockStatus> parse_clock_status(std::string_view word) noexcept {
  for (auto s : {ClockStatus::pending, ClockStatus::at_risk, ClockStatus::breached, ClockStatus::met,
                 ClockStatus::missed, ClockStatus::not_applicable})
    if (word == clock_status_name(s)) return s;
  return std::nullopt;
}

bool same_recorded_judgement(const ClockResult& a, const ClockResult& b) noexcept {
  return a.entity_id == b.entity_id && a.kind == b.kind && a.clock == b.clock && a.status == b.status &&
         a.started_at == b.started_at && a.due_at == b.due_at && a.at_risk_at == b.at_risk_at &&
         a.stopped_at == b.stopped_at && a.rule_version == b.rule_version && a.calendar == b.calendar &&
         a.band == b.band && a.customer == b.customer && a.reason == b.reason;
}

const char* measure_name(Measure m) noexcept {
  return m == Measure::business ? "business" : "elapsed";
}

std::optional<Measure> parse_measure(std::string_view word) noexcept {
  for (auto m : {Measure::business, Measure::elapsed})
    if (word == measure_name(m)) return m;
  return std::nullopt;
}

const char* due_basis_kind_name(DueBasis::Kind k) noexcept {
  switch (k) {
    case DueBasis::Kind::allowance:
      return "allowance";
    case DueBasis::Kind::gas_day_start:
      return "gas_day_start";
    case DueBasis::Kind::gas_day_end:
      return "gas_day_end";
    case DueBasis::Kind::exit_close_out:
      return "exit_close_out";
    case DueBasis::Kind::revised_date:
      return "revised_date";
    case DueBasis::Kind::update_gap:
      return "update_gap";
    case DueBasis::Kind::consecutive_misses:
      return "consecutive_misses";
    case DueBasis::Kind::next_month_business_day:
      return "next_month_business_day";
  }
  return "";
}

std::optional<DueBasis::Kind> parse_due_basis_kind(std::string_view word) noexcept {
  for (auto k : {DueBasis::Kind::allowance, DueBasis::Kind::gas_day_start, DueBasis::Kind::gas_day_end,
                 DueBasis::Kind::exit_close_out, DueBasis::Kind::revised_date, DueBasis::Kind::update_gap,
                 DueBasis::Kind::consecutive_misses, DueBasis::Kind::next_month_business_day})
    if (word == due_basis_kind_name(k)) return k;
  return std::nullopt;
}

ClockResult judge_stored_clock(ClockResult c, Instant as_of, const Calendar& cal, std::optional<Instant> judged_at) {
  if (!is_running(c.status) || !c.started_at || !c.due_at) return c;
  const auto measured = [&](Instant to) -> std::int64_t {
    if (to <= *c.started_at) return 0;
    return c.measure == Measure::business ? cal.business_between(*c.started_at, to).count : (to - *c.started_at).count;
  };
  if (c.late_contact_at) {
    // regular_updates after a gap broke the limit: breached until the contact
    // ends, its figures those of the gap that broke it.
    c.used_seconds = measured(*c.late_contact_at);
    c.status = ClockStatus::breached;
    return c;
  }
  if (c.held_since) {
    // Held when stored, and still (no event since): the time used stands as
    // it was at the sweep (start to the sweep, less the time held), and the
    // time from the sweep to as_of is held too.
    const Instant then = std::max(judged_at.value_or(*c.held_since), *c.held_since);
    c.used_seconds = measured(then) - c.held_seconds;
    const std::int64_t more = measured(as_of) - measured(then);
    if (more > 0) {
      if (c.at_risk_at && *c.at_risk_at > *c.held_since)
        c.at_risk_at = detail::moved_by(*c.at_risk_at, more, c.measure, cal);
      c.due_at = detail::moved_by(*c.due_at, more, c.measure, cal);
      c.held_seconds += more;
    }
  } else {
    c.used_seconds = measured(as_of) - c.held_seconds;
  }
  // The engine's rules (ClockContext::settle): breached strictly after due,
  // at risk from the instant the at-risk share of the allowance is used; a
  // held clock judged as at the start of its hold.
  const Instant judged = c.held_since.value_or(as_of);
  if (judged > *c.due_at)
    c.status = ClockStatus::breached;
  else if (c.at_risk_at && judged >= *c.at_risk_at)
    c.status = ClockStatus::at_risk;
  else
    c.status = ClockStatus::pending;
  return c;
}

const std::string& calendar_of_entity(const Event& opening, const RuleSet& rules) {
  if (const auto it = opening.fields.find("calendar"); it != opening.fields.end() && !it->second.empty())
    return it->second;
  const char* customer_field = opening.kind == EntityKind::breach ? "customers" : "customer";
  if (const auto who = opening.fields.find(customer_field); who != opening.fields.end())
    if (const auto it = rules.customer_calendars.find(who->second); it != rules.customer_calendars.end())
      return it->second;
  if (const auto cls = opening.fields.find("customer_class"); cls != opening.fields.end())
    if (const auto it = rules.customer_class_calendars.find(cls->second); it != rules.customer_class_calendars.end())
      return it->second;
  return rules.calendar;
}

Instant exit_close_out_deadline(CivilDate gas_day, int n, const Calendar& cal) {
  return business_day_of_next_month(gas_day, n, cal);
}

Instant business_day_of_next_month(CivilDate day, int n, const Calendar& cal) {
  const auto ymd = day.ymd();
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

namespace detail {

namespace {

// Whose clocks they are: a contact's customer, a breach's or an issue's
// customers (a KPI result has none).
std::string customer_of(const Event& opening) {
  switch (opening.kind) {
    case EntityKind::contact:
      return opening.field("customer").value_or("");
    case EntityKind::breach:
    case EntityKind::issue:
      return opening.field("customers").value_or("");
    default:
      return "";
  }
}

// The clocks that start at the opening event and would apply (or say why not).
bool starts_at_opening(const ClockDefinition& d, const Event& opening) {
  if (d.start.event != opening.type) return false;
  for (const FieldCondition& c : d.start.when) {
    std::optional<std::string> v = opening.field(c.field);
    const bool ok = c.test == FieldCondition::Test::in        ? v && c.values.count(*v)
                    : c.test == FieldCondition::Test::not_in  ? !v || !c.values.count(*v)
                    : c.test == FieldCondition::Test::present ? v.has_value()
                                                              : !v.has_value();
    if (!ok && c.otherwise == NotApplicableCause::applies) return false;
  }
  return true;
}

ClockResult judge(const ClockContext& cx, const Event& start, const EvaluationInputs& in) {
  switch (cx.def.kind) {
    case ClockKind::allowance:
      return allowance_clock(cx, start);
    case ClockKind::gemini_resolution:
      return gemini_resolution_clock(cx, start);
    case ClockKind::revised_resolution:
      return revised_resolution_clock(cx, start);
    case ClockKind::regular_updates:
      return regular_updates_clock(cx, start);
    case ClockKind::kpi_consecutive:
      return kpi_consecutive_clock(cx, start, in.kpi_history);
    case ClockKind::breach_monthly_report:
      return breach_monthly_report_clock(cx, start);
    case ClockKind::issue_band:
      return issue_band_clock(cx, start);
  }
  return cx.not_applicable(NotApplicableCause::condition_not_met);
}

}  // namespace

std::vector<ClockResult> unjudged(const Timeline& t, Instant as_of, NotApplicableCause why, const RuleSet* version) {
  const Event* opening = t.opening(as_of);
  std::vector<ClockResult> out;
  if (!version || !opening) return out;
  for (const ClockDefinition& d : version->clocks) {
    if (d.entity != t.kind || !starts_at_opening(d, *opening)) continue;
    ClockResult r;
    r.entity_id = t.entity_id;
    r.kind = t.kind;
    r.clock = d.id;
    r.status = ClockStatus::not_applicable;
    r.not_applicable_because = why;
    r.started_at = opening->at;
    out.push_back(std::move(r));
  }
  return out;
}

// Every clock the version in force at the entity's opening defines for its
// kind, in the version's order: each starts at the first of its start events
// by as_of whose conditions hold, and is judged by its kind's function.
std::vector<ClockResult> evaluate_definitions(const Timeline& t, Instant as_of, const EvaluationInputs& in) {
  const Event* opening = t.opening(as_of);
  if (!opening) return {};  // not opened by as_of: no clocks yet
  const RuleSet* rules = in.rules.find_in_force_at(opening->at);
  if (!rules) {
    const auto& all = in.rules.versions();
    return unjudged(t, as_of, NotApplicableCause::no_rule_version, all.empty() ? nullptr : &all.front());
  }
  try {
    const std::vector<const Event*> events = events_by(t, as_of);
    const Calendar entity_cal = in.calendar_named(calendar_of_entity(*opening, *rules));
    const std::string customer = customer_of(*opening);
    // Holds matter only for a contact under a version that pauses something.
    const bool pauses =
        t.kind == EntityKind::contact && std::any_of(rules->clocks.begin(), rules->clocks.end(),
                                                     [](const ClockDefinition& d) { return d.pause_on_hold; });
    const ContactHolds holds = pauses ? contact_holds(t, as_of) : ContactHolds{};

    std::vector<ClockResult> out;
    for (const ClockDefinition& d : rules->clocks) {
      if (d.entity != t.kind) continue;
      std::optional<Calendar> own;
      if (!d.calendar.empty() && d.calendar != entity_cal.name()) own = in.calendar_named(d.calendar);
      const ClockContext cx{t, events, as_of, *rules, d, own ? *own : entity_cal, customer, &holds.periods};
      // The first event of the start type whose conditions hold starts it;
      // when none does, the first one's failed condition says what follows.
      const Event* start = nullptr;
      const Event* first = nullptr;
      const FieldCondition* failed = nullptr;  // the first event's failed condition
      for (const Event* e : events) {
        if (e->type != d.start.event) continue;
        const FieldCondition* f = cx.first_failing(d.start.when, *e);
        if (!first) first = e, failed = f;
        if (!f) {
          start = e;
          break;
        }
      }
      if (!first) continue;
      ClockResult c;
      if (!start) {
        start = first;
        if (failed->otherwise == NotApplicableCause::applies) continue;
        c = cx.not_applicable(failed->otherwise);
        if (clock_kind_facts(d.kind).has_target) c.basis = {DueBasis::Kind::allowance, d.target.fallback, {}, 0};
      } else {
        c = judge(cx, *start, in);
      }
      if (!d.subject_field.empty()) c.subject = start->field(d.subject_field).value_or("");
      const Instant judged = c.stopped_at && *c.stopped_at <= as_of ? *c.stopped_at : as_of;
      c.priority = attribute_at(t, "priority", judged).value_or("");
      if (auto period = start->field("period")) c.period = *period;
      out.push_back(std::move(c));
    }
    return out;
  } catch (const RangeError&) {
    // A date beyond the calendar's precomputed years: this entity cannot be
    // judged, and says so; the others still are.
    return unjudged(t, as_of, NotApplicableCause::outside_calendar, rules);
  }
}

}  // namespace detail

std::vector<ClockResult> evaluate_timeline(const Timeline& timeline, Instant as_of, const EvaluationInputs& in) {
  if (timeline.kind == EntityKind::survey || timeline.kind == EntityKind::report) return {};
  return detail::evaluate_definitions(timeline, as_of, in);
}

}  // namespace slaclock
