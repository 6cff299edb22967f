// A CLI that helps: "did you mean" for a misspelt option or command, an
// option with no value, shared options refused where a command does not use
// them, an unknown calendar listing the known ones, import's summary as JSON,
// --quiet for cron, --version and --data-dir.
#include "test_support.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <string>

namespace slaclock {

namespace {

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

const std::string events =
    R"({"event_id":"E1","kind":"contact","entity_id":"C1","type":"received","at":"2026-06-01T09:00:00+01:00","customer":"ACME","customer_class":"shipper"})"
    "\n"
    R"({"event_id":"E2","kind":"contact","entity_id":"C1","type":"acknowledged","at":"2026-06-01T10:00:00+01:00","expected_resolution":"2026-06-05T17:00:00+01:00"})"
    "\n";

struct Fixture {
  TempDir dir;
  std::string db = " --db " + shell_quote(dir / "t.db");
  std::string file = shell_quote(dir / "e.jsonl");
  Fixture() {
    write_file(dir / "e.jsonl", events);
    REQUIRE(run_cli("init" + db).exit_code == 0);
  }
};

}  // namespace

TEST_SUITE("cli_help") {
  TEST_CASE("a misspelt option or command names the nearest known one") {
    const CliResult option = run_cli("sweep --as-off 2026-06-01T00:00:00Z --db /nonexistent/x.db");
    CHECK(option.exit_code == 2);
    CHECK(has(option.err, "unknown option '--as-off' for 'slaclock sweep' (did you mean '--as-of'?)"));

    const CliResult clock = run_cli("overdue --clok resolution");
    CHECK(clock.exit_code == 2);
    CHECK(has(clock.err, "did you mean '--clock'?"));

    const CliResult top = run_cli("--formt json overdue");
    CHECK(top.exit_code == 2);
    CHECK(has(top.err, "did you mean '--format'?"));

    const CliResult nested = run_cli("rules lst");
    CHECK(nested.exit_code == 2);
    CHECK(has(nested.err, "unknown command 'lst' for 'slaclock rules' (did you mean 'list'?)"));

    const CliResult far = run_cli("calendar zzzzzz");
    CHECK(far.exit_code == 2);
    CHECK(has(far.err, "(one of add, between"));

    CHECK(has(run_cli("swep").err, "did you mean 'sweep'?"));
    // The error stays one line.
    CHECK(option.err.find('\n') == option.err.size() - 1);
  }

  TEST_CASE("an option given no value does not swallow the next option") {
    const CliResult r = run_cli("overdue --customer --clock resolution");
    CHECK(r.exit_code == 2);
    CHECK(has(r.err, "option '--customer' needs a value, not the option '--clock'"));
    CHECK(run_cli("overdue --customer ''").exit_code == 2);
  }

  TEST_CASE("a shared option is refused by a command that does not use it") {
    Fixture f;
    const CliResult init = run_cli("init --format json" + f.db);
    CHECK(init.exit_code == 2);
    CHECK(has(init.err, "--format: not used by 'slaclock init'"));
    CHECK(has(run_cli("--utc import " + f.file + f.db).err, "--utc: not used by 'slaclock import'"));
    CHECK(run_cli("rules check --zone Europe/London /dev/null").exit_code == 2);
    // Where the command uses it, before or after the command alike.
    CHECK(run_cli("--format json verify" + f.db).exit_code == 0);
    CHECK(run_cli("verify --format json" + f.db).exit_code == 0);
    // --db is accepted everywhere, so a wrapper can always pass it.
    CHECK(run_cli("calendar add --from 2024-03-28T16:00:00Z --business-hours 4 --format json" + f.db).exit_code == 0);
  }

  TEST_CASE("an unknown calendar in a filter is an error listing the known ones") {
    Fixture f;
    const CliResult r = run_cli("overdue --calendar scotlnd --format json" + f.db);
    CHECK(r.exit_code == 2);
    CHECK(has(r.err, "unknown calendar 'scotlnd'"));
    CHECK(has(r.err, "scotland"));
    CHECK(has(r.err, "england-and-wales"));
    const CliResult clock = run_cli("overdue --clock acknowledgement --format json" + f.db);
    CHECK(clock.exit_code == 2);
    CHECK(has(clock.err, "acknowledge"));
    const CliResult status = run_cli("overdue --status late --format json" + f.db);
    CHECK(status.exit_code == 2);
    CHECK(has(status.err, "pending, at_risk, breached"));
  }

  TEST_CASE("import prints its summary as JSON or CSV with --format, and the refusal too") {
    Fixture f;
    const CliResult r = run_cli("import " + f.file + " --format json" + f.db);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto j = nlohmann::json::parse(r.out);
    CHECK(j["stored"] == true);
    CHECK(j["read"] == 2);
    CHECK(j["imported"] == 2);
    CHECK(j["duplicates"] == 0);
    CHECK(j["rejected"] == 0);
    CHECK(j["quarantine"].is_null());
    CHECK(j["problems"].empty());

    const CliResult csv = run_cli("import " + f.file + " --format csv" + f.db);
    CHECK(has(csv.out, "stored,read,imported,duplicates,rejected,quarantine"));
    CHECK(has(csv.out, "true,2,0,2,0,"));
    // Without --format it is the line of text, even when piped.
    CHECK(has(run_cli("import " + f.file + f.db).out, "read 2, imported 0, duplicates 2, rejected 0"));

    write_file(f.dir / "bad.jsonl", R"({"event_id":"B1","kind":"contact"})"
                                    "\n");
    const CliResult bad = run_cli("import " + shell_quote(f.dir / "bad.jsonl") + " --format json" + f.db);
    CHECK(bad.exit_code == 2);
    const auto b = nlohmann::json::parse(bad.out);
    CHECK(b["stored"] == false);
    CHECK(b["rejected"] == 1);
    REQUIRE(b["problems"].size() == 1);
    CHECK(b["problems"][0]["line"] == 1);
    CHECK(b["problems"][0]["field"] == "entity_id");
    CHECK(has(bad.err, "bad.jsonl:1"));
  }

  TEST_CASE("--quiet: nothing on standard output, the exit status unchanged") {
    Fixture f;
    const CliResult imported = run_cli("import " + f.file + " --quiet --recorded-at 2026-06-01T12:00:00Z" + f.db);
    CHECK(imported.exit_code == 0);
    CHECK(imported.out.empty());
    // Never resolved: acknowledged, but initial_response and resolution are breached by July.
    const CliResult swept = run_cli("sweep --as-of 2026-07-01T00:00:00Z -q" + f.db);
    CHECK(swept.exit_code == 1);
    CHECK(swept.out.empty());
    CHECK(swept.err.empty());
    CHECK(run_cli("init --quiet" + f.db).exit_code == 2);  // only where it means something
  }

  TEST_CASE("--version names the version, git revision, SQLite, tzdata and the data folder") {
    const CliResult r = run_cli("--version");
    CHECK(r.exit_code == 0);
    CHECK(r.out.rfind("slaclock ", 0) == 0);
    CHECK(has(r.out, "git revision "));
    CHECK(has(r.out, "SQLite 3."));
    CHECK(has(r.out, ", tzdata "));
    CHECK(has(r.out, "data folder "));
  }

  TEST_CASE("--data-dir chooses the data folder, and must hold one") {
    TempDir data;
    std::filesystem::create_directories(data / "calendars");
    std::filesystem::copy_file(std::string(SLACLOCK_SOURCE_DIR) + "/calendars/scotland.yaml",
                               data / "calendars" / "scotland.yaml");
    const CliResult v = run_cli("--data-dir " + shell_quote(data.path) + " --version");
    CHECK(has(v.out, "data folder " + data.path.string() + " (--data-dir)"));
    // Only scotland is there now.
    const CliResult e = run_cli("calendar holidays --year 2026 --data-dir " + shell_quote(data.path));
    CHECK(e.exit_code == 2);
    CHECK(has(e.err, "unknown calendar 'england-and-wales'"));
    CHECK(run_cli("calendar holidays --year 2026 --calendar scotland --data-dir " + shell_quote(data.path)).exit_code ==
          0);
    const CliResult none = run_cli("--data-dir /nonexistent --version");
    CHECK(none.exit_code == 2);
    CHECK(has(none.err, "not a slaclock data folder"));
  }
}

}  // namespace slaclock
