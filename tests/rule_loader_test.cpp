// The rule loader (config/rule_loader.h) and the rule store
// (store/rule_store.h): the shipped rule files, the RuleBook's choice of
// version, errors that name file, line and field, and rules kept in the
// database so that sweeps and replays use exactly what was loaded.
#include "ops_test_support.h"

#include <slaclock/ops/version_files.h>
#include <slaclock/report/clock_reason.h>

#include <slaclock/base/error.h>
#include <slaclock/clock/rule_set.h>
#include <slaclock/config/rule_loader.h>
#include <slaclock/store/rule_store.h>

#include <doctest/doctest.h>
#include <openssl/evp.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace slaclock {
namespace {

using namespace ops_test;
using Unit = Allowance::Unit;

// SHA-256 computed here, independently of the engine's own hashing.
std::string sha256_hex(const std::string& text) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  REQUIRE(EVP_Digest(text.data(), text.size(), md, &len, EVP_sha256(), nullptr) == 1);
  std::string out;
  char buf[3];
  for (unsigned int i = 0; i < len; ++i) {
    std::snprintf(buf, sizeof buf, "%02x", md[i]);
    out += buf;
  }
  return out;
}

// A clock's one target (its fallback when it has a table).
Allowance target_of(const RuleSet& r, ClockId id) {
  const ClockDefinition* d = r.clock(id);
  REQUIRE_MESSAGE(d, clock_name(id) << " is not defined");
  return d->target.fallback;
}

// The set of words a start condition on `field` lists.
std::set<std::string> start_values(const RuleSet& r, ClockId id, const std::string& field) {
  const ClockDefinition* d = r.clock(id);
  REQUIRE(d);
  for (const FieldCondition& c : d->start.when)
    if (c.field == field) return c.values;
  return {};
}

std::string kinds_of(const RuleSet& r) {
  std::string out;
  const ClockDefinition* g = r.clock(ClockId::gemini_resolution);
  REQUIRE(g);
  for (const auto& b : g->gemini_bands) {
    switch (b.kind) {
      case GeminiDueRule::Kind::gas_day_start:
        out += "gas_day_start ";
        break;
      case GeminiDueRule::Kind::gas_day_end:
        out += "gas_day_end ";
        break;
      case GeminiDueRule::Kind::exit_close_out:
        out += "exit_close_out ";
        break;
      case GeminiDueRule::Kind::allowance:
        out += "allowance(" + describe(b.allowance) + ") ";
        break;
    }
  }
  return out;
}

// The error parse_rule_set raises for `yaml` (read as "custom.yaml").
ConfigError parse_error(const std::string& yaml, const std::filesystem::path& calendar_dir = {}) {
  try {
    parse_rule_set(yaml, "custom.yaml", calendar_files_check(calendar_dir));
  } catch (const ConfigError& e) {
    return e;
  }
  FAIL("parsed without an error:\n" << yaml);
  return ConfigError("unreachable");
}

// Lines 1 and 2 of every hand-written file below.
const std::string head = "version: custom-1\neffective_from: 2021-01-01\n";

// Every setting compared one by one (RuleSet has no operator==); the clocks
// as whole definitions.
void check_same_rules(const RuleSet& a, const RuleSet& b) {
  CHECK(a.version == b.version);
  CHECK(a.effective_from == b.effective_from);
  CHECK(a.effective_at == b.effective_at);
  CHECK(a.time_zone == b.time_zone);
  CHECK(a.calendar == b.calendar);
  CHECK(a.at_risk_share == b.at_risk_share);
  CHECK(a.content_sha256 == b.content_sha256);
  CHECK(a.source_text == b.source_text);
  CHECK(a.clocks == b.clocks);
}

}  // namespace

