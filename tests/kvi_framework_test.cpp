// The KVI framework as it changed (issue 14): settings versioned by effective
// date, the 2018 framework's gaps and the November 2020 interim scorecard.
// Every expected figure is worked by hand from docs/kvi.md.
#include "cli_runner.h"
#include "kvi_dataset.h"
#include "test_support.h"

#include <slaclock/base/error.h>
#include <slaclock/config/kvi_config_loader.h>
#include <slaclock/config/rule_loader.h>
#include <slaclock/kvi/scorecard.h>
#include <slaclock/report/kvi_report.h>
#include <slaclock/time/time_zone.h>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <fstream>

using namespace slaclock;
using slaclock::testing::KviDataset;

namespace {

std::filesystem::path shipped_kvi(const char* file) {
  return std::filesystem::path(SLACLOCK_SOURCE_DIR) / "config" / "kvi" / file;
}

std::vector<std::string> kvi_keys(const nlohmann::json& card) {
  std::vector<std::string> out;
  for (const auto& k : card["kvis"]) out.push_back(k["kvi"].get<std::string>());
  return out;
}

/// A database made by `slaclock init` (shipped rules, calendars and both KVI
/// settings versions), with `lines` imported.
struct InitialisedDb {
  TempDir dir;
  std::string db = (dir / "kvi.db").string();
  explicit InitialisedDb(const std::vector<nlohmann::json>& lines) {
    const CliResult init = run_slaclock("init --db '" + db + "'");
    REQUIRE_MESSAGE(init.exit_code == 0, init.err);
    const auto events = dir / "events.jsonl";
    std::ofstream out(events);
    for (const auto& l : lines) out << l.dump() << '\n';
    out.close();
    const CliResult imported = run_slaclock("import --db '" + db + "' '" + events.string() + "'");
    REQUIRE_MESSAGE(imported.exit_code == 0, imported.err);
  }
  nlohmann::json kvi(const std::string& month, const std::string& extra = "") const {
    const CliResult r = run_slaclock("kvi --db '" + db + "' --month " + month + " --format json " + extra);
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    return nlohmann::json::parse(r.out);
  }
};

nlohmann::json line(const std::string& kind, const std::string& entity, const std::string& type, const std::string& at,
                    nlohmann::json fields = nlohmann::json::object()) {
  static int n = 0;
  fields["event_id"] = entity + "/" + type + "/" + std::to_string(++n);
  fields["kind"] = kind;
  fields["entity_id"] = entity;
  fields["type"] = type;
  fields["at"] = at;
  return fields;
}

}  // namespace

TEST_SUITE("kvi framework versions") {
  TEST_CASE("shipped settings: 2018 and 2020 versions, effective dates and KVI sets") {
    const KviConfig v2018 = read_kvi_config(shipped_kvi("dsc-kvi-2018.yaml"));
    const KviConfig v2020 = read_kvi_config(shipped_kvi("dsc-kvi-2020.yaml"));
    CHECK(v2018.version == "dsc-kvi-2018");
    CHECK(v2018.effective_from == CivilDate::from_ymd(2018, 4, 1));
    CHECK(v2018.scorecard == std::vector<KviId>(all_kvis.begin(), all_kvis.end()));
    CHECK(v2020.version == "dsc-kvi-2020");
    CHECK(v2020.effective_from == CivilDate::from_ymd(2020, 11, 1));
    CHECK(v2020.scorecard.front() == KviId::relationship_management);
    CHECK(std::find(v2020.scorecard.begin(), v2020.scorecard.end(), KviId::data_services) == v2020.scorecard.end());
    CHECK(std::find(v2020.scorecard.begin(), v2020.scorecard.end(), KviId::service_delivery) == v2020.scorecard.end());

    const std::vector<KviConfig> both = read_kvi_config_dir(shipped_kvi("."));
    REQUIRE(both.size() >= 2);
    CHECK(kvi_config_in_force(both, CivilDate::from_ymd(2019, 6, 1)).version == "dsc-kvi-2018");
    CHECK(kvi_config_in_force(both, CivilDate::from_ymd(2020, 10, 31)).version == "dsc-kvi-2018");
    CHECK(kvi_config_in_force(both, CivilDate::from_ymd(2020, 11, 1)).version == "dsc-kvi-2020");
    CHECK(kvi_config_in_force(both, CivilDate::from_ymd(2021, 6, 1)).version == "dsc-kvi-2020");
    // Before every version: the built-in defaults (the 2018 framework).
    CHECK(kvi_config_in_force(both, CivilDate::from_ymd(2017, 1, 1)).version == "dsc-kvi-2018");
  }

  TEST_CASE("settings: the scorecard list names known KVIs once") {
    CHECK(parse_kvi_config("scorecard: [financial_reporting, change_management]\n", "k.yaml").scorecard ==
          std::vector<KviId>{KviId::financial_reporting, KviId::change_management});
    CHECK_THROWS_WITH_AS(parse_kvi_config("scorecard: [financial_reporting, nothing]\n", "k.yaml"),
                         doctest::Contains("scorecard[1]"), ConfigError);
    CHECK_THROWS_WITH_AS(parse_kvi_config("scorecard: [data_services, data_services]\n", "k.yaml"),
                         doctest::Contains("listed twice"), ConfigError);
    CHECK_THROWS_AS(parse_kvi_config("scorecard: []\n", "k.yaml"), ConfigError);
  }

  TEST_CASE("CLI: init stores both versions, 2019 is judged by 2018 settings and 2021 by 2020 settings") {
    const InitialisedDb d({
        line("contact", "C-2019", "received", "2019-06-03T10:00:00+01:00",
             {{"customer", "Shipper A"}, {"customer_class", "shipper"}}),
        line("contact", "C-2019", "feedback", "2019-06-10T10:00:00+01:00", {{"rating", "met"}}),
        line("breach", "B-2021", "identified", "2021-06-07T10:00:00+01:00", {{"severity", "low"}}),
    });
    const CliResult versions = run_slaclock("kvi-settings list --db '" + d.db + "'");
    REQUIRE_MESSAGE(versions.exit_code == 0, versions.err);
    CHECK(versions.out.find("dsc-kvi-2018") != std::string::npos);
    CHECK(versions.out.find("dsc-kvi-2020") != std::string::npos);

    const nlohmann::json y2019 = d.kvi("2019-06");
    CHECK(y2019["kvi_settings"]["version"] == "dsc-kvi-2018");
    CHECK(y2019["kvi_settings"]["effective_from"] == "2018-04-01");
    CHECK(kvi_keys(y2019) == std::vector<std::string>{"issue_resolution", "change_management",
                                                      "relationship_management", "customer_data_security",
                                                      "data_services", "service_delivery", "financial_reporting"});
    CHECK(y2019["kvis"][0]["figure_text"] == "100.0% (1/1)");

    const nlohmann::json y2021 = d.kvi("2021-06");
    CHECK(y2021["kvi_settings"]["version"] == "dsc-kvi-2020");
    CHECK(y2021["kvi_settings"]["effective_from"] == "2020-11-01");
    const auto keys = kvi_keys(y2021);
    CHECK(keys.front() == "relationship_management");
    CHECK(std::find(keys.begin(), keys.end(), "issue_resolution") == keys.end());
    CHECK(std::find(keys.begin(), keys.end(), "service_delivery") == keys.end());

    // The change of version falls on 1 November 2020.
    CHECK(d.kvi("2020-10")["kvi_settings"]["version"] == "dsc-kvi-2018");
    CHECK(d.kvi("2020-11")["kvi_settings"]["version"] == "dsc-kvi-2020");

    // The pack says which version judged the month, and its trend spans both.
    const std::string out = (d.dir / "pack.html").string();
    const CliResult html = run_slaclock("kvi --db '" + d.db + "' --month 2021-03 --format html --out '" + out + "'");
    REQUIRE_MESSAGE(html.exit_code == 0, html.err);
    std::ifstream in(out);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(text.find("Judged by KVI settings version <strong>dsc-kvi-2020</strong>") != std::string::npos);
    // April-October 2020 were judged by the 2018 framework, which had no Communication KVI.
    CHECK(text.find("2020-04: not in dsc-kvi-2018 (NOT DUE)") != std::string::npos);
    CHECK(text.find("2020-11: not in") == std::string::npos);
    CHECK(text.find("data-kvi=\"issue_resolution\"") == std::string::npos);  // not a 2020 KVI
    const CliResult table = run_slaclock("kvi --db '" + d.db + "' --month 2019-06 --format table");
    CHECK(table.out.find("settings dsc-kvi-2018 (DSC KVI framework (April 2018), from 2018-04-01)") !=
          std::string::npos);
  }
}

