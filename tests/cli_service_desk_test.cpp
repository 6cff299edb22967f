// The service desk and operations through the real binary (issue 11): the
// figures on every clock row, overdue judged at its --as-of (also on a
// database migrated from schema 3), --due-within in business time, notices
// and the sweep's notify command and summary.
#include "cli_database.h"
#include "cli_json.h"
#include "test_support.h"

#include <slaclock/store/event_store.h>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace slaclock {
namespace {

// A scratch folder with one database; run() adds --db to every command.
struct Desk : CliDatabase {
  Desk() : CliDatabase("desk.db") {}
  /// Changes the database behind slaclock's back with the sqlite3 shell.
  void sql(const std::string& statements) const {
    const std::string command = "sqlite3 '" + db + "' \"" + statements + "\"";
    REQUIRE_MESSAGE(std::system(command.c_str()) == 0, command);
  }
};

// C-1 received Thu 2024-03-28 16:00Z, never acknowledged: acknowledge (4
// business hours) due Tue 2 Apr 12:00 BST. C-2 acknowledged in time.
const char* contacts =
    R"({"event_id":"E1","kind":"contact","entity_id":"C-1","type":"received","at":"2024-03-28T16:00:00Z","recorded_at":"2024-03-28T16:05:00Z","customer":"Acme Gas","customer_class":"shipper"}
{"event_id":"E2","kind":"contact","entity_id":"C-2","type":"received","at":"2024-03-28T16:00:00Z","recorded_at":"2024-03-28T16:05:00Z","customer":"Borealis","customer_class":"dn"}
{"event_id":"E3","kind":"contact","entity_id":"C-2","type":"acknowledged","at":"2024-04-02T10:00:00+01:00","recorded_at":"2024-04-02T10:01:00+01:00","expected_resolution":"2024-04-05T17:00:00+01:00"}
)";

void prepare(const Desk& w, const std::string& events) {
  const auto init = w.run("init");
  REQUIRE_MESSAGE(init.exit_code == 0, init.err);
  const auto imp = w.run("import '" + w.file("events.jsonl", events) + "'");
  REQUIRE_MESSAGE(imp.exit_code == 0, imp.err);
}

}  // namespace

