#pragma once
// A rules or calendar file stored as a version, as `rules load` and
// `calendar load` do: read and checked here (a rule version's calendars
// found through the command's calendar source, so a calendar stored with
// `calendar load` counts), then handed to the store as text and values.
//
//   load_calendar_file_version(store, "calendars/sweden.yaml", now);
//   load_rules_file_version(store, "config/rules/site.yaml", now, {.calendars_dir = dir});
#include <slaclock/store/rule_store.h>
#include <slaclock/store/version_store.h>

#include <filesystem>

namespace slaclock {

struct RulesFileLoad {
  std::filesystem::path calendars_dir;  ///< --calendars-dir: calendar files read first
  bool allow_backdate = false;          ///< as load_rule_version
};

/// Throws ConfigError (file, line, field, why) before anything is stored.
RuleVersionLoad load_rules_file_version(EventStore& store, const std::filesystem::path& file, Instant now,
                                        const RulesFileLoad& how = {});
/// Throws ConfigError before anything is stored.
CalendarVersionLoad load_calendar_file_version(EventStore& store, const std::filesystem::path& file, Instant now);

}  // namespace slaclock
