#pragma once
// Store-internal access to the SQLite connection behind an EventStore, so
// that the other store files (rule versions, clock state) can add tables
// through schema_migrations.cpp and write in the same file. Only store/
// includes this header.
//
//   SQLite::Database& db = connection_of(store);
//   SQLite::Transaction tx(db);
//   ...
//   tx.commit();
#include <slaclock/store/event_store.h>

#include <slaclock/base/error.h>

#include "store/store_connection.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>

#include <filesystem>
#include <memory>

namespace slaclock {

namespace detail {
/// A writer's last act, once its connection has closed (store_connection.h).
struct CheckedMarkOnClose {
  std::filesystem::path path;  ///< empty for a reader: no mark
  CheckedMarkOnClose() = default;
  explicit CheckedMarkOnClose(std::filesystem::path p) : path(std::move(p)) {}
  CheckedMarkOnClose(CheckedMarkOnClose&& o) noexcept : path(std::move(o.path)) { o.path.clear(); }
  CheckedMarkOnClose& operator=(CheckedMarkOnClose&&) = delete;
  ~CheckedMarkOnClose() {
    try {
      if (!path.empty()) record_checked_file(path);
    } catch (...) {
      // No mark: the next writer checks the whole file, as without one.
    }
  }
};
}  // namespace detail

struct EventStore::Impl {
  /// Declared first, so destroyed last: after the connection has closed.
  detail::CheckedMarkOnClose mark;
  SQLite::Database db;
  std::filesystem::path path;
  OpenMode mode;
  /// timeline()'s statement, prepared once per connection: an incremental
  /// sweep reads thousands of timelines one by one.
  std::unique_ptr<SQLite::Statement> timeline_query;
};

inline EventStore::Impl& store_impl(const EventStore& store) noexcept {
  return *store.impl_;
}

/// The store's connection. A read_only store's connection refuses writes.
inline SQLite::Database& connection_of(const EventStore& store) noexcept {
  return store_impl(store).db;
}

/// Throws StoreError unless the store was opened read_write.
void require_writable(const EventStore& store, const char* what);

/// Runs `work`, turning a SQLite exception into a StoreError naming the
/// database and what was being done: the store's boundary, past which no
/// SQLite type travels.
template <class Work>
auto with_store_errors(const EventStore& store, const char* doing, Work&& work) -> decltype(work()) {
  try {
    return work();
  } catch (const SQLite::Exception& e) {
    throw StoreError({store.path().string(), 0, ""}, std::string(doing) + ": " + e.what());
  }
}

}  // namespace slaclock
