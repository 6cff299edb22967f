// Crashes and concurrency through the real binary on the bundled sample:
// import and sweep killed (SIGKILL) at exact points leave a database that is
// intact, all or nothing, verified, and that a rerun brings to the result of
// an uninterrupted run; readers looping while an import and a sweep write are
// never locked out and never see half of either. docs/bad-input.md.
//
// The kill points are SLACLOCK_TEST_KILL_AT=statement:K (the K-th SQL
// statement of the write connection) or commit:K (as its K-th COMMIT starts),
// a test-only hook in the store (store/store_connection.cpp): no timing.
#include "test_support.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace slaclock {
namespace {

const std::string sample = std::string(SLACLOCK_SOURCE_DIR) + "/samples/sample-events.jsonl";
const std::string as_of = "2026-10-15T18:00:00+01:00";
const std::vector<std::string> kill_points = {"statement:1",   "statement:3",    "statement:8", "statement:40",
                                              "statement:300", "statement:3000", "commit:1",    "statement:1000000"};

/// Sets SLACLOCK_TEST_KILL_AT for the CLI runs made while it lives.
struct KillAt {
  explicit KillAt(const std::string& spec) { ::setenv("SLACLOCK_TEST_KILL_AT", spec.c_str(), 1); }
  ~KillAt() { ::unsetenv("SLACLOCK_TEST_KILL_AT"); }
  KillAt(const KillAt&) = delete;
  KillAt& operator=(const KillAt&) = delete;
};

bool killed(const CliResult& r) {
  return r.exit_code == -1 || r.exit_code == 128 + 9;  // signalled, or the shell's report of it
}

CliResult run_on(const std::filesystem::path& db, const std::string& args) {
  return run_slaclock(args + " --db " + shell_quote(db));
}

/// A copy of a closed database (its WAL is checkpointed into the file).
void copy_db(const std::filesystem::path& from, const std::filesystem::path& to) {
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(to.string() + suffix);
  std::filesystem::copy_file(from, to);
}

struct Audit {
  bool intact = false;
  std::int64_t events = -1, sweeps = -1;
  std::string events_head;
};

/// verify --full: SQLite's integrity_check, the hash chain, every sweep's seal.
Audit audit(const std::filesystem::path& db) {
  const CliResult r = run_on(db, "verify --full --format json");
  Audit a;
  a.intact = r.exit_code == 0;
  INFO(r.err);
  const auto j = nlohmann::json::parse(r.out, nullptr, false);
  REQUIRE_FALSE(j.is_discarded());
  for (const auto& p : j["parts"]) {
    if (p["name"] == "events") {
      a.events = p["checked"].get<std::int64_t>();
      if (p["head"].is_string()) a.events_head = p["head"].get<std::string>();
    }
    if (p["name"] == "sweeps") a.sweeps = p["checked"].get<std::int64_t>();
  }
  return a;
}

std::string overdue_json(const std::filesystem::path& db) {
  const CliResult r = run_on(db, "overdue --format json --as-of " + as_of);
  CHECK_MESSAGE(r.exit_code == 0, r.err);
  return r.out;
}

std::size_t line_count(const std::string& text) {
  std::size_t n = 0;
  for (char c : text) n += c == '\n';
  return n;
}

TEST_SUITE("cli crash and concurrency") {
  TEST_CASE("import and sweep killed at any point leave an intact store, all or nothing, and a rerun converges") {
    TempDir dir;
    const auto fresh = dir / "fresh.db", imported = dir / "imported.db", reference = dir / "reference.db";
    REQUIRE(run_on(fresh, "init").exit_code == 0);
    copy_db(fresh, imported);
    REQUIRE(run_on(imported, "import --quiet " + shell_quote(sample)).exit_code == 0);
    copy_db(imported, reference);
    REQUIRE(run_on(reference, "sweep --quiet --as-of " + as_of).exit_code == 1);  // something is breached
    const Audit whole = audit(reference);
    REQUIRE(whole.intact);
    REQUIRE(whole.events == static_cast<std::int64_t>(line_count(read_file(sample))));
    REQUIRE(whole.sweeps == 1);
    const std::string expected_overdue = overdue_json(reference);
    REQUIRE(expected_overdue.size() > 2);

    const auto t = dir / "t.db";
    int import_kills = 0, sweep_kills = 0;
    for (const std::string& point : kill_points) {
      CAPTURE(point);
      // import: nothing or everything, then the rerun stores exactly the same chain.
      copy_db(fresh, t);
      CliResult r;
      {
        KillAt k(point);
        r = run_on(t, "import --quiet " + shell_quote(sample));
      }
      CHECK_MESSAGE((killed(r) || r.exit_code == 0), r.err);
      import_kills += killed(r);
      Audit a = audit(t);
      CHECK(a.intact);
      CHECK((a.events == 0 || a.events == whole.events));
      if (killed(r) && point.rfind("commit", 0) == 0) CHECK(a.events == 0);
      CHECK(run_on(t, "import --quiet " + shell_quote(sample)).exit_code == 0);
      a = audit(t);
      CHECK(a.intact);
      CHECK(a.events == whole.events);
      CHECK(a.events_head == whole.events_head);

      // sweep: no sweep or the whole sweep, then the rerun judges as the uninterrupted one did.
      copy_db(imported, t);
      {
        KillAt k(point);
        r = run_on(t, "sweep --quiet --as-of " + as_of);
      }
      CHECK_MESSAGE((killed(r) || r.exit_code == 1), r.err);
      sweep_kills += killed(r);
      a = audit(t);
      CHECK(a.intact);
      CHECK(a.events == whole.events);
      CHECK((a.sweeps == 0 || a.sweeps == 1));
      if (killed(r) && point.rfind("commit", 0) == 0) CHECK(a.sweeps == 0);
      if (a.sweeps == 0) CHECK(run_on(t, "sweep --quiet --as-of " + as_of).exit_code == 1);
      a = audit(t);
      CHECK(a.intact);
      CHECK(a.sweeps == 1);
      CHECK(overdue_json(t) == expected_overdue);
    }
    // The points reach inside both writes; the last one is past their end.
    CHECK(import_kills >= 6);
    CHECK(sweep_kills >= 6);
  }

  TEST_CASE("readers looping while an import and a sweep write are never locked out and see each whole or not at all") {
    TempDir dir;
    // The sample in two parts: the first imported and swept as of September,
    // the second imported and swept as of mid-October while readers read.
    const std::string all = read_file(sample);
    std::size_t cut = 0;
    for (int i = 0; i < 1200; ++i) cut = all.find('\n', cut) + 1;
    const std::string part1 = (dir / "part1.jsonl").string(), part2 = (dir / "part2.jsonl").string();
    write_file(part1, all.substr(0, cut));
    write_file(part2, all.substr(cut));
    const std::string first_as_of = "2026-09-15T18:00:00+01:00";

    const auto base = dir / "base.db";
    REQUIRE(run_on(base, "init").exit_code == 0);
    REQUIRE(run_on(base, "import --quiet " + shell_quote(part1)).exit_code == 0);
    REQUIRE(run_on(base, "sweep --quiet --as-of " + first_as_of).exit_code <= 1);

    // Every state a reader may see, from the same steps run one after another.
    std::set<std::string> states;
    const auto step = dir / "step.db";
    copy_db(base, step);
    states.insert(overdue_json(step));
    REQUIRE(run_on(step, "import --quiet " + shell_quote(part2)).exit_code == 0);
    states.insert(overdue_json(step));
    REQUIRE(run_on(step, "sweep --quiet --as-of " + as_of).exit_code == 1);
    states.insert(overdue_json(step));
    const Audit final_audit = audit(step);

    const auto db = dir / "live.db";
    copy_db(base, db);
    std::atomic<bool> done{false};
    CliResult import_result, sweep_result;
    std::thread writer([&] {
      import_result = run_on(db, "import --quiet " + shell_quote(part2));
      sweep_result = run_on(db, "sweep --quiet --as-of " + as_of);
      done = true;
    });
    int reads = 0, after = 0;
    std::vector<std::string> problems;
    while (after < 2) {
      if (done) ++after;
      const CliResult o = run_on(db, "overdue --format json --as-of " + as_of);
      const CliResult v = run_on(db, "verify --format json");
      ++reads;
      if (o.exit_code != 0 || o.err.find("locked") != std::string::npos)
        problems.push_back("overdue: exit " + std::to_string(o.exit_code) + ": " + o.err);
      else if (states.count(o.out) == 0)
        problems.push_back("overdue saw a state no sequence of whole writes gives: " + o.out.substr(0, 300));
      if (v.exit_code != 0 || v.err.find("locked") != std::string::npos)
        problems.push_back("verify: exit " + std::to_string(v.exit_code) + ": " + v.err + v.out.substr(0, 300));
    }
    writer.join();
    CHECK_MESSAGE(import_result.exit_code == 0, import_result.err);
    CHECK_MESSAGE(sweep_result.exit_code == 1, sweep_result.err);
    MESSAGE(reads << " overdue and verify reads while the import and the sweep ran");
    CHECK(reads >= 2);
    CHECK_MESSAGE(problems.empty(), (problems.empty() ? std::string() : problems.front()));
    const Audit a = audit(db);
    CHECK(a.intact);
    CHECK(a.events_head == final_audit.events_head);
    CHECK(overdue_json(db) == overdue_json(step));
  }
}

}  // namespace
}  // namespace slaclock
