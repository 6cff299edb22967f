#pragma once
// Reading the KVI scorecard settings (config/kvi.yaml). The settings type is
// pure and lives with the scorecard (kvi/scorecard.h).
//
//   KviConfig config = read_kvi_config("config/kvi.yaml");
#include <slaclock/kvi/scorecard.h>

#include <filesystem>
#include <string>

namespace slaclock {

/// Reads a KVI settings file. Keys left out keep their defaults; unknown keys,
/// wrong types and impossible values (weights < 0, amber_from above target,
/// an unknown frequency) are ConfigError with file, line and field.
KviConfig read_kvi_config(const std::filesystem::path& file);
KviConfig parse_kvi_config(const std::string& yaml_text, const std::string& source_name);
/// default_kvi_config_path() (base/paths.h), or the built-in defaults when it is missing.
KviConfig load_default_kvi_config();

}  // namespace slaclock
