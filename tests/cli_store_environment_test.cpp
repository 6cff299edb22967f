// Bad environments around the database file, through the real binary: a
// damaged file that writers must refuse, a folder the reader may not write
// (as another user), a full disk. docs/bad-input.md, "Bad environments".
#include "cli_database.h"
#include "test_support.h"

#include <slaclock/store/event_store.h>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <grp.h>
#include <httplib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdio>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace slaclock {
namespace {

const std::string sample = std::string(SLACLOCK_SOURCE_DIR) + "/samples/sample-events.jsonl";
const std::string sample_as_of = "2026-10-15T18:00:00+01:00";

std::string events(int count, int first = 0) {
  std::string out;
  for (int i = first; i < first + count; ++i)
    out += R"({"event_id":"E)" + std::to_string(i) + R"(","kind":"contact","entity_id":"C-)" + std::to_string(i) +
           R"(","type":"received","at":"2024-03-28T16:00:00Z","customer":"Acme Gas","customer_class":"shipper"})" +
           "\n";
  return out;
}

struct Db : CliDatabase {
  Db() : CliDatabase("s.db") {}
};

void damage_middle(const std::string& db) {
  REQUIRE(damage_middle_page(db));
}

void set_mode(const std::filesystem::path& p, mode_t mode) {
  REQUIRE_MESSAGE(::chmod(p.c_str(), mode) == 0, p);
}

mode_t mode_of(const std::filesystem::path& p) {
  struct stat st {};
  REQUIRE(::stat(p.c_str(), &st) == 0);
  return st.st_mode & 0777;
}

// Runs the CLI as a user who is not the database's owner: as root, through
// setpriv as nobody (65534), since root itself may write any folder;
// otherwise as this user. Empty when that cannot be done here.
struct OtherUser {
  std::string prefix;
  bool usable = false;
  bool is_root = ::geteuid() == 0;
  OtherUser() {
    if (is_root) prefix = "setpriv --reuid=65534 --regid=65534 --clear-groups ";
    const CliResult r = run_shell(prefix + "'" + SLACLOCK_CLI + "' --version");
    usable = r.exit_code == 0;
  }
  CliResult run(const std::string& args) const { return run_shell(prefix + "'" + SLACLOCK_CLI + "' " + args); }

