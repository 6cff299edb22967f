#pragma once
// Shared helpers for tests: a temporary folder removed at scope exit, file
// writing, and running the real slaclock binary with output captured.
//
//   TempDir dir;
//   write_file(dir / "events.jsonl", "...");
//   CliResult r = run_cli("import '" + (dir / "events.jsonl").string() + "' --db '" + (dir / "t.db").string() + "'");
//   CHECK(r.exit_code == 0);
#include "cli_runner.h"  // CliResult, run_slaclock

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace slaclock {

/// A fresh folder under the system temp dir, deleted with everything in it.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    static std::atomic<int> counter{0};
    path = std::filesystem::temp_directory_path() /
           ("slaclock-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::filesystem::path operator/(const std::string& name) const { return path / name; }
};

inline void write_file(const std::filesystem::path& file, const std::string& content) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << content;
}

inline std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// Single-quotes a path or word for the shell.
inline std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}
inline std::string shell_quote(const std::filesystem::path& p) {
  return shell_quote(p.string());
}

/// Runs SLACLOCK_CLI with `args` (shell text), stdin from /dev/null.
/// Noise over the whole page in the middle of a SQLite file (past the
/// schema pages), whatever its page size (read from the file's header):
/// damage SQLite's quick check finds. False when the file is too small.
inline bool damage_middle_page(const std::filesystem::path& db) {
  std::fstream f(db, std::ios::in | std::ios::out | std::ios::binary);
  unsigned char header[18] = {};
  if (!f.read(reinterpret_cast<char*>(header), sizeof header)) return false;
  std::size_t page = (std::size_t{header[16]} << 8) | header[17];
  if (page == 1) page = 65536;
  const std::size_t pages = std::filesystem::file_size(db) / page;
  if (page < 512 || pages < 4) return false;
  std::string noise(page, '\0');
  for (std::size_t i = 0; i < noise.size(); ++i) noise[i] = static_cast<char>((i * 2654435761u) >> 13);
  f.seekp(static_cast<std::streamoff>(pages / 2 * page));
  return static_cast<bool>(f.write(noise.data(), static_cast<std::streamsize>(noise.size())));
}

inline CliResult run_cli(const std::string& args) {
  return run_slaclock(args);
}

}  // namespace slaclock
