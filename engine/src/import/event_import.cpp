// import_events: read, validate, check against the store, then hand each good
// line to the store's EventAppender (hash, chain, insert), all in one
// transaction. No SQL here: every statement is the appender's.
//
// Speed: entity state is cached for the whole import and written once per
// entity at the end; the existence probe for an event_id is skipped when the
// store was empty and the id is new to this import; buffers are reused from
// one line to the next.
#include <slaclock/import/event_import.h>

#include "import/event_validation.h"
#include "import/native_header.h"
#include "import/profile_mapping.h"
#include "import/raw_bytes.h"
#include "import/record_reader.h"
#include "store/event_appender.h"
#include "store/event_canonical.h"

#include <slaclock/base/error.h>
#include <slaclock/base/paths.h>
#include <slaclock/base/safe_output.h>
#include <slaclock/config/calendar_loader.h>
#include <slaclock/config/import_profile.h>
#include <slaclock/store/version_store.h>
#include <slaclock/time/time_zone.h>
#include <slaclock/time/timestamp.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <set>
#include <unordered_map>

namespace slaclock {

namespace {

using detail::EventAppender;
using detail::RawRecord;
using detail::SourceTimeRule;
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
  // Begins the store's transaction: nothing is kept unless run() returns.
  Importer(EventStore& store, const ImportRequest& request, SafeOutputFile* quarantine,
           const std::optional<TimeZone>& zone)
      : store_(store), out_(store), request_(request), quarantine_(quarantine), zone_(zone) {
    options_.max_field_bytes = request.max_field_bytes;
    options_.recorded_at_as_event = request.recorded_at_as_event;
    if (zone_ && request.local_times) {
      LocalTimeReading& local = options_.local_times;
      local.zone = &*zone_;
      local.repeated = request.local_times->ambiguous == AmbiguousLocalTime::earlier ? Disambiguation::earliest
                       : request.local_times->ambiguous == AmbiguousLocalTime::later ? Disambiguation::latest
                                                                                     : Disambiguation::reject;
      local.gap_shift_forward = request.local_times->gap == MissingLocalTime::shift_forward;
      local.repeated_remedy = repeated_remedy;
      local.gap_remedy = gap_remedy;
    }
    if (request.progress)
      for (const auto& f : request.files) {
        const std::optional<std::uint64_t> size = size_of(f);
        if (!size) {
          progress_.bytes_total = 0;
          break;
        }
        progress_.bytes_total += *size;
      }
  }

  ImportSummary run() {
    store_was_empty_ = out_.last_sequence() == 0;
    if (!request_.profile.empty())
      import_through_profile();
    else
      for (const auto& file : request_.files) import_file(file);
    if (summary_.rejected > 0 && !request_.quarantine_file) throw ImportError(std::move(summary_));
    write_entities();
    if (quarantine_ && summary_.rejected > 0) write_rejects();
    out_.commit();
    return std::move(summary_);
  }

 private:
  // The input stream of `file` ("-": standard input), opened into `in_file`.
  std::istream* open_input(const std::string& file, std::ifstream& in_file) {
    std::error_code ec;
    if (file != "-" && std::filesystem::is_directory(file, ec))
      throw InputError({file, 0, ""}, "is a directory, not an event file");
    if (file == "-") return request_.standard_input ? request_.standard_input : &std::cin;
    in_file.rdbuf()->pubsetbuf(read_buffer_.data(), static_cast<std::streamsize>(read_buffer_.size()));
    in_file.open(file, std::ios::binary);
    if (!in_file) throw InputError({file, 0, ""}, "cannot open file");
    return &in_file;
  }

