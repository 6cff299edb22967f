// The service desk's view: running clocks from the stored clock state, each
// judged again at the instant asked about (status, figures and reason), on
// the calendar version the sweep that stored it used.
#include <slaclock/ops/overdue.h>
#include <slaclock/ops/replay.h>
#include <slaclock/report/clock_reason.h>
#include <slaclock/store/clock_store.h>

#include <slaclock/base/error.h>
#include <slaclock/store/rule_store.h>
#include <slaclock/time/timestamp.h>

#include "ops/judging.h"

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>
#include <tuple>

namespace slaclock {

namespace {

// Calendars as each sweep recorded them: a clock is judged again on the
// calendar version its due instant was computed with, not one loaded since.
class SweepCalendars {
 public:
  SweepCalendars(const EventStore& store, std::filesystem::path dir) : store_(store), dir_(std::move(dir)) {}

  const Calendar& named(const std::string& name, Instant sweep_as_of) {
    auto it = by_sweep_.find(sweep_as_of.utc_seconds);
    if (it == by_sweep_.end()) {
      std::map<std::string, std::string> recorded;
      if (const auto v = versions_of_sweep_by(store_, sweep_as_of)) recorded = v->calendars;
      it = by_sweep_
               .emplace(sweep_as_of.utc_seconds, std::make_unique<detail::CalendarCache>(detail::calendars_from(
                                                     CalendarSource(&store_, dir_, std::move(recorded)))))
               .first;
    }
    return it->second->named(name);
  }

