// KVI scorecard settings read from config/kvi/*.yaml (one version per file).
#include <slaclock/base/error.h>
#include <slaclock/base/paths.h>
#include <slaclock/config/kvi_config_loader.h>
#include <slaclock/time/time_zone.h>
#include <slaclock/time/timestamp.h>

#include "config/yaml_reading.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace slaclock {

namespace {

using detail::YamlReader;

ReportingFrequency read_frequency(const YamlReader& y, const YAML::Node& n, const std::string& field) {
  const std::string s = y.text(n, field);
  if (s == "monthly") return ReportingFrequency::monthly;
  if (s == "quarterly") return ReportingFrequency::quarterly;
  if (s == "as_required") return ReportingFrequency::as_required;
  y.fail(n, field, "'" + s + "' is not monthly, quarterly or as_required");
}

/// A share as 0.9 or as "90%".
double read_share(const YamlReader& y, const YAML::Node& n, const std::string& field) {
  if (n.IsScalar() && !n.Scalar().empty() && n.Scalar().back() == '%') {
    const std::string digits = n.Scalar().substr(0, n.Scalar().size() - 1);
    double pct = -1;
    try {
      std::size_t used = 0;
      pct = std::stod(digits, &used);
      if (used != digits.size()) pct = -1;
    } catch (const std::logic_error&) {
      pct = -1;
    }
    if (!(pct >= 0 && pct <= 100)) y.fail(n, field, "'" + n.Scalar() + "' is not a percentage 0%-100%");
    return pct / 100.0;
  }
  return y.number(n, field, 0, 1);
}

std::string known_kvis() {
  std::string out;
  for (KviId id : every_kvi) out += (out.empty() ? "" : ", ") + std::string(kvi_key(id));
  return out;
}

KviId read_kvi_id(const YamlReader& y, const YAML::Node& n, const std::string& field) {
  const std::string word = y.text(n, field);
  if (const auto id = parse_kvi_id(word)) return *id;
  y.fail(n, field, "unknown KVI '" + word + "' (expected one of: " + known_kvis() + ")");
}

void read_out_of_scope(const YamlReader& y, const YAML::Node& list, const std::string& f, KviConfig& c) {
  const std::string field = f + ".out_of_scope";
  if (!list.IsSequence()) y.fail(list, field, "expected a list of {channel or category, reason}");
  c.out_of_scope.clear();
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string at = field + "[" + std::to_string(i) + "]";
    const YAML::Node x = list[i];
    y.only_keys(x, at, {"channel", "category", "reason"});
    if (static_cast<bool>(x["channel"]) == static_cast<bool>(x["category"]))
      y.fail(x, at, "give exactly one of channel or category");
    KviScopeExclusion e;
    e.field = x["channel"] ? "channel" : "category";
    e.value = y.text(x[e.field], at + "." + e.field);
    if (e.value.empty()) y.fail(x[e.field], at + "." + e.field, "must not be empty");
    e.reason = y.text(y.required(x, "reason", at), at + ".reason");
    for (const KviScopeExclusion& other : c.out_of_scope)
      if (other.field == e.field && other.value == e.value)
        y.fail(x[e.field], at + "." + e.field, "'" + e.value + "' is listed twice");
    c.out_of_scope.push_back(std::move(e));
  }
}

void read_score_bands(const YamlReader& y, const YAML::Node& list, const std::string& field, KviConfig& c) {
  if (!list.IsSequence() || list.size() == 0) y.fail(list, field, "expected a non-empty list of {from, label, rag}");
  c.communication_bands.clear();
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string at = field + "[" + std::to_string(i) + "]";
    const YAML::Node b = list[i];
    y.only_keys(b, at, {"from", "label", "rag"});
    KviScoreBand band;
    band.from = y.number(y.required(b, "from", at), at + ".from", 0, 10);
    band.label = y.text(y.required(b, "label", at), at + ".label");
    const std::string rag = y.text(y.required(b, "rag", at), at + ".rag");
    if (rag == "green")
      band.rag = Rag::green;
    else if (rag == "amber")
      band.rag = Rag::amber;
    else if (rag == "red")
      band.rag = Rag::red;
    else
      y.fail(b["rag"], at + ".rag", "'" + rag + "' is not green, amber or red");
    if (!c.communication_bands.empty() && band.from >= c.communication_bands.back().from)
      y.fail(b["from"], at + ".from", "bands must be listed highest first, each lower");
    c.communication_bands.push_back(std::move(band));
  }
  if (c.communication_bands.back().from != 0)
    y.fail(list[list.size() - 1]["from"], field + "[" + std::to_string(list.size() - 1) + "].from",
           "the last band must start at 0, so that every score has a class");
}

