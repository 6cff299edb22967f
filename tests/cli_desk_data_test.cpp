// A desk's own data through the real binary (issue 21, items 3, 4 and 5): a
// calendar stored with `calendar load` works for every command with no copy
// of the data folder, the site's zone prints headings, a history back-loaded
// `--recorded-at as-event` sweeps as it happened, and the commands say what
// they could not judge; fields real exports lack are optional.
#include "cli_database.h"
#include "cli_json.h"
#include "test_support.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

namespace slaclock {
namespace {

struct Desk : CliDatabase {
  Desk() : CliDatabase("desk.db") {}
  CliResult must(const std::string& args) const {
    const CliResult r = run(args);
    REQUIRE_MESSAGE(r.exit_code == 0, args << ": " << r.err);
    return r;
  }
};

// A Swedish desk: 08:00-16:00 Stockholm time, New Year's Day and Midsummer
// Eve's fixed stand-in off. Not in the data folder: only ever loaded.
const char* sweden_calendar = R"(name: sweden
time_zone: Europe/Stockholm
years: {from: 2020, to: 2035}
working_week:
  - days: [mon, tue, wed, thu, fri]
    windows: ["08:00-16:00"]
holidays:
  rules:
    - name: New Year's Day
      fixed: {month: 1, day: 1}
)";

const char* site_rules = R"(version: site-2026
effective_from: 2026-01-01
time_zone: Europe/Stockholm
calendar: sweden
)";

// Monday 5 January 2026, 09:00 Stockholm (08:00Z): acknowledge is due 4
// business hours later, 13:00 Stockholm.
const char* stockholm_contact =
    R"({"event_id":"SE1","kind":"contact","entity_id":"C-SE","type":"received","at":"2026-01-05T09:00:00+01:00","recorded_at":"2026-01-05T09:00:00+01:00","customer":"Nordic Gas AB"}
)";

}  // namespace

