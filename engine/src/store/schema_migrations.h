#pragma once
// The database schema as an ordered list of migrations. PRAGMA user_version
// holds the number of migrations applied; opening read-write applies the
// missing ones, each in its own transaction, so a crash leaves the file at a
// known version. To change the schema, append a migration: never edit one
// that has shipped, since existing databases have already run it.
#include <SQLiteCpp/Database.h>

#include <span>

namespace slaclock::detail {

struct Migration {
  int version;              ///< 1-based, consecutive; becomes user_version
  const char* description;  ///< one line for logs and errors
  const char* sql;          ///< one or more statements, no parameters
};

/// Every migration, in order.
std::span<const Migration> schema_migrations() noexcept;
/// The version a fully migrated database has.
int latest_schema_version() noexcept;

/// The database's user_version.
int schema_version_of(SQLite::Database& db);
/// Applies the pending migrations. Throws StoreError for a database newer than
/// this build, or for a file that has tables but no slaclock version.
void migrate(SQLite::Database& db, const std::string& path);
/// Throws StoreError unless the database is at exactly the latest version
/// (read-only connections cannot migrate).
void require_current_schema(SQLite::Database& db, const std::string& path);

/// WAL, foreign keys and a busy timeout: every connection gets these.
void configure_connection(SQLite::Database& db, bool read_only);

}  // namespace slaclock::detail
