// EventStore::import_events: read, validate, check against the store, hash,
// chain and insert, all in one transaction.
//
// Speed: statements are prepared once; entity state is cached for the whole
// import and written once per entity at the end; the existence probe for an
// event_id is skipped when the store was empty and the id is new to this import.
#include "store/event_canonical.h"
#include "store/event_store_internal.h"
#include "import/event_validation.h"
#include "import/record_reader.h"
#include "base/sha256.h"

#include <slaclock/base/error.h>
#include <slaclock/time/timestamp.h>

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <sqlite3.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <iostream>
#include <unordered_map>

namespace slaclock {

namespace {

using detail::RawRecord;
using detail::ValidatedEvent;

struct EntityState {
  EntityKind kind = EntityKind::contact;
  Instant opened_at;
  std::string customer;
  bool has_customer = false;
  std::int64_t first_seq = 0;
  std::int64_t last_seq = 0;
  bool is_new = false;   // opened in this import
  bool touched = false;  // got an event in this import
};

InputFormat format_of(const std::string& file, InputFormat requested) {
  if (requested != InputFormat::by_extension) return requested;
  if (file == "-")
    throw InputError({"-", 0, "--input-format"}, "standard input needs an explicit format (jsonl or csv)");
  std::string ext = std::filesystem::path(file).extension().string();
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ext == ".jsonl" || ext == ".ndjson" || ext == ".json") return InputFormat::jsonl;
  if (ext == ".csv") return InputFormat::csv;
  throw InputError({file, 0, ""}, "cannot tell the format from the extension '" + ext +
                                      "' (use .jsonl, .ndjson, .json or .csv, or give --input-format)");
}

class Importer {
 public:
  Importer(EventStore::Impl& store, const ImportRequest& request)
      : db_(store.db),
        path_(store.path.string()),
        request_(request),
        insert_event_(db_,
                      "INSERT INTO events(event_id, kind, entity_id, type, at, recorded_at, fields, content_sha256, "
                      "chain_sha256, import_id, seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"),
        find_event_(db_, "SELECT kind, entity_id, type, at, recorded_at, fields FROM events WHERE event_id = ?1"),
        find_entity_(db_, "SELECT kind, opened_at, first_seq, last_seq FROM entities WHERE entity_id = ?1") {}

  ImportSummary run() {
    // A big import touches index pages all over the file; SQLite's 2 MB
    // default cache would spill and re-read them. 32 MB measured best: much
    // more makes the commit slower than the spills it saves.
    db_.exec("PRAGMA cache_size = -32768");
    SQLite::Transaction tx(db_, SQLite::TransactionBehavior::IMMEDIATE);
    load_chain_head();
    store_was_empty_ = last_seq_ == 0;
    for (const auto& file : request_.files) import_file(file);
    if (summary_.rejected > 0 && !request_.quarantine_file) throw ImportError(std::move(summary_));
    write_entities();
    if (request_.quarantine_file) write_rejects();
    tx.commit();
    return std::move(summary_);
  }

 private:
  void load_chain_head() {
    SQLite::Statement q(db_, "SELECT seq, chain_sha256 FROM events ORDER BY seq DESC LIMIT 1");
    if (q.executeStep()) {
      last_seq_ = q.getColumn(0).getInt64();
      if (!detail::from_hex(q.getColumn(1).getString(), chain_))
        throw StoreError({path_, 0, "chain_sha256"}, "event seq " + std::to_string(last_seq_) +
                                                         " has a malformed chain hash; run 'slaclock verify'");
    }
  }

