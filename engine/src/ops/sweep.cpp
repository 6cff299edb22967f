#include <slaclock/config/calendar_loader.h>
#include <slaclock/base/error.h>
#include <slaclock/store/rule_store.h>
#include <slaclock/ops/sweep.h>
#include <slaclock/time/timestamp.h>

#include "store/clock_rows.h"
#include "store/event_store_internal.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <algorithm>
#include <map>
#include <tuple>
#include <unordered_map>

namespace slaclock {

namespace detail {

/// KPI results that happened by as_of (and were recorded by it, when given).
KpiHistory kpi_history_as_of(const EventStore& store, Instant as_of, std::optional<Instant> recorded_by) {
  // KPI results are a few hundred entities among millions of events: fetch
  // them by id rather than scanning every event for their kind.
  std::vector<std::string> ids;
  SQLite::Statement q(connection_of(store), "SELECT entity_id FROM entities WHERE kind = 'kpi' AND opened_at <= ?");
  q.bind(1, static_cast<std::int64_t>(as_of.utc_seconds));
  while (q.executeStep()) ids.push_back(q.getColumn(0).getString());
  KpiHistory history;
  for (const auto& id : ids) {
    if (const auto t = store.timeline(id, recorded_by)) history.add_result_of(*t, as_of);
  }
  return history;
}

Calendar calendar_named(const std::string& name) { return load_calendar(name); }

}  // namespace detail

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

struct SweepWriter {
  SQLite::Database& db;
  std::int64_t sweep_id;
  SQLite::Statement result;
  SQLite::Statement state;
  SQLite::Statement entity;
  SQLite::Statement notice;
  std::size_t new_notices = 0;

  static std::string placeholders(int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s += i ? ", ?" : "?";
    return s;
  }

  SweepWriter(SQLite::Database& d, std::int64_t id)
      : db(d),
        sweep_id(id),
        result(d, std::string("INSERT OR REPLACE INTO clock_results(sweep_id, ") + detail::clock_columns +
                      ") VALUES (?, " + placeholders(detail::clock_column_count) + ")"),
        state(d, std::string("INSERT OR REPLACE INTO clock_state(sweep_id, ") + detail::clock_columns +
                     ") VALUES (?, " + placeholders(detail::clock_column_count) + ")"),
        entity(d,
               "INSERT OR REPLACE INTO entity_state(entity_id, evaluated_seq, settled, next_due, sweep_id) "
               "VALUES (?, ?, ?, ?, ?)"),
        notice(d,
               "INSERT OR IGNORE INTO notices(entity_id, clock, notice, due_at, customer, reason, first_sweep_id) "
               "VALUES (?, ?, ?, ?, ?, ?, ?)") {}

  void write(const Timeline& t, const std::vector<ClockResult>& clocks, std::int64_t last_seq, bool is_settled) {
    for (const auto& c : clocks) {
      for (SQLite::Statement* st : {&result, &state}) {
        st->bind(1, sweep_id);
        detail::bind_clock_columns(*st, 2, c);
        st->exec();
        st->reset();
      }
      if (const char* kind = notice_kind(c)) {
        notice.bind(1, c.entity_id);
        notice.bind(2, c.clock);
        notice.bind(3, kind);
        if (c.due_at) notice.bind(4, static_cast<std::int64_t>(c.due_at->utc_seconds));
        else notice.bind(4);
        if (c.customer.empty()) notice.bind(5);
        else notice.bind(5, c.customer);
        notice.bind(6, c.reason);
        notice.bind(7, sweep_id);
        new_notices += static_cast<std::size_t>(notice.exec());
        notice.reset();
      }
    }
    entity.bind(1, t.entity_id);
    entity.bind(2, last_seq);
    entity.bind(3, is_settled ? 1 : 0);
    if (const auto due = next_due(clocks)) entity.bind(4, static_cast<std::int64_t>(due->utc_seconds));
    else entity.bind(4);
    entity.bind(5, sweep_id);
    entity.exec();
    entity.reset();
  }

  // The notices operations sends: a clock at risk or breached, and the
  // customer notifications that are due while those clocks run.
  static const char* notice_kind(const ClockResult& c) {
    if (c.status == ClockStatus::breached) return "breached";
    if (c.status == ClockStatus::at_risk) return "at_risk";
    if (c.status == ClockStatus::pending && (c.clock == "breach_notification" || c.clock == "kpi_miss_notice"))
      return "notify_customers";
    return nullptr;
  }
};

}  // namespace

