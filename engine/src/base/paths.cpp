#include <slaclock/base/paths.h>

#include <cstdlib>

#ifndef SLACLOCK_DATA_DIR
#define SLACLOCK_DATA_DIR "."
#endif

namespace slaclock {

std::filesystem::path data_home() {
  const char* home = std::getenv("SLACLOCK_HOME");
  return home && *home ? std::filesystem::path(home) : std::filesystem::path(SLACLOCK_DATA_DIR);
}

std::filesystem::path default_calendar_dir() {
  return data_home() / "calendars";
}
std::filesystem::path default_rules_dir() {
  return data_home() / "config" / "rules";
}
std::filesystem::path default_kvi_config_path() {
  return data_home() / "config" / "kvi.yaml";
}

}  // namespace slaclock
