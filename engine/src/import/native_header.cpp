#include "import/native_header.h"

#include "import/accepted_events.h"

#include <slaclock/base/error.h>
#include <slaclock/base/text_safety.h>

#include <algorithm>
#include <set>

namespace slaclock::detail {

namespace {

// The name as a careless export writes it: trimmed and lower-case.
std::string loose(const std::string& name) {
  const auto first = name.find_first_not_of(" \t");
  if (first == std::string::npos) return {};
  const auto last = name.find_last_not_of(" \t");
  std::string out = name.substr(first, last - first + 1);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
  return out;
}

const std::set<std::string>& field_names() {
  static const std::set<std::string> names = [] {
    std::set<std::string> out;
    for (const auto& f : common_event_fields()) out.insert(f.name);
    for (const auto& t : accepted_event_fields())
      for (const auto& f : t.fields) out.insert(f.name);
    return out;
  }();
  return names;
}

std::string shown(const std::string& name) {
  return "'" + terminal_safe(name.substr(0, 80)) + "'";
}

}  // namespace

void check_native_header(const std::vector<std::string>& columns) {
  if (std::find(columns.begin(), columns.end(), "event_id") != columns.end()) return;
  for (const std::string& c : columns) {
    for (const char sep : {';', '\t', '|'}) {
      if (c.find(sep) == std::string::npos || loose(c.substr(0, c.find(sep))) != "event_id") continue;
      throw InputError({"", 1, ""}, std::string("the header ") + shown(c) + " is separated by '" +
                                        (sep == '\t' ? std::string("\\t") : std::string(1, sep)) +
                                        "', not commas: slaclock reads comma-separated CSV (RFC 4180); export "
                                        "with ',' as the separator");
    }
  }
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const std::string want = loose(columns[i]);
    if (want == columns[i] || !field_names().count(want)) continue;
    throw InputError({"", 1, ""}, "header column " + std::to_string(i + 1) + " " + shown(columns[i]) +
                                      " is not a field name: did you mean '" + want +
                                      "'? The header names the fields exactly as docs/events.md does, lower-case, "
                                      "with no spaces around them");
  }
}

}  // namespace slaclock::detail
