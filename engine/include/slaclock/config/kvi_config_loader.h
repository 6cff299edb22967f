#pragma once
// Reading the KVI scorecard settings (config/kvi/*.yaml, one version per
// file). The settings type is pure and lives with the scorecard
// (kvi/scorecard.h).
//
//   KviConfig config = read_kvi_config("config/kvi/dsc-kvi-2018.yaml");
//   KviConfig in_force = load_shipped_kvi_config(month.first_day());
#include <slaclock/kvi/scorecard.h>

#include <filesystem>
#include <string>
#include <vector>

namespace slaclock {

/// Reads a KVI settings file. Keys left out keep their defaults; unknown keys,
/// wrong types and impossible values (weights < 0, amber_from above target,
/// an unknown frequency) are ConfigError with file, line and field.
KviConfig read_kvi_config(const std::filesystem::path& file);
KviConfig parse_kvi_config(const std::string& yaml_text, const std::string& source_name);
/// The same for text a database holds: read as it was accepted when stored
/// (a key given twice, a version name today's checks refuse), so that the
/// pack of an old month never stops on it.
KviConfig parse_stored_kvi_config(const std::string& yaml_text, const std::string& source_name);
/// Every settings file (*.yaml) in a folder, oldest effective_from first.
/// Throws ConfigError for a file that does not parse.
std::vector<KviConfig> read_kvi_config_dir(const std::filesystem::path& dir);
/// The version in force on `day` (the latest effective on or before it), or
/// the built-in defaults when every version starts later.
KviConfig kvi_config_in_force(const std::vector<KviConfig>& versions, CivilDate day);
/// The shipped version in force on `day`: kvi_config_in_force over
/// default_kvi_config_dir() (base/paths.h), the built-in defaults when the
/// folder is missing.
KviConfig load_shipped_kvi_config(CivilDate day);

}  // namespace slaclock
