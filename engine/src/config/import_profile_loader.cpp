// Reading import profiles (config/import/*.yaml, docs/import.md) into the
// plain ImportProfile; every mistake is a ConfigError naming file, line and key.
#include <slaclock/base/error.h>
#include <slaclock/base/paths.h>
#include <slaclock/config/import_profile.h>

#include "config/yaml_reading.h"

#include <algorithm>
#include <regex>

namespace slaclock {

namespace {

using detail::YamlReader;

const char* const received_fields[] = {"customer", "customer_class", "category", "channel", "calendar"};

StateMeaning read_meaning(const YamlReader& y, const YAML::Node& n, const std::string& field) {
  const std::string s = y.text(n, field);
  if (s == "new") return StateMeaning::new_case;
  if (s == "active") return StateMeaning::active;
  if (s == "waiting") return StateMeaning::waiting;
  if (s == "resolved") return StateMeaning::resolved;
  if (s == "closed") return StateMeaning::closed;
  if (s == "cancelled") return StateMeaning::cancelled;
  if (s == "ignored") return StateMeaning::ignored;
  y.fail(n, field, "'" + s + "' is not new, active, waiting, resolved, closed, cancelled or ignored");
}

// A source column/path: a non-empty text without control characters.
std::string read_source(const YamlReader& y, const YAML::Node& n, const std::string& field) {
  const std::string s = y.text(n, field);
  if (s.empty()) y.fail(n, field, "may not be empty");
  for (unsigned char c : s)
    if (c < 0x20) y.fail(n, field, "may not hold control characters");
  return s;
}

void optional_source(const YamlReader& y, const YAML::Node& root, const char* key, std::string& out) {
  if (const YAML::Node n = root[key]) out = read_source(y, n, key);
}

ProfileValue read_value(const YamlReader& y, const YAML::Node& n, const std::string& field, ProfileFormat format) {
  ProfileValue v;
  if (n.IsScalar()) {
    v.source = read_source(y, n, field);
    return v;
  }
  const char* source_key = format == ProfileFormat::csv ? "column" : "path";
  y.only_keys(n, field, {source_key, "value", "default"});
  if (const YAML::Node s = n[source_key]) v.source = read_source(y, s, field + "." + source_key);
  if (const YAML::Node s = n["value"]) v.fixed = y.text(s, field + ".value");
  if (const YAML::Node s = n["default"]) v.fallback = y.text(s, field + ".default");
  if (v.source.empty() == v.fixed.empty())
    y.fail(n, field,
           std::string("give either ") + source_key + " (where the value is) or value (the same for every case)");
  if (!v.fixed.empty() && !v.fallback.empty()) y.fail(n, field, "a fixed value needs no default");
  return v;
}

void check_time_format(const YamlReader& y, const YAML::Node& n, const std::string& format) {
  if (format == "iso8601") return;
  // Every field the pattern needs, once: day, month, year, hour and minute.
  for (const char* need : {"d", "m", "yyyy", "H", "MM"}) {
    const std::string s = need;
    const bool found = s == "d"      ? format.find('d') != std::string::npos
                       : s == "m"    ? format.find('m') != std::string::npos
                       : s == "H"    ? format.find('H') != std::string::npos
                       : s == "yyyy" ? format.find("yyyy") != std::string::npos
                                     : format.find("MM") != std::string::npos;
    if (!found)
      y.fail(n, "times.format",
             "'" + format + "' lacks '" + s +
                 "' (a pattern of d or dd, m or mm, yyyy, H or HH, MM and optionally SS; or iso8601)");
  }
  static const std::regex ok("^(dd|d|mm|m|yyyy|HH|H|MM|SS|[^dmyHMS])*$");
  if (!std::regex_match(format, ok))
    y.fail(n, "times.format",
           "'" + format + "' is not a pattern of d, dd, m, mm, yyyy, H, HH, MM, SS and other characters");
}

ImportProfile read_from(const YamlReader& y, const YAML::Node& root) {
  ImportProfile p;
  p.file = y.file();
  y.only_keys(root, "",
              {"name", "description", "format", "records", "case_id", "time", "opened_at", "state", "priority",
               "current_state", "current_priority", "changes", "entity_prefix", "event_id_prefix", "received", "times",
               "nulls", "states", "priorities"});
  p.name = y.text(y.required(root, "name", ""), "name");
  if (p.name.empty() || p.name.size() > 64) y.fail(root["name"], "name", "must be 1-64 characters");
  if (const YAML::Node d = root["description"]) p.description = y.text(d, "description");
  const YAML::Node fmt = y.required(root, "format", "");
  const std::string format = y.text(fmt, "format");
  if (format == "csv")
    p.format = ProfileFormat::csv;
  else if (format == "json")
    p.format = ProfileFormat::json;
  else
    y.fail(fmt, "format", "'" + format + "' is not csv or json");

  if (const YAML::Node r = root["records"]) {
    if (p.format == ProfileFormat::csv) y.fail(r, "records", "only a JSON profile has records (a CSV row is one)");
    p.records = y.text(r, "records");
  }
  p.case_id = read_source(y, y.required(root, "case_id", ""), "case_id");
  optional_source(y, root, "time", p.time);
  optional_source(y, root, "opened_at", p.opened_at);
  optional_source(y, root, "state", p.state);
  optional_source(y, root, "priority", p.priority);
  optional_source(y, root, "current_state", p.current_state);
  optional_source(y, root, "current_priority", p.current_priority);
  if (const YAML::Node e = root["entity_prefix"]) p.entity_prefix = y.text(e, "entity_prefix");
  if (const YAML::Node e = root["event_id_prefix"]) p.event_id_prefix = y.text(e, "event_id_prefix");

  if (const YAML::Node c = root["changes"]) {
    if (p.format == ProfileFormat::csv) y.fail(c, "changes", "only a JSON profile has changes (a CSV row is one)");
    y.only_keys(c, "changes", {"list", "time", "items", "field", "from", "to", "state_field", "priority_field"});
    p.has_changes = true;
    ProfileChanges& ch = p.changes;
    optional_source(y, c, "list", ch.list);
    optional_source(y, c, "time", ch.time);
    ch.items = read_source(y, y.required(c, "items", "changes"), "changes.items");
    ch.field = read_source(y, y.required(c, "field", "changes"), "changes.field");
    ch.to = read_source(y, y.required(c, "to", "changes"), "changes.to");
    optional_source(y, c, "from", ch.from);
    if (const YAML::Node s = c["state_field"]) ch.state_field = y.text(s, "changes.state_field");
    if (const YAML::Node s = c["priority_field"]) ch.priority_field = y.text(s, "changes.priority_field");
    if (!ch.list.empty() && ch.time.empty()) y.fail(c, "changes.time", "is required with changes.list");
    if (ch.list.empty() && p.time.empty()) y.fail(root, "time", "is required when each record is one change");
    if (!p.state.empty() || !p.priority.empty())
      y.fail(c, "changes", "a profile reads states either from changes or from a state column, not both");
  } else {
    if (p.time.empty()) y.fail(root, "time", "is required");
    if (p.state.empty()) y.fail(root, "state", "is required (the column holding the state after each row)");
    if (!p.current_state.empty() || !p.current_priority.empty())
      y.fail(root["current_state"] ? root["current_state"] : root["current_priority"], "current_state",
             "only a profile with changes has a current state or priority");
  }
  if (p.format == ProfileFormat::json && root["records"] && p.records.empty())
    y.fail(root["records"], "records", "may not be empty (leave it out when the document is the array)");

  if (const YAML::Node r = root["received"]) {
    if (!r.IsMap()) y.fail(r, "received", "expected a mapping of event fields to columns or paths");
    for (const auto& kv : r) {
      const std::string key = y.key(kv.first, "received");
      const auto* f = std::find(std::begin(received_fields), std::end(received_fields), key);
      if (f == std::end(received_fields))
        y.fail(kv.first, "received." + key,
               "unknown key (expected one of: customer, customer_class, category, channel, calendar)");
      p.received[key] = read_value(y, kv.second, "received." + key, p.format);
    }
  }
  if (!p.received.count("customer"))
    y.fail(root["received"] ? root["received"] : root, "received.customer",
           "is required (every contact names its customer)");

  if (const YAML::Node t = root["times"]) {
    y.only_keys(t, "times", {"format", "zone", "ambiguous", "gap"});
    if (const YAML::Node f = t["format"]) {
      p.time_format = y.text(f, "times.format");
      check_time_format(y, f, p.time_format);
    }
    if (const YAML::Node z = t["zone"]) {
      p.zone = y.text(z, "times.zone");
      try {
        (void)TimeZone::named(p.zone);
      } catch (const ConfigError& e) {
        y.fail(z, "times.zone", e.why());
      }
    }
    if (const YAML::Node a = t["ambiguous"]) {
      const std::string s = y.text(a, "times.ambiguous");
      if (s == "reject")
        p.ambiguous = Disambiguation::reject;
      else if (s == "earlier")
        p.ambiguous = Disambiguation::earliest;
      else if (s == "later")
        p.ambiguous = Disambiguation::latest;
      else
        y.fail(a, "times.ambiguous", "'" + s + "' is not reject, earlier or later");
    }
    if (const YAML::Node g = t["gap"]) {
      const std::string s = y.text(g, "times.gap");
      if (s == "shift_forward")
        p.gap_shift_forward = true;
      else if (s != "reject")
        y.fail(g, "times.gap", "'" + s + "' is not reject or shift_forward");
    }
  }
  if (p.time_format != "iso8601" && p.zone.empty())
    y.fail(root["times"], "times.zone", "is required with a pattern (its times carry no offset)");

  if (const YAML::Node n = root["nulls"]) {
    if (!n.IsSequence()) y.fail(n, "nulls", "expected a list of texts that mean no value");
    for (std::size_t i = 0; i < n.size(); ++i) p.nulls.push_back(y.text(n[i], "nulls[" + std::to_string(i) + "]"));
  }

  const YAML::Node states = y.required(root, "states", "");
  if (!states.IsMap() || states.size() == 0) y.fail(states, "states", "expected a mapping of state names to meanings");
  for (const auto& kv : states) {
    const std::string name = y.key(kv.first, "states");
    if (name.empty()) y.fail(kv.first, "states", "a state name may not be empty");
    if (!p.states.emplace(name, read_meaning(y, kv.second, "states." + name)).second)
      y.fail(kv.first, "states." + name, "is listed twice");
  }

  if (const YAML::Node pr = root["priorities"]) {
    if (!pr.IsMap()) y.fail(pr, "priorities", "expected a mapping of the export's priorities to P1, P2, ...");
    static const std::regex key("^P[1-9][0-9]?$");
    for (const auto& kv : pr) {
      const std::string from = y.key(kv.first, "priorities");
      const std::string to = y.text(kv.second, "priorities." + from);
      if (!std::regex_match(to, key)) y.fail(kv.second, "priorities." + from, "'" + to + "' is not P1, P2, ...");
      if (!p.priorities.emplace(from, to).second) y.fail(kv.first, "priorities." + from, "is listed twice");
    }
  }
  if ((!p.priority.empty() || !p.current_priority.empty()) && p.priorities.empty())
    y.fail(root, "priorities", "is required when the profile reads a priority");
  return p;
}

}  // namespace

const char* state_meaning_name(StateMeaning m) noexcept {
  switch (m) {
    case StateMeaning::new_case:
      return "new";
    case StateMeaning::active:
      return "active";
    case StateMeaning::waiting:
      return "waiting";
    case StateMeaning::resolved:
      return "resolved";
    case StateMeaning::closed:
      return "closed";
    case StateMeaning::cancelled:
      return "cancelled";
    case StateMeaning::ignored:
      return "ignored";
  }
  return "";
}

ImportProfile read_import_profile(const std::filesystem::path& file) {
  const YamlReader y(file.string());
  return read_from(y, y.load());
}

std::vector<std::string> shipped_import_profiles(const std::filesystem::path& dir) {
  const std::filesystem::path d = dir.empty() ? default_import_profile_dir() : dir;
  std::vector<std::string> out;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(d, ec), end; !ec && it != end; it.increment(ec))
    if (it->path().extension() == ".yaml") out.push_back(it->path().stem().string());
  std::sort(out.begin(), out.end());
  return out;
}

ImportProfile find_import_profile(const std::string& name_or_file, const std::filesystem::path& dir) {
  if (name_or_file.empty()) throw ConfigError({"", 0, "--profile"}, "no profile named");
  const bool is_file = name_or_file.find('/') != std::string::npos ||
                       (name_or_file.size() > 5 && name_or_file.substr(name_or_file.size() - 5) == ".yaml");
  if (is_file) return read_import_profile(name_or_file);
  for (unsigned char c : name_or_file)
    if (c < 0x20 || c == '\\') throw ConfigError({"", 0, "--profile"}, "not a profile name");
  const std::filesystem::path d = dir.empty() ? default_import_profile_dir() : dir;
  const std::filesystem::path file = d / (name_or_file + ".yaml");
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) {
    std::string list;
    for (const auto& n : shipped_import_profiles(d)) list += (list.empty() ? "" : ", ") + n;
    throw ConfigError({"", 0, "--profile"}, "unknown import profile '" + name_or_file + "' (shipped: " +
                                                (list.empty() ? "none" : list) + "; or give a FILE.yaml)");
  }
  return read_import_profile(file);
}

}  // namespace slaclock
