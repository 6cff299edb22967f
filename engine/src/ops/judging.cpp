#include "ops/judging.h"

#include <slaclock/config/calendar_loader.h>
#include <slaclock/report/clock_reason.h>
#include <slaclock/store/clock_store.h>

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
  if (it == calendars_.end()) it = calendars_.emplace(name, load_calendar(name)).first;
  return it->second;
}

void render_reasons(std::vector<ClockResult>& clocks, Instant as_of, CalendarCache& calendars) {
  for (ClockResult& c : clocks) c.reason = clock_reason(c, as_of, calendars.named(c.calendar).zone());
}

}  // namespace slaclock::detail
