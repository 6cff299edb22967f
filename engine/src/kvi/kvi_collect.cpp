// The KVI pass over timelines: sort each entity's facts into the month's
// tallies. Judging them is kvi_judge.cpp's job.
#include "kvi/kvi_accumulator.h"

#include <slaclock/base/error.h>
#include <slaclock/time/timestamp.h>

#include <algorithm>

namespace slaclock::detail {

namespace {

/// "YYYY-MM" -> month; "YYYY-Qn" -> the quarter's last month (when it is reported).
std::optional<KviMonth> reporting_month_of_period(const std::string& period) {
  if (period.size() != 7 || period[4] != '-') return std::nullopt;
  const int year = std::stoi(period.substr(0, 4));
  if (period[5] == 'Q') return KviMonth{year, static_cast<unsigned>(period[6] - '0') * 3};
  return KviMonth{year, static_cast<unsigned>(std::stoi(period.substr(5, 2)))};
}

}  // namespace

void ClockTally::add(const ClockResult& c) {
  switch (c.status) {
    case ClockStatus::met:
      on_time.push_back(c.entity_id);
      break;
    case ClockStatus::missed:
    case ClockStatus::breached:
      late.push_back(c.entity_id);
      break;
    case ClockStatus::pending:
    case ClockStatus::at_risk:
      running.push_back(c.entity_id);
      break;
    case ClockStatus::not_applicable:
      break;
  }
}

KviAccumulator::KviAccumulator(KviMonth month, Instant as_of, const KviConfig& config, TimeZone zone)
    : month_(month), as_of_(as_of), config_(config), zone_(std::move(zone)) {}

KviMonth KviAccumulator::month_of(Instant t) const noexcept {
  const CivilDate d = zone_.to_local(t).date;
  return {d.year(), d.month()};
}

KviMonth KviAccumulator::financial_year_start() const noexcept {
  const unsigned fy_month = config_.financial_year_start_month;
  return {month_.month >= fy_month ? month_.year : month_.year - 1, fy_month};
}

const KviScopeExclusion* KviAccumulator::exclusion_of(const Event& received) const {
  for (const KviScopeExclusion& x : config_.out_of_scope)
    if (received.field(x.field) == x.value) return &x;
  return nullptr;
}

KviWindow KviAccumulator::window(KviId id) const {
  if (config_.settings(id).frequency == ReportingFrequency::quarterly) {
    if (month_.month % 3 != 0) return std::nullopt;
    return std::pair{KviMonth{month_.year, month_.month - 2}, month_};
  }
  return std::pair{month_, month_};
}

void KviAccumulator::add_kpi_history(const Timeline& t) {
  kpi_history_.add_result_of(t, as_of_);
}

void TimelineJudge::reset(const Timeline& t) {
  timeline_ = &t;
  last_event_at_ = t.events.empty() ? Instant{} : t.events.back().at;
  for (const Event& e : t.events) last_event_at_ = std::max(last_event_at_, e.at);
  judged_.clear();
  final_ = nullptr;
}

const std::vector<ClockResult>& TimelineJudge::at(Instant as_of, const KpiHistory& kpis) {
  for (const auto& [when, clocks] : judged_)
    if (when == as_of) return clocks;
  const bool after_last_event = as_of >= last_event_at_;
  if (final_ && after_last_event) return *final_;
  auto& [when, clocks] = judged_.emplace_back(
      as_of, evaluate_timeline(*timeline_, as_of, EvaluationInputs{rules_, calendar_named_, &kpis}));
  // A clock outside its calendar's years is left unjudged because of the
  // instant asked, which an earlier one might not be: not final either.
  const bool still = std::none_of(clocks.begin(), clocks.end(), [](const ClockResult& c) {
    return is_running(c.status) || c.not_applicable_because == NotApplicableCause::outside_calendar;
  });
  if (after_last_event && still && timeline_->kind != EntityKind::kpi) final_ = &clocks;
  return clocks;
}

void KviAccumulator::add(const Timeline& t, TimelineJudge& judge) {
  switch (t.kind) {
    case EntityKind::survey:
      add_survey(t);
      return;
    case EntityKind::report:
      add_report(t);
      return;
    default:
      break;
  }
  // Entities that had not started by as_of have no clocks yet (and may
  // predate every rule version only because they are not real yet).
  if (!t.opening(as_of_)) return;
  any_entity_opened_ = true;
  const std::vector<ClockResult>& clocks = judge.at(as_of_, kpi_history_);
  if (t.kind == EntityKind::contact) add_contact(t, clocks);
  if (t.kind == EntityKind::breach) add_breach(t, clocks);
  if (t.kind == EntityKind::kpi) add_kpi(t, clocks);
  if (t.kind == EntityKind::issue) add_issue(t, clocks);
}

void KviAccumulator::add_contact(const Timeline& t, const std::vector<ClockResult>& clocks) {
  const KviWindow w = window(KviId::issue_resolution);
  // Out-of-scope contacts keep their clocks (the desk still sees them
  // overdue) but count for nothing here; the pack says how many and why.
  for (const ClockResult& c : clocks)
    if (c.status == ClockStatus::breached) overdue_.push_back(c);
  const Event* received = t.opening(as_of_);
  const KviScopeExclusion* excluded = received ? exclusion_of(*received) : nullptr;
  bool counted = false;
  for (const Event& e : t.events)
    if (e.type == EventType::feedback && e.at <= as_of_ && in_window(w, month_of(e.at))) {
      counted = true;
      if (!excluded) feedback_[e.field("rating").value_or("")].push_back(t.entity_id);
    }
  const bool received_in_window = received && in_window(w, month_of(received->at));
  if (excluded && (counted || received_in_window))
    excluded_[static_cast<std::size_t>(excluded - config_.out_of_scope.data())].push_back(t.entity_id);
  if (excluded || !received_in_window) return;
  for (const ClockResult& c : clocks) {
    if (c.clock == ClockId::acknowledge || c.clock == ClockId::initial_response || c.clock == ClockId::resolution)
      contact_clocks_[c.clock].add(c);
    else if (c.clock == ClockId::gemini_resolution && c.band)
      gemini_bands_[gemini_band_name(*c.band)].add(c);
    else if (c.clock == ClockId::parties_notification)
      parties_notification_.add(c);
  }
}

void KviAccumulator::add_breach(const Timeline& t, const std::vector<ClockResult>& clocks) {
  const Event* identified = t.opening(as_of_);
  if (!identified || !in_window(window(KviId::customer_data_security), month_of(identified->at))) return;
  KviBreachDetail d;
  d.entity_id = t.entity_id;
  d.severity = identified->field("severity").value_or("");
  d.identified_at = identified->at;
  d.customers = identified->field("customers").value_or("");
  breaches_[d.severity].push_back(t.entity_id);
  for (const ClockResult& c : clocks) {
    if (c.clock == ClockId::breach_notification) {
      breach_notification_.add(c);
      d.notification = c;
    } else if (c.clock == ClockId::breach_resolution) {
      breach_resolution_.add(c);
      d.resolution = c;
    } else if (c.clock == ClockId::breach_monthly_report) {
      breach_monthly_report_.add(c);
      d.monthly_report = c;
    }
  }
  breach_details_.push_back(std::move(d));
}

void KviAccumulator::add_kpi(const Timeline& t, const std::vector<ClockResult>& clocks) {
  const KviWindow w = window(KviId::service_delivery);
  if (!w) return;
  const Event* result = t.opening(as_of_);
  if (!result) return;
  const std::string priority = result->field("priority").value_or("");
  if (std::find(config_.kpi_priorities.begin(), config_.kpi_priorities.end(), priority) == config_.kpi_priorities.end())
    return;
  const auto period = reporting_month_of_period(result->field("period").value_or(""));
  if (!period) return;
  // Financial year to date: from the FY's first month up to the scorecard month.
  const unsigned fy_month = config_.financial_year_start_month;
  const KviMonth fy_start{month_.month >= fy_month ? month_.year : month_.year - 1, fy_month};
  if (*period < fy_start || *period > w->second) return;
  (kpi_result_met(*result) ? kpi_met_ : kpi_missed_).push_back(t.entity_id);
  if (!in_window(w, *period)) return;
  for (const ClockResult& c : clocks) {
    if (c.clock == ClockId::kpi_miss_notice) kpi_miss_notice_.add(c);
    if (c.clock == ClockId::kpi_consecutive && c.status == ClockStatus::missed) {
      kpi_consecutive_.push_back(t.entity_id);
      const std::string kpi = result->field("kpi").value_or("");
      if (std::find(kpi_consecutive_names_.begin(), kpi_consecutive_names_.end(), kpi) == kpi_consecutive_names_.end())
        kpi_consecutive_names_.push_back(kpi);
    }
  }
}

void KviAccumulator::add_survey(const Timeline& t) {
  const Event* r = t.opening(as_of_);
  if (!r) return;
  const std::string kvi = r->field("kvi").value_or("");
  const auto m = reporting_month_of_period(r->field("period").value_or(""));
  if (!m) return;
  const bool year_to_date = *m >= financial_year_start() && *m <= month_;
  if (kvi == "communication") {
    // The importer checked the score is a number 0-10.
    if (!year_to_date) return;
    auto& [sum, ids] = communication_[*m];
    sum += std::stod(r->field("score").value_or("0"));
    ids.push_back(t.entity_id);
    return;
  }
  const std::string rating = r->field("rating").value_or("");
  const KviId id = kvi.rfind("relationship_", 0) == 0 ? KviId::relationship_management
                   : kvi == "change_management"       ? KviId::change_management
                                                      : KviId::data_services;
  if (id == KviId::change_management && year_to_date) change_year_to_date_[rating].push_back(t.entity_id);
  if (!in_window(window(id), *m)) return;
  surveys_[kvi][rating].push_back(t.entity_id);
  if (id == KviId::change_management) change_surveys_[r->field("period").value_or("")][rating].push_back(t.entity_id);
}

void KviAccumulator::add_report(const Timeline& t) {
  const Event* r = t.opening(as_of_);
  if (!r) return;
  const std::string period = r->field("period").value_or("");
  delivered_periods_.insert(period);
  // The 2020 count: every update delivered in the financial year so far.
  const CivilDate delivered_on = zone_.to_local(r->at).date;
  const KviMonth delivered_month{delivered_on.year(), delivered_on.month()};
  if (delivered_month >= financial_year_start() && delivered_month <= month_) {
    updates_in_year_.push_back(t.entity_id);
    update_notes_.push_back(t.entity_id + " (" + period + ") delivered " + format_date(delivered_on));
  }
  CivilDate due;
  try {
    due = parse_date(r->field("due").value_or(""));
  } catch (const InputError&) {
    return;  // the store validated it; nothing sensible to count otherwise
  }
  if (!in_window(window(KviId::financial_reporting), KviMonth{due.year(), due.month()})) return;
  const CivilDate delivered = zone_.to_local(r->at).date;
  const bool on_time = delivered <= due;
  (on_time ? reports_on_time_ : reports_late_).push_back(t.entity_id);
  report_notes_.push_back(t.entity_id + " (" + r->field("period").value_or("") + ") due " + format_date(due) +
                          ", delivered " + format_date(delivered) + (on_time ? "" : " (late)"));
}

void KviAccumulator::add_issue(const Timeline& t, const std::vector<ClockResult>& clocks) {
  const Event* raised = t.opening(as_of_);
  if (!raised) return;
  KviIssueEntry entry;
  entry.entity_id = t.entity_id;
  entry.title = raised->field("title").value_or("");
  entry.impact_score = std::stoi(raised->field("impact_score").value_or("0"));
  entry.customers = raised->field("customers").value_or("");
  entry.raised_at = raised->at;
  entry.status = "open";
  for (const Event& e : t.events) {
    if (e.at > as_of_) continue;
    if (e.type == EventType::plan_provided && !entry.plan_at) {
      entry.plan_at = e.at;
      entry.plan_text = e.field("plan").value_or("");
    }
    if (e.type == EventType::resolved || e.type == EventType::closed) {
      entry.status = event_type_name(e.type);
      entry.status_at = e.at;
    }
  }
  for (const ClockResult& c : clocks) {
    if (c.clock == ClockId::issue_notification) entry.notification = c;
    if (c.clock == ClockId::issue_plan) entry.plan = c;
  }
  // "high band (score 18)" -> "high"
  entry.band = entry.notification.subject.substr(0, entry.notification.subject.find(" band"));

  // An issue counts in the month it was settled: when its first clock went
  // past due (not handled), or when the last of its clocks was met (handled).
  std::optional<Instant> late_at, met_at;
  bool running = false;
  for (const ClockResult* c : {&entry.notification, &entry.plan}) {
    switch (c->status) {
      case ClockStatus::missed:
      case ClockStatus::breached:
        if (c->due_at && (!late_at || *c->due_at < *late_at)) late_at = c->due_at;
        break;
      case ClockStatus::met:
        if (c->stopped_at && (!met_at || *c->stopped_at > *met_at)) met_at = c->stopped_at;
        break;
      case ClockStatus::pending:
      case ClockStatus::at_risk:
        running = true;
        break;
      case ClockStatus::not_applicable:
        break;
    }
  }
  const KviWindow w = window(KviId::customer_issue_resolution);
  auto& band = issue_bands_[entry.band];
  if (late_at) {
    if (in_window(w, month_of(*late_at))) {
      issues_late_.push_back(t.entity_id);
      ++band.second;
    }
  } else if (!running && met_at) {
    if (in_window(w, month_of(*met_at))) {
      issues_handled_.push_back(t.entity_id);
      ++band.first;
      ++band.second;
    }
  } else if (running) {
    issues_open_.push_back(t.entity_id);
  }
  issue_register_.push_back(std::move(entry));
}

}  // namespace slaclock::detail
