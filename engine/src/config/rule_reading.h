#pragma once
// What the rule reader's parts share (config/rule_loader.cpp reads a
// version's header, then its clocks in one of two shapes):
//   dsc_rule_terms.cpp          the DSC shorthand (contact/breach/kpi/issue
//                               sections): the DSC clocks, as definitions
//   clock_definition_reader.cpp the clock language (`clocks:`)
#include <slaclock/clock/rule_set.h>

#include "config/yaml_reading.h"

#include <functional>
#include <set>
#include <string>
#include <vector>

namespace slaclock::detail {

/// A duration: exactly one of business_hours, business_minutes, business_days,
/// hours, minutes. `allow_zero_days`: business_days 0 (the close of the start
/// day) is allowed in the shorthand, never in the clock language.
Allowance read_allowance(const YamlReader& y, const YAML::Node& n, const std::string& field,
                         bool allow_zero_days = true);
/// A list of words, each in `allowed` when it is not empty.
std::set<std::string> read_word_set(const YamlReader& y, const YAML::Node& n, const std::string& field,
                                    const std::set<std::string>& allowed);
/// A Gemini band's due rule: gas_day_start, gas_day_end, exit_close_out or a duration.
GeminiDueRule read_band(const YamlReader& y, const YAML::Node& n, const std::string& field);

/// Checks a calendar name the way the command's calendar source does (a
/// ConfigError saying why when it cannot be found or built).
using CalendarNameCheck = std::function<void(const std::string&)>;

/// The DSC clocks, from a version written in the shorthand: its `contact`,
/// `breach`, `kpi` and `issue` sections and `pausable_clocks`, every value
/// not given taking the DSC framework's default. How every version stored
/// before the clock language is read, so they judge exactly as before.
std::vector<ClockDefinition> read_dsc_terms(const YamlReader& y, const YAML::Node& root);

/// The clock language: a version's `clocks:` mapping, name -> definition.
std::vector<ClockDefinition> read_clock_definitions(const YamlReader& y, const YAML::Node& clocks,
                                                    const CalendarNameCheck& check_calendar);

}  // namespace slaclock::detail
