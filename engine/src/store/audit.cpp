#include <slaclock/store/audit.h>

#include "base/sha256.h"
#include "store/audit_checks.h"
#include "store/event_chain.h"
#include "store/event_store_internal.h"
#include "store/sweep_seal.h"

#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <map>
#include <optional>

namespace slaclock {

bool AuditReport::intact() const noexcept {
  return std::none_of(parts.begin(), parts.end(), [](const AuditPart& p) { return p.problem.has_value(); });
}

const AuditPart* AuditReport::part(const std::string& name) const noexcept {
  for (const auto& p : parts)
    if (p.name == name) return &p;
  return nullptr;
}

namespace {

AuditPart check_database(SQLite::Database& db, bool full) {
  AuditPart p{"database", 0, "", std::nullopt, 0};
  SQLite::Statement q(db, full ? "PRAGMA integrity_check" : "PRAGMA quick_check");
  std::string first;
  while (q.executeStep()) {
    const std::string line = q.getColumn(0).getString();
    if (line != "ok" && first.empty()) first = line;
  }
  SQLite::Statement pages(db, "PRAGMA page_count");
  pages.executeStep();
  p.checked = static_cast<std::size_t>(pages.getColumn(0).getInt64());
  if (!first.empty()) p.problem = std::string(full ? "integrity_check" : "quick_check") + " failed: " + first;
  return p;
}

// Each stored text must still hash to the hash stored beside it.
AuditPart check_texts(SQLite::Database& db, const char* table, const char* name_column, std::int64_t after_id = 0) {
  AuditPart p{table, 0, "", std::nullopt, 0};
  SQLite::Statement q(
      db, std::string("SELECT ") + name_column + ", yaml, content_sha256 FROM " + table + " WHERE id > ? ORDER BY id");
  q.bind(1, after_id);
  detail::Sha256 sha;
  while (q.executeStep()) {
    ++p.checked;
    if (detail::to_hex(sha.of(q.getColumn(1).getString())) != q.getColumn(2).getString() && !p.problem)
      p.problem = std::string(table) + " '" + q.getColumn(0).getString() +
                  "': the stored text does not match its content_sha256 (edited after it was loaded)";
  }
  return p;
}

std::optional<std::string> missing_version(SQLite::Database& db, const detail::VersionsUsed& used) {
  for (const auto& [kind, by_name] : used)
    for (const auto& [name, sha] : by_name) {
      const bool rules = kind == "rules";
      SQLite::Statement q(db, rules ? "SELECT 1 FROM rule_versions WHERE version = ? AND content_sha256 = ?"
                                    : "SELECT 1 FROM calendar_versions WHERE name = ? AND content_sha256 = ?");
      q.bind(1, name);
      q.bind(2, sha);
      if (!q.executeStep()) return kind + " version '" + name + "' " + sha.substr(0, 16) + " is no longer stored";
    }
  return std::nullopt;
}

// From the sweep after `after_id`, whose chain link is `chain` ("" from the first).
AuditPart check_sweeps(SQLite::Database& db, std::int64_t after_id = 0, std::string chain = {}) {
  AuditPart p{"sweeps", 0, "", std::nullopt, 0};
  SQLite::Statement q(db, "SELECT id, as_of, results_sha256, chain_sha256 FROM sweep_runs WHERE id > ? ORDER BY id");
  q.bind(1, after_id);
  while (q.executeStep() && !p.problem) {
    const std::int64_t id = q.getColumn(0).getInt64();
    if (q.getColumn(3).isNull()) {
      // Stored before sweeps were sealed (schema 2): only ever before the
      // first sealed one. An unsealed sweep after it had its seal removed.
      if (!chain.empty()) {
        p.problem = "sweep " + std::to_string(id) + ": its seal is missing, though an earlier sweep is sealed";
        break;
      }
      ++p.not_covered;
      continue;
    }
    ++p.checked;
    const std::string where = "sweep " + std::to_string(id);
    const detail::VersionsUsed used = detail::versions_of_run(db, id);
    const std::string digest = detail::results_digest(db, id);
    if (digest != q.getColumn(2).getString()) {
      p.problem = where + ": its stored clock results differ from the digest sealed with them";
    } else if (auto missing = missing_version(db, used)) {
      p.problem = where + ": " + *missing;
    } else {
      chain = detail::chain_link(chain, id, q.getColumn(1).getInt64(), digest, used);
      if (chain != q.getColumn(3).getString())
        p.problem =
            where + ": the chain link differs: a sweep, its versions or an earlier sweep was removed or rewritten";
    }
  }
  p.head = chain;
  return p;
}

bool on_chain(SQLite::Database& db, const char* table, const std::string& head) {
  SQLite::Statement q(db, std::string("SELECT 1 FROM ") + table + " WHERE chain_sha256 = ? LIMIT 1");
  q.bind(1, head);
  return q.executeStep();
}

// The append-only tables a combined head names by their newest row, in order.
constexpr std::pair<const char*, const char*> newest_rows[] = {
    {"i", "imports"},       {"n", "notices"},           {"d", "notice_deliveries"},
    {"r", "rule_versions"}, {"c", "calendar_versions"}, {"k", "kvi_settings_versions"},
};

std::int64_t newest_id(SQLite::Database& db, const char* table) {
  SQLite::Statement exists(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
  exists.bind(1, table);
  if (!exists.executeStep()) return 0;
  SQLite::Statement q(db, std::string("SELECT coalesce(max(id), 0) FROM ") + table);
  q.executeStep();
  return q.getColumn(0).getInt64();
}

bool row_exists(SQLite::Database& db, const char* table, std::int64_t id) {
  SQLite::Statement exists(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
  exists.bind(1, table);
  if (!exists.executeStep()) return false;
  SQLite::Statement q(db, std::string("SELECT 1 FROM ") + table + " WHERE id = ?");
  q.bind(1, id);
  return q.executeStep();
}

std::string combined_head_of(SQLite::Database& db, const std::string& events, const std::string& sweeps) {
  std::string out = "slaclock-head-v1:e=" + (events.empty() ? "-" : events) + ":s=" + (sweeps.empty() ? "-" : sweeps);
  for (const auto& [key, table] : newest_rows)
    out += ":" + std::string(key) + "=" + std::to_string(newest_id(db, table));
  return out;
}

// The sequence number of the event whose link is `chain`, or 0. A combined
// head names its newest import, whose log holds that link beside its last
// sequence: one lookup by key instead of a scan of every event's link.
std::int64_t event_seq_of(SQLite::Database& db, const std::string& chain, std::int64_t import_id) {
  SQLite::Statement logged(db, "SELECT last_seq FROM imports WHERE id = ? AND chain_head = ?");
  logged.bind(1, import_id);
  logged.bind(2, chain);
  if (logged.executeStep() && !logged.getColumn(0).isNull()) {
    const std::int64_t seq = logged.getColumn(0).getInt64();
    SQLite::Statement at(db, "SELECT 1 FROM events WHERE seq = ? AND chain_sha256 = ?");
    at.bind(1, seq);
    at.bind(2, chain);
    if (at.executeStep()) return seq;
  }
  SQLite::Statement scan(db, "SELECT seq FROM events WHERE chain_sha256 = ?");
  scan.bind(1, chain);
  return scan.executeStep() ? scan.getColumn(0).getInt64() : 0;
}

// The events chain's part of a report.
AuditPart events_part(const VerifyReport& events) {
  AuditPart e{"events", static_cast<std::size_t>(events.events_checked), events.chain_head, std::nullopt, 0};
  if (events.mismatch)
    e.problem = "seq " + std::to_string(events.mismatch->sequence) +
                (events.mismatch->event_id.empty() ? "" : " (event_id " + events.mismatch->event_id + ")") + ": " +
                events.mismatch->what;
  return e;
}

// A combined head's parts by key ("e", "s", "i", ...).
std::map<std::string, std::string> parts_of(const std::string& head) {
  std::map<std::string, std::string> parts;
  std::size_t at = head.find(':');
  while (at != std::string::npos) {
    const std::size_t next = head.find(':', at + 1);
    const std::string kv = head.substr(at + 1, next == std::string::npos ? std::string::npos : next - at - 1);
    const std::size_t eq = kv.find('=');
    if (eq != std::string::npos) parts[kv.substr(0, eq)] = kv.substr(eq + 1);
    at = next;
  }
  return parts;
}

// What is wrong with a combined head recorded earlier, or nothing.
std::optional<std::string> combined_head_problem(SQLite::Database& db, const std::string& head) {
  if (head.rfind("slaclock-head-v1:", 0) != 0) return "'" + head + "' is not a combined head verify printed";
  std::map<std::string, std::string> parts = parts_of(head);
  if (!parts.count("e") || !parts.count("s")) return "the combined head " + head + " is not one verify printed";
  std::int64_t import_id = 0;
  try {
    import_id = parts.count("i") ? std::stoll(parts["i"]) : 0;
  } catch (const std::exception&) {
    return "the combined head " + head + " is not one verify printed";
  }
  if (parts["e"] != "-" && event_seq_of(db, parts["e"], import_id) == 0)
    return "its events head is no longer on the events chain: events after it were removed or rewritten";
  if (parts["s"] != "-" && !on_chain(db, "sweep_runs", parts["s"]))
    return "its sweeps head is no longer on the sweeps chain: a sweep after it was removed or rewritten";
  for (const auto& [key, table] : newest_rows) {
    const auto it = parts.find(key);
    if (it == parts.end()) continue;
    std::int64_t id = 0;
    try {
      id = std::stoll(it->second);
    } catch (const std::exception&) {
      return "the combined head " + head + " is not one verify printed";
    }
    if (id > 0 && !row_exists(db, table, id))
      return std::string(table) + " row " + std::to_string(id) + ", the newest when the head was recorded, is gone";
  }
  return std::nullopt;
}

// The id of the sweep whose chain link is `chain`, or 0.
std::int64_t sweep_id_of(SQLite::Database& db, const std::string& chain) {
  SQLite::Statement q(db, "SELECT id FROM sweep_runs WHERE chain_sha256 = ?");
  q.bind(1, chain);
  return q.executeStep() ? q.getColumn(0).getInt64() : 0;
}

std::int64_t number(const std::map<std::string, std::string>& parts, const char* key) {
  const auto it = parts.find(key);
  try {
    return it == parts.end() ? 0 : std::stoll(it->second);
  } catch (const std::exception&) {
    return 0;
  }
}

// `verify --since HEAD`: the recorded head must hold; then only what was
// added after it is checked (the counts by status need every result and are
// left to a full verify).
void audit_since(SQLite::Database& db, const std::string& since, AuditReport& r) {
  if (auto problem = combined_head_problem(db, since)) {
    AuditPart h{"since", 1, since, std::nullopt, 0};
    h.problem = "the head given to --since: " + *problem;
    r.parts.push_back(h);
    return;
  }
  const auto parts = parts_of(since);
  const std::string e = parts.at("e"), s = parts.at("s");
  const std::int64_t after_seq = e == "-" ? 0 : event_seq_of(db, e, number(parts, "i"));
  detail::Digest before{};
  if (e != "-") detail::from_hex(e, before);
  const VerifyReport events = detail::verify_event_chain(db, after_seq, before);
  r.parts.push_back(events_part(events));
  r.parts.push_back(check_texts(db, "rule_versions", "version", number(parts, "r")));
  r.parts.push_back(check_texts(db, "calendar_versions", "name", number(parts, "c")));
  r.parts.push_back(check_texts(db, "kvi_settings_versions", "version", number(parts, "k")));
  const std::int64_t after_sweep = s == "-" ? 0 : sweep_id_of(db, s);
  AuditPart sweeps = check_sweeps(db, after_sweep, s == "-" ? std::string() : s);
  if (sweeps.head.empty()) sweeps.head = s == "-" ? "" : s;
  r.parts.push_back(sweeps);
  r.parts.push_back(detail::check_version_columns(db, number(parts, "r"), number(parts, "k")));
  r.parts.push_back(detail::check_imports(db, after_seq));
  r.parts.push_back(detail::check_clock_state_since(db, after_sweep));
  r.parts.push_back(detail::check_entity_state(db, after_sweep));
  r.parts.push_back(detail::check_notices(db, number(parts, "n")));
  r.parts.push_back(detail::check_notices_raised(db, after_sweep));
  r.parts.push_back(detail::check_triggers(db));
}

}  // namespace

AuditReport audit_store(const EventStore& store, const AuditOptions& options) {
  return with_store_errors(store, "cannot verify the database", [&] {
    SQLite::Database& db = connection_of(store);
    AuditReport r;
    if (!options.since.empty()) {
      // The nightly check reads only what was added: SQLite's page check of
      // the whole file (seconds per million contacts) is left to a plain or
      // --full verify, and SQLite refuses a corrupt page it reads anyway.
      audit_since(db, options.since, r);
      const AuditPart* ev = r.part("events");
      const AuditPart* sw = r.part("sweeps");
      if (ev) r.combined_head = combined_head_of(db, ev->head, sw ? sw->head : "");
      return r;
    }
    r.parts.push_back(check_database(db, options.full_integrity_check));
    // A file SQLite itself finds broken is not read further: its rows cannot be trusted.
    if (r.parts.back().problem) return r;

    const VerifyReport events = store.verify();
    const AuditPart e = events_part(events);
    r.parts.push_back(e);
    r.parts.push_back(check_texts(db, "rule_versions", "version"));
    r.parts.push_back(check_texts(db, "calendar_versions", "name"));
    r.parts.push_back(check_texts(db, "kvi_settings_versions", "version"));
    r.parts.push_back(check_sweeps(db));
    // What is derived from the sealed facts, recomputed (store/audit_checks.h).
    r.parts.push_back(detail::check_version_columns(db));
    r.parts.push_back(detail::check_imports(db));
    auto [state, counts] = detail::check_clock_state_and_counts(db);
    r.parts.push_back(std::move(state));
    r.parts.push_back(std::move(counts));
    r.parts.push_back(detail::check_entity_state(db));
    r.parts.push_back(detail::check_notices(db));
    r.parts.push_back(detail::check_notices_raised(db));
    r.parts.push_back(detail::check_triggers(db));

    const AuditPart* sweeps = r.part("sweeps");
    r.combined_head = combined_head_of(db, e.head, sweeps ? sweeps->head : "");
    for (const std::string& head : options.expected_heads)
      if (head.rfind("slaclock-head-", 0) == 0) {
        if (auto problem = combined_head_problem(db, head)) {
          AuditPart h{"expected_head", 1, head, std::nullopt, 0};
          h.problem = "the expected head: " + *problem;
          r.parts.push_back(h);
        }
      } else if (!on_chain(db, "events", head) && !on_chain(db, "sweep_runs", head)) {
        AuditPart h{"expected_head", 1, head, std::nullopt, 0};
        h.problem = "the expected head " + head +
                    " is on neither the events chain nor the sweeps chain: history after it was removed or the "
                    "chain was rewritten";
        r.parts.push_back(h);
      }
    return r;
  });
}

}  // namespace slaclock
