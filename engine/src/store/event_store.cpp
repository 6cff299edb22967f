// EventStore: opening, reading and verifying the timeline store. Its write
// path for an import is event_appender.cpp; the import itself (reading and
// validating lines) is the import layer's import/event_import.cpp.
#include "base/sha256.h"
#include "store/event_canonical.h"
#include "store/event_chain.h"
#include "store/event_rows.h"
#include "store/event_store_internal.h"
#include "store/flat_json.h"
#include "store/schema_migrations.h"
#include "store/store_connection.h"

#include <slaclock/base/error.h>

#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>

namespace slaclock {

namespace {

// The file is created by us, not by SQLite, so it never exists with the
// umask's permissions: events name customers.
void create_private_file(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) {
    if (errno == EEXIST) {
      // An empty file (made by touch, say) becomes the database: make it
      // private like a new one. A database already in use keeps its mode.
      struct stat st {};
      if (::lstat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 0) ::chmod(path.c_str(), 0600);
      return;
    }
    throw StoreError({path.string(), 0, ""}, std::string("cannot create database: ") + std::strerror(errno));
  }
  ::fchmod(fd, 0600);  // O_CREAT honours the umask, which can only remove bits; be explicit anyway
  ::close(fd);
}

}  // namespace

namespace detail {

Event event_from_row(SQLite::Statement& q, const std::string& path) {
  // Columns: seq, event_id, kind, entity_id, type, at, recorded_at, fields
  Event e;
  e.sequence = q.getColumn(0).getInt64();
  e.event_id = q.getColumn(1).getString();
  const std::string kind = q.getColumn(2).getString();
  const auto k = parse_entity_kind(kind);
  if (!k)
    throw StoreError({path, 0, "kind"}, "event seq " + std::to_string(e.sequence) + " has unknown kind '" + kind + "'");
  e.kind = *k;
  e.entity_id = q.getColumn(3).getString();
  const char* type = q.getColumn(4).getText();
  const auto t = parse_event_type(type);
  if (!t)
    throw StoreError({path, 0, "type"}, "event seq " + std::to_string(e.sequence) + " has unknown type '" + type + "'");
  e.type = *t;
  e.at = Instant{q.getColumn(5).getInt64()};
  e.recorded_at = Instant{q.getColumn(6).getInt64()};
  // The importer wrote a flat object of strings: the flat parser reads it
  // several times faster than a JSON DOM would.
  thread_local detail::FieldList fields;
  fields.clear();
  const char* text = q.getColumn(7).getText();
  if (!detail::parse_flat_json_object(text, fields).empty())
    throw StoreError({path, 0, "fields"}, "event seq " + std::to_string(e.sequence) + " has unreadable fields");
  for (const auto& [name, value] : fields) e.fields.emplace(name, value);
  return e;
}

}  // namespace detail

using detail::event_columns;
using detail::event_from_row;

void require_writable(const EventStore& store, const char* what) {
  if (store.mode() != OpenMode::read_write)
    throw StoreError({store.path().string(), 0, ""}, std::string(what) + " needs the database opened read-write");
}

EventStore::EventStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
EventStore::EventStore(EventStore&&) noexcept = default;
EventStore& EventStore::operator=(EventStore&&) noexcept = default;
EventStore::~EventStore() = default;

int EventStore::latest_schema_version() noexcept {
  return detail::latest_schema_version();
}

bool EventStore::unchanged_since_checked(const std::filesystem::path& path) {
  return detail::unchanged_since_checked(path);
}

EventStore EventStore::create(const std::filesystem::path& path) {
  create_private_file(path);
  return open(path, OpenMode::read_write);
}

EventStore EventStore::open(const std::filesystem::path& path, OpenMode mode) {
  const std::string name = path.string();
  std::error_code ec;
  if (std::filesystem::is_symlink(path, ec) && !std::filesystem::exists(path, ec))
    throw StoreError({name, 0, ""},
                     "is a symbolic link to a missing file (" + std::filesystem::read_symlink(path, ec).string() + ")");
  if (!std::filesystem::exists(path, ec))
    throw StoreError({name, 0, ""}, "no database here; create one with 'slaclock init --db " + name + "'");
  if (std::filesystem::is_directory(path, ec))
    throw StoreError({name, 0, ""}, "is a directory; --db names the database file");
  auto impl = std::unique_ptr<Impl>(
      new Impl{detail::CheckedMarkOnClose(),
               mode == OpenMode::read_only ? detail::open_for_reading(path) : detail::open_for_writing(path), path,
               mode, nullptr});
  if (mode == OpenMode::read_write) impl->mark.path = path;
  return EventStore(std::move(impl));
}

