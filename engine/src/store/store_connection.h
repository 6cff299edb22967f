#pragma once
// Opening the SQLite connection behind an EventStore: the one place that
// decides how a writer and a reader reach the file (docs/bad-input.md,
// "Bad environments").
//
// A writer refuses a file that fails PRAGMA quick_check before it writes
// anything (skipped while the file is exactly as the last writer left it:
// its "-checked" mark), keeps the WAL's -wal and -shm files beside the database (with the
// database's permissions) so that a user who may read the database but not
// write its folder can still read it, then migrates.
// A reader opens read-only; when the -wal/-shm files are missing and cannot
// be created here, it reads the file as immutable only when nobody can write
// it, and otherwise says what is missing and how to fix it.
#include <SQLiteCpp/Database.h>

#include <filesystem>

namespace slaclock::detail {

/// Opens (and migrates) a database for writing. Throws StoreError.
SQLite::Database open_for_writing(const std::filesystem::path& path);
/// After a write connection to `path` has closed: marks the database and
/// WAL files as they are now (quick-checked, or reached from checked files by
/// SQLite's own writes), so that the next writer skips the whole-file quick
/// check while both files are exactly these.
void record_checked_file(const std::filesystem::path& path);
/// True while the database and WAL files are exactly as the mark left by the
/// last writer says: a writer then skips the quick check.
bool unchanged_since_checked(const std::filesystem::path& path);
/// Opens a database at the current schema for reading. Throws StoreError.
SQLite::Database open_for_reading(const std::filesystem::path& path);

}  // namespace slaclock::detail
