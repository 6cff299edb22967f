#pragma once
// What the sweep, the preview and the replay share when they judge entities:
// the KPI history, calendars looked up once per run (and which versions were
// used), and reasons rendered in each clock's calendar zone.
#include <slaclock/calendar/calendar.h>
#include <slaclock/clock/clock_engine.h>
#include <slaclock/ops/calendar_source.h>
#include <slaclock/store/event_store.h>

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace slaclock::detail {

/// KPI results that happened by as_of (and were recorded by `recorded_by`,
/// when given): what kpi_consecutive counts across entities.
KpiHistory kpi_history_as_of(const EventStore& store, Instant as_of, std::optional<Instant> recorded_by);

/// Calendars by name, each looked up once per run through `source` (which
/// gives the calendar and the content hash of its version), and the versions
/// used, for the run's record.
class CalendarCache {
 public:
  using Source = std::function<std::pair<Calendar, std::string>(const std::string& name)>;
  explicit CalendarCache(Source source) : source_(std::move(source)) {}

  const Calendar& named(const std::string& name);
  /// name -> content hash of every calendar looked up so far.
  std::map<std::string, std::string> used() const;

 private:
  Source source_;
  std::map<std::string, std::pair<Calendar, std::string>> calendars_;
};

/// Each calendar as the command's calendar source finds it
/// (ops/calendar_source.h), with the content hash of its text.
CalendarCache::Source calendars_from(CalendarSource source);

/// Fills every clock's reason as judged at as_of, in its calendar's zone.
void render_reasons(std::vector<ClockResult>& clocks, Instant as_of, CalendarCache& calendars);

}  // namespace slaclock::detail