int EventStore::schema_version() const {
  return with_store_errors(*this, "cannot read the schema version",
                           [&] { return detail::schema_version_of(impl_->db); });
}
void EventStore::renew_snapshot() const {
  if (impl_->mode != OpenMode::read_only) return;
  with_store_errors(*this, "cannot start a fresh read snapshot", [&] {
    // The reader's open transaction holds its snapshot (store_connection.cpp).
    if (!sqlite3_get_autocommit(impl_->db.getHandle())) impl_->db.exec("COMMIT");
    impl_->db.exec("BEGIN");
  });
}
void EventStore::keep_pages_cached(std::size_t mebibytes) const {
  with_store_errors(*this, "cannot size the page cache", [&] {
    // A PRAGMA takes no bound parameters; the value is our own integer (KiB when negative).
    impl_->db.exec("PRAGMA cache_size = -" + std::to_string(mebibytes * 1024));
  });
}
const std::filesystem::path& EventStore::path() const noexcept {
  return impl_->path;
}
OpenMode EventStore::mode() const noexcept {
  return impl_->mode;
}

std::int64_t EventStore::last_sequence() const {
  return with_store_errors(*this, "cannot read events", [&] {
    SQLite::Statement q(impl_->db, "SELECT coalesce(max(seq), 0) FROM events");
    q.executeStep();
    return q.getColumn(0).getInt64();
  });
}

std::optional<Timeline> EventStore::timeline(const std::string& entity_id, std::optional<Instant> recorded_by) const {
  return with_store_errors(*this, "cannot read events", [&]() -> std::optional<Timeline> {
    if (!impl_->timeline_query)
      impl_->timeline_query = std::make_unique<SQLite::Statement>(
          impl_->db, std::string("SELECT ") + event_columns +
                         " FROM events WHERE entity_id = ?1 AND recorded_at <= ?2 ORDER BY at, seq");
    SQLite::Statement& q = *impl_->timeline_query;
    q.reset();  // also after a read that stopped early with an exception
    q.clearBindings();
    q.bind(1, entity_id);
    q.bind(2, recorded_by ? recorded_by->utc_seconds : std::numeric_limits<std::int64_t>::max());
    Timeline t;
    t.entity_id = entity_id;
    while (q.executeStep()) t.events.push_back(event_from_row(q, impl_->path.string()));
    q.reset();  // no read left open on the connection between calls
    if (t.events.empty()) return std::nullopt;
    t.kind = t.events.front().kind;
    return t;
  });
}

namespace {

// The entities a SettledSkip leaves out, as a condition on `e` (entities);
// ?4 is quiet_before, ?19 the last instant a rule or calendar version was
// loaded at, the kinds bound from ?20 on.
std::string settled_skip_condition(const SettledSkip& skip) {
  std::string kinds;
  for (std::size_t i = 0; i < skip.kinds.size(); ++i) kinds += (i ? ", ?" : "?") + std::to_string(20 + i);
  return "(e.kind IN (" + kinds +
         ") AND EXISTS (SELECT 1 FROM entity_state s JOIN sweep_runs r ON r.id = s.sweep_id"
         " WHERE s.entity_id = e.entity_id AND s.settled = 1 AND s.evaluated_seq = e.last_seq"
         " AND r.started_at >= ?19"
         " AND (SELECT max(x.at) FROM events x WHERE x.entity_id = e.entity_id) < min(?4, r.as_of + 1)))";
}

void bind_settled_skip(SQLite::Statement& q, const SettledSkip& skip, std::int64_t versions_loaded_at) {
  q.bind(4, skip.quiet_before.utc_seconds);
  q.bind(19, versions_loaded_at);
  for (std::size_t i = 0; i < skip.kinds.size(); ++i) q.bind(static_cast<int>(20 + i), entity_kind_name(skip.kinds[i]));
}

}  // namespace

