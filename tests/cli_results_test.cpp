// `slaclock results` and `slaclock report compliance` through the real binary
// on a real SQLite file: every stored judgement out with its filters, an
// earlier sweep against the latest, incremental extracts, the three formats,
// and the compliance counts (at due is met, a second after is missed; the
// priority a clock is grouped by is the one recorded by its stop).
#include "cli_database.h"
#include "cli_json.h"
#include "test_support.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <set>
#include <string>
#include <vector>

namespace slaclock {
namespace {

const std::string rules_dir = std::string(SLACLOCK_SOURCE_DIR) + "/config/rules/";

// Mon 2024-04-15: C-1 and C-2 received 09:00 BST (08:00Z) as P3, so
// acknowledge (4 business hours) is due 13:00 BST (12:00Z). C-1 is
// acknowledged exactly at due (met), then re-prioritised P2 (after its
// acknowledge stopped: the running clocks are P2, acknowledge stays P3). C-2
// is re-prioritised P1 at 11:00Z, before its acknowledge one second after due
// (missed). B-1 is a breach of Borealis's.
const char* events =
    R"({"event_id":"E1","kind":"contact","entity_id":"C-1","type":"received","at":"2024-04-15T08:00:00Z","recorded_at":"2024-04-15T08:00:00Z","customer":"Acme Gas","customer_class":"shipper","priority":"P3"}
{"event_id":"E2","kind":"contact","entity_id":"C-2","type":"received","at":"2024-04-15T08:00:00Z","recorded_at":"2024-04-15T08:00:00Z","customer":"Borealis","customer_class":"dn","priority":"P3"}
{"event_id":"E3","kind":"contact","entity_id":"C-2","type":"prioritised","at":"2024-04-15T11:00:00Z","recorded_at":"2024-04-15T11:00:00Z","priority":"P1"}
{"event_id":"E4","kind":"contact","entity_id":"C-1","type":"acknowledged","at":"2024-04-15T12:00:00Z","recorded_at":"2024-04-15T12:00:00Z","expected_resolution":"2024-04-19T17:00:00+01:00"}
{"event_id":"E5","kind":"contact","entity_id":"C-2","type":"acknowledged","at":"2024-04-15T12:00:01Z","recorded_at":"2024-04-15T12:00:01Z","expected_resolution":"2024-04-19T17:00:00+01:00"}
{"event_id":"E6","kind":"contact","entity_id":"C-1","type":"prioritised","at":"2024-04-15T14:00:00Z","recorded_at":"2024-04-15T14:00:00Z","priority":"P2"}
{"event_id":"E7","kind":"breach","entity_id":"B-1","type":"identified","at":"2024-04-15T09:00:00Z","recorded_at":"2024-04-15T09:00:00Z","severity":"high","customers":"Borealis"}
)";

const std::string first_sweep = "2024-04-15T11:30:00Z";  // before either acknowledgement
const std::string second_sweep = "2024-04-16T09:00:00Z";

struct ResultsWorld : CliDatabase {
  ResultsWorld() : CliDatabase("results.db") {
    REQUIRE(run("init").exit_code == 0);
    const auto load = run("rules load '" + rules_dir + "dsc-kvi-2018.yaml' '" + rules_dir + "dsc-kvi-2020.yaml'");
    REQUIRE_MESSAGE(load.exit_code == 0, load.err);
    const auto imp = run("import '" + file("events.jsonl", events) + "'");
    REQUIRE_MESSAGE(imp.exit_code == 0, imp.err);
    for (const std::string& t : {first_sweep, second_sweep}) {
      const auto s = run("sweep --as-of " + t);
      REQUIRE_MESSAGE(s.exit_code <= 1, s.err);
    }
  }
  nlohmann::json results(const std::string& args) const {
    const CliResult r = run("results --format json --utc " + args);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return json_of(r);
  }
};

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t from = 0;
  for (std::size_t nl; (nl = text.find('\n', from)) != std::string::npos; from = nl + 1)
    lines.push_back(text.substr(from, nl - from));
  return lines;
}

std::set<std::string> keys_of(const nlohmann::json& rows) {
  std::set<std::string> out;
  for (const auto& r : rows) out.insert(r["entity_id"].get<std::string>() + "/" + r["clock"].get<std::string>());
  return out;
}

/// The group of a compliance JSON answer whose `by` values are `key`, or null.
nlohmann::json group_of(const nlohmann::json& report, const nlohmann::json& key) {
  for (const auto& g : report["groups"]) {
    bool same = true;
    for (const auto& [k, v] : key.items()) same = same && g[k] == v;
    if (same) return g;
  }
  return nullptr;
}

}  // namespace

