#pragma once
// What the sweep and the replay share when they judge entities: the rule
// versions and calendars as stored, the KPI history, and reasons rendered in
// each clock's calendar zone.
#include <slaclock/calendar/calendar.h>
#include <slaclock/clock/clock_engine.h>
#include <slaclock/store/event_store.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace slaclock::detail {

/// KPI results that happened by as_of (and were recorded by `recorded_by`,
/// when given): what kpi_consecutive counts across entities.
KpiHistory kpi_history_as_of(const EventStore& store, Instant as_of, std::optional<Instant> recorded_by);

/// Calendars by name, loaded once and held for one sweep or replay rather
/// than looked up per entity.
class CalendarCache {
 public:
  const Calendar& named(const std::string& name);

 private:
  std::map<std::string, Calendar> calendars_;
};

/// Fills every clock's reason as judged at as_of, in its calendar's zone.
void render_reasons(std::vector<ClockResult>& clocks, Instant as_of, CalendarCache& calendars);

}  // namespace slaclock::detail
