// Every finding of the fuzz targets (docs/fuzzing.md) stays fixed. The input
// the fuzzer saved is replayed through the same code the target ran
// (tests/fuzz/fuzz_targets.h) from tests/data/fuzz/<target>/, and each finding
// has a small case of its own checking that the error says file, line, field
// and why.
#include <slaclock/base/error.h>
#include <slaclock/calendar/calendar.h>
#include <slaclock/config/calendar_loader.h>
#include <slaclock/config/kvi_config_loader.h>
#include <slaclock/config/rule_loader.h>
#include <slaclock/time/time_zone.h>
#include <slaclock/time/timestamp.h>

#include "../engine/src/import/record_reader.h"
#include "fuzz/fuzz_targets.h"
#include "test_support.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

namespace slaclock {

namespace {

const std::filesystem::path calendars_dir = std::filesystem::path(SLACLOCK_SOURCE_DIR) / "calendars";

/// The ConfigError `parse` throws; fails the test when it throws none.
template <class F>
ConfigError config_error_of(F&& parse) {
  try {
    parse();
  } catch (const ConfigError& e) {
    return e;
  }
  FAIL("no ConfigError");
  return ConfigError("unreachable");
}

const std::string rules_head = "version: v1\neffective_from: 2024-01-01\n";

}  // namespace

TEST_SUITE("fuzz regressions") {
  TEST_CASE("every saved finding in tests/data/fuzz/<target>/ is refused with a slaclock error") {
    const std::filesystem::path root = std::filesystem::path(SLACLOCK_TEST_DATA) / "fuzz";
    std::vector<std::filesystem::path> inputs;
    for (const auto& target : std::filesystem::directory_iterator(root))
      for (const auto& input : std::filesystem::directory_iterator(target.path())) inputs.push_back(input.path());
    std::sort(inputs.begin(), inputs.end());
    REQUIRE(inputs.size() >= 3);
    for (const auto& input : inputs) {
      const std::string target = input.parent_path().filename().string();
      CAPTURE(input.string());
      bool known = true;
      CHECK_NOTHROW(known = fuzz::run(target, read_file(input), calendars_dir));
      CHECK_MESSAGE(known, "tests/data/fuzz/" << target << " is not a fuzz target (tests/fuzz/fuzz_targets.h)");
    }
  }

  // Finding 1 (calendar_yaml, rules_yaml, kvi_yaml): a list or mapping used as
  // a mapping key escaped as YAML::TypedBadConversion from the key check.
  TEST_CASE("a list or mapping as a YAML key is a ConfigError naming file, line and field") {
    const ConfigError cal = config_error_of([] { parse_calendar_definition("name: tiny\n? [a, b]\n: x\n", "c.yaml"); });
    CHECK(cal.where().file == "c.yaml");
    CHECK(cal.where().line == 2);
    CHECK(cal.why().find("expected a plain text key") != std::string::npos);

    const ConfigError week = config_error_of(
        [] { parse_calendar_definition("name: x\nworking_week:\n  - {days: [mon], {windows: 1}: 2}\n", "c.yaml"); });
    CHECK(week.where().line == 3);
    CHECK(week.where().field == "working_week[0]");

    const ConfigError rules = config_error_of([] {
      parse_rule_set(rules_head + "contact:\n  acknowledge: {[hours]: 4}\n", "r.yaml",
                     calendar_files_check(calendars_dir));
    });
    CHECK(rules.where().file == "r.yaml");
    CHECK(rules.where().line == 4);
    CHECK(rules.where().field == "contact.acknowledge");

    const ConfigError kvi = config_error_of([] { parse_kvi_config("kvis:\n  ? {a: 1}\n  : x\n", "k.yaml"); });
    CHECK(kvi.where().file == "k.yaml");
    CHECK(kvi.where().line == 2);
    CHECK(kvi.where().field == "kvis");
    CHECK(format_error_message(kvi.where(), kvi.why()).rfind("k.yaml:2: field 'kvis': expected a plain text key", 0) ==
          0);
  }

  // Finding 2 (rules_yaml): a calendar name longer than a file name may be
  // escaped from load_calendar as std::filesystem::filesystem_error.
  TEST_CASE("a calendar name too long for a file name is an unknown calendar") {
    const std::string name(300, 'a');
    const ConfigError direct = config_error_of([&] { load_calendar(name, calendars_dir); });
    CHECK(direct.where().field == "calendar");
    CHECK(direct.why().find("unknown calendar '" + name + "'") != std::string::npos);

    const ConfigError rules = config_error_of([&] {
      parse_rule_set(rules_head + "calendar: " + name + "\n", "r.yaml", calendar_files_check(calendars_dir));
    });
    CHECK(rules.where().file == "r.yaml");
    CHECK(rules.where().line == 3);
    CHECK(rules.where().field == "calendar");
    CHECK(rules.why().find("unknown calendar") != std::string::npos);
  }

  // Finding 4 (rules_yaml): a calendar name with a NUL byte named the
  // calendar folder itself ("calendars/" + "\0..."), which existed, and
  // reading it escaped as std::ios_base::failure ("Is a directory").
  TEST_CASE("a calendar name with a NUL or another control character is an unknown calendar") {
    for (const std::string& name : {std::string("\0\0x", 3), std::string("eng\0land", 8), std::string("tab\there")}) {
      CAPTURE(name.size());
      const ConfigError direct = config_error_of([&] { load_calendar(name, calendars_dir); });
      CHECK(direct.where().field == "calendar");
      CHECK(direct.why().find("unknown calendar '") != std::string::npos);
      CHECK(direct.why().find('\0') == std::string::npos);  // shown as '?'
    }
    const ConfigError rules = config_error_of([&] {
      parse_rule_set(rules_head + "calendar: \"eng\\0land\"\n", "r.yaml", calendar_files_check(calendars_dir));
    });
    CHECK(rules.where().file == "r.yaml");
    CHECK(rules.where().line == 3);
    CHECK(rules.where().field == "calendar");
    CHECK(rules.why().find("unknown calendar 'eng?land'") != std::string::npos);
  }

  // Finding 3 (kvi_yaml; calendar_yaml and rules_yaml reach the same code): a
  // time zone naming a folder of tzdata ("Europe/") escaped as
  // std::ios_base::failure ("Is a directory") while reading the zone file.
  TEST_CASE("a time zone that names a tzdata folder is an unknown time zone") {
    for (const std::string name : {"Europe", "Europe/", "America"}) {
      CAPTURE(name);
      const ConfigError zone = config_error_of([&] { TimeZone::named(name); });
      CHECK(zone.where().field == "time_zone");
      CHECK(zone.why().find("unknown time zone '" + name + "'") != std::string::npos);
      CHECK(zone.why().find("is a folder of zones") != std::string::npos);
    }
    const ConfigError kvi =
        config_error_of([] { parse_kvi_config("amber_credit: 0.5\ntime_zone: Europe/\n", "k.yaml"); });
    CHECK(kvi.where().file == "k.yaml");
    CHECK(kvi.where().line == 2);
    CHECK(kvi.where().field == "time_zone");

    const ConfigError rules = config_error_of(
        [] { parse_rule_set(rules_head + "time_zone: Europe\n", "r.yaml", calendar_files_check(calendars_dir)); });
    CHECK(rules.where().file == "r.yaml");
    CHECK(rules.where().line == 3);
    CHECK(rules.where().field == "time_zone");

    CalendarDefinition def = parse_calendar_definition(
        "name: x\ntime_zone: Europe\nworking_week:\n  - {days: [mon], windows: [\"09:00-17:00\"]}\n", "c.yaml");
    const ConfigError cal = config_error_of([&] { Calendar::build(def); });
    CHECK(cal.where().field == "time_zone");
  }

  // Finding 4 (timestamp; by review, confirmed by the target under UBSan): the
  // parts of a duration were capped but not their sum, so "1000000000d"
  // repeated overflowed int64 (undefined behaviour).
  TEST_CASE("a duration whose parts add up past the cap is too large, not an overflow") {
    std::string text;
    for (int i = 0; i < 110'000; ++i) text += "1000000000d";
    CHECK_THROWS_AS(parse_duration(text), InputError);
    CHECK_THROWS_WITH_AS(parse_duration("1000000000d1s"), doctest::Contains("too large"), InputError);
    CHECK(parse_duration("1000000000d") == Seconds{1'000'000'000LL * 86400});  // the cap itself still parses
    CHECK(parse_duration("999999999d23h59m59s") == Seconds{1'000'000'000LL * 86400 - 1});
    fuzz::timestamp(text);  // and the target's whole round completes
  }

  // Finding 5 (csv_reader; by review, confirmed by the target as a timeout):
  // each line of an open quoted field rescanned the whole record, so one stray
  // quote in a 2 MB file took minutes (quadratic) before "unterminated quoted field".
  TEST_CASE("one stray quote in a large CSV file costs its own line only") {
    // The fuzzer's hang: each following line re-scanned the whole record.
    // Now each line is scanned once for quotes; the quote open at the end of
    // the file makes line 2 bad, and the lines after it are read again.
    std::string csv = "event_id,customer\nE1,\"open\n";
    for (int i = 0; i < 40'000; ++i) csv += "E" + std::to_string(i + 2) + ",Acme\n";
    std::istringstream in(csv);
    const auto reader = detail::make_csv_reader(in);
    detail::RawRecord record;
    REQUIRE(reader->next(record));
    CHECK(record.line == 2);
    CHECK(record.error.rfind("unterminated quoted field", 0) == 0);
    std::size_t good = 0;
    while (reader->next(record)) good += record.error.empty() ? 1 : 0;
    CHECK(good == 40'000);
    CHECK(record.line == 40'002);
  }
}

}  // namespace slaclock
