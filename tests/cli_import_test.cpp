// slaclock init | import | verify through the real binary.
#include "test_support.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

namespace slaclock {

namespace {

const std::string sample = std::string(SLACLOCK_SOURCE_DIR) + "/samples/sample-events.jsonl";

const std::string two_events =
    R"({"event_id":"E1","kind":"contact","entity_id":"C1","type":"received","at":"2026-06-01T09:00:00+01:00","customer":"ACME","customer_class":"shipper"})"
    "\n"
    R"({"event_id":"E2","kind":"contact","entity_id":"C1","type":"resolved","at":"2026-06-02T09:00:00+01:00"})"
    "\n";

std::size_t count_lines(const std::string& s) {
  return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n'));
}

}  // namespace

TEST_SUITE("cli_import") {
  TEST_CASE("init, import the bundled sample, re-import, verify") {
    TempDir dir;
    const std::string db = " --db " + shell_quote(dir / "t.db");
    const CliResult init = run_cli("init" + db);
    CHECK(init.exit_code == 0);
    CHECK(init.out.find("created") != std::string::npos);
    CHECK(run_cli("init" + db).exit_code == 0);  // idempotent

    const CliResult first = run_cli("import " + shell_quote(sample) + db);
    INFO(first.err);
    REQUIRE(first.exit_code == 0);
    CHECK(first.out.find("rejected 0") != std::string::npos);
    CHECK(first.out.find("imported 0") == std::string::npos);

    const CliResult again = run_cli("import " + shell_quote(sample) + db);
    CHECK(again.exit_code == 0);
    CHECK(again.out.find("imported 0,") != std::string::npos);

    const CliResult ok = run_cli("verify" + db);
    CHECK(ok.exit_code == 0);
    CHECK(ok.out.find("intact") != std::string::npos);
  }

  TEST_CASE("a file with bad lines: exit 2, every bad line on stderr, nothing stored") {
    TempDir dir;
    const std::string db = " --db " + shell_quote(dir / "t.db");
    REQUIRE(run_cli("init" + db).exit_code == 0);
    write_file(dir / "good.jsonl", two_events);
    REQUIRE(run_cli("import " + shell_quote(dir / "good.jsonl") + db).exit_code == 0);

    write_file(
        dir / "bad.jsonl",
        R"({"event_id":"E3","kind":"contact","entity_id":"C2","type":"received","at":"2026-06-03T09:00:00","customer":"X","customer_class":"dn"})"
        "\n"
        R"({"event_id":"E4","kind":"contact","entity_id":"C1","type":"closed","at":"2026-06-03T09:00:00Z"})"
        "\n"
        R"({"event_id":"E5","kind":"contact","entity_id":"C1","type":"feedback","at":"2026-06-03T10:00:00Z","rating":"great"})"
        "\n");
    const CliResult r = run_cli("import " + shell_quote(dir / "bad.jsonl") + db);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("bad.jsonl:1: field 'at'") != std::string::npos);
    CHECK(r.err.find("bad.jsonl:3: field 'rating'") != std::string::npos);
    CHECK(r.err.find("nothing stored") != std::string::npos);
    CHECK(r.out.empty());

    // Only the two good events are there: re-importing them finds two duplicates.
    const CliResult again = run_cli("import " + shell_quote(dir / "good.jsonl") + db);
    CHECK(again.out.find("duplicates 2") != std::string::npos);
    CHECK(run_cli("verify --format table" + db).out.find("intact: 2 events") != std::string::npos);
  }