namespace {

KviConfig shipped_config(const char* file) {
  return read_kvi_config(shipped_kvi(file));
}

std::vector<std::string> sorted_ids(const KviResult& k, const std::string& count) {
  const KviCount* c = k.count_named(count);
  REQUIRE_MESSAGE(c != nullptr, "no count named " << count);
  auto v = c->entity_ids;
  std::sort(v.begin(), v.end());
  return v;
}

std::string breakdown_text(const KviResult& k, const std::string& label_start) {
  for (const KviSubFigure& b : k.breakdown)
    if (b.label.rfind(label_start, 0) == 0) return b.figure_text;
  return "(no " + label_start + ")";
}

/// June 2019 under the 2018 framework, worked by hand:
/// - Issue Resolution: C-1..C-10 received and rated in June, 9 met or
///   exceeded, 1 not met: 9/10 = 90.0%, green. C-CMS came in via CMS and
///   rated not_met: out of scope, so not counted (else 9/11, red).
///   C-1 marked as affecting NG and DNs, notified the next morning: on time.
/// - Customer Data Security: one medium breach, notified in 1 hour,
///   resolved next day: green.
/// - Service Delivery: two P1 results for 2019-06, both met: 2/2, green.
/// - Change Management and Relationship Management: quarterly, due in June,
///   but no responses: not due. Data Services: as required, none: not due.
/// - Financial Reporting: quarterly; the schedule puts 2019-Q1's report due
///   2019-04-30 (30 days after 31 March), in this quarter; never delivered:
///   missed, red.
/// - Score: green 20 + 15 + 20, red 10: 55 / 65 = 84.6%.
void june_2019(KviDataset& d) {
  for (int i = 1; i <= 10; ++i) {
    const std::string id = "C-" + std::to_string(i);
    const std::string day = (i + 2 < 10 ? "2019-06-0" : "2019-06-") + std::to_string(i + 2);  // 3rd-12th
    d.contact(id, day + "T10:00:00+01:00");
    d.event("contact", id, "acknowledged", day + "T11:00:00+01:00", {{"expected_resolution", day + "T16:00:00+01:00"}});
    d.event("contact", id, "resolved", day + "T15:00:00+01:00");
    d.feedback(id, "2019-06-20T10:00:00+01:00", i == 10 ? "not_met" : (i % 2 ? "met" : "exceeded"));
  }
  d.event("contact", "C-1", "parties_affected", "2019-06-03T10:30:00+01:00", {{"parties", "NG;DN"}});
  d.event("contact", "C-1", "parties_notified", "2019-06-04T09:30:00+01:00", {{"parties", "NG;DN"}});
  d.contact("C-CMS", "2019-06-05T10:00:00+01:00", "Shipper B", {{"channel", "cms"}});  // never acknowledged
  d.feedback("C-CMS", "2019-06-21T10:00:00+01:00", "not_met");
  d.breach("B-1", "2019-06-10T10:00:00+01:00", "medium", "2019-06-10T11:00:00+01:00", "2019-06-11T10:00:00+01:00");
  d.kpi("K-1", "DSC-01", "P1", "2019-06", true, "2019-07-03T10:00:00+01:00");
  d.kpi("K-2", "DSC-02", "P1", "2019-06", true, "2019-07-03T10:00:00+01:00");
}

}  // namespace

