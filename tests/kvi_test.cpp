// KVI scorecard tests on hand-built datasets whose answers are worked by hand
// from the framework (SPEC section 1) and the RAG rules in docs/kvi.md.
#include "cli_runner.h"
#include "kvi_dataset.h"

#include <slaclock/base/error.h>
#include <slaclock/base/paths.h>
#include <slaclock/config/kvi_config_loader.h>
#include <slaclock/kvi/scorecard.h>
#include <slaclock/report/kvi_report.h>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>

using namespace slaclock;
using slaclock::testing::KviDataset;

namespace {

std::string day(int d, const char* time = "10:00:00") {
  char buf[64];
  std::snprintf(buf, sizeof buf, "2026-09-%02dT%s+01:00", d, time);
  return buf;
}

/// `good` contacts rated met/exceeded and `bad` rated met_some/not_met, all in September 2026.
void add_feedback(KviDataset& d, int good, int bad) {
  for (int i = 0; i < good + bad; ++i) {
    const std::string id = "C-" + std::to_string(100 + i);
    d.contact(id, day(1 + i % 20));
    d.feedback(id, day(21 + i % 8), i < good ? (i % 2 ? "met" : "exceeded") : (i % 2 ? "met_some" : "not_met"));
  }
}

std::vector<std::string> ids(const KviResult& k, const std::string& count) {
  const KviCount* c = k.count_named(count);
  REQUIRE_MESSAGE(c != nullptr, "no count named " << count);
  auto v = c->entity_ids;
  std::sort(v.begin(), v.end());
  return v;
}

}  // namespace

