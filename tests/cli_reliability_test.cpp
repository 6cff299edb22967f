// What no input, path or fault may do: destroy the store or block it. Through
// the real binary on a real SQLite file.
#include "cli_database.h"
#include "test_support.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace slaclock {
namespace {

struct Workspace : CliDatabase {
  Workspace() : CliDatabase("r.db") {}
};

// One contact received before the first rule version (dsc-kvi-2018 takes
// effect 2018-04-01 00:00 BST) and one in 2024.
const char* early_and_normal =
    R"({"event_id":"E0","kind":"contact","entity_id":"C-EARLY","type":"received","at":"2018-03-31T12:00:00Z","recorded_at":"2018-03-31T12:00:00Z","customer":"Acme Gas","customer_class":"shipper"})"
    "\n"
    R"({"event_id":"E1","kind":"contact","entity_id":"C-1","type":"received","at":"2024-03-28T16:00:00Z","recorded_at":"2024-03-28T16:05:00Z","customer":"Acme Gas","customer_class":"shipper"})"
    "\n";

TEST_SUITE("cli reliability") {
  TEST_CASE("an entity older than every rule version never blocks sweep, replay or kvi") {
    Workspace w;
    REQUIRE(w.run("init").exit_code == 0);
    REQUIRE(w.run("import '" + w.file("e.jsonl", early_and_normal) + "'").exit_code == 0);

    const auto sweep = w.run("sweep --as-of 2024-04-02T13:00:00+01:00 --format json");
    CHECK_MESSAGE(sweep.exit_code == 1, sweep.err);  // C-1's acknowledgement is breached
    const auto replay = w.run("replay C-EARLY --as-of 2024-04-02T13:00:00+01:00 --format json");
    REQUIRE_MESSAGE(replay.exit_code == 0, replay.err);
    for (const auto& c : nlohmann::json::parse(replay.out)) {
      CHECK(c["status"] == "not_applicable");
      CHECK(c["reason"].get<std::string>().find("no rule version was in force") != std::string::npos);
    }
    CHECK(w.run("kvi --month 2018-03 --format json").exit_code == 0);
    CHECK(w.run("kvi --month 2024-03 --format json").exit_code == 0);
    // The next night's sweep is not blocked either.
    CHECK(w.run("sweep --as-of 2024-04-03T13:00:00+01:00").exit_code == 1);
  }

  TEST_CASE("an output path can never destroy the database") {
    Workspace w;
    REQUIRE(w.run("init").exit_code == 0);
    REQUIRE(w.run("import '" + w.file("e.jsonl", early_and_normal) + "'").exit_code == 0);
    const auto size_before = std::filesystem::file_size(w.db);

    SUBCASE("--out is the database, or its WAL") {
      const auto r = w.run("kvi --month 2024-03 --format html --out '" + w.db + "'");
      CHECK(r.exit_code == 2);
      CHECK(r.err.find("must not overwrite") != std::string::npos);
      CHECK(std::filesystem::file_size(w.db) == size_before);
      CHECK(w.run("verify").exit_code == 0);
    }
    SUBCASE("--out through a symbolic link to the database") {
      const auto link = w.dir / "pack.html";
      std::filesystem::create_symlink(w.db, link);
      const auto r = w.run("kvi --month 2024-03 --format html --out '" + link.string() + "'");
      CHECK(r.exit_code == 2);
      CHECK(r.err.find("symbolic link") != std::string::npos);
      CHECK(std::filesystem::file_size(w.db) == size_before);
    }
    SUBCASE("a pack is created 0600 and replaced whole; - is standard output") {
      const auto pack = w.dir / "pack.html";
      REQUIRE(w.run("kvi --month 2024-03 --format html --out '" + pack.string() + "'").exit_code == 0);
      struct stat st {};
      REQUIRE(::stat(pack.c_str(), &st) == 0);
      CHECK((st.st_mode & 0777) == 0600);
      CHECK(read_file(pack).find("<html") != std::string::npos);
      // A failing run (a bad month) leaves the old pack as it was.
      const std::string old = read_file(pack);
      CHECK(w.run("kvi --month 2024-13 --format html --out '" + pack.string() + "'").exit_code == 2);
      CHECK(read_file(pack) == old);
      const auto to_stdout = w.run("kvi --month 2024-03 --format json --out -");
      CHECK(to_stdout.exit_code == 0);
      CHECK(nlohmann::json::parse(to_stdout.out).contains("kvis"));
      CHECK_FALSE(std::filesystem::exists(w.dir / "-"));
      // No temporary file is left behind.
      for (const auto& e : std::filesystem::directory_iterator(w.dir.path))
        CHECK(e.path().filename().string().find(".tmp-") == std::string::npos);
    }
  }

  TEST_CASE("the quarantine file can never be the database and is written only with rejects") {
    Workspace w;
    REQUIRE(w.run("init").exit_code == 0);
    REQUIRE(w.run("import '" + w.file("e.jsonl", early_and_normal) + "'").exit_code == 0);
    const auto size_before = std::filesystem::file_size(w.db);
    const std::string bad = w.file("bad.jsonl", std::string(R"({"event_id":"B1","kind":"contact"})") + "\n");

    SUBCASE("the database, its WAL, or an input") {
      for (const std::string& target : {w.db, w.db + "-wal", bad}) {
        CAPTURE(target);
        if (!std::filesystem::exists(target)) continue;
        const auto r = w.run("import --quarantine '" + target + "' '" + bad + "'");
        CHECK(r.exit_code == 2);
        CHECK(r.err.find("must not overwrite") != std::string::npos);
      }
      CHECK(std::filesystem::file_size(w.db) >= size_before);
      CHECK(w.run("verify").exit_code == 0);
    }
    SUBCASE("a symbolic link") {
      const auto link = w.dir / "rejects.jsonl";
      std::filesystem::create_symlink(w.db, link);
      const auto r = w.run("import --quarantine '" + link.string() + "' '" + bad + "'");
      CHECK(r.exit_code == 2);
      CHECK(r.err.find("symbolic link") != std::string::npos);
      CHECK(std::filesystem::file_size(w.db) == size_before);
    }
    SUBCASE("no rejects: an existing file is left as it was; rejects: written 0600") {
      const std::string rejects = w.file("rejects.jsonl", "keep me\n");
      REQUIRE(w.run("import --quarantine '" + rejects + "' '" + w.file("ok.jsonl", early_and_normal) + "'").exit_code ==
              0);
      CHECK(read_file(rejects) == "keep me\n");
      REQUIRE(w.run("import --quarantine '" + rejects + "' '" + bad + "'").exit_code == 0);
      CHECK(read_file(rejects).find("\"_line\":1") != std::string::npos);
      struct stat st {};
      REQUIRE(::stat(rejects.c_str(), &st) == 0);
      CHECK((st.st_mode & 0777) == 0600);
    }
  }

  TEST_CASE("text that would break JSON or a terminal is rejected at import, naming the line") {
    Workspace w;
    REQUIRE(w.run("init").exit_code == 0);
    const std::string head = R"({"event_id":"X1","kind":"contact","entity_id":")";
    const std::string tail =
        R"(","type":"received","at":"2024-03-28T16:00:00Z","customer":"Acme","customer_class":"shipper"})";
    const std::string lines = head + "C-OK" + tail + "\n" +          // 1: fine
                              head + "C-\xff\xfe" + tail + "\n" +    // 2: not UTF-8
                              head + "C-\\u001b[2J" + tail + "\n" +  // 3: ESC, written as a JSON escape
                              head + "C-\\u0000" + tail + "\n";      // 4: NUL
    const auto r = w.run("import '" + w.file("bad.jsonl", lines) + "'");
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("bad.jsonl:2: field 'entity_id': is not valid UTF-8") != std::string::npos);
    CHECK(r.err.find("bad.jsonl:3: field 'entity_id': contains the control character \\x1b") != std::string::npos);
    CHECK(r.err.find("bad.jsonl:4: field 'entity_id': contains the control character \\x00") != std::string::npos);
    // Nothing stored, and every JSON output still works.
    CHECK(w.run("verify --format json").exit_code == 0);
  }

  TEST_CASE("size limits: a long line is a bad line, endless input is refused, an empty file leaves no trace") {
    Workspace w;
    REQUIRE(w.run("init").exit_code == 0);
    const std::string long_line =
        R"({"event_id":"L1","kind":"contact","entity_id":"C-L","type":"received","at":"2024-03-28T16:00:00Z","customer":")" +
        std::string(2000, 'x') + R"(","customer_class":"shipper"})";
    const auto line = w.run("import --max-line-bytes 1000 '" + w.file("long.jsonl", long_line + "\n") + "'");
    CHECK(line.exit_code == 2);
    CHECK(line.err.find("long.jsonl:1: line longer than 1000 bytes") != std::string::npos);
    const auto field = w.run("import --max-field-bytes 100 '" + w.file("long2.jsonl", long_line + "\n") + "'");
    CHECK(field.exit_code == 2);
    CHECK(field.err.find("field 'customer': is 2000 bytes, more than the limit of 100") != std::string::npos);

    const auto zero = w.run("import --max-line-bytes 4096 --input-format jsonl /dev/zero");
    CHECK(zero.exit_code == 2);
    CHECK(zero.err.find("no line break within") != std::string::npos);

    const auto dir = w.run("import '" + w.dir.path.string() + "'");
    CHECK(dir.exit_code == 2);
    CHECK(dir.err.find("is a directory") != std::string::npos);

    REQUIRE(w.run("import '" + w.file("empty.jsonl", "") + "'").exit_code == 0);
    const std::string count = (w.dir / "n.txt").string();
    REQUIRE(std::system(("sqlite3 '" + w.db + "' 'SELECT count(*) FROM imports' > '" + count + "'").c_str()) == 0);
    CHECK(read_file(count) == "0\n");
  }

  TEST_CASE("unclear inputs get a clear message and exit 2") {
    Workspace w;
    const auto typo = run_slaclock("swep");
    CHECK(typo.exit_code == 2);
    CHECK(typo.err.find("unknown command 'swep' (did you mean 'sweep'?)") != std::string::npos);
    CHECK(w.run("init").exit_code == 0);
    const auto empty = w.run("overdue --as-of ''");
    CHECK(empty.exit_code == 2);
    CHECK(empty.err.find("--as-of: is empty") != std::string::npos);
    const auto clock = w.run("overdue --clock acknowledgement");
    CHECK(clock.exit_code == 2);
    CHECK(clock.err.find("option --clock: 'acknowledgement' is not a clock; use one of acknowledge, ") !=
          std::string::npos);
    const auto dir = run_slaclock("overdue --db '" + w.dir.path.string() + "'");
    CHECK(dir.exit_code == 2);
    CHECK(dir.err.find("is a directory") != std::string::npos);
    const auto link = w.dir / "dangling.db";
    std::filesystem::create_symlink(w.dir / "missing.db", link);
    const auto dangling = run_slaclock("overdue --db '" + link.string() + "'");
    CHECK(dangling.exit_code == 2);
    CHECK(dangling.err.find("symbolic link to a missing file") != std::string::npos);
  }

  TEST_CASE("a sweep checks its options before it writes anything") {
    Workspace w;
    REQUIRE(w.run("init").exit_code == 0);
    REQUIRE(w.run("import '" + w.file("e.jsonl", early_and_normal) + "'").exit_code == 0);
    const auto xml = w.run("sweep --as-of 2024-04-02T13:00:00+01:00 --format xml");
    CHECK(xml.exit_code == 2);
    CHECK(xml.err.find("--format") != std::string::npos);
    const auto v = nlohmann::json::parse(w.run("verify --format json").out);
    for (const auto& p : v["parts"])
      if (p["name"] == "sweeps") CHECK(p["checked"] == 0);  // nothing was stored
  }

  TEST_CASE("verify reports a file SQLite itself finds corrupt") {
    Workspace w;
    REQUIRE(w.run("init").exit_code == 0);
    std::string many;
    for (int i = 0; i < 400; ++i)
      many += R"({"event_id":"E)" + std::to_string(i) + R"(","kind":"contact","entity_id":"C-)" + std::to_string(i) +
              R"(","type":"received","at":"2024-03-28T16:00:00Z","customer":"Acme Gas","customer_class":"shipper"})" +
              "\n";
    REQUIRE(w.run("import '" + w.file("many.jsonl", many) + "'").exit_code == 0);
    REQUIRE(damage_middle_page(w.db));  // a whole page of noise in the middle of the file
    const auto r = w.run("verify --format json");
    CHECK(r.exit_code != 0);
    CHECK((r.err.find("quick_check failed") != std::string::npos || r.err.find("malformed") != std::string::npos));
  }

  TEST_CASE("events dated 1989 or in year 0000 import, are not judged, and never block a sweep") {
    Workspace w;
    REQUIRE(w.run("init").exit_code == 0);
    const std::string lines =
        R"({"event_id":"Y0","kind":"contact","entity_id":"C-Y0","type":"received","at":"0000-01-01T00:00:00Z","recorded_at":"2024-01-01T00:00:00Z","customer":"Acme","customer_class":"shipper"})"
        "\n"
        R"({"event_id":"Y1","kind":"contact","entity_id":"C-1989","type":"received","at":"1989-06-01T12:00:00Z","recorded_at":"2024-01-01T00:00:00Z","customer":"Acme","customer_class":"shipper"})"
        "\n";
    REQUIRE(w.run("import '" + w.file("old.jsonl", lines) + "'").exit_code == 0);
    const auto sweep = w.run("sweep --as-of 2024-04-02T13:00:00Z --format json");
    REQUIRE_MESSAGE(sweep.exit_code == 0, sweep.err);
    for (const std::string id : {"C-Y0", "C-1989"}) {
      CAPTURE(id);
      const auto replay = w.run("replay " + id + " --as-of 2024-04-02T13:00:00Z --format json");
      REQUIRE_MESSAGE(replay.exit_code == 0, replay.err);
      for (const auto& c : nlohmann::json::parse(replay.out)) CHECK(c["status"] == "not_applicable");
    }
  }

  TEST_CASE("a sweep as of 1970 judges nothing recorded later and breaches nothing") {
    Workspace w;
    REQUIRE(w.run("init").exit_code == 0);
    REQUIRE(w.run("import '" + w.file("e.jsonl", early_and_normal) + "'").exit_code == 0);
    const auto r = w.run("sweep --as-of 1970-01-01T00:00:00Z --format json");
    CHECK_MESSAGE(r.exit_code == 0, r.err);
    CHECK(nlohmann::json::parse(r.out).empty());
    CHECK(r.err.find("0 evaluated") != std::string::npos);
    CHECK(r.err.find("breached 0") != std::string::npos);
  }

  TEST_CASE("bad text already stored by an older version prints safely: U+FFFD in JSON, \\xNN in tables") {
    Workspace w;
    REQUIRE(w.run("init").exit_code == 0);
    const std::string line =
        R"({"event_id":"E1","kind":"contact","entity_id":"C-1","type":"received","at":"2024-03-28T16:00:00Z","recorded_at":"2024-03-28T16:05:00Z","customer":"Acme Gas","customer_class":"shipper"})"
        "\n";
    REQUIRE(w.run("import '" + w.file("e.jsonl", line) + "'").exit_code == 0);
    // What an older slaclock let in: ESC and a byte that is not UTF-8 in the
    // id, CR LF and another in the customer.
    const std::string sql =
        "UPDATE events SET entity_id = 'C-' || char(27) || '[2J' || CAST(X'FF' AS TEXT), "
        "fields = replace(fields, 'Acme', 'Ac\\u000d\\u000a' || CAST(X'FE' AS TEXT)); "
        "UPDATE entities SET entity_id = 'C-' || char(27) || '[2J' || CAST(X'FF' AS TEXT);";
    REQUIRE(std::system(("sqlite3 '" + w.db + "' \"" + sql + "\"").c_str()) == 0);
    const auto json = w.run("sweep --dry-run --as-of 2024-04-02T13:00:00Z --format json");
    REQUIRE_MESSAGE(json.exit_code == 1, json.err);
    const auto clocks = nlohmann::json::parse(json.out);
    REQUIRE_FALSE(clocks.empty());
    CHECK(clocks[0]["entity_id"] == "C-\x1b[2J\xef\xbf\xbd");
    CHECK(clocks[0]["customer"] == "Ac\r\n\xef\xbf\xbd Gas");
    const auto table = w.run("sweep --dry-run --as-of 2024-04-02T13:00:00Z --format table");
    CHECK(table.out.find("C-\\x1b[2J") != std::string::npos);
    CHECK(table.out.find("Ac\\x0d\\x0a") != std::string::npos);
    CHECK(table.out.find('\x1b') == std::string::npos);
    CHECK(table.out.find('\r') == std::string::npos);
  }

  TEST_CASE("a YAML file nested deeper than the parser allows is named with its depth, not 'bad file'") {
    Workspace w;
    const std::string deep = "version: x\nrules: " + std::string(100000, '[') + std::string(100000, ']') + "\n";
    const auto r = run_slaclock("rules check '" + w.file("deep.yaml", deep) + "'");
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("deep.yaml:2: nested more than ") != std::string::npos);
    CHECK(r.err.find("levels deep") != std::string::npos);
  }

  TEST_CASE("a working window that is not HH:MM-HH:MM is named whole") {
    Workspace w;
    const std::string calendar = read_file(std::string(SLACLOCK_SOURCE_DIR) + "/calendars/england-and-wales.yaml");
    for (const std::string window : {"-9:00-17:00", "09:00-", "09:00-17:00-18:00", "9:00-17:00"}) {
      CAPTURE(window);
      std::string text = calendar;
      text.replace(text.find("09:00-17:00"), 11, window);
      text.replace(text.find("name: england-and-wales"), 23, "name: odd");
      w.file("odd.yaml", text);
      const auto r = run_slaclock("calendar add --from 2024-03-28T16:00:00Z --business-hours 1 --calendars-dir '" +
                                  w.dir.path.string() + "' --calendar odd");
      CHECK(r.exit_code == 2);
      CHECK(r.err.find("field 'working_week[0].windows[0]': '" + window +
                       "' is not a window HH:MM-HH:MM like 09:00-17:00") != std::string::npos);
    }
  }

  TEST_CASE("a command given without its subcommand lists them") {
    const auto top = run_slaclock("");
    CHECK(top.exit_code == 2);
    CHECK(top.err.find("'slaclock' needs a command: one of calendar, ") != std::string::npos);
    const auto rules = run_slaclock("rules");
    CHECK(rules.exit_code == 2);
    CHECK(rules.err.find("'slaclock rules' needs a command: one of check, load, impact, list") != std::string::npos);
    CHECK(rules.err.find("A subcommand is required") == std::string::npos);
  }

  TEST_CASE("init makes an existing empty file private") {
    Workspace w;
    write_file(w.db, "");
    REQUIRE(::chmod(w.db.c_str(), 0644) == 0);
    REQUIRE(w.run("init").exit_code == 0);
    struct stat st {};
    REQUIRE(::stat(w.db.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
  }
}

}  // namespace
}  // namespace slaclock
