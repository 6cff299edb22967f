// slaclock init | import | verify through the real binary.
#include "test_support.h"

#include <slaclock/store/event_store.h>
#include <slaclock/time/timestamp.h>

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

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// An entity's stored events, read through the library from the file the CLI wrote.
std::vector<Event> stored_events(const std::filesystem::path& db, const std::string& entity) {
  const EventStore store = EventStore::open(db.string(), OpenMode::read_only);
  const auto t = store.timeline(entity);
  return t ? t->events : std::vector<Event>{};
}

std::string stored_at(const std::filesystem::path& db, const std::string& entity) {
  const auto events = stored_events(db, entity);
  return events.empty() ? "(none)" : format_utc(events.front().at);
}

// The UK's DST days of 2024 at the edges: 00:59:59, 01:00, 01:30 and 02:00
// local on 31 March (01:00-02:00 does not exist) and 27 October (01:00-02:00
// happens twice), as a ticket tool exports them, without an offset.
const std::string dst_days_csv =
    "event_id,kind,entity_id,type,at,customer,customer_class\n"
    "S1,contact,S-005959,received,2024-03-31T00:59:59,ACME,shipper\n"       // line 2
    "S2,contact,S-0100,received,2024-03-31T01:00:00,ACME,shipper\n"         // 3: gap
    "S3,contact,S-0130,received,2024-03-31T01:30,ACME,shipper\n"            // 4: gap
    "S4,contact,S-0200,received,2024-03-31T02:00:00,ACME,shipper\n"         // 5
    "A1,contact,A-005959,received,2024-10-27T00:59:59,ACME,shipper\n"       // 6
    "A2,contact,A-0100,received,2024-10-27T01:00:00,ACME,shipper\n"         // 7: repeated
    "A3,contact,A-0130,received,2024-10-27T01:30:00,ACME,shipper\n"         // 8: repeated
    "A4,contact,A-0200,received,2024-10-27T02:00:00,ACME,shipper\n"         // 9
    "X1,contact,X-0130,received,2024-10-27T01:30:00+01:00,ACME,shipper\n";  // 10: an offset is taken as given

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

  TEST_CASE("csv as exported: line breaks and doubled quotes in free-text fields import and print safely") {
    TempDir dir;
    const auto path = dir / "t.db";
    const std::string db = " --db " + shell_quote(path);
    REQUIRE(run_cli("init" + db).exit_code == 0);
    write_file(dir / "desk.csv",
               "event_id,kind,entity_id,type,at,customer,customer_class,reason,impact_score,title,plan\r\n"
               "E1,contact,C1,received,2026-06-01T09:00:00Z,\"Smith, Jones\",shipper,,,,\r\n"
               "E2,contact,C1,on_hold,2026-06-01T10:00:00Z,,,\"Waiting for the \"\"read\"\"\r\nof the meter\",,,\r\n"
               "E3,issue,I1,raised,2026-06-01T11:00:00Z,,,,18,\"AQ defect\nin two lines\",\r\n"
               "E4,issue,I1,plan_provided,2026-06-02T11:00:00Z,,,,,,\"fix in December\n\nthen check\"\r\n");
    const CliResult r = run_cli("import " + shell_quote(dir / "desk.csv") + db);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(contains(r.out, "read 4, imported 4"));
    const auto c1 = stored_events(path, "C1");
    REQUIRE(c1.size() == 2);
    CHECK(c1[1].field("reason") == "Waiting for the \"read\"\r\nof the meter");
    CHECK(stored_events(path, "I1")[0].field("title") == "AQ defect\nin two lines");
    CHECK(stored_events(path, "I1")[1].field("plan") == "fix in December\n\nthen check");

    // A table shows the line breaks escaped, on one row; JSON escapes them.
    const CliResult table = run_cli("replay C1 --as-of 2026-06-03T00:00:00Z --format table" + db);
    REQUIRE(table.exit_code == 0);
    CHECK(contains(table.out, "reason=Waiting for the \"read\"\\x0d\\x0aof the meter"));
    CHECK(!contains(table.out, "\r"));
    CHECK(run_cli("verify" + db).exit_code == 0);
  }

  TEST_CASE(
      "csv as exported: a line break outside a free-text field names the field and the line the record starts on") {
    TempDir dir;
    const std::string db = " --db " + shell_quote(dir / "t.db");
    REQUIRE(run_cli("init" + db).exit_code == 0);
    write_file(dir / "bad.csv",
               "event_id,kind,entity_id,type,at,customer,customer_class\n"
               "E1,contact,C1,received,2026-06-01T09:00:00Z,\"Two\nLines Ltd\",shipper\n"
               "E2,contact,\"C\n2\",received,2026-06-01T09:00:00Z,ACME,shipper\n"
               "E3,contact,C3,received,2026-06-01T09:00:00Z,\"never closed,shipper\n"
               "E4,contact,C4,received,2026-06-01T09:00:00Z,ACME,shipper\n");
    const CliResult r = run_cli("import " + shell_quote(dir / "bad.csv") + db);
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "bad.csv:2: field 'customer': contains a line break (only the free-text fields"));
    CHECK(contains(r.err, "bad.csv:4: field 'entity_id': contains a line break"));
    CHECK(contains(r.err, "bad.csv:6: unterminated quoted field starting at line 6"));
    CHECK(!contains(r.err, "bad.csv:7:"));  // line 7 is read again, on its own, and is good
    CHECK(contains(r.err, "3 bad lines of 4 read"));
  }

  TEST_CASE("csv as exported: a reject with line breaks round-trips through the quarantine file") {
    TempDir dir;
    const auto path = dir / "t.db";
    const std::string db = " --db " + shell_quote(path);
    REQUIRE(run_cli("init" + db).exit_code == 0);
    // The hold names a contact not yet imported: rejected to the quarantine.
    write_file(dir / "holds.csv",
               "event_id,kind,entity_id,type,at,reason\r\n"
               "H1,contact,C9,on_hold,2026-06-02T10:00:00Z,\"awaiting\r\nthe customer\"\r\n"
               "H2,contact,C9,on_hold,2026-06-02T11:00:00Z,\"open\r\n");
    const auto rejects = dir / "rejects.jsonl";
    const CliResult q =
        run_cli("import " + shell_quote(dir / "holds.csv") + db + " --quarantine " + shell_quote(rejects));
    INFO(q.err);
    REQUIRE(q.exit_code == 0);
    CHECK(contains(q.out, "read 2, imported 0, duplicates 0, rejected 2"));
    const std::string reject_text = read_file(rejects);
    CHECK(count_lines(reject_text) == 2);  // one line each, the line breaks escaped
    CHECK(contains(reject_text, R"("reason":"awaiting\r\nthe customer")"));
    CHECK(contains(reject_text, R"("_raw":"H2,contact,C9,on_hold,2026-06-02T11:00:00Z,\"open")"));

    // Once the contact is there, the reject file imports as it is (less the unparsable line).
    write_file(
        dir / "c9.jsonl",
        R"({"event_id":"R9","kind":"contact","entity_id":"C9","type":"received","at":"2026-06-02T09:00:00Z","customer":"ACME","customer_class":"shipper"})"
        "\n");
    REQUIRE(run_cli("import " + shell_quote(dir / "c9.jsonl") + db).exit_code == 0);
    write_file(dir / "fixed.jsonl", reject_text.substr(0, reject_text.find('\n') + 1));
    const CliResult again = run_cli("import " + shell_quote(dir / "fixed.jsonl") + db);
    INFO(again.err);
    CHECK(again.exit_code == 0);
    CHECK(contains(again.out, "imported 1"));
    const auto c9 = stored_events(path, "C9");
    REQUIRE(c9.size() == 2);
    CHECK(c9[1].field("reason") == "awaiting\r\nthe customer");
  }

  TEST_CASE("csv as exported: an empty CSV file or a BOM alone imports nothing, like an empty JSON Lines file") {
    TempDir dir;
    const std::string db = " --db " + shell_quote(dir / "t.db");
    REQUIRE(run_cli("init" + db).exit_code == 0);
    write_file(dir / "empty.csv", "");
    write_file(dir / "bom.csv", "\xEF\xBB\xBF");
    write_file(dir / "bom-crlf.csv", "\xEF\xBB\xBF\r\n");  // a BOM and a blank line, as some tools save "nothing"
    write_file(dir / "empty.jsonl", "");
    write_file(dir / "bom.jsonl", "\xEF\xBB\xBF");
    for (const char* name : {"empty.csv", "bom.csv", "bom-crlf.csv", "empty.jsonl", "bom.jsonl"}) {
      const CliResult r = run_cli("import " + shell_quote(dir / name) + db);
      INFO(name, r.err);
      CHECK(r.exit_code == 0);
      CHECK(contains(r.out, "read 0, imported 0"));
    }
  }

  TEST_CASE("import --zone: local times on the UK DST days of 2024 are refused in the gap and the repeated hour") {
    TempDir dir;
    const auto path = dir / "t.db";
    const std::string db = " --db " + shell_quote(path);
    REQUIRE(run_cli("init" + db).exit_code == 0);
    write_file(dir / "dst.csv", dst_days_csv);
    const CliResult r = run_cli("import " + shell_quote(dir / "dst.csv") + " --zone Europe/London" + db);
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "dst.csv:3: field 'at': local time '2024-03-31T01:00:00' does not exist in Europe/London"));
    CHECK(contains(r.err, "dst.csv:4: field 'at': local time '2024-03-31T01:30' does not exist in Europe/London"));
    CHECK(contains(r.err, "(or import with --gap shift-forward)"));
    CHECK(contains(r.err, "dst.csv:7: field 'at': local time '2024-10-27T01:00:00' happens twice in Europe/London"));
    CHECK(contains(r.err, "dst.csv:8: field 'at': local time '2024-10-27T01:30:00' happens twice"));
    CHECK(contains(r.err, "(or import with --ambiguous earlier|later)"));
    CHECK(contains(r.err, "4 bad lines of 9 read"));
    // Without --zone every one of them lacks an offset.
    const CliResult none = run_cli("import " + shell_quote(dir / "dst.csv") + db);
    CHECK(none.exit_code == 2);
    CHECK(contains(none.err, "8 bad lines of 9 read"));
    CHECK(contains(none.err, "dst.csv:2: field 'at': '2024-03-31T00:59:59' is not an ISO 8601 timestamp"));
  }

  TEST_CASE("import --zone: --ambiguous earlier or later and --gap shift-forward settle the DST edges of 2024") {
    struct Case {
      std::string options;
      std::vector<std::pair<std::string, std::string>> at;  // entity, stored at (UTC); "(none)": rejected
    };
    // The times every option reads the same.
    const std::vector<std::pair<std::string, std::string>> plain = {{"S-005959", "2024-03-31T00:59:59Z"},
                                                                    {"S-0200", "2024-03-31T01:00:00Z"},
                                                                    {"A-005959", "2024-10-26T23:59:59Z"},
                                                                    {"A-0200", "2024-10-27T02:00:00Z"},
                                                                    {"X-0130", "2024-10-27T00:30:00Z"}};
    const std::vector<Case> cases = {
        {"", {{"S-0100", "(none)"}, {"S-0130", "(none)"}, {"A-0100", "(none)"}, {"A-0130", "(none)"}}},
        {" --ambiguous reject --gap reject",
         {{"S-0100", "(none)"}, {"S-0130", "(none)"}, {"A-0100", "(none)"}, {"A-0130", "(none)"}}},
        {" --ambiguous earlier",
         {{"S-0100", "(none)"},
          {"S-0130", "(none)"},
          {"A-0100", "2024-10-27T00:00:00Z"},
          {"A-0130", "2024-10-27T00:30:00Z"}}},
        {" --ambiguous later",
         {{"S-0100", "(none)"},
          {"S-0130", "(none)"},
          {"A-0100", "2024-10-27T01:00:00Z"},
          {"A-0130", "2024-10-27T01:30:00Z"}}},
        {" --gap shift-forward",
         {{"S-0100", "2024-03-31T01:00:00Z"},
          {"S-0130", "2024-03-31T01:30:00Z"},
          {"A-0100", "(none)"},
          {"A-0130", "(none)"}}},
        {" --gap shift-forward --ambiguous later",
         {{"S-0100", "2024-03-31T01:00:00Z"},
          {"S-0130", "2024-03-31T01:30:00Z"},
          {"A-0100", "2024-10-27T01:00:00Z"},
          {"A-0130", "2024-10-27T01:30:00Z"}}},
    };
    for (const Case& c : cases) {
      TempDir dir;
      const auto path = dir / "t.db";
      const std::string db = " --db " + shell_quote(path);
      REQUIRE(run_cli("init" + db).exit_code == 0);
      write_file(dir / "dst.csv", dst_days_csv);
      const CliResult r = run_cli("import " + shell_quote(dir / "dst.csv") + " --zone Europe/London" + c.options +
                                  " --quarantine " + shell_quote(dir / "rejects.jsonl") + db);
      INFO(c.options, r.err);
      REQUIRE(r.exit_code == 0);
      for (const auto& [entity, at] : plain) CHECK(stored_at(path, entity) == at);
      for (const auto& [entity, at] : c.at) {
        INFO(entity);
        CHECK(stored_at(path, entity) == at);
      }
    }
  }

  TEST_CASE("import --zone: recorded_at and instant fields are local too, stored with their offset") {
    TempDir dir;
    const auto path = dir / "t.db";
    const std::string db = " --db " + shell_quote(path);
    REQUIRE(run_cli("init" + db).exit_code == 0);
    write_file(
        dir / "local.jsonl",
        R"({"event_id":"E1","kind":"contact","entity_id":"C1","type":"received","at":"2024-03-28T16:00:00","recorded_at":"2024-03-28T16:05:00","customer":"ACME","customer_class":"shipper"})"
        "\n"
        R"({"event_id":"E2","kind":"contact","entity_id":"C1","type":"acknowledged","at":"2024-03-29T09:00:00","expected_resolution":"2024-04-02T17:00:00"})"
        "\n"
        R"({"event_id":"E3","kind":"contact","entity_id":"C1","type":"explanation_provided","at":"2024-03-29T10:00:00Z","revised_resolution":"2024-03-31T01:30:00"})"
        "\n");
    const CliResult refused = run_cli("import " + shell_quote(dir / "local.jsonl") + " --zone Europe/London" + db);
    CHECK(refused.exit_code == 2);
    CHECK(contains(refused.err,
                   "local.jsonl:3: field 'revised_resolution': local time '2024-03-31T01:30:00' does not "
                   "exist in Europe/London"));
    const CliResult r =
        run_cli("import " + shell_quote(dir / "local.jsonl") + " --zone Europe/London --gap shift-forward" + db);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto events = stored_events(path, "C1");
    REQUIRE(events.size() == 3);
    CHECK(format_utc(events[0].at) == "2024-03-28T16:00:00Z");  // GMT
    CHECK(format_utc(events[0].recorded_at) == "2024-03-28T16:05:00Z");
    CHECK(events[1].field("expected_resolution") == "2024-04-02T17:00:00+01:00");  // BST
    CHECK(events[2].field("revised_resolution") == "2024-03-31T02:30:00+01:00");
    // The same file with the same rule again: every line a duplicate.
    const CliResult again =
        run_cli("import " + shell_quote(dir / "local.jsonl") + " --zone Europe/London --gap shift-forward" + db);
    CHECK(contains(again.out, "imported 0, duplicates 3"));
  }

  TEST_CASE("import --zone: an unknown zone or a rule without a zone is refused before anything is read") {
    TempDir dir;
    const std::string db = " --db " + shell_quote(dir / "t.db");
    REQUIRE(run_cli("init" + db).exit_code == 0);
    const std::string missing = shell_quote(dir / "missing.csv");
    const CliResult zone = run_cli("import " + missing + " --zone Europe/Londn" + db);
    CHECK(zone.exit_code == 2);
    CHECK(contains(zone.err, "--zone"));
    CHECK(contains(zone.err, "Europe/Londn"));
    CHECK(!contains(zone.err, "cannot open"));
    const CliResult cal = run_cli("import " + missing + " --zone calendar" + db);
    CHECK(cal.exit_code == 2);
    CHECK(contains(cal.err, "name the zone"));
    const CliResult ambiguous = run_cli("import " + missing + " --ambiguous later" + db);
    CHECK(ambiguous.exit_code == 2);
    CHECK(contains(ambiguous.err, "--ambiguous: needs --zone"));
    const CliResult gap = run_cli("import " + missing + " --zone Europe/London --gap forward" + db);
    CHECK(gap.exit_code == 2);
    CHECK(contains(gap.err, "'forward' is not one of reject|shift-forward"));
    const CliResult word = run_cli("import " + missing + " --zone Europe/London --ambiguous first" + db);
    CHECK(word.exit_code == 2);
    CHECK(contains(word.err, "'first' is not one of reject|earlier|later"));
  }

  TEST_CASE("import progress: nothing on stderr when it is not a terminal") {
    TempDir dir;
    const std::string db = " --db " + shell_quote(dir / "t.db");
    REQUIRE(run_cli("init" + db).exit_code == 0);
    std::string text;
    for (int i = 0; i < 20'000; ++i)
      text += R"({"event_id":"E)" + std::to_string(i) + R"(","kind":"contact","entity_id":"C)" + std::to_string(i) +
              R"(","type":"received","at":"2026-06-01T09:00:00Z","customer":"ACME","customer_class":"shipper"})"
              "\n";
    write_file(dir / "many.jsonl", text);
    const CliResult r = run_cli("import " + shell_quote(dir / "many.jsonl") + db);
    CHECK(r.exit_code == 0);
    CHECK(r.err.empty());
    CHECK(contains(r.out, "imported 20000"));
  }
}

}  // namespace slaclock
