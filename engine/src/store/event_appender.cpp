// EventAppender: the SQL of an import, one transaction, hashed and chained.
#include "store/event_appender.h"

#include "base/sha256.h"
#include "store/event_canonical.h"
#include "store/event_store_internal.h"

#include <slaclock/base/error.h>

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <sqlite3.h>

namespace slaclock::detail {

namespace {

// Runs f, turning SQLite's exceptions into the project's StoreError.
template <class F>
decltype(auto) translated(const std::string& path, F&& f) {
  try {
    return f();
  } catch (const SQLite::Exception& e) {
    throw StoreError({path, 0, ""}, std::string("import failed, nothing stored: ") + e.what());
  }
}

void read_text(const SQLite::Column& column, std::string& out) {
  const char* text = column.getText();
  out.assign(text, static_cast<std::size_t>(column.getBytes()));
}

}  // namespace

struct EventAppender::Impl {
  Impl(SQLite::Database& database, std::string store_path)
      : db(database),
        path(std::move(store_path)),
        insert_event(db,
                     "INSERT INTO events(event_id, kind, entity_id, type, at, recorded_at, fields, content_sha256, "
                     "chain_sha256, import_id, seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"),
        find_event(db, "SELECT kind, entity_id, type, at, recorded_at, fields FROM events WHERE event_id = ?1"),
        find_entity(db, "SELECT kind, opened_at, first_seq, last_seq FROM entities WHERE entity_id = ?1") {
    // A big import touches index pages all over the file; SQLite's 2 MB
    // default cache would spill and re-read them. 32 MB measured best: much
    // more makes the commit slower than the spills it saves.
    db.exec("PRAGMA cache_size = -32768");
    tx.emplace(db, SQLite::TransactionBehavior::IMMEDIATE);
    load_chain_head();
  }

  void load_chain_head() {
    SQLite::Statement q(db, "SELECT seq, chain_sha256 FROM events ORDER BY seq DESC LIMIT 1");
    if (q.executeStep()) {
      last_seq = q.getColumn(0).getInt64();
      if (!from_hex(q.getColumn(1).getString(), chain))
        throw StoreError({path, 0, "chain_sha256"}, "event seq " + std::to_string(last_seq) +
                                                        " has a malformed chain hash; run 'slaclock verify'");
    }
  }

  bool read_event(const std::string& event_id, StoredEvent& out) {
    find_event.reset();
    find_event.bind(1, event_id);
    if (!find_event.executeStep()) return false;
    read_text(find_event.getColumn(0), out.kind);
    read_text(find_event.getColumn(1), out.entity_id);
    read_text(find_event.getColumn(2), out.type);
    out.at = find_event.getColumn(3).getInt64();
    out.recorded_at = find_event.getColumn(4).getInt64();
    read_text(find_event.getColumn(5), out.fields);
    return true;
  }

  SQLite::Database& db;
  std::string path;
  // Declared before the statements so that they are finalized before an
  // uncommitted transaction rolls back.
  std::optional<SQLite::Transaction> tx;
  SQLite::Statement insert_event;
  SQLite::Statement find_event;
  SQLite::Statement find_entity;
  std::optional<SQLite::Statement> insert_entity;  // prepared when first needed
  std::optional<SQLite::Statement> update_entity;

