// The audit promises through the real binary on a real SQLite file: sweeps
// only move forward, a replay says whether it matches the stored sweep (and
// exits 3 when it does not), and stored history cannot be changed silently.
#include "test_support.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
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

void prepare(const AuditWorkspace& w) {
  REQUIRE(w.run("init").exit_code == 0);
  const auto load =
      w.run("rules load '" + shipped_rules + "dsc-kvi-2018.yaml' '" + shipped_rules + "dsc-kvi-2020.yaml'");
  REQUIRE_MESSAGE(load.exit_code == 0, load.err);
  REQUIRE(w.run("import '" + w.file("events.jsonl", one_contact) + "'").exit_code == 0);
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

}  // namespace
}  // namespace slaclock
