// slaclock init | import | verify
#include "cli_store.h"

#include <slaclock/base/error.h>
#include <slaclock/import/event_import.h>
#include <slaclock/ops/shipped_data.h>
#include <slaclock/store/audit.h>
#include <slaclock/store/event_store.h>
#include <slaclock/time/timestamp.h>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>

namespace slaclock::cli {

namespace {

struct StoreArgs {
  std::vector<std::string> files;
  std::vector<std::string> expect_heads;
  std::string since;
  bool full_check = false;
  std::string recorded_at;
  std::string quarantine;
  std::size_t max_line_bytes = std::size_t{1} << 20;
  std::size_t max_field_bytes = 64 * 1024;
  std::string input_format;
  std::string ambiguous;  // --ambiguous, with --zone
  std::string gap;        // --gap, with --zone
  std::string profile;
};

void run_init(const CommonOptions& o) {
  const std::string path = o.database_path();
  const bool existed = std::filesystem::exists(path);
  EventStore store = EventStore::create(path);
  std::cout << (existed ? "database ready: " : "created ") << path << " (schema version " << store.schema_version()
            << ")\n";
  for (const ShippedLoad& l : load_shipped_data(store, wall_clock_now())) {
    switch (l.outcome) {
      case ShippedLoad::Outcome::loaded:
        std::cout << "loaded ";
        break;
      case ShippedLoad::Outcome::already_loaded:
        std::cout << "already loaded ";
        break;
      case ShippedLoad::Outcome::skipped:
        std::cout << "skipped ";
        break;
    }
    std::cout << l.kind << " " << l.name;
    if (!l.content_sha256.empty()) std::cout << " (sha256 " << l.content_sha256.substr(0, 16) << ")";
    if (!l.note.empty()) std::cout << ": " << l.note;
    std::cout << "\n";
  }
}

// The import's outcome on standard output: a line of text (the default), or
// with --format json an object, with --format csv a header and a row.
void print_import_summary(Format format, const ImportSummary& s, bool stored, const std::string& quarantine) {
  if (format == Format::json) {
    nlohmann::json problems = nlohmann::json::array();
    for (const auto& p : s.problems)
      problems.push_back({{"file", p.where.file},
                          {"line", p.where.line},
                          {"field", p.where.field.empty() ? nlohmann::json(nullptr) : nlohmann::json(p.where.field)},
                          {"reason", p.reason},
                          {"message", p.message()}});
    std::cout << json_text(nlohmann::json{{"stored", stored},
                                          {"read", s.read},
                                          {"imported", s.imported},
                                          {"duplicates", s.duplicates},
                                          {"rejected", s.rejected},
                                          {"quarantine",
                                           quarantine.empty() ? nlohmann::json(nullptr) : nlohmann::json(quarantine)},
                                          {"problems", problems}},
                           2)
              << '\n';
    return;
  }
  if (format == Format::csv) {
    print_csv(std::cout, {"stored", "read", "imported", "duplicates", "rejected", "quarantine"},
              {{stored ? "true" : "false", std::to_string(s.read), std::to_string(s.imported),
                std::to_string(s.duplicates), std::to_string(s.rejected), quarantine}});
    return;
  }
  if (!stored) return;  // the refusal is already on stderr
  std::cout << "read " << s.read << ", imported " << s.imported << ", duplicates " << s.duplicates << ", rejected "
            << s.rejected << '\n';
  if (!quarantine.empty()) std::cout << "rejected lines written to " << quarantine << '\n';
}

// --zone, --ambiguous and --gap, read once here into the engine's rule; the
// zone is looked up before anything is read.
std::optional<LocalTimeRule> local_time_rule(const CommonOptions& o, const StoreArgs& a) {
  if (o.zone.empty()) {
    if (!a.ambiguous.empty())
      throw InputError({"", 0, "--ambiguous"}, "needs --zone: it says how local times in the repeated hour are read");
    if (!a.gap.empty())
      throw InputError({"", 0, "--gap"}, "needs --zone: it says how local times in the spring gap are read");
    return std::nullopt;
  }
  if (o.zone == "calendar")
    throw InputError({"", 0, "--zone"},
                     "'calendar' names --calendar's zone, and import takes no --calendar: name the zone "
                     "(e.g. Europe/London)");
  try {
    TimeZone::named(o.zone);
  } catch (const ConfigError& e) {
    throw InputError({"", 0, "--zone"}, e.why());
  }
  LocalTimeRule rule;
  rule.zone = o.zone;
  if (!a.ambiguous.empty()) {
    const auto parsed = parse_ambiguous_local_time(a.ambiguous);
    if (!parsed)
      throw InputError({"", 0, "--ambiguous"}, "'" + a.ambiguous + "' is not one of " + ambiguous_local_time_words());
    rule.ambiguous = *parsed;
  }
  if (!a.gap.empty()) {
    const auto parsed = parse_missing_local_time(a.gap);
    if (!parsed) throw InputError({"", 0, "--gap"}, "'" + a.gap + "' is not one of " + missing_local_time_words());
    rule.gap = *parsed;
  }
  return rule;
}

// A progress line on standard error while a long import reads: events read,
// events a second, and the share of the bytes read (when every file has a
// size). Redrawn at most five times a second; cleared when the import ends.
class ImportProgressLine {
 public:
  void update(const ImportProgress& p) {
    const auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(200)) return;
    last_ = now;
    const double seconds = std::chrono::duration<double>(now - start_).count();
    char line[160];
    const int n = std::snprintf(line, sizeof line, "\rimporting: %zu events, %.0f events/s", p.records,
                                seconds > 0 ? static_cast<double>(p.records) / seconds : 0.0);
    std::string text(line, n > 0 ? static_cast<std::size_t>(n) : 0);
    if (p.bytes_total > 0) {
      std::snprintf(line, sizeof line, ", %.0f%% of %.1f MB",
                    100.0 * static_cast<double>(p.bytes_read) / static_cast<double>(p.bytes_total),
                    static_cast<double>(p.bytes_total) / 1e6);
      text += line;
    }
    std::cerr << text << "\033[K" << std::flush;
    shown_ = true;
  }
  ~ImportProgressLine() {
    if (shown_) std::cerr << "\r\033[K" << std::flush;
  }

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_ = start_;
  bool shown_ = false;
};

void run_import(const CommonOptions& o, const StoreArgs& a) {
  ImportRequest req;
  req.files = a.files;
  req.now = wall_clock_now();
  req.calendars_dir = o.calendars_dir;  // where an event's own calendar may also be found
  if (!a.input_format.empty()) {
    if (a.input_format == "jsonl")
      req.format = InputFormat::jsonl;
    else if (a.input_format == "csv")
      req.format = InputFormat::csv;
    else
      throw InputError({"", 0, "--input-format"}, "'" + a.input_format + "' is not jsonl or csv");
  }
  if (a.recorded_at == "as-event") {
    req.recorded_at_as_event = true;
  } else if (!a.recorded_at.empty()) {
    try {
      req.recorded_at = parse_instant(a.recorded_at);
    } catch (const InputError& e) {
      throw InputError({"", 0, "--recorded-at"}, e.why());
    }
  }
  if (!a.quarantine.empty()) req.quarantine_file = a.quarantine;
  req.profile = a.profile;
  req.max_line_bytes = a.max_line_bytes;
  req.max_field_bytes = a.max_field_bytes;
  req.local_times = local_time_rule(o, a);
  // Progress only for a person watching: standard error a terminal, no --quiet.
  std::optional<ImportProgressLine> progress;
  if (!o.quiet && isatty(STDERR_FILENO) != 0) {
    progress.emplace();
    req.progress = [&progress](const ImportProgress& p) { progress->update(p); };
  }

  // Checked before the store is touched: a wrong --format stores nothing.
  const bool format_given = !o.format.empty();  // the default is the line of text, even when piped
  const Format format = format_given ? o.output_format() : Format::table;
  EventStore store = EventStore::open(o.database_path(), OpenMode::read_write);
  const CalendarsOfStore calendars_of_store(o, store);
  ImportSummary s;
  try {
    s = import_events(store, req);
  } catch (const ImportError& e) {
    progress.reset();  // the progress line is cleared before the bad lines are listed
    // Every bad line on its own stderr line, so a script can count or grep them.
    for (const auto& p : e.problems()) std::cerr << printable(p.message()) << '\n';  // a message quotes the input
    const auto& sum = e.summary();
    if (sum.rejected > sum.problems.size())
      std::cerr << "... and " << sum.rejected - sum.problems.size() << " more bad lines\n";
    std::cerr << "slaclock: import rejected, nothing stored: " << sum.rejected << " bad line"
              << (sum.rejected == 1 ? "" : "s") << " of " << sum.read << " read"
              << " (use --quarantine FILE to import the good lines)\n";
    if (!o.quiet && format_given) print_import_summary(format, sum, false, "");
    throw CLI::RuntimeError(2);
  }
  progress.reset();
  for (const auto& p : s.problems) std::cerr << "quarantined: " << printable(p.message()) << '\n';
  if (s.rejected > s.problems.size())
    std::cerr << "... and " << s.rejected - s.problems.size() << " more quarantined lines\n";
  if (!o.quiet) print_import_summary(format, s, true, s.rejected ? a.quarantine : "");
}

void run_verify(const CommonOptions& o, const StoreArgs& a) {
  const Format format = o.output_format();
  const EventStore store = EventStore::open(o.database_path(), OpenMode::read_only);
  const CalendarsOfStore calendars_of_store(o, store);
  AuditOptions options;
  options.expected_heads = a.expect_heads;
  options.since = a.since;
  options.full_integrity_check = a.full_check;
  const AuditReport r = audit_store(store, options);
  const AuditPart* events = r.part("events");
  const AuditPart* sweeps = r.part("sweeps");
  if (format == Format::json) {
    nlohmann::json parts = nlohmann::json::array();
    for (const AuditPart& p : r.parts)
      parts.push_back({{"name", p.name},
                       {"checked", p.checked},
                       {"head", p.head.empty() ? nlohmann::json(nullptr) : nlohmann::json(p.head)},
                       {"not_covered", p.not_covered},
                       {"intact", !p.problem},
                       {"problem", p.problem ? nlohmann::json(*p.problem) : nlohmann::json(nullptr)}});
    std::cout << json_text(nlohmann::json{{"intact", r.intact()},
                                          {"events_head", events && !events->head.empty() ? nlohmann::json(events->head)
                                                                                          : nlohmann::json(nullptr)},
                                          {"sweeps_head", sweeps && !sweeps->head.empty() ? nlohmann::json(sweeps->head)
                                                                                          : nlohmann::json(nullptr)},
                                          {"combined_head", r.combined_head},
                                          {"parts", parts}},
                           2)
              << '\n';
  } else {
    if (r.intact())
      std::cout << "intact: " << (events ? events->checked : 0) << " events, chain head "
                << (events && !events->head.empty() ? events->head : "(empty)") << '\n';
    std::vector<std::vector<std::string>> rows;
    for (const AuditPart& p : r.parts) {
      std::string covered = std::to_string(p.checked);
      if (p.not_covered) covered += " (+" + std::to_string(p.not_covered) + " unsealed, from before sealing)";
      rows.push_back({p.name, p.problem ? "FAILED" : "ok", covered, p.head});
    }
    print_records(std::cout, format, {"part", "status", "checked", "head"}, rows);
    if (sweeps && !sweeps->head.empty()) std::cout << "sweeps head " << sweeps->head << '\n';
    std::cout << "combined head " << r.combined_head << '\n';
  }
  if (r.intact()) return;
  for (const AuditPart& p : r.parts)
    if (p.problem) std::cerr << "slaclock: verify FAILED: " << p.name << ": " << *p.problem << '\n';
  throw CLI::RuntimeError(1);
}

}  // namespace