bool EventStore::for_each_timeline(const TimelineQuery& query,
                                   const std::function<void(const Timeline&)>& visit) const {
  return with_store_errors(*this, "cannot read events", [&] {
    // One query in (entity_id, at, seq) order, which is the events_by_entity
    // index: rows arrive grouped by entity, so one timeline is held at a time.
    // Leaving entities out, it walks the entities in id order instead and
    // reads the events of those it keeps.
    const std::optional<SettledSkip>& skip = query.skip_settled;
    bool skipping = skip && !skip->kinds.empty();
    std::int64_t versions_loaded_at = 0;
    if (skipping) {
      // Read once here rather than per entity: the versions' rows are large.
      SQLite::Statement loaded(impl_->db,
                               "SELECT max(coalesce((SELECT max(loaded_at) FROM rule_versions), 0),"
                               " coalesce((SELECT max(loaded_at) FROM calendar_versions), 0)),"
                               " (SELECT min(opened_at) FROM entities)");
      loaded.executeStep();
      versions_loaded_at = loaded.getColumn(0).getInt64();
      // Nothing to leave out when every entity opened at or after quiet_before.
      skipping = !loaded.getColumn(1).isNull() && loaded.getColumn(1).getInt64() < skip->quiet_before.utc_seconds;
    }
    std::string sql =
        std::string("SELECT ") +
        (skipping ? "ev.seq, ev.event_id, ev.kind, ev.entity_id, ev.type, ev.at, ev.recorded_at, ev.fields"
                    " FROM entities e CROSS JOIN events ev ON ev.entity_id = e.entity_id"
                    " WHERE ev.recorded_at <= ?1 AND NOT " +
                        settled_skip_condition(*skip)
                  : std::string(event_columns) + " FROM events ev WHERE recorded_at <= ?1");
    if (query.min_last_seq) sql += " AND ev.entity_id IN (SELECT entity_id FROM entities WHERE last_seq > ?2)";
    if (!query.kinds.empty()) {
      sql += " AND ev.kind IN (";
      for (std::size_t i = 0; i < query.kinds.size(); ++i) sql += (i ? ", ?" : "?") + std::to_string(5 + i);
      sql += ")";
    }
    // Walking the entities, each one's events come by the events_by_entity
    // index, in (at, seq) order; visit() checks that rather than have SQLite
    // sort every entity's rows again.
    sql += skipping ? " ORDER BY e.entity_id" : " ORDER BY entity_id, at, seq";
    SQLite::Statement q(impl_->db, sql);
    q.bind(1, query.recorded_by ? query.recorded_by->utc_seconds : std::numeric_limits<std::int64_t>::max());
    if (query.min_last_seq) q.bind(2, *query.min_last_seq);
    for (std::size_t i = 0; i < query.kinds.size(); ++i)
      q.bind(static_cast<int>(5 + i), entity_kind_name(query.kinds[i]));
    if (skipping) bind_settled_skip(q, *skip, versions_loaded_at);

    Timeline current;
    const auto by_at = [](const Event& a, const Event& b) {
      return a.at < b.at || (a.at == b.at && a.sequence < b.sequence);
    };
    const auto visit_current = [&] {
      if (!std::is_sorted(current.events.begin(), current.events.end(), by_at))
        std::sort(current.events.begin(), current.events.end(), by_at);
      visit(current);
    };
    const std::string path = impl_->path.string();
    while (q.executeStep()) {
      Event e = event_from_row(q, path);
      if (!current.events.empty() && e.entity_id != current.entity_id) {
        visit_current();
        current.events.clear();
      }
      if (current.events.empty()) {
        current.entity_id = e.entity_id;
        current.kind = e.kind;
      }
      current.events.push_back(std::move(e));
    }
    if (!current.events.empty()) visit_current();
    if (!skipping) return false;
    SQLite::Statement left_out(impl_->db,
                               "SELECT EXISTS (SELECT 1 FROM entities e WHERE " + settled_skip_condition(*skip) + ")");
    bind_settled_skip(left_out, *skip, versions_loaded_at);
    left_out.executeStep();
    return left_out.getColumn(0).getInt() != 0;
  });
}

VerifyReport EventStore::verify() const {
  return with_store_errors(*this, "cannot verify events",
                           [&] { return detail::verify_event_chain(impl_->db, 0, detail::Digest{}); });
}

}  // namespace slaclock
