#include <slaclock/base/error.h>
#include <slaclock/base/safe_output.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>

namespace slaclock {

std::vector<std::filesystem::path> database_files(const std::filesystem::path& db) {
  return {db, db.string() + "-wal", db.string() + "-shm", db.string() + "-journal"};
}

namespace {

[[noreturn]] void refuse(const std::filesystem::path& target, const std::string& option, const std::string& why) {
  throw InputError({target.string(), 0, option}, why);
}

std::string errno_text() {
  return std::strerror(errno);
}

}  // namespace

SafeOutputFile::SafeOutputFile(std::filesystem::path target, const std::vector<std::filesystem::path>& protect,
                               std::string option)
    : target_(std::move(target)), option_(std::move(option)) {
  struct stat st {};
  if (::lstat(target_.c_str(), &st) == 0) {
    if (S_ISLNK(st.st_mode)) refuse(target_, option_, "is a symbolic link; give the real path of the file to write");
    if (S_ISDIR(st.st_mode)) refuse(target_, option_, "is a directory; give a file name");
    if (!S_ISREG(st.st_mode)) refuse(target_, option_, "is not a regular file");
    for (const auto& p : protect) {
      struct stat other {};
      if (::stat(p.c_str(), &other) == 0 && other.st_dev == st.st_dev && other.st_ino == st.st_ino)
        refuse(target_, option_, "is " + p.string() + ", which this command must not overwrite");
    }
  }
  const std::filesystem::path folder = target_.has_parent_path() ? target_.parent_path() : ".";
  std::random_device rd;
  for (int attempt = 0; attempt < 16 && fd_ < 0; ++attempt) {
    temporary_ = folder / ("." + target_.filename().string() + ".tmp-" + std::to_string(rd()));
    fd_ = ::open(temporary_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd_ < 0 && errno != EEXIST)
      refuse(target_, option_, "cannot create a file in " + folder.string() + ": " + errno_text());
  }
  if (fd_ < 0) refuse(target_, option_, "cannot create a temporary file in " + folder.string());
}

SafeOutputFile::~SafeOutputFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_) ::unlink(temporary_.c_str());
}

void SafeOutputFile::write(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      refuse(target_, option_, "cannot write: " + errno_text());
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

void SafeOutputFile::commit() {
  if (::fsync(fd_) != 0) refuse(target_, option_, "cannot write: " + errno_text());
  ::close(fd_);
  fd_ = -1;
  if (::rename(temporary_.c_str(), target_.c_str()) != 0) refuse(target_, option_, "cannot replace: " + errno_text());
  committed_ = true;
}

void write_output_file(const std::filesystem::path& target, std::string_view content,
                       const std::vector<std::filesystem::path>& protect, const std::string& option) {
  SafeOutputFile out(target, protect, option);
  out.write(content);
  out.commit();
}

}  // namespace slaclock