TEST_SUITE("cli desk data") {
  TEST_CASE("cli: a calendar stored with calendar load is used by rules check and load, sweep, replay, overdue") {
    Desk d;
    d.must("init");
    const std::string calendar_file = d.file("sweden.yaml", sweden_calendar);
    const std::string rules_file = d.file("site-2026.yaml", site_rules);
    // Before it is loaded the calendar is unknown, and nothing is stored.
    const CliResult unknown = d.run("rules load " + shell_quote(rules_file));
    CHECK(unknown.exit_code == 2);
    CHECK(unknown.err.find("unknown calendar 'sweden'") != std::string::npos);
    CHECK(d.must("rules list --format csv").out.find("site-2026") == std::string::npos);

    d.must("calendar load " + shell_quote(calendar_file));
    std::filesystem::remove(calendar_file);  // from now on only the database has it
    CHECK(d.must("rules check " + shell_quote(rules_file)).out.find("calendar sweden") != std::string::npos);
    d.must("rules load " + shell_quote(rules_file));
    d.must("import " + shell_quote(d.file("events.jsonl", stockholm_contact)));

    const CliResult sweep = d.run("sweep --as-of 2026-01-05T15:00:00+01:00 --format json");
    REQUIRE_MESSAGE(sweep.exit_code == 1, sweep.err);  // acknowledge breached at 13:00 Stockholm
    const nlohmann::json attention = json_of(sweep);
    const nlohmann::json ack = clock_of(attention, "C-SE", "acknowledge");
    CHECK(ack["calendar"] == "sweden");
    CHECK(ack["due_at"] == "2026-01-05T13:00:00+01:00");

    const nlohmann::json replay = json_of(d.must("replay C-SE --as-of 2026-01-05T15:00:00+01:00 --format json"));
    CHECK(clock_of(replay, "C-SE", "acknowledge")["calendar"] == "sweden");
    CHECK(clock_of(replay, "C-SE", "acknowledge")["due_at"] == "2026-01-05T13:00:00+01:00");

    const nlohmann::json overdue = json_of(d.must("overdue --as-of 2026-01-05T15:00:00+01:00 --format json"));
    CHECK(clock_of(overdue, "C-SE", "acknowledge")["status"] == "breached");
    // The calendar commands find it too.
    const CliResult add =
        d.must("calendar add --calendar sweden --from 2026-01-05T15:00:00+01:00 --business-hours 2 --format json");
    CHECK(add.out.find("2026-01-06T09:00:00+01:00") != std::string::npos);
  }

  TEST_CASE("cli: --calendars-dir is honoured by rules check and rules load, read before the data folder") {
    Desk d;
    d.must("init");
    const auto cals = d.dir / "cals";
    std::filesystem::create_directories(cals);
    write_file(cals / "sweden.yaml", sweden_calendar);
    const std::string rules_file = d.file("site-2026.yaml", site_rules);
    CHECK(d.run("rules check " + shell_quote(rules_file)).exit_code == 2);
    d.must("rules check " + shell_quote(rules_file) + " --calendars-dir " + shell_quote(cals));
    d.must("rules load " + shell_quote(rules_file) + " --calendars-dir " + shell_quote(cals));
    d.must("import " + shell_quote(d.file("events.jsonl", stockholm_contact)));
    // The sweep stores the file it judged by as a version, so later commands
    // need no --calendars-dir.
    CHECK(d.run("sweep --as-of 2026-01-05T15:00:00+01:00 --calendars-dir " + shell_quote(cals)).exit_code == 1);
    CHECK(d.must("calendar versions --format csv").out.find("sweden") != std::string::npos);
    std::filesystem::remove_all(cals);
    const nlohmann::json known =
        json_of(d.must("replay C-SE --as-known --as-of 2026-01-05T15:00:00+01:00 --format json"));
    CHECK(clock_of(known, "C-SE", "acknowledge")["calendar"] == "sweden");
    CHECK(clock_of(known, "C-SE", "acknowledge")["matches_stored"] == true);
  }

  TEST_CASE("cli: --display-zone prints the site's zone in headings and rows, and an unknown zone is refused") {
    Desk d;
    d.must("init");
    d.must("calendar load " + shell_quote(d.file("sweden.yaml", sweden_calendar)));
    d.must("rules load " + shell_quote(d.file("site-2026.yaml", site_rules)));
    d.must("import " + shell_quote(d.file("events.jsonl", stockholm_contact)));
    d.run("sweep --as-of 2026-01-05T14:00:00Z");
    const CliResult london = d.run("sweep --dry-run --as-of 2026-01-05T14:00:00Z --format table");
    CHECK(london.out.find("dry run as of 2026-01-05T14:00:00+00:00") != std::string::npos);
    const CliResult site =
        d.run("sweep --dry-run --as-of 2026-01-05T14:00:00Z --format table --display-zone Europe/Stockholm");
    CHECK(site.out.find("dry run as of 2026-01-05T15:00:00+01:00") != std::string::npos);
    const nlohmann::json rows =
        json_of(d.must("overdue --as-of 2026-01-05T14:00:00Z --format json --display-zone America/New_York"));
    CHECK(clock_of(rows, "C-SE", "acknowledge")["due_at"] == "2026-01-05T07:00:00-05:00");
    const CliResult bad = d.run("sweep --dry-run --as-of 2026-01-05T14:00:00Z --display-zone Mars/Olympus");
    CHECK(bad.exit_code != 0);
    CHECK(bad.err.find("Mars/Olympus") != std::string::npos);
  }

  TEST_CASE(
      "cli: a history imported --recorded-at as-event sweeps as it happened, and a sweep says what it cannot see") {
    Desk d;
    d.must("init");
    // Received Monday 2 March 2020 10:00, acknowledged 11:00: met.
    const std::string history =
        R"({"event_id":"H-1","kind":"contact","entity_id":"C-H","type":"received","at":"2020-03-02T10:00:00Z","customer":"Example Gas Ltd"}
{"event_id":"H-2","kind":"contact","entity_id":"C-H","type":"acknowledged","at":"2020-03-02T11:00:00Z"}
{"event_id":"H-3","kind":"contact","entity_id":"C-H","type":"categorised","at":"2020-03-02T11:30:00Z","priority":"P2"}
)";
    // Imported as of today: a sweep of March 2020 sees none of it, and says so.
    Desk today;
    today.must("init");
    today.must("import " + shell_quote(today.file("h.jsonl", history)));
    const CliResult blind = today.run("sweep --format table --as-of 2020-03-02T12:00:00Z --summary-json " +
                                      shell_quote((today.dir / "s.json").string()));
    CHECK(blind.exit_code == 0);
    CHECK(blind.out.find("0 evaluated") != std::string::npos);
    CHECK(blind.err.find("not seen: 3 events recorded after the as-of") != std::string::npos);
    CHECK(nlohmann::json::parse(read_file(today.dir / "s.json"))["events_recorded_after"] == 3);

    // As-event: each event recorded when it happened. The same file again is a no-op.
    const std::string file = d.file("h.jsonl", history);
    d.must("import --recorded-at as-event " + shell_quote(file));
    CHECK(d.must("import --recorded-at as-event " + shell_quote(file)).out.find("duplicates 3") != std::string::npos);
    const CliResult swept = d.must("sweep --as-of 2020-03-02T12:00:00Z --format table");
    CHECK(swept.err.find("not seen") == std::string::npos);
    CHECK(swept.out.find("1 evaluated") != std::string::npos);
    const nlohmann::json replay = json_of(d.must("replay C-H --as-known --as-of 2020-03-02T12:00:00Z --format json"));
    CHECK(clock_of(replay, "C-H", "acknowledge")["status"] == "met");
    CHECK(clock_of(replay, "C-H", "acknowledge")["matches_stored"] == true);
    // Each event is recorded at its own instant: known by 10:30 is the receipt alone.
    const CliResult table = d.must("replay C-H --as-of 2020-03-02T12:00:00Z --format table");
    CHECK(table.out.find("2020-03-02T11:00:00+00:00  acknowledged  H-2       2020-03-02T11:00:00+00:00") !=
          std::string::npos);
  }

  TEST_CASE("cli: an event in the future is refused as-event, and a recorded_at after the import is refused") {
    Desk d;
    d.must("init");
    const CliResult future = d.run(
        "import --recorded-at as-event " +
        shell_quote(d.file(
            "f.jsonl",
            R"({"event_id":"F-1","kind":"contact","entity_id":"C-F","type":"received","at":"2099-01-05T10:00:00Z","customer":"Example Gas Ltd"}
)")));
    CHECK(future.exit_code == 2);
    CHECK(future.err.find("f.jsonl:1: field 'at'") != std::string::npos);
    const CliResult later = d.run(
        "import " +
        shell_quote(d.file(
            "g.jsonl",
            R"({"event_id":"G-1","kind":"contact","entity_id":"C-G","type":"received","at":"2024-01-05T10:00:00Z","recorded_at":"2099-01-05T10:00:00Z","customer":"Example Gas Ltd"}
)")));
    CHECK(later.exit_code == 2);
    CHECK(later.err.find("g.jsonl:1: field 'recorded_at'") != std::string::npos);
    CHECK(later.err.find("cannot be known in the future") != std::string::npos);
  }

  TEST_CASE("cli: a sweep of entities before every rule version says how many and which version would apply") {
    Desk d;
    d.must("init");
    d.must(
        "import --recorded-at as-event " +
        shell_quote(d.file(
            "old.jsonl",
            R"({"event_id":"O-1","kind":"contact","entity_id":"C-2016","type":"received","at":"2016-05-03T10:00:00Z","customer":"Example Gas Ltd"}
)")));
    const CliResult r =
        d.run("sweep --as-of 2016-05-04T12:00:00Z --summary-json " + shell_quote((d.dir / "s.json").string()));
    CHECK(r.exit_code == 0);
    CHECK(r.err.find("not judged: 1 entity opened before every rule version (the earliest, dsc-kvi-2018, takes "
                     "effect 2018-04-01)") != std::string::npos);
    const nlohmann::json s = nlohmann::json::parse(read_file(d.dir / "s.json"));
    CHECK(s["entities_before_rules"] == 1);
    CHECK(s["earliest_rule_version"]["version"] == "dsc-kvi-2018");
    CHECK(s["earliest_rule_version"]["effective_from"] == "2018-04-01");
  }

  TEST_CASE("cli: overdue at an as-of before the latest sweep judges the timelines as the sweep then knew them") {
    Desk d;
    d.must("init");
    // Received Monday 9 March 2026 10:00Z; acknowledged Tuesday 12:00Z, after
    // its 14:00Z due instant on the Monday.
    d.must(
        "import " +
        shell_quote(d.file(
            "e.jsonl",
            R"({"event_id":"A-1","kind":"contact","entity_id":"C-A","type":"received","at":"2026-03-09T10:00:00Z","recorded_at":"2026-03-09T10:00:00Z","customer":"Example Gas Ltd"}
{"event_id":"A-2","kind":"contact","entity_id":"C-A","type":"acknowledged","at":"2026-03-10T12:00:00Z","recorded_at":"2026-03-10T12:00:00Z"}
)")));
    CHECK(d.run("sweep --as-of 2026-03-09T15:00:00Z").exit_code == 1);  // acknowledge breached
    d.run("sweep --as-of 2026-03-11T12:00:00Z");                        // missed: stopped
    // The latest sweep's state has acknowledge stopped; at Monday 15:00 it was breached.
    const CliResult then = d.must("overdue --as-of 2026-03-09T15:00:00Z --format json --clock acknowledge");
    const nlohmann::json clocks = json_of(then);
    REQUIRE(clocks.size() == 1);
    CHECK(clocks[0]["status"] == "breached");
    CHECK(then.err.find("is before the latest sweep") != std::string::npos);
    CHECK(then.err.find("the sweep as of 2026-03-09T15:00:00+00:00 knew them") != std::string::npos);
    // At the latest sweep it is not running any more.
    CHECK(json_of(d.must("overdue --as-of 2026-03-11T12:00:00Z --format json --clock acknowledge")).empty());
    // Before the first sweep: as known then (the acknowledgement was not yet recorded).
    const CliResult before = d.must("overdue --as-of 2026-03-09T14:30:00Z --format json --clock acknowledge");
    CHECK(json_of(before).size() == 1);
    CHECK(before.err.find("no sweep was in force") != std::string::npos);
  }

  TEST_CASE(
      "cli: customer_class, expected_resolution and complexity are optional, and a categorisation needs one field") {
    Desk d;
    d.must("init");
    d.must(
        "import " +
        shell_quote(d.file(
            "e.jsonl",
            R"({"event_id":"P-1","kind":"contact","entity_id":"C-P","type":"received","at":"2026-03-09T10:00:00Z","customer":"Example Gas Ltd","priority":"P3"}
{"event_id":"P-2","kind":"contact","entity_id":"C-P","type":"acknowledged","at":"2026-03-09T11:00:00Z"}
{"event_id":"P-3","kind":"contact","entity_id":"C-P","type":"categorised","at":"2026-03-09T11:30:00Z","priority":"P1"}
)")));
    const CliResult empty = d.run(
        "import " +
        shell_quote(d.file(
            "bad.jsonl",
            R"({"event_id":"P-4","kind":"contact","entity_id":"C-P","type":"categorised","at":"2026-03-09T12:00:00Z"}
)")));
    CHECK(empty.exit_code == 2);
    CHECK(empty.err.find("bad.jsonl:1: field 'complexity': a categorised event needs complexity, priority, category or "
                         "more than one") != std::string::npos);
    const nlohmann::json replay = json_of(d.must("replay C-P --as-of 2026-03-09T12:00:00Z --format json"));
    CHECK(clock_of(replay, "C-P", "acknowledge")["status"] == "met");
  }
}

}  // namespace slaclock
