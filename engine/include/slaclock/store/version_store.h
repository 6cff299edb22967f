#pragma once
// Calendar and KVI-settings versions kept in the database, like the rule
// versions (rule_store.h): each load stores the text and its SHA-256, a
// changed file becomes a new version and never an edit, so a replay and the
// KVI pack use exactly what was loaded, not whatever the files say today.
//
//   CalendarVersionLoad c = load_calendar_version(store, read_calendar_file("calendars/scotland.yaml"), now);
//   std::optional<StoredCalendar> cal = latest_stored_calendar(store, "scotland");
//   KviVersionLoad k = load_kvi_settings_version(store, "config/kvi/dsc-kvi-2018.yaml", now);
//   std::optional<KviConfig> settings = kvi_settings_in_force(store, month.first_day());
#include <slaclock/calendar/calendar.h>
#include <slaclock/config/calendar_loader.h>
#include <slaclock/kvi/scorecard.h>
#include <slaclock/store/event_store.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace slaclock {

struct StoredCalendarVersion {
  std::int64_t id = 0;
  std::string name;
  std::string content_sha256;
  std::string source_file;
  Instant loaded_at;
};

struct StoredCalendar {
  StoredCalendarVersion version;
  Calendar calendar;
};

struct CalendarVersionLoad {
  StoredCalendarVersion stored;
  bool already_loaded = false;  ///< the same name and content is stored: a no-op
};

/// Stores one calendar, read and built (config/calendar_loader.h
/// read_calendar_file), named by its `name:` key, in a transaction. The same
/// content again is a no-op; changed content is a new version of that
/// calendar, the latest from now on.
CalendarVersionLoad load_calendar_version(EventStore& store, const CalendarFile& calendar, Instant now);
/// Every stored calendar version, oldest first.
std::vector<StoredCalendarVersion> stored_calendar_versions(const EventStore& store);
/// The latest stored version of a calendar, built; nothing when none is stored.
std::optional<StoredCalendar> latest_stored_calendar(const EventStore& store, const std::string& name);
/// One stored version by name and content hash; nothing when it is not stored.
std::optional<StoredCalendar> stored_calendar(const EventStore& store, const std::string& name,
                                              const std::string& content_sha256);

struct StoredKviVersion {
  std::string version;
  CivilDate effective_from;
  std::string content_sha256;
  std::string source_file;
  Instant loaded_at;
};

struct KviVersionLoad {
  StoredKviVersion stored;
  bool already_loaded = false;
};

/// Checks and stores one KVI settings file. Like rule versions: the same
/// version and content again is a no-op; the same version name or effective
/// date with other content is a ConfigError.
KviVersionLoad load_kvi_settings_version(EventStore& store, const std::filesystem::path& file, Instant now);
std::vector<StoredKviVersion> stored_kvi_settings_versions(const EventStore& store);
/// The stored settings version in force on `day` (the latest effective on or
/// before it); nothing when none is stored or all start later.
std::optional<KviConfig> kvi_settings_in_force(const EventStore& store, CivilDate day);

}  // namespace slaclock
