#pragma once
// Rule versions kept in the database, so a sweep, a replay and the KVI pack
// use exactly the rules that were loaded (with their content hash), not
// whatever the config folder holds today.
//
//   RuleVersionLoad r = load_rule_version(store, read_rule_set(file, calendars.check()), file, now);
//   RuleBook book = stored_rule_book(store);
#include <slaclock/clock/rule_set.h>
#include <slaclock/store/event_store.h>

#include <filesystem>
#include <string>
#include <vector>

namespace slaclock {

struct StoredRuleVersion {
  std::string version;
  CivilDate effective_from;
  std::string calendar;
  std::string content_sha256;
  std::string source_file;
  Instant loaded_at;
};

struct RuleVersionLoad {
  StoredRuleVersion stored;
  bool already_loaded = false;  ///< same version and content: a no-op
  /// Stored sweeps as of or after the new version's effective instant: their
  /// as-known replays keep the versions they recorded, but plain replays of
  /// their entities (and every later sweep) now judge by the new version.
  std::size_t sweeps_after_effective = 0;
};

/// Checks and stores one rules file in a transaction. Loading the same
/// version with the same content again is a no-op; the same version name or
/// effective date with different content is a ConfigError (versions are
/// append-only: publish a new version instead). A version taking effect at or
/// before the latest stored sweep is backdated: refused (ConfigError naming
/// how many sweeps it reaches back over) unless `allow_backdate`.
/// `rules` was read and checked by config/rule_loader.h (with the command's
/// calendar source); `source_file` is recorded with it.
RuleVersionLoad load_rule_version(EventStore& store, const RuleSet& rules, const std::string& source_file, Instant now,
                                  bool allow_backdate = false);
/// What loading `rules` (read from `file`) would meet, checked exactly as
/// load_rule_version checks it but without writing (a read-only store is
/// fine): a clash of version name or effective date with a stored version is
/// the same ConfigError; a backdated version is not an error here, but
/// sweeps_after_effective says how many sweeps it reaches back over.
/// `stored.loaded_at` is left at zero.
RuleVersionLoad check_rule_version(const EventStore& store, const RuleSet& rules, const std::filesystem::path& file);
/// Every version in the database.
std::vector<StoredRuleVersion> stored_rule_versions(const EventStore& store);
/// The stored versions as a RuleBook (ConfigError when none are loaded).
RuleBook stored_rule_book(const EventStore& store);

}  // namespace slaclock
