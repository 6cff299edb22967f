#pragma once
// Headless Chromium for the browser tests: found on PATH (or
// $SLACLOCK_CHROMIUM), run with a fresh profile each time so nothing carries
// over, on a file or an http:// address. Tests skip, with a message, when no
// Chromium is installed (Debian: apt-get install chromium); CI has it.
//
//   auto chromium = find_chromium();
//   run_chromium(*chromium, dir, "--dump-dom", "file://" + page.string(), dir / "dom.html");
#include "test_support.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <sstream>
#include <string>

namespace slaclock {

inline std::optional<std::filesystem::path> find_chromium() {
  if (const char* forced = std::getenv("SLACLOCK_CHROMIUM"); forced && *forced) return std::filesystem::path(forced);
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "/usr/bin:/bin");
  for (std::string dir; std::getline(dirs, dir, ':');)
    for (const char* name : {"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}) {
      const auto candidate = std::filesystem::path(dir) / name;
      std::error_code ec;
      if (std::filesystem::is_regular_file(candidate, ec) && ::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
  return std::nullopt;
}

/// Runs headless Chromium on `url` with `action` (--dump-dom,
/// --screenshot=...); chromium's stderr goes to work/chromium.err.
inline int run_chromium(const std::filesystem::path& chromium, const std::filesystem::path& work,
                        const std::string& action, const std::string& url, const std::filesystem::path& stdout_file) {
  static int run = 0;
  const auto profile = work / ("profile-" + std::to_string(run++));
  std::filesystem::create_directories(profile);
  const std::string command =
      "timeout 120 " + shell_quote(chromium.string()) +
      " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking"
      " --disable-component-update --disable-sync --user-data-dir=" +
      shell_quote(profile.string()) + " " + action + " " + shell_quote(url) + " >" + shell_quote(stdout_file.string()) +
      " 2>" + shell_quote((work / "chromium.err").string()) + " </dev/null";
  return std::system(command.c_str());
}

}  // namespace slaclock
