// sweep, overdue, replay and rules through the real binary on a real SQLite
// file: what operations, the service desk and auditors actually run.
#include "cli_database.h"
#include "cli_json.h"
#include "test_support.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace slaclock {
namespace {

// A scratch folder with one database; run() adds --db to every command.
struct Workspace : CliDatabase {
  Workspace() : CliDatabase("ops.db") {}
};

const std::string rules_dir = std::string(SLACLOCK_SOURCE_DIR) + "/config/rules/";

// Received Thu 2024-03-28 16:00Z: acknowledge due Tue 2024-04-02 12:00 BST.
// C-2 is acknowledged in time; C-1 is never acknowledged.
const char* contacts =
    R"({"event_id":"E1","kind":"contact","entity_id":"C-1","type":"received","at":"2024-03-28T16:00:00Z","recorded_at":"2024-03-28T16:05:00Z","customer":"Acme Gas","customer_class":"shipper"}
{"event_id":"E2","kind":"contact","entity_id":"C-2","type":"received","at":"2024-03-28T16:00:00Z","recorded_at":"2024-03-28T16:05:00Z","customer":"Borealis","customer_class":"dn"}
{"event_id":"E3","kind":"contact","entity_id":"C-2","type":"acknowledged","at":"2024-04-02T10:00:00+01:00","recorded_at":"2024-04-02T10:01:00+01:00","expected_resolution":"2024-04-05T17:00:00+01:00"}
)";

void prepare(const Workspace& w, const std::string& events) {
  REQUIRE(w.run("init").exit_code == 0);
  const auto load = w.run("rules load '" + rules_dir + "dsc-kvi-2018.yaml' '" + rules_dir + "dsc-kvi-2020.yaml'");
  REQUIRE_MESSAGE(load.exit_code == 0, load.err);
  const auto imp = w.run("import '" + w.file("events.jsonl", events) + "'");
  REQUIRE_MESSAGE(imp.exit_code == 0, imp.err);
}