TEST_SUITE("cli results") {
  TEST_CASE("results: every stored clock of the latest sweep, with the sweep that wrote it and its priority") {
    ResultsWorld w;
    const nlohmann::json all = w.results("");
    REQUIRE(all.is_array());
    // Every clock of every entity, not only running ones.
    const auto c1 = clock_of(all, "C-1", "acknowledge");
    const auto c2 = clock_of(all, "C-2", "acknowledge");
    REQUIRE(c1.is_object());
    REQUIRE(c2.is_object());
    CHECK(c1["status"] == "met");
    CHECK(c1["due_at"] == "2024-04-15T12:00:00Z");
    CHECK(c1["stopped_at"] == "2024-04-15T12:00:00Z");
    CHECK(c2["status"] == "missed");
    CHECK(c2["stopped_at"] == "2024-04-15T12:00:01Z");
    CHECK(c1["sweep_id"] == 2);
    CHECK(c1["sweep_as_of"] == second_sweep);
    // The priority by the stop: C-1's acknowledge stopped before its P2.
    CHECK(c1["priority"] == "P3");
    CHECK(clock_of(all, "C-1", "resolution")["priority"] == "P2");
    CHECK(c2["priority"] == "P1");
    CHECK(clock_of(all, "B-1", "breach_notification")["priority"].is_null());
    // The clock JSON shape, its figures null (a stored result keeps none).
    for (const char* key : {"entity_id", "kind", "clock", "status", "started_at", "due_at", "stopped_at",
                            "rule_version", "band", "calendar", "customer", "reason"})
      CHECK_MESSAGE(c1.contains(key), key);
    CHECK(c1["used_seconds"].is_null());
    CHECK(c1["allowance_seconds"].is_null());
    // In (entity, clock) order.
    std::string previous;
    for (const auto& r : all) {
      const std::string key = r["entity_id"].get<std::string>() + "/" + r["clock"].get<std::string>();
      CHECK(previous < key);
      previous = key;
    }
  }

  TEST_CASE("results --as-of an earlier sweep gives that sweep's judgement, --since only rows written after") {
    ResultsWorld w;
    const nlohmann::json earlier = w.results("--as-of 2024-04-16T08:59:59Z --utc");
    CHECK(clock_of(earlier, "C-1", "acknowledge")["status"] == "at_risk");  // 3 of its 4 hours used
    CHECK(clock_of(earlier, "C-2", "acknowledge")["status"] == "at_risk");
    for (const auto& r : earlier) CHECK(r["sweep_id"] == 1);
    CHECK(clock_of(earlier, "C-2", "acknowledge")["priority"] == "P1");  // recorded by the first sweep
    // At exactly the latest sweep's as-of: the latest.
    CHECK(w.results("--as-of " + second_sweep) == w.results(""));
    // Before any sweep: nothing, with a note.
    const CliResult none = w.run("results --format json --as-of 2024-04-01T00:00:00Z");
    CHECK(none.exit_code == 0);
    CHECK(json_of(none) == nlohmann::json::array());
    CHECK(none.err.find("no sweep ran by 2024-04-01T00:00:00Z") != std::string::npos);

    const nlohmann::json all = w.results("");
    const nlohmann::json since = w.results("--since " + first_sweep);
    CHECK(!since.empty());
    CHECK(since.size() < all.size());
    for (const auto& r : since) CHECK(r["sweep_id"] == 2);
    CHECK(clock_of(since, "C-1", "acknowledge")["status"] == "met");
    // Rows the second sweep did not change (not applicable since the first) are left out.
    std::size_t written_by_first = 0;
    for (const auto& r : all) written_by_first += r["sweep_id"] == 1 ? 1 : 0;
    CHECK(written_by_first > 0);
    CHECK(since.size() + written_by_first == all.size());
    CHECK(w.results("--since " + second_sweep).empty());
  }

  TEST_CASE("results filters: clock, status, priority, customer and kind, each word checked") {
    ResultsWorld w;
    CHECK(keys_of(w.results("--clock acknowledge --status met")) == std::set<std::string>{"C-1/acknowledge"});
    CHECK(keys_of(w.results("--clock acknowledge --status met missed")) ==
          std::set<std::string>{"C-1/acknowledge", "C-2/acknowledge"});
    CHECK(keys_of(w.results("--clock acknowledge --clock resolution --customer Borealis")) ==
          std::set<std::string>{"C-2/acknowledge", "C-2/resolution"});
    for (const auto& r : w.results("--priority P1")) CHECK(r["entity_id"] == "C-2");
    CHECK(!w.results("--priority P1").empty());
    CHECK(keys_of(w.results("--priority P3 --clock acknowledge")) == std::set<std::string>{"C-1/acknowledge"});
    for (const auto& r : w.results("--kind breach")) CHECK(r["kind"] == "breach");
    CHECK(!w.results("--kind breach").empty());
    CHECK(w.results("--kind kpi").empty());

    const CliResult bad_clock = w.run("results --clock nope");
    CHECK(bad_clock.exit_code == 2);
    CHECK(bad_clock.err.find("--clock: 'nope' is not a clock; use one of ") != std::string::npos);
    const CliResult bad_status = w.run("results --status late");
    CHECK(bad_status.exit_code == 2);
    CHECK(bad_status.err.find("--status: 'late' is not a status") != std::string::npos);
    const CliResult bad_kind = w.run("results --kind ticket");
    CHECK(bad_kind.exit_code == 2);
    CHECK(bad_kind.err.find("--kind: 'ticket' is not an entity kind") != std::string::npos);
    const CliResult bad_since = w.run("results --since yesterday");
    CHECK(bad_since.exit_code == 2);
    CHECK(bad_since.err.find("--since") != std::string::npos);
  }

  TEST_CASE("results as CSV has the JSON's columns flat, and a table for people") {
    ResultsWorld w;
    const CliResult csv = w.run("results --format csv --utc --clock acknowledge");
    REQUIRE(csv.exit_code == 0);
    const auto lines = split_lines(csv.out);
    REQUIRE(lines.size() == 3);  // header, C-1, C-2
    const nlohmann::json json = w.results("--clock acknowledge");
    std::string header;
    for (const auto& [key, value] : json[0].items()) header += (header.empty() ? "" : ",") + key;
    CHECK(lines[0] == header + "\r");
    CHECK(lines[1].find(",C-1,") != std::string::npos);
    CHECK(lines[1].find(",met,2024-04-15T12:00:00Z,2024-04-16T09:00:00Z,2,") != std::string::npos);
    CHECK(lines[2].find(",P1,") != std::string::npos);
    CHECK(w.run("results --format csv --kind kpi").out == lines[0] + "\n");

    const CliResult table = w.run("results --format table --clock acknowledge");
    REQUIRE(table.exit_code == 0);
    CHECK(table.out.find("stored results of the sweep as of") != std::string::npos);
    CHECK(table.out.find("C-2") != std::string::npos);
    CHECK(table.out.find("missed") != std::string::npos);
  }

  TEST_CASE("report compliance: at due is met, a second after is missed, grouped by clock and month") {
    ResultsWorld w;
    const CliResult r = w.run("report compliance --from 2024-04 --to 2024-04 --format json");
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    const nlohmann::json report = json_of(r);
    CHECK(report["by"] == nlohmann::json::array({"clock", "month"}));
    CHECK(report["sweep"]["id"] == 2);
    const auto ack = group_of(report, {{"clock", "acknowledge"}, {"month", "2024-04"}});
    REQUIRE(ack.is_object());
    CHECK(ack["met"] == 1);
    CHECK(ack["missed"] == 1);
    CHECK(ack["breached"] == 0);
    CHECK(ack["running"] == 0);
    CHECK(ack["met_percent"] == 50.0);
    const auto resolution = group_of(report, {{"clock", "resolution"}});
    REQUIRE(resolution.is_object());
    CHECK(resolution["running"] == 2);
    CHECK(resolution["met_percent"].is_null());  // nothing judged yet
    // Not applicable clocks are never counted (revised_resolution has no agreed date).
    CHECK(group_of(report, {{"clock", "revised_resolution"}}).is_null());
    REQUIRE(report["months"].size() == 1);
    CHECK(report["months"][0]["month"] == "2024-04");
    CHECK(report["total"]["met"] == report["months"][0]["met"]);

    // As the first sweep judged: nothing stopped yet.
    const nlohmann::json earlier =
        json_of(w.run("report compliance --from 2024-04 --to 2024-04 --format json --as-of 2024-04-15T12:00:00Z"));
    CHECK(earlier["sweep"]["id"] == 1);
    CHECK(group_of(earlier, {{"clock", "acknowledge"}})["running"] == 2);
    CHECK(group_of(earlier, {{"clock", "acknowledge"}})["met"] == 0);

    // Months with no clock due: nothing counted, the months still listed.
    const nlohmann::json later = json_of(w.run("report compliance --from 2024-06 --to 2024-07 --format json"));
    CHECK(later["groups"].empty());
    CHECK(later["months"].size() == 2);
  }

  TEST_CASE("report compliance --by priority uses the priority a prioritised event set before the stop") {
    ResultsWorld w;
    const nlohmann::json report =
        json_of(w.run("report compliance --from 2024-04 --to 2024-04 --by priority,clock --format json"));
    CHECK(report["by"] == nlohmann::json::array({"priority", "clock"}));
    // C-2 became P1 before its late acknowledgement; C-1 was P3 when acknowledged (P2 only after).
    const auto p1 = group_of(report, {{"priority", "P1"}, {"clock", "acknowledge"}});
    const auto p3 = group_of(report, {{"priority", "P3"}, {"clock", "acknowledge"}});
    REQUIRE(p1.is_object());
    REQUIRE(p3.is_object());
    CHECK(p1["missed"] == 1);
    CHECK(p1["met"] == 0);
    CHECK(p3["met"] == 1);
    CHECK(p3["missed"] == 0);
    CHECK(group_of(report, {{"priority", "P2"}, {"clock", "acknowledge"}}).is_null());
    CHECK(group_of(report, {{"priority", "P2"}, {"clock", "resolution"}})["running"] == 1);
    // The breach has no priority: null in JSON, empty in CSV, "(none)" in the table.
    CHECK(group_of(report, {{"priority", nullptr}, {"clock", "breach_notification"}}).is_object());

    const CliResult csv = w.run("report compliance --from 2024-04 --to 2024-04 --by customer --format csv");
    REQUIRE(csv.exit_code == 0);
    const auto lines = split_lines(csv.out);
    REQUIRE(!lines.empty());
    CHECK(lines[0] == "customer,met,missed,breached,running,judged,met_percent\r");
    CHECK(csv.out.find("Acme Gas,") != std::string::npos);
    const CliResult table = w.run("report compliance --from 2024-04 --to 2024-04 --by priority --format table");
    REQUIRE(table.exit_code == 0);
    CHECK(table.out.find("(none)") != std::string::npos);
    CHECK(table.out.find("met %") != std::string::npos);
  }

  TEST_CASE("the committee pack carries a Service levels section: the month by clock and its met % trend") {
    ResultsWorld w;
    const CliResult pack = w.run("kvi --month 2024-04 --format html");
    REQUIRE_MESSAGE(pack.exit_code == 0, pack.err);
    const std::string& html = pack.out;
    const auto section = html.find("<h2 id=\"service-levels\">Service levels: April 2024</h2>");
    REQUIRE(section != std::string::npos);
    CHECK(html.find("<table id=\"service-levels-table\"", section) != std::string::npos);
    CHECK(html.find("<td>acknowledge</td><td class=\"num\">1</td><td class=\"num\">1</td>", section) !=
          std::string::npos);
    CHECK(html.find("<td class=\"num\">50.0%</td>", section) != std::string::npos);
    // Twelve months of bars, May 2023 to April 2024.
    CHECK(html.find("data-month=\"2023-05\"", section) != std::string::npos);
    CHECK(html.find("data-month=\"2024-04\"", section) != std::string::npos);
    CHECK(html.find("data-month=\"2023-04\"") == std::string::npos);
  }

  TEST_CASE("report compliance refuses a bad --by, --from after --to and a bad month, exit 2") {
    ResultsWorld w;
    const auto refused = [&](const std::string& args, const std::string& words) {
      const CliResult r = w.run("report compliance " + args);
      CAPTURE(args);
      CHECK(r.exit_code == 2);
      CHECK_MESSAGE(r.err.find(words) != std::string::npos, r.err);
      CHECK(r.out.empty());
    };
    refused("--from 2024-04 --to 2024-04 --by clock,colour",
            "--by: 'colour' is not one of clock, priority, customer, month");
    refused("--from 2024-04 --to 2024-04 --by clock,clock", "--by: 'clock' is given twice");
    refused("--from 2024-04 --to 2024-04 --by clock,", "--by: 'clock,' has an empty word");
    refused("--from 2024-05 --to 2024-04", "--from: '2024-05' is after --to '2024-04'");
    refused("--from 2024-13 --to 2024-12", "--from: '2024-13': month must be 01-12");
    refused("--from April --to 2024-12", "--from: 'April' is not a month YYYY-MM");
    refused("--from 2024-01 --to 2024-1", "--to: '2024-1' is not a month YYYY-MM");
    refused("--to 2024-04", "--from");
  }
}

}  // namespace slaclock