void read_kvi(const YamlReader& y, const YAML::Node& n, KviId id, KviConfig& c) {
  const std::string f = std::string("kvis.") + kvi_key(id);
  KviSettings& s = c.kvis[id];
  const bool shares =
      id != KviId::customer_data_security && id != KviId::financial_reporting && id != KviId::communication;
  switch (id) {
    case KviId::customer_data_security:
      y.only_keys(n, f, {"weight", "frequency", "commitment", "max_breaches"});
      break;
    case KviId::financial_reporting:
      y.only_keys(n, f, {"weight", "frequency", "commitment", "schedule", "min_updates_per_year"});
      break;
    case KviId::communication:
      y.only_keys(n, f, {"weight", "frequency", "commitment", "bands"});
      break;
    case KviId::issue_resolution:
      y.only_keys(n, f, {"weight", "frequency", "target", "amber_from", "commitment", "out_of_scope"});
      break;
    case KviId::relationship_management:
      y.only_keys(n, f, {"weight", "frequency", "target", "amber_from", "commitment", "rag_rule"});
      break;
    default:
      y.only_keys(n, f, {"weight", "frequency", "target", "amber_from", "commitment"});
  }
  if (n["weight"]) s.weight = y.number(n["weight"], f + ".weight", 0, 1000);
  if (n["frequency"]) s.frequency = read_frequency(y, n["frequency"], f + ".frequency");
  if (n["commitment"]) s.commitment = y.text(n["commitment"], f + ".commitment");
  if (shares) {
    if (n["target"]) {
      s.target = read_share(y, n["target"], f + ".target");
      // A lowered target without its own amber band keeps amber below it.
      if (!n["amber_from"] && s.amber_from > s.target) s.amber_from = s.target;
    }
    if (n["amber_from"]) s.amber_from = read_share(y, n["amber_from"], f + ".amber_from");
    if (s.amber_from > s.target)
      y.fail(n["amber_from"] ? n["amber_from"] : n, f + ".amber_from",
             "must not be above the target (amber is a near miss below it)");
  }
  if (id == KviId::issue_resolution && n["out_of_scope"]) read_out_of_scope(y, n["out_of_scope"], f, c);
  if (id == KviId::relationship_management && n["rag_rule"]) {
    const std::string rule = y.text(n["rag_rule"], f + ".rag_rule");
    if (rule == "every_question")
      c.trust_rag_rule = TrustRagRule::every_question;
    else if (rule == "overall")
      c.trust_rag_rule = TrustRagRule::overall;
    else
      y.fail(n["rag_rule"], f + ".rag_rule", "'" + rule + "' is not every_question or overall");
  }
  if (id == KviId::financial_reporting) {
    if (const YAML::Node sched = n["schedule"]) {
      y.only_keys(sched, f + ".schedule", {"first_period", "due_days_after_quarter_end"});
      KviReportSchedule schedule;
      const YAML::Node first = y.required(sched, "first_period", f + ".schedule");
      const std::string p = y.text(first, f + ".schedule.first_period");
      if (p.size() != 7 || p[4] != '-' || p[5] != 'Q' || p[6] < '1' || p[6] > '4' ||
          p.substr(0, 4).find_first_not_of("0123456789") != std::string::npos)
        y.fail(first, f + ".schedule.first_period", "'" + p + "' is not a quarter YYYY-Qn");
      schedule.first_year = std::stoi(p.substr(0, 4));
      schedule.first_quarter = static_cast<unsigned>(p[6] - '0');
      if (sched["due_days_after_quarter_end"])
        schedule.due_days_after_quarter_end = static_cast<int>(
            y.integer(sched["due_days_after_quarter_end"], f + ".schedule.due_days_after_quarter_end", 0, 366));
      c.report_schedule = schedule;
    }
    if (n["min_updates_per_year"])
      c.min_updates_per_year =
          static_cast<int>(y.integer(n["min_updates_per_year"], f + ".min_updates_per_year", 1, 52));
  }
  if (id == KviId::communication && n["bands"]) read_score_bands(y, n["bands"], f + ".bands", c);
  if (id == KviId::customer_data_security && n["max_breaches"]) {
    const YAML::Node m = n["max_breaches"];
    y.only_keys(m, f + ".max_breaches", {"critical", "high", "medium", "low"});
    for (const char* sev : {"critical", "high", "medium", "low"})
      if (m[sev]) c.max_breaches[sev] = static_cast<int>(y.integer(m[sev], f + ".max_breaches." + sev, 0, 10000));
  }
}