  std::int64_t import_id = 0;
  std::int64_t last_seq = 0;
  Digest chain{};  // the chain starts from 32 zero bytes
  Sha256 sha;
  std::string text, content_hex, chain_hex;
};

void EventAppender::require_writable(const EventStore& store) {
  slaclock::require_writable(store, "import");
}

EventAppender::EventAppender(EventStore& store) {
  const std::string path = store.path().string();
  translated(path, [&] { impl_ = std::make_unique<Impl>(connection_of(store), path); });
}

EventAppender::~EventAppender() = default;

std::int64_t EventAppender::last_sequence() const noexcept {
  return impl_->last_seq;
}

void EventAppender::begin_file(const std::string& file, Instant started_at) {
  Impl& m = *impl_;
  translated(m.path, [&] {
    SQLite::Statement log(m.db, "INSERT INTO imports(file, started_at) VALUES (?1, ?2)");
    log.bind(1, file == "-" ? std::string("<stdin>") : file);
    log.bind(2, started_at.utc_seconds);
    log.exec();
    m.import_id = m.db.getLastInsertRowid();
  });
}

void EventAppender::end_file(const FileCounts& counts) {
  Impl& m = *impl_;
  translated(m.path, [&] {
    SQLite::Statement done(
        m.db,
        "UPDATE imports SET read = ?2, imported = ?3, duplicates = ?4, rejected = ?5, last_seq = ?6, "
        "chain_head = ?7 WHERE id = ?1");
    done.bind(1, m.import_id);
    done.bind(2, static_cast<std::int64_t>(counts.read));
    done.bind(3, static_cast<std::int64_t>(counts.imported));
    done.bind(4, static_cast<std::int64_t>(counts.duplicates));
    done.bind(5, static_cast<std::int64_t>(counts.rejected));
    if (m.last_seq > 0) {
      done.bind(6, m.last_seq);
      done.bind(7, to_hex(m.chain));
    }
    done.exec();
  });
}

EventAppender::Appended EventAppender::append(const NewEvent& ev, StoredEvent& existing) {
  Impl& m = *impl_;
  return translated(m.path, [&] {
    const std::int64_t seq = m.last_seq + 1;
    const char* kind_name = entity_kind_name(ev.kind);
    m.text.clear();
    canonical_event_text(m.text, ev.event_id, kind_name, ev.entity_id, event_type_name(ev.type), ev.at.utc_seconds,
                         ev.recorded_at.utc_seconds, ev.fields_json);
    const Digest content = m.sha.of(m.text);
    const Digest chain = m.sha.of_pair(m.chain, content);
    to_hex(content, m.content_hex);
    to_hex(chain, m.chain_hex);
    SQLite::Statement& insert = m.insert_event;
    insert.reset();
    insert.bindNoCopy(1, ev.event_id);
    insert.bindNoCopy(2, kind_name);
    insert.bindNoCopy(3, ev.entity_id);
    insert.bindNoCopy(4, event_type_name(ev.type));  // a static table entry
    insert.bind(5, ev.at.utc_seconds);
    insert.bind(6, ev.recorded_at.utc_seconds);
    insert.bindNoCopy(7, ev.fields_json);
    insert.bindNoCopy(8, m.content_hex);
    insert.bindNoCopy(9, m.chain_hex);
    insert.bind(10, m.import_id);
    insert.bind(11, seq);
    if (const int rc = insert.tryExecuteStep(); rc != SQLITE_DONE) {
      const int extended = insert.getExtendedErrorCode();
      insert.tryReset();
      if (extended == SQLITE_CONSTRAINT_UNIQUE && m.read_event(ev.event_id, existing)) return Appended::id_taken;
      throw StoreError({m.path, 0, ""}, std::string("cannot store event '") + ev.event_id + "': " + sqlite3_errstr(rc));
    }
    m.last_seq = seq;
    m.chain = chain;
    return Appended::appended;
  });
}

bool EventAppender::find_event(const std::string& event_id, StoredEvent& out) {
  Impl& m = *impl_;
  return translated(m.path, [&] { return m.read_event(event_id, out); });
}

std::optional<StoredEntity> EventAppender::find_entity(const std::string& entity_id) {
  Impl& m = *impl_;
  return translated(m.path, [&]() -> std::optional<StoredEntity> {
    SQLite::Statement& q = m.find_entity;
    q.reset();
    q.bind(1, entity_id);
    if (!q.executeStep()) return std::nullopt;
    const auto kind = parse_entity_kind(q.getColumn(0).getString());
    if (!kind) throw StoreError({m.path, 0, "entities.kind"}, "entity '" + entity_id + "' has an unknown kind");
    StoredEntity s;
    s.kind = *kind;
    s.opened_at = Instant{q.getColumn(1).getInt64()};
    s.first_seq = q.getColumn(2).getInt64();
    s.last_seq = q.getColumn(3).getInt64();
    return s;
  });
}

void EventAppender::insert_entity(const std::string& entity_id, const NewEntity& entity) {
  Impl& m = *impl_;
  translated(m.path, [&] {
    if (!m.insert_entity)
      m.insert_entity.emplace(m.db,
                              "INSERT INTO entities(entity_id, kind, opened_at, customer, first_seq, last_seq) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    SQLite::Statement& insert = *m.insert_entity;
    insert.reset();
    insert.bindNoCopy(1, entity_id);
    insert.bindNoCopy(2, entity_kind_name(entity.kind));
    insert.bind(3, entity.opened_at.utc_seconds);
    if (entity.customer)
      insert.bindNoCopy(4, *entity.customer);
    else
      insert.bind(4);
    insert.bind(5, entity.first_seq);
    insert.bind(6, entity.last_seq);
    insert.exec();
  });
}

void EventAppender::set_entity_last_seq(const std::string& entity_id, std::int64_t last_seq) {
  Impl& m = *impl_;
  translated(m.path, [&] {
    if (!m.update_entity) m.update_entity.emplace(m.db, "UPDATE entities SET last_seq = ?2 WHERE entity_id = ?1");
    SQLite::Statement& update = *m.update_entity;
    update.reset();
    update.bindNoCopy(1, entity_id);
    update.bind(2, last_seq);
    update.exec();
  });
}

void EventAppender::commit() {
  Impl& m = *impl_;
  translated(m.path, [&] { m.tx->commit(); });
}

}  // namespace slaclock::detail
