#pragma once
// The timeline store: events in one SQLite file, append-only, every event
// hashed and chained so that an edit made behind slaclock's back shows up in
// verify(). SQLite stays behind a pimpl; engine code that needs the raw
// connection includes the internal header event_store_internal.h.
//
//   EventStore store = EventStore::create("slaclock.db");      // or open(...)
//   import_events(store, req);                                 // slaclock/import/event_import.h
//   std::optional<Timeline> t = store.timeline("C-1001");
//   store.for_each_timeline({}, [](const Timeline& t) { ... }); // streamed, entity by entity
#include <slaclock/base/error.h>
#include <slaclock/clock/event.h>
#include <slaclock/time/time_types.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace slaclock {

enum class OpenMode { read_only, read_write };

/// Entities a reader can do without: of these kinds, with every event
/// happened before `quiet_before`, and found settled (every clock final) by
/// the sweep that last judged them, which saw them whole: no event stored
/// since, none happened after its as_of, and no rule or calendar version
/// loaded after it ran.
struct SettledSkip {
  std::vector<EntityKind> kinds;
  Instant quiet_before;
};

struct TimelineQuery {
  /// Only these kinds (all when empty).
  std::vector<EntityKind> kinds;
  /// Leave out the entities this names (see for_each_timeline's answer).
  std::optional<SettledSkip> skip_settled;
  /// Only entities with an event stored after this sequence number.
  std::optional<std::int64_t> min_last_seq;
  /// As known at T: only events with recorded_at <= T.
  std::optional<Instant> recorded_by;
};

/// The first event whose stored hashes do not match its content.
struct ChainMismatch {
  std::int64_t sequence = 0;
  std::string event_id;
  std::string what;  ///< e.g. "content_sha256 differs: the row was edited"
};

struct VerifyReport {
  std::int64_t events_checked = 0;
  std::string chain_head;  ///< hex chain hash of the last event ("" when empty)
  std::optional<ChainMismatch> mismatch;
  bool intact() const noexcept { return !mismatch; }
};

class EventStore {
 public:
  /// Creates the file (mode 0600) when missing, then migrates it to the
  /// latest schema; an existing slaclock database is just migrated. Throws
  /// StoreError.
  static EventStore create(const std::filesystem::path& path);
  /// Opens an existing database. read_write migrates an older schema;
  /// read_only refuses writes and requires the current schema. Throws
  /// StoreError for a missing file, a foreign or newer schema.
  static EventStore open(const std::filesystem::path& path, OpenMode mode);
  /// The schema version this build creates.
  static int latest_schema_version() noexcept;
  /// True while the database at `path` and its WAL are exactly as the last
  /// write command left them (its "-checked" mark): the next writer then
  /// skips the whole-file quick check.
  static bool unchanged_since_checked(const std::filesystem::path& path);

  EventStore(EventStore&&) noexcept;
  EventStore& operator=(EventStore&&) noexcept;
  ~EventStore();

  int schema_version() const;
  /// A read-only store reads one snapshot for its whole life (a command sees a
  /// concurrent import or sweep whole or not at all). A long-lived reader (the
  /// dashboard, between requests) starts a fresh one here, which sees every
  /// write committed since. No-op on a read_write store.
  void renew_snapshot() const;
  /// Lets this connection keep up to `mebibytes` of database pages between
  /// reads (SQLite's default is 2 MiB): a long-lived reader that asks the same
  /// pages again (the dashboard's board) then reads them from memory instead
  /// of copying them from the file again on every request.
  void keep_pages_cached(std::size_t mebibytes) const;
  const std::filesystem::path& path() const noexcept;
  OpenMode mode() const noexcept;

  /// One entity's events by `at` then sequence; nothing for an unknown id or
  /// when no event was recorded by `recorded_by`.
  std::optional<Timeline> timeline(const std::string& entity_id, std::optional<Instant> recorded_by = {}) const;
  /// Calls `visit` once per matching entity, in entity_id order, reading one
  /// ordered query so that only one timeline is in memory at a time. True
  /// when `skip_settled` left out at least one entity (else false).
  bool for_each_timeline(const TimelineQuery& query, const std::function<void(const Timeline&)>& visit) const;
  /// The highest sequence number stored (0 when empty).
  std::int64_t last_sequence() const;
  /// Recomputes every content and chain hash in sequence order.
  VerifyReport verify() const;

  struct Impl;

 private:
  explicit EventStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
  friend Impl& store_impl(const EventStore& store) noexcept;
};

/// The version of the SQLite library in use, e.g. "3.40.1" (for --version).
std::string sqlite_library_version();

}  // namespace slaclock