TEST_SUITE("kvi framework 2018") {
  TEST_CASE("a hand-worked month under the 2018 framework: June 2019") {
    KviDataset d;
    june_2019(d);
    const KviScorecard card =
        d.scorecard("2019-06", std::string("2019-07-31T00:00:00+01:00"), shipped_config("dsc-kvi-2018.yaml"));
    CHECK(card.settings_version == "dsc-kvi-2018");
    const KviResult& ir = card.kvi(KviId::issue_resolution);
    CHECK(ir.figure_text == "90.0% (9/10)");
    CHECK(ir.rag == Rag::green);
    CHECK(sorted_ids(ir, "feedback.not_met") == std::vector<std::string>{"C-10"});
    CHECK(sorted_ids(ir, "parties_notification.on_time") == std::vector<std::string>{"C-1"});
    CHECK(ir.comment.find("affected parties (NG/DNs/iGTs) notified 1/1 on time") != std::string::npos);
    CHECK(card.kvi(KviId::customer_data_security).rag == Rag::green);
    CHECK(card.kvi(KviId::service_delivery).figure_text == "100.0% (2/2)");
    CHECK(card.kvi(KviId::change_management).rag == Rag::not_due);
    CHECK(card.kvi(KviId::relationship_management).rag == Rag::not_due);
    CHECK(card.kvi(KviId::data_services).rag == Rag::not_due);
    CHECK(card.kvi(KviId::data_services).settings.frequency == ReportingFrequency::as_required);
    const KviResult& fr = card.kvi(KviId::financial_reporting);
    CHECK(fr.settings.frequency == ReportingFrequency::quarterly);
    CHECK(fr.rag == Rag::red);
    CHECK(fr.window == "2019-04..2019-06");
    CHECK(sorted_ids(fr, "reports.missed") == std::vector<std::string>{"schedule:2019-Q1"});
    CHECK(fr.comment.find("2019-Q1 due 2019-04-30, not delivered (missed)") != std::string::npos);
    CHECK(card.due_weight == doctest::Approx(65));
    CHECK(card.earned_weight == doctest::Approx(55));
    REQUIRE(card.score);
    CHECK(format_kvi_share(*card.score) == "84.6%");
  }

  TEST_CASE("an out-of-scope contact keeps its clocks but is not counted, and the pack says why") {
    KviDataset d;
    june_2019(d);
    const KviScorecard card = d.scorecard("2019-06", std::nullopt, shipped_config("dsc-kvi-2018.yaml"));
    const KviResult& ir = card.kvi(KviId::issue_resolution);
    REQUIRE(ir.excluded.size() == 1);
    CHECK(ir.excluded[0].rule.field == "channel");
    CHECK(ir.excluded[0].rule.value == "cms");
    CHECK(ir.excluded[0].entity_ids == std::vector<std::string>{"C-CMS"});
    CHECK(sorted_ids(ir, "out_of_scope.channel.cms") == std::vector<std::string>{"C-CMS"});
    CHECK(ir.comment.find("Out of scope, not counted: 1 contact (1 operational or invoice query raised via CMS "
                          "(channel cms))") != std::string::npos);
    CHECK(sorted_ids(ir, "acknowledge.late").empty());  // its clock is not counted ...
    bool overdue = false;                               // ... but still runs for the desk
    for (const ClockResult& c : card.overdue) overdue = overdue || c.entity_id == "C-CMS";
    CHECK(overdue);
    const nlohmann::json j = kvi_scorecard_json(card, true);
    CHECK(j["kvis"][0]["excluded"][0]["reason"] == "operational or invoice query raised via CMS");
    CHECK(j["kvis"][0]["excluded"][0]["count"] == 1);
    CHECK(j["kvis"][0]["excluded"][0]["entity_ids"] == nlohmann::json::array({"C-CMS"}));
    // With the built-in defaults (no scope list) it would count: 9/11.
    CHECK(d.scorecard("2019-06").kvi(KviId::issue_resolution).figure_text == "81.8% (9/11)");
  }

  TEST_CASE("financial reports: on time, late, missing, awaited") {
    const KviConfig v2018 = shipped_config("dsc-kvi-2018.yaml");
    KviDataset on_time;
    on_time.report("R-19Q1", "2019-Q1", "2019-04-30", "2019-04-30T16:00:00+01:00");
    const KviResult green = on_time.scorecard("2019-06", std::nullopt, v2018).kvi(KviId::financial_reporting);
    CHECK(green.rag == Rag::green);
    CHECK(sorted_ids(green, "reports.missed").empty());

    KviDataset late;
    late.report("R-19Q1", "2019-Q1", "2019-04-30", "2019-05-02T10:00:00+01:00");
    const KviResult red = late.scorecard("2019-06", std::nullopt, v2018).kvi(KviId::financial_reporting);
    CHECK(red.rag == Rag::red);
    CHECK(sorted_ids(red, "reports.late") == std::vector<std::string>{"R-19Q1"});

    // Missing: as known on the last second of its due date it is not yet
    // missed (the day has not ended); from midnight it is.
    KviDataset missing;
    missing.contact("C-1", "2019-04-01T10:00:00+01:00");
    KviConfig monthly = v2018;
    monthly.kvis[KviId::financial_reporting].frequency = ReportingFrequency::monthly;
    const KviResult awaited =
        missing.scorecard("2019-04", std::string("2019-04-30T23:59:58+01:00"), monthly).kvi(KviId::financial_reporting);
    CHECK(awaited.rag == Rag::not_due);
    CHECK(awaited.figure_text == "awaited");
    CHECK(sorted_ids(awaited, "reports.awaited") == std::vector<std::string>{"schedule:2019-Q1"});
    const KviResult missed = missing.scorecard("2019-04", std::nullopt, monthly).kvi(KviId::financial_reporting);
    CHECK(missed.rag == Rag::red);
    CHECK(sorted_ids(missed, "reports.missed") == std::vector<std::string>{"schedule:2019-Q1"});
    // May has no report due.
    CHECK(missing.scorecard("2019-05", std::nullopt, monthly).kvi(KviId::financial_reporting).rag == Rag::not_due);
    // Before the schedule's first period nothing is due: 2018-Q1 (due 2018-04-30) is not scheduled.
    CHECK(missing.scorecard("2018-04", std::nullopt, monthly).kvi(KviId::financial_reporting).rag == Rag::not_due);
  }

  TEST_CASE("parties_notification: started by parties_affected, met or missed by parties_notified") {
    KviDataset d;
    // Received Friday 2019-06-07; marked Friday 16:00: 2 business days -> Tue 2019-06-11 17:00.
    d.contact("C-LATE", "2019-06-07T10:00:00+01:00");
    d.event("contact", "C-LATE", "parties_affected", "2019-06-07T16:00:00+01:00", {{"parties", "IGT"}});
    d.event("contact", "C-LATE", "parties_notified", "2019-06-11T17:00:01+01:00", {{"parties", "IGT"}});
    d.contact("C-EXACT", "2019-06-07T10:00:00+01:00");
    d.event("contact", "C-EXACT", "parties_affected", "2019-06-07T16:00:00+01:00", {{"parties", "NG"}});
    d.event("contact", "C-EXACT", "parties_notified", "2019-06-11T17:00:00+01:00", {{"parties", "NG"}});
    d.contact("C-OPEN", "2019-06-07T10:00:00+01:00");
    d.event("contact", "C-OPEN", "parties_affected", "2019-06-28T10:00:00+01:00", {{"parties", "DN"}});
    d.contact("C-NONE", "2019-06-07T10:00:00+01:00");  // never marked: no such clock
    const KviResult ir = d.scorecard("2019-06").kvi(KviId::issue_resolution);
    CHECK(sorted_ids(ir, "parties_notification.on_time") == std::vector<std::string>{"C-EXACT"});
    CHECK(sorted_ids(ir, "parties_notification.late") == std::vector<std::string>{"C-LATE"});
    CHECK(sorted_ids(ir, "parties_notification.running") == std::vector<std::string>{"C-OPEN"});
  }

  TEST_CASE("settings: scope list, schedule and frequency words are checked") {
    auto error_of = [](const std::string& yaml) -> ConfigError {
      try {
        parse_kvi_config(yaml, "k.yaml");
      } catch (const ConfigError& e) {
        return e;
      }
      FAIL("no error for: " << yaml);
      return ConfigError("unreachable");
    };
    CHECK(error_of("kvis:\n  issue_resolution:\n    out_of_scope:\n      - {channel: cms}\n").where().field ==
          "kvis.issue_resolution.out_of_scope[0].reason");
    CHECK(error_of("kvis:\n  issue_resolution:\n    out_of_scope:\n      - {channel: cms, category: x, reason: r}\n")
              .why()
              .find("exactly one of channel or category") != std::string::npos);
    CHECK(error_of("kvis:\n  financial_reporting:\n    schedule: {first_period: 2019-Q5}\n").where().field ==
          "kvis.financial_reporting.schedule.first_period");
    CHECK(error_of("kvis:\n  data_services:\n    frequency: yearly\n").why() ==
          "'yearly' is not monthly, quarterly or as_required");
    CHECK(error_of("kvis:\n  relationship_management:\n    rag_rule: mean\n").where().field ==
          "kvis.relationship_management.rag_rule");
    CHECK(error_of("kvis:\n  communication:\n    bands:\n      - {from: 7, label: ok, rag: green}\n")
              .why()
              .find("must start at 0") != std::string::npos);
  }
}

