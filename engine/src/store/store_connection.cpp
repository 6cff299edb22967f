#include "store/store_connection.h"

#include "store/schema_migrations.h"

#include <slaclock/base/error.h>

#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include <fcntl.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

namespace slaclock::detail {

namespace {

// A WAL kept at most this size after a checkpoint, and truncated to nothing
// when the last writer closes (the file itself stays: see persist_wal_files).
constexpr const char* wal_size_limit = "PRAGMA journal_size_limit = 67108864";

StoreError store_error(const std::filesystem::path& path, const std::string& why) {
  return StoreError({path.string(), 0, ""}, why);
}

bool can(const std::filesystem::path& path, int mode) {
  return ::faccessat(AT_FDCWD, path.c_str(), mode, AT_EACCESS) == 0;
}

std::filesystem::path folder_of(const std::filesystem::path& path) {
  const auto parent = path.parent_path();
  return parent.empty() ? std::filesystem::path(".") : parent;
}

std::string sidecar(const std::filesystem::path& path, const char* suffix) {
  return path.string() + suffix;
}

int primary_code(const SQLite::Exception& e) {
  return e.getErrorCode() & 0xff;
}

// --- test-only kill points -------------------------------------------------
// SLACLOCK_TEST_KILL_AT=statement:K (or commit:K) makes a write connection
// raise SIGKILL as its K-th statement (or K-th COMMIT) starts: the crash
// tests (tests/cli_crash_test.cpp) kill import and sweep at exact points
// instead of after a guessed delay. Unset, nothing is installed.

struct KillPoint {
  bool commits_only = false;
  long at = 0;
  long seen = 0;
};

int on_statement(unsigned /*type*/, void* context, void* /*statement*/, void* sql_text) {
  auto& point = *static_cast<KillPoint*>(context);
  if (point.commits_only) {
    const char* sql = static_cast<const char*>(sql_text);
    if (sql == nullptr || ::strncasecmp(sql, "COMMIT", 6) != 0) return 0;
  }
  if (++point.seen == point.at) ::raise(SIGKILL);
  return 0;
}

void install_test_kill_point(SQLite::Database& db) {
  const char* spec = std::getenv("SLACLOCK_TEST_KILL_AT");
  if (spec == nullptr || *spec == '\0') return;
  static KillPoint point;  // one write connection per process
  const std::string s = spec;
  const auto colon = s.find(':');
  if (colon == std::string::npos) return;
  const std::string what = s.substr(0, colon);
  if (what != "statement" && what != "commit") return;
  point.commits_only = what == "commit";
  point.at = std::strtol(s.c_str() + colon + 1, nullptr, 10);
  point.seen = 0;
  if (point.at > 0) sqlite3_trace_v2(db.getHandle(), SQLITE_TRACE_STMT, on_statement, &point);
}

// SQLite counts every allocation it makes under one process-wide mutex
// unless told not to (SQLITE_CONFIG_MEMSTATUS, before the library starts);
// nothing here reads those counts, and a sweep allocates on two threads.
void configure_library_once() {
  static const int done = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  (void)done;  // SQLITE_MISUSE when something started the library first: harmless
}

// --- writers ---------------------------------------------------------------

// Refuses, before anything is written, a file SQLite itself finds damaged.
void require_quick_check(SQLite::Database& db, const std::filesystem::path& path) {
  std::string first;
  std::size_t problems = 0;
  try {
    SQLite::Statement q(db, "PRAGMA quick_check");
    while (q.executeStep()) {
      const std::string line = q.getColumn(0).getString();
      if (line == "ok") continue;
      if (first.empty()) first = line;
      ++problems;
    }
  } catch (const SQLite::Exception& e) {
    if (primary_code(e) != SQLITE_CORRUPT) throw;
    first = e.what();
    problems = 1;
  }
  if (problems == 0) return;
  throw store_error(path, "the database fails SQLite's quick_check (" + first +
                              (problems > 1 ? "; " + std::to_string(problems - 1) + " more problems" : "") +
                              "), so nothing was written to it; 'slaclock verify --full' shows the damage: "
                              "restore the database from a backup");
}

// --- the quick check's mark -------------------------------------------------
// PRAGMA quick_check reads the whole file: at a million contacts (3 GB) it
// cost a nightly import or sweep more than its own work. A writer therefore
// leaves, as it closes, a mark of the files it leaves behind (the database
// and its WAL: device, inode, size, modification and change times); the next
// writer runs the quick check only when they are no longer exactly those.
// Readers change neither file, and every write through the file system (by
// SQLite, dd, an editor, a restore) moves the database's change time, which
// no program can set back, and the WAL's modification time.

struct FileMark {
  std::uint64_t dev = 0, ino = 0;
  std::int64_t size = -1, mtime_ns = 0, ctime_ns = 0;  // size -1: no such file
  bool operator==(const FileMark&) const = default;
};

std::int64_t nanoseconds(const timespec& t) {
  return static_cast<std::int64_t>(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}

FileMark mark_of(const std::filesystem::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return {};
  return FileMark{static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino),
                  static_cast<std::int64_t>(st.st_size), nanoseconds(st.st_mtim), nanoseconds(st.st_ctim)};
}

struct FilesMark {
  FileMark db, wal;
  bool operator==(const FilesMark&) const = default;
};

FilesMark marks_of(const std::filesystem::path& path) {
  FilesMark m{mark_of(path), mark_of(sidecar(path, "-wal"))};
  // A reader running as root hands the WAL to the database's owner as it
  // opens (SQLite's fchown), which moves the WAL's change time: its content
  // is followed by its modification time and size.
  m.wal.ctime_ns = 0;
  return m;
}

constexpr const char* mark_header = "slaclock: quick_check passed for these database and WAL files";

std::string mark_file(const std::filesystem::path& path) {
  return sidecar(path, "-checked");
}

}  // namespace

bool unchanged_since_checked(const std::filesystem::path& path) {
  const FilesMark now = marks_of(path);
  if (now.db.size < 0) return false;
  std::ifstream in(mark_file(path));
  std::string header;
  FilesMark was;
  if (!std::getline(in, header) || header != mark_header) return false;
  for (FileMark* m : {&was.db, &was.wal})
    if (!(in >> m->dev >> m->ino >> m->size >> m->mtime_ns >> m->ctime_ns)) return false;
  return was == now;
}

void record_checked_file(const std::filesystem::path& path) {
  FilesMark mark = marks_of(path);
  if (mark.db.size < 0) return;
  // File times come from a clock that ticks every few milliseconds: a write
  // in the same tick as the one marked would keep the same times. Mark only
  // once the tick has passed, so that any later write shows.
  const std::int64_t latest = std::max(mark.db.ctime_ns, mark.wal.mtime_ns);
  for (int i = 0; i < 50; ++i) {
    timespec now{};
    ::clock_gettime(CLOCK_REALTIME_COARSE, &now);
    if (nanoseconds(now) > latest) break;
    ::usleep(1000);
  }
  if (marks_of(path) != mark) return;  // written meanwhile by another writer: it leaves its own mark
  std::string text = std::string(mark_header) + "\n";
  for (const FileMark& m : {mark.db, mark.wal})
    text += std::to_string(m.dev) + ' ' + std::to_string(m.ino) + ' ' + std::to_string(m.size) + ' ' +
            std::to_string(m.mtime_ns) + ' ' + std::to_string(m.ctime_ns) + "\n";
  // A fresh private file, never through a link someone left in its place,
  // then renamed over the old mark in one step.
  const std::string file = mark_file(path), temporary = file + ".tmp";
  ::unlink(temporary.c_str());
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return;  // a folder we cannot write: every write checks the whole file
  const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ::close(fd);
  if (!written || ::rename(temporary.c_str(), file.c_str()) != 0) ::unlink(temporary.c_str());
}

namespace {

// Keeps the -wal and -shm files when the last writer closes (the WAL is still
// checkpointed into the database and emptied). A reader who may read the
// database but not write its folder needs both files to exist.
void persist_wal_files(SQLite::Database& db) {
  int on = 1;
  sqlite3_file_control(db.getHandle(), "main", SQLITE_FCNTL_PERSIST_WAL, &on);
  db.exec(wal_size_limit);
}

// SQLite creates -wal and -shm with the database's permissions; a chmod of
// the database afterwards (to let the desk's group read it, or to make it
// private) is carried over to them by the next write. By path, never through
// a descriptor: closing one would drop SQLite's POSIX locks on the file.
void match_sidecar_modes(const std::filesystem::path& path) {
  struct stat db {};
  if (::stat(path.c_str(), &db) != 0) return;
  for (const char* suffix : {"-wal", "-shm"}) {
    const std::string file = sidecar(path, suffix);
    struct stat st {};
    if (::lstat(file.c_str(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != ::geteuid()) continue;
    if ((st.st_mode & 07777) != (db.st_mode & 0777)) ::chmod(file.c_str(), db.st_mode & 0777);
  }
}

// --- readers ---------------------------------------------------------------

// Why a read-only connection could not set up its WAL files, or nothing when
// they are not the problem.
std::optional<std::string> wal_files_problem(const std::filesystem::path& path) {
  const auto folder = folder_of(path);
  const bool folder_writable = can(folder, W_OK);
  for (const char* suffix : {"-shm", "-wal"}) {
    const std::string file = sidecar(path, suffix);
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) {
      if (!folder_writable)
        return file + " is missing and this user cannot create it in " + folder.string() +
               " (the folder is not writable)";
    } else if (!can(file, R_OK)) {
      return file + " is not readable by this user";
    }
  }
  return std::nullopt;
}

// Nobody but root can write the file: the database, or the folder that a
// writer would need for its -wal file, has no write permission at all.
bool nobody_can_write(const std::filesystem::path& path) {
  struct stat db {
  }, folder{};
  if (::stat(path.c_str(), &db) != 0 || ::stat(folder_of(path).c_str(), &folder) != 0) return false;
  return (db.st_mode & 0222) == 0 || (folder.st_mode & 0222) == 0;
}

bool wal_is_empty(const std::filesystem::path& path) {
  struct stat st {};
  const std::string wal = sidecar(path, "-wal");
  return ::stat(wal.c_str(), &st) != 0 || st.st_size == 0;
}

std::string file_uri(const std::filesystem::path& path) {
  static const char* hex = "0123456789ABCDEF";
  std::string uri = "file:";
  for (unsigned char c : path.string()) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
      uri += static_cast<char>(c);
    } else {
      uri += '%';
      uri += hex[c >> 4];
      uri += hex[c & 15];
    }
  }
  return uri + "?immutable=1";
}

SQLite::Database open_reader(const std::string& name, int flags, const std::filesystem::path& path) {
  SQLite::Database db(name, flags);
  configure_connection(db, true);
  require_current_schema(db, path.string());
  // One snapshot for the reader's whole life: a command (or a dashboard
  // request) that reads several tables sees a sweep or an import that
  // commits meanwhile either whole or not at all.
  db.exec("BEGIN");
  return db;
}

// SQLite opens DB-wal, DB-shm and DB-journal by name and follows a symbolic
// link there: a planted link would have the database's log written to (or
// read from) wherever it points. Refused before SQLite opens anything, beside
// the path given and beside the file a linked database resolves to (where
// SQLite puts them).
void refuse_linked_sidecars(const std::filesystem::path& path) {
  std::vector<std::filesystem::path> bases{path};
  std::error_code ec;
  const auto real = std::filesystem::canonical(path, ec);
  if (!ec && real != path) bases.push_back(real);
  for (const auto& base : bases)
    for (const char* suffix : {"-wal", "-shm", "-journal"}) {
      const std::string file = sidecar(base, suffix);
      if (!std::filesystem::is_symlink(file, ec)) continue;
      throw store_error(path, file + " is a symbolic link (to " + std::filesystem::read_symlink(file, ec).string() +
                                  "): SQLite would write the database's " + (suffix + 1) +
                                  " through it to wherever it points, so nothing was opened; remove the link (the "
                                  "real file belongs beside the database)");
    }
}

}  // namespace

