// The clock JSON shape shared by the CLI and the dashboard's API.
#include <slaclock/report/clock_json.h>
#include <slaclock/time/timestamp.h>

#include <nlohmann/json.hpp>

#include <cmath>

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
