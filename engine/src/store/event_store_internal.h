#pragma once
// Engine-internal access to the SQLite connection behind an EventStore, so
// that other engine code (the sweep, rules) can add tables through
// schema_migrations.cpp and write in the same file and transaction scope.
//
//   SQLite::Database& db = connection_of(store);
//   SQLite::Transaction tx(db);
//   ...
//   tx.commit();
#include <slaclock/store/event_store.h>

#include <SQLiteCpp/Database.h>

#include <filesystem>

namespace slaclock {

struct EventStore::Impl {
  SQLite::Database db;
  std::filesystem::path path;
  OpenMode mode;
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

}  // namespace slaclock
