// slaclock-import-bench: how fast does import store events, next to the
// fastest SQLite can take the same rows?
//
//   slaclock-import-bench [--events 1000000] [--dir /tmp/x] [--keep]
//
// 1. slaclock-generate (next to this binary) writes realistic JSON Lines; the
//    first N events are kept (the file is in time order, so every entity is
//    still opened before its other events).
// 2. import_events stores them in a fresh database: validation,
//    duplicate and entity checks, hashing, chaining, indexes.
// 3. The same stored rows, exported as CSV, go through the sqlite3 shell's
//    .import into a bare table with no indexes: the floor.
#include <slaclock/base/error.h>
#include <slaclock/import/event_import.h>
#include <slaclock/store/event_store.h>

#include <unistd.h>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string quoted(const fs::path& p) {
  return "'" + p.string() + "'";
}

int run(const std::string& command) {
  const int rc = std::system(command.c_str());
  if (rc != 0) throw slaclock::Error("command failed (" + std::to_string(rc) + "): " + command);
  return rc;
}

}  // namespace

int main(int argc, char** argv) {
  long long events = 1'000'000;
  fs::path dir;
  bool keep = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--events" && i + 1 < argc) {
      events = std::atoll(argv[++i]);
    } else if (a == "--dir" && i + 1 < argc) {
      dir = argv[++i];
    } else if (a == "--keep") {
      keep = true;
    } else {
      std::cerr << "usage: slaclock-import-bench [--events N] [--dir DIR] [--keep]\n";
      return 2;
    }
  }
  if (events <= 0) {
    std::cerr << "slaclock-import-bench: --events must be positive\n";
    return 2;
  }
  try {
    const fs::path self_dir = fs::canonical("/proc/self/exe").parent_path();
    fs::path generator = self_dir / "slaclock-generate";
    if (!fs::exists(generator)) generator = self_dir.parent_path() / "slaclock-generate";
    if (dir.empty()) dir = fs::temp_directory_path() / ("slaclock-import-bench-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const fs::path all = dir / "generated.jsonl", input = dir / "events.jsonl", db = dir / "bench.db",
                   floor_csv = dir / "floor.csv", floor_db = dir / "floor.db";

    // About 7 events per contact; generate a margin and keep the first N lines.
    const long long contacts = events / 6 + 100;
    std::cerr << "generating " << events << " events...\n";
    run(quoted(generator) + " --seed 7 --contacts " + std::to_string(contacts) +
        " --from 2026-01-01 --months 12 --out " + quoted(all) + " 2>/dev/null");
    run("head -n " + std::to_string(events) + " " + quoted(all) + " > " + quoted(input));
    fs::remove(all);

    for (const auto& p : {db, fs::path(db.string() + "-wal"), fs::path(db.string() + "-shm"), floor_db}) fs::remove(p);

    std::cerr << "importing...\n";
    slaclock::EventStore store = slaclock::EventStore::create(db);
    slaclock::ImportRequest req;
    req.files = {input.string()};
    req.now = slaclock::Instant{1'800'000'000};
    const auto t0 = Clock::now();
    const slaclock::ImportSummary s = slaclock::import_events(store, req);
    const double import_s = seconds_since(t0);
    if (s.imported != static_cast<std::size_t>(events))
      throw slaclock::Error("imported " + std::to_string(s.imported) + " of " + std::to_string(events));

    // Reading back: every timeline, streamed in entity order (what a sweep does).
    const auto t2 = Clock::now();
    std::size_t timelines = 0, read_back = 0;
    store.for_each_timeline({}, [&](const slaclock::Timeline& t) {
      ++timelines;
      read_back += t.events.size();
    });
    const double read_s = seconds_since(t2);

    // The floor: the very rows the store holds, bulk-loaded by sqlite3 itself.
    run("sqlite3 -csv " + quoted(db) +
        " 'SELECT event_id, kind, entity_id, type, at, recorded_at, fields, content_sha256, chain_sha256, import_id "
        "FROM events ORDER BY seq' > " +
        quoted(floor_csv));
    const auto t1 = Clock::now();
    run("sqlite3 " + quoted(floor_db) +
        " 'CREATE TABLE events(event_id TEXT, kind TEXT, entity_id TEXT, type TEXT, at INTEGER, recorded_at INTEGER, "
        "fields TEXT, content_sha256 TEXT, chain_sha256 TEXT, import_id INTEGER)' '.mode csv' '.import " +
        floor_csv.string() + " events'");
    const double floor_s = seconds_since(t1);

    const double n = static_cast<double>(events);
    std::printf("events: %lld (%s)\n", events, input.c_str());
    std::printf("import: %.0f events/s (%.2f s)\n", n / import_s, import_s);
    std::printf("sqlite3 .import floor: %.0f rows/s (%.2f s)\n", n / floor_s, floor_s);
    std::printf("for_each_timeline: %zu timelines, %.0f events/s (%.2f s)\n", timelines,
                static_cast<double>(read_back) / read_s, read_s);
    std::printf("ratio: import takes %.2fx the floor's time (target <= 3x)\n", import_s / floor_s);
    if (!keep) fs::remove_all(dir);
  } catch (const std::exception& e) {
    std::cerr << "slaclock-import-bench: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
