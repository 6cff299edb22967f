// Odd bytes at every input (issue 23): control and bidi characters, formula
// cells, repeated YAML keys, bytes that are not UTF-8 in a reject file, names
// that are paths or HTML, long ids, future dates, and the messages for files
// that are nearly right. Each through the real CLI against a real SQLite file
// where it is a CLI behaviour (docs/bad-input.md names them).
#include "cli_database.h"
#include "test_support.h"

#include "import/raw_bytes.h"

#include <slaclock/base/error.h>
#include <slaclock/config/calendar_loader.h>
#include <slaclock/config/kvi_config_loader.h>
#include <slaclock/config/rule_loader.h>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <regex>
#include <sstream>

namespace slaclock {

namespace {

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A contact's opening line, with `customer` as raw JSON string content.
std::string received(const std::string& event_id, const std::string& entity_id, const std::string& customer,
                     const std::string& at = "2024-03-28T16:00:00Z") {
  return R"({"event_id":")" + event_id + R"(","kind":"contact","entity_id":")" + entity_id +
         R"(","type":"received","at":")" + at + R"(","customer":")" + customer +
         R"(","customer_class":"shipper"})"
         "\n";
}

std::string source_file(const std::string& relative) {
  return read_file(std::string(SLACLOCK_SOURCE_DIR) + "/" + relative);
}

// The 1-based line of the first line of `text` starting with `prefix`.
std::size_t line_of(const std::string& text, const std::string& prefix) {
  std::istringstream in(text);
  std::string line;
  for (std::size_t n = 1; std::getline(in, line); ++n)
    if (line.rfind(prefix, 0) == 0) return n;
  return 0;
}

std::size_t line_count(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

// `text` with its `key:` line given again at the end: (the text, the first
// line, the repeated line).
struct Repeated {
  std::string text;
  std::size_t first, second;
};
Repeated with_key_again(const std::string& text, const std::string& key, const std::string& value) {
  std::string out = text;
  if (!out.empty() && out.back() != '\n') out += '\n';
  out += key + ": " + value + "\n";
  return {out, line_of(text, key + ":"), line_count(out)};
}

// The stored value of one sqlite3 query, through the sqlite3 shell.
std::string sqlite(const std::string& db, const std::string& sql) {
  const CliResult r = run_shell("sqlite3 " + shell_quote(db) + " " + shell_quote(sql));
  return r.out;
}

std::string replaced_line(const std::string& text, const std::string& prefix, const std::string& line) {
  std::istringstream in(text);
  std::string out, l;
  while (std::getline(in, l)) out += (l.rfind(prefix, 0) == 0 ? line : l) + "\n";
  return out;
}

}  // namespace