  void import_file(const std::string& file) {
    const InputFormat format = format_of(file, request_.format);
    std::ifstream in_file;
    std::istream* in = nullptr;
    if (file == "-") {
      in = request_.standard_input ? request_.standard_input : &std::cin;
    } else {
      in_file.rdbuf()->pubsetbuf(read_buffer_.data(), static_cast<std::streamsize>(read_buffer_.size()));
      in_file.open(file, std::ios::binary);
      if (!in_file) throw InputError({file, 0, ""}, "cannot open file");
      in = &in_file;
    }
    std::unique_ptr<detail::RecordReader> reader;
    try {
      reader = format == InputFormat::csv ? detail::make_csv_reader(*in) : detail::make_jsonl_reader(*in);
    } catch (const InputError& e) {
      throw InputError({file, e.where().line, e.where().field}, e.why());
    }

    const std::size_t before_read = summary_.read, before_imported = summary_.imported,
                      before_dup = summary_.duplicates, before_rejected = summary_.rejected;
    {
      SQLite::Statement log(db_, "INSERT INTO imports(file, started_at) VALUES (?1, ?2)");
      log.bind(1, file == "-" ? std::string("<stdin>") : file);
      log.bind(2, request_.now.utc_seconds);
      log.exec();
      import_id_ = db_.getLastInsertRowid();
    }

    RawRecord record;
    for (;;) {
      try {
        if (!reader->next(record)) break;
      } catch (const InputError& e) {
        throw InputError({file, e.where().line, e.where().field}, e.why());
      }
      ++summary_.read;
      if (!record.error.empty()) {
        reject(file, record, "", record.error);
        continue;
      }
      try {
        detail::validate_event(record, request_.recorded_at, request_.now, event_);
      } catch (const InputError& e) {
        reject(file, record, e.where().field, e.why());
        continue;
      }
      import_one(file, record);
    }

    SQLite::Statement done(
        db_,
        "UPDATE imports SET read = ?2, imported = ?3, duplicates = ?4, rejected = ?5, last_seq = ?6, "
        "chain_head = ?7 WHERE id = ?1");
    done.bind(1, import_id_);
    done.bind(2, static_cast<std::int64_t>(summary_.read - before_read));
    done.bind(3, static_cast<std::int64_t>(summary_.imported - before_imported));
    done.bind(4, static_cast<std::int64_t>(summary_.duplicates - before_dup));
    done.bind(5, static_cast<std::int64_t>(summary_.rejected - before_rejected));
    if (last_seq_ > 0) {
      done.bind(6, last_seq_);
      done.bind(7, detail::to_hex(chain_));
    }
    done.exec();
  }

