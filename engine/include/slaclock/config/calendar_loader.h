#pragma once
// Reads calendars/*.yaml. A calendar is named by its file name without
// ".yaml" and looked up in the calendar folder: calendars/ in the data folder
// (base/paths.h: --data-dir, $SLACLOCK_HOME, the installed share/slaclock, the
// source tree).
//
//   Calendar cal = load_calendar("scotland");
//   Calendar custom = load_calendar_file("/etc/slaclock/cutover.yaml");
#include <slaclock/calendar/calendar.h>

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace slaclock {

/// Parses a calendar file. Throws ConfigError with file, line, field and why.
CalendarDefinition read_calendar_definition(const std::filesystem::path& file);
/// The same, from text already in hand (as stored in the database); errors name `source_name`.
CalendarDefinition parse_calendar_definition(const std::string& yaml_text, const std::string& source_name);
/// Parses and builds. Throws ConfigError.
Calendar load_calendar_file(const std::filesystem::path& file);
Calendar parse_calendar(const std::string& yaml_text, const std::string& source_name);

/// A calendar read from a file: built, with the text it was built from (what
/// a version stores) and the file's path as text (what a version records).
struct CalendarFile {
  Calendar calendar;
  std::string text;
  std::string source_file;
};
/// Reads and builds one calendar file. Throws ConfigError.
CalendarFile read_calendar_file(const std::filesystem::path& file);

/// NAME.yaml in `dir` (when given), else in the data folder's calendars/;
/// nothing when neither holds it, or NAME cannot be a file name. Files only:
/// a command finds calendars through ops/calendar_source.h, which puts the
/// database's versions in their place.
std::optional<std::filesystem::path> find_calendar_file(const std::string& name, const std::filesystem::path& dir = {});
/// NAME.yaml in `folder` alone; nothing as find_calendar_file.
std::optional<std::filesystem::path> calendar_file_in(const std::string& name, const std::filesystem::path& folder);
/// The names of the calendar files in `dir` (when given) and the data folder, sorted.
std::vector<std::string> calendar_file_names(const std::filesystem::path& dir = {});
/// A name as an error message may show it: control characters as '?'.
std::string printable_calendar_name(const std::string& name);

/// Loads NAME from `dir` (when given) or the data folder's calendars/. An
/// unknown name throws ConfigError listing the calendars there. Results are
/// cached per process.
Calendar load_calendar(const std::string& name, const std::filesystem::path& dir = {});
/// The zone NAME's file counts in, read from its definition without building
/// the calendar (to print instants). Throws as load_calendar.
TimeZone load_calendar_zone(const std::string& name, const std::filesystem::path& dir = {});

/// How a reader of rules checks a calendar a version names: builds it, or
/// throws ConfigError saying why not (unknown, broken). Empty: the files of
/// load_calendar(name). Commands pass ops/calendar_source.h's, so that a
/// calendar stored with `calendar load` is known to `rules check` and `load`.
using CalendarCheck = std::function<void(const std::string& name)>;
/// Files only: load_calendar(name, dir).
CalendarCheck calendar_files_check(const std::filesystem::path& dir);

}  // namespace slaclock
