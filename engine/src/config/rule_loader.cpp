#include <slaclock/base/error.h>
#include <slaclock/base/paths.h>
#include <slaclock/config/calendar_loader.h>
#include <slaclock/config/rule_loader.h>
#include <slaclock/time/time_zone.h>
#include <slaclock/time/timestamp.h>

#include "base/sha256.h"
#include "config/yaml_reading.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

namespace slaclock {

namespace {

using detail::YamlReader;

Allowance read_allowance(const YamlReader& y, const YAML::Node& n, const std::string& field) {
  y.only_keys(n, field, {"business_hours", "business_minutes", "business_days", "hours", "minutes"});
  if (n.size() != 1)
    y.fail(n, field, "give exactly one of business_hours, business_minutes, business_days, hours, minutes");
  const auto kv = *n.begin();
  const std::string unit = y.key(kv.first, field);
  const std::string f = field + "." + unit;
  if (unit == "business_days") return {Allowance::Unit::business_days, y.integer(kv.second, f, 0, 1000)};
  const double v = y.number(kv.second, f, 0, 1e6);
  const double per = unit == "business_hours" || unit == "hours" ? 3600 : 60;
  const double secs = v * per;
  if (std::fabs(secs - std::round(secs)) > 1e-6) y.fail(kv.second, f, "must come to whole seconds");
  if (secs <= 0) y.fail(kv.second, f, "must be more than zero");
  return {unit.rfind("business_", 0) == 0 ? Allowance::Unit::business_seconds : Allowance::Unit::elapsed_seconds,
          std::llround(secs)};
}

std::set<std::string> read_word_set(const YamlReader& y, const YAML::Node& n, const std::string& field,
                                    const std::set<std::string>& allowed) {
  if (!n.IsSequence()) y.fail(n, field, "expected a list");
  std::set<std::string> out;
  for (std::size_t i = 0; i < n.size(); ++i) {
    const std::string w = y.text(n[i], field + "[" + std::to_string(i) + "]");
    if (!allowed.empty() && allowed.count(w) == 0) y.fail(n[i], field, "'" + w + "' is not allowed here");
    out.insert(w);
  }
  return out;
}

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

GeminiDueRule read_band(const YamlReader& y, const YAML::Node& n, const std::string& field) {
  if (n.IsScalar()) {
    const std::string s = n.Scalar();
    if (s == "gas_day_start") return {GeminiDueRule::Kind::gas_day_start, {}};
    if (s == "gas_day_end") return {GeminiDueRule::Kind::gas_day_end, {}};
    if (s == "exit_close_out") return {GeminiDueRule::Kind::exit_close_out, {}};
    y.fail(n, field, "'" + s + "' is not gas_day_start, gas_day_end, exit_close_out or a duration");
  }
  return {GeminiDueRule::Kind::allowance, read_allowance(y, n, field)};
}

RuleSet read_from(const YamlReader& y, const YAML::Node& root, const CalendarNames& check_calendar) {
  RuleSet r;
  y.only_keys(root, "",
              {"version", "effective_from", "time_zone", "calendar", "customer_calendars", "pausable_clocks",
               "at_risk_share", "contact", "breach", "issue", "kpi"});
  r.version = y.text(y.required(root, "version", ""), "version");
  if (r.version.empty() || r.version.size() > 64) y.fail(root["version"], "version", "must be 1-64 characters");
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
  if (const auto p = root["pausable_clocks"]) {
    if (!p.IsSequence()) y.fail(p, "pausable_clocks", "expected a list of clock names");
    for (std::size_t i = 0; i < p.size(); ++i) {
      const std::string field = "pausable_clocks[" + std::to_string(i) + "]";
      const std::string word = y.text(p[i], field);
      const auto id = parse_clock_id(word);
      if (!id || !clock_can_pause(*id))
        y.fail(p[i], field,
               "'" + word +
                   "' cannot pause: only acknowledge, initial_response and resolution can (on_hold ... off_hold)");
      if (!r.pausable_clocks.insert(*id).second) y.fail(p[i], field, "'" + word + "' is listed twice");
    }
  }
  if (const auto s = root["at_risk_share"]) {
    r.at_risk_share = y.number(s, "at_risk_share", 0, 1);
    if (r.at_risk_share <= 0) y.fail(s, "at_risk_share", "must be more than 0 and at most 1");
  }
  if (const auto c = root["contact"]) {
    y.only_keys(
        c, "contact",
        {"acknowledge", "initial_response", "resolution", "regular_update_gap", "parties_notification", "gemini"});
    if (c["parties_notification"])
      r.parties_notification = read_allowance(y, c["parties_notification"], "contact.parties_notification");
    if (c["acknowledge"]) r.acknowledge = read_allowance(y, c["acknowledge"], "contact.acknowledge");
    if (c["initial_response"])
      r.initial_response = read_allowance(y, c["initial_response"], "contact.initial_response");
    if (c["resolution"]) r.resolution = read_allowance(y, c["resolution"], "contact.resolution");
    if (c["regular_update_gap"])
      r.regular_update_gap = read_allowance(y, c["regular_update_gap"], "contact.regular_update_gap");
    if (const auto g = c["gemini"]) {
      y.only_keys(g, "contact.gemini", {"exit_close_out_business_days", "bands"});
      if (g["exit_close_out_business_days"])
        r.exit_close_out_business_days = static_cast<int>(
            y.integer(g["exit_close_out_business_days"], "contact.gemini.exit_close_out_business_days", 1, 60));
      if (const auto b = g["bands"]) {
        y.only_keys(b, "contact.gemini.bands",
                    {"before_the_day", "on_the_day", "within_exit_close_out", "after_exit_close_out"});
        for (int i = 0; i < 4; ++i) {
          const char* name = gemini_band_name(static_cast<GeminiBand>(i));
          if (b[name])
            r.gemini_bands[static_cast<std::size_t>(i)] =
                read_band(y, b[name], std::string("contact.gemini.bands.") + name);
        }
      }
    }
  }
  if (const auto b = root["breach"]) {
    y.only_keys(b, "breach", {"notification", "notification_severities", "resolution", "monthly_report"});
    if (const auto m = b["monthly_report"]) {
      y.only_keys(m, "breach.monthly_report", {"severities", "business_day_of_next_month"});
      r.breach_monthly_report_severities =
          read_word_set(y, y.required(m, "severities", "breach.monthly_report"), "breach.monthly_report.severities",
                        {"critical", "high", "medium", "low"});
      if (m["business_day_of_next_month"])
        r.breach_monthly_report_business_day = static_cast<int>(
            y.integer(m["business_day_of_next_month"], "breach.monthly_report.business_day_of_next_month", 1, 20));
    }
    if (b["notification"]) r.breach_notification = read_allowance(y, b["notification"], "breach.notification");
    if (b["notification_severities"])
      r.breach_notification_severities = read_word_set(
          y, b["notification_severities"], "breach.notification_severities", {"critical", "high", "medium", "low"});
    if (b["resolution"]) r.breach_resolution = read_allowance(y, b["resolution"], "breach.resolution");
  }
  if (const auto i = root["issue"]) {
    y.only_keys(i, "issue", {"bands"});
    const YAML::Node bands = y.required(i, "bands", "issue");
    if (!bands.IsSequence() || bands.size() == 0) y.fail(bands, "issue.bands", "expected a non-empty list of bands");
    r.issue_bands.clear();
    for (std::size_t n = 0; n < bands.size(); ++n) {
      const std::string f = "issue.bands[" + std::to_string(n) + "]";
      const YAML::Node b = bands[n];
      y.only_keys(b, f, {"name", "min_score", "notification", "plan"});
      IssueBand band;
      band.name = y.text(y.required(b, "name", f), f + ".name");
      band.min_score = static_cast<int>(y.integer(y.required(b, "min_score", f), f + ".min_score", 0, 1000000));
      band.notification = read_allowance(y, y.required(b, "notification", f), f + ".notification");
      band.plan = read_allowance(y, y.required(b, "plan", f), f + ".plan");
      if (!r.issue_bands.empty() && band.min_score >= r.issue_bands.back().min_score)
        y.fail(b["min_score"], f + ".min_score", "bands must be listed highest min_score first, each lower");
      for (const IssueBand& other : r.issue_bands)
        if (other.name == band.name) y.fail(b["name"], f + ".name", "'" + band.name + "' is named twice");
      r.issue_bands.push_back(std::move(band));
    }
    if (r.issue_bands.back().min_score != 0)
      y.fail(bands[bands.size() - 1]["min_score"], "issue.bands[" + std::to_string(bands.size() - 1) + "].min_score",
             "the last band must start at 0, so that every score falls in a band");
  }
  if (const auto k = root["kpi"]) {
    y.only_keys(k, "kpi", {"miss_notice", "priorities", "max_consecutive_misses"});
    if (k["miss_notice"]) r.kpi_miss_notice = read_allowance(y, k["miss_notice"], "kpi.miss_notice");
    if (k["priorities"]) {
      r.kpi_priorities = read_word_set(y, k["priorities"], "kpi.priorities", {});
      for (const auto& p : r.kpi_priorities)
        if (p.size() < 2 || p[0] != 'P')
          y.fail(k["priorities"], "kpi.priorities", "'" + p + "' is not a priority like P1");
    }
    if (k["max_consecutive_misses"])
      r.kpi_max_consecutive_misses =
          static_cast<int>(y.integer(k["max_consecutive_misses"], "kpi.max_consecutive_misses", 1, 24));
  }
  return r;
}

}  // namespace

namespace {

RuleSet parse_checking(const std::string& yaml_text, const std::string& source_name, const CalendarNames& check) {
  const YamlReader y(source_name);
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
