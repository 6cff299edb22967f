// The clock JSON shape shared by the CLI and the dashboard's API.
#include <slaclock/report/clock_json.h>
#include <slaclock/time/timestamp.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <string_view>

namespace slaclock {

nlohmann::json clock_json(const ClockResult& c, const TimeZone* zone) {
  auto instant = [&](const std::optional<Instant>& t) {
    if (!t) return nlohmann::json(nullptr);
    return nlohmann::json(zone ? format_instant(*t, *zone) : format_utc(*t));
  };
  nlohmann::json j;
  j["entity_id"] = c.entity_id;
  j["kind"] = entity_kind_name(c.kind);
  j["clock"] = clock_name(c.clock);
  j["status"] = clock_status_name(c.status);
  j["started_at"] = instant(c.started_at);
  j["due_at"] = instant(c.due_at);
  j["stopped_at"] = instant(c.stopped_at);
  j["rule_version"] = c.rule_version;
  j["band"] = c.band ? nlohmann::json(gemini_band_name(*c.band)) : nlohmann::json(nullptr);
  j["calendar"] = c.calendar;
  j["customer"] = c.customer.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.customer);
  j["priority"] = c.priority.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.priority);
  j["target"] = c.target.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.target);
  j["reason"] = c.reason;
  // The figures behind the status, in the clock's own measure (business
  // seconds for business clocks), as of the instant judged; null for a clock
  // that is not timed (not applicable, no due instant, kpi_consecutive).
  const bool timed = c.is_timed();
  const auto figure = [timed](auto v) { return timed ? nlohmann::json(v) : nlohmann::json(nullptr); };
  j["measure"] = figure(measure_name(c.measure));
  j["allowance_seconds"] = figure(c.allowance_seconds);
  j["used_seconds"] = figure(c.used_seconds);
  j["percent_used"] = figure(std::round(c.percent_used() * 10.0) / 10.0);
  j["remaining_seconds"] = figure(c.remaining_seconds());
  // Pause and resume: the time held (in the clock's measure) and, while held, since when.
  j["held_seconds"] = figure(c.held_seconds);
  j["held_since"] = instant(c.held_since);
  return j;
}

nlohmann::json stored_clock_json(const ClockResult& c, std::int64_t sweep_id, Instant sweep_as_of,
                                 const std::optional<std::string>& priority, const TimeZone* zone) {
  nlohmann::json j = clock_json(c, zone);
  // The stored row has no figures: null rather than the zeros of a clock
  // never judged, which would read as "nothing used".
  for (const char* key : {"measure", "allowance_seconds", "used_seconds", "percent_used", "remaining_seconds",
                          "held_seconds", "held_since"})
    j[key] = nullptr;
  j["sweep_id"] = sweep_id;
  j["sweep_as_of"] = zone ? format_instant(sweep_as_of, *zone) : format_utc(sweep_as_of);
  j["priority"] = priority ? nlohmann::json(*priority) : nlohmann::json(nullptr);
  return j;
}

const std::vector<std::string>& stored_clock_columns() {
  static const std::vector<std::string> columns = [] {
    const nlohmann::json sample = stored_clock_json(ClockResult{}, 0, Instant{0}, std::nullopt, nullptr);
    std::vector<std::string> keys;
    for (const auto& [key, value] : sample.items()) keys.push_back(key);
    return keys;
  }();
  return columns;
}

nlohmann::json clocks_json(const std::vector<ClockResult>& clocks, const ClockZoneOf& zone_of,
                           const std::vector<std::optional<bool>>* matches) {
  nlohmann::json out = nlohmann::json::array();
  for (std::size_t i = 0; i < clocks.size(); ++i) {
    nlohmann::json j = clock_json(clocks[i], zone_of(clocks[i]));
    if (matches) {
      const std::optional<bool> m = i < matches->size() ? (*matches)[i] : std::nullopt;
      j["matches_stored"] = m ? nlohmann::json(*m) : nlohmann::json(nullptr);
    }
    out.push_back(std::move(j));
  }
  return out;
}

