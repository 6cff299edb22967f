// Calendars per customer and pause and resume through the real binary
// (issue 11, items 5 and 6): an unknown calendar is exit 2 on every command,
// --calendars-dir is honoured, a Scottish customer's clocks show the Scottish
// calendar in every format, and replay and overdue show holds.
#include "cli_database.h"
#include "cli_json.h"
#include "test_support.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <string>

namespace slaclock {
namespace {

struct Site : CliDatabase {
  Site() : CliDatabase("site.db") {}
  void must(const std::string& args) const {
    const CliResult r = run(args);
    REQUIRE_MESSAGE(r.exit_code == 0, args << ": " << r.err);
  }
};

const char* site_rules = R"(version: site-2024
effective_from: 2024-01-01
customer_calendars:
  customers:
    Caledonia Gas: scotland
pausable_clocks: [acknowledge, resolution]
)";

// C-S: a Scottish customer on Tuesday 2 January 2024 (a Scottish holiday
// only); C-E the same on the England and Wales calendar; C-O overridden to
// Scotland by its own calendar field.
const char* new_year =
    R"({"event_id":"S1","kind":"contact","entity_id":"C-S","type":"received","at":"2024-01-02T10:00:00Z","recorded_at":"2024-01-02T10:00:00Z","customer":"Caledonia Gas","customer_class":"shipper"}
{"event_id":"E1","kind":"contact","entity_id":"C-E","type":"received","at":"2024-01-02T10:00:00Z","recorded_at":"2024-01-02T10:00:00Z","customer":"Example Gas Ltd","customer_class":"shipper"}
{"event_id":"O1","kind":"contact","entity_id":"C-O","type":"received","at":"2024-01-02T10:00:00Z","recorded_at":"2024-01-02T10:00:00Z","customer":"Example Gas Ltd","customer_class":"shipper","calendar":"scotland"}
)";

// Thursday 28 March 2024: on hold at 14:00 GMT, off hold Tuesday 2 April
// 11:00 BST, across the Easter bank holidays.
const char* easter =
    R"({"event_id":"H1","kind":"contact","entity_id":"C-H","type":"received","at":"2024-03-28T10:00:00Z","recorded_at":"2024-03-28T10:00:00Z","customer":"Example Gas Ltd","customer_class":"shipper"}
{"event_id":"H2","kind":"contact","entity_id":"C-H","type":"acknowledged","at":"2024-03-28T11:00:00Z","recorded_at":"2024-03-28T11:00:00Z","expected_resolution":"2024-04-12T17:00:00+01:00"}
{"event_id":"H3","kind":"contact","entity_id":"C-H","type":"on_hold","at":"2024-03-28T14:00:00Z","recorded_at":"2024-03-28T14:00:00Z","reason":"awaiting customer"}
)";
const char* easter_resumed =
    R"({"event_id":"H4","kind":"contact","entity_id":"C-H","type":"off_hold","at":"2024-04-02T11:00:00+01:00","recorded_at":"2024-04-02T11:00:00+01:00","reason":"customer replied"}
)";

void prepare(const Site& s, const std::string& events) {
  s.must("init");
  s.must("rules load '" + s.file("site.yaml", site_rules) + "'");
  s.must("import '" + s.file("events.jsonl", events) + "'");
}

std::string scotland_closed_3_january() {
  std::string text = read_file(std::filesystem::path(SLACLOCK_SOURCE_DIR) / "calendars" / "scotland.yaml");
  const std::string key = "  additions:\n";
  const auto pos = text.find(key);
  REQUIRE(pos != std::string::npos);
  text.insert(pos + key.size(), "    - {date: 2024-01-03, name: \"Office closed\"}\n");
  return text;
}

}  // namespace

