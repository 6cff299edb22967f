#include "serve/query_params.h"
#include "serve/http_error.h"

#include <slaclock/base/error.h>
#include <slaclock/ops/overdue.h>
#include <slaclock/time/timestamp.h>

#include <algorithm>
#include <charconv>

namespace slaclock::detail {

namespace {
constexpr std::size_t max_value_bytes = 200;
const std::string none;
}  // namespace

void QueryParams::bad(const std::string& name, const std::string& why) {
  throw HttpError(400, "parameter " + name + ": " + why);
}

QueryParams::QueryParams(const std::multimap<std::string, std::string>& params,
                         std::initializer_list<const char*> allowed) {
  for (const auto& [name, value] : params) {
    if (std::none_of(allowed.begin(), allowed.end(), [&](const char* a) { return name == a; })) {
      std::string list;
      for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      throw HttpError(400, "unknown parameter '" + name.substr(0, 40) + "'" +
                               (list.empty() ? "; this address takes none" : "; this address takes " + list));
    }
    if (value.size() > max_value_bytes) bad(name, "longer than " + std::to_string(max_value_bytes) + " bytes");
    if (!values_.emplace(name, value).second) bad(name, "given more than once");
  }
}

const std::string& QueryParams::text(const std::string& name) const {
  const auto it = values_.find(name);
  return it == values_.end() ? none : it->second;
}

std::optional<Instant> QueryParams::instant(const std::string& name, const TimeZone& zone) const {
  const std::string& t = text(name);
  if (t.empty()) return std::nullopt;
  try {
    return parse_instant(t, &zone);
  } catch (const InputError& e) {
    bad(name, e.why());
  }
}

DueWithin QueryParams::due_within(const std::string& name) const {
  const std::string& t = text(name);
  if (t.empty()) return {};
  try {
    return parse_due_within(t);
  } catch (const InputError& e) {
    bad(name, e.why());
  }
}

std::optional<ClockId> QueryParams::clock(const std::string& name) const {
  const std::string& t = text(name);
  if (t.empty()) return std::nullopt;
  const auto id = parse_clock_id(t);
  if (!id) bad(name, "'" + t + "' is not a clock; use one of " + list_clock_names());
  return id;
}

std::optional<ClockStatus> QueryParams::running_status(const std::string& name) const {
  const std::string& t = text(name);
  if (t.empty()) return std::nullopt;
  const auto s = parse_clock_status(t);
  if (!s || !is_running(*s)) bad(name, "'" + t + "' is not one of pending, at_risk, breached");
  return s;
}

std::size_t QueryParams::number(const std::string& name, std::size_t min, std::size_t max, std::size_t fallback) const {
  const std::string& t = text(name);
  if (t.empty()) return fallback;
  std::size_t n = 0;
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), n);
  if (ec != std::errc() || end != t.data() + t.size() || n < min || n > max)
    bad(name, "'" + t + "' is not a whole number from " + std::to_string(min) + " to " + std::to_string(max));
  return n;
}

bool QueryParams::flag(const std::string& name) const {
  const std::string& t = text(name);
  if (t.empty() || t == "false" || t == "0" || t == "no" || t == "off") return false;
  if (t == "true" || t == "1" || t == "yes" || t == "on") return true;
  bad(name, "'" + t + "' is not true or false");
}

}  // namespace slaclock::detail
