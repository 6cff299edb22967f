// `rules impact`: a candidate rule version judged against the stored ones
// without storing anything. One streamed pass over the timelines judges each
// entity of the range twice (only one timeline is in memory at a time, and
// only the changes are kept); then the KVI layer computes the months'
// scorecards under each rule book, as `slaclock kvi` does.
#include <slaclock/base/error.h>
#include <slaclock/config/rule_loader.h>
#include <slaclock/ops/kvi_pack.h>
#include <slaclock/ops/rules_impact.h>
#include <slaclock/store/rule_store.h>
#include <slaclock/time/time_zone.h>
#include <slaclock/time/timestamp.h>

#include "ops/judging.h"

#include <algorithm>

namespace slaclock {

const char* impact_scope_name(ImpactScope s) noexcept {
  switch (s) {
    case ImpactScope::as_loaded:
      return "as_loaded";
    case ImpactScope::whole_range:
      return "whole_range";
  }
  return "";
}

namespace {

Instant local_midnight(CivilDate d, const TimeZone& zone) {
  return zone.from_local(d, 0, Disambiguation::earliest);
}

KviMonth month_of(Instant t, const TimeZone& zone) {
  const CivilDate d = zone.to_local(t).date;
  return {d.year(), d.month()};
}

// The window of opening instants the candidate judges, within the range.
std::optional<std::pair<Instant, Instant>> judged_window(const RuleBook& stored, const RuleSet& candidate,
                                                         ImpactScope scope, Instant range_start, Instant range_end) {
  Instant from = range_start;
  Instant to = range_end;
  if (scope == ImpactScope::as_loaded) {
    // Once loaded, the candidate is in force from its effective instant until
    // the next stored version takes effect.
    from = std::max(from, candidate.effective_at);
    for (const RuleSet& v : stored.versions())
      if (candidate.effective_at < v.effective_at) {
        to = std::min(to, v.effective_at);
        break;
      }
  }
  if (!(from < to)) return std::nullopt;
  return std::pair{from, to};
}

// Stored versions in force somewhere in [from, to).
std::vector<std::string> versions_in_force_over(const RuleBook& book, Instant from, Instant to) {
  std::vector<std::string> out;
  const auto& versions = book.versions();
  for (std::size_t i = 0; i < versions.size(); ++i) {
    const Instant starts = versions[i].effective_at;
    const bool ends_after_from = i + 1 == versions.size() || from < versions[i + 1].effective_at;
    if (starts < to && ends_after_from) out.push_back(versions[i].version);
  }
  return out;
}

const ClockResult* same_clock(const std::vector<ClockResult>& clocks, ClockId id) {
  for (const ClockResult& c : clocks)
    if (c.clock == id) return &c;
  return nullptr;
}

// A clock the other book does not give (none today: both books give every
// entity the same clocks) compares as not applicable, with no due instant.
ClockResult absent_like(const ClockResult& c) {
  ClockResult out;
  out.entity_id = c.entity_id;
  out.kind = c.kind;
  out.clock = c.clock;
  return out;
}

class ImpactPass {
 public:
  ImpactPass(const EventStore& store, const RulesImpactOptions& options, const RuleBook& stored,
             const RuleBook& candidate, RulesImpact& out, const TimeZone& zone)
      : store_(store),
        options_(options),
        out_(out),
        zone_(zone),
        kpis_(detail::kpi_history_as_of(store, options.as_of, options.as_of)),
        calendars_(detail::calendars_from(CalendarSource(&store, options.calendars_dir))),
        current_{stored, [this](const std::string& name) { return calendars_.named(name); }, &kpis_},
        candidate_{candidate, [this](const std::string& name) { return calendars_.named(name); }, &kpis_} {}

  void run() {
    TimelineQuery query;
    query.recorded_by = options_.as_of;  // what a sweep at as_of knows
    std::size_t seen = 0;
    store_.for_each_timeline(query, [&](const Timeline& t) {
      if (options_.progress && ++seen % 2000 == 0) options_.progress(seen);
      judge(t);
    });
    if (options_.progress) options_.progress(seen);
  }

  void finish() {
    out_.changes = std::move(flips_);
    for (ClockChange& c : moves_) {
      if (options_.list_limit && out_.changes.size() >= *options_.list_limit) break;
      out_.changes.push_back(std::move(c));
    }
    moves_.clear();
  }

 private:
  void judge(const Timeline& t) {
    const Event* opening = t.opening(options_.as_of);
    if (!opening || opening->at < out_.range_start || !(opening->at < out_.range_end)) return;
    if (t.kind == EntityKind::survey || t.kind == EntityKind::report) return;  // no clocks
    ++out_.entities_in_range;
    if (!out_.judged || opening->at < out_.judged->first || !(opening->at < out_.judged->second)) return;
    ++out_.entities_judged;
    std::vector<ClockResult> now = evaluate_timeline(t, options_.as_of, current_);
    std::vector<ClockResult> then = evaluate_timeline(t, options_.as_of, candidate_);
    out_.clocks_judged += then.size();
    std::vector<ClockChange> changed;
    const auto compare = [&](const ClockResult& cur, const ClockResult& cand) {
      if (cur.status == cand.status && cur.due_at == cand.due_at) return;
      changed.push_back({cur, cand, month_of(opening->at, zone_)});
    };
    for (const ClockResult& c : then) {
      const ClockResult* cur = same_clock(now, c.clock);
      compare(cur ? *cur : absent_like(c), c);
    }
    for (const ClockResult& c : now)
      if (!same_clock(then, c.clock)) compare(c, absent_like(c));
    if (changed.empty()) return;
    ++out_.entities_changed;
    for (ClockChange& ch : changed) {
      ++out_.clocks_changed;
      ClockChangeCount& n = out_.by_clock[ch.candidate.clock];
      ++n.changed;
      if (ch.status_changed()) {
        ++n.status_changed;
        ++out_.by_flip[{ch.current.status, ch.candidate.status}];
      }
      if (ch.due_moved()) ++n.due_moved;
      // Status flips are listed before clocks whose due only moved, each
      // kind up to the limit, so a limited list shows the flips first.
      std::vector<ClockChange>& kept = ch.status_changed() ? flips_ : moves_;
      if (options_.list_limit && kept.size() >= *options_.list_limit) continue;
      std::vector<ClockResult> pair{std::move(ch.current), std::move(ch.candidate)};
      detail::render_reasons(pair, options_.as_of, calendars_);
      kept.push_back({std::move(pair[0]), std::move(pair[1]), ch.opened_month});
    }
  }

