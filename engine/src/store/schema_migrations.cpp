#include "store/schema_migrations.h"
#include "store/audit_schema.h"
#include "store/desk_schema.h"
#include "store/hold_schema.h"
#include "store/scale_schema.h"
#include "store/service_level_schema.h"
#include "store/sweep_schema.h"

#include <slaclock/base/error.h>

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <string>

namespace slaclock::detail {

namespace {

// Migration 1: the timeline store.
// events: append-only, seq is store order and the order the hash chain runs in.
// No foreign key from events to entities: the importer checks that the entity
// was opened, and a per-row parent lookup would cost a B-tree probe per event.
constexpr const char* migration_1_sql = R"sql(
CREATE TABLE imports (
  id          INTEGER PRIMARY KEY,
  file        TEXT NOT NULL,
  started_at  INTEGER NOT NULL,
  read        INTEGER NOT NULL DEFAULT 0,
  imported    INTEGER NOT NULL DEFAULT 0,
  duplicates  INTEGER NOT NULL DEFAULT 0,
  rejected    INTEGER NOT NULL DEFAULT 0,
  last_seq    INTEGER,
  chain_head  TEXT
);

CREATE TABLE events (
  seq             INTEGER PRIMARY KEY,
  event_id        TEXT NOT NULL UNIQUE,
  kind            TEXT NOT NULL,
  entity_id       TEXT NOT NULL,
  type            TEXT NOT NULL,
  at              INTEGER NOT NULL,
  recorded_at     INTEGER NOT NULL,
  fields          TEXT NOT NULL,
  content_sha256  TEXT NOT NULL,
  chain_sha256    TEXT NOT NULL,
  import_id       INTEGER NOT NULL REFERENCES imports(id)
);
CREATE INDEX events_by_entity ON events(entity_id, at, seq);

CREATE TABLE entities (
  entity_id  TEXT PRIMARY KEY,
  kind       TEXT NOT NULL,
  opened_at  INTEGER NOT NULL,
  customer   TEXT,
  first_seq  INTEGER NOT NULL,
  last_seq   INTEGER NOT NULL
);
CREATE INDEX entities_by_last_seq ON entities(last_seq);
CREATE INDEX entities_by_customer ON entities(customer) WHERE customer IS NOT NULL;
)sql";

// Append new migrations here; the version is the position in this list.
constexpr Migration migrations[] = {
    {1, "timeline store: events, entities, imports", migration_1_sql},
    {2, "rule versions, sweeps, clock results and state, notices", migration_2_sql},
    {3, "calendar and KVI settings versions, versions and digests per sweep", migration_3_sql},
    {4, "clock figures on clock_state, notice deliveries", migration_4_sql},
    {5, "held time on clock_state (pause and resume)", migration_5_sql},
    {6, "sweeps store what changed: results by entity, clock counts by status", migration_6_sql},
    {7, "service levels as data: a clock's target row and the entity's priority on clock_state", migration_7_sql},
};

std::string where(const std::string& path) {
  return path.empty() ? "database" : path;
}

bool has_user_tables(SQLite::Database& db) {
  SQLite::Statement q(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
  q.executeStep();
  return q.getColumn(0).getInt64() > 0;
}

}  // namespace

std::span<const Migration> schema_migrations() noexcept {
  return migrations;
}

int latest_schema_version() noexcept {
  return static_cast<int>(std::size(migrations));
}

int schema_version_of(SQLite::Database& db) {
  SQLite::Statement q(db, "PRAGMA user_version");
  q.executeStep();
  return q.getColumn(0).getInt();
}

void configure_connection(SQLite::Database& db, bool read_only) {
  db.setBusyTimeout(5000);
  db.exec("PRAGMA foreign_keys = ON");
  // WAL lets the desk read while a sweep writes; it is a property of the file,
  // so only a writer sets it.
  if (!read_only) {
    db.exec("PRAGMA journal_mode = WAL");
    db.exec("PRAGMA synchronous = NORMAL");
  }
}

void migrate(SQLite::Database& db, const std::string& path) {
  const int latest = latest_schema_version();
  int version = schema_version_of(db);
  if (version > latest)
    throw StoreError({where(path), 0, ""}, "schema version " + std::to_string(version) +
                                               " is newer than this slaclock understands (" + std::to_string(latest) +
                                               "); upgrade slaclock");
  if (version == 0 && has_user_tables(db))
    throw StoreError({where(path), 0, ""}, "not a slaclock database (it has tables but no schema version)");
  for (const Migration& m : migrations) {
    if (m.version <= version) continue;
    // IMMEDIATE: two processes migrating at once must not both run the script.
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    if (schema_version_of(db) >= m.version) continue;  // another process got there first
    try {
      db.exec(m.sql);
      // PRAGMA takes no bound parameters; the value is our own integer.
      db.exec("PRAGMA user_version = " + std::to_string(m.version));
    } catch (const SQLite::Exception& e) {
      throw StoreError({where(path), 0, ""},
                       "migration " + std::to_string(m.version) + " (" + m.description + ") failed: " + e.what());
    }
    tx.commit();
    version = m.version;
  }
}

void require_current_schema(SQLite::Database& db, const std::string& path) {
  const int latest = latest_schema_version();
  const int version = schema_version_of(db);
  if (version == 0)
    throw StoreError({where(path), 0, ""},
                     has_user_tables(db) ? "not a slaclock database" : "not initialised; run 'slaclock init'");
  if (version > latest)
    throw StoreError({where(path), 0, ""}, "schema version " + std::to_string(version) +
                                               " is newer than this slaclock understands (" + std::to_string(latest) +
                                               "); upgrade slaclock");
  if (version < latest)
    throw StoreError({where(path), 0, ""}, "schema version " + std::to_string(version) +
                                               " is older than this slaclock's (" + std::to_string(latest) +
                                               "); run 'slaclock init' once to migrate it");
}

}  // namespace slaclock::detail
