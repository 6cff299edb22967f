#include <slaclock/config/calendar_loader.h>
#include <slaclock/config/rule_loader.h>
#include <slaclock/ops/calendar_source.h>
#include <slaclock/ops/version_files.h>

namespace slaclock {

RuleVersionLoad load_rules_file_version(EventStore& store, const std::filesystem::path& file, Instant now,
                                        const RulesFileLoad& how) {
  const RuleSet rules = read_rule_set(file, CalendarSource(&store, how.calendars_dir).check());
  return load_rule_version(store, rules, file.string(), now, how.allow_backdate);
}

CalendarVersionLoad load_calendar_file_version(EventStore& store, const std::filesystem::path& file, Instant now) {
  return load_calendar_version(store, read_calendar_file(file), now);
}

}  // namespace slaclock
