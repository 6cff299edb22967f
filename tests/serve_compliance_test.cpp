// The dashboard's compliance scorecard: /api/compliance gives exactly the
// CLI's `report compliance --format json`, /compliance shows the same figures
// as a table and a month-by-month chart (inline SVG, no script needed), and
// bad parameters are a 400 with the CLI's words.
#include "serve_support.h"

#include <slaclock/report/kvi_report.h>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <string>

namespace slaclock {
namespace {

using namespace serve_test;

std::string db_arg(const ServeWorld& w) {
  return " --db " + shell_quote(w.w.db_path());
}

httplib::Result ok(const RunningServer& s, const std::string& target) {
  auto r = s.get(target);
  REQUIRE_MESSAGE(r, "no answer for " << target);
  INFO(target << " -> " << r->status << ": " << r->body.substr(0, 600));
  REQUIRE(r->status == 200);
  return r;
}

}  // namespace

TEST_SUITE("serve compliance") {
  TEST_CASE("/api/compliance gives exactly the CLI's report compliance JSON") {
    ServeWorld w;
    RunningServer s(w.options());
    for (const std::string by : {"", "clock,month", "customer", "priority,clock"}) {
      CAPTURE(by);
      const std::string cli_by = by.empty() ? "" : " --by " + by;
      const CliResult cli = run_cli("report compliance --from 2024-03 --to 2024-04 --format json" + cli_by + db_arg(w));
      REQUIRE_MESSAGE(cli.exit_code == 0, cli.err);
      const auto r = ok(s, "/api/compliance?from=2024-03&to=2024-04" + (by.empty() ? "" : "&by=" + by));
      CHECK(r->get_header_value("Content-Type") == "application/json; charset=utf-8");
      CHECK(nlohmann::json::parse(r->body) == nlohmann::json::parse(cli.out));
    }
    // utc=true as the CLI's --utc.
    const CliResult cli = run_cli("report compliance --from 2024-03 --to 2024-04 --format json --utc" + db_arg(w));
    CHECK(nlohmann::json::parse(ok(s, "/api/compliance?from=2024-03&to=2024-04&utc=true")->body) ==
          nlohmann::json::parse(cli.out));
    const nlohmann::json j = nlohmann::json::parse(ok(s, "/api/compliance?from=2024-03&to=2024-04&utc=1")->body);
    CHECK(j["sweep"]["as_of"] == w.sweep_as_of);
    CHECK(j["time_zone"] == "UTC");
    // By default the twelve months to the server's: March 2024 back to May 2023.
    const nlohmann::json fallback = nlohmann::json::parse(ok(s, "/api/compliance")->body);
    CHECK(fallback["from"] == "2023-05");
    CHECK(fallback["to"] == "2024-04");
    CHECK(fallback["months"].size() == 12);
    CHECK(fallback["by"] == nlohmann::json::array({"clock", "month"}));
  }

  TEST_CASE("the compliance page: met % chart, the table by clock, linked from every page's navigation") {
    ServeWorld w;
    RunningServer s(w.options());
    const auto r = ok(s, "/compliance?from=2024-03&to=2024-04");
    CHECK(r->get_header_value("Content-Type") == "text/html; charset=utf-8");
    CHECK(r->get_header_value("Content-Security-Policy").find("default-src 'none'") != std::string::npos);
    const std::string& page = r->body;
    CHECK(page.find("data-page=\"compliance\"") != std::string::npos);
    CHECK(page.find("<svg class=\"met-trend\"") != std::string::npos);
    CHECK(page.find("data-month=\"2024-03\"") != std::string::npos);
    CHECK(page.find("data-month=\"2024-04\"") != std::string::npos);
    CHECK(page.find("<table id=\"compliance\"") != std::string::npos);
    CHECK(page.find("<td>acknowledge</td>") != std::string::npos);
    CHECK(page.find("<tr class=\"total\">") != std::string::npos);
    CHECK(page.find("href=\"/api/compliance?from=2024-03&amp;to=2024-04\"") != std::string::npos);
    CHECK(page.find("<a href=\"/compliance?from=2024-03&amp;to=2024-04&amp;by=priority\">priority</a>") !=
          std::string::npos);
    CHECK(page.find("<script") == std::string::npos);  // nothing to run: it works without JavaScript
    // A customer named like a script shows as text.
    const std::string by_customer = ok(s, "/compliance?from=2024-03&to=2024-04&by=customer")->body;
    CHECK(by_customer.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
    CHECK(by_customer.find(script_customer) == std::string::npos);
    // Before any sweep: nothing counted, and the page says why.
    const std::string before = ok(s, "/compliance?from=2024-03&to=2024-04&as_of=2024-04-01T00:00:00Z")->body;
    CHECK(before.find("id=\"no-sweep\"") != std::string::npos);
    CHECK(before.find("id=\"compliance-empty\"") != std::string::npos);
    const nlohmann::json none =
        nlohmann::json::parse(ok(s, "/api/compliance?from=2024-03&to=2024-04&as_of=2024-04-01T00:00:00Z")->body);
    CHECK(none["sweep"].is_null());
    CHECK(none["groups"].empty());
    CHECK(none["total"]["met_percent"].is_null());
    for (const std::string target : {"/", "/sweeps", "/notices", "/scorecard"})
      CHECK(ok(s, target)->body.find("<a href=\"/compliance\">Compliance</a>") != std::string::npos);
  }

  TEST_CASE("the committee pack the dashboard serves has the Service levels section") {
    ServeWorld w;
    RunningServer s(w.options());
    const std::string pack = ok(s, "/kvi/2024-04/pack")->body;
    CHECK(pack.find("<h2 id=\"service-levels\">Service levels: April 2024</h2>") != std::string::npos);
    CHECK(pack.find("<table id=\"service-levels-table\"") != std::string::npos);
    CHECK(pack.find("<svg class=\"met-trend\"") != std::string::npos);
  }

  TEST_CASE("compliance parameters are checked with the CLI's words: a 400, never a 500") {
    ServeWorld w;
    RunningServer s(w.options());
    const auto refused = [&](const std::string& target, const std::string& words) {
      CAPTURE(target);
      const auto r = s.get(target);
      REQUIRE(r);
      CHECK(r->status == 400);
      // A page shows the words HTML-escaped; the API gives them as JSON text.
      const bool page = target.rfind("/api/", 0) != 0;
      CHECK_MESSAGE(r->body.find(page ? html_escape(words) : words) != std::string::npos, r->body.substr(0, 400));
    };
    refused("/api/compliance?by=colour", "parameter by: 'colour' is not one of clock, priority, customer, month");
    refused("/api/compliance?from=2024-05&to=2024-04", "parameter from: '2024-05' is after to '2024-04'");
    refused("/api/compliance?from=2024-13", "parameter from: '2024-13': month must be 01-12");
    refused("/api/compliance?to=soon", "parameter to: 'soon' is not a month YYYY-MM");
    refused("/api/compliance?as_of=yesterday", "parameter as_of: ");
    refused("/api/compliance?colour=red", "unknown parameter 'colour'");
    refused("/compliance?by=clock,clock", "parameter by: 'clock' is given twice");
    refused("/compliance?utc=1", "unknown parameter 'utc'");
  }
}

}  // namespace slaclock