TEST_SUITE("rule loader") {
  TEST_CASE("the shipped 2018 rules parse with every setting") {
    const auto file = rules_dir() / "dsc-kvi-2018.yaml";
    const RuleSet r = read_rule_set(file);
    CHECK(r.version == "dsc-kvi-2018");
    CHECK(format_date(r.effective_from) == "2018-04-01");
    // 2018-04-01 00:00 in Europe/London is BST (clocks went forward 25 Mar 2018).
    CHECK(utc(r.effective_at) == "2018-03-31T23:00:00Z");
    CHECK(r.time_zone == "Europe/London");
    CHECK(r.calendar == "england-and-wales");
    CHECK(r.at_risk_share == 0.75);
    CHECK(target_of(r, ClockId::acknowledge) == Allowance{Unit::business_seconds, 4 * 3600});
    CHECK(target_of(r, ClockId::initial_response) == Allowance{Unit::business_days, 4});
    CHECK(target_of(r, ClockId::resolution) == Allowance{Unit::business_days, 7});
    CHECK(target_of(r, ClockId::regular_updates) == Allowance{Unit::business_days, 5});
    CHECK(r.clock(ClockId::gemini_resolution)->exit_close_out_business_days == 15);
    CHECK(kinds_of(r) == "gas_day_start gas_day_end exit_close_out allowance(7 business days) ");
    CHECK(target_of(r, ClockId::breach_notification) == Allowance{Unit::elapsed_seconds, 4 * 3600});
    CHECK(describe(target_of(r, ClockId::breach_notification)) == "4 hours");
    CHECK(start_values(r, ClockId::breach_notification, "severity") ==
          std::set<std::string>{"critical", "high", "medium", "low"});
    CHECK(r.clock(ClockId::breach_monthly_report) == nullptr);  // every severity is notified under 2018
    CHECK(target_of(r, ClockId::breach_resolution) == Allowance{Unit::business_days, 2});
    CHECK(target_of(r, ClockId::kpi_miss_notice) == Allowance{Unit::business_days, 2});
    CHECK(start_values(r, ClockId::kpi_miss_notice, "priority") == std::set<std::string>{"P1", "P2"});
    CHECK(r.clock(ClockId::kpi_consecutive)->max_consecutive_misses == 2);
    CHECK(r.clocks.size() == 13);
    const std::string text = read_file(file);
    CHECK(r.source_text == text);
    CHECK(r.content_sha256 == sha256_hex(text));
  }

  TEST_CASE("the shipped 2020 rules: from 2020-04-01 notification only for critical and high breaches") {
    const RuleSet r = read_rule_set(rules_dir() / "dsc-kvi-2020.yaml");
    const RuleSet old = read_rule_set(rules_dir() / "dsc-kvi-2018.yaml");
    CHECK(r.version == "dsc-kvi-2020");
    CHECK(format_date(r.effective_from) == "2020-04-01");
    CHECK(utc(r.effective_at) == "2020-03-31T23:00:00Z");  // 00:00 BST
    CHECK(start_values(r, ClockId::breach_notification, "severity") == std::set<std::string>{"critical", "high"});
    CHECK(target_of(r, ClockId::breach_notification) == Allowance{Unit::elapsed_seconds, 4 * 3600});
    CHECK(target_of(r, ClockId::acknowledge) == Allowance{Unit::business_seconds, 4 * 3600});
    CHECK(*r.clock(ClockId::resolution) == *old.clock(ClockId::resolution));
    CHECK(*r.clock(ClockId::breach_resolution) == *old.clock(ClockId::breach_resolution));
    REQUIRE(r.clock(ClockId::breach_monthly_report));
    CHECK(r.clock(ClockId::breach_monthly_report)->start.when.front().values ==
          std::set<std::string>{"critical", "high"});  // unless: every severity not notified
    CHECK(kinds_of(r) == kinds_of(old));
    CHECK(r.content_sha256 == sha256_hex(read_file(rules_dir() / "dsc-kvi-2020.yaml")));
    CHECK(r.content_sha256 != old.content_sha256);
  }

  TEST_CASE("a minimal file takes the documented defaults and reads minute units") {
    const RuleSet r = parse_rule_set(head +
                                         "contact:\n  acknowledge: {business_minutes: 90}\n"
                                         "breach:\n  notification: {minutes: 30}\n",
                                     "custom.yaml");
    CHECK(r.version == "custom-1");
    CHECK(utc(r.effective_at) == "2021-01-01T00:00:00Z");  // GMT in January
    CHECK(r.time_zone == "Europe/London");
    CHECK(r.calendar == "england-and-wales");
    CHECK(r.at_risk_share == 0.75);
    CHECK(target_of(r, ClockId::acknowledge) == Allowance{Unit::business_seconds, 90 * 60});
    CHECK(target_of(r, ClockId::breach_notification) == Allowance{Unit::elapsed_seconds, 30 * 60});
    CHECK(target_of(r, ClockId::initial_response) == Allowance{Unit::business_days, 4});
    CHECK(start_values(r, ClockId::breach_notification, "severity").size() == 4);
    CHECK(r.clock(ClockId::kpi_consecutive)->max_consecutive_misses == 2);
    CHECK(r.content_sha256 == sha256_hex(r.source_text));
  }

  TEST_CASE("load_rule_book_dir and RuleBook::in_force_at") {
    const RuleBook book = load_rule_book_dir(rules_dir());
    REQUIRE(book.versions().size() == 2);
    CHECK(book.versions()[0].version == "dsc-kvi-2018");
    CHECK(book.versions()[1].version == "dsc-kvi-2020");

    // Before the first version takes effect (2018-04-01 00:00 BST = 2018-03-31 23:00Z).
    try {
      book.in_force_at(at("2018-03-31T22:59:59Z"));
      FAIL("a version was in force before the first took effect");
    } catch (const ConfigError& e) {
      CHECK(e.where().field == "rules");
    }
    CHECK_THROWS_AS(book.in_force_at(at("1999-01-01T00:00:00Z")), ConfigError);
    CHECK(book.in_force_at(at("2018-03-31T23:00:00Z")).version == "dsc-kvi-2018");
    CHECK(book.in_force_at(at("2020-03-31T22:59:59Z")).version == "dsc-kvi-2018");
    CHECK(book.in_force_at(at("2020-03-31T23:00:00Z")).version == "dsc-kvi-2020");
    CHECK(book.in_force_at(at("2031-06-01T00:00:00Z")).version == "dsc-kvi-2020");

    const RuleBook empty;
    CHECK(empty.empty());
    CHECK_THROWS_AS(empty.in_force_at(at("2024-01-01T00:00:00Z")), ConfigError);

    SUBCASE("versions are ordered by effective date, not by the order given") {
      const RuleBook reversed({book.versions()[1], book.versions()[0]});
      CHECK(reversed.versions()[0].version == "dsc-kvi-2018");
      CHECK(reversed.in_force_at(at("2019-01-01T00:00:00Z")).version == "dsc-kvi-2018");
    }
    SUBCASE("two versions with one name or one effective date are refused") {
      RuleSet same_name = book.versions()[0];
      same_name.effective_from = parse_date("2019-01-01");
      same_name.effective_at = at("2019-01-01T00:00:00Z");
      try {
        RuleBook({book.versions()[0], same_name});
        FAIL("two versions with one name");
      } catch (const ConfigError& e) {
        CHECK(e.where().field == "version");
      }
      RuleSet same_date = book.versions()[0];
      same_date.version = "dsc-kvi-2018-bis";
      try {
        RuleBook({book.versions()[0], same_date});
        FAIL("two versions with one effective date");
      } catch (const ConfigError& e) {
        CHECK(e.where().field == "effective_from");
      }
    }
    SUBCASE("only *.yaml files in the folder are read; a bad one names itself") {
      TempDir dir;
      std::filesystem::copy_file(rules_dir() / "dsc-kvi-2020.yaml", dir / "dsc-kvi-2020.yaml");
      write_file(dir / "README.txt", "not rules\n");
      const RuleBook one = load_rule_book_dir(dir.path);
      REQUIRE(one.versions().size() == 1);
      CHECK(one.versions()[0].version == "dsc-kvi-2020");
      write_file(dir / "broken.yaml", head + "at_risk_share: plenty\n");
      try {
        load_rule_book_dir(dir.path);
        FAIL("a broken rules file was read");
      } catch (const ConfigError& e) {
        CHECK(e.where().file == (dir / "broken.yaml").string());
        CHECK(e.where().line == 3);
        CHECK(e.where().field == "at_risk_share");
      }
    }
  }

  TEST_CASE("parse errors name the file and the line and the field") {
    struct Case {
      const char* what;
      std::string yaml;
      std::size_t line;
      std::string field;
    };
    const std::vector<Case> cases = {
        // unknown keys
        {"unknown top-level key", head + "colour: blue\n", 3, "colour"},
        {"unknown allowance unit", head + "breach:\n  notification: {hourz: 4}\n", 4, "breach.notification.hourz"},
        {"unknown contact clock", head + "contact:\n  acknowledge: {business_hours: 4}\n  acknowledgment: {hours: 1}\n",
         5, "contact.acknowledgment"},
        // wrong types
        {"text for a number", head + "at_risk_share: most\n", 3, "at_risk_share"},
        {"word for a whole number", head + "kpi:\n  max_consecutive_misses: two\n", 4, "kpi.max_consecutive_misses"},
        {"scalar for a list", head + "kpi:\n  priorities: P1\n", 4, "kpi.priorities"},
        {"scalar for a duration", head + "contact:\n  acknowledge: 4\n", 4, "contact.acknowledge"},
        {"two units in one duration", head + "contact:\n  acknowledge: {business_hours: 4, hours: 4}\n", 4,
         "contact.acknowledge"},
        {"unknown gemini due rule", head + "contact:\n  gemini:\n    bands:\n      on_the_day: gas_day_middle\n", 6,
         "contact.gemini.bands.on_the_day"},
        // impossible values
        {"share above 1", head + "at_risk_share: 1.5\n", 3, "at_risk_share"},
        {"share of 0", head + "at_risk_share: 0\n", 3, "at_risk_share"},
        {"negative business days", head + "contact:\n  resolution: {business_days: -1}\n", 4,
         "contact.resolution.business_days"},
        {"zero hours", head + "breach:\n  notification: {hours: 0}\n", 4, "breach.notification.hours"},
        {"not whole seconds", head + "contact:\n  acknowledge: {business_hours: 0.0001}\n", 4,
         "contact.acknowledge.business_hours"},
        {"no misses allowed", head + "kpi:\n  max_consecutive_misses: 0\n", 4, "kpi.max_consecutive_misses"},
        {"unknown severity", head + "breach:\n  notification_severities: [critical, urgent]\n", 4,
         "breach.notification_severities"},
        {"priority not like P1", head + "kpi:\n  priorities: [P1, urgent]\n", 4, "kpi.priorities"},
        {"30 February", "version: custom-1\neffective_from: 2021-02-30\n", 2, "effective_from"},
        {"unknown time zone", head + "time_zone: Mars/Olympus_Mons\n", 3, "time_zone"},
        // unknown calendar
        {"unknown calendar", head + "calendar: atlantis\n", 3, "calendar"},
        // missing
        {"no version", "effective_from: 2021-01-01\nat_risk_share: 0.5\n", 1, "version"},
    };
    for (const auto& c : cases) {
      CAPTURE(c.what);
      const ConfigError e = parse_error(c.yaml);
      CHECK(e.where().file == "custom.yaml");
      CHECK(e.where().line == c.line);
      CHECK(e.where().field == c.field);
    }

    // Broken YAML: no field, but the file and the line where parsing stopped.
    const ConfigError syntax = parse_error(head + "contact: [unclosed\n");
    CHECK(syntax.where().file == "custom.yaml");
    CHECK(syntax.where().line == 4);  // the end of the text, where "]" was still expected
    CHECK(syntax.where().field == "");
  }

  TEST_CASE("read_rule_set names the file it read and checks calendar names in calendar_dir") {
    TempDir dir;
    write_file(dir / "bad.yaml", head + "breach:\n  notification: {hourz: 4}\n");
    try {
      read_rule_set(dir / "bad.yaml");
      FAIL("read a bad rules file");
    } catch (const ConfigError& e) {
      CHECK(e.where().file == (dir / "bad.yaml").string());
      CHECK(e.where().line == 4);
      CHECK(e.where().field == "breach.notification.hourz");
    }
    try {
      read_rule_set(dir / "missing.yaml");
      FAIL("read a missing rules file");
    } catch (const ConfigError& e) {
      CHECK(e.where().file == (dir / "missing.yaml").string());
      CHECK(e.where().line == 0);
    }

    // The shipped calendars are known by default...
    CHECK(parse_rule_set(head + "calendar: scotland\n", "custom.yaml").calendar == "scotland");
    CHECK(parse_rule_set(head + "calendar: northern-ireland\n", "custom.yaml").calendar == "northern-ireland");
    // ...and a folder given is read before the data folder's, which still counts.
    const auto cals = dir / "calendars";
    std::filesystem::create_directories(cals);
    write_file(cals / "site.yaml",
               "name: site\ntime_zone: Europe/Stockholm\nworking_week:\n  - days: [mon, tue, wed, thu, fri]\n"
               "    windows: [\"08:00-16:00\"]\n");
    CHECK(parse_rule_set(head + "calendar: site\n", "custom.yaml", calendar_files_check(cals)).calendar == "site");
    CHECK(parse_rule_set(head + "calendar: scotland\n", "custom.yaml", calendar_files_check(cals)).calendar ==
          "scotland");
    const ConfigError e = parse_error(head + "calendar: nowhere\n", cals);
    CHECK(e.where().line == 3);
    CHECK(e.where().field == "calendar");
    CHECK(e.why().find("site") != std::string::npos);  // the known ones are listed
    CHECK(e.why().find("scotland") != std::string::npos);
  }

  TEST_CASE("a stored rule version's calendars are not looked up when it is read back, a file's are built") {
    TempDir dir;
    const auto cals = dir / "calendars";
    std::filesystem::create_directories(cals);
    write_file(cals / "broken.yaml", "name: broken\nworking_week: 7\n");
    const std::string customers = "customer_calendars:\n  customers:\n    SGN: nowhere\n";
    // Read back from the database (checked when it was stored): the calendars
    // it names are found where a clock is judged on them, through the
    // command's calendar source, which knows the database's versions too.
    const RuleSet stored = parse_stored_rule_set(head + "calendar: broken\n" + customers, "rule version x");
    CHECK(stored.calendar == "broken");
    CHECK(stored.customer_calendars.at("SGN") == "nowhere");
    CHECK(stored.content_sha256.size() == 64);
    // A file being checked builds what it names, and reports it.
    const ConfigError built = parse_error(head + "calendar: broken\n", cals);
    CHECK(built.where().line == 3);
    CHECK(built.where().field == "calendar");
    for (const std::string& yaml :
         {head + "calendar: nowhere\n", head + "customer_calendars:\n  customers:\n    SGN: nowhere\n"}) {
      CAPTURE(yaml);
      const ConfigError file = parse_error(yaml, cals);
      CHECK(file.where().line >= 3);
      CHECK(file.why().find("unknown calendar 'nowhere'") != std::string::npos);
    }
  }

  TEST_CASE("load_rule_version: the same content is a no-op and a changed file under a used name or date is refused") {
    OpsStore w(false);
    const auto v2018 = rules_dir() / "dsc-kvi-2018.yaml";
    const Instant first_load = at("2025-01-01T10:00:00Z");
    const RuleVersionLoad r = load_rules_file_version(w.store, v2018, first_load);
    CHECK_FALSE(r.already_loaded);
    CHECK(r.stored.version == "dsc-kvi-2018");
    CHECK(format_date(r.stored.effective_from) == "2018-04-01");
    CHECK(r.stored.calendar == "england-and-wales");
    CHECK(r.stored.content_sha256 == sha256_hex(read_file(v2018)));
    CHECK(r.stored.source_file == v2018.string());
    CHECK(r.stored.loaded_at == first_load);

    const RuleVersionLoad again = load_rules_file_version(w.store, v2018, at("2025-02-01T10:00:00Z"));
    CHECK(again.already_loaded);
    // The same text from another path is the same version too.
    std::filesystem::copy_file(v2018, w.dir / "copy.yaml");
    CHECK(load_rules_file_version(w.store, w.dir / "copy.yaml", at("2025-02-02T10:00:00Z")).already_loaded);

    write_file(w.dir / "changed.yaml", "version: dsc-kvi-2018\neffective_from: 2018-04-01\nat_risk_share: 0.5\n");
    try {
      load_rules_file_version(w.store, w.dir / "changed.yaml", at("2025-03-01T10:00:00Z"));
      FAIL("a changed version was loaded");
    } catch (const ConfigError& e) {
      CHECK(e.where().file == (w.dir / "changed.yaml").string());
      CHECK(e.where().field == "version");
    }
    write_file(w.dir / "same-day.yaml", "version: dsc-kvi-2018-bis\neffective_from: 2018-04-01\n");
    try {
      load_rules_file_version(w.store, w.dir / "same-day.yaml", at("2025-03-01T10:00:00Z"));
      FAIL("a second version on the same date was loaded");
    } catch (const ConfigError& e) {
      CHECK(e.where().field == "effective_from");
    }
    write_file(w.dir / "bad.yaml", "version: dsc-kvi-2030\neffective_from: 2030-04-01\nat_risk_share: 2\n");
    CHECK_THROWS_AS(load_rules_file_version(w.store, w.dir / "bad.yaml", at("2025-03-01T10:00:00Z")), ConfigError);

    // Only the first load is kept, with its own instant and file.
    const auto stored = stored_rule_versions(w.store);
    REQUIRE(stored.size() == 1);
    CHECK(stored[0].loaded_at == first_load);
    CHECK(stored[0].source_file == v2018.string());
    CHECK(stored_rule_book(w.store).versions()[0].at_risk_share == 0.75);

    // A read-only store loads nothing.
    const auto v2020 = rules_dir() / "dsc-kvi-2020.yaml";
    EventStore ro = EventStore::open(w.db_path(), OpenMode::read_only);
    CHECK_THROWS_AS(load_rules_file_version(ro, v2020, first_load), StoreError);
    CHECK(stored_rule_versions(w.store).size() == 1);
  }

  TEST_CASE("stored_rule_book round-trips the loaded versions") {
    OpsStore w(false);
    try {
      stored_rule_book(w.store);
      FAIL("a rule book from an empty store");
    } catch (const ConfigError& e) {
      CHECK(e.where().field == "rules");
    }
    CHECK(stored_rule_versions(w.store).empty());

    // Loaded newest first; listed and read back by effective date.
    load_rules_file_version(w.store, rules_dir() / "dsc-kvi-2020.yaml", at("2025-01-01T10:00:00Z"));
    load_rules_file_version(w.store, rules_dir() / "dsc-kvi-2018.yaml", at("2025-01-01T10:05:00Z"));
    const auto stored = stored_rule_versions(w.store);
    REQUIRE(stored.size() == 2);
    CHECK(stored[0].version == "dsc-kvi-2018");
    CHECK(utc(stored[0].loaded_at) == "2025-01-01T10:05:00Z");
    CHECK(stored[1].version == "dsc-kvi-2020");
    CHECK(format_date(stored[1].effective_from) == "2020-04-01");

    const RuleBook from_files = load_rule_book_dir(rules_dir());
    const EventStore ro = EventStore::open(w.db_path(), OpenMode::read_only);
    for (const RuleBook& book : {stored_rule_book(w.store), stored_rule_book(ro)}) {
      REQUIRE(book.versions().size() == 2);
      for (std::size_t i = 0; i < 2; ++i) {
        CAPTURE(i);
        check_same_rules(book.versions()[i], from_files.versions()[i]);
        CHECK(book.versions()[i].content_sha256 == stored[i].content_sha256);
      }
      CHECK(book.in_force_at(at("2020-03-31T23:00:00Z")).version == "dsc-kvi-2020");
    }
  }
}

}  // namespace slaclock
