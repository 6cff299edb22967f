// The audit promises through the real binary on a real SQLite file: sweeps
// only move forward, a replay says whether it matches the stored sweep (and
// exits 3 when it does not), and stored history cannot be changed silently.
#include "test_support.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace slaclock {
namespace {

struct AuditWorkspace {
  TempDir dir;
  std::string db = (dir / "audit.db").string();
  std::string file(const std::string& name, const std::string& text) const {
    write_file(dir / name, text);
    return (dir / name).string();
  }
  CliResult run(const std::string& args) const { return run_slaclock(args + " --db '" + db + "'"); }
  /// Changes the database behind slaclock's back, as a tamperer with the sqlite3 shell would.
  void tamper(const std::string& sql) const {
    const std::string command = "sqlite3 '" + db + "' \"" + sql + "\"";
    REQUIRE_MESSAGE(std::system(command.c_str()) == 0, command);
  }
};

const std::string shipped_rules = std::string(SLACLOCK_SOURCE_DIR) + "/config/rules/";

// Received Thu 2024-03-28 16:00Z: acknowledge due Tue 2024-04-02 12:00 BST.
const char* one_contact =
    R"({"event_id":"E1","kind":"contact","entity_id":"C-1","type":"received","at":"2024-03-28T16:00:00Z","recorded_at":"2024-03-28T16:05:00Z","customer":"Acme Gas","customer_class":"shipper"})"
    "\n";

// init loads the shipped rules, calendars and KVI settings: no other step.
void prepare(const AuditWorkspace& w) {
  const auto init = w.run("init");
  REQUIRE_MESSAGE(init.exit_code == 0, init.err);
  REQUIRE(w.run("import '" + w.file("events.jsonl", one_contact) + "'").exit_code == 0);
}

std::string read_shipped(const std::string& relative) {
  return read_file(std::filesystem::path(SLACLOCK_SOURCE_DIR) / relative);
}

nlohmann::json verify_json(const AuditWorkspace& w, const std::string& extra = "") {
  const auto r = w.run("verify --format json" + extra);
  INFO(r.err);
  return nlohmann::json::parse(r.out);
}

const nlohmann::json& part(const nlohmann::json& report, const std::string& name) {
  for (const auto& p : report["parts"])
    if (p["name"] == name) return p;
  FAIL("no part " << name);
  return report;
}

std::size_t count_rows(const AuditWorkspace& w, const std::string& table) {
  const std::string out = (w.dir / "count.txt").string();
  const std::string command = "sqlite3 '" + w.db + "' 'SELECT count(*) FROM " + table + "' > '" + out + "'";
  REQUIRE(std::system(command.c_str()) == 0);
  return static_cast<std::size_t>(std::stoul(read_file(out)));
}

TEST_SUITE("cli audit") {
  TEST_CASE("sweeps only move forward, and --dry-run judges any instant and stores nothing") {
    AuditWorkspace w;
    prepare(w);
    REQUIRE(w.run("sweep --as-of 2024-04-02T13:00:00+01:00").exit_code == 1);
    const std::size_t runs = count_rows(w, "sweep_runs"), notices = count_rows(w, "notices");

    const auto back = w.run("sweep --as-of 2024-04-01T09:00:00+01:00");
    CHECK(back.exit_code == 2);
    CHECK(back.err.find("older than the latest stored sweep") != std::string::npos);
    CHECK(back.err.find("--dry-run") != std::string::npos);
    CHECK(count_rows(w, "sweep_runs") == runs);
    CHECK(count_rows(w, "notices") == notices);
    // The current state still says breached: the backdated sweep wrote nothing.
    const auto overdue = nlohmann::json::parse(w.run("overdue --as-of 2024-04-02T13:00:00+01:00 --format json").out);
    REQUIRE(overdue.size() == 1);
    CHECK(overdue[0]["status"] == "breached");

    // At 2024-04-01 09:00 BST the acknowledgement (due 04-02 12:00) is still running.
    const auto dry = w.run("sweep --dry-run --as-of 2024-04-01T09:00:00+01:00 --format table");
    CHECK(dry.exit_code == 0);
    CHECK(dry.out.find("dry run") != std::string::npos);
    CHECK(count_rows(w, "sweep_runs") == runs);
    // A dry run past due reports the breach in its exit status like a sweep.
    CHECK(w.run("sweep --dry-run --as-of 2024-04-03T09:00:00+01:00 --format json").exit_code == 1);
    CHECK(count_rows(w, "sweep_runs") == runs);
  }

  TEST_CASE("replay --as-known: matches_stored in JSON and CSV, exit 3 when the stored result differs") {
    AuditWorkspace w;
    prepare(w);
    REQUIRE(w.run("sweep --as-of 2024-04-02T13:00:00+01:00").exit_code == 1);
    const std::string replay = "replay C-1 --as-of 2024-04-02T13:00:00+01:00 --as-known";

    const auto same = w.run(replay + " --format json");
    REQUIRE_MESSAGE(same.exit_code == 0, same.err);
    for (const auto& c : nlohmann::json::parse(same.out)) CHECK(c["matches_stored"] == true);

    // No sweep at that instant: nothing to compare with, null and exit 0.
    const auto elsewhere = w.run("replay C-1 --as-of 2024-04-02T14:00:00+01:00 --as-known --format json");
    CHECK(elsewhere.exit_code == 0);
    for (const auto& c : nlohmann::json::parse(elsewhere.out)) CHECK(c["matches_stored"].is_null());

    w.tamper("UPDATE clock_results SET status = 'met' WHERE entity_id = 'C-1' AND clock = 'acknowledge'");
    const auto differs = w.run(replay + " --format json");
    CHECK(differs.exit_code == 3);
    for (const auto& c : nlohmann::json::parse(differs.out))
      CHECK(c["matches_stored"] == (c["clock"] != "acknowledge"));
    const auto csv = w.run(replay + " --format csv");
    CHECK(csv.exit_code == 3);
    CHECK(csv.out.substr(0, csv.out.find('\n')).find(",matches_stored") != std::string::npos);
    CHECK(csv.out.find(",false") != std::string::npos);
    const auto table = w.run(replay + " --format table");
    CHECK(table.exit_code == 3);
    CHECK(table.out.find("DIFFERS FROM") != std::string::npos);
  }
}

TEST_SUITE("cli audit") {
  TEST_CASE("init, import and sweep work on a fresh database with nothing else loaded") {
    AuditWorkspace w;
    const auto init = w.run("init");
    CHECK(init.out.find("loaded rules dsc-kvi-2020") != std::string::npos);
    CHECK(init.out.find("loaded calendar england-and-wales") != std::string::npos);
    CHECK(init.out.find("loaded kvi_settings dsc-kvi-2018") != std::string::npos);
    const auto again = w.run("init");
    CHECK(again.out.find("already loaded rules dsc-kvi-2020") != std::string::npos);
    REQUIRE(w.run("import '" + w.file("events.jsonl", one_contact) + "'").exit_code == 0);
    CHECK(w.run("sweep --as-of 2024-04-02T13:00:00+01:00").exit_code == 1);
    const auto v = verify_json(w);
    CHECK(v["intact"] == true);
    CHECK(part(v, "sweeps")["checked"] == 1);
    CHECK(part(v, "calendar_versions")["checked"] == 3);
  }

  TEST_CASE("a calendar changed after a sweep leaves the as-known replay as the sweep judged it") {
    AuditWorkspace w;
    prepare(w);
    // Received Thu 28 Mar 16:00Z; resolution is close of the 7th business day
    // after: Good Friday and Easter Monday are holidays, so Tue 2 .. Wed 10 Apr,
    // due Wed 10 Apr 17:00 BST.
    REQUIRE(w.run("sweep --as-of 2024-04-03T13:00:00+01:00").exit_code == 1);
    const std::string replay = "replay C-1 --as-of 2024-04-03T13:00:00+01:00 --as-known --format json";
    const auto before = nlohmann::json::parse(w.run(replay).out);

    // A newly proclaimed holiday on Mon 8 Apr 2024 becomes a new version of the calendar.
    std::string text = read_shipped("calendars/england-and-wales.yaml");
    const auto additions = text.find("  additions:");
    REQUIRE_MESSAGE(additions != std::string::npos, "the shipped calendar lists additions");
    text.insert(text.find('\n', additions) + 1, "    - {date: 2024-04-08, name: \"A proclaimed holiday\"}\n");
    const std::string changed = w.file("england-and-wales.yaml", text);
    const auto load = w.run("calendar load '" + changed + "'");
    REQUIRE_MESSAGE(load.exit_code == 0, load.err);
    CHECK(load.out.find("loaded: calendar england-and-wales") != std::string::npos);

    const auto known = w.run(replay);
    CHECK(known.exit_code == 0);  // matches the stored sweep
    CHECK(nlohmann::json::parse(known.out) == before);
    const auto table = w.run("replay C-1 --as-of 2024-04-03T13:00:00+01:00 --as-known --format table");
    CHECK(table.out.find("versions: as recorded by the sweep as of") != std::string::npos);

    // Plain replay uses the latest calendar: with Mon 8 Apr a holiday,
    // resolution moves a business day later, to Thu 11 Apr.
    const auto plain = nlohmann::json::parse(w.run("replay C-1 --as-of 2024-04-03T13:00:00+01:00 --format json").out);
    for (const auto& c : plain)
      if (c["clock"] == "resolution") CHECK(c["due_at"] == "2024-04-11T17:00:00+01:00");
    for (const auto& c : before)
      if (c["clock"] == "resolution") CHECK(c["due_at"] == "2024-04-10T17:00:00+01:00");
    // The next sweep records the new version.
    REQUIRE(w.run("sweep --as-of 2024-04-04T13:00:00+01:00").exit_code == 1);
    CHECK(verify_json(w)["intact"] == true);
  }

  TEST_CASE("verify catches each kind of tampering") {
    AuditWorkspace w;
    prepare(w);
    REQUIRE(w.run("sweep --as-of 2024-04-02T13:00:00+01:00").exit_code == 1);
    const auto clean = verify_json(w);
    REQUIRE(clean["intact"] == true);
    const std::string events_head = clean["events_head"], sweeps_head = clean["sweeps_head"];
    CHECK(w.run("verify --expect-head " + events_head + " --expect-head " + sweeps_head).exit_code == 0);

    SUBCASE("rule text") {
      w.tamper("UPDATE rule_versions SET yaml = replace(yaml, 'hours: 4', 'hours: 40')");
      const auto r = w.run("verify --format json");
      CHECK(r.exit_code == 1);
      CHECK(part(nlohmann::json::parse(r.out), "rule_versions")["intact"] == false);
      CHECK(r.err.find("rule_versions") != std::string::npos);
    }
    SUBCASE("rule text and its hash together") {
      w.tamper("UPDATE rule_versions SET yaml = yaml || '#', content_sha256 = 'x' WHERE version = 'dsc-kvi-2020'");
      const auto v = verify_json(w);
      CHECK(v["intact"] == false);
      CHECK(part(v, "sweeps")["intact"] == false);  // the sweep recorded the version it used
    }
    SUBCASE("calendar text") {
      w.tamper("UPDATE calendar_versions SET yaml = yaml || '#' WHERE name = 'england-and-wales'");
      CHECK(part(verify_json(w), "calendar_versions")["intact"] == false);
    }
    SUBCASE("KVI settings text") {
      w.tamper("UPDATE kvi_settings_versions SET yaml = yaml || '#'");
      CHECK(part(verify_json(w), "kvi_settings_versions")["intact"] == false);
    }
    SUBCASE("a stored result") {
      w.tamper("UPDATE clock_results SET status = 'met' WHERE clock = 'acknowledge'");
      const auto r = w.run("verify --format table");
      CHECK(r.exit_code == 1);
      CHECK(r.err.find("sweeps: sweep 1: its stored clock results differ") != std::string::npos);
    }
    SUBCASE("the newest event and its import record, caught only by the recorded head") {
      const auto more = w.file(
          "more.jsonl",
          std::string(
              R"({"event_id":"E2","kind":"contact","entity_id":"C-1","type":"acknowledged","at":"2024-04-02T14:00:00+01:00","recorded_at":"2024-04-02T14:00:00+01:00","expected_resolution":"2024-04-08T17:00:00+01:00"})") +
              "\n");
      REQUIRE(w.run("import '" + more + "'").exit_code == 0);
      const std::string head = verify_json(w)["events_head"];
      w.tamper(
          "DELETE FROM events WHERE event_id = 'E2'; DELETE FROM imports WHERE id = (SELECT max(id) FROM imports)");
      CHECK(verify_json(w)["intact"] == true);  // self-consistent without the head
      const auto r = w.run("verify --expect-head " + head);
      CHECK(r.exit_code == 1);
      CHECK(r.err.find("expected head") != std::string::npos);
    }
    SUBCASE("a deleted sweep") {
      w.tamper(
          "DELETE FROM clock_results; DELETE FROM sweep_versions; DELETE FROM clock_state; DELETE FROM notices; "
          "DELETE FROM entity_state; DELETE FROM sweep_runs");
      // The counts the sweeps kept still say there were clocks.
      const auto r = w.run("verify");
      CHECK(r.exit_code == 1);
      CHECK(r.out.find("clock_status_counts") != std::string::npos);
      CHECK(w.run("verify --expect-head " + sweeps_head).exit_code == 1);
    }
  }

  TEST_CASE("a rule version backdated over stored sweeps is refused unless --allow-backdate") {
    AuditWorkspace w;
    prepare(w);
    REQUIRE(w.run("sweep --as-of 2024-04-02T13:00:00+01:00").exit_code == 1);
    std::string text = read_shipped("config/rules/dsc-kvi-2020.yaml");
    text.replace(text.find("version: dsc-kvi-2020"), 21, "version: site-2024");
    text.replace(text.find("effective_from: 2020-04-01"), 26, "effective_from: 2024-01-01");
    const auto file = w.file("site-2024.yaml", text);

    const auto refused = w.run("rules load '" + file + "'");
    CHECK(refused.exit_code == 2);
    CHECK(refused.err.find("before 1 stored sweep") != std::string::npos);
    CHECK(refused.err.find("--allow-backdate") != std::string::npos);
    CHECK(w.run("rules list --format json").out.find("site-2024") == std::string::npos);

    const auto allowed = w.run("rules load --allow-backdate '" + file + "'");
    CHECK(allowed.exit_code == 0);
    CHECK(allowed.out.find("backdated over 1 stored sweep") != std::string::npos);
    // The sweep's as-known replay keeps the versions it recorded.
    CHECK(w.run("replay C-1 --as-of 2024-04-02T13:00:00+01:00 --as-known --format json").exit_code == 0);
  }

  TEST_CASE("an old database stores its calendars as first versions on the next sweep") {
    AuditWorkspace w;
    prepare(w);
    // As a database migrated from schema 2: no calendar versions yet.
    w.tamper("DELETE FROM calendar_versions");
    REQUIRE(w.run("sweep --as-of 2024-04-02T13:00:00+01:00").exit_code == 1);
    CHECK(count_rows(w, "calendar_versions") == 1);  // england-and-wales, named by both rule versions
    CHECK(count_rows(w, "sweep_versions") == 3);     // two rule versions and the calendar
    CHECK(verify_json(w)["intact"] == true);
  }
}

}  // namespace
}  // namespace slaclock
