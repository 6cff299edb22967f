#include <slaclock/base/error.h>
#include <slaclock/config/calendar_loader.h>
#include <slaclock/config/kvi_config_loader.h>
#include <slaclock/store/version_store.h>
#include <slaclock/time/time_zone.h>
#include <slaclock/time/timestamp.h>

#include "base/sha256.h"
#include "store/event_store_internal.h"
#include "store/version_rows.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <fstream>
#include <sstream>

namespace slaclock {

namespace {

std::string read_text(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ConfigError({file.string(), 0, ""}, "cannot read file");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string sha256_hex(const std::string& text) {
  return detail::to_hex(detail::Sha256().of(text));
}

constexpr const char* calendar_columns = "id, name, content_sha256, source_file, loaded_at, yaml";

StoredCalendarVersion calendar_version_of(SQLite::Statement& q) {
  return {q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getString(), q.getColumn(3).getString(),
          Instant{q.getColumn(4).getInt64()}};
}

// A stored calendar's text is rebuilt as it was loaded; a text that no longer
// matches its hash is refused rather than judged by.
StoredCalendar built(SQLite::Statement& q, const std::string& path) {
  StoredCalendarVersion v = calendar_version_of(q);
  const std::string text = q.getColumn(5).getString();
  if (sha256_hex(text) != v.content_sha256)
    throw StoreError({path, 0, "calendar_versions"},
                     "calendar '" + v.name + "' version " + std::to_string(v.id) +
                         ": stored text does not match its hash; run 'slaclock verify'");
  return {v, parse_calendar(text, "stored calendar " + v.name)};
}

}  // namespace

namespace detail {

std::optional<StoredCalendar> latest_calendar_on(SQLite::Database& db, const std::string& name) {
  SQLite::Statement q(db, std::string("SELECT ") + calendar_columns +
                              " FROM calendar_versions WHERE name = ? ORDER BY id DESC LIMIT 1");
  q.bind(1, name);
  if (!q.executeStep()) return std::nullopt;
  return built(q, db.getFilename());
}

StoredCalendarVersion insert_calendar_version(SQLite::Database& db, const std::string& name, const std::string& text,
                                              const std::string& source_file, Instant now, bool* already) {
  const std::string sha = sha256_hex(text);
  SQLite::Statement find(
      db, std::string("SELECT ") + calendar_columns + " FROM calendar_versions WHERE name = ? AND content_sha256 = ?");
  find.bind(1, name);
  find.bind(2, sha);
  if (find.executeStep()) {
    if (already) *already = true;
    return calendar_version_of(find);
  }
  SQLite::Statement insert(db,
                           "INSERT INTO calendar_versions(name, content_sha256, yaml, source_file, loaded_at) "
                           "VALUES (?, ?, ?, ?, ?)");
  insert.bind(1, name);
  insert.bind(2, sha);
  insert.bind(3, text);
  insert.bind(4, source_file);
  insert.bind(5, static_cast<std::int64_t>(now.utc_seconds));
  insert.exec();
  if (already) *already = false;
  return {db.getLastInsertRowid(), name, sha, source_file, now};
}

}  // namespace detail

CalendarVersionLoad load_calendar_version(EventStore& store, const CalendarFile& calendar, Instant now) {
  require_writable(store, "loading a calendar");
  return with_store_errors(store, "cannot store the calendar version", [&] {
    SQLite::Transaction tx(connection_of(store), SQLite::TransactionBehavior::IMMEDIATE);
    CalendarVersionLoad out;
    out.stored = detail::insert_calendar_version(connection_of(store), calendar.calendar.name(), calendar.text,
                                                 calendar.source_file, now, &out.already_loaded);
    tx.commit();
    return out;
  });
}

std::vector<StoredCalendarVersion> stored_calendar_versions(const EventStore& store) {
  return with_store_errors(store, "cannot read calendar versions", [&] {
    SQLite::Statement q(connection_of(store),
                        std::string("SELECT ") + calendar_columns + " FROM calendar_versions ORDER BY id");
    std::vector<StoredCalendarVersion> out;
    while (q.executeStep()) out.push_back(calendar_version_of(q));
    return out;
  });
}

std::optional<StoredCalendar> latest_stored_calendar(const EventStore& store, const std::string& name) {
  return with_store_errors(store, "cannot read calendar versions",
                           [&] { return detail::latest_calendar_on(connection_of(store), name); });
}

std::optional<StoredCalendar> stored_calendar(const EventStore& store, const std::string& name,
                                              const std::string& content_sha256) {
  return with_store_errors(store, "cannot read calendar versions", [&]() -> std::optional<StoredCalendar> {
    SQLite::Statement q(connection_of(store), std::string("SELECT ") + calendar_columns +
                                                  " FROM calendar_versions WHERE name = ? AND content_sha256 = ?");
    q.bind(1, name);
    q.bind(2, content_sha256);
    if (!q.executeStep()) return std::nullopt;
    return built(q, store.path().string());
  });
}

KviVersionLoad load_kvi_settings_version(EventStore& store, const std::filesystem::path& file, Instant now) {
  require_writable(store, "loading KVI settings");
  const std::string text = read_text(file);
  const KviConfig config = parse_kvi_config(text, file.string());
  const std::string sha = sha256_hex(text);
  const Instant effective_at =
      TimeZone::named(config.time_zone).from_local(config.effective_from, 0, Disambiguation::earliest);
  return with_store_errors(store, "cannot store the KVI settings version", [&] {
    SQLite::Database& db = connection_of(store);
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement existing(db,
                               "SELECT version, content_sha256, effective_from FROM kvi_settings_versions "
                               "WHERE version = ? OR effective_at = ?");
    existing.bind(1, config.version);
    existing.bind(2, static_cast<std::int64_t>(effective_at.utc_seconds));
    KviVersionLoad out;
    out.stored = {config.version, config.effective_from, sha, file.string(), now};
    while (existing.executeStep()) {
      const std::string version = existing.getColumn(0).getString();
      if (version == config.version && existing.getColumn(1).getString() == sha) {
        out.already_loaded = true;
        continue;
      }
      throw ConfigError(
          {file.string(), 0, version == config.version ? "version" : "effective_from"},
          version == config.version
              ? "KVI settings version '" + version +
                    "' is already loaded with different content; versions are append-only, so give "
                    "the changed settings a new version name and effective_from"
              : "KVI settings version '" + version + "' already takes effect on " + existing.getColumn(2).getString());
    }
    if (out.already_loaded) return out;
    SQLite::Statement insert(db,
                             "INSERT INTO kvi_settings_versions(version, effective_from, effective_at, "
                             "content_sha256, yaml, source_file, loaded_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, config.version);
    insert.bind(2, format_date(config.effective_from));
    insert.bind(3, static_cast<std::int64_t>(effective_at.utc_seconds));
    insert.bind(4, sha);
    insert.bind(5, text);
    insert.bind(6, file.string());
    insert.bind(7, static_cast<std::int64_t>(now.utc_seconds));
    insert.exec();
    tx.commit();
    return out;
  });
}

std::vector<StoredKviVersion> stored_kvi_settings_versions(const EventStore& store) {
  return with_store_errors(store, "cannot read KVI settings versions", [&] {
    SQLite::Statement q(connection_of(store),
                        "SELECT version, effective_from, content_sha256, source_file, loaded_at "
                        "FROM kvi_settings_versions ORDER BY effective_at");
    std::vector<StoredKviVersion> out;
    while (q.executeStep())
      out.push_back({q.getColumn(0).getString(), parse_date(q.getColumn(1).getString()), q.getColumn(2).getString(),
                     q.getColumn(3).getString(), Instant{q.getColumn(4).getInt64()}});
    return out;
  });
}

std::optional<KviConfig> kvi_settings_in_force(const EventStore& store, CivilDate day) {
  const auto found = with_store_errors(
      store, "cannot read KVI settings versions", [&]() -> std::optional<std::pair<std::string, std::string>> {
        SQLite::Statement q(connection_of(store),
                            "SELECT version, yaml, content_sha256 FROM kvi_settings_versions "
                            "WHERE effective_from <= ? ORDER BY effective_from DESC LIMIT 1");
        q.bind(1, format_date(day));
        if (!q.executeStep()) return std::nullopt;
        const std::string text = q.getColumn(1).getString();
        if (sha256_hex(text) != q.getColumn(2).getString())
          throw StoreError({store.path().string(), 0, "kvi_settings_versions"},
                           "KVI settings version '" + q.getColumn(0).getString() +
                               "': stored text does not match its hash; run 'slaclock verify'");
        return std::pair{q.getColumn(0).getString(), text};
      });
  if (!found) return std::nullopt;
  return parse_stored_kvi_config(found->second, "stored KVI settings " + found->first);
}

}  // namespace slaclock