  void import_one(const std::string& file, const RawRecord& record) {
    const ValidatedEvent& ev = event_;
    fields_json_.clear();
    detail::canonical_fields_json(fields_json_, ev.fields);

    // Duplicate or conflict? In a store that had events, ask first (a
    // re-imported export is mostly duplicates). Into an empty store only this
    // import's own lines can repeat an id: the UNIQUE index says so on insert.
    if (!store_was_empty_ && settle_existing(file, record)) return;

    // The entity must be opened exactly once, first, and keep its kind.
    const bool opening = detail::is_opening_type(ev.kind, ev.type);
    EntityState* entity = find_entity(ev.entity_id);
    if (opening) {
      if (entity) {
        if (store_was_empty_ && settle_existing(file, record)) return;  // a repeated opening line
        reject(file, record, "entity_id",
               "'" + ev.entity_id + "' is already open (" + entity_kind_name(entity->kind) + " opened at " +
                   format_utc(entity->opened_at) + "); a second " + ev.type + " is not allowed");
        return;
      }
    } else {
      if (!entity) {
        reject(file, record, "entity_id",
               "unknown " + std::string(entity_kind_name(ev.kind)) + " '" + ev.entity_id +
                   "': no opening event stored or earlier in this import");
        return;
      }
      if (entity->kind != ev.kind) {
        reject(
            file, record, "kind",
            "'" + ev.entity_id + "' is a " + entity_kind_name(entity->kind) + ", not a " + entity_kind_name(ev.kind));
        return;
      }
      if (ev.at < entity->opened_at) {
        reject(file, record, "at",
               ev.type + " is dated before the " + entity_kind_name(ev.kind) + " was opened (impossible order)");
        return;
      }
    }

    // Hash, chain, store.
    const std::int64_t seq = last_seq_ + 1;
    const char* kind_name = entity_kind_name(ev.kind);
    text_.clear();
    detail::canonical_event_text(text_, ev.event_id, kind_name, ev.entity_id, ev.type, ev.at.utc_seconds,
                                 ev.recorded_at.utc_seconds, fields_json_);
    const detail::Digest content = sha_.of(text_);
    const detail::Digest chain = sha_.of_pair(chain_, content);
    detail::to_hex(content, content_hex_);
    detail::to_hex(chain, chain_hex_);
    insert_event_.reset();
    insert_event_.bindNoCopy(1, ev.event_id);
    insert_event_.bindNoCopy(2, kind_name);
    insert_event_.bindNoCopy(3, ev.entity_id);
    insert_event_.bindNoCopy(4, ev.type);
    insert_event_.bind(5, ev.at.utc_seconds);
    insert_event_.bind(6, ev.recorded_at.utc_seconds);
    insert_event_.bindNoCopy(7, fields_json_);
    insert_event_.bindNoCopy(8, content_hex_);
    insert_event_.bindNoCopy(9, chain_hex_);
    insert_event_.bind(10, import_id_);
    insert_event_.bind(11, seq);
    if (const int rc = insert_event_.tryExecuteStep(); rc != SQLITE_DONE) {
      const int extended = insert_event_.getExtendedErrorCode();
      insert_event_.tryReset();
      if (extended == SQLITE_CONSTRAINT_UNIQUE && settle_existing(file, record)) return;
      throw StoreError({path_, 0, ""}, std::string("cannot store event '") + ev.event_id + "': " + sqlite3_errstr(rc));
    }
    last_seq_ = seq;
    chain_ = chain;
    ++summary_.imported;

    if (opening) {
      EntityState fresh;
      fresh.kind = ev.kind;
      fresh.opened_at = ev.at;
      fresh.first_seq = seq;
      fresh.is_new = true;
      for (const auto& [k, v] : ev.fields)
        if (k == "customer") {
          fresh.customer = v;
          fresh.has_customer = true;
        }
      entity = &entities_.insert_or_assign(ev.entity_id, std::move(fresh)).first->second;
    }
    entity->last_seq = seq;
    entity->touched = true;
  }

  // True when the line's event_id is already stored: counted as a duplicate
  // when the content is the same, rejected when it differs.
  bool settle_existing(const std::string& file, const RawRecord& record) {
    const ValidatedEvent& ev = event_;
    find_event_.reset();
    find_event_.bind(1, ev.event_id);
    if (!find_event_.executeStep()) return false;
    const std::string differs = difference(find_event_, ev);
    if (differs.empty()) {
      ++summary_.duplicates;
    } else {
      reject(file, record, "event_id",
             "'" + ev.event_id + "' was already imported with different content (" + differs + ")");
    }
    return true;
  }

  // Compares a stored event with a new line; "" when they are the same event.
  // recorded_at counts only when the line (or the file) gave one: a defaulted
  // recorded_at is the import time, which differs on every re-import.
  std::string difference(SQLite::Statement& stored, const ValidatedEvent& ev) const {
    std::string out;
    auto note = [&](const char* what) { out += (out.empty() ? "" : ", ") + std::string(what); };
    if (stored.getColumn(0).getString() != entity_kind_name(ev.kind)) note("kind");
    if (stored.getColumn(1).getString() != ev.entity_id) note("entity_id");
    if (stored.getColumn(2).getString() != ev.type) note("type");
    if (stored.getColumn(3).getInt64() != ev.at.utc_seconds) note("at");
    if (ev.recorded_at_given && stored.getColumn(4).getInt64() != ev.recorded_at.utc_seconds) note("recorded_at");
    if (stored.getColumn(5).getString() != fields_json_) note("fields");
    return out.empty() ? out : "differs in " + out;
  }