KviConfig read_from(const YamlReader& y, const YAML::Node& root) {
  KviConfig c;
  c.source = y.file();
  if (!root || root.IsNull()) return c;
  y.only_keys(
      root, "",
      {"version", "effective_from", "title", "scorecard", "time_zone", "amber_credit", "kvis", "service_delivery"});
  if (root["version"]) {
    // Shown in the pack and tables: the plain names of rule versions.
    c.version = y.name_text(root["version"], "version");
  }
  if (root["title"]) c.title = y.text(root["title"], "title");
  if (const YAML::Node set = root["scorecard"]) {
    if (!set.IsSequence() || set.size() == 0) y.fail(set, "scorecard", "expected a non-empty list of KVIs");
    c.scorecard.clear();
    for (std::size_t i = 0; i < set.size(); ++i) {
      const std::string field = "scorecard[" + std::to_string(i) + "]";
      const KviId id = read_kvi_id(y, set[i], field);
      if (std::find(c.scorecard.begin(), c.scorecard.end(), id) != c.scorecard.end())
        y.fail(set[i], field, std::string("'") + kvi_key(id) + "' is listed twice");
      c.scorecard.push_back(id);
    }
  }
  if (const YAML::Node eff = root["effective_from"]) {
    try {
      c.effective_from = parse_date(y.text(eff, "effective_from"));
    } catch (const InputError& e) {
      y.fail(eff, "effective_from", e.why());
    }
  }
  if (root["time_zone"]) {
    c.time_zone = y.text(root["time_zone"], "time_zone");
    try {
      TimeZone::named(c.time_zone);
    } catch (const Error& e) {
      y.fail(root["time_zone"], "time_zone", e.why());
    }
  }
  if (root["amber_credit"]) c.amber_credit = y.number(root["amber_credit"], "amber_credit", 0, 1);
  if (const YAML::Node k = root["kvis"]) {
    if (!k.IsMap()) y.fail(k, "kvis", "expected a mapping");
    for (const auto& kv : k) {
      const std::string key = y.key(kv.first, "kvis");
      read_kvi(y, kv.second, read_kvi_id(y, kv.first, "kvis." + key), c);
    }
  }
  if (const YAML::Node sd = root["service_delivery"]) {
    y.only_keys(sd, "service_delivery", {"priorities", "financial_year_start_month"});
    if (const YAML::Node p = sd["priorities"]) {
      if (!p.IsSequence() || p.size() == 0) y.fail(p, "service_delivery.priorities", "expected a non-empty list");
      c.kpi_priorities.clear();
      for (std::size_t i = 0; i < p.size(); ++i) {
        const std::string field = "service_delivery.priorities[" + std::to_string(i) + "]";
        const std::string w = y.text(p[i], field);
        if (w.size() < 2 || w[0] != 'P' || w.find_first_not_of("0123456789", 1) != std::string::npos)
          y.fail(p[i], field, "'" + w + "' is not a priority like P1");
        c.kpi_priorities.push_back(w);
      }
    }
    if (sd["financial_year_start_month"])
      c.financial_year_start_month = static_cast<unsigned>(
          y.integer(sd["financial_year_start_month"], "service_delivery.financial_year_start_month", 1, 12));
  }
  return c;
}

}  // namespace

KviConfig parse_kvi_config(const std::string& yaml_text, const std::string& source_name) {
  const YamlReader y(source_name);
  return read_from(y, y.load_text(yaml_text));
}

KviConfig parse_stored_kvi_config(const std::string& yaml_text, const std::string& source_name) {
  const YamlReader y(source_name, true);
  return read_from(y, y.load_text(yaml_text));
}

KviConfig read_kvi_config(const std::filesystem::path& file) {
  const YamlReader y(file.string());
  return read_from(y, y.load());
}

std::vector<KviConfig> read_kvi_config_dir(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec))
    if (e.path().extension() == ".yaml") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::vector<KviConfig> out;
  for (const auto& f : files) out.push_back(read_kvi_config(f));
  std::sort(out.begin(), out.end(),
            [](const KviConfig& a, const KviConfig& b) { return a.effective_from < b.effective_from; });
  return out;
}

KviConfig kvi_config_in_force(const std::vector<KviConfig>& versions, CivilDate day) {
  const KviConfig* found = nullptr;
  for (const KviConfig& c : versions)
    if (c.effective_from <= day && (!found || found->effective_from <= c.effective_from)) found = &c;
  return found ? *found : KviConfig{};
}

KviConfig load_shipped_kvi_config(CivilDate day) {
  return kvi_config_in_force(read_kvi_config_dir(default_kvi_config_dir()), day);
}

}  // namespace slaclock
