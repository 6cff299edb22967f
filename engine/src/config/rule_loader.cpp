#include <slaclock/base/error.h>
#include <slaclock/base/paths.h>
#include <slaclock/config/calendar_loader.h>
#include <slaclock/config/rule_loader.h>
#include <slaclock/time/time_zone.h>
#include <slaclock/time/timestamp.h>

#include "base/sha256.h"
#include "config/rule_reading.h"
#include "config/yaml_reading.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

namespace slaclock {

namespace {

using detail::YamlReader;

// How a rule set's calendar names are checked: a file being checked or loaded
// has each calendar it names found and built by the command's calendar source
// (so a broken or unknown calendar is reported with it); text read back from
// the database was checked so when it was stored, and its calendars are found
// when a command judges by it, through the same source.
struct CalendarNames {
  const CalendarCheck* check = nullptr;  ///< null: not checked (stored text)
  void operator()(const std::string& name) const {
    if (!check) return;
    if (*check)
      (*check)(name);
    else
      load_calendar(name);
  }
};

// customer (or class) -> calendar; every calendar must exist like `calendar`.
std::map<std::string, std::string> read_calendar_map(const YamlReader& y, const YAML::Node& n, const std::string& field,
                                                     const CalendarNames& check_calendar) {
  std::map<std::string, std::string> out;
  if (!n) return out;
  if (!n.IsMap()) y.fail(n, field, "expected a mapping of names to calendars");
  for (const auto& kv : n) {
    const std::string who = y.key(kv.first, field);
    const std::string f = field + "." + who;
    if (who.empty()) y.fail(kv.first, field, "a name may not be empty");
    const std::string name = y.text(kv.second, f);
    try {
      check_calendar(name);
    } catch (const ConfigError& e) {
      y.fail(kv.second, f, e.why());
    }
    if (!out.emplace(who, name).second) y.fail(kv.first, f, "is listed twice");
  }
  return out;
}

RuleSet read_from(const YamlReader& y, const YAML::Node& root, const CalendarNames& check_calendar) {
  RuleSet r;
  y.only_keys(root, "",
              {"version", "effective_from", "time_zone", "calendar", "customer_calendars", "pausable_clocks",
               "at_risk_share", "clocks", "contact", "breach", "issue", "kpi"});
  // A version's name is shown in tables, pages and file names: the same
  // plain names as calendars (no control characters, no '/').
  r.version = y.name_text(y.required(root, "version", ""), "version");
  const YAML::Node eff = y.required(root, "effective_from", "");
  try {
    r.effective_from = parse_date(y.text(eff, "effective_from"));
  } catch (const InputError& e) {
    y.fail(eff, "effective_from", e.why());
  }
  if (const auto tz = root["time_zone"]) r.time_zone = y.text(tz, "time_zone");
  try {
    r.effective_at = TimeZone::named(r.time_zone).from_local(r.effective_from, 0, Disambiguation::earliest);
  } catch (const ConfigError& e) {
    y.fail(root["time_zone"], "time_zone", e.why());
  }
  if (const auto c = root["calendar"]) {
    r.calendar = y.text(c, "calendar");
    try {
      check_calendar(r.calendar);
    } catch (const ConfigError& e) {
      y.fail(c, "calendar", e.why());
    }
  }
  if (const auto m = root["customer_calendars"]) {
    y.only_keys(m, "customer_calendars", {"customers", "customer_classes"});
    r.customer_calendars = read_calendar_map(y, m["customers"], "customer_calendars.customers", check_calendar);
    r.customer_class_calendars =
        read_calendar_map(y, m["customer_classes"], "customer_calendars.customer_classes", check_calendar);
  }
  if (const auto s = root["at_risk_share"]) {
    r.at_risk_share = y.number(s, "at_risk_share", 0, 1);
    if (r.at_risk_share <= 0) y.fail(s, "at_risk_share", "must be more than 0 and at most 1");
  }
  // The clocks: defined in the clock language, or the DSC clocks from the
  // shorthand (every version stored before the language, read unchanged).
  if (const auto c = root["clocks"]) {
    for (const char* section : {"contact", "breach", "issue", "kpi", "pausable_clocks"})
      if (root[section])
        y.fail(root[section], section,
               "belongs to the DSC shorthand; a version with clocks: gives every number in its clock definitions");
    r.clocks = detail::read_clock_definitions(y, c, [&](const std::string& name) { check_calendar(name); });
  } else {
    r.clocks = detail::read_dsc_terms(y, root);
  }
  return r;
}

}  // namespace

namespace {

RuleSet parse_checking(const std::string& yaml_text, const std::string& source_name, const CalendarNames& check) {
  const YamlReader y(source_name, !check.check);  // no calendar check: text the store holds
  const YAML::Node root = y.load_text(yaml_text);
  RuleSet r = read_from(y, root, check);
  r.source_text = yaml_text;
  r.content_sha256 = detail::to_hex(detail::Sha256().of(yaml_text));
  return r;
}

}  // namespace

RuleSet parse_rule_set(const std::string& yaml_text, const std::string& source_name, const CalendarCheck& calendars) {
  return parse_checking(yaml_text, source_name, CalendarNames{&calendars});
}

RuleSet parse_stored_rule_set(const std::string& yaml_text, const std::string& source_name) {
  return parse_checking(yaml_text, source_name, CalendarNames{});
}

RuleSet read_rule_set(const std::filesystem::path& file, const CalendarCheck& calendars) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ConfigError({file.string(), 0, ""}, "cannot read file");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_rule_set(text.str(), file.string(), calendars);
}

RuleBook load_rule_book_dir(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().extension() == ".yaml") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::vector<RuleSet> versions;
  for (const auto& f : files) versions.push_back(read_rule_set(f));
  return RuleBook(std::move(versions));
}

}  // namespace slaclock
