#pragma once
// Opening the SQLite connection behind an EventStore: the one place that
// decides how a writer and a reader reach the file (docs/bad-input.md,
// "Bad environments").
//
// A writer refuses a file that fails PRAGMA quick_check before it writes
// anything, keeps the WAL's -wal and -shm files beside the database (with the
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
/// Opens a database at the current schema for reading. Throws StoreError.
SQLite::Database open_for_reading(const std::filesystem::path& path);

}  // namespace slaclock::detail
