// slaclock-scale-bench: the scale benchmark (issue 12). Builds the generated
// dataset, drives the real CLI the way a site would, and prints one line per
// figure as `NAME: VALUE UNIT`.
//
//   slaclock-scale-bench [--contacts 1000000] [--dir DIR] [--keep] [--nights 30]
//                        [--runs 100] [--skip-floor] [--cli PATH] [--kvi both|table|none]
//
// --kvi table (or none) skips the HTML pack (or both): each streams and
// judges every timeline once per month of the scorecard and its trend.
// --cli runs another build's slaclock (to compare builds on one dataset).
// --dir reuses DIR/events.jsonl when it is there (generated for the same
// --contacts), else generates it there; without --dir everything goes in a
// temporary directory that is removed at the end (unless --keep).
//
// Every command is a child process of the real CLI (build/tools/slaclock), so
// each figure includes process start and opening the database, and its peak
// resident memory is the child's (wait4). Floors run the sqlite3 shell on the
// same file in the same run, so they see the same machine load.
//
// The timeline, as a site runs it: the generator writes 2026; the events
// recorded by 2026-12-01T00:00Z are imported (the import figures) and swept
// (the full sweep); then each night imports the events recorded that day and
// sweeps a day later. The first night is the incremental sweep (the entities
// that changed that day, about 1% of them, printed); after the last night the
// database size is measured again, per event imported.
#include <slaclock/base/error.h>
#include <slaclock/time/timestamp.h>

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

extern char** environ;

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct Outcome {
  double seconds = 0;
  double peak_mib = 0;
  double cpu_seconds = 0;  ///< user + system time of the child
  int exit_code = 0;
};

// Runs argv with stdout and stderr to the given files; waits with wait4 so the
// child's own peak RSS is known.
Outcome spawn_and_wait(const std::vector<std::string>& args, const std::string& out = "/dev/null",
                       const std::string& err = "/dev/null") {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  pid_t pid = 0;
  const auto start = Clock::now();
  const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw slaclock::Error("cannot start " + args[0]);
  int status = 0;
  rusage usage{};
  if (wait4(pid, &status, 0, &usage) < 0) throw slaclock::Error("wait4 failed for " + args[0]);
  Outcome o;
  o.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  o.peak_mib = static_cast<double>(usage.ru_maxrss) / 1024.0;
  const auto secs = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  o.cpu_seconds = secs(usage.ru_utime) + secs(usage.ru_stime);
  o.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return o;
}

std::string joined(const std::vector<std::string>& args) {
  std::string s;
  for (const auto& a : args) s += (s.empty() ? "" : " ") + a;
  return s;
}

// A command that must succeed (exit codes in `ok`).
Outcome must(const std::vector<std::string>& args, std::initializer_list<int> ok = {0},
             const std::string& out = "/dev/null", const std::string& err = "/dev/null") {
  Outcome o = spawn_and_wait(args, out, err);
  if (std::find(ok.begin(), ok.end(), o.exit_code) == ok.end())
    throw slaclock::Error("exit " + std::to_string(o.exit_code) + ": " + joined(args) +
                          (err != "/dev/null" ? " (see " + err + ")" : ""));
  return o;
}

