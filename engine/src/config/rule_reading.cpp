// The rule reader's shared readers: durations, word lists, Gemini bands.
#include "config/rule_reading.h"

#include <cmath>

namespace slaclock::detail {

Allowance read_allowance(const YamlReader& y, const YAML::Node& n, const std::string& field, bool allow_zero_days) {
  y.only_keys(n, field, {"business_hours", "business_minutes", "business_days", "hours", "minutes"});
  if (n.size() != 1)
    y.fail(n, field, "give exactly one of business_hours, business_minutes, business_days, hours, minutes");
  const auto kv = *n.begin();
  const std::string unit = y.key(kv.first, field);
  const std::string f = field + "." + unit;
  if (unit == "business_days")
    return {Allowance::Unit::business_days, y.integer(kv.second, f, allow_zero_days ? 0 : 1, 1000)};
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

}  // namespace slaclock::detail
