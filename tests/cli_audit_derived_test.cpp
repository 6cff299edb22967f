// verify covers the tables that are derived from the sealed facts (clock
// state, entity state, status counts, notices) and the columns of the sealed
// ones that a judgement reads: each tampering through the sqlite3 shell on a
// real file, one case each, and verify names the table and the row.
#include "cli_database.h"
#include "test_support.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace slaclock {

namespace {

// Two contacts and a breach: after the sweeps, running and stopped clocks,
// notices (breached, at risk, notify customers) and two imports.
const char* events_1 =
    R"({"event_id":"E1","kind":"contact","entity_id":"C-1","type":"received","at":"2024-03-28T16:00:00Z","recorded_at":"2024-03-28T16:05:00Z","customer":"Acme Gas","customer_class":"shipper"}
{"event_id":"E2","kind":"contact","entity_id":"C-2","type":"received","at":"2024-03-28T16:00:00Z","recorded_at":"2024-03-28T16:05:00Z","customer":"Borealis","customer_class":"dn"}
)";
const char* events_2 =
    R"({"event_id":"E3","kind":"contact","entity_id":"C-2","type":"acknowledged","at":"2024-04-02T10:00:00+01:00","recorded_at":"2024-04-02T10:01:00+01:00"}
{"event_id":"B1","kind":"breach","entity_id":"B-1","type":"identified","at":"2024-04-02T10:30:00+01:00","recorded_at":"2024-04-02T10:31:00+01:00","severity":"high","customers":"Acme Gas"}
)";

struct Tampered : CliDatabase {
  Tampered() {
    REQUIRE(run("init").exit_code == 0);
    REQUIRE(run("import " + shell_quote(file("e1.jsonl", events_1))).exit_code == 0);
    REQUIRE(run("sweep --as-of 2024-04-01T12:00:00+01:00").exit_code <= 1);
    REQUIRE(run("import " + shell_quote(file("e2.jsonl", events_2))).exit_code == 0);
    REQUIRE(run("sweep --as-of 2024-04-02T13:00:00+01:00").exit_code == 1);
    const auto clean = run("verify");
    REQUIRE_MESSAGE(clean.exit_code == 0, clean.out << clean.err);
  }
  void sql(const std::string& statements) const {
    const std::string command = "sqlite3 " + shell_quote(db) + " \"" + statements + "\"";
    REQUIRE_MESSAGE(std::system(command.c_str()) == 0, command);
  }
  /// verify fails, and its message says `what`.
  void fails_naming(const std::string& what) const {
    const auto r = run("verify");
    CHECK(r.exit_code == 1);
    CHECK_MESSAGE(r.err.find(what) != std::string::npos, r.err);
  }
};

}  // namespace