  /// Starts `slaclock serve` as this user on a free loopback port, GETs
  /// `target`, stops it with SIGTERM; the body, or "" when anything failed.
  std::string serve_once(const std::string& db, const std::string& as_of, const std::string& target) const {
    int out[2];
    REQUIRE(::pipe(out) == 0);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      ::dup2(out[1], STDOUT_FILENO);
      ::close(out[0]);
      ::close(out[1]);
      if (is_root && (::setgroups(0, nullptr) != 0 || ::setgid(65534) != 0 || ::setuid(65534) != 0)) ::_exit(126);
      ::execl(SLACLOCK_CLI, SLACLOCK_CLI, "serve", "--listen", "127.0.0.1:0", "--quiet", "--as-of", as_of.c_str(),
              "--db", db.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(out[1]);
    std::string line;
    char ch = 0;
    while (::read(out[0], &ch, 1) == 1 && ch != '\n') line += ch;
    ::close(out[0]);
    std::string body;
    if (const auto colon = line.find("127.0.0.1:"); colon != std::string::npos) {
      httplib::Client c("127.0.0.1", std::stoi(line.substr(colon + 10)));
      c.set_read_timeout(60, 0);
      if (const auto r = c.Get(target); r && r->status == 200) body = r->body;
    }
    ::kill(pid, SIGTERM);
    int status = 0;
    ::waitpid(pid, &status, 0);
    CHECK_MESSAGE(line.find("127.0.0.1:") != std::string::npos, "serve printed: " << line);
    CHECK(WIFEXITED(status));
    return body;
  }
};

TEST_SUITE("cli store environment") {
  TEST_CASE("every write command refuses a database that fails the quick check, and writes nothing") {
    Db w;
    REQUIRE(w.run("init").exit_code == 0);
    REQUIRE(w.run("import " + shell_quote(w.file("many.jsonl", events(400)))).exit_code == 0);
    REQUIRE(w.run("sweep --as-of 2024-04-02T13:00:00+01:00 --quiet").exit_code <= 1);
    damage_middle(w.db);
    const std::string damaged = read_file(w.db);
    const std::string src = SLACLOCK_SOURCE_DIR;
    const std::vector<std::string> writes = {
        "init",
        "import " + shell_quote(w.file("more.jsonl", events(5, 1000))),
        "sweep --as-of 2024-04-03T13:00:00+01:00",
        "sweep --full --as-of 2024-04-03T13:00:00+01:00",
        "notices mark-sent 1 --by tester",
        "rules load " + shell_quote(src + "/config/rules/dsc-kvi-2020.yaml"),
        "calendar load " + shell_quote(src + "/calendars/scotland.yaml"),
        "kvi-settings load " + shell_quote(src + "/config/kvi/dsc-kvi-2020.yaml"),
    };
    for (const std::string& command : writes) {
      CAPTURE(command);
      const CliResult r = w.run(command);
      CHECK(r.exit_code == 2);
      CHECK(r.err.find("s.db: the database fails SQLite's quick_check (") != std::string::npos);
      CHECK(r.err.find("nothing was written to it") != std::string::npos);
      CHECK(read_file(w.db) == damaged);
    }
    // verify says the same (read commands still open it, to show the damage).
    const CliResult v = w.run("verify");
    CHECK(v.exit_code != 0);
    CHECK(read_file(w.db) == damaged);
  }

  TEST_CASE("a writer skips the whole-file quick check only while the files are exactly as the last writer left them") {
    Db w;
    REQUIRE(w.run("init").exit_code == 0);
    REQUIRE(w.run("import " + shell_quote(w.file("many.jsonl", events(400)))).exit_code == 0);
    const std::string mark = w.db + "-checked";
    CHECK(EventStore::unchanged_since_checked(w.db));
    CHECK((mode_of(mark) & 0777) == 0600);
    // Readers leave the files (and so the mark) as they were.
    REQUIRE(w.run("overdue --as-of 2024-04-02T13:00:00+01:00 --format json").exit_code == 0);
    REQUIRE(w.run("verify").exit_code == 0);
    CHECK(EventStore::unchanged_since_checked(w.db));

    SUBCASE("damage at once, in the tick the writer closed: noticed, and the next write refused") {
      REQUIRE(w.run("sweep --as-of 2024-04-02T13:00:00+01:00 --quiet").exit_code <= 1);
      damage_middle(w.db);
      CHECK_FALSE(EventStore::unchanged_since_checked(w.db));
      const CliResult r = w.run("sweep --as-of 2024-04-03T13:00:00+01:00 --quiet");
      CHECK(r.exit_code == 2);
      CHECK(r.err.find("fails SQLite's quick_check") != std::string::npos);
      CHECK_FALSE(EventStore::unchanged_since_checked(w.db));  // a refused write leaves no mark
    }
    SUBCASE("a write to the WAL file is noticed") {
      std::ofstream(w.db + "-wal", std::ios::app | std::ios::binary) << "x";
      CHECK_FALSE(EventStore::unchanged_since_checked(w.db));
    }
    SUBCASE("a copy with its mark is another file") {
      const std::string copy = (w.dir / "copy.db").string();
      std::filesystem::copy_file(w.db, copy);
      std::filesystem::copy_file(mark, copy + "-checked");
      CHECK_FALSE(EventStore::unchanged_since_checked(copy));
    }
    SUBCASE("a link left where the mark is written is replaced, never followed") {
      const auto victim = w.dir / "victim.txt";
      write_file(victim, "keep me");
      std::filesystem::create_symlink(victim, mark + ".tmp");
      REQUIRE(w.run("sweep --as-of 2024-04-02T13:00:00+01:00 --quiet").exit_code <= 1);
      CHECK(read_file(victim) == "keep me");
      CHECK(EventStore::unchanged_since_checked(w.db));
    }
    SUBCASE("a garbled or missing mark: the next writer checks the whole file, then marks it") {
      std::ofstream(mark, std::ios::trunc) << "slaclock: quick_check passed for these database and WAL files\n1 2 x\n";
      CHECK_FALSE(EventStore::unchanged_since_checked(w.db));
      REQUIRE(w.run("sweep --as-of 2024-04-02T13:00:00+01:00 --quiet").exit_code <= 1);
      CHECK(EventStore::unchanged_since_checked(w.db));
      std::filesystem::remove(mark);
      CHECK_FALSE(EventStore::unchanged_since_checked(w.db));
      REQUIRE(w.run("sweep --as-of 2024-04-03T13:00:00+01:00 --quiet").exit_code <= 1);
      CHECK(EventStore::unchanged_since_checked(w.db));
    }
  }

  TEST_CASE("a database locked by another writer: one line naming the file, exit 2, nothing stored") {
    Db w;
    REQUIRE(w.run("init").exit_code == 0);
    // sqlite3 holds the write lock until the stop file appears.
    const auto stop = w.dir / "stop";
    FILE* holder = ::popen(
        ("sh -c " + shell_quote("(echo 'BEGIN IMMEDIATE;'; echo 'SELECT 42;'; while [ ! -e " + shell_quote(stop) +
                                " ]; do sleep 0.1; done; echo 'COMMIT;') | " + "sqlite3 " + shell_quote(w.db)))
            .c_str(),
        "r");
    REQUIRE(holder != nullptr);
    char line[16] = {};
    REQUIRE(std::fgets(line, sizeof line, holder) != nullptr);
    CHECK(std::string(line) == "42\n");
    const CliResult r = w.run("import " + shell_quote(w.file("e.jsonl", events(3))));
    write_file(stop, "");
    ::pclose(holder);
    CHECK(r.exit_code == 2);
    CHECK(r.err.rfind("slaclock: " + w.db + ": ", 0) == 0);
    CHECK(r.err.find("database is locked\n") != std::string::npos);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    const CliResult v = w.run("verify --format json");
    CHECK(v.exit_code == 0);
    const auto report = nlohmann::json::parse(v.out);
    for (const auto& part : report["parts"])
      if (part["name"] == "events") CHECK(part["checked"] == 0);
  }

  TEST_CASE("a write command refuses a database file it may not write, before anything else") {
    OtherUser other;
    if (!other.usable) {
      MESSAGE("skipped: cannot run slaclock as another user here (setpriv, or the binary not readable by nobody)");
      return;
    }
    Db w;
    REQUIRE(w.run("init").exit_code == 0);
    set_mode(w.db, 0444);
    const CliResult r = other.run("import " + shell_quote(w.file("e.jsonl", events(3))) + " --db " + shell_quote(w.db));
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("s.db: a write command needs to read and write the database file: Permission denied") !=
          std::string::npos);
  }

