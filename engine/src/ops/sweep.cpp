// The nightly sweep as a sequence of named steps over the store's
// SweepTransaction: open the run, choose the entities, judge each one, store
// what was judged, close the run. The SQL is the store's (store/clock_store.h).
#include <slaclock/base/error.h>
#include <slaclock/config/calendar_loader.h>
#include <slaclock/ops/sweep.h>
#include <slaclock/store/clock_store.h>
#include <slaclock/store/rule_store.h>
#include <slaclock/time/timestamp.h>

#include "ops/batch_pipeline.h"
#include "ops/judging.h"

#include <algorithm>
#include <optional>
#include <tuple>

namespace slaclock {

namespace {

// A settled entity's clocks are all final: they cannot change as time passes,
// only when a new event arrives. KPI results are never settled because a late
// result for an earlier month can change a later month's consecutive count.
bool settled(EntityKind kind, const std::vector<ClockResult>& clocks) {
  if (kind == EntityKind::kpi) return false;
  return std::none_of(clocks.begin(), clocks.end(), [](const ClockResult& c) { return is_running(c.status); });
}

std::optional<Instant> next_due(const std::vector<ClockResult>& clocks) {
  std::optional<Instant> out;
  for (const auto& c : clocks)
    if (is_running(c.status) && c.due_at && (!out || *c.due_at < *out)) out = c.due_at;
  return out;
}

std::int64_t last_sequence_of(const Timeline& t) {
  std::int64_t s = 0;
  for (const auto& e : t.events) s = std::max(s, e.sequence);
  return s;
}

// The notices operations sends, as each clock's definition names them: a
// clock at risk or breached, the customer notifications that are due while
// those clocks run, and a KPI that has now missed more consecutive months than
// allowed (judged once, missed at the result, so its notice is a breached one
// raised then).
std::vector<SweepTransaction::Notice> notices_for(const std::vector<ClockResult>& clocks, const RuleBook& book) {
  std::vector<SweepTransaction::Notice> out;
  const RuleSet* version = nullptr;
  for (std::size_t i = 0; i < clocks.size(); ++i) {
    const ClockResult& c = clocks[i];
    if (c.status == ClockStatus::not_applicable) continue;
    if (!version || version->version != c.rule_version) version = book.find_named(c.rule_version);
    const ClockDefinition* d = version ? version->clock(c.clock) : nullptr;
    if (!d) continue;
    const auto raises = [d](NoticeKind k) { return d->notices.count(k) > 0; };
    const bool once = clock_kind_facts(d->kind).judged_once;
    if (raises(NoticeKind::breached) &&
        (c.status == ClockStatus::breached || (once && c.status == ClockStatus::missed)))
      out.push_back({i, NoticeKind::breached});
    else if (raises(NoticeKind::at_risk) && c.status == ClockStatus::at_risk)
      out.push_back({i, NoticeKind::at_risk});
    else if (raises(NoticeKind::notify_customers) && c.status == ClockStatus::pending)
      out.push_back({i, NoticeKind::notify_customers});
  }
  return out;
}

bool before_every_rule_version(const std::vector<ClockResult>& clocks) {
  return std::any_of(clocks.begin(), clocks.end(), [](const ClockResult& c) {
    return c.not_applicable_because == NotApplicableCause::no_rule_version;
  });
}

// What a sweep of a history should say when it judges less than expected.
void note_what_was_not_judged(SweepSummary& s, const RuleBook& book, std::size_t before_rules,
                              std::int64_t recorded_after) {
  s.events_recorded_after = recorded_after;
  s.entities_before_rules = before_rules;
  if (before_rules > 0 && !book.versions().empty()) {
    const auto first =
        std::min_element(book.versions().begin(), book.versions().end(),
                         [](const RuleSet& a, const RuleSet& b) { return a.effective_at < b.effective_at; });
    s.earliest_rule_version = first->version;
    s.earliest_rule_effective = first->effective_from;
  }
}

void sort_by_due(std::vector<ClockResult>& clocks) {
  std::sort(clocks.begin(), clocks.end(), [](const ClockResult& a, const ClockResult& b) {
    return std::tie(a.due_at, a.entity_id, a.clock) < std::tie(b.due_at, b.entity_id, b.clock);
  });
}

// The sweep in two halves, on two threads unless SweepOptions::threads is 1:
// reading, judging, wording and planning each entity (what changed, hashed
// into the seal) on the producer's thread, with its own read-only connection;
// the writes on this one, the transaction's. Batches of entities pass between
// them in order, a few at a time, so the stored rows, their order and the
// seal are the same as on one thread.
class Sweep {
 public:
  Sweep(EventStore& store, const SweepOptions& options)
      : store_(store),
        options_(options),
        book_(stored_rule_book(store)),
        kpis_(detail::kpi_history_as_of(store, options.as_of, options.as_of)),
        calendar_source_(&store, options.calendars_dir),
        calendars_([this](const std::string& name) { return stored_calendar(name); }),
        inputs_{book_, [this](const std::string& name) { return calendars_.named(name); }, &kpis_},
        tx_(store) {}

