// KVI scorecard settings read from config/kvi.yaml.
#include <slaclock/base/error.h>
#include <slaclock/base/paths.h>
#include <slaclock/config/kvi_config_loader.h>
#include <slaclock/time/time_zone.h>
#include <slaclock/time/timestamp.h>

#include "config/yaml_reading.h"

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

void read_kvi(const YamlReader& y, const YAML::Node& n, KviId id, KviConfig& c) {
  const std::string f = std::string("kvis.") + kvi_key(id);
  KviSettings& s = c.kvis[id];
  const bool shares = id != KviId::customer_data_security && id != KviId::financial_reporting;
  if (shares)
    y.only_keys(n, f, {"weight", "frequency", "target", "amber_from", "commitment"});
  else if (id == KviId::customer_data_security)
    y.only_keys(n, f, {"weight", "frequency", "commitment", "max_breaches"});
  else
    y.only_keys(n, f, {"weight", "frequency", "commitment"});
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
  y.only_keys(root, "", {"version", "effective_from", "time_zone", "amber_credit", "kvis", "service_delivery"});
  if (root["version"]) {
    c.version = y.text(root["version"], "version");
    if (c.version.empty() || c.version.size() > 64) y.fail(root["version"], "version", "must be 1-64 characters");
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
      bool known = false;
      for (KviId id : all_kvis)
        if (key == kvi_key(id)) {
          read_kvi(y, kv.second, id, c);
          known = true;
        }
      if (!known)
        y.fail(kv.first, "kvis." + key,
               "unknown KVI (expected one of: issue_resolution, change_management, relationship_management, "
               "customer_data_security, data_services, service_delivery, financial_reporting)");
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

KviConfig read_kvi_config(const std::filesystem::path& file) {
  const YamlReader y(file.string());
  return read_from(y, y.load());
}

KviConfig load_default_kvi_config() {
  const auto path = default_kvi_config_path();
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return KviConfig{};
  return read_kvi_config(path);
}

}  // namespace slaclock
