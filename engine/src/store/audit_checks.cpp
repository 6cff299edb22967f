// The checks of `verify` beyond the hash chains: store/audit_checks.h.
#include "store/audit_checks.h"

#include <slaclock/base/error.h>
#include <slaclock/config/kvi_config_loader.h>
#include <slaclock/config/rule_loader.h>
#include <slaclock/time/time_zone.h>
#include <slaclock/time/timestamp.h>

#include "store/clock_rows.h"

#include <SQLiteCpp/Statement.h>

#include <array>
#include <map>
#include <optional>
#include <set>
#include <string>

namespace slaclock::detail {

namespace {

AuditPart part(const char* name) {
  return AuditPart{name, 0, "", std::nullopt, 0};
}

std::string text_of(SQLite::Statement& q, int i) {
  return q.getColumn(i).isNull() ? std::string("NULL") : q.getColumn(i).getString();
}

bool table_exists(SQLite::Database& db, const char* name) {
  SQLite::Statement q(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
  q.bind(1, name);
  return q.executeStep();
}

// The clock columns as stored, one row of the latest results or of clock_state.
struct ClockRow {
  std::string entity_id, clock;
  std::int64_t sweep_id = 0;
  std::array<std::string, 11> values;  // kind .. customer, as text ("NULL" for NULL)
};
constexpr std::array<const char*, 11> value_names{"kind",       "status",     "started_at",   "due_at",
                                                  "at_risk_at", "stopped_at", "rule_version", "calendar",
                                                  "band",       "reason",     "customer"};

ClockRow read_row(SQLite::Statement& q) {
  ClockRow r;
  r.entity_id = q.getColumn(0).getString();
  r.clock = q.getColumn(1).getString();
  for (int i = 0; i < 11; ++i) r.values[static_cast<std::size_t>(i)] = text_of(q, 2 + i);
  r.sweep_id = q.getColumn(13).getInt64();
  return r;
}

bool is_running_word(const std::string& status) {
  return status == "pending" || status == "at_risk" || status == "breached";
}

std::string key_of(const std::string& entity, const std::string& clock) {
  return "entity '" + entity + "' clock " + clock;
}

}  // namespace

AuditPart check_version_columns(SQLite::Database& db, std::int64_t after_rule_id, std::int64_t after_kvi_id) {
  AuditPart p = part("version_columns");
  {
    SQLite::Statement q(
        db, "SELECT version, effective_from, effective_at, calendar, yaml FROM rule_versions WHERE id > ? ORDER BY id");
    q.bind(1, after_rule_id);
    while (q.executeStep() && !p.problem) {
      ++p.checked;
      const std::string name = q.getColumn(0).getString();
      const std::string where = "rule_versions '" + name + "'";
      try {
        const RuleSet r = parse_stored_rule_set(q.getColumn(4).getString(), "rule_versions");
        if (r.version != name)
          p.problem = where + ": its version column differs from its text's '" + r.version + "'";
        else if (format_date(r.effective_from) != q.getColumn(1).getString())
          p.problem = where + ": effective_from " + q.getColumn(1).getString() + " differs from its text's " +
                      format_date(r.effective_from);
        else if (r.effective_at.utc_seconds != q.getColumn(2).getInt64())
          p.problem = where + ": effective_at differs from its text's effective date in its zone";
        else if (r.calendar != q.getColumn(3).getString())
          p.problem =
              where + ": calendar '" + q.getColumn(3).getString() + "' differs from its text's '" + r.calendar + "'";
      } catch (const Error& e) {
        p.problem = where + ": its text no longer reads as a rule version (" + e.why() + ")";
      }
    }
  }
  if (p.problem || !table_exists(db, "kvi_settings_versions")) return p;
  SQLite::Statement q(
      db, "SELECT version, effective_from, effective_at, yaml FROM kvi_settings_versions WHERE id > ? ORDER BY id");
  q.bind(1, after_kvi_id);
  while (q.executeStep() && !p.problem) {
    ++p.checked;
    const std::string name = q.getColumn(0).getString();
    const std::string where = "kvi_settings_versions '" + name + "'";
    try {
      const KviConfig c = parse_stored_kvi_config(q.getColumn(3).getString(), "kvi_settings_versions");
      const Instant at = TimeZone::named(c.time_zone).from_local(c.effective_from, 0, Disambiguation::earliest);
      if (c.version != name)
        p.problem = where + ": its version column differs from its text's '" + c.version + "'";
      else if (format_date(c.effective_from) != q.getColumn(1).getString())
        p.problem = where + ": effective_from " + q.getColumn(1).getString() + " differs from its text's " +
                    format_date(c.effective_from);
      else if (at.utc_seconds != q.getColumn(2).getInt64())
        p.problem = where + ": effective_at differs from its text's effective date in its zone";
    } catch (const Error& e) {
      p.problem = where + ": its text no longer reads as KVI settings (" + e.why() + ")";
    }
  }
  return p;
}

AuditPart check_imports(SQLite::Database& db, std::int64_t after_seq) {
  AuditPart p = part("imports");
  struct Import {
    std::optional<std::int64_t> last_seq;
    std::string chain_head;
    std::int64_t after = 0;  ///< the highest last_seq of every earlier import
  };
  std::map<std::int64_t, Import> imports;
  {
    SQLite::Statement q(db, "SELECT id, last_seq, chain_head FROM imports ORDER BY id");
    while (q.executeStep()) {
      Import i;
      if (!q.getColumn(1).isNull()) i.last_seq = q.getColumn(1).getInt64();
      i.chain_head = q.getColumn(2).isNull() ? "" : q.getColumn(2).getString();
      imports.emplace(q.getColumn(0).getInt64(), std::move(i));
    }
    std::int64_t highest = 0;
    for (auto& [id, i] : imports) {
      i.after = highest;
      if (i.last_seq) highest = std::max(highest, *i.last_seq);
    }
  }
  // Each import's events lie after every earlier import's and end at its own last_seq.
  SQLite::Statement groups(
      db, "SELECT import_id, min(seq), max(seq) FROM events WHERE seq > ? GROUP BY import_id ORDER BY import_id");
  groups.bind(1, after_seq);
  while (groups.executeStep() && !p.problem) {
    ++p.checked;
    const std::int64_t id = groups.getColumn(0).getInt64(), first = groups.getColumn(1).getInt64(),
                       last = groups.getColumn(2).getInt64();
    const auto it = imports.find(id);
    if (it == imports.end()) {
      p.problem = "imports " + std::to_string(id) + ": events seq " + std::to_string(first) + ".." +
                  std::to_string(last) + " name it, but it is no longer stored";
      break;
    }
    if (first <= it->second.after || !it->second.last_seq || last > *it->second.last_seq)
      p.problem = "events seq " + std::to_string(first) + ".." + std::to_string(last) + ": their import_id " +
                  std::to_string(id) + " does not match the import that stored them";
  }
  if (p.problem) return p;
  // An import's recorded chain head is its last event's link.
  SQLite::Statement link(db, "SELECT chain_sha256 FROM events WHERE seq = ?");
  for (const auto& [id, i] : imports) {
    if (!i.last_seq || i.chain_head.empty() || *i.last_seq <= after_seq) continue;
    link.bind(1, *i.last_seq);
    const bool found = link.executeStep();
    if (found && link.getColumn(0).getString() != i.chain_head)
      p.problem = "imports " + std::to_string(id) + ": its chain_head is not the link of its last event (seq " +
                  std::to_string(*i.last_seq) + ")";
    link.reset();
    if (p.problem) break;
  }
  return p;
}

namespace {

// Every (entity, clock)'s latest stored result, in key order, through `f`.
template <typename F>
void for_each_latest_result(SQLite::Database& db, F&& f) {
  SQLite::Statement q(
      db, std::string("SELECT ") + clock_columns + ", sweep_id FROM clock_results ORDER BY entity_id, clock, sweep_id");
  std::optional<ClockRow> held;
  while (q.executeStep()) {
    ClockRow r = read_row(q);
    if (held && (held->entity_id != r.entity_id || held->clock != r.clock)) f(*held);
    held = std::move(r);
  }
  if (held) f(*held);
}

}  // namespace

namespace {

// clock_status_counts against the tally of every clock's latest status.
AuditPart compare_counts(SQLite::Database& db, const std::map<std::string, std::int64_t>& counted) {
  AuditPart p = part("clock_status_counts");
  if (!table_exists(db, "clock_status_counts")) return p;
  std::map<std::string, std::int64_t> stored;
  SQLite::Statement q(db, "SELECT status, clocks FROM clock_status_counts");
  while (q.executeStep())
    if (q.getColumn(1).getInt64() != 0) stored[q.getColumn(0).getString()] = q.getColumn(1).getInt64();
  p.checked = counted.size();
  for (const auto& [status, n] : counted)
    if (stored[status] != n && !p.problem)
      p.problem = "clock_status_counts " + status + ": " + std::to_string(stored[status]) +
                  " stored, the latest results count " + std::to_string(n);
  for (const auto& [status, n] : stored)
    if (!counted.count(status) && n != 0 && !p.problem)
      p.problem = "clock_status_counts " + status + ": " + std::to_string(n) + " stored, the latest results count 0";
  return p;
}

}  // namespace

std::pair<AuditPart, AuditPart> check_clock_state_and_counts(SQLite::Database& db) {
  AuditPart p = part("clock_state");
  std::map<std::string, std::int64_t> counted;
  // Each running clock's row is what the sweep that wrote it stored (its
  // latest result, written by that sweep or an earlier one), and every latest
  // result that runs has its row.
  SQLite::Statement state(
      db, std::string("SELECT ") + clock_columns + ", sweep_id FROM clock_state ORDER BY entity_id, clock");
  std::optional<ClockRow> s;
  const auto next_state = [&] { s = state.executeStep() ? std::optional<ClockRow>(read_row(state)) : std::nullopt; };
  next_state();
  const auto before = [](const ClockRow& a, const ClockRow& b) {
    return a.entity_id != b.entity_id ? a.entity_id < b.entity_id : a.clock < b.clock;
  };
  // One pass over the results (the costly read) serves both checks.
  for_each_latest_result(db, [&](const ClockRow& r) {
    ++counted[r.values[1]];
    if (p.problem) return;
    while (s && before(*s, r)) {
      p.problem = "clock_state " + key_of(s->entity_id, s->clock) + ": no stored result of the clock";
      return;
    }
    const bool has_state = s && !before(r, *s);
    if (!has_state) {
      if (is_running_word(r.values[1]))
        p.problem = "clock_state " + key_of(r.entity_id, r.clock) + ": missing, though sweep " +
                    std::to_string(r.sweep_id) + " stored it " + r.values[1];
      return;
    }
    ++p.checked;
    for (std::size_t i = 0; i < r.values.size() && !p.problem; ++i)
      if (s->values[i] != r.values[i])
        p.problem = "clock_state " + key_of(r.entity_id, r.clock) + ": " + value_names[i] + " " + s->values[i] +
                    " differs from the stored result's " + r.values[i] + " (sweep " + std::to_string(r.sweep_id) + ")";
    if (!p.problem && s->sweep_id < r.sweep_id)
      p.problem = "clock_state " + key_of(r.entity_id, r.clock) + ": written by sweep " + std::to_string(s->sweep_id) +
                  ", older than its latest result (sweep " + std::to_string(r.sweep_id) + ")";
    next_state();
  });
  if (!p.problem && s) p.problem = "clock_state " + key_of(s->entity_id, s->clock) + ": no stored result of the clock";
  if (!p.problem) {
    SQLite::Statement orphan(
        db,
        "SELECT entity_id, clock, sweep_id FROM clock_state WHERE sweep_id NOT IN (SELECT id FROM sweep_runs) LIMIT 1");
    if (orphan.executeStep())
      p.problem = "clock_state " + key_of(orphan.getColumn(0).getString(), orphan.getColumn(1).getString()) +
                  ": its sweep " + std::to_string(orphan.getColumn(2).getInt64()) + " is no longer stored";
  }
  return {p, compare_counts(db, counted)};
}

AuditPart check_clock_state_since(SQLite::Database& db, std::int64_t after_sweep) {
  AuditPart p = part("clock_state");
  // clock_status_counts needs every result: left to a full verify.
  // Each row a later sweep wrote, against the clock's latest result.
  SQLite::Statement q(db, std::string("SELECT s.entity_id, s.clock, r.sweep_id IS NULL, r.sweep_id > s.sweep_id") +
                              ", s.kind IS r.kind AND s.status IS r.status AND s.started_at IS r.started_at AND "
                              "s.due_at IS r.due_at AND s.at_risk_at IS r.at_risk_at AND s.stopped_at IS "
                              "r.stopped_at AND s.rule_version IS r.rule_version AND s.calendar IS r.calendar AND "
                              "s.band IS r.band AND s.reason IS r.reason AND s.customer IS r.customer FROM clock_state "
                              "s LEFT JOIN clock_results r ON r.entity_id = s.entity_id AND r.clock = s.clock AND "
                              "r.sweep_id = (SELECT max(x.sweep_id) FROM clock_results x WHERE x.entity_id = "
                              "s.entity_id AND x.clock = s.clock) WHERE s.sweep_id > ? ORDER BY s.entity_id, s.clock");
  q.bind(1, after_sweep);
  while (q.executeStep() && !p.problem) {
    ++p.checked;
    const std::string where = "clock_state " + key_of(q.getColumn(0).getString(), q.getColumn(1).getString());
    if (q.getColumn(2).getInt())
      p.problem = where + ": no stored result of the clock";
    else if (q.getColumn(3).getInt())
      p.problem = where + ": older than its latest result";
    else if (!q.getColumn(4).getInt())
      p.problem = where + ": differs from its latest stored result";
  }
  if (p.problem) return p;
  // Each result a later sweep stored that still runs has its row.
  SQLite::Statement missing(
      db,
      "SELECT r.entity_id, r.clock, r.status FROM clock_results r WHERE r.sweep_id > ? AND "
      "r.status IN ('pending', 'at_risk', 'breached') AND r.sweep_id = (SELECT max(x.sweep_id) "
      "FROM clock_results x WHERE x.entity_id = r.entity_id AND x.clock = r.clock) AND NOT "
      "EXISTS (SELECT 1 FROM clock_state s WHERE s.entity_id = r.entity_id AND s.clock = r.clock) "
      "LIMIT 1");
  missing.bind(1, after_sweep);
  if (missing.executeStep())
    p.problem = "clock_state " + key_of(missing.getColumn(0).getString(), missing.getColumn(1).getString()) +
                ": missing, though a sweep stored it " + missing.getColumn(2).getString();
  return p;
}

AuditPart check_entity_state(SQLite::Database& db, std::int64_t after_sweep) {
  AuditPart p = part("entity_state");
  // Rows the store-what-changed migration added (evaluated_seq 0) say only
  // "judge me next time": nothing to compare until a sweep writes them.
  SQLite::Statement q(db,
                      "SELECT e.entity_id, e.settled, e.next_due, (SELECT min(due_at) FROM clock_state s WHERE "
                      "s.entity_id = e.entity_id), (SELECT count(*) FROM clock_state s WHERE s.entity_id = "
                      "e.entity_id), e.sweep_id IN (SELECT id FROM sweep_runs) FROM entity_state e WHERE "
                      "e.evaluated_seq > 0 AND e.sweep_id > ? ORDER BY e.entity_id");
  q.bind(1, after_sweep);
  while (q.executeStep() && !p.problem) {
    ++p.checked;
    const std::string where = "entity_state entity '" + q.getColumn(0).getString() + "'";
    if (q.getColumn(5).getInt() == 0)
      p.problem = where + ": its sweep is no longer stored";
    else if (q.getColumn(1).getInt() != 0 && q.getColumn(4).getInt64() > 0)
      p.problem =
          where + ": settled, though " + std::to_string(q.getColumn(4).getInt64()) + " of its clocks run (clock_state)";
    else if (text_of(q, 2) != text_of(q, 3))
      p.problem =
          where + ": next_due " + text_of(q, 2) + " differs from its running clocks' earliest due " + text_of(q, 3);
  }
  return p;
}

AuditPart check_notices(SQLite::Database& db, std::int64_t after_id) {
  AuditPart p = part("notices");
  SQLite::Statement q(
      db,
      "SELECT n.id, n.entity_id, n.clock, n.notice, n.due_at, n.customer, n.reason, r.status, "
      "r.due_at, r.customer, r.reason, r.entity_id IS NOT NULL, n.first_sweep_id IN (SELECT id FROM "
      "sweep_runs) FROM notices n LEFT JOIN clock_results r ON r.entity_id = n.entity_id AND r.clock "
      "= n.clock AND r.sweep_id = (SELECT max(x.sweep_id) FROM clock_results x WHERE x.entity_id = "
      "n.entity_id AND x.clock = n.clock AND x.sweep_id <= n.first_sweep_id) WHERE n.id > ? ORDER BY n.id");
  q.bind(1, after_id);
  while (q.executeStep() && !p.problem) {
    ++p.checked;
    const std::string where = "notices " + std::to_string(q.getColumn(0).getInt64()) + " (" +
                              key_of(q.getColumn(1).getString(), q.getColumn(2).getString()) + ")";
    const std::string kind = q.getColumn(3).getString(), status = text_of(q, 7);
    if (q.getColumn(12).getInt() == 0) {
      p.problem = where + ": the sweep that raised it is no longer stored";
    } else if (q.getColumn(11).getInt() == 0) {
      p.problem = where + ": its sweep stored no result of the clock";
    } else if (!((kind == "breached" && (status == "breached" || status == "missed")) ||
                 (kind == "at_risk" && status == "at_risk") || (kind == "notify_customers" && status == "pending"))) {
      p.problem = where + ": a " + kind + " notice, though its sweep judged the clock " + status;
    } else {
      for (const auto& [mine, theirs, name] : {std::tuple{4, 8, "due_at"}, {5, 9, "customer"}, {6, 10, "reason"}})
        if (text_of(q, mine) != text_of(q, theirs) && !p.problem)
          p.problem =
              where + ": " + name + " " + text_of(q, mine) + " differs from its sweep's result's " + text_of(q, theirs);
    }
  }
  return p;
}

namespace {

// The notices each stored rule version's clocks raise, by version and clock.
struct RaisedNotices {
  std::set<NoticeKind> kinds;
  bool judged_once = false;
};
std::map<std::string, std::map<std::string, RaisedNotices>> raised_by_version(SQLite::Database& db) {
  std::map<std::string, std::map<std::string, RaisedNotices>> out;
  SQLite::Statement q(db, "SELECT yaml FROM rule_versions ORDER BY id");
  while (q.executeStep()) {
    try {
      const RuleSet r = parse_stored_rule_set(q.getColumn(0).getString(), "rule_versions");
      for (const ClockDefinition& d : r.clocks)
        out[r.version][clock_name(d.id)] = {d.notices, clock_kind_facts(d.kind).judged_once};
    } catch (const Error&) {
      // An unreadable version is reported by check_version_columns.
    }
  }
  return out;
}

// What a sweep raised for a clock it judged so (ops/sweep.cpp notices_for).
std::optional<NoticeKind> notice_for(const RaisedNotices& r, const std::string& status) {
  if (r.kinds.count(NoticeKind::breached) && (status == "breached" || (r.judged_once && status == "missed")))
    return NoticeKind::breached;
  if (r.kinds.count(NoticeKind::at_risk) && status == "at_risk") return NoticeKind::at_risk;
  if (r.kinds.count(NoticeKind::notify_customers) && status == "pending") return NoticeKind::notify_customers;
  return std::nullopt;
}

}  // namespace

AuditPart check_notices_raised(SQLite::Database& db, std::int64_t after_sweep) {
  AuditPart p = part("notices_raised");
  // Every stored result its clock's definition raises a notice for has that
  // notice, raised by that sweep or an earlier one: a deleted notice shows.
  const auto raised = raised_by_version(db);
  SQLite::Statement q(db,
                      "SELECT entity_id, clock, status, rule_version, sweep_id FROM clock_results WHERE sweep_id > ? "
                      "AND status IN ('breached', 'at_risk', 'pending', 'missed')");
  q.bind(1, after_sweep);
  SQLite::Statement notice(db, "SELECT first_sweep_id FROM notices WHERE entity_id = ? AND clock = ? AND notice = ?");
  while (q.executeStep() && !p.problem) {
    const auto version = raised.find(q.getColumn(3).getString());
    if (version == raised.end()) continue;
    const auto clock = version->second.find(q.getColumn(1).getString());
    if (clock == version->second.end()) continue;
    const auto kind = notice_for(clock->second, q.getColumn(2).getString());
    if (!kind) continue;
    ++p.checked;
    const std::string entity = q.getColumn(0).getString(), clock_word = q.getColumn(1).getString();
    notice.bind(1, entity);
    notice.bind(2, clock_word);
    notice.bind(3, notice_kind_name(*kind));
    const bool found = notice.executeStep();
    const std::int64_t first = found ? notice.getColumn(0).getInt64() : 0;
    notice.reset();
    if (!found || first > q.getColumn(4).getInt64())
      p.problem = "notices " + key_of(entity, clock_word) + ": the " + notice_kind_name(*kind) + " notice sweep " +
                  std::to_string(q.getColumn(4).getInt64()) + " raised is " +
                  (found ? "dated by a later sweep" : "missing (deleted)");
  }
  return p;
}

AuditPart check_triggers(SQLite::Database& db) {
  AuditPart p = part("triggers");
  if (!table_exists(db, "notice_deliveries")) return p;
  for (const char* name : {"notice_deliveries_no_update", "notice_deliveries_no_delete"}) {
    ++p.checked;
    SQLite::Statement q(db, "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?");
    q.bind(1, name);
    if (!q.executeStep() && !p.problem)
      p.problem = std::string("triggers: ") + name + " is missing: notice deliveries could be changed or deleted";
  }
  return p;
}

}  // namespace slaclock::detail