  SweepSummary run() {
    open_run();
    // Every calendar the rules name is looked up (and stored, if it never
    // was) up front, so the run records them even when it judges nothing.
    for (const RuleSet& v : book_.versions())
      for (const std::string& name : v.calendars_named()) calendars_.named(name);
    // Opened after the transaction began (it holds the write lock and the
    // sweep writes no events): what it reads is what the transaction sees.
    reads_.emplace(EventStore::open(store_.path(), OpenMode::read_only));
    const EventStore& reads = *reads_;
    planner_.emplace(tx_.planner(reads));
    const bool threaded = options_.threads != 1;
    if (judge_only_candidates()) {
      std::vector<std::string> unseen;
      pipeline_.run(
          threaded,
          [&] {
            for (const auto& id : candidates_)
              if (const auto timeline = reads.timeline(id, options_.as_of))
                judge(*timeline);
              else
                unseen.push_back(id);
          },
          [this](Judged& j) { store(j); });
      done_reading();
      tx_.hold_unjudged(unseen);
    } else {
      // Settled entities (and up to which event they were judged) are skipped.
      if (!full_) settled_at_seq_ = tx_.settled_entities();
      TimelineQuery query;
      query.recorded_by = options_.as_of;  // a sweep at T knows only what was recorded by T
      pipeline_.run(
          threaded, [&] { reads.for_each_timeline(query, [this](const Timeline& t) { judge(t); }); },
          [this](Judged& j) { store(j); });
      done_reading();
      tx_.hold_unjudged();
    }
    summary_.entities_skipped += skipped_;
    note_what_was_not_judged(summary_, book_, before_rules_, events_recorded_after(store_, options_.as_of));
    if (options_.progress) options_.progress(seen_);
    close_run();
    return std::move(summary_);
  }

 private:
  // What passes from the judging thread to the writing one: an entity's
  // judgement, or how many entities were seen (for progress).
  struct Judged {
    EntityJudgement entity;
    std::size_t progress = 0;
  };

  void open_run() {
    // A backdated sweep would raise old notices again and overwrite the
    // current clock state with an older one: refused before anything is written.
    if (const auto latest = tx_.latest_as_of(); latest && *latest > options_.as_of)
      throw InputError({"", 0, "--as-of"}, "a sweep as of " + format_utc(options_.as_of) +
                                               " is older than the latest stored sweep (" + format_utc(*latest) +
                                               "); sweeps only move forward. Use --dry-run to judge an earlier "
                                               "instant without storing anything");
    full_ = options_.full;
    run_ = tx_.open_run(options_.as_of, options_.now, store_.last_sequence());
    summary_.sweep_id = run_.id;
    summary_.repeated = run_.repeated;
  }

  // Incremental: when few entities are open or changed, fetch just those
  // timelines by index; otherwise one streamed pass over every event is
  // cheaper than many point queries.
  bool judge_only_candidates() {
    if (full_ || !tx_.earlier_sweep_saw_events()) return false;  // a first sweep judges every entity
    const std::int64_t entity_count = tx_.entity_count();
    candidates_ = tx_.entities_to_judge();
    if (static_cast<std::int64_t>(candidates_.size()) * 5 >= entity_count) return false;
    summary_.entities_skipped = static_cast<std::size_t>(entity_count) - candidates_.size();
    return true;
  }

  // The read connection's snapshot ends before the transaction commits.
  void done_reading() {
    planner_.reset();
    reads_.reset();
  }

  // The calendar a clock counts on, as the command's calendar source finds
  // it; one found as a file is stored as a version (unless its text is): a
  // write, so on the transaction's thread, which also reads the versions.
  std::pair<Calendar, std::string> stored_calendar(const std::string& name) {
    std::optional<FoundCalendar> c;
    pipeline_.on_consumer_thread([&] {
      c = calendar_source_.find(name);
      if (c->from_file()) tx_.store_calendar(name, c->text, c->source_file, options_.now);
    });
    return {std::move(c->calendar), std::move(c->content_sha256)};
  }