TEST_SUITE("cli_hostile_input") {
  TEST_CASE("hostile text: C1 controls, bidi overrides and line separators are refused at import, naming the line") {
    CliDatabase w;
    REQUIRE(w.run("init").exit_code == 0);
    const std::string lines = received("E1", "C1",
                                       "CSI \xc2\x9b"
                                       "2J") +                                   // U+009B, raw
                              received("E2", "C2", "NEL \xc2\x85") +             // U+0085
                              received("E3", "C3", "evil\xe2\x80\xaetxt.exe") +  // U+202E
                              received("E4", "C4", "one\xe2\x80\xa8two") +       // U+2028
                              received("E5", "C5", "isolate \\u2066x") +         // U+2066, escaped in JSON
                              received("E6", "C6", "csi \\u009b") +              // U+009B, escaped
                              received("E7", "C7", "fine");
    const CliResult r = w.run("import " + shell_quote(w.file("e.jsonl", lines)));
    INFO(r.err);
    CHECK(r.exit_code == 2);
    CHECK(has(r.err, "e.jsonl:1: field 'customer': contains U+009B, a C1 control character"));
    CHECK(has(r.err, "e.jsonl:2: field 'customer': contains U+0085"));
    CHECK(has(r.err, "e.jsonl:3: field 'customer': contains U+202E, a bidirectional override or isolate"));
    CHECK(has(r.err, "e.jsonl:4: field 'customer': contains U+2028, a line or paragraph separator"));
    CHECK(has(r.err, "e.jsonl:5: field 'customer': contains U+2066"));
    CHECK(has(r.err, "e.jsonl:6: field 'customer': contains U+009B"));
    CHECK_FALSE(has(r.err, "e.jsonl:7:"));
    CHECK(sqlite(w.db, "SELECT count(*) FROM events;") == "0\n");  // nothing stored
    // A CSV cell and a free-text field are refused alike.
    const CliResult csv = w.run("import " + shell_quote(w.file("e.csv",
                                                               "event_id,kind,entity_id,type,at,customer,channel\n"
                                                               "E8,contact,C8,received,2024-03-28T16:00:00Z,Acme,"
                                                               "em\xe2\x80\xad"
                                                               "ail\n")));
    CHECK(csv.exit_code == 2);
    CHECK(has(csv.err, "e.csv:2: field 'channel': contains U+202D"));
  }

  TEST_CASE("hostile text: a tab is kept in free text and refused in any other field") {
    CliDatabase w;
    REQUIRE(w.run("init").exit_code == 0);
    const std::string hold =
        R"({"event_id":"H1","kind":"contact","entity_id":"C1","type":"on_hold","at":"2024-03-28T17:00:00Z","reason":"waiting\tfor the meter"})"
        "\n";
    const CliResult ok = w.run("import " + shell_quote(w.file("ok.jsonl", received("E1", "C1", "Acme") + hold)));
    INFO(ok.err);
    CHECK(ok.exit_code == 0);
    CHECK(sqlite(w.db, "SELECT count(*) FROM events;") == "2\n");
    const CliResult bad = w.run("import " + shell_quote(w.file("bad.jsonl", received("E2", "C2", "Ac\\tme"))));
    CHECK(bad.exit_code == 2);
    CHECK(has(bad.err, "bad.jsonl:1: field 'customer': contains the control character \\x09"));
  }

  TEST_CASE("hostile text: tables escape C1 controls, bidi overrides and separators already stored") {
    CliDatabase w;
    REQUIRE(w.run("init").exit_code == 0);
    REQUIRE(w.run("import --recorded-at as-event " + shell_quote(w.file("e.jsonl", received("E1", "C-1", "Acme Gas"))))
                .exit_code == 0);
    // What an older slaclock let in: U+009B (CSI), U+202E and U+2028 in the customer.
    REQUIRE(std::system(("sqlite3 " + shell_quote(w.db) +
                         " \"UPDATE events SET fields = replace(fields, 'Acme', 'A' || CAST(X'C29B' AS TEXT) || "
                         "'c' || CAST(X'E280AE' AS TEXT) || 'm' || CAST(X'E280A8' AS TEXT) || 'e');\"")
                            .c_str()) == 0);
    const CliResult table = w.run("sweep --dry-run --as-of 2024-04-02T13:00:00Z --format table");
    INFO(table.err);
    CHECK(has(table.out, "A\\u{9b}c\\u{202e}m\\u{2028}e Gas"));
    CHECK_FALSE(has(table.out, "\xc2\x9b"));
    CHECK_FALSE(has(table.out, "\xe2\x80\xae"));
    CHECK_FALSE(has(table.out, "\xe2\x80\xa8"));
  }

  TEST_CASE("hostile text: an error that quotes the input shows its control characters escaped") {
    CliDatabase w;
    REQUIRE(w.run("init").exit_code == 0);
    const std::string csv = "event_id,x\x1b[2Jy\xc2\x9b,x\x1b[2Jy\xc2\x9b\nE1,a,b\n";
    const CliResult r = w.run("import " + shell_quote(w.file("h.csv", csv)));
    CHECK(r.exit_code == 2);
    CHECK(has(r.err, "column named twice in the header"));
    CHECK(has(r.err, "x\\x1b[2Jy\\u{9b}"));
    CHECK_FALSE(has(r.err, "\x1b"));
    CHECK_FALSE(has(r.err, "\xc2\x9b"));
  }

  TEST_CASE("csv output: a text cell that starts a formula gets a leading quote, and negative numbers stay numbers") {
    CliDatabase w;
    REQUIRE(w.run("init").exit_code == 0);
    const std::string lines = received("E1", "C-1", "=HYPERLINK(\\\"http://x.test\\\",\\\"click\\\")") +
                              received("E2", "C-2", "@SUM(A1)") + received("E3", "C-3", "+1-2") +
                              received("E4", "C-4", "-cmd") + received("E5", "C-5", "Acme");
    REQUIRE(w.run("import --recorded-at as-event " + shell_quote(w.file("e.jsonl", lines))).exit_code == 0);
    const CliResult csv = w.run("sweep --dry-run --as-of 2024-05-02T13:00:00Z --format csv");
    INFO(csv.err);
    CHECK(has(csv.out, R"x(,"'=HYPERLINK(""http://x.test"",""click"")",)x"));
    CHECK(has(csv.out, ",'@SUM(A1),"));
    CHECK(has(csv.out, ",'+1-2,"));
    CHECK(has(csv.out, ",'-cmd,"));
    CHECK(has(csv.out, ",Acme,"));
    // Breached clocks: remaining_seconds is negative, and stays a number.
    CHECK(std::regex_search(csv.out, std::regex(",-[0-9]+,")));
    CHECK_FALSE(has(csv.out, ",'-1"));
    CHECK_FALSE(has(csv.out, ",'-2"));
    // JSON is not a spreadsheet: the text as stored.
    const CliResult json = w.run("sweep --dry-run --as-of 2024-05-02T13:00:00Z --format json");
    CHECK(has(json.out, R"x("customer": "@SUM(A1)")x"));
  }

  TEST_CASE("csv output: the import reject file keeps a formula-like cell as read, so it re-imports unchanged") {
    CliDatabase w;
    REQUIRE(w.run("init").exit_code == 0);
    // The on_hold names a contact not yet imported: rejected, reason as read.
    const std::string hold =
        R"({"event_id":"H1","kind":"contact","entity_id":"C9","type":"on_hold","at":"2024-03-28T17:00:00Z","reason":"=1+2"})"
        "\n";
    const std::string rejects = (w.dir / "rejects.jsonl").string();
    REQUIRE(
        w.run("import " + shell_quote(w.file("h.jsonl", hold)) + " --quarantine " + shell_quote(rejects)).exit_code ==
        0);
    CHECK(has(read_file(rejects), R"("reason":"=1+2")"));
  }

  TEST_CASE("yaml: a key given twice is refused with both lines in rules, calendars, KVI settings and profiles") {
    CliDatabase w;
    REQUIRE(w.run("init").exit_code == 0);
    SUBCASE("rules") {
      const Repeated r = with_key_again(source_file("config/rules/dsc-kvi-2020.yaml"), "version", "dsc-kvi-2099");
      const CliResult c = run_slaclock("rules check " + shell_quote(w.file("twice.yaml", r.text)));
      CHECK(c.exit_code == 2);
      CHECK(has(c.err, "twice.yaml:" + std::to_string(r.second) + ": field 'version': key given twice, at lines " +
                           std::to_string(r.first) + " and " + std::to_string(r.second)));
    }
    SUBCASE("a calendar") {
      const Repeated r = with_key_again(source_file("calendars/england-and-wales.yaml"), "time_zone", "UTC");
      const CliResult c = w.run("calendar load " + shell_quote(w.file("england-and-wales.yaml", r.text)));
      CHECK(c.exit_code == 2);
      CHECK(has(c.err, ":" + std::to_string(r.second) + ": field 'time_zone': key given twice, at lines " +
                           std::to_string(r.first) + " and " + std::to_string(r.second)));
    }
    SUBCASE("KVI settings") {
      const Repeated r = with_key_again(source_file("config/kvi/dsc-kvi-2020.yaml"), "version", "dsc-kvi-2099");
      const CliResult c = w.run("kvi-settings load " + shell_quote(w.file("kvi.yaml", r.text)));
      CHECK(c.exit_code == 2);
      CHECK(has(c.err, "kvi.yaml:" + std::to_string(r.second) + ": field 'version': key given twice, at lines " +
                           std::to_string(r.first) + " and " + std::to_string(r.second)));
    }
    SUBCASE("an import profile") {
      const Repeated r = with_key_again(source_file("config/import/status-change-log.yaml"), "format", "json");
      const std::string csv = w.file("log.csv", "case_id,activity,timestamp,resource\n");
      const CliResult c =
          w.run("import --profile " + shell_quote(w.file("profile.yaml", r.text)) + " " + shell_quote(csv));
      CHECK(c.exit_code == 2);
      CHECK(has(c.err, "profile.yaml:" + std::to_string(r.second) + ": field 'format': key given twice, at lines " +
                           std::to_string(r.first) + " and " + std::to_string(r.second)));
    }
    SUBCASE("nested, in a list") {
      const std::string text =
          replaced_line(source_file("calendars/england-and-wales.yaml"), "    windows: [\"09:00-17:00\"]",
                        "    windows: [\"09:00-17:00\"]\n    days: [sat]");
      const CliResult c = w.run("calendar load " + shell_quote(w.file("england-and-wales.yaml", text)));
      CHECK(c.exit_code == 2);
      CHECK(has(c.err, "field 'working_week[0].days': key given twice"));
    }
  }

  TEST_CASE("yaml: text stored by an older version is read as it was accepted, repeated keys and all") {
    // What a database may hold from before the checks: it must still judge.
    const std::string rules = source_file("config/rules/dsc-kvi-2020.yaml");
    const std::string twice = rules + "version: dsc-kvi-2020\n";
    CHECK_THROWS_AS(parse_rule_set(twice, "r.yaml", [](const std::string&) {}), ConfigError);
    CHECK(parse_stored_rule_set(twice, "rule version dsc-kvi-2020").version == "dsc-kvi-2020");
    const std::string calendar = source_file("calendars/england-and-wales.yaml") + "time_zone: Europe/London\n";
    CHECK(parse_calendar_definition(calendar, "stored calendar england-and-wales").name == "england-and-wales");
    const std::string kvi = source_file("config/kvi/dsc-kvi-2020.yaml");
    const std::string kvi_twice = replaced_line(kvi, "version:", "version: \"old version\"\nversion: \"old version\"");
    CHECK_THROWS_AS(parse_kvi_config(kvi_twice, "k.yaml"), ConfigError);
    CHECK(parse_stored_kvi_config(kvi_twice, "stored KVI settings old").version == "old version");
  }

  TEST_CASE("yaml: aliases that expand to a billion values are refused, not walked for ever") {
    // The repeated-key check walks every value; nine levels of ten aliases
    // each would be 10^9 of them.
    std::string text = "l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n";
    for (int i = 1; i <= 9; ++i) {
      const std::string prev = "*l" + std::to_string(i - 1);
      text += "l" + std::to_string(i) + ": &l" + std::to_string(i) + " [" + prev;
      for (int k = 1; k < 10; ++k) text += ", " + prev;
      text += "]\n";
    }
    CliDatabase w;
    const CliResult c = run_slaclock("rules check " + shell_quote(w.file("bomb.yaml", text)));
    CHECK(c.exit_code == 2);
    CHECK(has(c.err, "aliases expanding"));
  }

  TEST_CASE("yaml: a NUL byte is named as not UTF-8 text, not a parser puzzle") {
    CliDatabase w;
    const std::string text = "version: x\neffective_from: 2030-01-01\n" + std::string("calendar: e\0x\n", 14);
    const CliResult c = run_slaclock("rules check " + shell_quote(w.file("nul.yaml", text)));
    CHECK(c.exit_code == 2);
    CHECK(has(c.err, "nul.yaml:3: contains a NUL byte: a YAML file must be UTF-8 text"));
  }

  TEST_CASE("quarantine: bytes that are not UTF-8 are kept in _raw_b64 and a re-import restores them byte for byte") {
    CliDatabase w;
    REQUIRE(w.run("init").exit_code == 0);
    const std::string bad_customer = "Ac\xff\xfeme";
    const std::string unparsable = "{\"event_id\":\"E3\",\xff\n";
    const std::string lines = received("E1", "C1", "Acme") + received("E2", "C2", bad_customer) + unparsable;
    const std::string r1 = (w.dir / "r1.jsonl").string(), r2 = (w.dir / "r2.jsonl").string();
    const CliResult first =
        w.run("import " + shell_quote(w.file("e.jsonl", lines)) + " --quarantine " + shell_quote(r1));
    INFO(first.err);
    REQUIRE(first.exit_code == 0);
    CHECK(has(first.out, "imported 1"));
    const std::string rejects = read_file(r1);
    CHECK_FALSE(has(rejects, "\xef\xbf\xbd"));  // no U+FFFD: nothing altered
    // Once more, the reject file as it is: rejected again, the same bytes kept.
    const CliResult again = w.run("import " + shell_quote(r1) + " --quarantine " + shell_quote(r2));
    INFO(again.err);
    REQUIRE(again.exit_code == 0);
    std::istringstream one(rejects), two(read_file(r2));
    std::string l1, l2;
    std::vector<std::string> restored;
    while (std::getline(one, l1) && std::getline(two, l2)) {
      const auto j1 = nlohmann::json::parse(l1), j2 = nlohmann::json::parse(l2);
      REQUIRE(j1.contains("_raw_b64"));
      CHECK(j1["_raw_b64"] == j2["_raw_b64"]);
      const std::string raw = j1["_raw_b64"];
      std::string bytes;
      if (raw.find(':') == std::string::npos) {
        REQUIRE(detail::base64_decode(raw, bytes));
      } else {
        REQUIRE(detail::base64_decode(raw.substr(raw.find(':') + 1), bytes));
      }
      restored.push_back(bytes);
    }
    REQUIRE(restored.size() == 2);
    CHECK(restored[0] == bad_customer);
    CHECK(restored[1] + "\n" == unparsable);
    CHECK(sqlite(w.db, "SELECT count(*) FROM events;") == "1\n");
  }

  TEST_CASE("calendar names: 1-64 plain characters, no path, no markup, and the file's own name") {
    CliDatabase w;
    REQUIRE(w.run("init").exit_code == 0);
    const std::string calendar = source_file("calendars/england-and-wales.yaml");
    const auto refused = [&](const std::string& file, const std::string& name, const std::string& why) {
      const std::string text = replaced_line(calendar, "name:", "name: " + name);
      const CliResult c = w.run("calendar load " + shell_quote(w.file(file, text)));
      CAPTURE(file);
      CHECK(c.exit_code == 2);
      CHECK(has(c.err, "field 'name'"));
      CHECK(has(c.err, why));
      CHECK(c.err.size() < 2000);  // a 1 MB name is not echoed whole
    };
    refused("bad-utf8.yaml", "\"caf\\xe9\xff\"", "may hold only the letters");
    refused("path.yaml", "../../etc/x", "must start with a letter or a digit");
    refused("html.yaml", "\"x<script>alert(1)</script>\"", "may hold only the letters");
    refused("long.yaml", std::string(1 << 20, 'a'), "a name is 1-64 characters");
    refused("other-name.yaml", "site", "but the file is named 'other-name.yaml'");
    CHECK(sqlite(w.db,
                 "SELECT count(*) FROM calendar_versions WHERE name <> 'england-and-wales' AND name NOT IN "
                 "('scotland', 'northern-ireland');") == "0\n");
    // A good name in its own file loads.
    const CliResult ok =
        w.run("calendar load " + shell_quote(w.file("site-1.yaml", replaced_line(calendar, "name:", "name: site-1"))));
    INFO(ok.err);
    CHECK(ok.exit_code == 0);
  }

  TEST_CASE("version names: a rule or KVI settings version with a control character or a path is refused") {
    CliDatabase w;
    REQUIRE(w.run("init").exit_code == 0);
    const std::string rules = source_file("config/rules/dsc-kvi-2020.yaml");
    for (const std::string version : {"\"v\\e[2J\"", "../v", "\"v<b>\""}) {
      CAPTURE(version);
      const CliResult c = run_slaclock(
          "rules check " + shell_quote(w.file("r.yaml", replaced_line(rules, "version:", "version: " + version))));
      CHECK(c.exit_code == 2);
      CHECK(has(c.err, "field 'version'"));
      CHECK_FALSE(has(c.err, "\x1b"));
    }
    const std::string kvi = source_file("config/kvi/dsc-kvi-2020.yaml");
    const CliResult k = w.run("kvi-settings load " +
                              shell_quote(w.file("k.yaml", replaced_line(kvi, "version:", "version: \"k\\e\""))));
    CHECK(k.exit_code == 2);
    CHECK(has(k.err, "field 'version'"));
  }

  TEST_CASE("ids: an event or entity id longer than 256 bytes is refused, 256 imports") {
    CliDatabase w;
    REQUIRE(w.run("init").exit_code == 0);
    const std::string at_limit(256, 'c'), over(257, 'c'), huge(64 * 1024 - 1, 'c');
    const CliResult bad =
        w.run("import " + shell_quote(w.file("bad.jsonl", received("E1", over, "Acme") + received(over, "C2", "Acme") +
                                                              received("E3", huge, "Acme"))));
    CHECK(bad.exit_code == 2);
    CHECK(has(bad.err, "bad.jsonl:1: field 'entity_id': is 257 bytes, more than the 256 an id may be"));
    CHECK(has(bad.err, "bad.jsonl:2: field 'event_id': is 257 bytes"));
    CHECK(has(bad.err, "bad.jsonl:3: field 'entity_id': is 65535 bytes"));
    const CliResult ok = w.run("import " + shell_quote(w.file("ok.jsonl", received(at_limit, at_limit, "Acme"))));
    INFO(ok.err);
    CHECK(ok.exit_code == 0);
  }

  TEST_CASE("future-dated: an at after the import is refused alike with or without recorded_at") {
    CliDatabase w;
    REQUIRE(w.run("init").exit_code == 0);
    const std::string future = "2099-01-05T10:00:00Z";
    const std::string without = received("F1", "C-F1", "Acme", future);
    const std::string with = R"({"event_id":"F2","kind":"contact","entity_id":"C-F2","type":"received","at":")" +
                             future + R"(","recorded_at":")" + future +
                             R"(","customer":"Acme","customer_class":"shipper"})"
                             "\n";
    const CliResult a = w.run("import " + shell_quote(w.file("a.jsonl", without)));
    const CliResult b = w.run("import " + shell_quote(w.file("b.jsonl", with)));
    CHECK(a.exit_code == 2);
    CHECK(b.exit_code == 2);
    CHECK(has(a.err, "a.jsonl:1: field 'at': is after the import's time"));
    CHECK(has(b.err, "b.jsonl:1: field 'at': is after the import's time"));
    CHECK(has(a.err, "cannot have happened in the future"));
    CHECK(sqlite(w.db, "SELECT count(*) FROM events;") == "0\n");
  }

  TEST_CASE("csv messages: CR-only line endings, a quote inside an unquoted cell, a header nearly the native one") {
    CliDatabase w;
    REQUIRE(w.run("init").exit_code == 0);
    const std::string row = "E1,contact,C1,received,2024-03-28T16:00:00Z,Acme,shipper";
    const std::string header = "event_id,kind,entity_id,type,at,customer,customer_class";
    SUBCASE("CR only") {
      const CliResult c = w.run("import " + shell_quote(w.file("mac.csv", header + "\r" + row + "\r")));
      CHECK(c.exit_code == 2);
      CHECK(has(c.err, "mac.csv:1: line endings are CR only"));
      CHECK_FALSE(has(c.err, "has no name"));
    }
    SUBCASE("a quote inside an unquoted cell costs its own line, not the rest of the file") {
      const std::string text =
          header + "\n" + "E0,contact,C0,received,2024-03-28T16:00:00Z,Ac\"me,shipper\n" + row + "\n";
      const CliResult c = w.run("import " + shell_quote(w.file("q.csv", text)) + " --quarantine " +
                                shell_quote((w.dir / "q-rejects.jsonl").string()));
      INFO(c.err);
      CHECK(c.exit_code == 0);
      CHECK(has(c.out, "imported 1"));
      CHECK(has(c.err + read_file(w.dir / "q-rejects.jsonl"), "a double quote inside unquoted field 6"));
      CHECK(has(read_file(w.dir / "q-rejects.jsonl"), "must be quoted whole"));
      CHECK_FALSE(has(read_file(w.dir / "q-rejects.jsonl"), "unterminated"));
    }
    SUBCASE("upper-case") {
      std::string upper = header;
      for (char& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      const CliResult c = w.run("import " + shell_quote(w.file("u.csv", upper + "\n" + row + "\n")));
      CHECK(c.exit_code == 2);
      CHECK(has(c.err, "u.csv:1: header column 1 'EVENT_ID' is not a field name: did you mean 'event_id'?"));
      CHECK_FALSE(has(c.err, "is required"));
    }
    SUBCASE("padded") {
      const CliResult c =
          w.run("import " + shell_quote(w.file(
                                "p.csv", " event_id , kind,entity_id,type,at,customer,customer_class\n" + row + "\n")));
      CHECK(c.exit_code == 2);
      CHECK(has(c.err, "p.csv:1: header column 1 ' event_id ' is not a field name: did you mean 'event_id'?"));
    }
    SUBCASE("semicolon-separated") {
      std::string semi = header, semi_row = row;
      std::replace(semi.begin(), semi.end(), ',', ';');
      std::replace(semi_row.begin(), semi_row.end(), ',', ';');
      const CliResult c = w.run("import " + shell_quote(w.file("s.csv", semi + "\n" + semi_row + "\n")));
      CHECK(c.exit_code == 2);
      CHECK(has(c.err, "s.csv:1: the header 'event_id;kind;"));
      CHECK(has(c.err, "is separated by ';', not commas"));
    }
  }

  TEST_CASE("a symbolic link planted as the database's -wal is refused by writers and readers, naming it") {
    CliDatabase w;
    REQUIRE(w.run("init").exit_code == 0);
    const std::filesystem::path wal = w.db + "-wal", elsewhere = w.dir / "elsewhere";
    std::filesystem::remove(wal);
    write_file(elsewhere, "");
    std::filesystem::create_symlink(elsewhere, wal);
    const CliResult import = w.run("import " + shell_quote(w.file("e.jsonl", received("E1", "C1", "Acme"))));
    CHECK(import.exit_code == 2);
    CHECK(has(import.err, wal.string() + " is a symbolic link"));
    CHECK(read_file(elsewhere).empty());  // nothing written through it
    const CliResult verify = w.run("verify");
    CHECK(verify.exit_code == 2);
    CHECK(has(verify.err, "is a symbolic link"));
  }
}

}  // namespace slaclock