namespace {

/// November 2020 under the interim scorecard, worked by hand (the figures
/// mirror the scorecard's own where it gives them):
/// - Relationship Management: 33 answers to each question; trust 31
///   (strategic, 93.9%), 29 (operational, 87.8%), 30 (customers first,
///   90.9%); overall 90/99 = 90.9%: amber (rule overall: at least 90%,
///   below 95%).
/// - Change Management: the November survey 8/8 = 100.0%, green; with
///   June's 42/43 the financial year to date is 50/51 = 98.0%.
/// - Customer Data Security: three low breaches: within the thresholds;
///   their monthly report is due Mon 2020-12-07 17:00 (5th business day of
///   December) and still running at November's end: green.
/// - Financial Reporting: two updates since April (June and November); by
///   November (month 8 of 12) 4 x 8 / 12 = 2.67, so 2 expected: green.
/// - Customer Issue Resolution: ISS-H (score 18, high) and ISS-B (score 15,
///   high, notified exactly at due) handled; ISS-M (score 10, medium)
///   notified a day late; ISS-L (score 3, low) still within its plan time:
///   2/3 = 66.6%, red.
/// - Communication: November's scores 9.5 and 9.9 average 9.7, Exceeded
///   Expectations, green; with October's 8.3 and September's 6.5 the
///   running average of the months is 24.5 / 3 = 8.16, "8.1/10 Met
///   Expectations".
/// - Score (every weight 1): green 4 (CM, CDS, FR, Comm) + amber 0.5 (RM),
///   red 0 (CIR): 4.5 / 6 = 75.0%.
void november_2020(KviDataset& d) {
  const std::pair<const char*, int> questions[] = {
      {"relationship_strategic", 31}, {"relationship_operational", 29}, {"relationship_customer_first", 30}};
  for (const auto& [q, trust] : questions)
    for (int i = 0; i < 33; ++i)
      d.survey(std::string("RM-") + q + "-" + std::to_string(i), q, "2020-11",
               i < trust ? "trust" : (i % 2 ? "starting_to_trust" : "dont_trust"), "2020-11-16T10:00:00+00:00");
  for (int i = 0; i < 8; ++i)
    d.survey("CM-NOV-" + std::to_string(i), "change_management", "2020-11", i % 2 ? "met" : "exceeded",
             "2020-11-20T10:00:00+00:00");
  for (int i = 0; i < 43; ++i)
    d.survey("CM-JUN-" + std::to_string(i), "change_management", "2020-06", i < 42 ? "met" : "not_met",
             "2020-06-20T10:00:00+01:00");
  // Identified Wed-Fri, each resolved the next business day.
  const char* resolved[] = {"2020-11-12T10:00:00+00:00", "2020-11-13T10:00:00+00:00", "2020-11-16T10:00:00+00:00"};
  for (int i = 1; i <= 3; ++i)
    d.breach("B-L" + std::to_string(i), "2020-11-1" + std::to_string(i) + "T10:00:00+00:00", "low", "",
             resolved[i - 1]);
  d.report("FIN-PRELIM", "2020-Q1", "2020-06-15", "2020-06-10T10:00:00+01:00");
  d.report("FIN-Q2", "2020-Q3", "2020-11-30", "2020-11-18T10:00:00+00:00");

  d.event("issue", "ISS-H", "raised", "2020-11-02T10:00:00+00:00", {{"impact_score", "18"}, {"title", "AQ defect"}});
  d.event("issue", "ISS-H", "customers_notified", "2020-11-02T16:00:00+00:00");
  d.event("issue", "ISS-H", "plan_provided", "2020-11-06T12:00:00+00:00", {{"plan", "fix in December"}});
  d.event("issue", "ISS-M", "raised", "2020-11-03T10:00:00+00:00", {{"impact_score", "10"}});
  d.event("issue", "ISS-M", "customers_notified", "2020-11-06T10:00:00+00:00");  // due Thu 11-05 17:00
  d.event("issue", "ISS-M", "plan_provided", "2020-11-09T10:00:00+00:00");
  d.event("issue", "ISS-L", "raised", "2020-11-04T10:00:00+00:00", {{"impact_score", "3"}, {"customers", "iGTs"}});
  d.event("issue", "ISS-L", "customers_notified", "2020-11-05T10:00:00+00:00");
  d.event("issue", "ISS-B", "raised", "2020-11-10T09:30:00+00:00", {{"impact_score", "15"}});
  d.event("issue", "ISS-B", "customers_notified", "2020-11-11T09:30:00+00:00");  // exactly 24 hours
  d.event("issue", "ISS-B", "plan_provided", "2020-11-13T09:30:00+00:00");
  d.event("issue", "ISS-B", "resolved", "2020-11-25T09:30:00+00:00");

  d.event("survey", "CS-N1", "response", "2020-11-12T10:00:00+00:00",
          {{"kvi", "communication"}, {"period", "2020-11"}, {"score", "9.5"}, {"communication", "COMM-1"}});
  d.event("survey", "CS-N2", "response", "2020-11-13T10:00:00+00:00",
          {{"kvi", "communication"}, {"period", "2020-11"}, {"score", "9.9"}, {"communication", "COMM-1"}});
  d.event("survey", "CS-O1", "response", "2020-10-12T10:00:00+01:00",
          {{"kvi", "communication"}, {"period", "2020-10"}, {"score", "8"}});
  d.event("survey", "CS-O2", "response", "2020-10-13T10:00:00+01:00",
          {{"kvi", "communication"}, {"period", "2020-10"}, {"score", "8.6"}});
  d.event("survey", "CS-S1", "response", "2020-09-12T10:00:00+01:00",
          {{"kvi", "communication"}, {"period", "2020-09"}, {"score", "6"}});
  d.event("survey", "CS-S2", "response", "2020-09-13T10:00:00+01:00",
          {{"kvi", "communication"}, {"period", "2020-09"}, {"score", "7"}});
}

}  // namespace