 private:
  const EventStore& store_;
  std::filesystem::path dir_;
  std::map<std::int64_t, std::unique_ptr<detail::CalendarCache>> by_sweep_;
};

// A clock state stored before schema 4 has no figures: they are rebuilt by
// judging its entity as the sweep that stored it did (as known then, with the
// versions it recorded). Only until the next sweep stores them.
bool rebuild_figures(const EventStore& store, StoredClockState& row) {
  Replay r;
  try {
    r = replay_entity(store, row.clock.entity_id, {row.judged_at, true, {}});
  } catch (const Error&) {
    return false;  // the desk still sees the clock, with its status judged again and the sweep's reason
  }
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

// The calendars the running clocks can be on: those the latest sweep recorded
// (it stored every running clock state), or, for a sweep from before versions
// were recorded, those the stored rule versions name.
std::set<std::string> calendars_in_use(const EventStore& store, Instant latest) {
  std::set<std::string> out;
  if (const auto v = versions_of_sweep_by(store, latest))
    for (const auto& [name, sha] : v->calendars) out.insert(name);
  if (out.empty()) {
    const RuleBook book = stored_rule_book(store);
    for (const RuleSet& r : book.versions())
      for (const std::string& name : r.calendars_named()) out.insert(name);
  }
  return out;
}

}  // namespace

DueWithin DueWithin::business_days(std::int64_t n) {
  if (n < 1) throw InputError("business days must be at least 1 (1bd is the close of the current business day)");
  DueWithin w;
  w.unit_ = Unit::business_days;
  w.amount_ = n;
  return w;
}

Instant DueWithin::last_due(Instant as_of) const {
  if (in_business_time()) throw std::logic_error("a business-time window needs the clock's calendar");
  // Past due means strictly after the due instant: at due is not yet late.
  return unit_ == Unit::elapsed ? as_of + Seconds{amount_} : as_of - Seconds{1};
}

Instant DueWithin::last_due(Instant as_of, const Calendar& cal) const {
  switch (unit_) {
    case Unit::none:
    case Unit::elapsed:
      return last_due(as_of);
    case Unit::business_time:
      return cal.add_business(as_of, BusinessSeconds{amount_});
    case Unit::business_days:
      return cal.business_days_after(as_of, static_cast<int>(amount_ - 1));
  }
  return as_of;
}

DueWithin parse_due_within(std::string_view text) {
  const DurationSpec d = parse_duration_spec(text);
  switch (d.unit) {
    case DurationSpec::Unit::business_days:
      return DueWithin::business_days(d.amount);
    case DurationSpec::Unit::business_time:
      return BusinessSeconds{d.amount};
    case DurationSpec::Unit::elapsed:
      break;
  }
  return Seconds{d.amount};
}

std::vector<ClockResult> overdue_clocks(const EventStore& store, const OverdueQuery& query) {
  OverdueQuery all = query;
  all.limit = 0;
  return overdue_list(store, all).clocks;
}

namespace {

// The versions a sweep in force at `as_of` recorded: its rules as a book and
// its calendars; every stored version when none was in force.
struct VersionsAt {
  RuleBook book;
  std::map<std::string, std::string> calendars;
  std::optional<Instant> sweep;
};

VersionsAt versions_at(const EventStore& store, Instant as_of) {
  RuleBook all = stored_rule_book(store);
  const auto versions = versions_of_sweep_by(store, as_of);
  if (!versions || versions->rules.empty()) return {std::move(all), {}, std::nullopt};
  std::vector<RuleSet> used;
  for (const RuleSet& v : all.versions())
    if (const auto it = versions->rules.find(v.version); it != versions->rules.end() && it->second == v.content_sha256)
      used.push_back(v);
  if (used.empty()) return {std::move(all), {}, std::nullopt};
  return {RuleBook(std::move(used)), versions->calendars, versions->as_of};
}

// An as-of before the latest sweep: the stored state is the latest sweep's,
// so every timeline is judged again as the sweep in force at as_of knew it
// (its events, rule and calendar versions), at as_of; before the first
// sweep, as known at as_of. Nothing is stored.
OverdueList overdue_as_known(const EventStore& store, const OverdueQuery& query) {
  OverdueList out;
  out.source = OverdueList::Source::timelines_as_known;
  const VersionsAt versions = versions_at(store, query.as_of);
  out.versions_of_sweep = versions.sweep;
  const Instant known_by = versions.sweep.value_or(query.as_of);
  const KpiHistory kpis = detail::kpi_history_as_of(store, query.as_of, known_by);
  detail::CalendarCache calendars(
      detail::calendars_from(CalendarSource(&store, query.calendars_dir, versions.calendars)));
  const EvaluationInputs inputs{versions.book, [&calendars](const std::string& n) { return calendars.named(n); },
                                &kpis};
  std::map<std::string, Instant> ends;  // calendar -> the window's last due instant
  const auto last_due = [&](const std::string& calendar) {
    if (!query.due_within.in_business_time()) return query.due_within.last_due(query.as_of);
    auto it = ends.find(calendar);
    if (it == ends.end())
      it = ends.emplace(calendar, query.due_within.last_due(query.as_of, calendars.named(calendar))).first;
    return it->second;
  };
  std::vector<ClockResult> matched;
  TimelineQuery tq;
  tq.recorded_by = known_by;
  store.for_each_timeline(tq, [&](const Timeline& t) {
    for (ClockResult& c : evaluate_timeline(t, query.as_of, inputs)) {
      if (!is_running(c.status) || !c.due_at) continue;
      if (query.clock && c.clock != *query.clock) continue;
      if (query.customer && c.customer != *query.customer) continue;
      if (query.priority && c.priority != *query.priority) continue;
      if (query.calendar && c.calendar != *query.calendar) continue;
      if (query.status && c.status != *query.status) continue;
      if (*c.due_at > last_due(c.calendar)) continue;
      matched.push_back(std::move(c));
    }
  });
  std::sort(matched.begin(), matched.end(), [](const ClockResult& a, const ClockResult& b) {
    return std::tie(a.due_at, a.entity_id, a.clock) < std::tie(b.due_at, b.entity_id, b.clock);
  });
  for (const ClockResult& c : matched) ++out.counts[c.status];
  out.total = matched.size();
  if (query.limit > 0 && matched.size() > query.limit) {
    matched.resize(query.limit);
    out.more = true;
  }
  for (ClockResult& c : matched) c.reason = clock_reason(c, query.as_of, calendars.named(c.calendar).zone());
  out.clocks = std::move(matched);
  return out;
}

}  // namespace

OverdueList overdue_list(const EventStore& store, const OverdueQuery& query) {
  OverdueList out;
  const std::optional<Instant> latest = latest_sweep_as_of(store);
  if (!latest) return out;  // no clock state stored yet
  if (query.as_of < *latest) return overdue_as_known(store, query);
  SweepCalendars calendars(store, query.calendars_dir);
  // The window ends at a different instant on each calendar: read every
  // clock due by the latest end, then hold each to its own calendar's.
  std::map<std::pair<std::int64_t, std::string>, Instant> ends;
  const auto last_due = [&](const std::string& calendar, Instant judged_at) {
    if (!query.due_within.in_business_time()) return query.due_within.last_due(query.as_of);
    const auto key = std::pair{judged_at.utc_seconds, calendar};
    auto it = ends.find(key);
    if (it == ends.end())
      it = ends.emplace(key, query.due_within.last_due(query.as_of, calendars.named(calendar, judged_at))).first;
    return it->second;
  };
  Instant due_by = query.as_of;
  if (!query.due_within.in_business_time()) {
    due_by = query.due_within.last_due(query.as_of);
  } else {
    for (const std::string& name : calendars_in_use(store, *latest))
      if (!query.calendar || *query.calendar == name) due_by = std::max(due_by, last_due(name, *latest));
  }
  const bool counting = query.limit == 0 || query.count_all;
  for_each_running_clock_due_by(store, {due_by, query.customer, query.clock}, [&](StoredClockState& row) {
    if (query.calendar && row.clock.calendar != *query.calendar) return true;
    if (query.priority && row.clock.priority != *query.priority) return true;
    if (*row.clock.due_at > last_due(row.clock.calendar, row.judged_at)) return true;
    const bool listed = query.limit == 0 || out.clocks.size() < query.limit;
    // Figures stored before schema 4 are rebuilt only for a clock listed or counted.
    const bool figures = row.has_figures || ((listed || counting) && rebuild_figures(store, row));
    const Calendar& cal = calendars.named(row.clock.calendar, row.judged_at);
    const Instant window_end = last_due(row.clock.calendar, row.judged_at);
    ClockResult c = judge_stored_clock(std::move(row.clock), query.as_of, cal, row.judged_at);
    // A clock on hold: its due instant moved on while held.
    if (c.held_since && *c.due_at > window_end) return true;
    if (query.status && c.status != *query.status) return true;
    if (counting) {
      ++out.counts[c.status];
      ++out.total;
    }
    if (!listed) {
      out.more = true;
      return counting;  // without counting, the first clock past the page ends the read
    }
    // The reason as of the instant asked about, never the sweep's sentence
    // (kept only when the figures behind it could not be rebuilt).
    if (figures) c.reason = clock_reason(c, query.as_of, cal.zone());
    out.clocks.push_back(std::move(c));
    return true;
  });
  return out;
}

}  // namespace slaclock
