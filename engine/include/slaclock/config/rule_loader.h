#pragma once
// Reading rule versions from YAML: a file, a folder of files, or text already
// stored in the database. The rule types themselves are pure (clock/rule_set.h).
//
//   RuleSet v = read_rule_set("config/rules/dsc-kvi-2020.yaml");
//   RuleBook book = load_rule_book_dir(default_rules_dir());
#include <slaclock/clock/rule_set.h>
#include <slaclock/config/calendar_loader.h>

#include <filesystem>
#include <string>

namespace slaclock {

/// Reads and checks a rules file: unknown keys, wrong types, impossible values
/// and unknown calendars are ConfigError with file, line, field and why.
/// `calendars` finds and builds each calendar the version names (empty: the
/// data folder's files); commands pass their calendar source's
/// (ops/calendar_source.h), which knows the database's versions too.
RuleSet read_rule_set(const std::filesystem::path& file, const CalendarCheck& calendars = {});
/// The same, from text already in hand.
RuleSet parse_rule_set(const std::string& yaml_text, const std::string& source_name,
                       const CalendarCheck& calendars = {});
/// Text read back from the database (checked in full when it was stored): as
/// parse_rule_set, except that the calendars it names are not looked up here
/// (which took years of working windows per rule version, in every command
/// that reads the rules) but where a clock is judged on them.
RuleSet parse_stored_rule_set(const std::string& yaml_text, const std::string& source_name);
/// Every *.yaml in a folder (config/rules by default).
RuleBook load_rule_book_dir(const std::filesystem::path& dir);

}  // namespace slaclock