// A shell command's standard output.
std::string shell_output(const std::string& command) {
  FILE* p = popen(command.c_str(), "r");
  if (!p) throw slaclock::Error("cannot run sqlite3");
  std::string out;
  std::array<char, 4096> buf{};
  std::size_t n = 0;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  if (pclose(p) != 0) throw slaclock::Error("failed: " + command);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

// The sqlite3 shell's answer to one query, read-only.
std::string sql_answer(const fs::path& db, const std::string& sql) {
  return shell_output("sqlite3 -readonly '" + db.string() + "' \"" + sql + "\"");
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(line);
  return out;
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto i = static_cast<std::size_t>(std::max(0.0, std::ceil(p * static_cast<double>(v.size())) - 1));
  return v[std::min(i, v.size() - 1)];
}

void line(const std::string& name, double value, const char* unit, int decimals = 2) {
  std::printf("%s: %.*f %s\n", name.c_str(), decimals, value, unit);
  std::fflush(stdout);
}

std::uintmax_t database_bytes(const fs::path& db) {
  // Everything committed moves into the main file first.
  must({"/usr/bin/sqlite3", db.string(), "PRAGMA wal_checkpoint(TRUNCATE)"}, {0}, "/dev/null");
  std::uintmax_t n = fs::file_size(db);
  if (fs::exists(db.string() + "-wal")) n += fs::file_size(db.string() + "-wal");
  return n;
}

std::string day(int n) {
  // 2026-12-01 plus n days, n in 0..30.
  char buf[32];
  if (n < 31)
    std::snprintf(buf, sizeof buf, "2026-12-%02dT00:00:00Z", n + 1);
  else
    std::snprintf(buf, sizeof buf, "2027-01-%02dT00:00:00Z", n - 30);
  return buf;
}

std::int64_t day_epoch(int n) {
  return 1'796'083'200LL + 86'400LL * n;  // 2026-12-01T00:00:00Z
}

struct Options {
  long long contacts = 1'000'000;
  fs::path dir;
  bool keep = false;
  int nights = 30;
  int runs = 100;
  bool skip_floor = false;
  fs::path cli;
  std::string kvi = "both";
};

void bench(const Options& opt) {
  const fs::path self_dir = fs::canonical("/proc/self/exe").parent_path();
  const std::string cli = opt.cli.empty() ? (self_dir / "slaclock").string() : opt.cli.string();
  const std::string generator = (self_dir / "slaclock-generate").string();
  for (const auto& p : {cli, generator})
    if (!fs::exists(p)) throw slaclock::Error("missing " + p + " (build the slaclock and slaclock-generate targets)");
  const fs::path events = opt.dir / "events.jsonl", db = opt.dir / "bench.db", log = opt.dir / "bench.log";
  const std::string tag = std::to_string(opt.contacts);
  const fs::path stamp = opt.dir / "events.contacts";

  std::printf("contacts: %lld\n", opt.contacts);
  std::printf("cores: %u, load average at start: ", std::thread::hardware_concurrency());
  {
    std::ifstream load("/proc/loadavg");
    std::string a;
    load >> a;
    std::printf("%s\n", a.c_str());
  }
  std::string stamped;
  if (fs::exists(stamp)) std::ifstream(stamp) >> stamped;
  if (!fs::exists(events) || stamped != tag) {
    std::cerr << "generating " << opt.contacts << " contacts...\n";
    const Outcome g = must({generator, "--seed", "7", "--contacts", tag, "--from", "2026-01-01", "--months", "12",
                            "--out", events.string()});
    std::ofstream(stamp) << tag << '\n';
    line("generate", g.seconds, "s");
  }
  // Split by recorded_at: what was known by the full sweep, then each night's.
  long long event_count = 0, generated = 0;
  std::vector<fs::path> night_files;
  const fs::path initial = opt.dir / "initial.jsonl";
  {
    std::ifstream in(events);
    std::ofstream first(initial);
    std::vector<std::ofstream> nights;
    for (int n = 1; n <= opt.nights; ++n) {
      night_files.push_back(opt.dir / ("night-" + std::to_string(n) + ".jsonl"));
      nights.emplace_back(night_files.back());
    }
    const auto value = [&](const std::string& l, const std::string& key) {
      const auto at = l.find(key);
      if (at == std::string::npos) throw slaclock::Error("a line without " + key + " in " + events.string());
      const auto end = l.find('"', at + key.size());
      return l.substr(at + key.size(), end - at - key.size());
    };
    // An event is imported no earlier than its entity's opening event (the
    // file lists the opening first): a source sends what it recorded late
    // together with what opened it.
    std::unordered_map<std::string, int> opened_night;
    for (std::string l; std::getline(in, l);) {
      if (l.empty()) continue;
      ++generated;
      const std::int64_t t = slaclock::parse_instant(value(l, "\"recorded_at\":\"")).utc_seconds;
      int night = t <= day_epoch(0) ? 0 : static_cast<int>((t - day_epoch(0) + 86'399) / 86'400);  // (D0, D1]: 1
      const auto [it, opening] = opened_night.emplace(value(l, "\"entity_id\":\""), night);
      if (!opening) night = std::max(night, it->second);
      if (night == 0) {
        first << l << '\n';
        ++event_count;
      } else if (night <= opt.nights) {
        nights[static_cast<std::size_t>(night - 1)] << l << '\n';
      }
    }
  }
  std::printf("events_generated: %lld\nevents_recorded_by_full_sweep: %lld\n", generated, event_count);
  long long events_imported = event_count;

  for (const auto& p :
       {db, fs::path(db.string() + "-wal"), fs::path(db.string() + "-shm"), fs::path(db.string() + "-checked")})
    fs::remove(p);
  const std::vector<std::string> with_db = {"--db", db.string()};
  const auto cmd = [&](std::vector<std::string> args) {
    args.insert(args.begin(), cli);
    args.insert(args.end(), with_db.begin(), with_db.end());
    return args;
  };

  // Import and its floor.
  std::cerr << "importing...\n";
  must(cmd({"init"}), {0}, "/dev/null", log.string());
  const Outcome imp = must(cmd({"import", initial.string(), "--quiet"}), {0}, "/dev/null", log.string());
  line("import", static_cast<double>(event_count) / imp.seconds, "events/s", 0);
  line("import_seconds", imp.seconds, "s");
  line("import_cpu", imp.cpu_seconds, "s");
  line("import_peak_rss", imp.peak_mib, "MiB", 0);
  if (!opt.skip_floor) {
    const fs::path csv = opt.dir / "floor.csv", floor_db = opt.dir / "floor.db";
    fs::remove(floor_db);
    must({"/usr/bin/sqlite3", "-readonly", "-csv", db.string(),
          "SELECT event_id, kind, entity_id, type, at, recorded_at, fields, content_sha256, chain_sha256, import_id "
          "FROM events ORDER BY seq"},
         {0}, csv.string());
    const Outcome fl = must({"/usr/bin/sqlite3", floor_db.string(),
                             "CREATE TABLE events(event_id TEXT, kind TEXT, entity_id TEXT, type TEXT, at INTEGER, "
                             "recorded_at INTEGER, fields TEXT, content_sha256 TEXT, chain_sha256 TEXT, import_id "
                             "INTEGER)",
                             ".mode csv", ".import " + csv.string() + " events"});
    line("import_floor_sqlite3_import", static_cast<double>(event_count) / fl.seconds, "events/s", 0);
    line("import_floor_seconds", fl.seconds, "s");
    line("import_floor_cpu", fl.cpu_seconds, "s");
    line("import_vs_floor", imp.seconds / fl.seconds, "x");
    fs::remove(csv);
    fs::remove(floor_db);
  }
  const std::uintmax_t bytes_imported = database_bytes(db);
  line("db_bytes_after_import", static_cast<double>(bytes_imported), "bytes", 0);
  line("db_bytes_per_event_after_import", static_cast<double>(bytes_imported) / static_cast<double>(event_count),
       "bytes/event", 1);

  // The full sweep and its read floor: every event row the sweep reads, in
  // the sweep's order, read once by sqlite3 (output discarded).
  std::cerr << "full sweep...\n";
  const Outcome full = must(cmd({"sweep", "--as-of", day(0), "--quiet"}), {0, 1}, "/dev/null", log.string());
  line("full_sweep", full.seconds, "s");
  line("full_sweep_cpu", full.cpu_seconds, "s");
  line("full_sweep_peak_rss", full.peak_mib, "MiB", 0);
  const Outcome read = must({"/usr/bin/sqlite3", "-readonly", db.string(), ".output /dev/null",
                             "SELECT seq, event_id, kind, entity_id, type, at, recorded_at, fields FROM events "
                             "WHERE recorded_at <= " +
                                 std::to_string(day_epoch(0)) + " ORDER BY entity_id, at, seq"});
  line("full_sweep_read_floor", read.seconds, "s");
  line("full_sweep_read_floor_cpu", read.cpu_seconds, "s");
  line("full_sweep_vs_floor", full.seconds / read.seconds, "x");
  const std::string entities = sql_answer(db, "SELECT count(*) FROM entities");
  const std::string clock_rows = sql_answer(db, "SELECT count(*) FROM clock_results");
  std::printf("entities: %s\nclock_result_rows_after_full_sweep: %s\n", entities.c_str(), clock_rows.c_str());

  // The next night: the entities with events recorded that day, and those
  // whose running clocks can change.
  std::vector<double> night_import;
  const auto import_night = [&](int n) {
    const fs::path& f = night_files[static_cast<std::size_t>(n - 1)];
    if (fs::file_size(f) == 0) return;
    const Outcome o = must(cmd({"import", f.string(), "--quiet"}), {0}, "/dev/null", log.string());
    night_import.push_back(o.seconds);
  };
  const long long before_night = std::stoll(sql_answer(db, "SELECT count(*) FROM events"));
  import_night(1);
  const std::string changed =
      sql_answer(db, "SELECT count(DISTINCT entity_id) FROM events WHERE seq > " + std::to_string(before_night));
  std::printf("entities_changed_next_night: %s (%.2f%%)\n", changed.c_str(),
              100.0 * std::stod(changed) / std::max(1.0, std::stod(entities)));
  std::cerr << "incremental sweep...\n";
  const Outcome inc = must(cmd({"sweep", "--as-of", day(1), "--quiet"}), {0, 1}, "/dev/null", log.string());
  line("incremental_sweep", inc.seconds, "s");
  line("incremental_sweep_cpu", inc.cpu_seconds, "s");
  line("incremental_sweep_peak_rss", inc.peak_mib, "MiB", 0);
  line("incremental_vs_full", 100.0 * inc.seconds / full.seconds, "%", 1);

  // The service desk: overdue with varied filters, at varied instants of the
  // day after that sweep.
  const std::vector<std::string> customers =
      lines_of(sql_answer(db, "SELECT DISTINCT customer FROM entities WHERE customer IS NOT NULL LIMIT 12"));
  const std::vector<std::string> clocks = {"acknowledge", "initial_response", "resolution", "regular_updates",
                                           "breach_resolution"};
  const std::vector<std::string> windows = {"4bh", "1bd", "1d", "3bd", "2h"};
  // The same queries twice: every matching clock, and a page of the 200 due
  // soonest (--limit 200, as the dashboard's board shows).
  for (const char* limit : {"0", "200"}) {
    const std::string name = std::string(limit) == "0" ? "overdue" : "overdue_page";
    std::mt19937 rng(7);
    std::vector<double> overdue_ms, overdue_cpu_ms;
    double overdue_peak = 0;
    std::cerr << name << " x" << opt.runs << "...\n";
    for (int i = 0; i < opt.runs; ++i) {
      std::vector<std::string> args = {
          "overdue",
          "--as-of",
          day(1).substr(0, 11) + std::to_string(10 + i % 12) + ":" + std::to_string(10 + i % 50) + ":00Z",
          "--format",
          "json",
          "--limit",
          limit};
      if (i % 3 == 0 && !customers.empty())
        args.insert(args.end(), {"--customer", customers[rng() % customers.size()]});
      if (i % 4 == 1) args.insert(args.end(), {"--clock", clocks[rng() % clocks.size()]});
      if (i % 2 == 0) args.insert(args.end(), {"--due-within", windows[rng() % windows.size()]});
      const Outcome o = must(cmd(args), {0, 1}, "/dev/null", log.string());
      overdue_ms.push_back(o.seconds * 1000);
      overdue_cpu_ms.push_back(o.cpu_seconds * 1000);
      overdue_peak = std::max(overdue_peak, o.peak_mib);
    }
    line(name + "_p50", percentile(overdue_ms, 0.50), "ms", 1);
    line(name + "_p99", percentile(overdue_ms, 0.99), "ms", 1);
    line(name + "_cpu_p99", percentile(overdue_cpu_ms, 0.99), "ms", 1);
    line(name + "_peak_rss", overdue_peak, "MiB", 0);
  }

  // The auditor: replay of random entities, plain and as known then.
  const long long entity_total = std::stoll(entities);
  const long long step = std::max(1LL, entity_total / opt.runs);
  const std::vector<std::string> ids = lines_of(
      sql_answer(db, "SELECT entity_id FROM entities WHERE kind IN ('contact','breach','kpi') AND opened_at < " +
                         std::to_string(day_epoch(0) - 7 * 86'400) + " AND rowid % " + std::to_string(step) +
                         " = 3 LIMIT " + std::to_string(opt.runs)));
  for (const bool known : {false, true}) {
    std::vector<double> ms, cpu_ms;
    double peak = 0;
    std::cerr << "replay" << (known ? " --as-known" : "") << " x" << ids.size() << "...\n";
    for (std::size_t i = 0; i < ids.size(); ++i) {
      // As of one of the sweeps, so that as-known compares with what it stored.
      std::vector<std::string> args = {"replay", ids[i], "--as-of", day(static_cast<int>(i % 2)), "--format", "json"};
      if (known) args.push_back("--as-known");
      const Outcome o = must(cmd(args), {0, 1}, "/dev/null", log.string());
      ms.push_back(o.seconds * 1000);
      cpu_ms.push_back(o.cpu_seconds * 1000);
      peak = std::max(peak, o.peak_mib);
    }
    const std::string name = known ? "replay_as_known" : "replay";
    line(name + "_p50", percentile(ms, 0.50), "ms", 1);
    line(name + "_p99", percentile(ms, 0.99), "ms", 1);
    line(name + "_cpu_p99", percentile(cpu_ms, 0.99), "ms", 1);
    line(name + "_peak_rss", peak, "MiB", 0);
  }

  // The KVI owner: a month's scorecard, as a table and as the HTML pack.
  if (opt.kvi != "none") {
    std::cerr << "kvi...\n";
    const Outcome kt = must(cmd({"kvi", "--month", "2026-11", "--format", "table"}), {0, 1}, "/dev/null", log.string());
    line("kvi_month_table", kt.seconds, "s");
    line("kvi_month_table_cpu", kt.cpu_seconds, "s");
    line("kvi_month_table_peak_rss", kt.peak_mib, "MiB", 0);
  }
  if (opt.kvi == "both") {
    const Outcome kh =
        must(cmd({"kvi", "--month", "2026-11", "--format", "html", "--out", (opt.dir / "kvi.html").string()}), {0, 1},
             "/dev/null", log.string());
    line("kvi_month_html", kh.seconds, "s");
    line("kvi_month_html_cpu", kh.cpu_seconds, "s");
    line("kvi_month_html_peak_rss", kh.peak_mib, "MiB", 0);
  }

  // The dashboard's overdue board (issue 13): a server pinned at the day
  // after the incremental sweep, asked one request at a time.
  {
    std::cerr << "serve...\n";
    const fs::path serve_out = opt.dir / "serve.out";
    std::vector<std::string> args =
        cmd({"serve", "--listen", "127.0.0.1:0", "--as-of", day(1).substr(0, 11) + "15:00:00Z"});
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, serve_out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 2, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    pid_t pid = 0;
    if (posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ) != 0)
      throw slaclock::Error("cannot start slaclock serve");
    posix_spawn_file_actions_destroy(&actions);
    int port = 0;
    for (int i = 0; i < 200 && !port; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      std::ifstream in(serve_out);
      std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      if (const auto at = text.find("http://127.0.0.1:"); at != std::string::npos)
        port = std::atoi(text.c_str() + at + 17);
    }
    if (port) {
      // One curl for all the requests to an address, one at a time: curl's
      // own time per transfer, without a process start each.
      for (const std::string path : {"/", "/?due_within=1d", "/api/overdue"}) {
        std::string urls;
        for (int i = 0; i < opt.runs; ++i)
          urls += " -o /dev/null 'http://127.0.0.1:" + std::to_string(port) + path + "'";
        const std::string times = shell_output("curl -sf -w '%{time_total}\\n'" + urls);
        std::vector<double> ms;
        for (const std::string& t : lines_of(times)) ms.push_back(std::stod(t) * 1000);
        if (ms.size() != static_cast<std::size_t>(opt.runs)) throw slaclock::Error("serve: GET " + path + " failed");
        const std::string name = path == "/" ? "board" : path == "/api/overdue" ? "api_overdue" : "board_due_1d";
        line("serve_" + name + "_p50", percentile(ms, 0.50), "ms", 1);
        line("serve_" + name + "_p99", percentile(ms, 0.99), "ms", 1);
      }
    }
    kill(pid, SIGTERM);
    int status = 0;
    rusage usage{};
    wait4(pid, &status, 0, &usage);
    if (!port) throw slaclock::Error("slaclock serve did not start (see " + log.string() + ")");
    line("serve_peak_rss", static_cast<double>(usage.ru_maxrss) / 1024.0, "MiB", 0);
  }

  // The rest of the nights, then the database size again.
  std::cerr << "nightly sweeps...\n";
  std::vector<double> nightly, nightly_cpu{inc.cpu_seconds};
  double nightly_peak = inc.peak_mib;
  nightly.push_back(inc.seconds);
  for (int n = 2; n <= opt.nights; ++n) {
    import_night(n);
    const Outcome o = must(cmd({"sweep", "--as-of", day(n), "--quiet"}), {0, 1}, "/dev/null", log.string());
    nightly.push_back(o.seconds);
    nightly_cpu.push_back(o.cpu_seconds);
    nightly_peak = std::max(nightly_peak, o.peak_mib);
  }
  line("nightly_sweep_p50", percentile(nightly, 0.5), "s");
  line("nightly_sweep_max", percentile(nightly, 1.0), "s");
  line("nightly_sweep_cpu_p50", percentile(nightly_cpu, 0.5), "s");
  line("nightly_sweep_peak_rss", nightly_peak, "MiB", 0);
  line("nightly_import_p50", percentile(night_import, 0.5), "s");
  events_imported = std::stoll(sql_answer(db, "SELECT count(*) FROM events"));
  std::printf("events_imported_after_nights: %lld\n", events_imported);
  const std::uintmax_t bytes_swept = database_bytes(db);
  line("db_bytes_after_nightly_sweeps", static_cast<double>(bytes_swept), "bytes", 0);
  const double per_event_imported = static_cast<double>(bytes_imported) / static_cast<double>(event_count);
  const double per_event_swept = static_cast<double>(bytes_swept) / static_cast<double>(events_imported);
  line("db_bytes_per_event_after_nightly_sweeps", per_event_swept, "bytes/event", 1);
  // Per event, since the nights imported more events.
  line("db_growth_after_nightly_sweeps", per_event_swept / per_event_imported, "x");
  std::printf("nights: %d\n", opt.nights);
  std::printf("clock_result_rows_after_nightly_sweeps: %s\n",
              sql_answer(db, "SELECT count(*) FROM clock_results").c_str());

  const Outcome ver = must(cmd({"verify"}), {0}, "/dev/null", log.string());
  line("verify", ver.seconds, "s");
  line("verify_cpu", ver.cpu_seconds, "s");
  line("verify_peak_rss", ver.peak_mib, "MiB", 0);
  std::ifstream load("/proc/loadavg");
  std::string a;
  load >> a;
  std::printf("load average at end: %s\n", a.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  Options opt;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--contacts" && has_value) {
      opt.contacts = std::atoll(argv[++i]);
    } else if (a == "--dir" && has_value) {
      opt.dir = argv[++i];
    } else if (a == "--nights" && has_value) {
      opt.nights = std::atoi(argv[++i]);
    } else if (a == "--runs" && has_value) {
      opt.runs = std::atoi(argv[++i]);
    } else if (a == "--cli" && has_value) {
      opt.cli = argv[++i];
    } else if (a == "--kvi" && has_value) {
      opt.kvi = argv[++i];
    } else if (a == "--keep") {
      opt.keep = true;
    } else if (a == "--skip-floor") {
      opt.skip_floor = true;
    } else {
      std::cerr << "usage: slaclock-scale-bench [--contacts N] [--dir DIR] [--keep] [--nights N] [--runs N] "
                   "[--skip-floor] [--cli PATH] [--kvi both|table|none]\n";
      return 2;
    }
  }
  if (opt.contacts <= 0 || opt.nights < 1 || opt.nights > 30 || opt.runs < 1 ||
      (opt.kvi != "both" && opt.kvi != "table" && opt.kvi != "none")) {
    std::cerr << "slaclock-scale-bench: --contacts and --runs must be positive, --nights 1..30, --kvi both, table "
                 "or none\n";
    return 2;
  }
  const bool temporary = opt.dir.empty();
  if (temporary) opt.dir = fs::temp_directory_path() / ("slaclock-scale-bench-" + std::to_string(::getpid()));
  try {
    fs::create_directories(opt.dir);
    bench(opt);
  } catch (const std::exception& e) {
    std::cerr << "slaclock-scale-bench: " << e.what() << '\n';
    return 1;
  }
  if (temporary && !opt.keep) fs::remove_all(opt.dir);
  return 0;
}
