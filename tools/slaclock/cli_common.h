#pragma once
// Options every subcommand shares, and the output formats of read commands.
// The CLI is a thin front end: it parses, calls the engine and prints.
#include <slaclock/calendar/calendar.h>
#include <slaclock/time/time_zone.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <iosfwd>
#include <map>
#include <optional>
#include <string>
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
  bool quiet = false;         ///< --quiet: nothing on standard output (cron); errors still on stderr
  int exit_code = 0;          ///< set by a command whose outcome is its exit status (sweep)
  /// Zones a command already holds for a calendar name (replay: the calendar
  /// it judged by), used before any calendar file is read.
  std::map<std::string, TimeZone> known_zones;

  std::string database_path() const;
  Format output_format() const;
  Calendar load_calendar() const;
  /// The zone a calendar's instants print in: NAME from --calendars-dir, else
  /// from the data folder; a calendar known only to the database (loaded
  /// with 'calendar load') prints in the zone of --calendar, else Europe/London.
  /// A zone in known_zones comes first.
  TimeZone zone_of_calendar(const std::string& name) const;
  /// Parses a user timestamp; a local time needs --zone (or --zone calendar).
  Instant parse_time(const std::string& text, const std::string& option) const;
  /// Formats an instant for output: the calendar's local time, or UTC.
  std::string format_time(Instant t, const TimeZone& zone) const;
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
/// Rows of text in any read format: a table, CSV, or a JSON array of objects
/// keyed by the headers.
/// Levenshtein distance, for "did you mean" suggestions.
std::size_t edit_distance(const std::string& a, const std::string& b);
/// Refuses an option given with an empty value (`--as-of ''` must not quietly mean now).
const CLI::Validator& not_empty();
/// JSON text; invalid UTF-8 in a value prints as U+FFFD rather than failing.
std::string json_text(const nlohmann::json& j, int indent = 2);
/// A table cell with control characters shown as \xNN.
std::string printable(const std::string& cell);
void print_records(std::ostream& os, Format format, const std::vector<std::string>& headers,
                   const std::vector<std::vector<std::string>>& rows);

void register_calendar_commands(CLI::App& app, CommonOptions& o);

}  // namespace slaclock::cli
