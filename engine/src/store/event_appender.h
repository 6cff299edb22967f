#pragma once
// The store's write path for an import: one IMMEDIATE transaction in which
// events are appended to the hash chain, each input file gets its row in the
// imports log, and the entities table is brought up to date. Every SQL
// statement an import runs is here, behind a pimpl: SQLite's types stay out of
// the import layer, and its errors leave as StoreError ("import failed,
// nothing stored: ..."). Nothing is kept until commit(); an appender destroyed
// without it rolls the whole import back.
//
//   EventAppender out(store);                  // cache_size, BEGIN IMMEDIATE, chain head
//   out.begin_file("events.jsonl", now);       // one imports row per input file
//   if (out.append({...}, existing) == EventAppender::Appended::id_taken) ...  // compare with `existing`
//   out.end_file({read, imported, duplicates, rejected});
//   out.insert_entity("C-1", {...});           // or set_entity_last_seq
//   out.commit();
//
// Speed: statements are prepared once and reused, text is bound without
// copying, and the hashing buffers are kept from one event to the next.
#include <slaclock/clock/event.h>
#include <slaclock/store/event_store.h>
#include <slaclock/time/time_types.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace slaclock::detail {

/// A stored event, as read back to compare with a line that repeats its id.
/// The strings keep their buffers when the same object is read into again.
struct StoredEvent {
  std::string kind;
  std::string entity_id;
  std::string type;
  std::int64_t at = 0;
  std::int64_t recorded_at = 0;
  std::string fields;  ///< the canonical fields JSON
};

/// An entity's row in the entities table.
struct StoredEntity {
  EntityKind kind = EntityKind::contact;
  Instant opened_at;
  std::int64_t first_seq = 0;
  std::int64_t last_seq = 0;
};

/// A validated event to append. The strings are bound without copying: they
/// must live until append() returns.
struct NewEvent {
  const std::string& event_id;
  EntityKind kind;
  const std::string& entity_id;
  EventType type;
  Instant at;
  Instant recorded_at;
  const std::string& fields_json;  ///< canonical_fields_json of the extra fields
};

/// An entity opened by this import.
struct NewEntity {
  EntityKind kind = EntityKind::contact;
  Instant opened_at;
  const std::string* customer = nullptr;  ///< null: no customer
  std::int64_t first_seq = 0;
  std::int64_t last_seq = 0;
};

/// What one input file did, for its imports row.
struct FileCounts {
  std::size_t read = 0;
  std::size_t imported = 0;
  std::size_t duplicates = 0;
  std::size_t rejected = 0;
};

class EventAppender {
 public:
  enum class Appended {
    appended,  ///< stored as the new head of the chain
    id_taken,  ///< an event with this event_id is already stored; nothing was written
  };

  /// Throws StoreError unless the store was opened read-write.
  static void require_writable(const EventStore& store);

  /// Sets the import's page cache, begins the IMMEDIATE transaction and reads
  /// the chain head. Throws StoreError.
  explicit EventAppender(EventStore& store);
  ~EventAppender();  ///< rolls back unless committed
  EventAppender(const EventAppender&) = delete;
  EventAppender& operator=(const EventAppender&) = delete;

  /// The sequence number of the chain head: 0 for an empty store, else the
  /// last event stored (by this appender or before it).
  std::int64_t last_sequence() const noexcept;

  /// Opens the imports row that the events appended next belong to. `file`
  /// is as given, "-" for standard input.
  void begin_file(const std::string& file, Instant started_at);
  /// Closes the current imports row with its counts and the chain head.
  void end_file(const FileCounts& counts);

  /// Hashes the event, chains it to the head and stores it with the next
  /// sequence number. id_taken when its event_id is already stored: the
  /// stored event is then read into `existing`.
  Appended append(const NewEvent& event, StoredEvent& existing);
  /// Reads the stored event with this id into `out`; false when there is none.
  bool find_event(const std::string& event_id, StoredEvent& out);
  /// The entities row of this id, if stored.
  std::optional<StoredEntity> find_entity(const std::string& entity_id);

  void insert_entity(const std::string& entity_id, const NewEntity& entity);
  void set_entity_last_seq(const std::string& entity_id, std::int64_t last_seq);

  void commit();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace slaclock::detail
