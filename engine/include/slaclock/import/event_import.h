#pragma once
// Importing events into the timeline store: read JSON Lines or CSV, validate
// every line, check it against what is stored (duplicates, unknown entities,
// impossible orders), then hash, chain and store it, all in one transaction.
//
//   EventStore store = EventStore::open("slaclock.db", OpenMode::read_write);
//   ImportRequest req;
//   req.files = {"events.jsonl"};
//   req.now = current_instant;                      // the engine never reads the clock
//   ImportSummary s = import_events(store, req);    // throws ImportError, nothing stored
#include <slaclock/base/error.h>
#include <slaclock/store/event_store.h>
#include <slaclock/time/time_types.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace slaclock {

enum class InputFormat {
  by_extension,  ///< .jsonl / .ndjson / .json are JSON Lines, .csv is CSV
  jsonl,
  csv,
};

/// How a local time without an offset is read (`import --zone`, or an import
/// profile's zone): docs/events.md, "Local times". With a zone, offset-less
/// instants in `at`, `recorded_at` and every instant field are local times
/// there (an instant field is stored with its offset); a time with an offset
/// or Z is taken as given. A time in the repeated autumn hour or in the spring
/// gap is refused with its line and field unless a rule says which.
enum class AmbiguousLocalTime { reject, earlier, later };
enum class MissingLocalTime { reject, shift_forward };
struct LocalTimeRule {
  std::string zone;  ///< an IANA name; empty: every instant must carry its offset
  AmbiguousLocalTime ambiguous = AmbiguousLocalTime::reject;
  MissingLocalTime gap = MissingLocalTime::reject;
};

/// The words of the two rules (`--ambiguous reject|earlier|later`, `--gap
/// reject|shift-forward`), one table each; parse_* gives nullopt for any other word.
std::string_view ambiguous_local_time_name(AmbiguousLocalTime a) noexcept;
std::optional<AmbiguousLocalTime> parse_ambiguous_local_time(std::string_view word) noexcept;
std::string_view missing_local_time_name(MissingLocalTime m) noexcept;
std::optional<MissingLocalTime> parse_missing_local_time(std::string_view word) noexcept;
/// "reject|earlier|later", "reject|shift-forward": every word, for messages.
std::string ambiguous_local_time_words();
std::string missing_local_time_words();

/// How far an import has read, for a progress display: given to
/// ImportRequest::progress now and then and at the end of each file.
struct ImportProgress {
  std::size_t records = 0;       ///< records read so far, every file
  std::uint64_t bytes_read = 0;  ///< bytes read so far, every file; never decreases
  /// The size of every file together; 0 when one is not a regular file
  /// (standard input), so no share can be given.
  std::uint64_t bytes_total = 0;
};

struct ImportRequest {
  /// Paths, or "-" for standard input (then `format` must be given).
  std::vector<std::string> files;
  InputFormat format = InputFormat::by_extension;
  /// When slaclock learned of every event without its own recorded_at;
  /// defaults to `now`.
  std::optional<Instant> recorded_at;
  /// Record each event without its own recorded_at as known when it happened
  /// (recorded_at = at): for back-loading history (`--recorded-at as-event`).
  bool recorded_at_as_event = false;
  /// Offset-less instants are local times in this zone (`--zone`); a
  /// profile's own zone applies when this is not given.
  std::optional<LocalTimeRule> local_times;
  /// An import profile (a shipped profile's name or a YAML file) that maps a
  /// ticket system's export to events (docs/import.md); empty: native fields.
  std::string profile;
  /// Write bad lines here (JSON Lines: the original fields plus _file, _line
  /// and _error) and import the good ones, instead of rejecting the import.
  std::optional<std::string> quarantine_file;
  /// The time of the import (the CLI passes the wall clock).
  Instant now;
  /// Called now and then while reading (every few thousand records and at the
  /// end of each file), on the importing thread; the engine writes nothing to
  /// the console itself. Null: not called.
  std::function<void(const ImportProgress&)> progress;
  /// What "-" reads; std::cin when null.
  std::istream* standard_input = nullptr;
  /// A longer line (or CSV record) is a bad line: memory stays bounded.
  std::size_t max_line_bytes = std::size_t{1} << 20;
  /// A longer field value is a bad line.
  std::size_t max_field_bytes = 64 * 1024;
  /// Where an opening event's `calendar` may also be found besides the
  /// calendars stored in the database (default: calendars/ in the data folder).
  std::filesystem::path calendars_dir;
};

/// One bad line: where (file, line, field) and why.
struct ImportProblem {
  ErrorContext where;
  std::string reason;
  std::string message() const { return format_error_message(where, reason); }
};

struct ImportSummary {
  std::size_t read = 0;        ///< records read (blank lines are not records)
  std::size_t imported = 0;    ///< new events stored
  std::size_t duplicates = 0;  ///< identical re-imports, not stored again
  std::size_t rejected = 0;    ///< bad lines (quarantined, or the reason nothing was stored)
  /// The first bad lines (at most ImportError::max_listed), in file order.
  std::vector<ImportProblem> problems;
};

/// An import with bad lines and no quarantine: nothing was stored. what() lists
/// the bad lines; problems() has them one by one.
class ImportError : public InputError {
 public:
  static constexpr std::size_t max_listed = 50;
  explicit ImportError(ImportSummary summary);
  const std::vector<ImportProblem>& problems() const noexcept { return summary_.problems; }
  const ImportSummary& summary() const noexcept { return summary_; }

 private:
  ImportSummary summary_;
};

/// Validates and stores events in one transaction: all or nothing, unless a
/// quarantine file is given. The quarantine file is checked before anything
/// is read (never the database, its WAL/SHM, an input or a symbolic link),
/// written 0600 and only when there are rejects. A file that reads no
/// record leaves no trace. An unknown `local_times` zone is an InputError
/// (field "zone") before anything is read. Throws ImportError listing the bad
/// lines, InputError for an unreadable file or format, StoreError on a
/// read-only store or when the database fails.
ImportSummary import_events(EventStore& store, const ImportRequest& request);

}  // namespace slaclock