TEST_SUITE("cli audit derived") {
  TEST_CASE("verify recomputes the clock state, entity state, counts and notices, and reads every version column") {
    Tampered w;
    SUBCASE("clock_state status") {
      w.sql("UPDATE clock_state SET status = 'pending' WHERE entity_id = 'C-1' AND clock = 'acknowledge'");
      w.fails_naming(
          "clock_state entity 'C-1' clock acknowledge: status pending differs from the stored result's "
          "breached");
    }
    SUBCASE("clock_state due_at") {
      w.sql("UPDATE clock_state SET due_at = due_at + 86400 WHERE entity_id = 'C-1' AND clock = 'resolution'");
      w.fails_naming("clock_state entity 'C-1' clock resolution: due_at");
    }
    SUBCASE("clock_state row deleted") {
      w.sql("DELETE FROM clock_state WHERE entity_id = 'C-1' AND clock = 'resolution'");
      w.fails_naming("clock_state entity 'C-1' clock resolution: missing");
    }
    SUBCASE("clock_state row added") {
      w.sql(
          "INSERT INTO clock_state(sweep_id, entity_id, clock, kind, status, rule_version, calendar, reason) "
          "SELECT max(id), 'C-9', 'acknowledge', 'contact', 'pending', 'dsc-kvi-2020', 'england-and-wales', 'x' "
          "FROM sweep_runs");
      w.fails_naming("clock_state entity 'C-9' clock acknowledge: no stored result");
    }
    SUBCASE("entity_state settled while its clocks run") {
      w.sql("UPDATE entity_state SET settled = 1");
      w.fails_naming("': settled, though");
    }
    SUBCASE("entity_state next_due") {
      w.sql("UPDATE entity_state SET next_due = next_due + 1 WHERE entity_id = 'C-2'");
      w.fails_naming("entity_state entity 'C-2': next_due");
    }
    SUBCASE("clock_status_counts") {
      w.sql("UPDATE clock_status_counts SET clocks = clocks + 1 WHERE status = 'breached'");
      w.fails_naming("clock_status_counts breached");
    }
    SUBCASE("a notice's reason") {
      w.sql("UPDATE notices SET reason = 'all fine' WHERE id = (SELECT min(id) FROM notices)");
      w.fails_naming("reason all fine differs from its sweep's result's");
    }
    SUBCASE("a notice's kind") {
      w.sql("UPDATE notices SET notice = 'at_risk' WHERE notice = 'breached' AND entity_id = 'C-1'");
      w.fails_naming("a at_risk notice, though its sweep judged the clock breached");
    }
    SUBCASE("a notice's due instant") {
      w.sql("UPDATE notices SET due_at = due_at + 3600 WHERE entity_id = 'B-1'");
      w.fails_naming("due_at");
    }
    SUBCASE("a notice deleted") {
      w.sql("DELETE FROM notices WHERE entity_id = 'B-1' AND notice = 'notify_customers'");
      w.fails_naming("notices entity 'B-1' clock breach_notification: the notify_customers notice sweep");
    }
    SUBCASE("the append-only trigger on deliveries dropped") {
      w.sql("DROP TRIGGER notice_deliveries_no_delete");
      w.fails_naming("notice_deliveries_no_delete is missing");
    }
    SUBCASE("a rule version's effective_from") {
      w.sql("UPDATE rule_versions SET effective_from = '2021-04-01' WHERE version = 'dsc-kvi-2020'");
      w.fails_naming("rule_versions 'dsc-kvi-2020': effective_from 2021-04-01 differs from its text's 2020-04-01");
    }
    SUBCASE("a rule version's effective_at") {
      w.sql("UPDATE rule_versions SET effective_at = effective_at + 1 WHERE version = 'dsc-kvi-2020'");
      w.fails_naming("rule_versions 'dsc-kvi-2020': effective_at");
    }
    SUBCASE("a rule version's calendar") {
      w.sql("UPDATE rule_versions SET calendar = 'scotland' WHERE version = 'dsc-kvi-2018'");
      w.fails_naming("rule_versions 'dsc-kvi-2018': calendar 'scotland'");
    }
    SUBCASE("a KVI settings version's effective_from") {
      w.sql(
          "UPDATE kvi_settings_versions SET effective_from = '2019-01-01' WHERE id = (SELECT max(id) FROM "
          "kvi_settings_versions)");
      w.fails_naming("kvi_settings_versions");
    }
    SUBCASE("a sweep's seal removed after a sealed sweep") {
      w.sql(
          "UPDATE sweep_runs SET results_sha256 = NULL, chain_sha256 = NULL WHERE id = (SELECT max(id) FROM "
          "sweep_runs)");
      w.fails_naming("its seal is missing, though an earlier sweep is sealed");
    }
    SUBCASE("the newest sweep deleted with its results") {
      w.sql(
          "DELETE FROM clock_results WHERE sweep_id = (SELECT max(id) FROM sweep_runs); DELETE FROM sweep_versions "
          "WHERE sweep_id = (SELECT max(id) FROM sweep_runs); DELETE FROM sweep_runs WHERE id = (SELECT max(id) "
          "FROM sweep_runs)");
      w.fails_naming("clock_state");
    }
    SUBCASE("an imports row deleted") {
      w.sql("DELETE FROM imports WHERE id = (SELECT max(id) FROM imports)");
      w.fails_naming("is no longer stored");
    }
    SUBCASE("an event moved to another import") {
      w.sql("UPDATE events SET import_id = (SELECT min(id) FROM imports) WHERE event_id = 'B1'");
      w.fails_naming("does not match the import that stored them");
    }
    SUBCASE("an import's chain head") {
      w.sql("UPDATE imports SET chain_head = 'x' WHERE id = (SELECT min(id) FROM imports)");
      w.fails_naming("its chain_head is not the link of its last event");
    }
  }

  TEST_CASE("the combined head catches the newest event, sweep, notice, delivery, import or version removed") {
    Tampered w;
    REQUIRE(w.run("notices mark-sent 1 --by ops").exit_code == 0);
    const auto verify = w.run("verify --format json");
    const std::string head = nlohmann::json::parse(verify.out)["combined_head"];
    CHECK(head.rfind("slaclock-head-v1:e=", 0) == 0);
    CHECK(w.run("verify --expect-head '" + head + "'").exit_code == 0);
    // A later night adds more: the recorded head still holds.
    REQUIRE(w.run("sweep --as-of 2024-04-03T13:00:00+01:00").exit_code <= 1);
    CHECK(w.run("verify --expect-head '" + head + "'").exit_code == 0);
    const auto removed = [&](const std::string& sql, const std::string& what) {
      CAPTURE(what);
      const std::string copy = (w.dir / "copy.db").string();
      REQUIRE(std::system(("cp " + shell_quote(w.db) + " " + shell_quote(copy)).c_str()) == 0);
      REQUIRE(std::system(("sqlite3 " + shell_quote(copy) + " \"" + sql + "\"").c_str()) == 0);
      const auto r = run_slaclock("verify --expect-head '" + head + "' --db " + shell_quote(copy));
      CHECK(r.exit_code == 1);
      CHECK_MESSAGE(r.err.find(what) != std::string::npos, r.err);
      std::filesystem::remove(copy);
    };
    removed("DROP TRIGGER notice_deliveries_no_delete; DELETE FROM notice_deliveries",
            "notice_deliveries row 1, the newest when the head was recorded, is gone");
    removed("DELETE FROM rule_versions WHERE id = (SELECT max(id) FROM rule_versions)", "rule_versions row");
    removed("DELETE FROM kvi_settings_versions WHERE id = (SELECT max(id) FROM kvi_settings_versions)",
            "kvi_settings_versions row");
    removed("DELETE FROM calendar_versions WHERE id = (SELECT max(id) FROM calendar_versions)",
            "calendar_versions row");
    removed("DELETE FROM events WHERE event_id = 'B1'", "events head is no longer on the events chain");
  }

  TEST_CASE("verify --since a recorded head checks what was added after it, and the head itself") {
    Tampered w;
    const std::string head = nlohmann::json::parse(w.run("verify --format json").out)["combined_head"];
    // Nothing added: the head holds, nothing new to check.
    const auto quiet = w.run("verify --since '" + head + "' --format json");
    REQUIRE_MESSAGE(quiet.exit_code == 0, quiet.err);
    const auto quiet_json = nlohmann::json::parse(quiet.out);
    CHECK(quiet_json["combined_head"] == head);
    // A night: an import and a sweep.
    const char* night =
        R"({"event_id":"E4","kind":"contact","entity_id":"C-1","type":"acknowledged","at":"2024-04-03T09:00:00+01:00","recorded_at":"2024-04-03T09:00:00+01:00"})"
        "\n";
    REQUIRE(w.run("import " + shell_quote(w.file("night.jsonl", night))).exit_code == 0);
    REQUIRE(w.run("sweep --as-of 2024-04-03T13:00:00+01:00").exit_code <= 1);
    const auto since = w.run("verify --since '" + head + "' --format json");
    REQUIRE_MESSAGE(since.exit_code == 0, since.err);
    const auto j = nlohmann::json::parse(since.out);
    for (const auto& p : j["parts"])
      if (p["name"] == "events") CHECK(p["checked"] == 1);  // only the night's event
    // Tampering with what the night added is caught; the head given must hold.
    w.sql("UPDATE clock_state SET status = 'breached' WHERE entity_id = 'C-1' AND clock = 'resolution'");
    const auto caught = w.run("verify --since '" + head + "'");
    CHECK(caught.exit_code == 1);
    CHECK(caught.err.find("clock_state entity 'C-1' clock resolution") != std::string::npos);
    CHECK(w.run("verify --since 'slaclock-head-v1:e=00:s=-'").exit_code == 1);
    const auto bad = w.run("verify --since nonsense");
    CHECK(bad.exit_code == 1);
    CHECK(bad.err.find("is not a combined head") != std::string::npos);
  }
}

}  // namespace slaclock
