// slaclock init | import | verify
#include "cli_store.h"

#include <slaclock/base/error.h>
#include <slaclock/import/event_import.h>
#include <slaclock/store/event_store.h>
#include <slaclock/time/timestamp.h>

#include <chrono>
#include <iostream>

namespace slaclock::cli {

namespace {

struct StoreArgs {
  std::vector<std::string> files;
  std::string recorded_at;
  std::string quarantine;
  std::string input_format;
};

// The one place the store commands read the clock: the engine takes "now" as an argument.
Instant wall_clock_now() {
  const auto now = std::chrono::system_clock::now();
  return Instant{std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count()};
}

void run_init(const CommonOptions& o) {
  const std::string path = o.database_path();
  const bool existed = std::filesystem::exists(path);
  const EventStore store = EventStore::create(path);
  std::cout << (existed ? "database ready: " : "created ") << path << " (schema version " << store.schema_version()
            << ")\n";
}

void run_import(const CommonOptions& o, const StoreArgs& a) {
  ImportRequest req;
  req.files = a.files;
  req.now = wall_clock_now();
  if (!a.input_format.empty()) {
    if (a.input_format == "jsonl")
      req.format = InputFormat::jsonl;
    else if (a.input_format == "csv")
      req.format = InputFormat::csv;
    else
      throw InputError({"", 0, "--input-format"}, "'" + a.input_format + "' is not jsonl or csv");
  }
  if (!a.recorded_at.empty()) {
    try {
      req.recorded_at = parse_instant(a.recorded_at);
    } catch (const InputError& e) {
      throw InputError({"", 0, "--recorded-at"}, e.why());
    }
  }
  if (!a.quarantine.empty()) req.quarantine_file = a.quarantine;

  EventStore store = EventStore::open(o.database_path(), OpenMode::read_write);
  ImportSummary s;
  try {
    s = import_events(store, req);
  } catch (const ImportError& e) {
    // Every bad line on its own stderr line, so a script can count or grep them.
    for (const auto& p : e.problems()) std::cerr << p.message() << '\n';
    const auto& sum = e.summary();
    if (sum.rejected > sum.problems.size())
      std::cerr << "... and " << sum.rejected - sum.problems.size() << " more bad lines\n";
    std::cerr << "slaclock: import rejected, nothing stored: " << sum.rejected << " bad line"
              << (sum.rejected == 1 ? "" : "s") << " of " << sum.read << " read"
              << " (use --quarantine FILE to import the good lines)\n";
    throw CLI::RuntimeError(2);
  }
  for (const auto& p : s.problems) std::cerr << "quarantined: " << p.message() << '\n';
  if (s.rejected > s.problems.size())
    std::cerr << "... and " << s.rejected - s.problems.size() << " more quarantined lines\n";
  std::cout << "read " << s.read << ", imported " << s.imported << ", duplicates " << s.duplicates << ", rejected "
            << s.rejected << '\n';
  if (s.rejected) std::cout << "rejected lines written to " << a.quarantine << '\n';
}

void run_verify(const CommonOptions& o) {
  const EventStore store = EventStore::open(o.database_path(), OpenMode::read_only);
  const VerifyReport r = store.verify();
  if (r.intact()) {
    std::cout << "intact: " << r.events_checked << " events, chain head "
              << (r.chain_head.empty() ? "(empty)" : r.chain_head) << '\n';
    return;
  }
  std::cerr << "slaclock: verify FAILED at seq " << r.mismatch->sequence;
  if (!r.mismatch->event_id.empty()) std::cerr << " (event_id " << r.mismatch->event_id << ")";
  std::cerr << ": " << r.mismatch->what << "; " << r.events_checked << " events before it are intact\n";
  throw CLI::RuntimeError(1);
}

}  // namespace

void register_store_commands(CLI::App& app, CommonOptions& o) {
  auto args = std::make_shared<StoreArgs>();

  auto* init = app.add_subcommand("init", "create a database (or migrate an existing one to this version's schema)");
  add_common_options(*init, o, db_option);
  init->callback([&o] { run_init(o); });

  auto* import = app.add_subcommand("import", "import events from JSON Lines or CSV files, all or nothing");
  import->add_option("FILE", args->files, "event files (.jsonl/.ndjson/.json or .csv), or - for standard input")
      ->required();
  import->add_option("--recorded-at", args->recorded_at,
                     "when these events became known, for lines without recorded_at (default: now)");
  import->add_option("--quarantine", args->quarantine,
                     "import the good lines and write bad ones to this JSON Lines file (with _line and _error)");
  import->add_option("--input-format", args->input_format, "jsonl or csv (required for -, else by extension)");
  add_common_options(*import, o, db_option);
  import->footer(
      "Prints: read N, imported N, duplicates N, rejected N. Any bad line rejects the whole import "
      "(exit 2, each bad line on stderr) unless --quarantine is given.");
  import->callback([&o, args] { run_import(o, *args);
});

auto* verify = app.add_subcommand("verify", "recompute every event hash and the chain; exit 1 if anything was altered");
add_common_options(*verify, o, db_option);
verify->callback([&o] { run_verify(o); });
}  // namespace slaclock::cli

}  // namespace slaclock::cli