  const EventStore& store_;
  const RulesImpactOptions& options_;
  RulesImpact& out_;
  const TimeZone& zone_;
  const KpiHistory kpis_;
  detail::CalendarCache calendars_;
  const EvaluationInputs current_;
  const EvaluationInputs candidate_;
  std::vector<ClockChange> flips_;
  std::vector<ClockChange> moves_;
};

std::size_t count_of(const KviResult& k, const std::string& name) {
  const KviCount* c = k.count_named(name);
  return c ? c->count() : 0;
}

// The counts whose size differs (a count missing on one side is zero there).
std::vector<KviCountMove> count_moves(const KviResult& a, const KviResult& b) {
  std::vector<KviCountMove> out;
  const auto consider = [&](const std::string& name) {
    for (const auto& m : out)
      if (m.name == name) return;
    if (const std::size_t x = count_of(a, name), y = count_of(b, name); x != y) out.push_back({name, x, y});
  };
  for (const KviCount& c : a.counts) consider(c.name);
  for (const KviCount& c : b.counts) consider(c.name);
  return out;
}

void compare_kvis(const EventStore& store, const RulesImpactOptions& options, const RuleBook& stored,
                  const RuleBook& candidate, RulesImpact& out, const TimeZone& zone) {
  // The range's months, through the end of the quarter `to` falls in.
  const KviMonth first = month_of(out.range_start, zone);
  KviMonth last{out.to.year(), out.to.month()};
  while (last.month % 3 != 0) last = last.next();
  int months = 1;
  for (KviMonth m = first; m < last; m = m.next()) ++months;
  KviPackOptions pack;
  pack.month = last;
  pack.as_of = options.as_of;  // each month judged at its own end, or as_of when that is earlier
  pack.trend_months = months;
  pack.calendars_dir = options.calendars_dir;
  pack.settings_file = options.kvi_settings_file;
  pack.rules = &stored;
  const KviPack now = kvi_pack_from_store(store, pack);
  pack.rules = &candidate;
  const KviPack then = kvi_pack_from_store(store, pack);
  for (std::size_t i = 0; i < now.trend.size() && i < then.trend.size(); ++i) {
    const KviScorecard& a = now.trend[i];
    const KviScorecard& b = then.trend[i];
    KviMonthImpact m{a.month, a.score, b.score, {}};
    for (std::size_t k = 0; k < a.kvis.size() && k < b.kvis.size(); ++k) {
      const KviResult& x = a.kvis[k];
      const KviResult& y = b.kvis[k];
      std::vector<KviCountMove> counts = count_moves(x, y);
      if (x.rag != y.rag || x.figure != y.figure || x.figure_text != y.figure_text || !counts.empty())
        m.moved.push_back({x, y, std::move(counts)});
    }
    out.months.push_back(std::move(m));
  }
}

}  // namespace

RulesImpact rules_impact(const EventStore& store, const RulesImpactOptions& options) {
  // Every input is checked before the timelines are read.
  RulesImpact out;
  out.candidate = read_rule_set(options.candidate_file, CalendarSource(&store, options.calendars_dir).check());
  if (options.to < options.from)
    throw InputError({"", 0, "--to"},
                     format_date(options.to) + " is before --from " + format_date(options.from) + "; give from <= to");
  const RuleVersionLoad check = check_rule_version(store, out.candidate, options.candidate_file);
  out.already_loaded = check.already_loaded;
  out.sweeps_after_effective = check.sweeps_after_effective;
  const RuleBook stored = stored_rule_book(store);

  const TimeZone zone = TimeZone::named(out.candidate.time_zone);
  out.scope = options.scope;
  out.from = options.from;
  out.to = options.to;
  out.as_of = options.as_of;
  out.range_start = local_midnight(options.from, zone);
  out.range_end = local_midnight(options.to + 1, zone);
  out.judged = judged_window(stored, out.candidate, options.scope, out.range_start, out.range_end);
  const RuleBook candidate =
      out.judged ? stored.with_version_over(out.candidate, out.judged->first, out.judged->second) : stored;
  if (out.judged) out.replaced_versions = versions_in_force_over(stored, out.judged->first, out.judged->second);

  ImpactPass pass(store, options, stored, candidate, out, zone);
  pass.run();
  pass.finish();
  // The scorecards can move only through the entities the candidate judges.
  if (out.entities_judged > 0) compare_kvis(store, options, stored, candidate, out, zone);
  return out;
}

}  // namespace slaclock
