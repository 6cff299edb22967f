// Sweep runs, clock results, clock state, entity state and notices: every
// statement the sweep and its readers (overdue, replay) run.
#include <slaclock/store/clock_store.h>

#include <slaclock/base/error.h>
#include <slaclock/base/paths.h>

#include "base/sha256.h"
#include "store/clock_rows.h"
#include "store/event_store_internal.h"
#include "store/sweep_seal.h"
#include "store/version_rows.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

namespace slaclock {

namespace {

std::string placeholders(int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += i ? ", ?" : "?";
  return s;
}

// Each clock's latest result row of entity ?1 (at or before sweep ?2 when
// `up_to`): the latest sweep per clock from clock_results_by_entity alone
// (entity_id, clock, sweep_id: no table rows read), then one primary-key
// lookup per clock (CROSS JOIN keeps that order). For every entity the same
// with the grouping by (entity_id, clock): one scan of that index, in its order.
enum class Entities { one, every };
std::string latest_results_sql(bool up_to, Entities entities = Entities::one) {
  const bool one = entities == Entities::one;
  return std::string("SELECT ") + detail::clock_columns + " FROM (SELECT " +
         (one ? "" : "entity_id AS latest_entity, ") +
         "clock AS latest_clock, max(sweep_id) AS latest_sweep FROM clock_results WHERE " +
         (one ? "entity_id = ?1" : "1") + (up_to ? " AND sweep_id <= ?2" : "") + " GROUP BY " +
         (one ? "" : "entity_id, ") + "clock) CROSS JOIN clock_results ON sweep_id = latest_sweep AND entity_id = " +
         (one ? "?1" : "latest_entity") + " AND clock = latest_clock";
}

void bind_optional(SQLite::Statement& st, int i, const std::optional<Instant>& t) {
  if (t)
    st.bind(i, static_cast<std::int64_t>(t->utc_seconds));
  else
    st.bind(i);
}

}  // namespace

// Foreign keys unchecked while the sweep's transaction is open, checked
// again once it has ended (the pragma is a no-op inside a transaction). Every
// row a sweep writes names the run it opened in the same transaction (the
// parent of every foreign key it writes) and it deletes no parent row: the
// check found nothing to refuse, and was a lookup in sweep_runs for each row,
// about a sixth of the writing thread's instructions.
struct ForeignKeysOff {
  SQLite::Database& db;
  explicit ForeignKeysOff(SQLite::Database& d) : db(d) { db.exec("PRAGMA foreign_keys = OFF"); }
  ForeignKeysOff(const ForeignKeysOff&) = delete;
  ForeignKeysOff& operator=(const ForeignKeysOff&) = delete;
  ~ForeignKeysOff() {
    try {
      db.exec("PRAGMA foreign_keys = ON");
    } catch (const SQLite::Exception&) {
      // The connection is unusable anyway; its owner reports that.
    }
  }
};

struct SweepTransaction::Impl {
  const EventStore& store;
  SQLite::Database& db;
  ForeignKeysOff foreign_keys_off;  // before tx: ends after it
  SQLite::Transaction tx;
  SQLite::Statement result, state, entity, notice;

  static SQLite::Database& prepared(const EventStore& s) {
    require_writable(s, "a sweep");
    SQLite::Database& d = connection_of(s);
    // One transaction writes every result: a page cache large enough to hold
    // it keeps SQLite from spilling dirty pages to the WAL mid-transaction.
    d.exec("PRAGMA cache_size = -262144");
    return d;
  }

  explicit Impl(const EventStore& s)
      : store(s),
        db(prepared(s)),
        foreign_keys_off(db),
        tx(db, SQLite::TransactionBehavior::IMMEDIATE),
        result(db, std::string("INSERT OR REPLACE INTO clock_results(sweep_id, ") + detail::clock_columns +
                       ") VALUES (?, " + placeholders(detail::clock_column_count) + ")"),
        state(db, std::string("INSERT OR REPLACE INTO clock_state(sweep_id, ") + detail::clock_columns + ", " +
                      detail::clock_figure_columns + ") VALUES (?, " +
                      placeholders(detail::clock_column_count + detail::clock_figure_column_count) + ")"),
        entity(db,
               "INSERT OR REPLACE INTO entity_state(entity_id, evaluated_seq, settled, next_due, sweep_id) "
               "VALUES (?1, ?2, ?3 AND ?2 >= coalesce((SELECT last_seq FROM entities WHERE entity_id = ?1), 0), "
               "?4, ?5)"),
        notice(db,
               "INSERT OR IGNORE INTO notices(entity_id, clock, notice, due_at, customer, reason, first_sweep_id) "
               "VALUES (?, ?, ?, ?, ?, ?, ?)"),
        stopped(db, "DELETE FROM clock_state WHERE entity_id = ? AND clock = ?") {
    plan.any_state = has_rows(db, "SELECT 1 FROM clock_results LIMIT 1");
  }