  // An import profile's import (docs/import.md): every file is read and
  // mapped first (a case's rows may be anywhere in them), then the events go
  // through the same validation and checks as a native file's lines. One
  // imports row records the files together; `read` counts source rows.
  void import_through_profile() {
    const ImportProfile profile = find_import_profile(request_.profile);
    SourceTimeRule times;
    times.format = profile.time_format;
    if (request_.local_times) {  // the request's --zone/--ambiguous/--gap override the profile's
      const LocalTimeRule& r = *request_.local_times;
      if (!r.zone.empty()) times.zone = TimeZone::named(r.zone);
      times.ambiguous = r.ambiguous == AmbiguousLocalTime::earlier ? Disambiguation::earliest
                        : r.ambiguous == AmbiguousLocalTime::later ? Disambiguation::latest
                                                                   : Disambiguation::reject;
      times.gap_shift_forward = r.gap == MissingLocalTime::shift_forward;
    } else {
      if (!profile.zone.empty()) times.zone = TimeZone::named(profile.zone);
      times.ambiguous = profile.ambiguous;
      times.gap_shift_forward = profile.gap_shift_forward;
    }
    mapping_ =
        std::make_unique<detail::ProfileMapping>(profile, std::move(times), request_.quarantine_file.has_value());
    std::string label;
    for (const auto& file : request_.files) {
      std::ifstream in_file;
      std::istream* in = open_input(file, in_file);
      const std::string name = file == "-" ? std::string("<stdin>") : file;
      mapping_->read(name, *in, detail::ReaderLimits{request_.max_line_bytes});
      label += (label.empty() ? "" : " + ") + name;
    }
    if (mapping_->rows() == 0) return;  // nothing read: no trace
    out_.begin_file(label + " (profile " + profile.name + ")", request_.now);
    summary_.read = mapping_->rows();
    const auto& names = mapping_->files();
    for (const detail::SourceProblem& p : mapping_->problems()) count_problem({names[p.file], p.line, p.column}, p.why);
    detail::MappedEvent ev;
    while (mapping_->next(ev)) {
      mapped_case_ = ev.case_index;
      mapped_file_ = ev.file;
      const std::string& file = names[ev.file];
      try {
        detail::validate_event(ev.record, request_.recorded_at, request_.now, event_, options_);
      } catch (const InputError& e) {
        reject(file, ev.record, e.where().field, e.why());
        continue;
      }
      import_one(file, ev.record);
    }
    out_.end_file({summary_.read, summary_.imported, summary_.duplicates, summary_.rejected});
  }

  void import_file(const std::string& file) {
    std::ifstream in_file;
    std::istream* in = open_input(file, in_file);
    const InputFormat format = format_of(file, request_.format);
    const std::optional<std::uint64_t> size = request_.progress ? size_of(file) : std::nullopt;
    const detail::ReaderLimits limits{request_.max_line_bytes};
    std::unique_ptr<detail::RecordReader> reader;
    try {
      reader =
          format == InputFormat::csv ? detail::make_csv_reader(*in, limits) : detail::make_jsonl_reader(*in, limits);
      if (format == InputFormat::csv && !reader->column_names().empty())
        detail::check_native_header(reader->column_names());
    } catch (const InputError& e) {
      throw InputError({file, e.where().line, e.where().field}, e.why());
    }

    const std::size_t before_read = summary_.read, before_imported = summary_.imported,
                      before_dup = summary_.duplicates, before_rejected = summary_.rejected;
    bool logged = false;  // the imports row is written once the file yields a record

    RawRecord record;
    for (;;) {
      try {
        if (!reader->next(record)) break;
      } catch (const InputError& e) {
        throw InputError({file, e.where().line, e.where().field}, e.why());
      }
      if (!logged) {
        out_.begin_file(file, request_.now);
        logged = true;
      }
      ++summary_.read;
      if (request_.progress && summary_.read % progress_every == 0) report_progress(*in, size, false);
      if (record.error.empty()) detail::restore_raw_bytes(record);  // a reject file's exact bytes, back
      if (!record.error.empty()) {
        reject(file, record, "", record.error);
        continue;
      }
      try {
        detail::validate_event(record, request_.recorded_at, request_.now, event_, options_);
      } catch (const InputError& e) {
        reject(file, record, e.where().field, e.why());
        continue;
      }
      import_one(file, record);
    }

    if (request_.progress) report_progress(*in, size, true);
    bytes_before_ = progress_.bytes_read;
    if (logged)
      out_.end_file({summary_.read - before_read, summary_.imported - before_imported, summary_.duplicates - before_dup,
                     summary_.rejected - before_rejected});
  }