  // On the judging thread.
  void judge(const Timeline& timeline) {
    ++seen_;
    if (options_.progress && seen_ % 2000 == 0) pipeline_.emit({{}, seen_});
    const std::int64_t last_seq = last_sequence_of(timeline);
    if (const auto it = settled_at_seq_.find(timeline.entity_id);
        it != settled_at_seq_.end() && it->second >= last_seq) {
      ++skipped_;
      return;
    }
    Judged j;
    EntityJudgement& e = j.entity;
    e.entity_id = timeline.entity_id;
    e.clocks = evaluate_timeline(timeline, options_.as_of, inputs_);
    if (before_every_rule_version(e.clocks)) ++before_rules_;
    detail::render_reasons(e.clocks, options_.as_of, calendars_);
    e.notices = notices_for(e.clocks, book_);
    e.last_seq = last_seq;
    e.settled = settled(timeline.kind, e.clocks);
    e.next_due = next_due(e.clocks);
    planner_->plan(e);
    pipeline_.emit(std::move(j));
  }

  // On the transaction's thread, in the order judged.
  void store(Judged& j) {
    if (j.entity.entity_id.empty()) {
      options_.progress(j.progress);
      return;
    }
    const std::vector<std::int64_t> raised = tx_.store_entity(j.entity);
    summary_.new_notices += raised.size();
    summary_.new_notice_ids.insert(summary_.new_notice_ids.end(), raised.begin(), raised.end());
    ++summary_.entities_evaluated;
    for (auto& c : j.entity.clocks)
      if (c.status == ClockStatus::at_risk || c.status == ClockStatus::breached)
        summary_.attention.push_back(std::move(c));
  }

  void close_run() {
    tx_.finish_run(run_, summary_.entities_evaluated, store_.last_sequence());
    std::map<std::string, std::string> rules;
    for (const RuleSet& v : book_.versions()) rules[v.version] = v.content_sha256;
    tx_.seal_run(run_, {{"rules", rules}, {"calendar", calendars_.used()}});
    summary_.clocks_by_status = tx_.clocks_by_status();
    tx_.commit();
    sort_by_due(summary_.attention);
  }

  EventStore& store_;
  const SweepOptions& options_;
  const RuleBook book_;
  const KpiHistory kpis_;
  const CalendarSource calendar_source_;
  detail::CalendarCache calendars_;
  const EvaluationInputs inputs_;
  SweepTransaction tx_;
  SweepRun run_;
  bool full_ = false;
  std::vector<std::string> candidates_;
  std::unordered_map<std::string, std::int64_t> settled_at_seq_;
  // 256 entities a batch (about 1,300 clocks), at most 4 batches waiting.
  detail::BatchPipeline<Judged> pipeline_{256, 4};
  // The judging thread's own, until the pipeline has run (the planner reads
  // on the connection of reads_, so it goes first).
  std::optional<EventStore> reads_;
  std::optional<SweepPlanner> planner_;
  std::size_t seen_ = 0, skipped_ = 0, before_rules_ = 0;
  SweepSummary summary_;
};

}  // namespace

SweepSummary preview_sweep(const EventStore& store, const SweepOptions& options) {
  if (options.notify) throw InputError({"", 0, "--notify-cmd"}, "a dry run stores no notices and sends none");
  const RuleBook book = stored_rule_book(store);
  const KpiHistory kpis = detail::kpi_history_as_of(store, options.as_of, options.as_of);
  // As the sweep would find them (nothing is stored).
  detail::CalendarCache calendars(detail::calendars_from(CalendarSource(&store, options.calendars_dir)));
  const EvaluationInputs inputs{book, [&calendars](const std::string& name) { return calendars.named(name); }, &kpis};
  SweepSummary summary;
  TimelineQuery query;
  query.recorded_by = options.as_of;
  std::size_t seen = 0, before_rules = 0;
  store.for_each_timeline(query, [&](const Timeline& t) {
    if (options.progress && ++seen % 2000 == 0) options.progress(seen);
    std::vector<ClockResult> clocks = evaluate_timeline(t, options.as_of, inputs);
    if (before_every_rule_version(clocks)) ++before_rules;
    detail::render_reasons(clocks, options.as_of, calendars);
    ++summary.entities_evaluated;
    for (auto& c : clocks) {
      ++summary.clocks_by_status[c.status];
      if (c.status == ClockStatus::at_risk || c.status == ClockStatus::breached)
        summary.attention.push_back(std::move(c));
    }
  });
  note_what_was_not_judged(summary, book, before_rules, events_recorded_after(store, options.as_of));
  sort_by_due(summary.attention);
  return summary;
}

SweepSummary run_sweep(EventStore& store, const SweepOptions& options) {
  if (store.mode() != OpenMode::read_write)
    throw StoreError({store.path().string(), 0, ""}, "a sweep needs the database opened read-write");
  SweepSummary summary = Sweep(store, options).run();  // committed: the results are stored
  if (options.notify) summary.notified = deliver_unsent_notices(store, *options.notify);
  return summary;
}

}  // namespace slaclock
