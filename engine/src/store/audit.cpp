#include <slaclock/store/audit.h>

#include "base/sha256.h"
#include "store/audit_checks.h"
#include "store/event_store_internal.h"
#include "store/sweep_seal.h"

#include <SQLiteCpp/Statement.h>

#include <algorithm>

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
AuditPart check_texts(SQLite::Database& db, const char* table, const char* name_column) {
  AuditPart p{table, 0, "", std::nullopt, 0};
  SQLite::Statement q(db,
                      std::string("SELECT ") + name_column + ", yaml, content_sha256 FROM " + table + " ORDER BY id");
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

AuditPart check_sweeps(SQLite::Database& db) {
  AuditPart p{"sweeps", 0, "", std::nullopt, 0};
  SQLite::Statement q(db, "SELECT id, as_of, results_sha256, chain_sha256 FROM sweep_runs ORDER BY id");
  std::string chain;
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

}  // namespace

AuditReport audit_store(const EventStore& store, const AuditOptions& options) {
  return with_store_errors(store, "cannot verify the database", [&] {
    SQLite::Database& db = connection_of(store);
    AuditReport r;
    r.parts.push_back(check_database(db, options.full_integrity_check));
    // A file SQLite itself finds broken is not read further: its rows cannot be trusted.
    if (r.parts.back().problem) return r;

    const VerifyReport events = store.verify();
    AuditPart e{"events", static_cast<std::size_t>(events.events_checked), events.chain_head, std::nullopt, 0};
    if (events.mismatch)
      e.problem = "seq " + std::to_string(events.mismatch->sequence) +
                  (events.mismatch->event_id.empty() ? "" : " (event_id " + events.mismatch->event_id + ")") + ": " +
                  events.mismatch->what;
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
    for (auto check : {detail::check_entity_state, detail::check_notices, detail::check_triggers})
      r.parts.push_back(check(db));

    for (const std::string& head : options.expected_heads)
      if (!on_chain(db, "events", head) && !on_chain(db, "sweep_runs", head)) {
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
