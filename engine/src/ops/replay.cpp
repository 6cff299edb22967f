#include <slaclock/base/error.h>
#include <slaclock/ops/replay.h>
#include <slaclock/store/rule_store.h>
#include <slaclock/time/timestamp.h>

#include "ops/judging.h"

#include <slaclock/store/clock_store.h>

#include <map>

#include <algorithm>

namespace slaclock {

Replay replay_entity(const EventStore& store, const std::string& entity_id, const ReplayOptions& options) {
  const Instant t = options.as_of;
  const std::optional<Instant> recorded_by = options.as_known ? std::optional<Instant>(t) : std::nullopt;
  std::optional<Timeline> timeline = store.timeline(entity_id, recorded_by);
  if (!timeline) {
    if (options.as_known && store.timeline(entity_id))
      throw InputError({"", 0, "ENTITY"}, "nothing about '" + entity_id + "' was recorded by " + format_utc(t));
    throw InputError({"", 0, "ENTITY"}, "no entity '" + entity_id + "' in " + store.path().string());
  }
  Replay r;
  // As known at T: the rule and calendar versions the latest sweep by T
  // recorded, so a calendar or rule loaded since does not change the replay.
  RuleBook book = stored_rule_book(store);
  std::map<std::string, std::string> recorded_calendars;
  if (options.as_known)
    if (const auto versions = versions_of_sweep_by(store, t); versions && !versions->rules.empty()) {
      r.versions_of_sweep = versions->as_of;
      recorded_calendars = versions->calendars;
      std::vector<RuleSet> used;
      for (const RuleSet& v : book.versions())
        if (const auto it = versions->rules.find(v.version); it != versions->rules.end()) {
          if (it->second != v.content_sha256)
            throw StoreError({store.path().string(), 0, "rule_versions"},
                             "rule version '" + v.version + "' differs from the one the sweep as of " +
                                 format_utc(versions->as_of) + " recorded; run 'slaclock verify'");
          used.push_back(v);
        }
      book = RuleBook(std::move(used));
    }
  const KpiHistory kpis =
      timeline->kind == EntityKind::kpi ? detail::kpi_history_as_of(store, t, recorded_by) : KpiHistory{};
  detail::CalendarCache calendars(
      detail::calendars_from(CalendarSource(&store, options.calendars_dir, recorded_calendars)));
  const EvaluationInputs inputs{book, [&calendars](const std::string& name) { return calendars.named(name); }, &kpis};
  r.clocks = evaluate_timeline(*timeline, t, inputs);
  r.holds = contact_holds(*timeline, t);
  detail::render_reasons(r.clocks, t, calendars);
  if (!r.clocks.empty()) {
    r.rule_version = r.clocks.front().rule_version;
    r.calendar = r.clocks.front().calendar;
    r.calendar_sha256 = calendars.used()[r.calendar];
    if (!r.calendar.empty()) r.zone = calendars.named(r.calendar).zone();
    for (const auto& v : book.versions())
      if (v.version == r.rule_version) r.rule_sha256 = v.content_sha256, r.paused_clocks = v.paused_clocks();
  }
  r.timeline = std::move(*timeline);
  std::erase_if(r.timeline.events, [t](const Event& e) { return e.at > t; });
  return r;
}

bool StoredComparison::matches() const noexcept {
  return sweep_found && stored_only == 0 &&
         std::all_of(clock_matches.begin(), clock_matches.end(), [](bool b) { return b; });
}

StoredComparison compare_with_stored_sweep(const EventStore& store, const Replay& replay, Instant as_of) {
  StoredComparison out;
  const std::vector<ClockResult> stored = stored_sweep_results(store, replay.timeline.entity_id, as_of);
  if (stored.empty()) return out;
  out.sweep_found = true;
  std::vector<bool> used(stored.size(), false);
  for (const ClockResult& c : replay.clocks) {
    bool same = false;
    for (std::size_t i = 0; i < stored.size(); ++i)
      if (stored[i].clock == c.clock) {
        used[i] = true;
        same = same_recorded_judgement(c, stored[i]);
      }
    out.clock_matches.push_back(same);
  }
  out.stored_only = static_cast<std::size_t>(std::count(used.begin(), used.end(), false));
  return out;
}

}  // namespace slaclock