  TEST_CASE("read commands work for a user who may read the database but not write its folder") {
    OtherUser other;
    if (!other.usable) {
      MESSAGE("skipped: cannot run slaclock as another user here (setpriv, or the binary not readable by nobody)");
      return;
    }
    Db w;
    REQUIRE(w.run("init").exit_code == 0);
    REQUIRE(w.run("import " + shell_quote(sample)).exit_code == 0);
    REQUIRE(w.run("sweep --quiet --as-of " + sample_as_of).exit_code == 1);
    // The owner lets others read the database; the next write carries the
    // mode over to the -wal and -shm files, which writers keep beside it.
    set_mode(w.db, 0644);
    REQUIRE(w.run("import " + shell_quote(w.file("empty.jsonl", ""))).exit_code == 0);
    CHECK(mode_of(w.db + "-wal") == 0644);
    CHECK(mode_of(w.db + "-shm") == 0644);
    set_mode(w.dir.path, 0555);
    const std::string db = " --db " + shell_quote(w.db);

    const auto reads_work = [&] {
      const CliResult overdue = other.run("overdue --format json --as-of " + sample_as_of + db);
      CHECK_MESSAGE(overdue.exit_code == 0, overdue.err);
      CHECK(nlohmann::json::parse(overdue.out).size() > 0);
      const CliResult verify = other.run("verify --format json" + db);
      CHECK_MESSAGE(verify.exit_code == 0, verify.err);
      const CliResult replay = other.run("replay C-000001 --format json --as-of " + sample_as_of + db);
      CHECK_MESSAGE(replay.exit_code == 0, replay.err);
      const CliResult kvi = other.run("kvi --month 2026-09 --format json" + db);
      CHECK_MESSAGE(kvi.exit_code == 0, kvi.err);
      const CliResult notices = other.run("notices --format json" + db);
      CHECK_MESSAGE(notices.exit_code == 0, notices.err);
      // serve: started, asked once through its JSON API, stopped.
      const std::string body = other.serve_once(w.db, sample_as_of, "/api/overdue");
      CHECK(body.find("C-") != std::string::npos);
    };

    SUBCASE("the -wal and -shm files are there: every read command, serve included") {
      reads_work();
    }
    SUBCASE("the -wal and -shm files are missing, and nobody may write the folder: read as immutable") {
      set_mode(w.dir.path, 0755);
      std::filesystem::remove(w.db + "-wal");
      std::filesystem::remove(w.db + "-shm");
      set_mode(w.dir.path, 0555);
      reads_work();
      CHECK_FALSE(std::filesystem::exists(w.db + "-shm"));
    }
    SUBCASE("the -wal and -shm files are missing, and a writer could come along: a clear error") {
      if (!other.is_root) {
        MESSAGE("skipped: needs a folder this user does not own (run as root)");
        return;
      }
      set_mode(w.dir.path, 0755);  // root's: writable by its owner, not by nobody
      std::filesystem::remove(w.db + "-wal");
      std::filesystem::remove(w.db + "-shm");
      const CliResult r = other.run("overdue --format json" + db);
      CHECK(r.exit_code == 2);
      CHECK(r.err.find("s.db: cannot open database for reading: " + w.db +
                       "-shm is missing and this user cannot create it in " + w.dir.path.string() +
                       " (the folder is not writable). A reader of a WAL database needs its -wal and -shm files: "
                       "run any write command (the next import or sweep) once as the database's owner") !=
            std::string::npos);
      // The owner's next write puts them back, and the reader reads.
      REQUIRE(w.run("import " + shell_quote(w.file("empty2.jsonl", ""))).exit_code == 0);
      CHECK(other.run("overdue --format json" + db).exit_code == 0);
    }
    set_mode(w.dir.path, 0755);
  }

