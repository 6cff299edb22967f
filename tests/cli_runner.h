#pragma once
// Runs the real slaclock binary (SLACLOCK_CLI) through the shell and captures
// its exit status, stdout and stderr separately, for end-to-end CLI tests.
//
//   CliResult r = run_slaclock("calendar add --from 2024-03-28T16:00:00Z --business-hours 4 --format json");
//   CHECK(r.exit_code == 0);
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace slaclock {

struct CliResult {
  int exit_code = -1;
  std::string out, err;
};

/// Runs `shell_text` through /bin/sh with stdin from /dev/null, capturing
/// stdout and stderr; a process killed by a signal gives exit_code -1.
inline CliResult run_shell(const std::string& shell_text) {
  static std::atomic<int> counter{0};
  const auto err_file = std::filesystem::temp_directory_path() /
                        ("slaclock-cli-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ".err");
  const std::string command = shell_text + " 2>'" + err_file.string() + "' </dev/null";
  CliResult result;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) result.out.append(buffer, n);
  const int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream err(err_file, std::ios::binary);
  result.err.assign(std::istreambuf_iterator<char>(err), std::istreambuf_iterator<char>());
  std::error_code ec;
  std::filesystem::remove(err_file, ec);
  return result;
}

/// `args` is appended to the binary's path as shell text; quote it yourself.
inline CliResult run_slaclock(const std::string& args) {
  return run_shell(std::string("'") + SLACLOCK_CLI + "' " + args);
}

}  // namespace slaclock