TEST_SUITE("cli service desk") {
  TEST_CASE("every clock row of sweep, overdue and replay carries its figures") {
    Desk w;
    prepare(w, contacts);
    const auto sweep = w.run("sweep --as-of 2024-04-02T12:30:00+01:00 --format json");
    CHECK(sweep.exit_code == 1);
    const auto ack = clock_of(json_of(sweep), "C-1", "acknowledge");
    REQUIRE(ack.is_object());
    CHECK(ack["measure"] == "business");
    CHECK(ack["allowance_seconds"] == 14400);
    CHECK(ack["used_seconds"] == 16200);  // Thu 1h + Tue 09:00-12:30 BST
    CHECK(ack["percent_used"] == 112.5);
    CHECK(ack["remaining_seconds"] == -1800);

    const auto replay = json_of(w.run("replay C-2 --as-of 2024-04-02T12:30:00+01:00 --format json"));
    const auto met = clock_of(replay, "C-2", "acknowledge");
    CHECK(met["status"] == "met");
    CHECK(met["used_seconds"] == 3600 + 3600);  // stopped Tue 10:00 BST
    CHECK(met["remaining_seconds"] == 7200);
    CHECK(met["percent_used"] == 50.0);
    const auto na = clock_of(replay, "C-2", "revised_resolution");
    CHECK(na["status"] == "not_applicable");
    for (const char* figure : {"measure", "allowance_seconds", "used_seconds", "percent_used", "remaining_seconds"})
      CHECK(na[figure].is_null());

    const auto csv = w.run("overdue --as-of 2024-04-02T12:30:00+01:00 --format csv");
    CHECK(csv.out.rfind("entity_id,kind,clock,status,started_at,due_at,stopped_at,rule_version,band,calendar,"
                        "customer,reason,measure,allowance_seconds,used_seconds,percent_used,remaining_seconds,"
                        "held_seconds,held_since,priority,target\r\n",
                        0) == 0);
    CHECK(csv.out.find(",business,14400,16200,112.5,-1800,0,,,\r\n") != std::string::npos);
  }

  TEST_CASE("overdue judges at --as-of: status, reason and figures are that instant's") {
    Desk w;
    prepare(w, contacts);
    REQUIRE(w.run("sweep --as-of 2024-03-28T16:30:00Z").exit_code == 0);  // pending then, 13% used
    const auto later = json_of(w.run("overdue --as-of 2024-04-02T13:00:00+01:00 --customer 'Acme Gas' --format json"));
    REQUIRE(later.size() == 1);
    CHECK(later[0]["status"] == "breached");
    CHECK(later[0]["reason"] == "running; due 2024-04-02T12:00:00+01:00 (4 business hours), 1h overdue");
    CHECK(later[0]["remaining_seconds"] == -3600);
    CHECK(later[0]["percent_used"] == 125.0);
  }

  TEST_CASE("--due-within in business time: the Thursday before Easter, across the bank holidays and into BST") {
    Desk w;
    // initial_response, 4 business days from Mon 25 Mar 2024 (day 0): Tue 26,
    // Wed 27, Thu 28, then Good Friday, the weekend (BST from Sun 31) and
    // Easter Monday are skipped: Tue 2 Apr 17:00 BST.
    prepare(
        w,
        R"({"event_id":"E1","kind":"contact","entity_id":"C-E","type":"received","at":"2024-03-25T10:00:00Z","recorded_at":"2024-03-25T10:00:00Z","customer":"Acme Gas","customer_class":"shipper"})"
        "\n");
    REQUIRE(w.run("sweep --as-of 2024-03-28T18:00:00Z").exit_code == 1);  // its acknowledgement is late
    const auto listed = [&](const std::string& window) {
      const auto r = w.run("overdue --as-of 2024-03-28T18:00:00Z --clock initial_response --due-within " + window +
                           " --format json");
      INFO(r.err);
      REQUIRE(r.exit_code == 0);
      return json_of(r).size();
    };
    CHECK(listed("1bd") == 1);  // by the close of the next business day, Tue 2 Apr
    CHECK(listed("3d") == 0);   // elapsed: Sun 31 Mar 19:00 BST
    CHECK(listed("4d") == 0);   // Easter Monday 19:00 BST
    CHECK(listed("5d") == 1);
    CHECK(listed("8bh") == 1);  // Tue 09:00-17:00 BST: exactly the due instant
    CHECK(listed("7bh") == 0);

    // The heading names where the window ends when one calendar is asked
    // for; otherwise each clock's window ends on its own calendar.
    const auto table =
        w.run("overdue --as-of 2024-03-28T18:00:00Z --due-within 1bd --calendar england-and-wales --format table");
    CHECK(table.out.find("or due within 1bd (by 2024-04-02T17:00:00+01:00 on england-and-wales") != std::string::npos);
    const auto every = w.run("overdue --as-of 2024-03-28T18:00:00Z --due-within 1bd --format table");
    CHECK(every.out.find("on each clock's own calendar") != std::string::npos);
    for (const char* bad : {"soon", "1bd4bh", "4bh2h", "0bd", "3x"}) {
      const auto r = w.run(std::string("overdue --due-within ") + bad);
      CHECK(r.exit_code == 2);
      CHECK(r.err.find("--due-within") != std::string::npos);
    }
  }

  TEST_CASE("overdue --limit lists the soonest due and says on stderr that more match") {
    Desk w;
    prepare(w, contacts);
    REQUIRE(w.run("sweep --as-of 2024-03-28T16:30:00Z").exit_code == 0);
    const auto all = w.run("overdue --as-of 2024-04-11T09:00:00+01:00 --format json");
    REQUIRE(all.exit_code == 0);
    const auto every = json_of(all);
    REQUIRE(every.size() > 2);
    CHECK(all.err.find("more match") == std::string::npos);

    const auto two = w.run("overdue --as-of 2024-04-11T09:00:00+01:00 --format json --limit 2");
    REQUIRE(two.exit_code == 0);
    const auto page = json_of(two);
    REQUIRE(page.size() == 2);
    CHECK(page[0] == every[0]);  // the same objects, soonest first
    CHECK(page[1] == every[1]);
    CHECK(two.err.find("the 2 clocks due soonest shown; more match (--limit 0 lists them all)") != std::string::npos);

    const auto zero = w.run("overdue --as-of 2024-04-11T09:00:00+01:00 --format json --limit 0");
    CHECK(json_of(zero) == every);
    const auto exact =
        w.run("overdue --as-of 2024-04-11T09:00:00+01:00 --format json --limit " + std::to_string(every.size()));
    CHECK(json_of(exact) == every);
    CHECK(exact.err.find("more match") == std::string::npos);
    for (const char* bad : {"-1", "x", "1.5", "''"}) {
      const auto r = w.run(std::string("overdue --limit ") + bad);
      CHECK(r.exit_code == 2);
      CHECK(r.err.find("--limit") != std::string::npos);
    }
  }

  TEST_CASE("a database from schema 3 migrates in place, and overdue rebuilds figures until the next sweep") {
    Desk w;
    prepare(w, contacts);
    REQUIRE(w.run("sweep --as-of 2024-03-28T16:30:00Z").exit_code == 0);
    // Back to what a schema 3 build left: clock_state without its figures,
    // no notice deliveries.
    w.sql(
        "DROP TABLE notice_deliveries; ALTER TABLE clock_state DROP COLUMN measure; "
        "ALTER TABLE clock_state DROP COLUMN allowance_seconds; ALTER TABLE clock_state DROP COLUMN basis; "
        "ALTER TABLE clock_state DROP COLUMN allowance_unit; ALTER TABLE clock_state DROP COLUMN allowance_amount; "
        "ALTER TABLE clock_state DROP COLUMN gas_day; ALTER TABLE clock_state DROP COLUMN basis_limit; "
        "ALTER TABLE clock_state DROP COLUMN late_contact_at; "
        // and what the later migrations (held time, sweeps storing what changed) added
        "ALTER TABLE clock_state DROP COLUMN held_seconds; ALTER TABLE clock_state DROP COLUMN held_since; "
        "ALTER TABLE clock_state DROP COLUMN target; ALTER TABLE clock_state DROP COLUMN priority; "
        // a schema 3 clock_state held every clock, stopped ones too
        "INSERT INTO clock_state(sweep_id, entity_id, clock, kind, status, started_at, due_at, at_risk_at, "
        "stopped_at, rule_version, calendar, band, reason, customer) SELECT sweep_id, entity_id, clock, kind, status, "
        "started_at, due_at, at_risk_at, stopped_at, rule_version, calendar, band, reason, customer FROM "
        "clock_results WHERE status NOT IN ('pending', 'at_risk', 'breached'); "
        "DROP INDEX clock_results_by_entity; DROP TABLE clock_status_counts; PRAGMA user_version = 3");

    const auto refused = w.run("overdue --as-of 2024-04-02T13:00:00+01:00 --customer 'Acme Gas' --format json");
    CHECK(refused.exit_code == 2);
    CHECK(refused.err.find("run 'slaclock init'") != std::string::npos);
    REQUIRE(w.run("init").exit_code == 0);

    // The row has no figures yet: rebuilt from C-1's timeline as the sweep saw it.
    const auto before = json_of(w.run("overdue --as-of 2024-04-02T13:00:00+01:00 --customer 'Acme Gas' --format json"));
    REQUIRE(before.size() == 1);
    CHECK(before[0]["status"] == "breached");
    CHECK(before[0]["reason"] == "running; due 2024-04-02T12:00:00+01:00 (4 business hours), 1h overdue");
    CHECK(before[0]["used_seconds"] == 18000);
    CHECK(json_of(w.run("verify --format json"))["intact"] == true);  // the old sweep's seal still holds

    REQUIRE(w.run("sweep --as-of 2024-04-01T12:00:00+01:00").exit_code == 0);
    const auto after = json_of(w.run("overdue --as-of 2024-04-02T13:00:00+01:00 --customer 'Acme Gas' --format json"));
    CHECK(after == before);
    const auto verify = json_of(w.run("verify --format json"));
    CHECK(verify["intact"] == true);
  }

  TEST_CASE("a database from before sweeps stored only what changed migrates in place and keeps verifying") {
    Desk w;
    prepare(w, contacts);
    REQUIRE(w.run("sweep --as-of 2024-04-02T13:00:00+01:00").exit_code == 1);
    // Back to what the previous schema left: every clock in clock_state, no
    // index by entity, no counts; and without what the migration after it
    // (service levels as data, 7) added. (One added after that must be
    // undone here too.)
    const int version = EventStore::latest_schema_version();
    REQUIRE(version == 7);
    w.sql(
        "ALTER TABLE clock_state DROP COLUMN target; ALTER TABLE clock_state DROP COLUMN priority; "
        "DROP INDEX clock_results_by_entity; DROP TABLE clock_status_counts; "
        "INSERT INTO clock_state(sweep_id, entity_id, clock, kind, status, started_at, due_at, at_risk_at, "
        "stopped_at, rule_version, calendar, band, reason, customer) SELECT sweep_id, entity_id, clock, kind, status, "
        "started_at, due_at, at_risk_at, stopped_at, rule_version, calendar, band, reason, customer FROM "
        "clock_results WHERE status NOT IN ('pending', 'at_risk', 'breached'); PRAGMA user_version = " +
        std::to_string(version - 2));
    const auto before = w.run("overdue --as-of 2024-04-02T14:00:00+01:00 --format json");
    CHECK(before.exit_code == 2);
    CHECK(before.err.find("run 'slaclock init'") != std::string::npos);

    REQUIRE(w.run("init").exit_code == 0);
    CHECK(json_of(w.run("verify --format json"))["intact"] == true);
    const auto overdue = json_of(w.run("overdue --as-of 2024-04-02T14:00:00+01:00 --format json"));
    REQUIRE(overdue.size() == 1);
    CHECK(overdue[0]["entity_id"] == "C-1");

    // The next night stores only C-1's and C-2's running clocks again; both
    // sweeps still replay as known and match what was stored.
    REQUIRE(w.run("sweep --as-of 2024-04-03T13:00:00+01:00 --full").exit_code == 1);
    CHECK(json_of(w.run("verify --format json"))["intact"] == true);
    for (const char* when : {"2024-04-02T13:00:00+01:00", "2024-04-03T13:00:00+01:00"}) {
      const auto r = w.run(std::string("replay C-2 --as-known --format json --as-of ") + when);
      CHECK(r.exit_code == 0);
      for (const auto& c : json_of(r)) CHECK(c["matches_stored"] == true);
    }
  }

  TEST_CASE("sweep --notify-cmd: a command failing the first time is retried by the next sweep, nothing is lost") {
    Desk w;
    prepare(w, contacts);
    // Fails on its first run (and reads nothing); then appends each notice.
    const std::string script = w.file("notify.sh",
                                      "#!/bin/sh\n"
                                      "if [ ! -e \"$0.failed-once\" ]; then touch \"$0.failed-once\"; echo 'mail "
                                      "server down' >&2; exit 3; fi\n"
                                      "cat >> \"$0.delivered\"\n"
                                      "echo \"delivered $SLACLOCK_NOTICE_ID $SLACLOCK_NOTICE_KIND\"\n");
    const std::string notify = " --notify-cmd 'sh " + script + "'";

    // Tue 2 Apr 11:30 BST: C-1 and C-2's acknowledgements are at risk (C-2's
    // acknowledgement was recorded at 10:01, C-1 is never acknowledged): one notice.
    const auto first = w.run("sweep --as-of 2024-04-02T11:30:00+01:00 --format json" + notify);
    CHECK_MESSAGE(first.exit_code == 0, first.err);  // a failed delivery does not change the exit status
    CHECK(json_of(first).is_array());                // stdout stays the array of clocks
    CHECK(first.err.find("mail server down") != std::string::npos);
    CHECK(first.err.find("notice 1 (at_risk, C-1 acknowledge): notify command exited with status 3; it stays "
                         "unsent and the next sweep tries it again") != std::string::npos);
    CHECK(first.err.find("new notices: 1; notices sent: 0 of 1 unsent") != std::string::npos);
    const auto unsent = json_of(w.run("notices --unsent --format json"));
    REQUIRE(unsent.size() == 1);
    CHECK(unsent[0]["id"] == 1);
    CHECK(unsent[0]["sent_at"].is_null());

    // The next sweep raises the breached notice and sends both, oldest first.
    const auto second = w.run("sweep --as-of 2024-04-02T12:30:00+01:00 --format table" + notify);
    CHECK(second.exit_code == 1);  // C-1's acknowledgement is breached
    CHECK(second.out.find("new notices: 1\nnotices sent: 2 of 2 unsent, by the notify command\n") != std::string::npos);
    CHECK(second.err.find("delivered 1 at_risk\ndelivered 2 breached\n") != std::string::npos);  // its stdout
    const std::string delivered = read_file(script + ".delivered");
    const auto line_break = delivered.find('\n');
    REQUIRE(line_break != std::string::npos);
    const auto at_risk = nlohmann::json::parse(delivered.substr(0, line_break));
    CHECK(at_risk["id"] == 1);
    CHECK(at_risk["kind"] == "at_risk");
    CHECK(at_risk["entity_id"] == "C-1");
    CHECK(at_risk["clock"] == "acknowledge");
    CHECK(at_risk["due_at"] == "2024-04-02T12:00:00+01:00");
    CHECK(at_risk["customer"] == "Acme Gas");
    CHECK(nlohmann::json::parse(delivered.substr(line_break + 1))["kind"] == "breached");
    CHECK(json_of(w.run("notices --unsent --format json")).empty());
    const auto all = json_of(w.run("notices --format json"));
    REQUIRE(all.size() == 2);
    CHECK(all[0]["sent_via"] == "notify_cmd");

    // A third sweep has nothing to send, and runs no command.
    const auto third = w.run("sweep --as-of 2024-04-02T13:30:00+01:00 --format csv" + notify);
    CHECK(third.err.find("notices sent: 0 of 0 unsent") != std::string::npos);
    CHECK(read_file(script + ".delivered") == delivered);
    CHECK(w.run("sweep --dry-run --as-of 2024-04-02T13:30:00+01:00" + notify).exit_code == 2);
  }

  TEST_CASE("notices: filters, formats and mark-sent (who and when, append-only)") {
    Desk w;
    prepare(w, contacts);
    REQUIRE(w.run("sweep --as-of 2024-04-02T11:30:00+01:00").exit_code == 0);
    REQUIRE(w.run("sweep --as-of 2024-04-02T12:30:00+01:00").exit_code == 1);

    const auto all = json_of(w.run("notices --format json"));
    REQUIRE(all.size() == 2);
    CHECK(all[0]["kind"] == "at_risk");
    CHECK(all[0]["entity_kind"] == "contact");
    CHECK(all[0]["raised_at"] == "2024-04-02T11:30:00+01:00");
    CHECK(all[0]["sweep_id"] == 1);
    CHECK(all[0]["reason"] == "running; due 2024-04-02T12:00:00+01:00 (4 business hours), 88% used in business time");
    CHECK(all[1]["kind"] == "breached");
    CHECK(json_of(w.run("notices --kind breached --format json")).size() == 1);
    CHECK(json_of(w.run("notices --since 2024-04-02T12:00:00+01:00 --format json")).size() == 1);
    CHECK(json_of(w.run("notices --customer Borealis --format json")).empty());
    CHECK(json_of(w.run("notices --customer 'Acme Gas' --utc --format json"))[0]["raised_at"] ==
          "2024-04-02T10:30:00Z");
    const auto csv = w.run("notices --format csv");
    CHECK(csv.out.rfind("id,kind,entity_id,entity_kind,clock,due_at,customer,reason,raised_at,sweep_id,sent_at,"
                        "sent_by,sent_via\r\n",
                        0) == 0);
    CHECK(w.run("notices --kind late").exit_code == 2);

    // An unknown id records nothing.
    const auto unknown = w.run("notices mark-sent 1 7 --by desk-1");
    CHECK(unknown.exit_code == 2);
    CHECK(unknown.err.find("no notice 7") != std::string::npos);
    CHECK(json_of(w.run("notices --unsent --format json")).size() == 2);

    const auto marked = w.run("notices mark-sent 1 --by desk-1");
    CHECK_MESSAGE(marked.exit_code == 0, marked.err);
    CHECK(marked.out == "marked 1 notice sent by desk-1\n");
    const auto one = json_of(w.run("notices --format json"))[0];
    CHECK(one["sent_by"] == "desk-1");
    CHECK(one["sent_via"] == "mark_sent");
    CHECK(one["sent_at"].is_string());
    CHECK(w.run("notices --format table").out.find("by desk-1") != std::string::npos);
    const auto unsent = json_of(w.run("notices --unsent --format json"));
    REQUIRE(unsent.size() == 1);
    CHECK(unsent[0]["id"] == 2);

    // Who: --by, else $USER (else $LOGNAME); nobody named is an error.
    const std::string user = std::getenv("USER") ? std::getenv("USER") : "";
    const std::string logname = std::getenv("LOGNAME") ? std::getenv("LOGNAME") : "";
    ::unsetenv("USER");
    ::unsetenv("LOGNAME");
    const auto nobody = w.run("notices mark-sent 2");
    CHECK(nobody.exit_code == 2);
    CHECK(nobody.err.find("--by") != std::string::npos);
    ::setenv("USER", "ops-night", 1);
    // Notice 1 again: noted, not recorded twice; notice 2 by $USER.
    const auto again = w.run("notices mark-sent 1 2");
    CHECK(again.exit_code == 0);
    CHECK(again.out == "marked 1 notice sent by ops-night\n");
    CHECK(again.err.find("notice 1 was already sent; not recorded again") != std::string::npos);
    const auto both = json_of(w.run("notices --format json"));
    CHECK(both[0]["sent_by"] == "desk-1");
    CHECK(both[1]["sent_by"] == "ops-night");
    if (user.empty())
      ::unsetenv("USER");
    else
      ::setenv("USER", user.c_str(), 1);
    if (!logname.empty()) ::setenv("LOGNAME", logname.c_str(), 1);

    // Deliveries are append-only: the database itself refuses to unsend one.
    CHECK(std::system(("sqlite3 '" + w.db + "' 'DELETE FROM notice_deliveries' 2>/dev/null").c_str()) != 0);
    CHECK(std::system(("sqlite3 '" + w.db + "' \"UPDATE notice_deliveries SET sent_by = 'x'\" 2>/dev/null").c_str()) !=
          0);
    CHECK(json_of(w.run("notices --unsent --format json")).empty());
  }

  TEST_CASE("sweep --summary-json: counts and the new notices, never over the database") {
    Desk w;
    prepare(w, contacts);
    const std::string summary = (w.dir / "summary.json").string();
    const auto r = w.run("sweep --as-of 2024-04-02T12:30:00+01:00 --format json --summary-json '" + summary + "'");
    CHECK_MESSAGE(r.exit_code == 1, r.err);
    const auto j = nlohmann::json::parse(read_file(summary));
    CHECK(j["sweep_id"] == 1);
    CHECK(j["as_of"] == "2024-04-02T12:30:00+01:00");
    CHECK(j["dry_run"] == false);
    CHECK(j["repeated"] == false);
    CHECK(j["entities_evaluated"] == 2);
    CHECK(j["clocks_by_status"]["breached"] == 1);
    CHECK(j["clocks_by_status"]["met"] == 1);
    CHECK(j["clocks_by_status"]["missed"] == 0);
    CHECK(j["exit_status"] == 1);
    CHECK(j["new_notices"] == 1);
    REQUIRE(j["notices"].size() == 1);
    CHECK(j["notices"][0]["kind"] == "breached");
    CHECK(j["notices"][0]["entity_id"] == "C-1");
    CHECK(j["notify"].is_null());

    const auto repeated = w.run("sweep --as-of 2024-04-02T12:30:00+01:00 --summary-json '" + summary + "'");
    CHECK(repeated.exit_code == 1);
    const auto again = nlohmann::json::parse(read_file(summary));
    CHECK(again["repeated"] == true);
    CHECK(again["new_notices"] == 0);
    CHECK(again["notices"].empty());

    const auto dry = w.run("sweep --dry-run --as-of 2024-04-03T12:30:00+01:00 --summary-json '" + summary + "'");
    CHECK(dry.exit_code == 1);
    CHECK(nlohmann::json::parse(read_file(summary))["sweep_id"].is_null());

    // The database (or a file beside it) is never the summary's target.
    const auto size_before = std::filesystem::file_size(w.db);
    for (const std::string& target : {w.db, w.db + "-wal"}) {
      const auto refused = w.run("sweep --as-of 2024-04-03T12:30:00+01:00 --summary-json '" + target + "'");
      CHECK(refused.exit_code == 2);
      CHECK(refused.err.find("--summary-json") != std::string::npos);
    }
    CHECK(std::filesystem::file_size(w.db) == size_before);
    CHECK(json_of(w.run("verify --format json"))["intact"] == true);
  }

  TEST_CASE("a KPI missed three months running: one breached notice, and the sweep exits 0") {
    Desk w;
    // KPI-07 missed February, March and April 2024, each miss notice sent at once.
    std::string events;
    int n = 0;
    for (const char* month : {"2024-02", "2024-03", "2024-04"}) {
      const std::string period = month, id = "K-" + period;
      const std::string at = "2024-0" + std::to_string(std::stoi(period.substr(5)) + 1) + "-05T10:00:00Z";
      const std::string common =
          R"(","kind":"kpi","entity_id":")" + id + R"(","at":")" + at + R"(","recorded_at":")" + at + "\"";
      events += R"({"event_id":"E)" + std::to_string(++n) + common +
                R"(,"type":"result","kpi":"KPI-07","priority":"P1","period":")" + period + R"(","met":"false"})" + "\n";
      events += R"({"event_id":"E)" + std::to_string(++n) + common + R"(,"type":"customers_notified"})" + "\n";
    }
    prepare(w, events);
    const auto sweep = w.run("sweep --as-of 2024-05-10T18:00:00+01:00 --format table");
    INFO(sweep.out);
    CHECK_MESSAGE(sweep.exit_code == 0, sweep.err);
    const auto notices = json_of(w.run("notices --format json"));
    REQUIRE(notices.size() == 1);
    CHECK(notices[0]["kind"] == "breached");
    CHECK(notices[0]["entity_id"] == "K-2024-04");
    CHECK(notices[0]["clock"] == "kpi_consecutive");
    CHECK(notices[0]["entity_kind"] == "kpi");
    const auto replay = json_of(w.run("replay K-2024-04 --as-of 2024-05-10T18:00:00+01:00 --format json"));
    const auto run = clock_of(replay, "K-2024-04", "kpi_consecutive");
    CHECK(run["status"] == "missed");
    CHECK(run["stopped_at"] == "2024-05-05T11:00:00+01:00");
    CHECK(run["percent_used"].is_null());
    CHECK(w.run("sweep --as-of 2024-06-10T18:00:00+01:00").exit_code == 0);
  }
}

}  // namespace slaclock
