#pragma once
// Where the shipped data lives: the folder holding calendars/ and config/.
// Looked for in this order, the first that applies winning:
//   1. set_data_home() (the CLI's --data-dir);
//   2. $SLACLOCK_HOME;
//   3. share/slaclock next to the installed program (PREFIX/bin/x -> PREFIX/share/slaclock);
//   4. the data folder of the prefix the program was built for, when it exists;
//   5. the source tree it was built from.
//
//   load_rule_book_dir(default_rules_dir());
#include <filesystem>
#include <string>

namespace slaclock {

/// The folder holding calendars/ and config/.
std::filesystem::path data_home();
/// Which of the five places data_home() came from: "--data-dir",
/// "SLACLOCK_HOME", "installed", "install prefix" or "source tree".
std::string data_home_origin();
/// Makes data_home() return `dir` from now on (the CLI's --data-dir); an
/// empty path goes back to looking.
void set_data_home(const std::filesystem::path& dir);
/// data_home()/calendars
std::filesystem::path default_calendar_dir();
/// data_home()/config/rules
std::filesystem::path default_rules_dir();
/// data_home()/config/kvi: one KVI settings version per file
std::filesystem::path default_kvi_config_dir();
/// data_home()/config/import: the shipped import profiles (docs/import.md)
std::filesystem::path default_import_profile_dir();

}  // namespace slaclock
