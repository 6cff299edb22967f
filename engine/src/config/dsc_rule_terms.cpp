// The DSC shorthand: a rule version that gives the DSC framework's numbers
// (contact/breach/kpi/issue sections) rather than clock definitions. Read
// into the same definitions the clock language writes (config/rules/*.yaml
// spells them out), so a version stored before the language existed judges
// exactly as it did: its text and digest unchanged, its clocks the DSC ones.
#include "config/rule_reading.h"

namespace slaclock::detail {

namespace {

ClockEvent on(EventType type, StopCause cause = StopCause::none, std::vector<FieldCondition> when = {}) {
  return {type, std::move(when), cause};
}

FieldCondition field_in(std::string field, std::set<std::string> values,
                        NotApplicableCause otherwise = NotApplicableCause::applies) {
  return {std::move(field), FieldCondition::Test::in, std::move(values), otherwise};
}

FieldCondition field_not_in(std::string field, std::set<std::string> values,
                            NotApplicableCause otherwise = NotApplicableCause::applies) {
  return {std::move(field), FieldCondition::Test::not_in, std::move(values), otherwise};
}

ClockDefinition clock(ClockId id, EntityKind entity, ClockKind kind, ClockEvent start, std::vector<ClockEvent> stops,
                      Allowance target = {}) {
  ClockDefinition d;
  d.id = id;
  d.entity = entity;
  d.kind = kind;
  d.start = std::move(start);
  d.stops = std::move(stops);
  d.target.fallback = target;
  return d;
}

// The DSC framework's numbers, each overridable in the shorthand.
struct DscTerms {
  Allowance acknowledge{Allowance::Unit::business_seconds, 4 * 3600};
  Allowance initial_response{Allowance::Unit::business_days, 4};
  Allowance resolution{Allowance::Unit::business_days, 7};
  Allowance regular_update_gap{Allowance::Unit::business_days, 5};
  int exit_close_out_business_days = 15;
  std::array<GeminiDueRule, 4> gemini_bands = ClockDefinition{}.gemini_bands;
  /// NG, DNs and iGTs notified once a contact is marked as affecting them.
  /// The default is an assumption: the 2018 framework sets no time.
  Allowance parties_notification{Allowance::Unit::business_days, 2};
  Allowance breach_notification{Allowance::Unit::elapsed_seconds, 4 * 3600};
  std::set<std::string> breach_notification_severities{"critical", "high", "medium", "low"};
  Allowance breach_resolution{Allowance::Unit::business_days, 2};
  /// When not set: every severity that runs no notification clock. Due by
  /// business day 5 of the next month (an assumption: the scorecard says only
  /// "monthly").
  std::optional<std::set<std::string>> breach_monthly_report_severities;
  int breach_monthly_report_business_day = 5;
  /// Issue score bands (assumptions: the issue management framework's scoring
  /// is not in the scorecard): name, min score, notification, plan.
  struct Band {
    std::string name;
    int min_score;
    Allowance notification, plan;
  };
  std::vector<Band> issue_bands{
      {"high", 15, {Allowance::Unit::elapsed_seconds, 24 * 3600}, {Allowance::Unit::business_days, 5}},
      {"medium", 8, {Allowance::Unit::business_days, 2}, {Allowance::Unit::business_days, 10}},
      {"low", 0, {Allowance::Unit::business_days, 5}, {Allowance::Unit::business_days, 20}}};
  Allowance kpi_miss_notice{Allowance::Unit::business_days, 2};
  std::set<std::string> kpi_priorities{"P1", "P2"};
  int kpi_max_consecutive_misses = 2;
  std::set<ClockId> pausable;
};

std::vector<ClockDefinition> dsc_clocks(const DscTerms& t) {
  using E = EntityKind;
  using K = ClockKind;
  using T = EventType;
  using S = StopCause;
  const FieldCondition not_gemini = field_not_in("gemini", {"true"});
  std::vector<ClockDefinition> out;

  out.push_back(clock(ClockId::acknowledge, E::contact, K::allowance, on(T::received),
                      {on(T::acknowledged, S::acknowledged), on(T::resolved, S::resolved_unacknowledged),
                       on(T::closed, S::closed_unacknowledged)},
                      t.acknowledge));
  out.push_back(clock(ClockId::initial_response, E::contact, K::allowance, on(T::received, S::none, {not_gemini}),
                      {on(T::update_sent, S::update_with_revised_date,
                          {{"revised_resolution", FieldCondition::Test::present, {}, NotApplicableCause::applies}}),
                       on(T::resolved, S::resolved), on(T::closed, S::closed)},
                      t.initial_response));
  out.push_back(
      clock(ClockId::resolution, E::contact, K::allowance, on(T::received, S::none, {not_gemini}),
            {on(T::resolved, S::resolved), on(T::closed, S::closed),
             on(T::explanation_provided, S::explanation_very_complex, {field_in("complexity", {"very_complex"})})},
            t.resolution));
  out.push_back(clock(ClockId::gemini_resolution, E::contact, K::gemini_resolution,
                      on(T::received, S::none, {field_in("gemini", {"true"})}),
                      {on(T::resolved, S::resolved), on(T::closed, S::closed)}));
  out.back().exit_close_out_business_days = t.exit_close_out_business_days;
  out.back().gemini_bands = t.gemini_bands;
  out.push_back(clock(ClockId::revised_resolution, E::contact, K::revised_resolution, on(T::received),
                      {on(T::resolved, S::resolved), on(T::closed, S::closed)}));
  out.push_back(
      clock(ClockId::regular_updates, E::contact, K::regular_updates, on(T::received), {}, t.regular_update_gap));
  for (ClockId id :
       {ClockId::initial_response, ClockId::resolution, ClockId::gemini_resolution, ClockId::revised_resolution})
    for (ClockDefinition& d : out)
      if (d.id == id) d.restart_on_reopen = true;
  out.push_back(clock(ClockId::parties_notification, E::contact, K::allowance, on(T::parties_affected),
                      {on(T::parties_notified, S::parties_notified)}, t.parties_notification));
  out.back().subject_field = "parties";
  for (ClockDefinition& d : out) d.pause_on_hold = t.pausable.count(d.id) > 0;

  out.push_back(
      clock(ClockId::breach_notification, E::breach, K::allowance,
            on(T::identified, S::none,
               {field_in("severity", t.breach_notification_severities, NotApplicableCause::severity_reported_monthly)}),
            {on(T::customers_notified, S::customers_notified)}, t.breach_notification));
  out.back().subject_field = "severity";
  out.back().notices.insert(NoticeKind::notify_customers);
  out.push_back(clock(ClockId::breach_resolution, E::breach, K::allowance, on(T::identified),
                      {on(T::resolved, S::resolved)}, t.breach_resolution));
  // Reported monthly: the severities named, else every one that runs no
  // notification clock (none under 2018, which then has no such clock).
  const std::set<std::string> all_severities{"critical", "high", "medium", "low"};
  if (t.breach_monthly_report_severities || t.breach_notification_severities != all_severities) {
    out.push_back(
        clock(ClockId::breach_monthly_report, E::breach, K::breach_monthly_report,
              on(T::identified, S::none,
                 {t.breach_monthly_report_severities ? field_in("severity", *t.breach_monthly_report_severities)
                                                     : field_not_in("severity", t.breach_notification_severities)}),
              {on(T::customers_notified, S::customers_notified)}));
    out.back().subject_field = "severity";
    out.back().report_business_day = t.breach_monthly_report_business_day;
  }

  const std::vector<FieldCondition> missed_and_counted{
      field_not_in("met", {"true"}, NotApplicableCause::kpi_met),
      field_in("priority", t.kpi_priorities, NotApplicableCause::priority_not_counted)};
  out.push_back(clock(ClockId::kpi_miss_notice, E::kpi, K::allowance, on(T::result, S::none, missed_and_counted),
                      {on(T::customers_notified, S::customers_notified)}, t.kpi_miss_notice));
  out.back().subject_field = "kpi";
  out.back().notices.insert(NoticeKind::notify_customers);
  out.push_back(
      clock(ClockId::kpi_consecutive, E::kpi, K::kpi_consecutive, on(T::result, S::none, missed_and_counted), {}));
  out.back().subject_field = "kpi";
  out.back().max_consecutive_misses = t.kpi_max_consecutive_misses;
  out.back().notices = {NoticeKind::breached};

  out.push_back(clock(ClockId::issue_notification, E::issue, K::issue_band, on(T::raised),
                      {on(T::customers_notified, S::customers_notified)}));
  for (const auto& b : t.issue_bands) out.back().issue_bands.push_back({b.name, b.min_score, b.notification});
  out.push_back(
      clock(ClockId::issue_plan, E::issue, K::issue_band, on(T::raised), {on(T::plan_provided, S::plan_provided)}));
  for (const auto& b : t.issue_bands) out.back().issue_bands.push_back({b.name, b.min_score, b.plan});
  return out;
}

}  // namespace

std::vector<ClockDefinition> read_dsc_terms(const YamlReader& y, const YAML::Node& root) {
  DscTerms r;
  if (const auto p = root["pausable_clocks"]) {
    if (!p.IsSequence()) y.fail(p, "pausable_clocks", "expected a list of clock names");
    for (std::size_t i = 0; i < p.size(); ++i) {
      const std::string field = "pausable_clocks[" + std::to_string(i) + "]";
      const std::string word = y.text(p[i], field);
      const auto id = parse_clock_id(word);
      const bool can = id && (*id == ClockId::acknowledge || *id == ClockId::initial_response ||
                              *id == ClockId::resolution || *id == ClockId::regular_updates);
      if (!can)
        y.fail(p[i], field,
               "'" + word +
                   "' cannot pause: only acknowledge, initial_response, resolution and regular_updates can "
                   "(on_hold ... off_hold)");
      if (!r.pausable.insert(*id).second) y.fail(p[i], field, "'" + word + "' is listed twice");
    }
  }
  if (const auto c = root["contact"]) {
    y.only_keys(
        c, "contact",
        {"acknowledge", "initial_response", "resolution", "regular_update_gap", "parties_notification", "gemini"});
    if (c["parties_notification"])
      r.parties_notification = read_allowance(y, c["parties_notification"], "contact.parties_notification");
    if (c["acknowledge"]) r.acknowledge = read_allowance(y, c["acknowledge"], "contact.acknowledge");
    if (c["initial_response"])
      r.initial_response = read_allowance(y, c["initial_response"], "contact.initial_response");
    if (c["resolution"]) r.resolution = read_allowance(y, c["resolution"], "contact.resolution");
    if (c["regular_update_gap"])
      r.regular_update_gap = read_allowance(y, c["regular_update_gap"], "contact.regular_update_gap");
    if (const auto g = c["gemini"]) {
      y.only_keys(g, "contact.gemini", {"exit_close_out_business_days", "bands"});
      if (g["exit_close_out_business_days"])
        r.exit_close_out_business_days = static_cast<int>(
            y.integer(g["exit_close_out_business_days"], "contact.gemini.exit_close_out_business_days", 1, 60));
      if (const auto b = g["bands"]) {
        y.only_keys(b, "contact.gemini.bands",
                    {"before_the_day", "on_the_day", "within_exit_close_out", "after_exit_close_out"});
        for (int i = 0; i < 4; ++i) {
          const char* name = gemini_band_name(static_cast<GeminiBand>(i));
          if (b[name])
            r.gemini_bands[static_cast<std::size_t>(i)] =
                read_band(y, b[name], std::string("contact.gemini.bands.") + name);
        }
      }
    }
  }
  if (const auto b = root["breach"]) {
    y.only_keys(b, "breach", {"notification", "notification_severities", "resolution", "monthly_report"});
    if (const auto m = b["monthly_report"]) {
      y.only_keys(m, "breach.monthly_report", {"severities", "business_day_of_next_month"});
      r.breach_monthly_report_severities =
          read_word_set(y, y.required(m, "severities", "breach.monthly_report"), "breach.monthly_report.severities",
                        {"critical", "high", "medium", "low"});
      if (m["business_day_of_next_month"])
        r.breach_monthly_report_business_day = static_cast<int>(
            y.integer(m["business_day_of_next_month"], "breach.monthly_report.business_day_of_next_month", 1, 20));
    }
    if (b["notification"]) r.breach_notification = read_allowance(y, b["notification"], "breach.notification");
    if (b["notification_severities"])
      r.breach_notification_severities = read_word_set(
          y, b["notification_severities"], "breach.notification_severities", {"critical", "high", "medium", "low"});
    if (b["resolution"]) r.breach_resolution = read_allowance(y, b["resolution"], "breach.resolution");
  }
  if (const auto i = root["issue"]) {
    y.only_keys(i, "issue", {"bands"});
    const YAML::Node bands = y.required(i, "bands", "issue");
    if (!bands.IsSequence() || bands.size() == 0) y.fail(bands, "issue.bands", "expected a non-empty list of bands");
    r.issue_bands.clear();
    for (std::size_t n = 0; n < bands.size(); ++n) {
      const std::string f = "issue.bands[" + std::to_string(n) + "]";
      const YAML::Node b = bands[n];
      y.only_keys(b, f, {"name", "min_score", "notification", "plan"});
      DscTerms::Band band;
      band.name = y.text(y.required(b, "name", f), f + ".name");
      band.min_score = static_cast<int>(y.integer(y.required(b, "min_score", f), f + ".min_score", 0, 1000000));
      band.notification = read_allowance(y, y.required(b, "notification", f), f + ".notification");
      band.plan = read_allowance(y, y.required(b, "plan", f), f + ".plan");
      if (!r.issue_bands.empty() && band.min_score >= r.issue_bands.back().min_score)
        y.fail(b["min_score"], f + ".min_score", "bands must be listed highest min_score first, each lower");
      for (const auto& other : r.issue_bands)
        if (other.name == band.name) y.fail(b["name"], f + ".name", "'" + band.name + "' is named twice");
      r.issue_bands.push_back(std::move(band));
    }
    if (r.issue_bands.back().min_score != 0)
      y.fail(bands[bands.size() - 1]["min_score"], "issue.bands[" + std::to_string(bands.size() - 1) + "].min_score",
             "the last band must start at 0, so that every score falls in a band");
  }
  if (const auto k = root["kpi"]) {
    y.only_keys(k, "kpi", {"miss_notice", "priorities", "max_consecutive_misses"});
    if (k["miss_notice"]) r.kpi_miss_notice = read_allowance(y, k["miss_notice"], "kpi.miss_notice");
    if (k["priorities"]) {
      r.kpi_priorities = read_word_set(y, k["priorities"], "kpi.priorities", {});
      for (const auto& p : r.kpi_priorities)
        if (p.size() < 2 || p[0] != 'P')
          y.fail(k["priorities"], "kpi.priorities", "'" + p + "' is not a priority like P1");
    }
    if (k["max_consecutive_misses"])
      r.kpi_max_consecutive_misses =
          static_cast<int>(y.integer(k["max_consecutive_misses"], "kpi.max_consecutive_misses", 1, 24));
  }
  return dsc_clocks(r);
}

}  // namespace slaclock::detail
