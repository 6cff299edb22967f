// The committee pack in a real browser: render the HTML in headless Chromium,
// check the DOM it built holds the scorecard with the expected figures, and
// save a screenshot (BUILD/kvi-scorecard.png) for a human to look at.
// Skipped, with a message, when no Chromium is installed (chromium_support.h).
#include "chromium_support.h"
#include "kvi_dataset.h"

#include <slaclock/config/kvi_config_loader.h>
#include <slaclock/kvi/scorecard.h>
#include <slaclock/report/kvi_report.h>

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>

using namespace slaclock;
using slaclock::testing::KviDataset;

namespace {

std::string quoted(const std::string& s) {
  return shell_quote(s);
}

/// The scorecard row of one KVI, as the browser serialised it.
std::string row_of(const std::string& dom, const std::string& kvi) {
  const auto start = dom.find("<tr data-kvi=\"" + kvi + "\"");
  if (start == std::string::npos) return "";
  return dom.substr(start, dom.find("</tr>", start) - start);
}

}  // namespace

TEST_SUITE("kvi browser") {
  TEST_CASE("the committee pack renders in headless Chromium with the expected scorecard") {
    const auto chromium = find_chromium();
    if (!chromium) {
      MESSAGE("SKIPPED: no chromium binary on PATH (apt-get install chromium, or set SLACLOCK_CHROMIUM)");
      return;
    }
    // September 2026, every KVI due, figures known by hand:
    KviDataset d;
    auto at = [](int day, const char* time = "10:00:00") {
      char buf[64];
      std::snprintf(buf, sizeof buf, "2026-09-%02dT%s+01:00", day, time);
      return std::string(buf);
    };
    for (int i = 0; i < 10; ++i) {  // Issue Resolution 9/10 = 90.0%: green
      const std::string id = "C-" + std::to_string(100 + i);
      d.contact(id, at(1 + i))
          .event("contact", id, "acknowledged", at(1 + i, "11:00:00"), {{"expected_resolution", at(15)}});
      d.event("contact", id, "resolved", at(2 + i)).feedback(id, at(20), i < 9 ? "met" : "not_met");
      // Change Management 9/10: green; Data Services 8/10: red; Relationship all trust: green.
      d.survey("S-CM-" + std::to_string(i), "change_management", "2026-Q3", i < 9 ? "exceeded" : "not_met", at(20));
      d.survey("S-DS-" + std::to_string(i), "data_services", "2026-Q3", i < 8 ? "met" : "met_some", at(20));
      for (const char* q : {"relationship_strategic", "relationship_operational", "relationship_customer_first"})
        d.survey(std::string("S-") + q + std::to_string(i), q, "2026-Q3", "trust", at(20));
    }
    d.contact("C-OVERDUE", at(28), "Shipper <B> & Sons");        // never acknowledged
    d.breach("B-1", at(7), "medium", at(7, "12:00:00"), at(8));  // 1 medium on time: green
    d.kpi("K-1", "DSC-01", "P1", "2026-09", true, at(25));       // Service Delivery 1/1: green
    d.report("R-Q2", "2026-Q2", "2026-09-30", at(25));           // on time: green
    const KviScorecard card = d.scorecard("2026-09");
    REQUIRE(card.score);
    CHECK(*card.score == doctest::Approx(0.85));  // all due; Data Services' 15 lost

    const std::filesystem::path build = SLACLOCK_BUILD_DIR;
    const auto page = build / "kvi-scorecard.html";
    {
      std::ofstream out(page, std::ios::binary);
      out << render_kvi_html(card, d.trend("2026-09"));
    }
    const auto dom_file = d.dir() / "dom.html";
    REQUIRE(run_chromium(*chromium, d.dir(), "--dump-dom", "file://" + page.string(), dom_file) == 0);
    const std::string dom = read_file(dom_file);
    REQUIRE_MESSAGE(dom.find("id=\"scorecard\"") != std::string::npos,
                    "chromium stderr: " << read_file(d.dir() / "chromium.err").substr(0, 2000));
    CHECK(dom.find("KVI scorecard: September 2026") != std::string::npos);
    CHECK(dom.find(">85.0%<") != std::string::npos);
    const struct {
      const char* kvi;
      const char* figure;
      const char* rag;
    } expected[] = {
        {"issue_resolution", "90.0% (9/10)", "GREEN"},
        {"change_management", "90.0% (9/10)", "GREEN"},
        {"relationship_management", "strategic 100.0% (10/10)", "GREEN"},
        {"customer_data_security", "0 critical, 0 high, 1 medium, 0 low", "GREEN"},
        {"data_services", "80.0% (8/10)", "RED"},
        {"service_delivery", "100.0% (1/1)", "GREEN"},
        {"financial_reporting", "1/1 on time", "GREEN"},
    };
    for (const auto& e : expected) {
      CAPTURE(e.kvi);
      const std::string row = row_of(dom, e.kvi);
      REQUIRE_FALSE(row.empty());
      CHECK(row.find(e.figure) != std::string::npos);
      CHECK(row.find(">" + std::string(e.rag) + "<") != std::string::npos);
    }
    CHECK(dom.find("<svg") != std::string::npos);
    CHECK(dom.find("id=\"breaches\"") != std::string::npos);
    const auto overdue = dom.find("id=\"overdue\"");
    REQUIRE(overdue != std::string::npos);
    CHECK(dom.find("C-OVERDUE", overdue) != std::string::npos);
    CHECK(dom.find("Shipper &lt;B&gt; &amp; Sons", overdue) != std::string::npos);

    const auto png = build / "kvi-scorecard.png";
    std::filesystem::remove(png);
    REQUIRE(run_chromium(*chromium, d.dir(), "--screenshot=" + quoted(png.string()) + " --window-size=1240,1754",
                         "file://" + page.string(), d.dir() / "screenshot.out") == 0);
    const std::string image = read_file(png);
    REQUIRE(image.size() > 10000);
    CHECK(image.substr(1, 3) == "PNG");
    MESSAGE("screenshot: " << png.string());
  }
}