  static bool has_rows(SQLite::Database& d, const char* sql) {
    SQLite::Statement q(d, sql);
    return q.executeStep();
  }

  SQLite::Statement stopped;

  // What the planner (SweepPlanner) keeps for the run, on its own thread
  // until the transaction seals, counts or commits.
  struct Plan {
    // False when no clock result was stored before this sweep (a first
    // sweep): then there is nothing to compare with and no lookup per entity.
    bool any_state = false;
    // Change in the count of clock states by status, written to
    // clock_status_counts before the counts are read or the run commits.
    std::map<ClockStatus, std::int64_t> count_delta;
    // The results digest, hashed as rows are planned: valid while the run is
    // new and entities arrive in key order, else computed by reading back.
    detail::Sha256 digest;
    bool digest_in_memory = false;
    std::string last_entity;
  } plan;

  void flush_counts() {
    SQLite::Statement add(db,
                          "INSERT INTO clock_status_counts(status, clocks) VALUES (?1, ?2) "
                          "ON CONFLICT(status) DO UPDATE SET clocks = clocks + ?2");
    for (const auto& [status, delta] : plan.count_delta) {
      if (delta == 0) continue;
      add.bind(1, clock_status_name(status));
      add.bind(2, delta);
      add.exec();
      add.reset();
    }
    plan.count_delta.clear();
  }