void register_store_commands(CLI::App& app, CommonOptions& o) {
  auto args = std::make_shared<StoreArgs>();

  auto* init = app.add_subcommand("init", "create a database (or migrate an existing one to this version's schema)");
  add_common_options(*init, o, db_option);
  init->callback([&o] { run_init(o); });

  auto* import_cmd = app.add_subcommand("import", "import events from JSON Lines or CSV files, all or nothing");
  import_cmd->add_option("FILE", args->files, "event files (.jsonl/.ndjson/.json or .csv), or - for standard input")
      ->required();
  import_cmd->add_option("--recorded-at", args->recorded_at,
                         "when these events became known, for lines without recorded_at: an instant, or as-event "
                         "(each when it happened: for back-loading a history); default: now");
  import_cmd->add_option("--max-line-bytes", args->max_line_bytes, "a longer line is a bad line (default 1048576)")
      ->check(CLI::Range(std::size_t{256}, std::size_t{1} << 30));
  import_cmd
      ->add_option("--max-field-bytes", args->max_field_bytes, "a longer field value is a bad line (default 65536)")
      ->check(CLI::Range(std::size_t{16}, std::size_t{1} << 30));
  import_cmd->add_option("--quarantine", args->quarantine,
                         "import the good lines and write bad ones to this JSON Lines file (with _line and _error)");
  import_cmd->add_option("--input-format", args->input_format, "jsonl or csv (required for -, else by extension)");
  import_cmd->add_option("--zone", o.zone,
                         "instants without an offset (at, recorded_at, expected_resolution, ...) are local times in "
                         "this IANA zone, e.g. Europe/London; those with an offset or Z are taken as given");
  import_cmd->add_option("--ambiguous", args->ambiguous,
                         "with --zone, a local time in the repeated autumn hour: " + ambiguous_local_time_words() +
                             " (default reject: the line is bad)");
  import_cmd->add_option("--gap", args->gap,
                         "with --zone, a local time in the spring-forward gap: " + missing_local_time_words() +
                             " (default reject; shift-forward moves it on by the gap, 01:30 -> 02:30 BST)");
  import_cmd->add_option("--profile", args->profile,
                         "read a ticket system's export through an import profile: a shipped one's NAME "
                         "(servicenow-incident-audit, jira-service-management, zendesk-ticket-audits, "
                         "status-change-log) or a FILE.yaml (docs/import.md)");
  add_common_options(*import_cmd, o, db_option | calendars_dir_option | format_option | quiet_option);
  import_cmd->footer(
      "Prints: read N, imported N, duplicates N, rejected N; with --format json an object (stored, read, imported, "
      "duplicates, rejected, quarantine, problems), with --format csv one row. Any bad line rejects the whole import "
      "(exit 2, each bad line on stderr) unless --quarantine is given. On a terminal a progress line (events, "
      "events/s, "
      "share of the bytes read) is shown on stderr; none with --quiet or when stderr is not a terminal. The event "
      "format, and local times with --zone: docs/events.md (installed in share/doc/slaclock).");
  import_cmd->callback([&o, args] { run_import(o, *args); });

  auto* verify = app.add_subcommand(
      "verify", "prove nothing stored was altered: events, rule/calendar/KVI versions, sweep results; exit 1 if so");
  verify->add_option("--expect-head", args->expect_heads,
                     "a head recorded earlier: the combined head (fails when any event, sweep, notice, delivery, "
                     "import or version since is gone), or an events or sweeps chain head (fails unless still on "
                     "its chain)");
  verify->add_option("--since", args->since,
                     "a combined head recorded earlier: check that it holds, then only what was added after it "
                     "(the nightly check; the counts by status are left to a full verify)");
  verify->add_flag("--full", args->full_check, "run SQLite's full integrity_check instead of quick_check");
  add_common_options(*verify, o, db_option | format_option);
  verify->footer(
      "Record the combined head each night somewhere the database's user cannot write, e.g.\n"
      "  slaclock verify --format json | jq -r .combined_head >> /var/log/slaclock-heads\n"
      "and check it the next night with --expect-head HEAD (repeatable). docs/audit.md lists what is checked.");
  verify->callback([&o, args] { run_verify(o, *args); });
}

}  // namespace slaclock::cli
