#include "ops/judging.h"

#include <slaclock/base/error.h>
#include <slaclock/report/clock_reason.h>
#include <slaclock/store/clock_store.h>

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

CalendarCache::Source calendars_from(CalendarSource source) {
  return [source = std::move(source)](const std::string& name) -> std::pair<Calendar, std::string> {
    FoundCalendar found = source.find(name);
    return {std::move(found.calendar), std::move(found.content_sha256)};
  };
}

void render_reasons(std::vector<ClockResult>& clocks, Instant as_of, CalendarCache& calendars) {
  for (ClockResult& c : clocks)
    c.reason = clock_reason(c, as_of, c.calendar.empty() ? TimeZone::utc() : calendars.named(c.calendar).zone());
}

}  // namespace slaclock::detail
