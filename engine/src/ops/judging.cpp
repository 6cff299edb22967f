#include "ops/judging.h"

#include <slaclock/base/error.h>
#include <slaclock/config/calendar_loader.h>
#include <slaclock/report/clock_reason.h>
#include <slaclock/store/clock_store.h>
#include <slaclock/store/version_store.h>

#include <mutex>
#include <optional>

namespace slaclock::detail {

KpiHistory kpi_history_as_of(const EventStore& store, Instant as_of, std::optional<Instant> recorded_by) {
  // KPI results are a few hundred entities among millions of events: fetch
  // them by id rather than scanning every event for their kind.
  KpiHistory history;
  for (const auto& id : entity_ids_opened_by(store, EntityKind::kpi, as_of))
    if (const auto t = store.timeline(id, recorded_by)) history.add_result_of(*t, as_of);
  return history;
}

const Calendar& CalendarCache::named(const std::string& name) {
  auto it = calendars_.find(name);
  if (it == calendars_.end()) it = calendars_.emplace(name, source_(name)).first;
  return it->second.first;
}

std::map<std::string, std::string> CalendarCache::used() const {
  std::map<std::string, std::string> out;
  for (const auto& [name, cal] : calendars_) out[name] = cal.second;
  return out;
}

namespace {

// A stored calendar version is immutable (named by its content's hash), so
// it is built once per process: the dashboard judges every request's clocks
// on the versions the latest sweep recorded, and building one (years of
// working windows and the zone's rules) cost more than the rest of a board.
// Calendar is a shared handle to immutable tables: copies are cheap and
// safe across the server's threads.
std::optional<Calendar> built_version(const EventStore& store, const std::string& name, const std::string& sha256) {
  static std::mutex lock;
  static std::map<std::pair<std::string, std::string>, Calendar> built;
  const auto key = std::pair{name, sha256};
  {
    const std::lock_guard<std::mutex> held(lock);
    if (const auto it = built.find(key); it != built.end()) return it->second;
  }
  auto stored = stored_calendar(store, name, sha256);
  if (!stored) return std::nullopt;
  const std::lock_guard<std::mutex> held(lock);
  return built.emplace(key, stored->calendar).first->second;
}

}  // namespace

CalendarCache::Source stored_calendars(const EventStore& store, const std::map<std::string, std::string>& recorded,
                                       const std::filesystem::path& dir) {
  return [&store, recorded, dir](const std::string& name) -> std::pair<Calendar, std::string> {
    if (const auto it = recorded.find(name); it != recorded.end()) {
      if (auto built = built_version(store, name, it->second)) return {*built, it->second};
      throw StoreError({store.path().string(), 0, "calendar_versions"},
                       "calendar '" + name + "' version " + it->second.substr(0, 16) +
                           " recorded by a sweep is missing; run 'slaclock verify'");
    }
    if (auto stored = latest_stored_calendar(store, name)) return {stored->calendar, stored->version.content_sha256};
    return {load_calendar(name, dir), ""};
  };
}

void render_reasons(std::vector<ClockResult>& clocks, Instant as_of, CalendarCache& calendars) {
  for (ClockResult& c : clocks)
    c.reason = clock_reason(c, as_of, c.calendar.empty() ? TimeZone::utc() : calendars.named(c.calendar).zone());
}

}  // namespace slaclock::detail