  // The size of a regular file; none for standard input and the like.
  static std::optional<std::uint64_t> size_of(const std::string& file) {
    std::error_code ec;
    if (file == "-" || !std::filesystem::is_regular_file(file, ec)) return std::nullopt;
    const std::uintmax_t size = std::filesystem::file_size(file, ec);
    if (ec) return std::nullopt;
    return size;
  }

  // How far the reading is: the bytes of the files before this one and the
  // position in this one (its size at its end; a stream with no position,
  // such as a pipe, keeps the last count).
  void report_progress(std::istream& in, const std::optional<std::uint64_t>& size, bool at_end) {
    progress_.records = summary_.read;
    std::uint64_t at = progress_.bytes_read;
    if (at_end && size) {
      at = bytes_before_ + *size;
    } else if (!at_end) {
      const std::istream::pos_type pos = in.tellg();
      if (pos >= 0) at = bytes_before_ + static_cast<std::uint64_t>(static_cast<std::streamoff>(pos));
    }
    progress_.bytes_read = std::max(progress_.bytes_read, at);
    request_.progress(progress_);
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
                   format_utc(entity->opened_at) + "); a second " + event_type_name(ev.type) + " is not allowed");
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
               std::string(event_type_name(ev.type)) + " is dated before the " + entity_kind_name(ev.kind) +
                   " was opened (impossible order)");
        return;
      }
    }

    // An entity's own calendar must be one slaclock can judge by: stored in
    // the database, or a file in the calendar folder (stored by the sweep
    // that first uses it).
    if (opening)
      for (const auto& [k, v] : ev.fields)
        if (k == "calendar" && !known_calendar(v)) {
          reject(file, record, "calendar",
                 "unknown calendar '" + v + "' (known: " + known_calendar_list() +
                     "); load a site's own with 'slaclock calendar load FILE' first");
          return;
        }

    // Hash, chain, store. A taken id is this import's own repeat (into an
    // empty store the UNIQUE index is the only duplicate check).
    const detail::NewEvent row{.event_id = ev.event_id,
                               .kind = ev.kind,
                               .entity_id = ev.entity_id,
                               .type = ev.type,
                               .at = ev.at,
                               .recorded_at = ev.recorded_at,
                               .fields_json = fields_json_};
    if (out_.append(row, stored_) == EventAppender::Appended::id_taken) {
      settle(file, record);
      return;
    }
    const std::int64_t seq = out_.last_sequence();
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
    if (!out_.find_event(event_.event_id, stored_)) return false;
    settle(file, record);
    return true;
  }

  // The line's event_id is stored as stored_.
  void settle(const std::string& file, const RawRecord& record) {
    const ValidatedEvent& ev = event_;
    const std::string differs = difference(stored_, ev);
    if (differs.empty()) {
      ++summary_.duplicates;
    } else {
      reject(file, record, "event_id",
             "'" + ev.event_id + "' was already imported with different content (" + differs + ")");
    }
  }

  // Compares a stored event with a new line; "" when they are the same event.
  // recorded_at counts only when the line (or the file) gave one: a defaulted
  // recorded_at is the import time, which differs on every re-import.
  std::string difference(const detail::StoredEvent& stored, const ValidatedEvent& ev) const {
    std::string out;
    auto note = [&](const char* what) { out += (out.empty() ? "" : ", ") + std::string(what); };
    if (stored.kind != entity_kind_name(ev.kind)) note("kind");
    if (stored.entity_id != ev.entity_id) note("entity_id");
    if (stored.type != event_type_name(ev.type)) note("type");
    if (stored.at != ev.at.utc_seconds) note("at");
    if (ev.recorded_at_given && stored.recorded_at != ev.recorded_at.utc_seconds) note("recorded_at");
    if (stored.fields != fields_json_) note("fields");
    return out.empty() ? out : "differs in " + out;
  }

  // The calendars a sweep can find (ops/calendar_source.h): stored in the
  // database, in --calendars-dir or in the data folder; read once, when the
  // first line names one.
  const std::set<std::string>& known_calendars() {
    if (!calendars_) {
      calendars_.emplace();
      for (const auto& v : stored_calendar_versions(store_)) calendars_->insert(v.name);
      for (const auto& n : calendar_file_names(request_.calendars_dir)) calendars_->insert(n);
    }
    return *calendars_;
  }
  bool known_calendar(const std::string& name) { return known_calendars().count(name) > 0; }
  std::string known_calendar_list() {
    std::string out;
    for (const auto& n : known_calendars()) out += (out.empty() ? "" : ", ") + n;
    return out.empty() ? "none" : out;
  }

  EntityState* find_entity(const std::string& entity_id) {
    if (auto it = entities_.find(entity_id); it != entities_.end()) return &it->second;
    if (store_was_empty_) return nullptr;
    const std::optional<detail::StoredEntity> stored = out_.find_entity(entity_id);
    if (!stored) return nullptr;
    EntityState s;
    s.kind = stored->kind;
    s.opened_at = stored->opened_at;
    s.first_seq = stored->first_seq;
    s.last_seq = stored->last_seq;
    return &entities_.emplace(entity_id, std::move(s)).first->second;
  }

  void write_entities() {
    for (const auto& [id, s] : entities_) {
      if (!s.touched) continue;
      if (s.is_new)
        out_.insert_entity(id, {.kind = s.kind,
                                .opened_at = s.opened_at,
                                .customer = s.has_customer ? &s.customer : nullptr,
                                .first_seq = s.first_seq,
                                .last_seq = s.last_seq});
      else
        out_.set_entity_last_seq(id, s.last_seq);
    }
  }

  void count_problem(const ErrorContext& where, const std::string& why) {
    ++summary_.rejected;
    if (summary_.problems.size() < ImportError::max_listed) summary_.problems.push_back({where, why});
  }

  void reject(const std::string& file, const RawRecord& record, const std::string& field, const std::string& why) {
    if (mapping_) {  // named by the export's column; the case's rows go to the reject file
      const std::string column = field.empty() ? field : mapping_->source_of(field);
      count_problem({file, record.line, column}, why);
      mapping_->reject_case(mapped_case_, mapped_file_, record.line, format_error_message({"", 0, column}, why));
      return;
    }
    ErrorContext where{file == "-" ? std::string("<stdin>") : file, record.line, field};
    count_problem(where, why);
    if (request_.quarantine_file) {
      nlohmann::ordered_json line;
      // Bytes that are not UTF-8 go to _raw_b64, so the file keeps them exactly
      // (JSON would turn them into U+FFFD) and re-importing it restores them.
      const std::string raw = detail::raw_bytes_field(record);
      if (!record.error.empty()) {  // could not be parsed: keep the text as read
        if (raw.empty()) line["_raw"] = record.text;
      } else {
        for (const auto& [k, v] : record.values)
          if (is_valid_utf8(k) && is_valid_utf8(v)) line[k] = v;
      }
      if (!raw.empty()) line["_raw_b64"] = raw;
      line["_file"] = where.file;
      line["_line"] = record.line;
      line["_error"] = format_error_message({"", 0, field}, why);
      rejects_ += line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      rejects_ += '\n';
    }
  }

  // Written before the events commit: if it fails, nothing is stored.
  void write_rejects() {
    quarantine_->write(mapping_ ? mapping_->reject_text() : rejects_);
    quarantine_->commit();
  }

  EventStore& store_;
  EventAppender out_;
  const ImportRequest& request_;
  SafeOutputFile* quarantine_;
  const std::optional<TimeZone>& zone_;
  detail::ValidationOptions options_;
  // What a refusal of a repeated or a gap time adds: the option that settles it.
  const std::string repeated_remedy = " (or import with --ambiguous " +
                                      std::string(ambiguous_local_time_name(AmbiguousLocalTime::earlier)) + "|" +
                                      std::string(ambiguous_local_time_name(AmbiguousLocalTime::later)) + ")";
  const std::string gap_remedy =
      " (or import with --gap " + std::string(missing_local_time_name(MissingLocalTime::shift_forward)) + ")";
  static constexpr std::size_t progress_every = 8192;
  ImportProgress progress_;
  std::uint64_t bytes_before_ = 0;  // bytes of the files read before this one

  ImportSummary summary_;
  bool store_was_empty_ = true;
  std::unordered_map<std::string, EntityState> entities_;
  ValidatedEvent event_;
  detail::StoredEvent stored_;  // an event already stored under the line's event_id
  std::string fields_json_, rejects_;
  std::optional<std::set<std::string>> calendars_;
  std::unique_ptr<detail::ProfileMapping> mapping_;  // an import through a profile
  std::size_t mapped_case_ = 0, mapped_file_ = 0;    // the mapped event being imported
  std::vector<char> read_buffer_ = std::vector<char>(1 << 20);
};

}  // namespace

