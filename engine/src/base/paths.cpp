#include <slaclock/base/paths.h>

#include <cstdlib>
#include <mutex>
#include <optional>
#include <utility>

// The source tree (SLACLOCK_DATA_DIR) and the build's install prefix
// (SLACLOCK_INSTALLED_DATA_DIR), both set by CMake.
#ifndef SLACLOCK_DATA_DIR
#define SLACLOCK_DATA_DIR "."
#endif
#ifndef SLACLOCK_INSTALLED_DATA_DIR
#define SLACLOCK_INSTALLED_DATA_DIR ""
#endif

namespace slaclock {

namespace {

std::mutex mutex;
std::optional<std::filesystem::path> chosen;  // set_data_home()

bool holds_data(const std::filesystem::path& dir) {
  std::error_code ec;
  return !dir.empty() && std::filesystem::is_directory(dir / "calendars", ec);
}

// The folder next to the running program: PREFIX/bin/slaclock -> PREFIX/share/slaclock.
std::filesystem::path beside_program() {
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec || exe.empty()) return {};
  return exe.parent_path().parent_path() / "share" / "slaclock";
}

std::pair<std::filesystem::path, std::string> find_data_home() {
  {
    std::lock_guard lock(mutex);
    if (chosen) return {*chosen, "--data-dir"};
  }
  if (const char* home = std::getenv("SLACLOCK_HOME"); home && *home) return {home, "SLACLOCK_HOME"};
  // Looked up once: the program does not move while it runs.
  static const std::pair<std::filesystem::path, std::string> found = [] {
    if (auto dir = beside_program(); holds_data(dir)) return std::pair{dir, std::string("installed")};
    if (const std::filesystem::path dir = SLACLOCK_INSTALLED_DATA_DIR; holds_data(dir))
      return std::pair{dir, std::string("install prefix")};
    return std::pair{std::filesystem::path(SLACLOCK_DATA_DIR), std::string("source tree")};
  }();
  return found;
}

}  // namespace

std::filesystem::path data_home() {
  return find_data_home().first;
}

std::string data_home_origin() {
  return find_data_home().second;
}

void set_data_home(const std::filesystem::path& dir) {
  std::lock_guard lock(mutex);
  if (dir.empty())
    chosen.reset();
  else
    chosen = dir;
}

std::filesystem::path default_calendar_dir() {
  return data_home() / "calendars";
}
std::filesystem::path default_rules_dir() {
  return data_home() / "config" / "rules";
}
std::filesystem::path default_kvi_config_dir() {
  return data_home() / "config" / "kvi";
}
std::filesystem::path default_import_profile_dir() {
  return data_home() / "config" / "import";
}

}  // namespace slaclock