  TEST_CASE("a full disk: readers that have their -shm file read on, and one that must create it says why") {
    const TempDir probe;
    if (::geteuid() != 0 ||
        run_shell("unshare -m sh -c " + shell_quote("mount -t tmpfs -o size=64k tmpfs " + shell_quote(probe.path)))
                .exit_code != 0) {
      MESSAGE("skipped: needs root, a private mount namespace (unshare -m) and a tmpfs mount in it");
      return;
    }
    Db w;
    REQUIRE(w.run("init").exit_code == 0);
    REQUIRE(w.run("import " + shell_quote(sample)).exit_code == 0);
    REQUIRE(w.run("sweep --quiet --as-of " + sample_as_of).exit_code == 1);
    const auto full = w.dir / "full";
    std::filesystem::create_directory(full);
    const std::string cli = std::string("'") + SLACLOCK_CLI + "'";
    const std::string size = std::to_string(std::filesystem::file_size(w.db) / 1024 + 256) + "k";
    // In a tmpfs a little larger than the database, filled up after the copy.
    const auto in_full_disk = [&](const std::string& copy, const std::string& then) {
      return run_shell("unshare -m sh -c " +
                       shell_quote("mount -t tmpfs -o size=" + size + " tmpfs " + shell_quote(full) + " && " + copy +
                                   " && (dd if=/dev/zero of=" + shell_quote(full / "filler") +
                                   " bs=4096 2>/dev/null; true) && " + then));
    };
    const std::string db = shell_quote(full / "s.db");
    const std::string overdue = cli + " overdue --format json --as-of " + sample_as_of + " --db " + db;
    SUBCASE("with its -wal and -shm files the reader needs no room") {
      const CliResult r = in_full_disk("cp -p " + shell_quote(w.db) + " " + shell_quote(w.db + "-wal") + " " +
                                           shell_quote(w.db + "-shm") + " " + shell_quote(full),
                                       overdue);
      CHECK_MESSAGE(r.exit_code == 0, r.err);
      CHECK(r.out.find("C-") != std::string::npos);
    }
    SUBCASE("without them the reader must create -shm, and says the disk may be full") {
      const CliResult r = in_full_disk("cp -p " + shell_quote(w.db) + " " + shell_quote(full), overdue);
      CHECK(r.exit_code == 2);
      CHECK_MESSAGE(r.err.find("is the disk full?") != std::string::npos, r.err);
    }
  }
}

}  // namespace
}  // namespace slaclock