TEST_SUITE("kvi framework 2020") {
  TEST_CASE("a hand-worked month under the 2020 interim scorecard: November 2020") {
    KviDataset d;
    november_2020(d);
    const KviScorecard card = d.scorecard("2020-11", std::nullopt, shipped_config("dsc-kvi-2020.yaml"));
    CHECK(card.settings_version == "dsc-kvi-2020");
    std::vector<KviId> ids;
    for (const KviResult& k : card.kvis) ids.push_back(k.id);
    CHECK(ids == std::vector<KviId>{KviId::relationship_management, KviId::change_management,
                                    KviId::customer_data_security, KviId::financial_reporting,
                                    KviId::customer_issue_resolution, KviId::communication});

    const KviResult& rm = card.kvi(KviId::relationship_management);
    CHECK(rm.rag == Rag::amber);
    CHECK(breakdown_text(rm, "overall trust") == "90.9% (90/99)");
    CHECK(breakdown_text(rm, "strategic") == "93.9% (31/33)");
    CHECK(breakdown_text(rm, "operational") == "87.8% (29/33)");
    CHECK(breakdown_text(rm, "customers first") == "90.9% (30/33)");
    CHECK(rm.figure_text.rfind("overall 90.9% (90/99)", 0) == 0);

    const KviResult& cm = card.kvi(KviId::change_management);
    CHECK(cm.rag == Rag::green);
    CHECK(breakdown_text(cm, "survey 2020-11") == "100.0% (8/8)");
    CHECK(breakdown_text(cm, "financial year to date") == "98.0% (50/51)");

    const KviResult& cds = card.kvi(KviId::customer_data_security);
    CHECK(cds.rag == Rag::green);
    CHECK(cds.figure_text == "0 critical, 0 high, 0 medium, 3 low");
    CHECK(sorted_ids(cds, "breach_monthly_report.running") == std::vector<std::string>{"B-L1", "B-L2", "B-L3"});
    REQUIRE(card.breaches.size() == 3);
    REQUIRE(card.breaches[0].monthly_report.due_at);
    CHECK(format_instant(*card.breaches[0].monthly_report.due_at, TimeZone::named("Europe/London")) ==
          "2020-12-07T17:00:00+00:00");
    CHECK(card.breaches[0].notification.status == ClockStatus::not_applicable);  // low: reported monthly

    const KviResult& fr = card.kvi(KviId::financial_reporting);
    CHECK(fr.rag == Rag::green);
    CHECK(fr.figure_text == "2 of 4 updates");
    CHECK(breakdown_text(fr, "expected by 2020-11") == "2 of 4");
    CHECK(sorted_ids(fr, "updates.delivered") == std::vector<std::string>{"FIN-PRELIM", "FIN-Q2"});

    const KviResult& cir = card.kvi(KviId::customer_issue_resolution);
    CHECK(cir.rag == Rag::red);
    CHECK(cir.figure_text == "66.6% (2/3)");
    CHECK(sorted_ids(cir, "issues.handled") == std::vector<std::string>{"ISS-B", "ISS-H"});
    CHECK(sorted_ids(cir, "issues.late") == std::vector<std::string>{"ISS-M"});
    CHECK(sorted_ids(cir, "issues.open") == std::vector<std::string>{"ISS-L"});
    CHECK(breakdown_text(cir, "high band") == "100.0% (2/2)");
    CHECK(breakdown_text(cir, "medium band") == "0.0% (0/1)");

    const KviResult& comm = card.kvi(KviId::communication);
    CHECK(comm.rag == Rag::green);
    CHECK(comm.figure_text == "9.7/10 Exceeded Expectations");
    CHECK(breakdown_text(comm, "running average") == "8.1/10 Met Expectations");
    CHECK(sorted_ids(comm, "scores") == std::vector<std::string>{"CS-N1", "CS-N2"});

    CHECK(card.due_weight == doctest::Approx(6));
    CHECK(card.earned_weight == doctest::Approx(4.5));
    REQUIRE(card.score);
    CHECK(format_kvi_share(*card.score) == "75.0%");
  }

  TEST_CASE("Customer Issue Resolution: an issue in each score band gets its band's clocks") {
    KviDataset d;
    november_2020(d);
    const KviScorecard card = d.scorecard("2020-11", std::nullopt, shipped_config("dsc-kvi-2020.yaml"));
    const TimeZone london = TimeZone::named("Europe/London");
    std::map<std::string, const KviIssueEntry*> by_id;
    for (const KviIssueEntry& i : card.issues) by_id[i.entity_id] = &i;
    REQUIRE(by_id.size() == 4);
    // high (score >= 15): notify within 24 hours, plan within 5 business days.
    CHECK(by_id["ISS-H"]->band == "high");
    CHECK(format_instant(*by_id["ISS-H"]->notification.due_at, london) == "2020-11-03T10:00:00+00:00");
    CHECK(format_instant(*by_id["ISS-H"]->plan.due_at, london) == "2020-11-09T17:00:00+00:00");
    CHECK(by_id["ISS-B"]->band == "high");                           // exactly 15
    CHECK(by_id["ISS-B"]->notification.status == ClockStatus::met);  // exactly at due
    CHECK(by_id["ISS-B"]->status == "resolved");
    // medium (8 <= score < 15): notify within 2 business days, plan within 10.
    CHECK(by_id["ISS-M"]->band == "medium");
    CHECK(format_instant(*by_id["ISS-M"]->notification.due_at, london) == "2020-11-05T17:00:00+00:00");
    CHECK(by_id["ISS-M"]->notification.status == ClockStatus::missed);
    CHECK(format_instant(*by_id["ISS-M"]->plan.due_at, london) == "2020-11-17T17:00:00+00:00");
    // low (score < 8): notify within 5 business days, plan within 20.
    CHECK(by_id["ISS-L"]->band == "low");
    CHECK(format_instant(*by_id["ISS-L"]->plan.due_at, london) == "2020-12-02T17:00:00+00:00");
    CHECK(by_id["ISS-L"]->plan.status == ClockStatus::at_risk);  // 18 of its 20 business days used
    CHECK(by_id["ISS-L"]->customers == "iGTs");
    // In December ISS-L's plan falls due unmet: late, counted in December.
    const KviResult dec =
        d.scorecard("2020-12", std::nullopt, shipped_config("dsc-kvi-2020.yaml")).kvi(KviId::customer_issue_resolution);
    CHECK(sorted_ids(dec, "issues.late") == std::vector<std::string>{"ISS-L"});
    CHECK(dec.figure_text == "0.0% (0/1)");
  }

  TEST_CASE("the issue register: CSV and HTML through the CLI, and in the pack") {
    KviDataset d;
    november_2020(d);
    const std::string db = d.build().string();
    const CliResult csv = run_slaclock("kvi --db '" + db + "' --month 2020-11 --issue-register --format csv");
    REQUIRE_MESSAGE(csv.exit_code == 0, csv.err);
    CHECK(csv.out.rfind("issue,title,impact_score,band,customers,raised_at,notification,notification_due,"
                        "notified_at,plan,plan_due,plan_at,plan_summary,status,status_at",
                        0) == 0);
    CHECK(csv.out.find("ISS-H,AQ defect,18,high,,2020-11-02T10:00:00+00:00,met,2020-11-03T10:00:00+00:00,"
                       "2020-11-02T16:00:00+00:00,met,2020-11-09T17:00:00+00:00,2020-11-06T12:00:00+00:00,"
                       "fix in December,open,") != std::string::npos);
    const std::string out = (d.dir() / "register.html").string();
    const CliResult html =
        run_slaclock("kvi --db '" + db + "' --month 2020-11 --issue-register --format html --out '" + out + "'");
    REQUIRE_MESSAGE(html.exit_code == 0, html.err);
    const std::string page = read_file(out);
    CHECK(page.find("<table id=\"issue-register\">") != std::string::npos);
    CHECK(page.find("data-issue=\"ISS-M\"") != std::string::npos);
    // The scorecard as CSV: every row names the settings version that judged it.
    const CliResult card = run_slaclock("kvi --db '" + db + "' --month 2020-11 --format csv");
    REQUIRE_MESSAGE(card.exit_code == 0, card.err);
    CHECK(card.out.rfind("kvi,title,weight,window,figure,target,rag,comment,settings_version\r\n", 0) == 0);
    std::size_t rows = 0;
    for (std::size_t at = card.out.find('\n'); at + 1 < card.out.size(); at = card.out.find('\n', at + 1)) {
      const std::size_t end = card.out.find('\n', at + 1);
      std::string line = card.out.substr(at + 1, end - at - 1);
      if (!line.empty() && line.back() == '\r') line.pop_back();  // CSV rows end in CRLF
      CHECK(line.size() > std::string(",dsc-kvi-2020").size());
      CHECK(line.substr(line.size() - std::string(",dsc-kvi-2020").size()) == ",dsc-kvi-2020");
      ++rows;
    }
    CHECK(rows >= 6);  // the interim scorecard's six KVIs
    const CliResult json = run_slaclock("kvi --db '" + db + "' --month 2020-11 --format json");
    REQUIRE_MESSAGE(json.exit_code == 0, json.err);
    const auto j = nlohmann::json::parse(json.out);
    CHECK(j["kvi_settings"]["version"] == "dsc-kvi-2020");  // the shipped file in force: nothing stored
    CHECK(j["issues"].size() == 4);
    CHECK(j["issues"][0]["entity_id"] == "ISS-H");
    CHECK(j["issues"][0]["notification"]["clock"] == "issue_notification");
    const std::string pack = (d.dir() / "pack.html").string();
    REQUIRE(run_slaclock("kvi --db '" + db + "' --month 2020-11 --format html --out '" + pack + "'").exit_code == 0);
    const std::string text = read_file(pack);
    CHECK(text.find("<h2>Issue register</h2>") != std::string::npos);
    CHECK(text.find("data-kvi=\"communication\" data-rag=\"green\"") != std::string::npos);
    CHECK(text.find("overall trust: 90.9% (90/99)") != std::string::npos);
  }

  TEST_CASE("Financial Reporting 2020: the year's progress each month") {
    KviDataset d;
    november_2020(d);
    const KviConfig v2020 = shipped_config("dsc-kvi-2020.yaml");
    // October (month 7): 4 x 7 / 12 = 2.33, 2 expected, 1 delivered: one short, amber.
    const KviResult oct = d.scorecard("2020-10", std::nullopt, v2020).kvi(KviId::financial_reporting);
    CHECK(oct.figure_text == "1 of 4 updates");
    CHECK(oct.rag == Rag::amber);
    // March 2021, the year's last month: 2 of 4 is red.
    const KviResult mar = d.scorecard("2021-03", std::nullopt, v2020).kvi(KviId::financial_reporting);
    CHECK(mar.figure_text == "2 of 4 updates");
    CHECK(mar.rag == Rag::red);
    // April 2021 starts a new year: nothing delivered, nothing expected yet.
    CHECK(d.scorecard("2021-04", std::nullopt, v2020).kvi(KviId::financial_reporting).rag == Rag::green);
  }

  TEST_CASE("a month of communication scores: classes at the boundaries") {
    const KviConfig v2020 = shipped_config("dsc-kvi-2020.yaml");
    auto month_of = [&](std::vector<std::string> scores) {
      KviDataset d;
      int n = 0;
      for (const auto& s : scores)
        d.event("survey", "CS-" + std::to_string(++n), "response", "2021-02-10T10:00:00+00:00",
                {{"kvi", "communication"}, {"period", "2021-02"}, {"score", s}});
      return d.scorecard("2021-02", std::nullopt, v2020).kvi(KviId::communication);
    };
    CHECK(month_of({"9", "9"}).figure_text == "9.0/10 Exceeded Expectations");  // exactly 9
    const KviResult met = month_of({"8.9", "9"});
    CHECK(met.figure_text == "8.9/10 Met Expectations");  // 8.95 rounds down in print, classed below 9
    CHECK(met.rag == Rag::green);
    CHECK(month_of({"7"}).figure_text == "7.0/10 Met Expectations");
    const KviResult some = month_of({"6", "7.5"});
    CHECK(some.figure_text == "6.7/10 Met Some Expectations");
    CHECK(some.rag == Rag::amber);
    CHECK(month_of({"2", "3"}).rag == Rag::red);
    CHECK(month_of({}).rag == Rag::not_due);
  }
}