TEST_SUITE("cli calendars per customer and pause") {
  TEST_CASE("cli: an unknown or meaningless calendar is exit 2 on every command that could take one") {
    Site s;
    prepare(s, new_year);
    for (const std::string& cmd :
         {std::string("overdue --calendar narnia"), std::string("notices --calendar narnia"),
          std::string("calendar add --from 2024-01-02T10:00:00Z --business-hours 4 --calendar narnia"),
          std::string("calendar holidays --year 2024 --calendar narnia")}) {
      INFO(cmd);
      const CliResult r = s.run(cmd + " --format json");
      CHECK(r.exit_code == 2);
      CHECK(r.err.find("narnia") != std::string::npos);
    }
    // sweep, replay and kvi judge each entity on its own calendar.
    for (const std::string& cmd :
         {std::string("sweep --as-of 2024-01-02T12:00:00Z --calendar scotland"),
          std::string("replay C-S --calendar scotland"), std::string("kvi --month 2024-01 --calendar scotland")}) {
      INFO(cmd);
      const CliResult r = s.run(cmd + " --format json");
      CHECK(r.exit_code == 2);
      CHECK(r.err.find("its own calendar") != std::string::npos);
    }
    // An event naming an unknown calendar: the import is refused, nothing stored.
    const CliResult imp = s.run(
        "import '" +
        s.file(
            "bad.jsonl",
            R"({"event_id":"U1","kind":"contact","entity_id":"C-U","type":"received","at":"2024-01-02T10:00:00Z","customer":"X","customer_class":"shipper","calendar":"narnia"})"
            "\n") +
        "'");
    CHECK(imp.exit_code == 2);
    CHECK(imp.err.find("bad.jsonl:1: field 'calendar': unknown calendar 'narnia'") != std::string::npos);
    CHECK(s.run("replay C-U --format json").exit_code == 2);
    // A calendars folder without the calendar the rules need: the sweep fails, stores nothing.
    TempDir empty;
    const CliResult sweep = s.run("sweep --as-of 2024-01-02T12:00:00Z --calendars-dir " + shell_quote(empty.path));
    CHECK(sweep.exit_code == 0);  // every calendar is stored by init: the folder only adds
  }

  TEST_CASE("cli: a Scottish customer's clocks are due on the Scottish calendar, shown in every format") {
    Site s;
    prepare(s, new_year);
    s.must("sweep --as-of 2024-01-02T12:00:00Z --format json");
    const auto clocks = json_of(s.run("overdue --as-of 2024-01-02T12:00:00Z --due-within 2bd --format json"));
    CHECK(clock_of(clocks, "C-S", "acknowledge")["calendar"] == "scotland");
    CHECK(clock_of(clocks, "C-S", "acknowledge")["due_at"] == "2024-01-03T13:00:00+00:00");
    CHECK(clock_of(clocks, "C-O", "acknowledge")["due_at"] == "2024-01-03T13:00:00+00:00");
    CHECK(clock_of(clocks, "C-E", "acknowledge")["calendar"] == "england-and-wales");
    CHECK(clock_of(clocks, "C-E", "acknowledge")["due_at"] == "2024-01-02T14:00:00+00:00");
    // Only the Scottish clocks.
    const auto scottish =
        json_of(s.run("overdue --as-of 2024-01-02T12:00:00Z --due-within 2bd --calendar scotland --format json"));
    REQUIRE(!scottish.empty());
    for (const auto& c : scottish) CHECK(c["calendar"] == "scotland");
    const CliResult table = s.run("overdue --as-of 2024-01-02T12:00:00Z --due-within 2bd --format table");
    CHECK(table.out.find("calendar") != std::string::npos);
    CHECK(table.out.find("scotland") != std::string::npos);
    const CliResult csv = s.run("replay C-S --as-of 2024-01-02T12:00:00Z --format csv");
    CHECK(csv.out.find(",scotland,Caledonia Gas,") != std::string::npos);
    const CliResult replay = s.run("replay C-S --as-of 2024-01-02T12:00:00Z --as-known --format table");
    CHECK(replay.exit_code == 0);
    CHECK(replay.out.find("calendar scotland (sha256 ") != std::string::npos);
    CHECK(replay.out.find("matches the results stored") != std::string::npos);
  }

  TEST_CASE("cli: sweep --calendars-dir judges by the folder's calendar, stores it, and replay reproduces it") {
    Site s;
    prepare(s, new_year);
    TempDir cals;
    write_file(cals / "scotland.yaml", scotland_closed_3_january());
    s.must("sweep --as-of 2024-01-02T12:00:00Z --calendars-dir " + shell_quote(cals.path));
    const auto clocks = json_of(s.run("overdue --as-of 2024-01-02T12:00:00Z --due-within 3bd --format json"));
    CHECK(clock_of(clocks, "C-S", "acknowledge")["due_at"] == "2024-01-04T13:00:00+00:00");
    CHECK(clock_of(clocks, "C-E", "acknowledge")["due_at"] == "2024-01-02T14:00:00+00:00");
    const auto versions = json_of(s.run("calendar versions --format json"));
    int scotland = 0;
    for (const auto& v : versions) scotland += v.dump().find("\"scotland\"") != std::string::npos;
    CHECK(scotland == 2);
    const CliResult known = s.run("replay C-S --as-of 2024-01-02T12:00:00Z --as-known --format json");
    CHECK(known.exit_code == 0);
    CHECK(clock_of(json_of(known), "C-S", "acknowledge")["matches_stored"] == true);
    CHECK(s.run("verify").exit_code == 0);
  }

  TEST_CASE("cli: a hold across Easter shows in replay and overdue, and the held clock stands still") {
    Site s;
    prepare(s, easter);
    s.must("sweep --as-of 2024-03-29T12:00:00Z --format json");
    // Held at the sweep: overdue on Tuesday 10:00 BST still sees it held.
    const auto held = json_of(s.run("overdue --as-of 2024-04-02T10:00:00+01:00 --due-within 20bd --format json"));
    const auto res = clock_of(held, "C-H", "resolution");
    REQUIRE(!res.is_null());
    CHECK(res["status"] == "pending");
    CHECK(res["held_since"] == "2024-03-28T14:00:00+00:00");
    CHECK(res["held_seconds"] == 4 * 3600);
    CHECK(res["due_at"] == "2024-04-11T13:00:00+01:00");

    s.must("import '" + s.file("resumed.jsonl", easter_resumed) + "'");
    s.must("sweep --as-of 2024-04-03T12:00:00Z --format json");
    const auto replay = json_of(s.run("replay C-H --as-of 2024-04-03T12:00:00Z --as-known --format json"));
    const auto r = clock_of(replay, "C-H", "resolution");
    CHECK(r["due_at"] == "2024-04-11T14:00:00+01:00");
    CHECK(r["held_seconds"] == 5 * 3600);
    CHECK(r["held_since"].is_null());
    CHECK(r["matches_stored"] == true);
    REQUIRE(r["holds"].size() == 1);
    CHECK(r["holds"][0]["from"] == "2024-03-28T14:00:00+00:00");
    CHECK(r["holds"][0]["to"] == "2024-04-02T11:00:00+01:00");
    CHECK(r["holds"][0]["ended_by"] == "off_hold");
    CHECK(r["holds"][0]["reason"] == "awaiting customer");
    CHECK(r["holds"][0]["resumed_reason"] == "customer replied");
    CHECK(!clock_of(replay, "C-H", "initial_response").contains("holds"));
    const CliResult table = s.run("replay C-H --as-of 2024-04-03T12:00:00Z --format table");
    CHECK(table.out.find("holds (they pause acknowledge, resolution):") != std::string::npos);
    CHECK(table.out.find("awaiting customer") != std::string::npos);
    CHECK(table.out.find("plus 5h of business time on hold") != std::string::npos);
    // Every stored sweep replays exactly.
    for (const char* t : {"2024-03-29T12:00:00Z", "2024-04-03T12:00:00Z"})
      CHECK(s.run(std::string("replay C-H --as-known --format json --as-of ") + t).exit_code == 0);
    CHECK(s.run("verify").exit_code == 0);
  }

  TEST_CASE("cli: on_hold needs a reason") {
    Site s;
    prepare(s, easter);
    const CliResult r = s.run(
        "import '" +
        s.file("noreason.jsonl",
               R"({"event_id":"H9","kind":"contact","entity_id":"C-H","type":"on_hold","at":"2024-03-29T14:00:00Z"})"
               "\n") +
        "'");
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("field 'reason': is required for contact on_hold") != std::string::npos);
  }
}

}  // namespace slaclock
