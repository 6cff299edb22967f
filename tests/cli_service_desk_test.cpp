// The service desk and operations through the real binary (issue 11): the
// figures on every clock row, overdue judged at its --as-of (also on a
// database migrated from schema 3), --due-within in business time, notices
// and the sweep's notify command and summary.
#include "test_support.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace slaclock {
namespace {

// A scratch folder with one database; run() adds --db to every command.
struct Desk {
  TempDir dir;
  std::string db = (dir / "desk.db").string();
  std::string file(const std::string& name, const std::string& text) const {
    write_file(dir / name, text);
    return (dir / name).string();
  }
  CliResult run(const std::string& args) const { return run_slaclock(args + " --db '" + db + "'"); }
  /// Changes the database behind slaclock's back with the sqlite3 shell.
  void sql(const std::string& statements) const {
    const std::string command = "sqlite3 '" + db + "' \"" + statements + "\"";
    REQUIRE_MESSAGE(std::system(command.c_str()) == 0, command);
  }
};

nlohmann::json json_of(const CliResult& r) {
  INFO(r.err);
  return nlohmann::json::parse(r.out);
}

nlohmann::json clock_of(const nlohmann::json& clocks, const std::string& entity, const std::string& clock) {
  for (const auto& c : clocks)
    if (c["entity_id"] == entity && c["clock"] == clock) return c;
  return nullptr;
}

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
                        "customer,reason,measure,allowance_seconds,used_seconds,percent_used,remaining_seconds\r\n",
                        0) == 0);
    CHECK(csv.out.find(",business,14400,16200,112.5,-1800\r\n") != std::string::npos);
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

    const auto table = w.run("overdue --as-of 2024-03-28T18:00:00Z --due-within 1bd --format table");
    CHECK(table.out.find("or due within 1bd (by 2024-04-02T17:00:00+01:00 on england-and-wales") != std::string::npos);
    for (const char* bad : {"soon", "1bd4bh", "4bh2h", "0bd", "3x"}) {
      const auto r = w.run(std::string("overdue --due-within ") + bad);
      CHECK(r.exit_code == 2);
      CHECK(r.err.find("--due-within") != std::string::npos);
    }
  }

  TEST_CASE("a database from schema 3 migrates in place; overdue rebuilds figures until the next sweep") {
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
        "ALTER TABLE clock_state DROP COLUMN late_contact_at; PRAGMA user_version = 3");

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
}

}  // namespace slaclock