TEST_SUITE("kvi framework import") {
  TEST_CASE("new event types and fields are validated") {
    KviDataset bad;
    bad.event("survey", "CS-1", "response", "2021-02-10T10:00:00+00:00",
              {{"kvi", "communication"}, {"period", "2021-02"}, {"score", "11"}});
    const std::filesystem::path db = bad.dir() / "x.db";
    REQUIRE(run_slaclock("init --db '" + db.string() + "'").exit_code == 0);
    const auto file = bad.dir() / "bad.jsonl";
    write_file(
        file,
        R"({"event_id":"1","kind":"survey","entity_id":"S1","type":"response","at":"2021-02-10T10:00:00Z","kvi":"communication","period":"2021-02","score":"11"})"
        "\n"
        R"({"event_id":"2","kind":"survey","entity_id":"S2","type":"response","at":"2021-02-10T10:00:00Z","kvi":"communication","period":"2021-02","rating":"met"})"
        "\n"
        R"({"event_id":"3","kind":"survey","entity_id":"S3","type":"response","at":"2021-02-10T10:00:00Z","kvi":"data_services","period":"2021-02","score":"5"})"
        "\n"
        R"({"event_id":"4","kind":"issue","entity_id":"I1","type":"raised","at":"2021-02-10T10:00:00Z","impact_score":"high"})"
        "\n"
        R"({"event_id":"5","kind":"contact","entity_id":"C1","type":"parties_affected","at":"2021-02-10T10:00:00Z"})"
        "\n");
    const CliResult r = run_slaclock("import --db '" + db.string() + "' '" + file.string() + "'");
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("field 'score': '11' is not a score from 0 to 10") != std::string::npos);
    CHECK(r.err.find("field 'rating': is not used for communication") != std::string::npos);
    CHECK(r.err.find("field 'score': is only used for communication") != std::string::npos);
    CHECK(r.err.find("field 'impact_score': 'high' is not a whole number") != std::string::npos);
    CHECK(r.err.find("field 'parties': is required for contact parties_affected") != std::string::npos);
  }

  TEST_CASE("rules: issue bands are checked") {
    auto error_of = [](const std::string& yaml) -> std::string {
      try {
        parse_rule_set("version: x\neffective_from: 2020-01-01\n" + yaml, "r.yaml");
      } catch (const ConfigError& e) {
        return e.where().field + ": " + e.why();
      }
      return "no error";
    };
    CHECK(error_of("issue:\n  bands:\n    - {name: a, min_score: 5, notification: {hours: 1}, plan: {hours: 2}}\n")
              .find("must start at 0") != std::string::npos);
    CHECK(error_of("issue:\n  bands:\n    - {name: a, min_score: 0, notification: {hours: 1}, plan: {hours: 2}}\n"
                   "    - {name: b, min_score: 5, notification: {hours: 1}, plan: {hours: 2}}\n")
              .rfind("issue.bands[1].min_score", 0) == 0);
    const RuleSet r = parse_rule_set(
        "version: x\neffective_from: 2020-01-01\nissue:\n  bands:\n"
        "    - {name: top, min_score: 10, notification: {hours: 1}, plan: {business_days: 1}}\n"
        "    - {name: rest, min_score: 0, notification: {hours: 2}, plan: {business_days: 3}}\n",
        "r.yaml");
    const ClockDefinition& plan = *r.clock(ClockId::issue_plan);
    CHECK(plan.issue_band_of(10).name == "top");
    CHECK(plan.issue_band_of(10).allowance == Allowance{Allowance::Unit::business_days, 1});
    CHECK(plan.issue_band_of(9).name == "rest");
    CHECK(plan.issue_band_of(0).name == "rest");
    CHECK(r.clock(ClockId::issue_notification)->issue_band_of(9).allowance ==
          Allowance{Allowance::Unit::elapsed_seconds, 2 * 3600});
    const RuleSet defaults = parse_rule_set("version: x\neffective_from: 2020-01-01\n", "r.yaml");
    const ClockDefinition& n = *defaults.clock(ClockId::issue_notification);
    CHECK(n.issue_band_of(15).name == "high");
    CHECK(n.issue_band_of(14).name == "medium");
    CHECK(n.issue_band_of(8).name == "medium");
    CHECK(n.issue_band_of(7).name == "low");
    // By default a severity is reported monthly exactly when it runs no
    // notification clock: none when every severity is notified.
    CHECK(defaults.clock(ClockId::breach_monthly_report) == nullptr);
    const RuleSet only_serious = parse_rule_set(
        "version: x\neffective_from: 2020-01-01\nbreach:\n  notification_severities: [critical, high]\n", "r.yaml");
    const FieldCondition& monthly = only_serious.clock(ClockId::breach_monthly_report)->start.when.front();
    CHECK(monthly.test == FieldCondition::Test::not_in);
    CHECK(monthly.values == std::set<std::string>{"critical", "high"});
  }
}