SweepSummary run_sweep(EventStore& store, const SweepOptions& options) {
  require_writable(store, "a sweep");
  SQLite::Database& db = connection_of(store);
  const RuleBook book = stored_rule_book(store);
  const Instant t = options.as_of;
  const KpiHistory kpis = detail::kpi_history_as_of(store, t, t);
  // Calendars by name, held for the sweep rather than looked up per entity.
  std::map<std::string, Calendar> calendars;
  const auto calendar_for = [&calendars](const std::string& name) {
    auto it = calendars.find(name);
    if (it == calendars.end()) it = calendars.emplace(name, load_calendar(name)).first;
    return it->second;
  };
  const EvaluationInputs inputs{book, calendar_for, &kpis};

  SweepSummary summary;
  // One transaction writes every result: a page cache large enough to hold it
  // keeps SQLite from spilling dirty pages to the WAL mid-transaction.
  db.exec("PRAGMA cache_size = -262144");
  SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);

  // An earlier as_of than a previous sweep: entities settled later may not be
  // settled then, so judge everything again.
  bool full = options.full;
  {
    SQLite::Statement q(db, "SELECT max(as_of) FROM sweep_runs");
    q.executeStep();
    if (!q.getColumn(0).isNull() && q.getColumn(0).getInt64() > t.utc_seconds) full = true;
  }
  {
    SQLite::Statement find(db, "SELECT id FROM sweep_runs WHERE as_of = ?");
    find.bind(1, static_cast<std::int64_t>(t.utc_seconds));
    if (find.executeStep()) {
      summary.sweep_id = find.getColumn(0).getInt64();
      summary.repeated = true;
    } else {
      SQLite::Statement insert(db, "INSERT INTO sweep_runs(as_of, started_at, last_seq) VALUES (?, ?, ?)");
      insert.bind(1, static_cast<std::int64_t>(t.utc_seconds));
      insert.bind(2, static_cast<std::int64_t>(options.now.utc_seconds));
      insert.bind(3, store.last_sequence());
      insert.exec();
      summary.sweep_id = db.getLastInsertRowid();
    }
  }

  // Settled entities (and up to which event they were judged), for a
  // streamed pass to skip; filled only when the sweep streams.
  std::unordered_map<std::string, std::int64_t> settled_at_seq;

  SweepWriter writer(db, summary.sweep_id);
  std::size_t seen = 0;
  const auto judge = [&](const Timeline& timeline) {
    ++seen;
    if (options.progress && seen % 2000 == 0) options.progress(seen);
    const std::int64_t last_seq = last_sequence_of(timeline);
    if (const auto it = settled_at_seq.find(timeline.entity_id); it != settled_at_seq.end() && it->second >= last_seq) {
      ++summary.entities_skipped;
      return;
    }
    const std::vector<ClockResult> clocks = evaluate_timeline(timeline, t, inputs);
    writer.write(timeline, clocks, last_seq, settled(timeline.kind, clocks));
    ++summary.entities_evaluated;
    for (const auto& c : clocks)
      if (c.status == ClockStatus::at_risk || c.status == ClockStatus::breached) summary.attention.push_back(c);
  };

  // Incremental: when few entities are open or changed, fetch just those
  // timelines by index; otherwise one streamed pass over every event is
  // cheaper than many point queries.
  std::vector<std::string> candidates;
  std::int64_t entity_count = 0;
  if (!full) {
    SQLite::Statement count(db, "SELECT count(*) FROM entities");
    count.executeStep();
    entity_count = count.getColumn(0).getInt64();
    SQLite::Statement q(db,
                        "SELECT e.entity_id FROM entities e LEFT JOIN entity_state s ON s.entity_id = e.entity_id "
                        "WHERE s.entity_id IS NULL OR s.settled = 0 OR e.last_seq > s.evaluated_seq "
                        "ORDER BY e.entity_id");
    while (q.executeStep()) candidates.push_back(q.getColumn(0).getString());
  }
  if (!full && static_cast<std::int64_t>(candidates.size()) * 5 < entity_count) {
    summary.entities_skipped = static_cast<std::size_t>(entity_count) - candidates.size();
    for (const auto& id : candidates)
      if (const auto timeline = store.timeline(id, t)) judge(*timeline);
  } else {
    if (!full) {
      SQLite::Statement q(db, "SELECT entity_id, evaluated_seq FROM entity_state WHERE settled = 1");
      while (q.executeStep()) settled_at_seq.emplace(q.getColumn(0).getString(), q.getColumn(1).getInt64());
    }
    TimelineQuery query;
    query.recorded_by = t;  // a sweep at T knows only what was recorded by T
    store.for_each_timeline(query, judge);
  }
  if (options.progress) options.progress(seen);
  {
    SQLite::Statement upd(db, "UPDATE sweep_runs SET evaluated = max(evaluated, ?), last_seq = max(last_seq, ?) WHERE id = ?");
    upd.bind(1, static_cast<std::int64_t>(summary.entities_evaluated));
    upd.bind(2, store.last_sequence());
    upd.bind(3, summary.sweep_id);
    upd.exec();
  }
  summary.new_notices = writer.new_notices;
  {
    SQLite::Statement q(db, "SELECT status, count(*) FROM clock_state GROUP BY status");
    while (q.executeStep())
      if (const auto s = parse_clock_status(q.getColumn(0).getString()))
        summary.clocks_by_status[*s] = static_cast<std::size_t>(q.getColumn(1).getInt64());
  }
  tx.commit();
  std::sort(summary.attention.begin(), summary.attention.end(), [](const ClockResult& a, const ClockResult& b) {
    return std::tie(a.due_at, a.entity_id, a.clock) < std::tie(b.due_at, b.entity_id, b.clock);
  });
  return summary;
}

