#pragma once
// Writing an output file (a committee pack, a quarantine of rejected lines)
// so that no output option can destroy data: the target may not be a
// symbolic link or the same file as anything protected (the database, its
// -wal/-shm/-journal, the inputs); the content goes to a new 0600 file in the
// same folder and is renamed over the target only once complete, so a failure
// leaves the old file as it was.
//
//   SafeOutputFile out(path, {db_path, input}, "--out");   // checks, creates the temporary file
//   out.write(html);
//   out.commit();                                            // fsync + rename; else removed
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace slaclock {

/// The database file and the files SQLite keeps beside it.
std::vector<std::filesystem::path> database_files(const std::filesystem::path& db);

class SafeOutputFile {
 public:
  /// Throws InputError naming `option` when the target is a symbolic link, a
  /// directory, or the same file as one of `protect`, or cannot be created.
  SafeOutputFile(std::filesystem::path target, const std::vector<std::filesystem::path>& protect, std::string option);
  SafeOutputFile(const SafeOutputFile&) = delete;
  SafeOutputFile& operator=(const SafeOutputFile&) = delete;
  /// Removes the temporary file unless committed: the target is untouched.
  ~SafeOutputFile();

  void write(std::string_view bytes);
  /// Flushes to disk and renames the temporary file over the target.
  void commit();

 private:
  std::filesystem::path target_, temporary_;
  std::string option_;
  int fd_ = -1;
  bool committed_ = false;
};

/// The whole content at once, through a SafeOutputFile.
void write_output_file(const std::filesystem::path& target, std::string_view content,
                       const std::vector<std::filesystem::path>& protect, const std::string& option);

}  // namespace slaclock