TEST_SUITE("kvi framework clocks") {
  TEST_CASE("breach_monthly_report skips the New Year bank holiday, and is met exactly at due") {
    KviDataset d;
    // Low breaches in December 2020 (dsc-kvi-2020 rules: reported monthly).
    // January 2021: Fri 1 is a bank holiday, so business day 5 is Fri 8.
    d.breach("B-AT", "2020-12-15T10:00:00+00:00", "low", "2021-01-08T17:00:00+00:00", "2020-12-16T10:00:00+00:00");
    d.breach("B-AFTER", "2020-12-16T10:00:00+00:00", "low", "2021-01-08T17:00:01+00:00", "2020-12-17T10:00:00+00:00");
    const KviScorecard card =
        d.scorecard("2020-12", std::string("2021-01-31T00:00:00+00:00"), shipped_config("dsc-kvi-2020.yaml"));
    REQUIRE(card.breaches.size() == 2);
    const ClockResult& at = card.breaches[0].monthly_report;
    REQUIRE(at.due_at);
    CHECK(format_instant(*at.due_at, TimeZone::named("Europe/London")) == "2021-01-08T17:00:00+00:00");
    CHECK(at.status == ClockStatus::met);
    CHECK(card.breaches[1].monthly_report.status == ClockStatus::missed);
    const KviResult& cds = card.kvi(KviId::customer_data_security);
    CHECK(sorted_ids(cds, "breach_monthly_report.late") == std::vector<std::string>{"B-AFTER"});
    CHECK(cds.rag == Rag::amber);  // within the thresholds, but a monthly report was late
    const nlohmann::json j = kvi_scorecard_json(card, true);
    CHECK(j["breaches"][0]["monthly_report"]["clock"] == "breach_monthly_report");
    CHECK(j["breaches"][0]["monthly_report"]["reason"].get<std::string>().find(
              "exactly at due (business day 5 of the next month)") != std::string::npos);
  }

  TEST_CASE("issue clocks across the October clock change: elapsed hours and business days") {
    KviDataset d;
    // Raised Saturday 2020-10-24 10:00 BST, score 20 (high): notify within
    // 24 elapsed hours -> Sunday 09:00 GMT (the clocks went back in between);
    // plan within 5 business days counted from Monday -> Mon 2 Nov 17:00 GMT.
    d.event("issue", "ISS-DST", "raised", "2020-10-24T10:00:00+01:00", {{"impact_score", "20"}});
    const KviScorecard card = d.scorecard("2020-10", std::nullopt, shipped_config("dsc-kvi-2020.yaml"));
    REQUIRE(card.issues.size() == 1);
    const TimeZone london = TimeZone::named("Europe/London");
    CHECK(format_instant(*card.issues[0].notification.due_at, london) == "2020-10-25T09:00:00+00:00");
    CHECK(format_instant(*card.issues[0].plan.due_at, london) == "2020-11-02T17:00:00+00:00");
    CHECK(card.issues[0].notification.status == ClockStatus::breached);
    // Late in October: counted in the month its notification fell due.
    CHECK(sorted_ids(card.kvi(KviId::customer_issue_resolution), "issues.late") == std::vector<std::string>{"ISS-DST"});
  }
}