  TEST_CASE("--quarantine, CSV and --recorded-at") {
    TempDir dir;
    const std::string db = " --db " + shell_quote(dir / "t.db");
    REQUIRE(run_cli("init" + db).exit_code == 0);
    write_file(dir / "mixed.csv",
               "\xEF\xBB\xBF"
               "event_id,kind,entity_id,type,at,customer,customer_class\r\n"
               "E1,contact,C1,received,2026-06-01T09:00:00Z,\"Smith, Jones\",shipper\r\n"
               "E2,contact,C9,resolved,2026-06-01T10:00:00Z,,\r\n"
               "E3,contact,C1,resolved,2026-06-01T11:00:00Z,,\r\n");
    const auto rejects = dir / "rejects.jsonl";
    const CliResult r = run_cli("import " + shell_quote(dir / "mixed.csv") + db + " --quarantine " +
                                shell_quote(rejects) + " --recorded-at 2026-06-02T00:00:00Z");
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("read 3, imported 2, duplicates 0, rejected 1") != std::string::npos);
    const std::string reject_text = read_file(rejects);
    CHECK(count_lines(reject_text) == 1);
    CHECK(reject_text.find("\"_line\":3") != std::string::npos);
    CHECK(reject_text.find("\"_error\"") != std::string::npos);

    CHECK(run_cli("import " + shell_quote(dir / "mixed.csv") + db + " --recorded-at yesterday").exit_code == 2);
    CHECK(run_cli("import " + shell_quote(dir / "mixed.csv") + db + " --input-format xml").exit_code == 2);
  }

  TEST_CASE("verify exits 1 after a row is edited with plain SQL") {
    TempDir dir;
    const auto path = dir / "t.db";
    const std::string db = " --db " + shell_quote(path);
    REQUIRE(run_cli("init" + db).exit_code == 0);
    write_file(dir / "good.jsonl", two_events);
    REQUIRE(run_cli("import " + shell_quote(dir / "good.jsonl") + db).exit_code == 0);
    REQUIRE(std::system(
                ("sqlite3 " + shell_quote(path) + " \"UPDATE events SET at = at + 60 WHERE seq = 2\"").c_str()) == 0);
    const CliResult r = run_cli("verify" + db);
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("seq 2") != std::string::npos);
    CHECK(r.err.find("E2") != std::string::npos);
  }

  TEST_CASE("slaclock-generate writes valid, reproducible events in both formats") {
    const std::filesystem::path generator = std::filesystem::path(SLACLOCK_BUILD_DIR) / "tools" / "slaclock-generate";
    if (!std::filesystem::exists(generator)) {
      MESSAGE("slaclock-generate not built; skipped");
      return;
    }
    TempDir dir;
    auto generate = [&](const std::string& out) {
      return std::system((shell_quote(generator) + " --seed 9 --contacts 400 --from 2026-01-01 --months 7 --out " +
                          shell_quote(dir / out) + " 2>/dev/null")
                             .c_str());
    };
    REQUIRE(generate("a.jsonl") == 0);
    REQUIRE(generate("b.jsonl") == 0);
    REQUIRE(generate("c.csv") == 0);
    CHECK(read_file(dir / "a.jsonl") == read_file(dir / "b.jsonl"));
    const std::string jsonl_db = " --db " + shell_quote(dir / "j.db"), csv_db = " --db " + shell_quote(dir / "c.db");
    REQUIRE(run_cli("init" + jsonl_db).exit_code == 0);
    REQUIRE(run_cli("init" + csv_db).exit_code == 0);
    const CliResult j = run_cli("import " + shell_quote(dir / "a.jsonl") + jsonl_db);
    const CliResult c = run_cli("import " + shell_quote(dir / "c.csv") + csv_db);
    INFO(j.err, c.err);
    CHECK(j.exit_code == 0);
    CHECK(c.exit_code == 0);
    CHECK(j.out.find("rejected 0") != std::string::npos);
    CHECK(j.out == c.out);
    CHECK(run_cli("verify" + jsonl_db).out == run_cli("verify" + csv_db).out);  // same events, same chain
  }

  TEST_CASE("import into a missing database says how to create one") {
    TempDir dir;
    write_file(dir / "good.jsonl", two_events);
    const CliResult r = run_cli("import " + shell_quote(dir / "good.jsonl") + " --db " + shell_quote(dir / "none.db"));
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("slaclock init") != std::string::npos);
  }
}

}  // namespace slaclock
