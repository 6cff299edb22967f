// The service desk's view: running clocks from the stored clock state, each
// judged again at the instant asked about (status, figures and reason), on
// the calendar version the sweep that stored it used.
#include <slaclock/ops/overdue.h>
#include <slaclock/ops/replay.h>
#include <slaclock/report/clock_reason.h>
#include <slaclock/store/clock_store.h>

#include "ops/judging.h"

#include <map>
#include <memory>

namespace slaclock {

namespace {

// Calendars as each sweep recorded them: a clock is judged again on the
// calendar version its due instant was computed with, not one loaded since.
class SweepCalendars {
 public:
  explicit SweepCalendars(const EventStore& store) : store_(store) {}

  const Calendar& named(const std::string& name, Instant sweep_as_of) {
    auto it = by_sweep_.find(sweep_as_of.utc_seconds);
    if (it == by_sweep_.end()) {
      std::map<std::string, std::string> recorded;
      if (const auto v = versions_of_sweep_by(store_, sweep_as_of)) recorded = v->calendars;
      it = by_sweep_
               .emplace(sweep_as_of.utc_seconds,
                        std::make_unique<detail::CalendarCache>(detail::stored_calendars(store_, recorded)))
               .first;
    }
    return it->second->named(name);
  }

 private:
  const EventStore& store_;
  std::map<std::int64_t, std::unique_ptr<detail::CalendarCache>> by_sweep_;
};

// A clock state stored before schema 4 has no figures: they are rebuilt by
// judging its entity as the sweep that stored it did (as known then, with the
// versions it recorded). Only until the next sweep stores them.
bool rebuild_figures(const EventStore& store, StoredClockState& row) {
  const Replay r = replay_entity(store, row.clock.entity_id, {row.judged_at, true});
  for (const ClockResult& c : r.clocks)
    if (c.clock == row.clock.clock && is_running(c.status) && c.due_at == row.clock.due_at) {
      row.clock.measure = c.measure;
      row.clock.allowance_seconds = c.allowance_seconds;
      row.clock.basis = c.basis;
      row.clock.late_contact_at = c.late_contact_at;
      return true;
    }
  return false;
}

}  // namespace

std::vector<ClockResult> overdue_clocks(const EventStore& store, const OverdueQuery& query) {
  // Past due means strictly after the due instant; at due is not yet breached.
  const Instant due_by = query.due_within.count > 0 ? query.as_of + query.due_within : query.as_of - Seconds{1};
  SweepCalendars calendars(store);
  std::vector<ClockResult> out;
  for (StoredClockState& row : running_clocks_due_by(store, {due_by, query.customer, query.clock})) {
    const bool figures = row.has_figures || rebuild_figures(store, row);
    const Calendar& cal = calendars.named(row.clock.calendar, row.judged_at);
    ClockResult c = judge_stored_clock(std::move(row.clock), query.as_of, cal);
    if (query.status && c.status != *query.status) continue;
    // The reason as of the instant asked about, never the sweep's sentence
    // (kept only when the figures behind it could not be rebuilt).
    if (figures) c.reason = clock_reason(c, query.as_of, cal.zone());
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace slaclock