TEST_SUITE("kvi framework shipped data") {
  TEST_CASE("init keeps a settings version stored earlier with other content, and says so") {
    TempDir dir;
    const std::string db = (dir / "k.db").string();
    REQUIRE(run_slaclock("init --db '" + db + "'").exit_code == 0);
    // A data folder whose dsc-kvi-2018 differs from the one stored (as an
    // older slaclock's config/kvi.yaml would).
    const std::filesystem::path data = dir / "data";
    std::filesystem::create_directories(data);
    std::filesystem::copy(std::filesystem::path(SLACLOCK_SOURCE_DIR) / "calendars", data / "calendars",
                          std::filesystem::copy_options::recursive);
    std::filesystem::copy(std::filesystem::path(SLACLOCK_SOURCE_DIR) / "config", data / "config",
                          std::filesystem::copy_options::recursive);
    write_file(data / "config" / "kvi" / "dsc-kvi-2018.yaml",
               read_file(shipped_kvi("dsc-kvi-2018.yaml")) + "# changed\n");
    const CliResult again = run_slaclock("--data-dir '" + data.string() + "' init --db '" + db + "'");
    REQUIRE_MESSAGE(again.exit_code == 0, again.err);
    CHECK(again.out.find("skipped kvi_settings dsc-kvi-2018: KVI settings version 'dsc-kvi-2018' is already loaded "
                         "with different content") != std::string::npos);
    CHECK(again.out.find("already loaded kvi_settings dsc-kvi-2020") != std::string::npos);
  }

  TEST_CASE("the generator writes the new event kinds, and they import") {
    const std::filesystem::path generator = std::filesystem::path(SLACLOCK_BUILD_DIR) / "tools" / "slaclock-generate";
    if (!std::filesystem::exists(generator)) {
      MESSAGE("slaclock-generate not built; skipped");
      return;
    }
    TempDir dir;
    const std::string out = (dir / "g.jsonl").string();
    REQUIRE(std::system(("'" + generator.string() + "' --seed 7 --contacts 200 --from 2021-01-01 --months 3 --out '" +
                         out + "' 2>/dev/null")
                            .c_str()) == 0);
    const std::string text = read_file(out);
    for (const char* needle : {"\"kind\":\"issue\"", "\"type\":\"plan_provided\"", "\"kvi\":\"communication\"",
                               "\"type\":\"parties_affected\"", "\"channel\":"})
      CHECK_MESSAGE(text.find(needle) != std::string::npos, needle);
    const std::string db = (dir / "g.db").string();
    REQUIRE(run_slaclock("init --db '" + db + "'").exit_code == 0);
    const CliResult imported = run_slaclock("import --db '" + db + "' '" + out + "'");
    CHECK(imported.exit_code == 0);
    CHECK(imported.out.find("rejected 0") != std::string::npos);
    const CliResult card = run_slaclock("kvi --db '" + db + "' --month 2021-02 --format json");
    REQUIRE(card.exit_code == 0);
    const auto j = nlohmann::json::parse(card.out);
    CHECK(j["kvi_settings"]["version"] == "dsc-kvi-2020");
    CHECK_FALSE(j["issues"].empty());
  }
}