  EntityState* find_entity(const std::string& entity_id) {
    if (auto it = entities_.find(entity_id); it != entities_.end()) return &it->second;
    if (store_was_empty_) return nullptr;
    find_entity_.reset();
    find_entity_.bind(1, entity_id);
    if (!find_entity_.executeStep()) return nullptr;
    EntityState s;
    const auto kind = parse_entity_kind(find_entity_.getColumn(0).getString());
    if (!kind) throw StoreError({path_, 0, "entities.kind"}, "entity '" + entity_id + "' has an unknown kind");
    s.kind = *kind;
    s.opened_at = Instant{find_entity_.getColumn(1).getInt64()};
    s.first_seq = find_entity_.getColumn(2).getInt64();
    s.last_seq = find_entity_.getColumn(3).getInt64();
    return &entities_.emplace(entity_id, std::move(s)).first->second;
  }

  void write_entities() {
    SQLite::Statement insert(db_,
                             "INSERT INTO entities(entity_id, kind, opened_at, customer, first_seq, last_seq) "
                             "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    SQLite::Statement update(db_, "UPDATE entities SET last_seq = ?2 WHERE entity_id = ?1");
    for (const auto& [id, s] : entities_) {
      if (!s.touched) continue;
      if (s.is_new) {
        insert.reset();
        insert.bindNoCopy(1, id);
        insert.bindNoCopy(2, entity_kind_name(s.kind));
        insert.bind(3, s.opened_at.utc_seconds);
        if (s.has_customer)
          insert.bindNoCopy(4, s.customer);
        else
          insert.bind(4);
        insert.bind(5, s.first_seq);
        insert.bind(6, s.last_seq);
        insert.exec();
      } else {
        update.reset();
        update.bindNoCopy(1, id);
        update.bind(2, s.last_seq);
        update.exec();
      }
    }
  }

  void reject(const std::string& file, const RawRecord& record, const std::string& field, const std::string& why) {
    ++summary_.rejected;
    ErrorContext where{file == "-" ? std::string("<stdin>") : file, record.line, field};
    if (summary_.problems.size() < ImportError::max_listed) summary_.problems.push_back({where, why});
    if (request_.quarantine_file) {
      nlohmann::ordered_json line;
      if (!record.error.empty()) {  // could not be parsed: keep the text as read
        line["_raw"] = record.text;
      } else {
        for (const auto& [k, v] : record.values) line[k] = v;
      }
      line["_file"] = where.file;
      line["_line"] = record.line;
      line["_error"] = format_error_message({"", 0, field}, why);
      rejects_ += line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      rejects_ += '\n';
    }
  }

  void write_rejects() {
    std::ofstream out(*request_.quarantine_file, std::ios::binary | std::ios::trunc);
    out << rejects_;
    out.flush();
    if (!out) throw InputError({*request_.quarantine_file, 0, "--quarantine"}, "cannot write the reject file");
  }

  SQLite::Database& db_;
  std::string path_;
  const ImportRequest& request_;
  SQLite::Statement insert_event_;
  SQLite::Statement find_event_;
  SQLite::Statement find_entity_;
  detail::Sha256 sha_;

  ImportSummary summary_;
  std::int64_t import_id_ = 0;
  std::int64_t last_seq_ = 0;
  detail::Digest chain_{};
  bool store_was_empty_ = true;
  std::unordered_map<std::string, EntityState> entities_;
  ValidatedEvent event_;
  std::string fields_json_, text_, rejects_, content_hex_, chain_hex_;
  std::vector<char> read_buffer_ = std::vector<char>(1 << 20);
};

}  // namespace

ImportSummary EventStore::import_events(const ImportRequest& request) {
  require_writable(*this, "import");
  if (request.files.empty()) throw InputError({"", 0, "FILE"}, "no files to import");
  try {
    return Importer(*impl_, request).run();
  } catch (const SQLite::Exception& e) {
    throw StoreError({impl_->path.string(), 0, ""}, std::string("import failed, nothing stored: ") + e.what());
  }
}

}  // namespace slaclock
