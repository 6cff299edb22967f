#include <slaclock/report/clock_reason.h>
#include <slaclock/time/timestamp.h>

#include <cmath>
#include <sstream>

namespace slaclock {

std::string describe(const Allowance& a) {
  auto num = [](std::int64_t v, std::int64_t unit) {
    std::ostringstream os;
    if (v % unit == 0)
      os << v / unit;
    else
      os << static_cast<double>(v) / static_cast<double>(unit);
    return os.str();
  };
  switch (a.unit) {
    case Allowance::Unit::business_seconds:
      return num(a.amount, 3600) + " business hours";
    case Allowance::Unit::business_days:
      return std::to_string(a.amount) + " business days";
    case Allowance::Unit::elapsed_seconds:
      return num(a.amount, 3600) + " hours";
  }
  return "";
}

const char* stop_cause_text(StopCause cause) noexcept {
  switch (cause) {
    case StopCause::none:
      return "";
    case StopCause::acknowledged:
      return "acknowledged";
    case StopCause::update_with_revised_date:
      return "update_sent with a revised date";
    case StopCause::explanation_very_complex:
      return "explanation_provided (very complex)";
    case StopCause::resolved:
      return "resolved";
    case StopCause::closed:
      return "closed";
    case StopCause::resolved_unacknowledged:
      return "resolved without an acknowledgement";
    case StopCause::closed_unacknowledged:
      return "closed without an acknowledgement";
    case StopCause::customers_notified:
      return "customers_notified";
    case StopCause::contact_ended:
      return "contact ended";
    case StopCause::kpi_result:
      return "judged at the result";
    case StopCause::parties_notified:
      return "parties_notified";
    case StopCause::plan_provided:
      return "plan_provided";
    case StopCause::event:
      return "";  // the result names the event (stop_text)
  }
  return "";
}

namespace {

// What stopped it, as the reason says it: a site clock's stop event by name.
std::string stop_text(const ClockResult& c) {
  return c.stopped_by == StopCause::event ? event_type_name(c.stop_event) : stop_cause_text(c.stopped_by);
}

// Which row of a target table applied: " for priority P1", " (priority P5, the default)".
std::string target_text(const ClockResult& c) {
  if (c.target.empty()) return "";
  return c.target.find(", the default") == std::string::npos ? " for " + c.target : " (" + c.target + ")";
}

}  // namespace

std::string describe_due_basis(const ClockResult& c, const TimeZone& zone) {
  const std::string day = c.basis.gas_day ? format_date(*c.basis.gas_day) : std::string("?");
  switch (c.basis.kind) {
    case DueBasis::Kind::allowance:
      // An issue's allowance is its score band's.
      if (c.kind == EntityKind::issue && !c.subject.empty()) return describe(c.basis.allowance) + ", " + c.subject;
      return describe(c.basis.allowance) + target_text(c);
    case DueBasis::Kind::gas_day_start:
      return "start of gas day " + day;
    case DueBasis::Kind::gas_day_end:
      return "end of gas day " + day;
    case DueBasis::Kind::exit_close_out:
      return "exit close-out for gas day " + day;
    case DueBasis::Kind::revised_date:
      return "the agreed revised date " + (c.due_at ? format_instant(*c.due_at, zone) : std::string("?"));
    case DueBasis::Kind::update_gap:
      return describe(c.basis.allowance) + " between updates" + target_text(c);
    case DueBasis::Kind::consecutive_misses:
      return "at most " + std::to_string(c.basis.limit) + " consecutive misses";
    case DueBasis::Kind::next_month_business_day:
      return "business day " + std::to_string(c.basis.limit) + " of the next month";
  }
  return "";
}

namespace {

std::string not_applicable_reason(const ClockResult& c) {
  switch (c.not_applicable_because) {
    case NotApplicableCause::applies:
      return "";
    case NotApplicableCause::no_revised_date:
      return "no revised resolution date agreed";
    case NotApplicableCause::not_acknowledged_yet:
      return "starts at acknowledgement; not acknowledged yet";
    case NotApplicableCause::severity_reported_monthly:
      return c.subject + " breaches are reported monthly under " + c.rule_version + ", not notified within " +
             describe(c.basis.allowance);
    case NotApplicableCause::kpi_met:
      return "KPI " + c.subject + " met for " + c.period;
    case NotApplicableCause::priority_not_counted:
      return c.priority +
             (c.clock != ClockId::kpi_consecutive ? " KPIs carry no miss notice under "
                                                  : " KPIs are not counted under ") +
             c.rule_version;
    case NotApplicableCause::no_rule_version:
      return "not judged: no rule version was in force when it started" +
             (c.started_at ? " (" + format_utc(*c.started_at) + ")" : std::string());
    case NotApplicableCause::outside_calendar:
      return "not judged: its dates fall outside the years its calendar covers";
    case NotApplicableCause::condition_not_met:
      return "does not apply to this " + std::string(entity_kind_name(c.kind)) + " under " + c.rule_version;
  }
  return "";
}

std::string consecutive_reason(const ClockResult& c) {
  std::string months;
  for (const auto& m : c.missed_periods) months += (months.empty() ? "" : ", ") + m;
  const auto count = c.missed_periods.size();
  const std::string limit = std::to_string(c.basis.limit);
  if (c.status == ClockStatus::missed)
    return "KPI " + c.subject + " missed " + std::to_string(count) + " consecutive months (" + months +
           "), more than " + limit;
  return "KPI " + c.subject + " missed " + std::to_string(count) + " consecutive month" + (count == 1 ? "" : "s") +
         " (" + months + "), limit " + limit;
}

}  // namespace

std::string hold_ignored_text(HoldIgnoredCause cause) {
  switch (cause) {
    case HoldIgnoredCause::already_on_hold:
      return "ignored: already on hold";
    case HoldIgnoredCause::not_on_hold:
      return "ignored: not on hold";
    case HoldIgnoredCause::contact_not_open:
      return "ignored: the contact was resolved or closed";
  }
  return "";
}

std::string clock_reason(const ClockResult& c, Instant as_of, const TimeZone& zone) {
  const auto when = [&](std::optional<Instant> x) { return x ? format_instant(*x, zone) : std::string("?"); };
  if (c.status == ClockStatus::not_applicable) return not_applicable_reason(c);
  if (c.basis.kind == DueBasis::Kind::consecutive_misses) return consecutive_reason(c);
  std::string basis = describe_due_basis(c, zone);
  // A paused clock: its due instant moved on by the time held.
  if (c.held_seconds > 0)
    basis += ", plus " + format_duration(c.held_seconds, c.measure != Measure::business) +
             (c.measure == Measure::business ? " of business time" : "") + " on hold";
  const bool gaps = c.basis.kind == DueBasis::Kind::update_gap;
  if (gaps && c.late_contact_at)
    return "no update within " + basis + ": due " + when(c.due_at) + ", next contact " + when(c.late_contact_at);
  if (gaps && c.status == ClockStatus::met) return "every gap within " + basis + " until " + when(c.stopped_at);

  if (c.stopped_at && *c.stopped_at <= as_of && c.due_at) {
    const Seconds margin = *c.due_at - *c.stopped_at;
    const std::string stop = stop_text(c) + " " + when(c.stopped_at) + ", ";
    if (margin.count >= 0)
      return stop +
             (margin.count == 0 ? std::string("exactly at due") : format_duration(margin.count) + " before due") +
             " (" + basis + ")";
    return stop + format_duration(-margin.count) + " after due " + when(c.due_at) + " (" + basis + ")";
  }
  if (!c.due_at) return "running (" + basis + ")";
  if (c.held_since)
    return "on hold since " + when(c.held_since) + "; due " + when(c.due_at) + " if resumed now (" + basis + "), " +
           std::to_string(std::lround(c.percent_used())) + "% used" +
           (c.measure == Measure::business ? " in business time" : "");
  if (as_of > *c.due_at)
    return "running; due " + when(c.due_at) + " (" + basis + "), " + format_duration((as_of - *c.due_at).count) +
           " overdue";
  return "running; due " + when(c.due_at) + " (" + basis + "), " + std::to_string(std::lround(c.percent_used())) +
         "% used" + (c.measure == Measure::business ? " in business time" : "");
}

}  // namespace slaclock
