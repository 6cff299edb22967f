// The names of a definition's words and the one table of clock kinds.
#include <slaclock/clock/clock_definition.h>

#include <algorithm>
#include <utility>

namespace slaclock {

namespace {

template <typename E, std::size_t N>
const char* name_in(const std::pair<E, const char*> (&names)[N], E value) noexcept {
  for (const auto& [v, name] : names)
    if (v == value) return name;
  return "";
}

template <typename E, std::size_t N>
std::optional<E> parse_in(const std::pair<E, const char*> (&names)[N], std::string_view word) noexcept {
  for (const auto& [v, name] : names)
    if (word == name) return v;
  return std::nullopt;
}

constexpr std::pair<Allowance::Unit, const char*> unit_names[] = {
    {Allowance::Unit::business_seconds, "business_seconds"},
    {Allowance::Unit::business_days, "business_days"},
    {Allowance::Unit::elapsed_seconds, "elapsed_seconds"},
};

constexpr std::pair<GeminiBand, const char*> band_names[] = {
    {GeminiBand::before_the_day, "before_the_day"},
    {GeminiBand::on_the_day, "on_the_day"},
    {GeminiBand::within_exit_close_out, "within_exit_close_out"},
    {GeminiBand::after_exit_close_out, "after_exit_close_out"},
};

constexpr std::pair<StopCause, const char*> stop_cause_names[] = {
    {StopCause::none, "none"},
    {StopCause::acknowledged, "acknowledged"},
    {StopCause::update_with_revised_date, "update_with_revised_date"},
    {StopCause::explanation_very_complex, "explanation_very_complex"},
    {StopCause::resolved, "resolved"},
    {StopCause::closed, "closed"},
    {StopCause::resolved_unacknowledged, "resolved_unacknowledged"},
    {StopCause::closed_unacknowledged, "closed_unacknowledged"},
    {StopCause::customers_notified, "customers_notified"},
    {StopCause::contact_ended, "contact_ended"},
    {StopCause::kpi_result, "kpi_result"},
    {StopCause::parties_notified, "parties_notified"},
    {StopCause::plan_provided, "plan_provided"},
    {StopCause::event, "event"},
};

constexpr std::pair<NotApplicableCause, const char*> not_applicable_names[] = {
    {NotApplicableCause::applies, "applies"},
    {NotApplicableCause::no_revised_date, "no_revised_date"},
    {NotApplicableCause::not_acknowledged_yet, "not_acknowledged_yet"},
    {NotApplicableCause::severity_reported_monthly, "severity_reported_monthly"},
    {NotApplicableCause::kpi_met, "kpi_met"},
    {NotApplicableCause::priority_not_counted, "priority_not_counted"},
    {NotApplicableCause::no_rule_version, "no_rule_version"},
    {NotApplicableCause::outside_calendar, "outside_calendar"},
    {NotApplicableCause::condition_not_met, "not_applicable"},
};

constexpr std::pair<NoticeKind, const char*> notice_names[] = {
    {NoticeKind::breached, "breached"},
    {NoticeKind::at_risk, "at_risk"},
    {NoticeKind::notify_customers, "notify_customers"},
};

}  // namespace

const char* allowance_unit_name(Allowance::Unit u) noexcept {
  return name_in(unit_names, u);
}
std::optional<Allowance::Unit> parse_allowance_unit(std::string_view w) noexcept {
  return parse_in(unit_names, w);
}
const char* gemini_band_name(GeminiBand b) noexcept {
  return name_in(band_names, b);
}
std::optional<GeminiBand> parse_gemini_band(std::string_view w) noexcept {
  return parse_in(band_names, w);
}
const char* stop_cause_name(StopCause c) noexcept {
  return name_in(stop_cause_names, c);
}
std::optional<StopCause> parse_stop_cause(std::string_view w) noexcept {
  return parse_in(stop_cause_names, w);
}
StopCause default_stop_cause(EventType t) noexcept {
  switch (t) {
    case EventType::acknowledged:
      return StopCause::acknowledged;
    case EventType::resolved:
      return StopCause::resolved;
    case EventType::closed:
      return StopCause::closed;
    case EventType::customers_notified:
      return StopCause::customers_notified;
    case EventType::parties_notified:
      return StopCause::parties_notified;
    case EventType::plan_provided:
      return StopCause::plan_provided;
    default:
      return StopCause::event;
  }
}

const char* not_applicable_cause_name(NotApplicableCause c) noexcept {
  return name_in(not_applicable_names, c);
}
std::optional<NotApplicableCause> parse_not_applicable_cause(std::string_view w) noexcept {
  return parse_in(not_applicable_names, w);
}
const char* notice_kind_name(NoticeKind k) noexcept {
  return name_in(notice_names, k);
}
std::optional<NoticeKind> parse_notice_kind(std::string_view w) noexcept {
  return parse_in(notice_names, w);
}

const std::vector<ClockKindFacts>& all_clock_kinds() noexcept {
  using E = EntityKind;
  static const std::vector<ClockKindFacts> kinds = {
      {ClockKind::allowance,
       "allowance",
       {E::contact, E::breach, E::kpi, E::issue},
       true,
       true,
       false,
       "from its start event to the first of its stop events, against its target; holds may pause it"},
      {ClockKind::gemini_resolution,
       "gemini_resolution",
       {E::contact},
       false,
       false,
       false,
       "due by the band the contact was received in, against its gas day: the day's start or end, the exit "
       "close-out, or an allowance"},
      {ClockKind::revised_resolution,
       "revised_resolution",
       {E::contact},
       false,
       false,
       false,
       "from the first revised date agreed (update_sent or explanation_provided) to the latest agreed date"},
      {ClockKind::regular_updates,
       "regular_updates",
       {E::contact},
       true,
       true,
       false,
       "from the acknowledgement, no gap between updates longer than its target until the contact ends"},
      {ClockKind::kpi_consecutive,
       "kpi_consecutive",
       {E::kpi},
       false,
       false,
       true,
       "a missed KPI result judged once: missed when it makes a run of consecutive missed months longer "
       "than the limit"},
      {ClockKind::breach_monthly_report,
       "breach_monthly_report",
       {E::breach},
       false,
       false,
       false,
       "in the customers' monthly report by close of business on business day N of the next month"},
      {ClockKind::issue_band,
       "issue_band",
       {E::issue},
       false,
       false,
       false,
       "the allowance of the score band the issue's impact_score falls in"},
  };
  return kinds;
}

const ClockKindFacts& clock_kind_facts(ClockKind k) noexcept {
  for (const ClockKindFacts& f : all_clock_kinds())
    if (f.kind == k) return f;
  return all_clock_kinds().front();
}

const char* clock_kind_name(ClockKind k) noexcept {
  return clock_kind_facts(k).name;
}

std::optional<ClockKind> parse_clock_kind(std::string_view word) noexcept {
  for (const ClockKindFacts& f : all_clock_kinds())
    if (word == f.name) return f.kind;
  return std::nullopt;
}

const Allowance& ClockTarget::for_value(const std::optional<std::string>& value) const noexcept {
  if (value)
    for (const auto& [key, a] : table)
      if (key == *value) return a;
  return fallback;
}

bool ClockTarget::has_key(const std::optional<std::string>& value) const noexcept {
  return value && std::any_of(table.begin(), table.end(), [&](const auto& row) { return row.first == *value; });
}

const IssueBand& ClockDefinition::issue_band_of(int score) const {
  // Bands are held highest first (config/rule_loader.cpp checks it).
  for (const IssueBand& b : issue_bands)
    if (score >= b.min_score) return b;
  return issue_bands.back();
}

}  // namespace slaclock
