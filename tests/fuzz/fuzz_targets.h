#pragma once
// What each libFuzzer target does with its input (docs/fuzzing.md), shared by
// the targets (fuzz_<target>.cpp) and by the regression tests
// (tests/fuzz_regressions_test.cpp), so a saved finding is replayed through
// exactly the code the fuzzer ran.
//
// The project's own errors (slaclock::Error and its subclasses) are the
// expected way to refuse bad input. Anything else escapes: another exception
// (in a fuzz target it reaches std::terminate, which libFuzzer reports as a
// crash), as do FuzzFinding (a broken invariant checked here), sanitizer
// reports and hangs.
#include <slaclock/base/error.h>
#include <slaclock/calendar/calendar.h>
#include <slaclock/config/calendar_loader.h>
#include <slaclock/config/kvi_config_loader.h>
#include <slaclock/config/rule_loader.h>
#include <slaclock/time/time_zone.h>
#include <slaclock/time/timestamp.h>

#include "../../engine/src/import/record_reader.h"

#include <filesystem>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>

namespace slaclock::fuzz {

/// A broken invariant: not a slaclock::Error, so it is never taken for a refusal.
struct FuzzFinding : std::logic_error {
  using std::logic_error::logic_error;
};

/// The file name the YAML targets give their text; their errors must name it.
inline const std::string source_name = "fuzz.yaml";

/// Runs `parse`; a slaclock::Error is an expected outcome, anything else escapes.
/// With `source` set, the error must name it as its file (house style:
/// "file:line: field 'f': why").
template <class F>
void expect_only_slaclock_errors(F&& parse, const std::string& source = {}) {
  try {
    parse();
  } catch (const Error& e) {
    if (e.why().empty()) throw FuzzFinding(std::string("a slaclock error without a reason: ") + e.what());
    if (!source.empty() && e.where().file != source)
      throw FuzzFinding(std::string("a config error that does not name its file: ") + e.what());
  }
}

/// Every record of a reader; line numbers only move forward.
inline void read_all(detail::RecordReader& reader) {
  detail::RawRecord record;
  std::size_t last_line = 0;
  while (reader.next(record)) {
    if (record.line <= last_line)
      throw FuzzFinding("record line " + std::to_string(record.line) + " after line " + std::to_string(last_line));
    last_line = record.line;
  }
}

/// JSON Lines events (import/record_reader.h).
inline void jsonl_reader(const std::string& text) {
  std::istringstream in(text);
  expect_only_slaclock_errors([&] { read_all(*detail::make_jsonl_reader(in)); });
}

/// CSV events (import/record_reader.h); a bad header row is an InputError.
inline void csv_reader(const std::string& text) {
  std::istringstream in(text);
  expect_only_slaclock_errors([&] { read_all(*detail::make_csv_reader(in)); });
}

/// parse_instant (UTC offsets, and local times in Europe/London), parse_date
/// and parse_duration, each on the whole text, each result printed back.
inline void timestamp(const std::string& text) {
  static const TimeZone london = TimeZone::named("Europe/London");
  expect_only_slaclock_errors([&] { format_utc(parse_instant(text)); });
  expect_only_slaclock_errors([&] { format_instant(parse_instant(text, &london), london); });
  expect_only_slaclock_errors([&] { format_date(parse_date(text)); });
  expect_only_slaclock_errors([&] { format_duration(parse_duration(text).count); });
}

/// A calendar file, then Calendar::build on what the loader accepts (as load_calendar_file does).
inline void calendar_yaml(const std::string& text) {
  std::unique_ptr<CalendarDefinition> def;
  expect_only_slaclock_errors(
      [&] { def = std::make_unique<CalendarDefinition>(parse_calendar_definition(text, source_name)); }, source_name);
  if (def) expect_only_slaclock_errors([&] { Calendar::build(*def); });
}

/// A rules file; calendar names are looked up in `calendar_dir`.
inline void rules_yaml(const std::string& text, const std::filesystem::path& calendar_dir) {
  expect_only_slaclock_errors([&] { parse_rule_set(text, source_name, calendar_files_check(calendar_dir)); },
                              source_name);
}

/// A KVI settings file.
inline void kvi_yaml(const std::string& text) {
  expect_only_slaclock_errors([&] { parse_kvi_config(text, source_name); }, source_name);
}

/// The target called `name` (as in tests/fuzz/corpus/<name>/); false when there is none.
inline bool run(const std::string& name, const std::string& text, const std::filesystem::path& calendar_dir) {
  if (name == "jsonl_reader")
    jsonl_reader(text);
  else if (name == "csv_reader")
    csv_reader(text);
  else if (name == "timestamp")
    timestamp(text);
  else if (name == "calendar_yaml")
    calendar_yaml(text);
  else if (name == "rules_yaml")
    rules_yaml(text, calendar_dir);
  else if (name == "kvi_yaml")
    kvi_yaml(text);
  else
    return false;
  return true;
}

}  // namespace slaclock::fuzz