TEST_SUITE("kvi") {
  TEST_CASE("months and shares") {
    CHECK(format_kvi_month(parse_kvi_month("2026-09")) == "2026-09");
    CHECK_THROWS_AS(parse_kvi_month("2026-13"), InputError);
    CHECK_THROWS_AS(parse_kvi_month("2026-9"), InputError);
    CHECK(format_kvi_share(0.9) == "90.0%");
    CHECK(format_kvi_share(17.0 / 19.0) == "89.4%");
    CHECK(format_kvi_share(0.89999) == "89.9%");  // never rounds up into the target
    CHECK(format_utc(end_of_kvi_month(parse_kvi_month("2026-09"), "Europe/London")) == "2026-09-30T22:59:59Z");
    CHECK(format_utc(end_of_kvi_month(parse_kvi_month("2026-12"), "Europe/London")) == "2026-12-31T23:59:59Z");
  }

  TEST_CASE("Issue Resolution: exactly 90% is green, 89.x% amber, below 85% red") {
    SUBCASE("9 of 10") {
      KviDataset d;
      add_feedback(d, 9, 1);
      const KviResult k = d.scorecard("2026-09").kvi(KviId::issue_resolution);
      CHECK(k.rag == Rag::green);
      CHECK(k.numerator == 9);
      CHECK(k.denominator == 10);
      REQUIRE(k.figure);
      CHECK(*k.figure == doctest::Approx(0.9));
      CHECK(k.figure_text == "90.0% (9/10)");
      CHECK(k.count_named("feedback.exceeded")->count() == 5);
      CHECK(k.count_named("feedback.met")->count() == 4);
      CHECK(k.count_named("feedback.met_some")->count() == 1);
      CHECK(k.count_named("feedback.not_met")->count() == 0);
    }
    SUBCASE("17 of 19 = 89.47%") {
      KviDataset d;
      add_feedback(d, 17, 2);
      const KviResult k = d.scorecard("2026-09").kvi(KviId::issue_resolution);
      CHECK(k.figure_text == "89.4% (17/19)");
      CHECK(k.rag == Rag::amber);
    }
    SUBCASE("8 of 10") {
      KviDataset d;
      add_feedback(d, 8, 2);
      CHECK(d.scorecard("2026-09").kvi(KviId::issue_resolution).rag == Rag::red);
    }
  }

  TEST_CASE("Issue Resolution: a month with no feedback is not due, and leaves the score") {
    KviDataset d;
    d.contact("C-1", day(1));
    d.breach("B-1", day(2), "low", day(2, "11:00:00"), day(3));
    const KviScorecard card = d.scorecard("2026-09");
    const KviResult& k = card.kvi(KviId::issue_resolution);
    CHECK(k.rag == Rag::not_due);
    CHECK_FALSE(k.figure);
    CHECK(k.figure_text == "no feedback");
    // Only Customer Data Security (15) is due in September with this data: green.
    CHECK(card.due_weight == doctest::Approx(15));
    REQUIRE(card.score);
    CHECK(*card.score == doctest::Approx(1.0));
  }

  TEST_CASE("Issue Resolution: clock compliance for contacts received in the month") {
    KviDataset d;
    // C-1 acknowledged in 1 business hour (on time); C-2 after 2 business days (late); C-3 not yet.
    d.contact("C-1", day(1))
        .event("contact", "C-1", "acknowledged", day(1, "11:00:00"), {{"expected_resolution", day(4)}});
    d.contact("C-2", day(1))
        .event("contact", "C-2", "acknowledged", day(3, "11:00:00"), {{"expected_resolution", day(8)}});
    d.contact("C-3", day(30, "16:00:00"));
    // A Gemini contact for gas day 2026-09-10, received on the day and resolved that evening.
    d.contact("G-1", day(10, "12:00:00"), "National Grid", {{"gemini", "true"}, {"gas_day", "2026-09-10"}});
    d.event("contact", "G-1", "acknowledged", day(10, "13:00:00"), {{"expected_resolution", day(10, "20:00:00")}});
    d.event("contact", "G-1", "resolved", day(10, "18:00:00"));
    // Received in August: not this month's compliance.
    d.contact("C-0", "2026-08-28T10:00:00+01:00");
    const KviResult k = d.scorecard("2026-09").kvi(KviId::issue_resolution);
    CHECK(ids(k, "acknowledge.on_time") == std::vector<std::string>{"C-1", "G-1"});
    CHECK(ids(k, "acknowledge.late") == std::vector<std::string>{"C-2"});
    CHECK(ids(k, "acknowledge.running") == std::vector<std::string>{"C-3"});
    CHECK(ids(k, "gemini.on_the_day.on_time") == std::vector<std::string>{"G-1"});
    CHECK(k.comment.find("Gemini: on_the_day 1 (1/1 on time)") != std::string::npos);
  }

  TEST_CASE("Customer Data Security: thresholds and timeliness") {
    SUBCASE("exactly one medium breach, handled on time: green") {
      KviDataset d;
      d.breach("B-1", day(1), "medium", day(1, "12:00:00"), day(2));
      const KviResult k = d.scorecard("2026-09").kvi(KviId::customer_data_security);
      CHECK(k.rag == Rag::green);
      CHECK(k.figure_text == "0 critical, 0 high, 1 medium, 0 low");
      CHECK(ids(k, "breaches.medium") == std::vector<std::string>{"B-1"});
    }
    SUBCASE("two medium breaches: red") {
      KviDataset d;
      d.breach("B-1", day(1), "medium", day(1, "12:00:00"), day(2));
      d.breach("B-2", day(8), "medium", day(8, "12:00:00"), day(9));
      const KviResult k = d.scorecard("2026-09").kvi(KviId::customer_data_security);
      CHECK(k.rag == Rag::red);
      CHECK(k.comment.find("2 medium (at most 1)") != std::string::npos);
    }
    SUBCASE("one critical breach: red") {
      KviDataset d;
      d.breach("B-9", day(15), "critical", day(15, "11:00:00"), day(16));
      CHECK(d.scorecard("2026-09").kvi(KviId::customer_data_security).rag == Rag::red);
    }
    SUBCASE("five low is within the threshold, six is not") {
      KviDataset d;
      for (int i = 1; i <= 5; ++i) d.breach("L-" + std::to_string(i), day(i), "low", day(i, "11:00:00"), day(i + 1));
      CHECK(d.scorecard("2026-09").kvi(KviId::customer_data_security).rag == Rag::green);
      KviDataset six;
      for (int i = 1; i <= 6; ++i) six.breach("L-" + std::to_string(i), day(i), "low", day(i, "11:00:00"), day(i + 1));
      CHECK(six.scorecard("2026-09").kvi(KviId::customer_data_security).rag == Rag::red);
    }
    SUBCASE("within thresholds but a critical-rule notification was late: amber") {
      KviDataset d;
      // High breaches run the 4-hour notification clock under dsc-kvi-2020; this one took 6 hours.
      // (A high breach alone is red, so use a config that allows one to see the timeliness rule.)
      d.breach("B-1", day(1), "high", day(1, "16:00:00"), day(2));
      KviConfig config;
      config.max_breaches["high"] = 1;
      const KviResult k = d.scorecard("2026-09", std::nullopt, config).kvi(KviId::customer_data_security);
      CHECK(k.rag == Rag::amber);
      CHECK(ids(k, "breach_notification.late") == std::vector<std::string>{"B-1"});
      CHECK(ids(k, "breach_resolution.on_time") == std::vector<std::string>{"B-1"});
    }
    SUBCASE("no breaches at all: green, not 'not due'") {
      KviDataset d;
      d.contact("C-1", day(1));
      CHECK(d.scorecard("2026-09").kvi(KviId::customer_data_security).rag == Rag::green);
    }
    SUBCASE("a month before anything was recorded: no data, not a clean month") {
      KviDataset d;
      d.contact("C-1", day(1));  // the store starts in September 2026
      const KviResult august = d.scorecard("2026-08").kvi(KviId::customer_data_security);
      CHECK(august.rag == Rag::not_due);
      CHECK(august.figure_text == "no data");
    }
  }

  TEST_CASE("Service Delivery: financial year to date starts in April") {
    KviDataset d;
    d.kpi("K-MAR", "DSC-01", "P1", "2026-03", false, "2026-04-02T10:00:00+01:00", "2026-04-02T12:00:00+01:00");
    d.kpi("K-APR", "DSC-01", "P1", "2026-04", true, "2026-04-28T10:00:00+01:00");
    d.kpi("K-APR3", "DSC-09", "P3", "2026-04", false, "2026-04-28T10:00:00+01:00");  // P3 does not count
    const KviResult april = d.scorecard("2026-04").kvi(KviId::service_delivery);
    CHECK(april.window == "2026-04..2026-04");
    CHECK(april.numerator == 1);
    CHECK(april.denominator == 1);
    CHECK(april.rag == Rag::green);
    CHECK(ids(april, "kpi.met") == std::vector<std::string>{"K-APR"});
    // March belongs to the year that started in April 2025.
    const KviResult march =
        d.scorecard("2026-03", std::string("2026-04-30T00:00:00+01:00")).kvi(KviId::service_delivery);
    CHECK(march.window == "2025-04..2026-03");
    CHECK(ids(march, "kpi.missed") == std::vector<std::string>{"K-MAR"});
    CHECK(march.rag == Rag::red);
  }

  TEST_CASE("Service Delivery: a KPI failed three months running turns a met headline amber") {
    KviDataset d;
    const char* periods[] = {"2026-06", "2026-07", "2026-08"};
    // 150 met results across the year so far keep the headline >= 98% (150/153 = 98.04%).
    for (int i = 0; i < 150; ++i)
      d.kpi("K-OK-" + std::to_string(i), "DSC-" + std::to_string(10 + i % 50), i % 2 ? "P1" : "P2", periods[i % 3],
            true, std::string(periods[i % 3]) + "-27T10:00:00+01:00");
    for (const char* p : periods)
      d.kpi(std::string("K-04-") + p, "DSC-04", "P1", p, false, std::string(p) + "-27T10:00:00+01:00",
            std::string(p) + "-27T12:00:00+01:00");
    const KviResult july = d.scorecard("2026-07").kvi(KviId::service_delivery);
    CHECK(july.rag == Rag::green);  // two months running is allowed
    CHECK(july.count_named("kpi_consecutive.missed")->count() == 0);
    const KviResult aug = d.scorecard("2026-08").kvi(KviId::service_delivery);
    CHECK(aug.figure_text == "98.0% (150/153)");
    CHECK(ids(aug, "kpi_consecutive.missed") == std::vector<std::string>{"K-04-2026-08"});
    CHECK(aug.rag == Rag::amber);
    CHECK(aug.comment.find("DSC-04") != std::string::npos);
    CHECK(ids(aug, "kpi_miss_notice.on_time") == std::vector<std::string>{"K-04-2026-08"});
  }

  TEST_CASE("Financial Reporting: on time, late and not due") {
    KviDataset d;
    d.report("R-Q2", "2026-Q2", "2026-07-31", "2026-07-31T16:00:00+01:00");
    d.report("R-Q3", "2026-Q3", "2026-10-30", "2026-11-03T10:00:00+00:00");
    // Quarterly (the framework's word): shown at quarter end, over the
    // quarter whose months hold the due dates.
    CHECK(d.scorecard("2026-07").kvi(KviId::financial_reporting).rag == Rag::not_due);
    const KviResult sep = d.scorecard("2026-09").kvi(KviId::financial_reporting);
    CHECK(sep.rag == Rag::green);
    CHECK(sep.window == "2026-07..2026-09");
    // Judged in the quarter it was due, once the late delivery is known.
    const KviResult dec = d.scorecard("2026-12").kvi(KviId::financial_reporting);
    CHECK(dec.rag == Rag::red);
    CHECK(ids(dec, "reports.late") == std::vector<std::string>{"R-Q3"});
    CHECK(dec.comment.find("due 2026-10-30, delivered 2026-11-03 (late)") != std::string::npos);
  }

  TEST_CASE("Surveys: quarterly KVIs are due at quarter end only and trust needs all three questions") {
    KviDataset d;
    for (int i = 0; i < 10; ++i) {
      const std::string n = std::to_string(i);
      d.survey("S-CM-" + n, "change_management", "2026-Q3", i < 9 ? "met" : "not_met", day(20));
      d.survey("S-DS-" + n, "data_services", "2026-08", i < 8 ? "exceeded" : "met_some", "2026-08-20T10:00:00+01:00");
      for (const char* q : {"relationship_strategic", "relationship_operational"})
        d.survey(std::string("S-") + q + "-" + n, q, "2026-Q3", "trust", day(20));
    }
    d.survey("S-RC-1", "relationship_customer_first", "2026-Q3", "trust", day(20));
    const KviScorecard aug = d.scorecard("2026-08");
    CHECK(aug.kvi(KviId::change_management).rag == Rag::not_due);
    CHECK(aug.kvi(KviId::change_management).comment == "Reported quarterly; next in 2026-09.");
    const KviScorecard sep = d.scorecard("2026-09");
    CHECK(sep.kvi(KviId::change_management).rag == Rag::green);  // 9/10
    // Data Services is "as required": August's 8/10 is August's, September has none.
    CHECK(aug.kvi(KviId::data_services).rag == Rag::red);
    CHECK(aug.kvi(KviId::data_services).window == "2026-08");
    CHECK(sep.kvi(KviId::data_services).rag == Rag::not_due);
    CHECK(sep.kvi(KviId::relationship_management).rag == Rag::green);

    KviDataset partial;
    partial.survey("S-1", "relationship_strategic", "2026-Q3", "trust", day(20));
    const KviResult r = partial.scorecard("2026-09").kvi(KviId::relationship_management);
    CHECK(r.rag == Rag::amber);  // operational and customers-first unanswered
    CHECK(r.comment.find("No responses for: operational, customers first") != std::string::npos);

    KviDataset one_low;
    for (int i = 0; i < 20; ++i)
      for (const char* q : {"relationship_strategic", "relationship_operational", "relationship_customer_first"})
        one_low.survey(std::string("S-") + q + std::to_string(i), q, "2026-Q3",
                       (std::string(q) == "relationship_operational" && i == 0) ? "starting_to_trust" : "trust",
                       day(20));
    const KviResult low = one_low.scorecard("2026-09").kvi(KviId::relationship_management);
    CHECK(low.figure_text.find("operational 95.0% (19/20)") != std::string::npos);
    CHECK(low.rag == Rag::green);  // 95% is the target exactly
  }

  TEST_CASE("weighted score: green full weight, amber half, not due left out") {
    KviDataset d;
    add_feedback(d, 17, 2);                                           // Issue Resolution amber (20)
    d.breach("B-1", day(1), "critical", day(1, "11:00:00"), day(2));  // Customer Data Security red (15)
    d.kpi("K-1", "DSC-01", "P1", "2026-09", true, day(25));           // Service Delivery green (20)
    const KviScorecard card = d.scorecard("2026-09");
    CHECK(card.due_weight == doctest::Approx(55));
    CHECK(card.earned_weight == doctest::Approx(30));
    REQUIRE(card.score);
    CHECK(*card.score == doctest::Approx(30.0 / 55.0));
  }

  TEST_CASE("as-of: events after it do not count and the default is the month's end") {
    KviDataset d;
    add_feedback(d, 9, 1);
    d.feedback("C-100", "2026-10-01T00:30:00+01:00", "not_met");  // October, London time
    CHECK(d.scorecard("2026-09").kvi(KviId::issue_resolution).denominator == 10);
    CHECK(d.scorecard("2026-09", std::string("2026-09-22T00:00:00+01:00")).kvi(KviId::issue_resolution).denominator ==
          2);
  }

  TEST_CASE("traceability: JSON lists the entity ids behind every count") {
    KviDataset d;
    add_feedback(d, 9, 1);
    d.breach("B-7", day(3), "low", day(3, "11:00:00"), day(4));
    const KviScorecard card = d.scorecard("2026-09");
    const nlohmann::json j = kvi_scorecard_json(card, true);
    CHECK(j["month"] == "2026-09");
    CHECK(j["kvis"][0]["kvi"] == "issue_resolution");
    CHECK(j["kvis"][0]["rag"] == "green");
    CHECK(j["kvis"][0]["counts"]["feedback.met_some"]["entity_ids"] == nlohmann::json::array({"C-109"}));
    CHECK(j["kvis"][3]["counts"]["breaches.low"]["entity_ids"] == nlohmann::json::array({"B-7"}));
    CHECK(j["breaches"][0]["entity_id"] == "B-7");
    CHECK_FALSE(kvi_scorecard_json(card, false)["kvis"][0]["counts"]["feedback.met"].contains("entity_ids"));
  }

  TEST_CASE("overdue detail: contact clocks breached at the as-of") {
    KviDataset d;
    d.contact("C-LATE", day(1));  // never acknowledged
    const KviScorecard card = d.scorecard("2026-09");
    REQUIRE_FALSE(card.overdue.empty());
    CHECK(card.overdue.front().entity_id == "C-LATE");
    CHECK(card.overdue.front().clock == ClockId::acknowledge);
  }

  TEST_CASE("config: shipped file equals the built-in defaults and bad values name file and line") {
    const KviConfig shipped =
        read_kvi_config(std::filesystem::path(SLACLOCK_SOURCE_DIR) / "config" / "kvi" / "dsc-kvi-2018.yaml");
    const KviConfig builtin;
    double total = 0;
    for (KviId id : all_kvis) {
      CAPTURE(kvi_key(id));
      CHECK(shipped.settings(id).weight == builtin.settings(id).weight);
      CHECK(shipped.settings(id).target == doctest::Approx(builtin.settings(id).target));
      CHECK(shipped.settings(id).amber_from == doctest::Approx(builtin.settings(id).amber_from));
      CHECK(shipped.settings(id).frequency == builtin.settings(id).frequency);
      total += shipped.settings(id).weight;
    }
    CHECK(total == doctest::Approx(100));
    CHECK(shipped.max_breaches == builtin.max_breaches);
    CHECK(shipped.financial_year_start_month == 4u);

    CHECK(parse_kvi_config("kvis:\n  data_services:\n    target: 92%\n", "k.yaml")
              .settings(KviId::data_services)
              .target == doctest::Approx(0.92));
    auto error_of = [](const std::string& yaml) -> ConfigError {
      try {
        parse_kvi_config(yaml, "k.yaml");
      } catch (const ConfigError& e) {
        return e;
      }
      FAIL("no error for: " << yaml);
      return ConfigError("unreachable");
    };
    const ConfigError freq = error_of("kvis:\n  issue_resolution:\n    frequency: weekly\n");
    CHECK(freq.where().file == "k.yaml");
    CHECK(freq.where().line == 3);
    CHECK(freq.where().field == "kvis.issue_resolution.frequency");
    const ConfigError amber = error_of("kvis:\n  issue_resolution:\n    target: 0.9\n    amber_from: 0.95\n");
    CHECK(amber.where().line == 4);
    CHECK(error_of("kvis:\n  service_level:\n    weight: 5\n").where().field == "kvis.service_level");
    CHECK(error_of("kvis:\n  customer_data_security:\n    max_breaches: {medium: -1}\n").where().field ==
          "kvis.customer_data_security.max_breaches.medium");
    CHECK(error_of("amber_credit: 2\n").where().line == 1);
    CHECK(error_of("kvis:\n  data_services:\n    target: 120%\n").where().field == "kvis.data_services.target");
  }

  TEST_CASE("HTML pack: self-contained and escaped") {
    KviDataset d;
    add_feedback(d, 9, 1);
    d.contact("C-<x>", day(1), "Shipper <script>alert(1)</script> & Co");  // overdue, with a hostile name
    const KviScorecard card = d.scorecard("2026-09");
    const std::string html = render_kvi_html(card, d.trend("2026-09"));
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("Shipper &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co") != std::string::npos);
    CHECK(html.find("C-&lt;x&gt;") != std::string::npos);
    CHECK(html.find("http://") == html.find("http://www.w3.org/2000/svg"));  // only the SVG namespace
    CHECK(html.find("https://") == std::string::npos);
    CHECK(html.find("<link") == std::string::npos);
    CHECK(html.find("<img") == std::string::npos);
    CHECK(html.find("@page { size: A4") != std::string::npos);
    CHECK(html.find("data-kvi=\"issue_resolution\" data-rag=\"green\"") != std::string::npos);
    CHECK(html.find(">GREEN<") != std::string::npos);
    CHECK(html_escape("a<b>&\"'") == "a&lt;b&gt;&amp;&quot;&#39;");
  }

  TEST_CASE("CLI: slaclock kvi --format json and html") {
    KviDataset d;
    add_feedback(d, 9, 1);
    const std::string db = d.build().string();
    // The 2018 framework's KVIs (2026 would otherwise be judged by the 2020 scorecard's).
    const std::string v2018 =
        " --kvi-config '" +
        (std::filesystem::path(SLACLOCK_SOURCE_DIR) / "config" / "kvi" / "dsc-kvi-2018.yaml").string() + "'";
    const CliResult json = run_slaclock("kvi --month 2026-09 --format json --db '" + db + "'" + v2018);
    REQUIRE_MESSAGE(json.exit_code == 0, json.err);
    const auto j = nlohmann::json::parse(json.out);
    CHECK(j["kvis"][0]["figure_text"] == "90.0% (9/10)");
    CHECK(j["kvis"][0]["counts"]["feedback.exceeded"]["entity_ids"].size() == 5);
    const CliResult table = run_slaclock("kvi --db '" + db + "' --month 2026-09 --format table --explain" + v2018);
    REQUIRE_MESSAGE(table.exit_code == 0, table.err);
    CHECK(table.out.find("feedback.met_some = 1: C-109") != std::string::npos);
    const std::string out = (d.dir() / "pack.html").string();
    const CliResult html = run_slaclock("kvi --db '" + db + "' --month 2026-09 --format html --out '" + out + "'");
    REQUIRE_MESSAGE(html.exit_code == 0, html.err);
    std::ifstream in(out);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(text.rfind("<!DOCTYPE html>", 0) == 0);
    const CliResult bad = run_slaclock("kvi --db '" + db + "' --month 2026-13");
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("--month") != std::string::npos);
  }
}