namespace {

constexpr std::pair<AmbiguousLocalTime, std::string_view> ambiguous_words[] = {
    {AmbiguousLocalTime::reject, "reject"},
    {AmbiguousLocalTime::earlier, "earlier"},
    {AmbiguousLocalTime::later, "later"},
};
constexpr std::pair<MissingLocalTime, std::string_view> missing_words[] = {
    {MissingLocalTime::reject, "reject"},
    {MissingLocalTime::shift_forward, "shift-forward"},
};

template <typename Enum, std::size_t N>
std::string_view name_in(const std::pair<Enum, std::string_view> (&table)[N], Enum e) noexcept {
  for (const auto& [value, word] : table)
    if (value == e) return word;
  return {};
}
template <typename Enum, std::size_t N>
std::optional<Enum> parse_in(const std::pair<Enum, std::string_view> (&table)[N], std::string_view w) noexcept {
  for (const auto& [value, word] : table)
    if (word == w) return value;
  return std::nullopt;
}
template <typename Enum, std::size_t N>
std::string words_in(const std::pair<Enum, std::string_view> (&table)[N]) {
  std::string out;
  for (const auto& [value, word] : table) out += (out.empty() ? "" : "|") + std::string(word);
  return out;
}

}  // namespace

std::string_view ambiguous_local_time_name(AmbiguousLocalTime a) noexcept {
  return name_in(ambiguous_words, a);
}
std::optional<AmbiguousLocalTime> parse_ambiguous_local_time(std::string_view word) noexcept {
  return parse_in(ambiguous_words, word);
}
std::string_view missing_local_time_name(MissingLocalTime m) noexcept {
  return name_in(missing_words, m);
}
std::optional<MissingLocalTime> parse_missing_local_time(std::string_view word) noexcept {
  return parse_in(missing_words, word);
}
std::string ambiguous_local_time_words() {
  return words_in(ambiguous_words);
}
std::string missing_local_time_words() {
  return words_in(missing_words);
}

