#pragma once
// Options every subcommand shares, and the output formats of read commands.
// The CLI is a thin front end: it parses, calls the engine and prints.
#include <slaclock/calendar/calendar.h>
#include <slaclock/ops/calendar_source.h>
#include <slaclock/store/event_store.h>
#include <slaclock/time/time_zone.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace slaclock::cli {

enum class Format { table, json, csv };

struct CommonOptions {
  std::string db;  ///< --db, else $SLACLOCK_DB, else ./slaclock.db
  std::string calendar = "england-and-wales";
  std::string calendars_dir;  ///< --calendars-dir, else the shipped folder
  std::string format;         ///< --format; empty = table on a terminal, json otherwise
  std::string zone;           ///< --zone for input times without an offset
  bool utc = false;           ///< --utc: print instants in UTC
  /// --display-zone (else $SLACLOCK_DISPLAY_ZONE): print every instant in
  /// the site's zone rather than each calendar's own; --utc wins.
  std::string display_zone;
  mutable std::optional<TimeZone> display_tz;
  bool quiet = false;  ///< --quiet: nothing on standard output (cron); errors still on stderr
  int exit_code = 0;   ///< set by a command whose outcome is its exit status (sweep)
  /// Zones a command already holds for a calendar name (replay: the calendar
  /// it judged by), used before any calendar file is read.
  /// Also each zone zone_of_calendar found, so a calendar is looked up once.
  mutable std::map<std::string, TimeZone> known_zones;
  /// The database the command opened, once it has: its calendar versions
  /// (`calendar load`) are found before the data folder's files.
  mutable const EventStore* store = nullptr;

  std::string database_path() const;
  Format output_format() const;
  /// Calendars as every command finds them (ops/calendar_source.h): the
  /// command's database when it has opened one, --calendars-dir, the data folder.
  CalendarSource calendars() const;
  /// --calendar, found through calendars().
  Calendar load_calendar() const;
  /// The zone a calendar's instants print in: --display-zone when given,
  /// else a zone in known_zones, else NAME's as calendars() finds it; a
  /// calendar found nowhere prints in Europe/London.
  TimeZone zone_of_calendar(const std::string& name) const;
  /// Parses a user timestamp; a local time needs --zone (or --zone calendar).
  Instant parse_time(const std::string& text, const std::string& option) const;
  /// Formats an instant for output: the calendar's local time, or UTC.
  std::string format_time(Instant t, const TimeZone& zone) const;
};

/// While it lives, `o.calendars()` (and every zone the command prints in)
/// finds the calendar versions stored in `store`: declared right after the
/// command opens its database, so the pointer never outlives it.
class CalendarsOfStore {
 public:
  CalendarsOfStore(const CommonOptions& o, const EventStore& store) : o_(o), previous_(o.store) { o.store = &store; }
  ~CalendarsOfStore() { o_.store = previous_; }
  CalendarsOfStore(const CalendarsOfStore&) = delete;
  CalendarsOfStore& operator=(const CalendarsOfStore&) = delete;

 private:
  const CommonOptions& o_;
  const EventStore* previous_;
};

/// The wall clock, in whole seconds: the one place slaclock reads it. The
/// engine never does; it takes "now" and "as of" as arguments.
Instant wall_clock_now();

/// Which shared options a subcommand takes.
enum OptionSet : unsigned {
  db_option = 1,
  calendar_option = 2,
  format_option = 4,
  time_options = 8,
  quiet_option = 16,
  /// --calendars-dir alone: commands that judge each entity on its own
  /// calendar (sweep, replay, kvi), where a --calendar could mean nothing.
  calendars_dir_option = 32
};
void add_common_options(CLI::App& sub, CommonOptions& o, unsigned which);

/// A table with aligned columns, or CSV with RFC 4180 quoting.
void print_table(std::ostream& os, const std::vector<std::string>& headers,
                 const std::vector<std::vector<std::string>>& rows);
void print_csv(std::ostream& os, const std::vector<std::string>& headers,
               const std::vector<std::vector<std::string>>& rows);
/// One CSV record (RFC 4180 quoting, CRLF), for output written as it is read.
void print_csv_line(std::ostream& os, const std::vector<std::string>& cells);
/// A CSV cell a spreadsheet will not run as a formula: text starting with
/// = + - @ TAB or CR gets a leading ' (OWASP); a plain number is left alone.
std::string spreadsheet_safe(const std::string& cell);
bool is_plain_number(std::string_view s);
/// Rows of text in any read format: a table, CSV, or a JSON array of objects
/// keyed by the headers.
/// Levenshtein distance, for "did you mean" suggestions.
std::size_t edit_distance(const std::string& a, const std::string& b);
/// Refuses an option given with an empty value (`--as-of ''` must not quietly mean now).
const CLI::Validator& not_empty();
/// JSON text; invalid UTF-8 in a value prints as U+FFFD rather than failing.
std::string json_text(const nlohmann::json& j, int indent = 2);
/// A table cell with control characters shown as \xNN, C1 controls, bidi
/// overrides and line separators as \u{NN} (base/text_safety.h).
std::string printable(const std::string& cell);
void print_records(std::ostream& os, Format format, const std::vector<std::string>& headers,
                   const std::vector<std::vector<std::string>>& rows);

void register_calendar_commands(CLI::App& app, CommonOptions& o);

}  // namespace slaclock::cli
