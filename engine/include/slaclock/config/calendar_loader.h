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
#include <string>

namespace slaclock {

/// Parses a calendar file. Throws ConfigError with file, line, field and why.
CalendarDefinition read_calendar_definition(const std::filesystem::path& file);
/// The same, from text already in hand (as stored in the database); errors name `source_name`.
CalendarDefinition parse_calendar_definition(const std::string& yaml_text, const std::string& source_name);
/// Parses and builds. Throws ConfigError.
Calendar load_calendar_file(const std::filesystem::path& file);
Calendar parse_calendar(const std::string& yaml_text, const std::string& source_name);
/// Loads "NAME" from the calendar folder (or `dir`). Unknown names throw
/// ConfigError listing the calendars that exist. Results are cached per process.
Calendar load_calendar(const std::string& name, const std::filesystem::path& dir = {});
/// Checks that NAME's file exists in the calendar folder (or `dir`) without
/// reading or building it. Throws as load_calendar for an unknown name.
void check_calendar_name(const std::string& name, const std::filesystem::path& dir = {});
/// The zone NAME's calendar counts in, read from its file's definition
/// without building the calendar (to print instants). Throws as load_calendar.
TimeZone load_calendar_zone(const std::string& name, const std::filesystem::path& dir = {});

}  // namespace slaclock
