#pragma once
// Where the shipped data lives: the folder holding calendars/ and config/.
// $SLACLOCK_HOME when set, else the folder the build was configured with.
//
//   load_rule_book_dir(default_rules_dir());
#include <filesystem>

namespace slaclock {

/// The folder holding calendars/ and config/ (SLACLOCK_HOME, or the build's data folder).
std::filesystem::path data_home();
/// data_home()/calendars
std::filesystem::path default_calendar_dir();
/// data_home()/config/rules
std::filesystem::path default_rules_dir();
/// data_home()/config/kvi.yaml
std::filesystem::path default_kvi_config_path();

}  // namespace slaclock