ImportError::ImportError(ImportSummary summary)
    : InputError([&] {
        std::string msg = "import rejected, nothing stored: " + std::to_string(summary.rejected) + " bad line" +
                          (summary.rejected == 1 ? "" : "s");
        for (const auto& p : summary.problems) msg += "\n  " + p.message();
        if (summary.rejected > summary.problems.size())
          msg += "\n  ... and " + std::to_string(summary.rejected - summary.problems.size()) + " more";
        return msg;
      }()),
      summary_(std::move(summary)) {}

ImportSummary import_events(EventStore& store, const ImportRequest& request) {
  EventAppender::require_writable(store);
  if (request.files.empty()) throw InputError({"", 0, "FILE"}, "no files to import");
  // The zone of local times, looked up before anything is read.
  std::optional<TimeZone> zone;
  if (request.local_times && !request.local_times->zone.empty()) {
    try {
      zone = TimeZone::named(request.local_times->zone);
    } catch (const ConfigError& e) {
      throw InputError({"", 0, "zone"}, e.why());
    }
  }
  // The reject file is checked before the transaction starts: it can never be
  // the database, a file SQLite keeps beside it, or one of the inputs.
  std::optional<SafeOutputFile> quarantine;
  if (request.quarantine_file) {
    std::vector<std::filesystem::path> protect = database_files(store.path());
    for (const auto& f : request.files)
      if (f != "-") protect.emplace_back(f);
    quarantine.emplace(*request.quarantine_file, protect, "--quarantine");
  }
  return Importer(store, request, quarantine ? &*quarantine : nullptr, zone).run();
}

}  // namespace slaclock
