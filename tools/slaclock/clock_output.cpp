#include "clock_output.h"

#include <slaclock/base/error.h>
#include <slaclock/base/paths.h>
#include <slaclock/config/calendar_loader.h>
#include <slaclock/report/clock_json.h>

#include <cmath>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>

namespace slaclock::cli {

namespace {

const TimeZone& zone_of(const ClockResult& c, const CommonOptions& o) {
  // Each clock prints in its own calendar's zone; zones are cached.
  static thread_local std::map<std::string, TimeZone> zones;
  auto it = zones.find(c.calendar);
  if (it == zones.end()) it = zones.emplace(c.calendar, o.zone_of_calendar(c.calendar)).first;
  return it->second;
}

std::string instant_text(const std::optional<Instant>& t, const ClockResult& c, const CommonOptions& o) {
  return t ? o.format_time(*t, zone_of(c, o)) : std::string();
}

const std::vector<std::string> columns = {"entity_id",
                                          "kind",
                                          "clock",
                                          "status",
                                          "started_at",
                                          "due_at",
                                          "stopped_at",
                                          "rule_version",
                                          "band",
                                          "calendar",
                                          "customer",
                                          "reason",
                                          "measure",
                                          "allowance_seconds",
                                          "used_seconds",
                                          "percent_used",
                                          "remaining_seconds",
                                          "held_seconds",
                                          "held_since",
                                          "priority",
                                          "target"};

// Used / allowance as a percentage, to one decimal place.
double rounded_percent(const ClockResult& c) {
  return std::round(c.percent_used() * 10.0) / 10.0;
}

std::string percent_text(const ClockResult& c) {
  std::ostringstream os;
  os << std::fixed << std::setprecision(1) << rounded_percent(c);
  return os.str();
}

std::vector<std::string> row(const ClockResult& c, const CommonOptions& o) {
  const bool timed = c.is_timed();
  return {c.entity_id,
          entity_kind_name(c.kind),
          clock_name(c.clock),
          clock_status_name(c.status),
          instant_text(c.started_at, c, o),
          instant_text(c.due_at, c, o),
          instant_text(c.stopped_at, c, o),
          c.rule_version,
          c.band ? gemini_band_name(*c.band) : "",
          c.calendar,
          c.customer,
          c.reason,
          timed ? measure_name(c.measure) : "",
          timed ? std::to_string(c.allowance_seconds) : "",
          timed ? std::to_string(c.used_seconds) : "",
          timed ? percent_text(c) : "",
          timed ? std::to_string(c.remaining_seconds()) : "",
          timed ? std::to_string(c.held_seconds) : "",
          instant_text(c.held_since, c, o),
          c.priority,
          c.target};
}

}  // namespace

const TimeZone& clock_zone(const ClockResult& c, const CommonOptions& o) {
  return zone_of(c, o);
}

nlohmann::json clock_json(const ClockResult& c, const CommonOptions& o) {
  // One shape for the CLI and the dashboard's API: report/clock_json.h.
  return slaclock::clock_json(c, o.utc ? nullptr : &zone_of(c, o));
}

void print_clocks(std::ostream& os, const std::vector<ClockResult>& clocks, Format format, const CommonOptions& o,
                  const std::vector<std::optional<bool>>* matches) {
  const auto match_of = [&](std::size_t i) { return matches && i < matches->size() ? (*matches)[i] : std::nullopt; };
  switch (format) {
    case Format::json: {
      const auto zone = [&](const ClockResult& c) { return o.utc ? nullptr : &zone_of(c, o); };
      os << clocks_json_text(clocks, zone, matches) << '\n';
      return;
    }
    case Format::csv: {
      std::vector<std::vector<std::string>> rows;
      auto header = columns;
      if (matches) header.push_back("matches_stored");
      for (std::size_t i = 0; i < clocks.size(); ++i) {
        rows.push_back(row(clocks[i], o));
        if (matches) rows.back().push_back(match_of(i) ? (*match_of(i) ? "true" : "false") : "");
      }
      print_csv(os, header, rows);
      return;
    }
    case Format::table: {
      // People read the entity, clock, status, due and why; the rest is in json/csv.
      std::vector<std::vector<std::string>> rows;
      for (const auto& c : clocks) {
        const auto r = row(c, o);
        rows.push_back({r[0], r[2] + (c.band ? " [" + r[8] + "]" : ""), r[3], r[5], r[6], r[10], r[19], r[9], r[11]});
      }
      print_table(os, {"entity", "clock", "status", "due", "stopped", "customer", "priority", "calendar", "reason"},
                  rows);
      return;
    }
  }
}

}  // namespace slaclock::cli