  std::int64_t sweep_id = 0;
  std::int64_t previous_last_seq = 0;
};

struct SweepPlanner::Impl {
  const EventStore& reads;
  SweepTransaction::Impl::Plan& plan;
  // Each clock's latest stored result of the entity (only when there are any).
  std::optional<SQLite::Statement> previous;
  std::vector<ClockResult> before;
  std::vector<std::size_t> order;
  std::string row;
};

SweepPlanner::SweepPlanner(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SweepPlanner::SweepPlanner(SweepPlanner&&) noexcept = default;
SweepPlanner& SweepPlanner::operator=(SweepPlanner&&) noexcept = default;
SweepPlanner::~SweepPlanner() = default;

SweepTransaction::SweepTransaction(EventStore& store)
    : impl_(with_store_errors(store, "cannot start the sweep", [&] { return std::make_unique<Impl>(store); })) {}

SweepTransaction::~SweepTransaction() = default;

std::optional<Instant> SweepTransaction::latest_as_of() {
  return with_store_errors(impl_->store, "cannot read sweep runs", [&]() -> std::optional<Instant> {
    SQLite::Statement q(impl_->db, "SELECT max(as_of) FROM sweep_runs");
    q.executeStep();
    if (q.getColumn(0).isNull()) return std::nullopt;
    return Instant{q.getColumn(0).getInt64()};
  });
}

SweepRun SweepTransaction::open_run(Instant as_of, Instant now, std::int64_t last_seq) {
  return with_store_errors(impl_->store, "cannot record the sweep run", [&] {
    SweepRun run;
    // Every entity with an event stored after this was judged by an earlier
    // sweep, or is held unsettled (entities_to_judge).
    SQLite::Statement seen(impl_->db, "SELECT coalesce(max(last_seq), 0) FROM sweep_runs");
    seen.executeStep();
    impl_->previous_last_seq = seen.getColumn(0).getInt64();
    SQLite::Statement find(impl_->db, "SELECT id FROM sweep_runs WHERE as_of = ?");
    find.bind(1, static_cast<std::int64_t>(as_of.utc_seconds));
    if (find.executeStep()) {
      run.id = find.getColumn(0).getInt64();
      run.repeated = true;
    } else {
      SQLite::Statement insert(impl_->db, "INSERT INTO sweep_runs(as_of, started_at, last_seq) VALUES (?, ?, ?)");
      insert.bind(1, static_cast<std::int64_t>(as_of.utc_seconds));
      insert.bind(2, static_cast<std::int64_t>(now.utc_seconds));
      insert.bind(3, last_seq);
      insert.exec();
      run.id = impl_->db.getLastInsertRowid();
    }
    impl_->sweep_id = run.id;
    impl_->plan.digest_in_memory = !run.repeated;
    if (impl_->plan.digest_in_memory) impl_->plan.digest.begin();
    return run;
  });
}

std::int64_t SweepTransaction::entity_count() {
  return with_store_errors(impl_->store, "cannot count entities", [&] {
    SQLite::Statement count(impl_->db, "SELECT count(*) FROM entities");
    count.executeStep();
    return count.getColumn(0).getInt64();
  });
}

bool SweepTransaction::earlier_sweep_saw_events() const {
  return impl_->previous_last_seq > 0;
}

std::vector<std::string> SweepTransaction::entities_to_judge() {
  return with_store_errors(impl_->store, "cannot list entities to judge", [&] {
    // Two index reads instead of a join over every entity: the unsettled
    // ones (entity_state_next_due covers them) and those with events stored
    // since the previous sweep (entities_by_last_seq), sorted here (a UNION
    // ... ORDER BY made SQLite scan both tables whole). An entity whose
    // events were not all visible to the sweep that judged it (recorded after
    // its as_of), or that had none visible yet, is stored unsettled
    // (store_entity, hold_unjudged), so nothing else can have changed.
    std::vector<std::string> out;
    SQLite::Statement unsettled(impl_->db, "SELECT entity_id FROM entity_state WHERE settled = 0");
    while (unsettled.executeStep()) out.push_back(unsettled.getColumn(0).getString());
    SQLite::Statement changed(impl_->db, "SELECT entity_id FROM entities WHERE last_seq > ?");
    changed.bind(1, impl_->previous_last_seq);
    while (changed.executeStep()) out.push_back(changed.getColumn(0).getString());
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  });
}

std::unordered_map<std::string, std::int64_t> SweepTransaction::settled_entities() {
  return with_store_errors(impl_->store, "cannot list settled entities", [&] {
    SQLite::Statement q(impl_->db, "SELECT entity_id, evaluated_seq FROM entity_state WHERE settled = 1");
    std::unordered_map<std::string, std::int64_t> out;
    while (q.executeStep()) out.emplace(q.getColumn(0).getString(), q.getColumn(1).getInt64());
    return out;
  });
}

void SweepTransaction::hold_unjudged(const std::vector<std::string>& entity_ids) {
  with_store_errors(impl_->store, "cannot store entity state", [&] {
    // Nothing of these was visible to this sweep: held unsettled, with no
    // judgement, so the next sweep looks at them again.
    SQLite::Statement hold(impl_->db,
                           "INSERT OR IGNORE INTO entity_state(entity_id, evaluated_seq, settled, next_due, sweep_id) "
                           "VALUES (?, 0, 0, NULL, ?)");
    for (const std::string& id : entity_ids) {
      hold.bind(1, id);
      hold.bind(2, impl_->sweep_id);
      hold.exec();
      hold.reset();
    }
  });
}

void SweepTransaction::hold_unjudged() {
  with_store_errors(impl_->store, "cannot store entity state", [&] {
    SQLite::Statement hold(impl_->db,
                           "INSERT INTO entity_state(entity_id, evaluated_seq, settled, next_due, sweep_id) "
                           "SELECT e.entity_id, 0, 0, NULL, ? FROM entities e WHERE NOT EXISTS "
                           "(SELECT 1 FROM entity_state s WHERE s.entity_id = e.entity_id)");
    hold.bind(1, impl_->sweep_id);
    hold.exec();
  });
}

SweepPlanner SweepTransaction::planner(const EventStore& reads) {
  return with_store_errors(reads, "cannot read clock results", [&] {
    // The planner's connection reads every event of the sweep in entity order
    // (rows all over the table): mapped, not copied page by page through
    // read() into a small cache. 256 MiB of the file at most, counted in the
    // process's resident size while touched (pages of the file, which the
    // system may drop, not allocated memory).
    connection_of(reads).exec("PRAGMA mmap_size = 268435456");
    auto p = std::make_unique<SweepPlanner::Impl>(SweepPlanner::Impl{reads, impl_->plan, std::nullopt, {}, {}, {}});
    if (impl_->plan.any_state) p->previous.emplace(connection_of(reads), latest_results_sql(false));
    return SweepPlanner(std::move(p));
  });
}

void SweepPlanner::plan(EntityJudgement& e) {
  with_store_errors(impl_->reads, "cannot read clock results", [&] {
    Impl& s = *impl_;
    SweepTransaction::Impl::Plan& run = s.plan;
    // The entity's stored judgement, its clocks' latest result rows: a
    // result row is written only for a clock whose judgement changed
    // (migration 5); what a sweep judged of a clock is its last result row at
    // or before that sweep. Read on the planner's own connection: it sees the
    // entity as the transaction does until the transaction stores it.
    s.before.clear();
    if (s.previous) {
      s.previous->bind(1, e.entity_id);
      while (s.previous->executeStep()) s.before.push_back(detail::read_clock_columns(*s.previous, 0));
      s.previous->reset();
    }
    e.results.clear();
    e.stopped.clear();
    for (std::size_t i = 0; i < e.clocks.size(); ++i) {
      const ClockResult& c = e.clocks[i];
      const ClockResult* p = nullptr;
      for (const auto& b : s.before)
        if (b.clock == c.clock) p = &b;
      if (!p || !same_recorded_judgement(*p, c)) e.results.push_back(i);
      // clock_state holds the running clocks; one that stopped leaves it.
      if (!is_running(c.status) && p && is_running(p->status)) e.stopped.push_back(i);
      if (!p || p->status != c.status) {
        if (p) --run.count_delta[p->status];
        ++run.count_delta[c.status];
      }
    }
    if (run.digest_in_memory && !e.results.empty()) {
      // Rows are keyed (entity_id, clock): hash this entity's in clock-name order.
      if (!run.last_entity.empty() && e.entity_id <= run.last_entity) run.digest_in_memory = false;
      run.last_entity = e.entity_id;
      s.order = e.results;
      std::sort(s.order.begin(), s.order.end(), [&](std::size_t a, std::size_t b) {
        return std::string_view(clock_name(e.clocks[a].clock)) < std::string_view(clock_name(e.clocks[b].clock));
      });
      for (std::size_t i : s.order) {
        detail::clock_row_text(e.clocks[i], s.row);
        run.digest.add(s.row);
      }
    }
  });
}

std::vector<std::int64_t> SweepTransaction::store_entity(const EntityJudgement& e) {
  return with_store_errors(impl_->store, "cannot store clock results", [&] {
    Impl& s = *impl_;
    for (std::size_t i : e.results) {
      s.result.bind(1, s.sweep_id);
      detail::bind_clock_columns(s.result, 2, e.clocks[i]);
      s.result.exec();
      s.result.reset();
    }
    for (const ClockResult& c : e.clocks) {
      // clock_state holds the running clocks, each rewritten by every sweep
      // that judges it (so overdue's judged_at is that sweep).
      if (!is_running(c.status)) continue;
      s.state.bind(1, s.sweep_id);
      detail::bind_clock_columns(s.state, 2, c);
      detail::bind_clock_figures(s.state, 2 + detail::clock_column_count, c);
      s.state.exec();
      s.state.reset();
    }
    for (std::size_t i : e.stopped) {
      s.stopped.bind(1, e.entity_id);
      s.stopped.bind(2, clock_name(e.clocks[i].clock));
      s.stopped.exec();
      s.stopped.reset();
    }
    std::vector<std::int64_t> raised;
    for (const Notice& n : e.notices) {
      const ClockResult& c = e.clocks.at(n.clock);
      s.notice.bind(1, c.entity_id);
      s.notice.bind(2, clock_name(c.clock));
      s.notice.bind(3, notice_kind_name(n.kind));
      bind_optional(s.notice, 4, c.due_at);
      if (c.customer.empty())
        s.notice.bind(5);
      else
        s.notice.bind(5, c.customer);
      s.notice.bind(6, c.reason);
      s.notice.bind(7, s.sweep_id);
      if (s.notice.exec() > 0) raised.push_back(s.db.getLastInsertRowid());
      s.notice.reset();
    }
    s.entity.bind(1, e.entity_id);
    s.entity.bind(2, e.last_seq);
    s.entity.bind(3, e.settled ? 1 : 0);
    bind_optional(s.entity, 4, e.next_due);
    s.entity.bind(5, s.sweep_id);
    s.entity.exec();
    s.entity.reset();
    return raised;
  });
}

void SweepTransaction::finish_run(const SweepRun& run, std::size_t evaluated, std::int64_t last_seq) {
  with_store_errors(impl_->store, "cannot finish the sweep run", [&] {
    SQLite::Statement upd(impl_->db,
                          "UPDATE sweep_runs SET evaluated = max(evaluated, ?), last_seq = max(last_seq, ?) "
                          "WHERE id = ?");
    upd.bind(1, static_cast<std::int64_t>(evaluated));
    upd.bind(2, last_seq);
    upd.bind(3, run.id);
    upd.exec();
  });
}

StoredCalendarVersion SweepTransaction::store_calendar(const std::string& name, const std::string& text,
                                                       const std::string& source_file, Instant now) {
  return with_store_errors(impl_->store, "cannot store the calendar version",
                           [&] { return detail::insert_calendar_version(impl_->db, name, text, source_file, now); });
}

void SweepTransaction::seal_run(const SweepRun& run,
                                const std::map<std::string, std::map<std::string, std::string>>& versions) {
  with_store_errors(impl_->store, "cannot seal the sweep run", [&] {
    SQLite::Database& db = impl_->db;
    SQLite::Statement record(db,
                             "INSERT OR REPLACE INTO sweep_versions(sweep_id, kind, name, content_sha256) "
                             "VALUES (?, ?, ?, ?)");
    for (const auto& [kind, by_name] : versions)
      for (const auto& [name, sha] : by_name) {
        record.bind(1, run.id);
        record.bind(2, kind);
        record.bind(3, name);
        record.bind(4, sha);
        record.exec();
        record.reset();
      }
    SQLite::Statement previous(db,
                               "SELECT chain_sha256 FROM sweep_runs WHERE id < ? AND chain_sha256 IS NOT NULL "
                               "ORDER BY id DESC LIMIT 1");
    previous.bind(1, run.id);
    const std::string prev = previous.executeStep() ? previous.getColumn(0).getString() : std::string();
    SQLite::Statement as_of(db, "SELECT as_of FROM sweep_runs WHERE id = ?");
    as_of.bind(1, run.id);
    as_of.executeStep();
    const std::string digest =
        impl_->plan.digest_in_memory ? detail::to_hex(impl_->plan.digest.finish()) : detail::results_digest(db, run.id);
    const std::string chain =
        detail::chain_link(prev, run.id, as_of.getColumn(0).getInt64(), digest, detail::versions_of_run(db, run.id));
    SQLite::Statement seal(db, "UPDATE sweep_runs SET results_sha256 = ?, chain_sha256 = ? WHERE id = ?");
    seal.bind(1, digest);
    seal.bind(2, chain);
    seal.bind(3, run.id);
    seal.exec();
  });
}

std::map<ClockStatus, std::size_t> SweepTransaction::clocks_by_status() {
  return with_store_errors(impl_->store, "cannot count clock states", [&] {
    impl_->flush_counts();
    std::map<ClockStatus, std::size_t> out;
    SQLite::Statement q(impl_->db, "SELECT status, clocks FROM clock_status_counts WHERE clocks > 0");
    while (q.executeStep())
      if (const auto s = parse_clock_status(q.getColumn(0).getString()))
        out[*s] = static_cast<std::size_t>(q.getColumn(1).getInt64());
    return out;
  });
}

void SweepTransaction::commit() {
  with_store_errors(impl_->store, "cannot commit the sweep", [&] {
    impl_->flush_counts();
    impl_->tx.commit();
  });
}

std::optional<Instant> latest_sweep_as_of(const EventStore& store) {
  return with_store_errors(store, "cannot read sweep runs", [&]() -> std::optional<Instant> {
    SQLite::Statement q(connection_of(store), "SELECT max(as_of) FROM sweep_runs");
    q.executeStep();
    if (q.getColumn(0).isNull()) return std::nullopt;
    return Instant{q.getColumn(0).getInt64()};
  });
}

std::int64_t events_since_last_sweep(const EventStore& store) {
  return with_store_errors(store, "cannot read sweep runs", [&] {
    SQLite::Statement q(connection_of(store),
                        "SELECT (SELECT coalesce(max(seq), 0) FROM events) - "
                        "(SELECT coalesce(max(last_seq), 0) FROM sweep_runs)");
    q.executeStep();
    return std::max<std::int64_t>(0, q.getColumn(0).getInt64());
  });
}

std::int64_t events_recorded_after(const EventStore& store, Instant t) {
  return with_store_errors(store, "cannot read events", [&] {
    SQLite::Statement q(connection_of(store),
                        "SELECT count(*) FROM events WHERE seq > "
                        "(SELECT coalesce(max(last_seq), 0) FROM imports WHERE started_at < ?1) AND recorded_at > ?1");
    q.bind(1, static_cast<std::int64_t>(t.utc_seconds));
    q.executeStep();
    return q.getColumn(0).getInt64();
  });
}

void for_each_running_clock_due_by(const EventStore& store, const RunningClockQuery& query,
                                   const std::function<bool(StoredClockState&)>& row) {
  with_store_errors(store, "cannot read clock state", [&] {
    std::string sql = std::string("SELECT ") + detail::clock_columns + ", " + detail::clock_figure_columns +
                      ", (SELECT as_of FROM sweep_runs WHERE sweep_runs.id = clock_state.sweep_id)"
                      " FROM clock_state WHERE stopped_at IS NULL AND due_at IS NOT NULL AND due_at <= ?";
    if (query.customer) sql += " AND customer = ?";
    if (query.clock) sql += " AND clock = ?";
    sql += " ORDER BY due_at, entity_id, clock";
    SQLite::Statement q(connection_of(store), sql);
    int i = 1;
    q.bind(i++, static_cast<std::int64_t>(query.due_by.utc_seconds));
    if (query.customer) q.bind(i++, *query.customer);
    if (query.clock) q.bind(i++, clock_name(*query.clock));
    constexpr int judged_at = detail::clock_column_count + detail::clock_figure_column_count;
    while (q.executeStep()) {
      StoredClockState s;
      s.clock = detail::read_clock_columns(q, 0);
      s.has_figures = detail::read_clock_figures(q, detail::clock_column_count, s.clock);
      s.judged_at = Instant{q.getColumn(judged_at).getInt64()};
      if (!row(s)) break;
    }
  });
}

std::vector<ClockResult> stored_sweep_results(const EventStore& store, const std::string& entity_id, Instant as_of) {
  return with_store_errors(store, "cannot read clock results", [&] {
    // A sweep stores the clocks whose judgement changed (migration 5): what
    // the sweep at as_of judged of each clock is its last row at or before
    // that sweep, found by clock_results_by_entity (entity_id, clock, sweep_id).
    SQLite::Database& db = connection_of(store);
    SQLite::Statement run(db, "SELECT id FROM sweep_runs WHERE as_of = ?");
    run.bind(1, static_cast<std::int64_t>(as_of.utc_seconds));
    if (!run.executeStep()) return std::vector<ClockResult>{};
    const std::int64_t sweep_id = run.getColumn(0).getInt64();
    SQLite::Statement q(db, latest_results_sql(true) + " ORDER BY clock");
    q.bind(1, entity_id);
    q.bind(2, sweep_id);
    std::vector<ClockResult> out;
    while (q.executeStep()) out.push_back(detail::read_clock_columns(q, 0));
    return out;
  });
}

void for_each_stored_result(const EventStore& store, const StoredResultQuery& query,
                            const std::function<bool(const StoredResult&)>& row) {
  with_store_errors(store, "cannot read clock results", [&] {
    // What sweep N judged of every clock, as replay --as-known reads one
    // entity's (stored_sweep_results), then the filters on the row found: a
    // status or --since asks about that sweep's judgement, not an older row.
    // Values are bound from ?3 on, in the order the conditions are added.
    const char* const written_by = "(SELECT as_of FROM sweep_runs WHERE sweep_runs.id = clock_results.sweep_id)";
    std::string sql = latest_results_sql(true, Entities::every);
    sql.replace(sql.find(" FROM ("), 0, std::string(", sweep_id, ") + written_by);
    std::string where;
    int next = 3;
    const auto add = [&](const std::string& condition) { where += (where.empty() ? " WHERE " : " AND ") + condition; };
    const auto list = [&](const char* column, std::size_t n) {
      std::string in = std::string(column) + " IN (";
      for (std::size_t i = 0; i < n; ++i) in += (i ? ", ?" : "?") + std::to_string(next++);
      add(in + ")");
    };
    if (!query.clocks.empty()) list("clock", query.clocks.size());
    if (!query.statuses.empty()) list("status", query.statuses.size());
    if (query.customer) add("customer = ?" + std::to_string(next++));
    if (query.kind) add("kind = ?" + std::to_string(next++));
    if (query.written_after) add(std::string(written_by) + " > ?" + std::to_string(next++));
    if (query.due_from) add("due_at >= ?" + std::to_string(next++));
    if (query.due_before) add("due_at < ?" + std::to_string(next++));
    SQLite::Statement q(connection_of(store), sql + where);
    q.bind(2, query.sweep_id);
    int i = 3;
    for (const ClockId c : query.clocks) q.bind(i++, clock_name(c));
    for (const ClockStatus st : query.statuses) q.bind(i++, clock_status_name(st));
    if (query.customer) q.bind(i++, *query.customer);
    if (query.kind) q.bind(i++, entity_kind_name(*query.kind));
    if (query.written_after) q.bind(i++, static_cast<std::int64_t>(query.written_after->utc_seconds));
    if (query.due_from) q.bind(i++, static_cast<std::int64_t>(query.due_from->utc_seconds));
    if (query.due_before) q.bind(i++, static_cast<std::int64_t>(query.due_before->utc_seconds));
    StoredResult r;
    while (q.executeStep()) {
      r.clock = detail::read_clock_columns(q, 0);
      r.sweep_id = q.getColumn(detail::clock_column_count).getInt64();
      r.sweep_as_of = Instant{q.getColumn(detail::clock_column_count + 1).getInt64()};
      if (!row(r)) break;
    }
  });
}

std::optional<SweepVersions> versions_of_sweep_by(const EventStore& store, Instant t) {
  return with_store_errors(store, "cannot read sweep runs", [&]() -> std::optional<SweepVersions> {
    SQLite::Database& db = connection_of(store);
    SQLite::Statement q(db, "SELECT id, as_of FROM sweep_runs WHERE as_of <= ? ORDER BY as_of DESC LIMIT 1");
    q.bind(1, static_cast<std::int64_t>(t.utc_seconds));
    if (!q.executeStep()) return std::nullopt;
    SweepVersions v;
    v.sweep_id = q.getColumn(0).getInt64();
    v.as_of = Instant{q.getColumn(1).getInt64()};
    auto used = detail::versions_of_run(db, v.sweep_id);
    v.rules = std::move(used["rules"]);
    v.calendars = std::move(used["calendar"]);
    return v;
  });
}

std::vector<std::string> entity_ids_opened_by(const EventStore& store, EntityKind kind, Instant opened_by) {
  return with_store_errors(store, "cannot list entities", [&] {
    SQLite::Statement q(connection_of(store), "SELECT entity_id FROM entities WHERE kind = ? AND opened_at <= ?");
    q.bind(1, entity_kind_name(kind));
    q.bind(2, static_cast<std::int64_t>(opened_by.utc_seconds));
    std::vector<std::string> out;
    while (q.executeStep()) out.push_back(q.getColumn(0).getString());
    return out;
  });
}

std::vector<StoredSweepRun> stored_sweep_runs(const EventStore& store, std::size_t limit, std::size_t offset,
                                              bool count_results) {
  return with_store_errors(store, "cannot read sweep runs", [&] {
    SQLite::Database& db = connection_of(store);
    SQLite::Statement q(db,
                        "SELECT id, as_of, started_at, last_seq, evaluated, results_sha256, chain_sha256 "
                        "FROM sweep_runs ORDER BY as_of DESC LIMIT ? OFFSET ?");
    q.bind(1, static_cast<std::int64_t>(limit));
    q.bind(2, static_cast<std::int64_t>(offset));
    std::vector<StoredSweepRun> out;
    while (q.executeStep()) {
      StoredSweepRun r;
      r.id = q.getColumn(0).getInt64();
      r.as_of = Instant{q.getColumn(1).getInt64()};
      r.started_at = Instant{q.getColumn(2).getInt64()};
      r.last_seq = q.getColumn(3).getInt64();
      r.evaluated = q.getColumn(4).getInt64();
      r.results_sha256 = q.getColumn(5).isNull() ? std::string() : q.getColumn(5).getString();
      r.chain_sha256 = q.getColumn(6).isNull() ? std::string() : q.getColumn(6).getString();
      out.push_back(std::move(r));
    }
    if (count_results)
      for (StoredSweepRun& r : out) r.results_by_status = sweep_results_by_status(store, r.id);
    return out;
  });
}

std::map<ClockStatus, std::size_t> sweep_results_by_status(const EventStore& store, std::int64_t sweep_id) {
  return with_store_errors(store, "cannot count clock results", [&] {
    // clock_results' primary key starts with sweep_id: a range scan of the run.
    SQLite::Statement q(connection_of(store),
                        "SELECT status, count(*) FROM clock_results WHERE sweep_id = ? GROUP BY status");
    q.bind(1, sweep_id);
    std::map<ClockStatus, std::size_t> out;
    while (q.executeStep()) {
      const std::string word = q.getColumn(0).getString();
      const auto status = parse_clock_status(word);
      if (!status)
        throw StoreError({store.path().string(), 0, "clock_results.status"},
                         "unknown clock status '" + word + "' in sweep " + std::to_string(sweep_id));
      out[*status] = static_cast<std::size_t>(q.getColumn(1).getInt64());
    }
    return out;
  });
}

std::int64_t sweep_run_count(const EventStore& store) {
  return with_store_errors(store, "cannot count sweep runs", [&] {
    SQLite::Statement q(connection_of(store), "SELECT count(*) FROM sweep_runs");
    q.executeStep();
    return q.getColumn(0).getInt64();
  });
}

namespace {

/// " WHERE ..." for a notice query, and its values in bind order.
std::string notice_filter(const NoticePageQuery& q, std::vector<std::string>& values) {
  std::string where;
  const auto add = [&](const char* condition, std::string value) {
    where += where.empty() ? " WHERE " : " AND ";
    where += condition;
    values.push_back(std::move(value));
  };
  if (q.kind) add("n.notice = ?", notice_kind_name(*q.kind));
  if (q.customer) add("n.customer = ?", *q.customer);
  if (q.entity_id) add("n.entity_id = ?", *q.entity_id);
  return where;
}

}  // namespace

std::vector<PagedNotice> notice_page(const EventStore& store, const NoticePageQuery& query) {
  return with_store_errors(store, "cannot read notices", [&] {
    std::vector<std::string> values;
    const std::string where = notice_filter(query, values);
    SQLite::Statement q(connection_of(store),
                        "SELECT n.id, n.entity_id, n.clock, n.notice, n.due_at, n.customer, n.reason, "
                        "n.first_sweep_id, r.as_of FROM notices n JOIN sweep_runs r ON r.id = n.first_sweep_id" +
                            where + " ORDER BY n.id DESC LIMIT ? OFFSET ?");
    int i = 1;
    for (const std::string& v : values) q.bind(i++, v);
    q.bind(i++, static_cast<std::int64_t>(query.limit));
    q.bind(i++, static_cast<std::int64_t>(query.offset));
    std::vector<PagedNotice> out;
    while (q.executeStep()) {
      PagedNotice n;
      n.id = q.getColumn(0).getInt64();
      n.entity_id = q.getColumn(1).getString();
      const std::string clock = q.getColumn(2).getString(), kind = q.getColumn(3).getString();
      const auto id = ClockId::try_named(clock);  // a site clock is interned when read back
      const auto k = parse_notice_kind(kind);
      if (!id || !k)
        throw StoreError({store.path().string(), 0, "notices"},
                         "notice " + std::to_string(n.id) + " names an unknown " +
                             (!id ? "clock '" + clock + "'" : "kind '" + kind + "'"));
      n.clock = *id;
      n.kind = *k;
      if (!q.getColumn(4).isNull()) n.due_at = Instant{q.getColumn(4).getInt64()};
      if (!q.getColumn(5).isNull()) n.customer = q.getColumn(5).getString();
      n.reason = q.getColumn(6).getString();
      n.sweep_id = q.getColumn(7).getInt64();
      n.sweep_as_of = Instant{q.getColumn(8).getInt64()};
      out.push_back(std::move(n));
    }
    return out;
  });
}

std::int64_t notice_page_count(const EventStore& store, const NoticePageQuery& query) {
  return with_store_errors(store, "cannot count notices", [&] {
    std::vector<std::string> values;
    SQLite::Statement q(connection_of(store), "SELECT count(*) FROM notices n" + notice_filter(query, values));
    int i = 1;
    for (const std::string& v : values) q.bind(i++, v);
    q.executeStep();
    return q.getColumn(0).getInt64();
  });
}

}  // namespace slaclock