std::optional<Instant> latest_sweep_as_of(const EventStore& store) {
  SQLite::Statement q(connection_of(store), "SELECT max(as_of) FROM sweep_runs");
  q.executeStep();
  if (q.getColumn(0).isNull()) return std::nullopt;
  return Instant{q.getColumn(0).getInt64()};
}

std::int64_t events_since_last_sweep(const EventStore& store) {
  SQLite::Statement q(connection_of(store),
                      "SELECT (SELECT coalesce(max(seq), 0) FROM events) - "
                      "(SELECT coalesce(max(last_seq), 0) FROM sweep_runs)");
  q.executeStep();
  return std::max<std::int64_t>(0, q.getColumn(0).getInt64());
}

std::vector<ClockResult> overdue_clocks(const EventStore& store, const OverdueQuery& query) {
  std::string sql = std::string("SELECT ") + detail::clock_columns +
                    " FROM clock_state WHERE stopped_at IS NULL AND due_at IS NOT NULL AND due_at <= ?";
  if (query.customer) sql += " AND customer = ?";
  if (query.clock) sql += " AND clock = ?";
  sql += " ORDER BY due_at, entity_id, clock";
  SQLite::Statement q(connection_of(store), sql);
  int i = 1;
  // Past due means strictly after the due instant; at due is not yet breached.
  const std::int64_t limit =
      query.due_within.count > 0 ? query.as_of.utc_seconds + query.due_within.count : query.as_of.utc_seconds - 1;
  q.bind(i++, limit);
  if (query.customer) q.bind(i++, *query.customer);
  if (query.clock) q.bind(i++, *query.clock);
  std::vector<ClockResult> out;
  while (q.executeStep()) {
    ClockResult c = detail::read_clock_columns(q, 0);
    // Re-judge at as_of: the stored status is as of the sweep.
    if (query.as_of > *c.due_at) c.status = ClockStatus::breached;
    else if (c.at_risk_at && query.as_of >= *c.at_risk_at) c.status = ClockStatus::at_risk;
    else c.status = ClockStatus::pending;
    if (query.status && c.status != *query.status) continue;
    out.push_back(std::move(c));
  }
  return out;
}

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
  const KpiHistory kpis = timeline->kind == EntityKind::kpi ? detail::kpi_history_as_of(store, t, recorded_by) : KpiHistory{};
  Replay r;
  r.clocks = evaluate_timeline(*timeline, t, EvaluationInputs{book, detail::calendar_named, &kpis});
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

std::vector<ClockResult> stored_sweep_results(const EventStore& store, const std::string& entity_id, Instant as_of) {
  SQLite::Statement q(connection_of(store), std::string("SELECT ") + detail::clock_columns +
                                                " FROM clock_results WHERE entity_id = ? AND sweep_id = "
                                                "(SELECT id FROM sweep_runs WHERE as_of = ?) ORDER BY clock");
  q.bind(1, entity_id);
  q.bind(2, static_cast<std::int64_t>(as_of.utc_seconds));
  std::vector<ClockResult> out;
  while (q.executeStep()) out.push_back(detail::read_clock_columns(q, 0));
  return out;
}

}  // namespace slaclock
