#pragma once
// Where every command finds a calendar by name: one precedence, documented in
// docs/settings.md ("Which calendar a command uses"):
//   1. the version a sweep recorded, when a command judges as that sweep did
//      (replay --as-known, overdue and the board from a stored sweep);
//   2. NAME.yaml in --calendars-dir;
//   3. the latest version stored in the database (`calendar load`, or the
//      first sweep that judged by the file);
//   4. NAME.yaml in the data folder's calendars/.
// A sweep stores a calendar it found as a file (2 or 4) as a version, so that
// every later command, and a replay of the sweep, finds the same text.
//
//   CalendarSource calendars(&store, o.calendars_dir);
//   FoundCalendar c = calendars.find("scotland");
//   RuleSet r = read_rule_set(file, calendars.check());
#include <slaclock/calendar/calendar.h>
#include <slaclock/config/calendar_loader.h>
#include <slaclock/store/event_store.h>
#include <slaclock/time/time_zone.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace slaclock {

struct FoundCalendar {
  /// Which of the four places gave it; named by calendar_origin_name.
  enum class Origin { sweep_version, calendars_dir, stored_version, data_folder };
  Origin origin = Origin::data_folder;
  Calendar calendar;
  std::string content_sha256;  ///< the stored version's, or the file's text's
  std::string text;            ///< a file's text (what a sweep stores); empty for a stored version
  std::string source_file;     ///< a file's path; empty for a stored version
  bool from_file() const noexcept { return origin == Origin::calendars_dir || origin == Origin::data_folder; }
};

/// "sweep version", "--calendars-dir", "stored version", "data folder".
const char* calendar_origin_name(FoundCalendar::Origin origin) noexcept;

class CalendarSource {
 public:
  /// `store` may be null (no database: files only); it must outlive the
  /// source. `recorded`: name -> content hash of the versions a sweep used.
  CalendarSource(const EventStore* store, std::filesystem::path calendars_dir,
                 std::map<std::string, std::string> recorded = {});

  /// Throws ConfigError for a name found nowhere (listing the known ones) or a
  /// broken file, StoreError for a version a sweep recorded that is missing.
  FoundCalendar find(const std::string& name) const;
  /// Every name find() knows: stored versions and files, sorted.
  std::vector<std::string> known_names() const;
  /// The zone NAME counts in (to print instants; a file's definition only,
  /// not its years of working windows). Throws as find.
  TimeZone zone(const std::string& name) const;
  /// For the rule loader: each calendar a version names must be found and build.
  CalendarCheck check() const;

 private:
  struct Stored;
  /// name -> content hash of its latest stored version, read once (store_ set).
  const std::map<std::string, std::string>& latest_versions() const;
  const std::string* latest_stored(const std::string& name) const;
  const EventStore* store_;
  std::filesystem::path dir_;
  std::map<std::string, std::string> recorded_;
  std::shared_ptr<Stored> stored_;  // the latest version of each name, read once
};

}  // namespace slaclock
