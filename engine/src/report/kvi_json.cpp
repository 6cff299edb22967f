// The scorecard as JSON, for scripts and the CLI's --format json.
#include <slaclock/report/clock_reason.h>
#include <slaclock/report/kvi_report.h>
#include <slaclock/time/time_zone.h>
#include <slaclock/time/timestamp.h>

#include <nlohmann/json.hpp>

namespace slaclock {

namespace {

nlohmann::json instant_or_null(const std::optional<Instant>& t, const TimeZone& zone) {
  return t ? nlohmann::json(format_instant(*t, zone)) : nlohmann::json(nullptr);
}

nlohmann::json clock_json(const ClockResult& c, Instant as_of, const TimeZone& zone) {
  nlohmann::json j{{"entity_id", c.entity_id},
                   {"kind", entity_kind_name(c.kind)},
                   {"clock", clock_name(c.clock)},
                   {"status", clock_status_name(c.status)},
                   {"started_at", instant_or_null(c.started_at, zone)},
                   {"due_at", instant_or_null(c.due_at, zone)},
                   {"stopped_at", instant_or_null(c.stopped_at, zone)},
                   {"rule_version", c.rule_version},
                   {"reason", clock_reason(c, as_of, zone)}};
  if (c.band) j["band"] = gemini_band_name(*c.band);
  if (!c.customer.empty()) j["customer"] = c.customer;
  return j;
}

nlohmann::json number_or_null(const std::optional<double>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json kvi_scorecard_json(const KviScorecard& card, bool explain) {
  const TimeZone zone = TimeZone::named(card.time_zone);
  nlohmann::json kvis = nlohmann::json::array();
  for (const KviResult& k : card.kvis) {
    nlohmann::json counts = nlohmann::json::object();
    for (const KviCount& c : k.counts) {
      nlohmann::json entry{{"count", c.count()}};
      if (explain) entry["entity_ids"] = c.entity_ids;
      counts[c.name] = std::move(entry);
    }
    nlohmann::json breakdown = nlohmann::json::array();
    for (const KviSubFigure& b : k.breakdown)
      breakdown.push_back({{"label", b.label}, {"figure", number_or_null(b.figure)}, {"figure_text", b.figure_text}});
    nlohmann::json excluded = nlohmann::json::array();
    for (const KviExclusion& x : k.excluded) {
      nlohmann::json entry{
          {"field", x.rule.field}, {"value", x.rule.value}, {"reason", x.rule.reason}, {"count", x.entity_ids.size()}};
      if (explain) entry["entity_ids"] = x.entity_ids;
      excluded.push_back(std::move(entry));
    }
    kvis.push_back({{"kvi", kvi_key(k.id)},
                    {"title", kvi_title(k.id)},
                    {"weight", k.settings.weight},
                    {"frequency", frequency_name(k.settings.frequency)},
                    {"commitment", k.settings.commitment},
                    {"measure", k.measure},
                    {"window", k.window},
                    {"figure", number_or_null(k.figure)},
                    {"figure_text", k.figure_text},
                    {"numerator", k.numerator},
                    {"denominator", k.denominator},
                    {"target", number_or_null(k.target)},
                    {"rag", rag_name(k.rag)},
                    {"comment", k.comment},
                    {"counts", std::move(counts)},
                    {"breakdown", std::move(breakdown)},
                    {"excluded", std::move(excluded)}});
  }
  nlohmann::json breaches = nlohmann::json::array();
  for (const KviBreachDetail& b : card.breaches)
    breaches.push_back(
        {{"entity_id", b.entity_id},
         {"severity", b.severity},
         {"identified_at", format_instant(b.identified_at, zone)},
         {"customers", b.customers},
         {"notification", clock_json(b.notification, card.as_of, zone)},
         {"resolution", clock_json(b.resolution, card.as_of, zone)},
         {"monthly_report", b.monthly_report.entity_id.empty() ? nlohmann::json(nullptr)
                                                               : clock_json(b.monthly_report, card.as_of, zone)}});
  nlohmann::json overdue = nlohmann::json::array();
  for (const ClockResult& c : card.overdue) overdue.push_back(clock_json(c, card.as_of, zone));
  nlohmann::json issues = issue_register_json(card);
  return {{"month", format_kvi_month(card.month)},
          {"as_of", format_instant(card.as_of, zone)},
          {"time_zone", card.time_zone},
          {"kvi_settings",
           {{"version", card.settings_version},
            {"effective_from", format_date(card.settings_effective_from)},
            {"title", card.settings_title}}},
          {"score", number_or_null(card.score)},
          {"due_weight", card.due_weight},
          {"earned_weight", card.earned_weight},
          {"kvis", std::move(kvis)},
          {"breaches", std::move(breaches)},
          {"issues", std::move(issues)},
          {"overdue", std::move(overdue)}};
}

nlohmann::json issue_register_json(const KviScorecard& card) {
  const TimeZone zone = TimeZone::named(card.time_zone);
  nlohmann::json out = nlohmann::json::array();
  for (const KviIssueEntry& i : card.issues)
    out.push_back({{"entity_id", i.entity_id},
                   {"title", i.title},
                   {"impact_score", i.impact_score},
                   {"band", i.band},
                   {"customers", i.customers},
                   {"raised_at", format_instant(i.raised_at, zone)},
                   {"status", i.status},
                   {"status_at", instant_or_null(i.status_at, zone)},
                   {"plan_at", instant_or_null(i.plan_at, zone)},
                   {"plan", i.plan_text},
                   {"notification", clock_json(i.notification, card.as_of, zone)},
                   {"plan_clock", clock_json(i.plan, card.as_of, zone)}});
  return out;
}

std::vector<std::string> issue_register_columns() {
  return {"issue",     "title",        "impact_score",     "band",        "customers",
          "raised_at", "notification", "notification_due", "notified_at", "plan",
          "plan_due",  "plan_at",      "plan_summary",     "status",      "status_at"};
}

std::vector<std::vector<std::string>> issue_register_rows(const KviScorecard& card) {
  const TimeZone zone = TimeZone::named(card.time_zone);
  const auto when = [&](const std::optional<Instant>& t) { return t ? format_instant(*t, zone) : std::string(); };
  std::vector<std::vector<std::string>> rows;
  for (const KviIssueEntry& i : card.issues)
    rows.push_back({i.entity_id, i.title, std::to_string(i.impact_score), i.band, i.customers,
                    format_instant(i.raised_at, zone), clock_status_name(i.notification.status),
                    when(i.notification.due_at), when(i.notification.stopped_at), clock_status_name(i.plan.status),
                    when(i.plan.due_at), when(i.plan_at), i.plan_text, i.status, when(i.status_at)});
  return rows;
}

}  // namespace slaclock
