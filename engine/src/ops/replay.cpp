#include <slaclock/base/error.h>
#include <slaclock/ops/replay.h>
#include <slaclock/store/rule_store.h>
#include <slaclock/time/timestamp.h>

#include "ops/judging.h"

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
  const RuleBook book = stored_rule_book(store);
  const KpiHistory kpis =
      timeline->kind == EntityKind::kpi ? detail::kpi_history_as_of(store, t, recorded_by) : KpiHistory{};
  detail::CalendarCache calendars;
  const EvaluationInputs inputs{book, [&calendars](const std::string& name) { return calendars.named(name); }, &kpis};
  Replay r;
  r.clocks = evaluate_timeline(*timeline, t, inputs);
  detail::render_reasons(r.clocks, t, calendars);
  if (!r.clocks.empty()) {
    r.rule_version = r.clocks.front().rule_version;
    r.calendar = r.clocks.front().calendar;
    for (const auto& v : book.versions())
      if (v.version == r.rule_version) r.rule_sha256 = v.content_sha256;
  }
  r.timeline = std::move(*timeline);
  std::erase_if(r.timeline.events, [t](const Event& e) { return e.at > t; });
  return r;
}

}  // namespace slaclock