TEST_SUITE("cli operations") {
  TEST_CASE("sweep stores results, reports breaches in its exit status and is idempotent") {
    Workspace w;
    prepare(w, contacts);

    SUBCASE("before anything is due: exit 0") {
      const auto r = w.run("sweep --as-of 2024-03-28T16:30:00Z --format json");
      CHECK_MESSAGE(r.exit_code == 0, r.err);
    }
    SUBCASE("after the acknowledgement is due: exit 1 and the breached clock is listed") {
      const auto r = w.run("sweep --as-of 2024-04-02T12:00:01+01:00 --format json");
      CHECK(r.exit_code == 1);
      const auto clocks = json_of(r);
      const auto ack = clock_of(clocks, "C-1", "acknowledge");
      REQUIRE(ack.is_object());
      CHECK(ack["status"] == "breached");
      CHECK(ack["due_at"] == "2024-04-02T12:00:00+01:00");
      CHECK(ack["stopped_at"].is_null());
      CHECK(ack["rule_version"] == "dsc-kvi-2020");             // in force since 2020-04-01
      CHECK(clock_of(clocks, "C-2", "acknowledge").is_null());  // met: needs no attention

      const auto again = w.run("sweep --as-of 2024-04-02T12:00:01+01:00 --format table");
      CHECK(again.exit_code == 1);
      CHECK(again.out.find("repeated") != std::string::npos);
      CHECK(again.out.find("new notices: 0") != std::string::npos);
    }
  }

  TEST_CASE("overdue: read-only desk view, soonest due first, with filters") {
    Workspace w;
    prepare(w, contacts);
    REQUIRE(w.run("sweep --as-of 2024-04-02T13:00:00+01:00").exit_code == 1);

    const auto all = json_of(w.run("overdue --as-of 2024-04-02T13:00:00+01:00 --format json"));
    REQUIRE(all.size() == 1);
    CHECK(all[0]["entity_id"] == "C-1");
    CHECK(all[0]["clock"] == "acknowledge");
    CHECK(all[0]["status"] == "breached");

    // Initial response (4 business days) is due Fri 2024-04-05 17:00 BST.
    const auto soon = json_of(w.run("overdue --as-of 2024-04-02T13:00:00+01:00 --due-within 4d --format json"));
    REQUIRE(soon.size() >= 3);
    CHECK(soon[0]["clock"] == "acknowledge");
    CHECK(soon[1]["due_at"] == "2024-04-05T17:00:00+01:00");
    for (std::size_t i = 1; i < soon.size(); ++i) CHECK(soon[i - 1]["due_at"] <= soon[i]["due_at"]);

    const auto acme = json_of(w.run("overdue --as-of 2024-04-10T09:00:00+01:00 --customer 'Borealis' --format json"));
    for (const auto& c : acme) CHECK(c["customer"] == "Borealis");
    const auto only = json_of(w.run("overdue --as-of 2024-04-10T09:00:00+01:00 --clock resolution --format json"));
    for (const auto& c : only) CHECK(c["clock"] == "resolution");

    const auto csv = w.run("overdue --as-of 2024-04-02T13:00:00+01:00 --format csv");
    CHECK(csv.out.rfind("entity_id,kind,clock,status,started_at,due_at,stopped_at,rule_version,band", 0) == 0);

    const auto bad = w.run("overdue --due-within soon");
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("--due-within") != std::string::npos);
  }

  TEST_CASE("replay --as-known reproduces the stored sweep after a late correction") {
    Workspace w;
    prepare(w, contacts);
    REQUIRE(w.run("sweep --as-of 2024-04-02T13:00:00+01:00").exit_code == 1);
    // A late correction: C-1 had in fact been acknowledged in time, but
    // slaclock only learned of it the next day.
    const auto late = w.file(
        "late.jsonl",
        R"({"event_id":"E9","kind":"contact","entity_id":"C-1","type":"acknowledged","at":"2024-04-02T11:00:00+01:00","recorded_at":"2024-04-03T09:00:00+01:00","expected_resolution":"2024-04-08T17:00:00+01:00"})"
        "\n");
    REQUIRE(w.run("import '" + late + "'").exit_code == 0);

    const auto stale = w.run("overdue --as-of 2024-04-02T13:00:00+01:00 --format json");
    CHECK(stale.exit_code == 0);
    CHECK(stale.err.find("1 event imported since the last sweep") != std::string::npos);

    const auto known = w.run("replay C-1 --as-of 2024-04-02T13:00:00+01:00 --as-known --format json");
    REQUIRE_MESSAGE(known.exit_code == 0, known.err);
    CHECK(clock_of(json_of(known), "C-1", "acknowledge")["status"] == "breached");
    const auto table = w.run("replay C-1 --as-of 2024-04-02T13:00:00+01:00 --as-known --format table");
    CHECK(table.out.find("matches the results stored by the sweep") != std::string::npos);
    CHECK(table.out.find("rules: dsc-kvi-2020") != std::string::npos);

    const auto hindsight = json_of(w.run("replay C-1 --as-of 2024-04-02T13:00:00+01:00 --format json"));
    const auto ack = clock_of(hindsight, "C-1", "acknowledge");
    CHECK(ack["status"] == "met");
    CHECK(ack["stopped_at"] == "2024-04-02T11:00:00+01:00");

    const auto unknown = w.run("replay NOPE --as-of 2024-04-02T13:00:00+01:00");
    CHECK(unknown.exit_code == 2);
    CHECK(unknown.err.find("NOPE") != std::string::npos);
  }

  TEST_CASE("rules: check, load, list, and an entity is judged by the version in force at its start") {
    Workspace w;
    REQUIRE(w.run("init").exit_code == 0);
    CHECK(w.run("rules check '" + rules_dir + "dsc-kvi-2020.yaml'").exit_code == 0);
    const auto bad =
        w.file("bad.yaml", "version: x\neffective_from: 2021-01-01\nbreach:\n  notification: {hourz: 4}\n");
    const auto r = w.run("rules check '" + bad + "'");
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("bad.yaml:4") != std::string::npos);
    CHECK(r.err.find("hourz") != std::string::npos);

    REQUIRE(w.run("rules load '" + rules_dir + "dsc-kvi-2018.yaml' '" + rules_dir + "dsc-kvi-2020.yaml'").exit_code ==
            0);
    CHECK(w.run("rules load '" + rules_dir + "dsc-kvi-2018.yaml'").out.find("already loaded") != std::string::npos);
    const auto changed =
        w.file("changed.yaml", "version: dsc-kvi-2018\neffective_from: 2018-04-01\nat_risk_share: 0.5\n");
    CHECK(w.run("rules load '" + changed + "'").exit_code == 2);
    const auto list = json_of(w.run("rules list --format json"));
    REQUIRE(list.size() == 2);
    CHECK(list[0]["version"] == "dsc-kvi-2018");
    CHECK(list[1]["effective_from"] == "2020-04-01");

    // A medium breach either side of 2020-04-01.
    const auto events = w.file(
        "b.jsonl",
        R"({"event_id":"B1","kind":"breach","entity_id":"BR-1","type":"identified","at":"2020-03-31T10:00:00+01:00","recorded_at":"2020-03-31T10:00:00+01:00","severity":"medium"}
{"event_id":"B2","kind":"breach","entity_id":"BR-2","type":"identified","at":"2020-04-01T10:00:00+01:00","recorded_at":"2020-04-01T10:00:00+01:00","severity":"medium"}
)");
    REQUIRE(w.run("import '" + events + "'").exit_code == 0);
    const auto before = json_of(w.run("replay BR-1 --as-of 2020-04-01T12:00:00+01:00 --format json"));
    CHECK(clock_of(before, "BR-1", "breach_notification")["rule_version"] == "dsc-kvi-2018");
    CHECK(clock_of(before, "BR-1", "breach_notification")["status"] == "breached");
    const auto after = json_of(w.run("replay BR-2 --as-of 2020-04-01T12:00:00+01:00 --format json"));
    CHECK(clock_of(after, "BR-2", "breach_notification")["rule_version"] == "dsc-kvi-2020");
    CHECK(clock_of(after, "BR-2", "breach_notification")["status"] == "not_applicable");
  }

  TEST_CASE("an incremental sweep judges only open and changed entities") {
    Workspace w;
    std::string events;
    // Twelve contacts acknowledged and resolved on the day (settled), one still open.
    for (int i = 1; i <= 12; ++i) {
      const std::string id = "S-" + std::to_string(i), e = "SE" + std::to_string(i);
      events +=
          R"({"event_id":")" + e + R"(a","kind":"contact","entity_id":")" + id +
          R"(","type":"received","at":"2024-03-25T09:00:00Z","recorded_at":"2024-03-25T09:00:00Z","customer":"Acme Gas","customer_class":"shipper"})"
          "\n";
      events +=
          R"({"event_id":")" + e + R"(b","kind":"contact","entity_id":")" + id +
          R"(","type":"acknowledged","at":"2024-03-25T10:00:00Z","recorded_at":"2024-03-25T10:00:00Z","expected_resolution":"2024-03-26T17:00:00Z"})"
          "\n";
      events += R"({"event_id":")" + e + R"(c","kind":"contact","entity_id":")" + id +
                R"(","type":"resolved","at":"2024-03-25T11:00:00Z","recorded_at":"2024-03-25T11:00:00Z"})"
                "\n";
    }
    events += contacts;
    prepare(w, events);
    const auto first = w.run("sweep --as-of 2024-04-02T13:00:00+01:00 --format table");
    CHECK(first.out.find("entities: 14 evaluated, 0 settled") != std::string::npos);
    const auto second = w.run("sweep --as-of 2024-04-03T13:00:00+01:00 --format table");
    CHECK_MESSAGE(second.out.find("entities: 2 evaluated, 12 settled") != std::string::npos, second.out);
    // A new event on a settled contact brings it back into the sweep.
    const auto reopen = w.file(
        "reopen.jsonl",
        R"({"event_id":"SE1d","kind":"contact","entity_id":"S-1","type":"reopened","at":"2024-04-03T14:00:00+01:00","recorded_at":"2024-04-03T14:00:00+01:00"})"
        "\n");
    REQUIRE(w.run("import '" + reopen + "'").exit_code == 0);
    const auto third = w.run("sweep --as-of 2024-04-04T13:00:00+01:00 --format table");
    CHECK_MESSAGE(third.out.find("entities: 3 evaluated, 11 settled") != std::string::npos, third.out);
    const auto state = json_of(w.run("replay S-1 --as-of 2024-04-04T13:00:00+01:00 --format json"));
    // Reopened after its original due (Tue 2024-04-02 17:00): the clock runs again, past due.
    CHECK(clock_of(state, "S-1", "initial_response")["status"] == "breached");
  }

  TEST_CASE("sweep on one thread (SLACLOCK_TEST_SWEEP_THREADS=1) prints, exits and seals as on two") {
    // The bundled sample (486 entities), two sweeps each.
    const std::string sample = read_file(std::string(SLACLOCK_SOURCE_DIR) + "/samples/sample-events.jsonl");
    Workspace one, two;
    prepare(one, sample);
    prepare(two, sample);
    for (const char* as_of : {"2026-09-15T18:00:00+01:00", "2026-10-15T18:00:00+01:00"}) {
      CAPTURE(as_of);
      const std::string sweep = std::string("sweep --format json --as-of ") + as_of;
      ::setenv("SLACLOCK_TEST_SWEEP_THREADS", "1", 1);
      const CliResult a = one.run(sweep);
      ::unsetenv("SLACLOCK_TEST_SWEEP_THREADS");
      const CliResult b = two.run(sweep);
      CHECK_MESSAGE(a.exit_code <= 1, a.err);
      CHECK(a.exit_code == b.exit_code);
      CHECK(a.out == b.out);
      CHECK(a.err == b.err);
    }
    const CliResult va = one.run("verify --format json"), vb = two.run("verify --format json");
    CHECK(va.exit_code == 0);
    CHECK(vb.exit_code == 0);
    CHECK(va.out == vb.out);  // the same chain heads: every sealed row the same
  }

  TEST_CASE("sweep without rules says how to load them") {
    Workspace w;
    REQUIRE(w.run("init").exit_code == 0);
    // A database whose rules are gone (as one made before init loaded the
    // shipped versions): the sweep says how to load them.
    REQUIRE(std::system(("sqlite3 '" + w.db + "' 'DELETE FROM rule_versions'").c_str()) == 0);
    const auto r = w.run("sweep --as-of 2024-01-01T00:00:00Z");
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("rules load") != std::string::npos);
  }
}

}  // namespace
}  // namespace slaclock