namespace {

// The JSON text of one value exactly as nlohmann's dump() writes it (with
// the U+FFFD replacement for invalid UTF-8): plain printable ASCII, the
// bulk of every answer, is copied; anything to escape or check goes through
// nlohmann itself, so the two writers cannot drift.
void append_string(std::string& out, std::string_view s) {
  const bool plain = std::all_of(s.begin(), s.end(), [](char ch) {
    const auto u = static_cast<unsigned char>(ch);
    return u >= 0x20 && u < 0x7f && ch != '"' && ch != '\\';
  });
  if (plain) {
    out += '"';
    out += s;
    out += '"';
  } else {
    out += nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
}

class ObjectWriter {
 public:
  // Keys must come in the order nlohmann's std::map-backed object prints
  // them (sorted); the writer test compares the two texts byte for byte.
  explicit ObjectWriter(std::string& out) : out_(out) { out_ += "  {"; }
  ~ObjectWriter() { out_ += "\n  }"; }
  ObjectWriter(const ObjectWriter&) = delete;
  ObjectWriter& operator=(const ObjectWriter&) = delete;

  void text(std::string_view key, std::string_view value) {
    open(key);
    append_string(out_, value);
  }
  void text_or_null(std::string_view key, const std::string& value) { value.empty() ? null(key) : text(key, value); }
  void null(std::string_view key) { raw(key, "null"); }
  void integer(std::string_view key, std::int64_t v) { raw(key, std::to_string(v)); }
  void raw(std::string_view key, std::string_view json) {
    open(key);
    out_ += json;
  }

 private:
  void open(std::string_view key) {
    out_ += first_ ? "\n    \"" : ",\n    \"";
    first_ = false;
    out_ += key;
    out_ += "\": ";
  }
  std::string& out_;
  bool first_ = true;
};

}  // namespace

void stored_clock_cells(const ClockResult& c, std::int64_t sweep_id, Instant sweep_as_of,
                        const std::optional<std::string>& priority, const TimeZone* zone,
                        std::vector<StoredClockCell>& cells) {
  // In stored_clock_columns' (sorted) order; tests hold it to stored_clock_json.
  cells.resize(23);
  std::size_t i = 0;
  const auto null = [&] { cells[i++].kind = StoredClockCell::Kind::null; };
  const auto text = [&](std::string_view v) {
    cells[i].kind = StoredClockCell::Kind::text;
    cells[i++].value.assign(v);
  };
  const auto text_or_null = [&](const std::string& v) { v.empty() ? null() : text(v); };
  const auto instant = [&](const std::optional<Instant>& t) {
    if (!t) return null();
    text(zone ? format_instant(*t, *zone) : format_utc(*t));
  };
  null();  // allowance_seconds: a stored result keeps no figures
  c.band ? text(gemini_band_name(*c.band)) : null();
  text(c.calendar);
  text(clock_name(c.clock));
  text_or_null(c.customer);
  instant(c.due_at);
  text(c.entity_id);
  null();  // held_seconds
  null();  // held_since
  text(entity_kind_name(c.kind));
  null();  // measure
  null();  // percent_used
  priority ? text(*priority) : null();
  text(c.reason);
  null();  // remaining_seconds
  text(c.rule_version);
  instant(c.started_at);
  text(clock_status_name(c.status));
  instant(c.stopped_at);
  instant(sweep_as_of);
  cells[i].kind = StoredClockCell::Kind::number;
  cells[i++].value = std::to_string(sweep_id);
  null();  // target: a stored result says which target row applied in its reason
  null();  // used_seconds
}

void append_stored_clock_json(std::string& out, const std::vector<StoredClockCell>& cells) {
  const std::vector<std::string>& keys = stored_clock_columns();
  out += '{';
  for (std::size_t i = 0; i < cells.size() && i < keys.size(); ++i) {
    if (i) out += ',';
    out += '"';
    out += keys[i];  // plain ASCII names
    out += "\":";
    switch (cells[i].kind) {
      case StoredClockCell::Kind::null:
        out += "null";
        break;
      case StoredClockCell::Kind::text:
        append_string(out, cells[i].value);
        break;
      case StoredClockCell::Kind::number:
        out += cells[i].value;
        break;
    }
  }
  out += '}';
}

std::string clocks_json_text(const std::vector<ClockResult>& clocks, const ClockZoneOf& zone_of,
                             const std::vector<std::optional<bool>>* matches) {
  if (clocks.empty()) return "[]";
  std::string out = "[\n";
  out.reserve(clocks.size() * 720);
  for (std::size_t i = 0; i < clocks.size(); ++i) {
    const ClockResult& c = clocks[i];
    const TimeZone* zone = zone_of(c);
    if (i > 0) out += ",\n";
    ObjectWriter o(out);
    const auto instant = [&](std::string_view key, const std::optional<Instant>& t) {
      if (!t) return o.null(key);
      o.text(key, zone ? format_instant(*t, *zone) : format_utc(*t));
    };
    const bool timed = c.is_timed();
    const auto figure = [&](std::string_view key, std::int64_t v) { timed ? o.integer(key, v) : o.null(key); };
    figure("allowance_seconds", c.allowance_seconds);
    c.band ? o.text("band", gemini_band_name(*c.band)) : o.null("band");
    o.text("calendar", c.calendar);
    o.text("clock", clock_name(c.clock));
    o.text_or_null("customer", c.customer);
    instant("due_at", c.due_at);
    o.text("entity_id", c.entity_id);
    figure("held_seconds", c.held_seconds);
    instant("held_since", c.held_since);
    o.text("kind", entity_kind_name(c.kind));
    if (matches) {
      const std::optional<bool> m = i < matches->size() ? (*matches)[i] : std::nullopt;
      o.raw("matches_stored", m ? (*m ? "true" : "false") : "null");
    }
    timed ? o.text("measure", measure_name(c.measure)) : o.null("measure");
    if (timed)
      o.raw("percent_used", nlohmann::json(std::round(c.percent_used() * 10.0) / 10.0).dump());
    else
      o.null("percent_used");
    o.text_or_null("priority", c.priority);
    o.text("reason", c.reason);
    figure("remaining_seconds", c.remaining_seconds());
    o.text("rule_version", c.rule_version);
    instant("started_at", c.started_at);
    o.text("status", clock_status_name(c.status));
    instant("stopped_at", c.stopped_at);
    o.text_or_null("target", c.target);
    figure("used_seconds", c.used_seconds);
  }
  out += "\n]";
  return out;
}

void add_replay_holds(nlohmann::json& clocks, const std::vector<ClockResult>& results,
                      const std::vector<HoldPeriod>& holds, const std::set<ClockId>& paused,
                      const ClockZoneOf& zone_of) {
  for (std::size_t i = 0; i < results.size() && i < clocks.size(); ++i) {
    if (!paused.count(results[i].clock)) continue;
    const TimeZone* zone = zone_of(results[i]);
    const auto instant = [zone](Instant t) { return zone ? format_instant(t, *zone) : format_utc(t); };
    nlohmann::json list = nlohmann::json::array();
    for (const HoldPeriod& h : holds)
      list.push_back(
          {{"from", instant(h.from)},
           {"to", h.to ? nlohmann::json(instant(*h.to)) : nlohmann::json(nullptr)},
           {"ended_by", h.to ? nlohmann::json(event_type_name(h.ended_by)) : nlohmann::json(nullptr)},
           {"reason", h.reason},
           {"resumed_reason", h.resume_reason.empty() ? nlohmann::json(nullptr) : nlohmann::json(h.resume_reason)}});
    clocks[i]["holds"] = std::move(list);
  }
}

}  // namespace slaclock