SQLite::Database open_for_writing(const std::filesystem::path& path) {
  refuse_linked_sidecars(path);
  if (!can(path, R_OK | W_OK))
    throw store_error(
        path, std::string("a write command needs to read and write the database file: ") + std::strerror(errno));
  configure_library_once();
  try {
    SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_NOMUTEX);
    db.setBusyTimeout(5000);
    install_test_kill_point(db);
    if (!unchanged_since_checked(path)) require_quick_check(db, path);
    configure_connection(db, false);
    persist_wal_files(db);
    migrate(db, path.string());
    match_sidecar_modes(path);
    return db;
  } catch (const SQLite::Exception& e) {
    throw store_error(path, std::string("cannot open database: ") + e.what());
  }
}

SQLite::Database open_for_reading(const std::filesystem::path& path) {
  refuse_linked_sidecars(path);
  if (!can(path, R_OK)) throw store_error(path, std::string("cannot read the database file: ") + std::strerror(errno));
  configure_library_once();
  try {
    return open_reader(path.string(), SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX, path);
  } catch (const SQLite::Exception& e) {
    const int code = primary_code(e);
    if (code == SQLITE_READONLY || code == SQLITE_CANTOPEN) {
      if (const auto problem = wal_files_problem(path)) {
        // Safe to read without the WAL's locks only when no writer can come
        // along (no write permission for anyone) and nothing waits in the WAL.
        if (nobody_can_write(path) && wal_is_empty(path)) {
          try {
            return open_reader(file_uri(path), SQLite::OPEN_READONLY | SQLite::OPEN_URI | SQLite::OPEN_NOMUTEX, path);
          } catch (const SQLite::Exception& again) {
            throw store_error(path, std::string("cannot open database: ") + again.what());
          }
        }
        throw store_error(path, "cannot open database for reading: " + *problem +
                                    ". A reader of a WAL database needs its -wal and -shm files: run any write "
                                    "command (the next import or sweep) once as the database's owner, which "
                                    "leaves both beside it with the database's permissions; or make the folder "
                                    "writable for this user");
      }
    }
    if (code == SQLITE_IOERR || code == SQLITE_FULL)
      throw store_error(path, std::string("cannot open database: ") + e.what() + " (a reader creates " +
                                  sidecar(path, "-shm") + ", 32 KB, when it is missing: is the disk full?)");
    throw store_error(path, std::string("cannot open database: ") + e.what());
  }
}

}  // namespace slaclock::detail
