// slaclock sweep | overdue | replay: the operator's, the service desk's and
// the auditor's commands.
#include "cli_operations.h"
#include "cli_notices.h"
#include "clock_output.h"

#include <slaclock/base/error.h>
#include <slaclock/base/safe_output.h>
#include <slaclock/config/calendar_loader.h>
#include <slaclock/ops/clock_names.h>
#include <slaclock/ops/overdue.h>
#include <slaclock/ops/replay.h>
#include <slaclock/ops/sweep.h>
#include <slaclock/report/clock_json.h>
#include <slaclock/report/clock_reason.h>
#include <slaclock/store/clock_store.h>
#include <slaclock/store/event_store.h>
#include <slaclock/store/notice_store.h>
#include <slaclock/time/timestamp.h>

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <map>

namespace slaclock::cli {

namespace {

/// Exit status of `sweep` for cron: 0 nothing breached, 1 something breached.
constexpr int exit_breached = 1;
/// Exit status of `replay --as-known` when it differs from the stored sweep.
constexpr int exit_replay_differs = 3;

struct OperationArgs {
  std::string as_of, due_within, customer, priority, clock, status, entity, notify_cmd, summary_json;
  bool full = false, as_known = false, dry_run = false, notify_given = false;
  std::size_t limit = 0;
};

constexpr ClockStatus all_statuses[] = {ClockStatus::pending, ClockStatus::at_risk, ClockStatus::breached,
                                        ClockStatus::met,     ClockStatus::missed,  ClockStatus::not_applicable};

Instant as_of_or_now(const CommonOptions& o, const std::string& text) {
  return text.empty() ? wall_clock_now() : o.parse_time(text, "--as-of");
}

std::string count_of(std::size_t n, const std::string& what) {
  return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
}

// What a sweep could not judge, which a history loaded the wrong way shows as
// "0 evaluated": events it cannot know yet, entities no rule version covers.
std::vector<std::string> not_judged_lines(const SweepSummary& s) {
  std::vector<std::string> out;
  if (s.events_recorded_after > 0)
    out.push_back("not seen: " + count_of(static_cast<std::size_t>(s.events_recorded_after), "event") +
                  " recorded after the as-of (a history loaded today is recorded today; import it with "
                  "--recorded-at as-event to sweep it as it happened)");
  if (s.entities_before_rules > 0)
    out.push_back("not judged: " + count_of(s.entities_before_rules, "entity") +
                  " opened before every rule version (the earliest, " + s.earliest_rule_version + ", takes effect " +
                  format_date(s.earliest_rule_effective) +
                  "); their clocks are not_applicable until a version effective earlier is loaded");
  return out;
}

// The sweep's summary, one line per part: printed on stdout by the table
// format, and on stderr (joined) by json and csv, whose stdout is the clocks.
std::vector<std::string> summary_lines(const SweepSummary& s, const CommonOptions& o, const OperationArgs& a,
                                       Instant as_of, const TimeZone& zone) {
  std::vector<std::string> out;
  out.push_back(a.dry_run ? "dry run as of " + o.format_time(as_of, zone) + ": judged, nothing stored"
                          : "sweep " + std::to_string(s.sweep_id) + " as of " + o.format_time(as_of, zone) +
                                (s.repeated ? " (repeated: same as-of as an earlier sweep)" : ""));
  out.push_back("entities: " + std::to_string(s.entities_evaluated) + " evaluated, " +
                std::to_string(s.entities_skipped) + " settled and unchanged");
  std::string clocks = "clocks:";
  for (const auto status : all_statuses) {
    const auto it = s.clocks_by_status.find(status);
    clocks += std::string(" ") + clock_status_name(status) + " " +
              std::to_string(it == s.clocks_by_status.end() ? 0 : it->second);
  }
  out.push_back(clocks);
  out.push_back("new notices: " + std::to_string(s.new_notices));
  for (const std::string& line : not_judged_lines(s)) out.push_back(line);
  if (s.notified) {
    const NotifyOutcome& n = *s.notified;
    std::string line = "notices sent: " + std::to_string(n.delivered) + " of " + std::to_string(n.attempted) +
                       " unsent, by the notify command";
    if (!n.failed.empty()) {
      std::string ids;
      for (const auto id : n.failed) ids += (ids.empty() ? "" : ", ") + std::to_string(id);
      line += "; " + count_of(n.failed.size(), "failure") + " (notice " + ids + "): unsent, the next sweep tries again";
    }
    out.push_back(line);
  }
  return out;
}

nlohmann::json summary_json(const SweepSummary& s, const std::vector<StoredNotice>& raised, const CommonOptions& o,
                            const OperationArgs& a, Instant as_of, const TimeZone& zone, int exit_status) {
  nlohmann::json j;
  j["sweep_id"] = a.dry_run ? nlohmann::json(nullptr) : nlohmann::json(s.sweep_id);
  j["as_of"] = o.format_time(as_of, zone);
  j["dry_run"] = a.dry_run;
  j["repeated"] = s.repeated;
  j["entities_evaluated"] = s.entities_evaluated;
  j["entities_skipped"] = s.entities_skipped;
  j["events_recorded_after"] = s.events_recorded_after;
  j["entities_before_rules"] = s.entities_before_rules;
  j["earliest_rule_version"] = s.entities_before_rules > 0
                                   ? nlohmann::json{{"version", s.earliest_rule_version},
                                                    {"effective_from", format_date(s.earliest_rule_effective)}}
                                   : nlohmann::json(nullptr);
  nlohmann::json by_status = nlohmann::json::object();
  for (const auto status : all_statuses) {
    const auto it = s.clocks_by_status.find(status);
    by_status[clock_status_name(status)] = it == s.clocks_by_status.end() ? 0 : it->second;
  }
  j["clocks_by_status"] = by_status;
  j["needing_attention"] = s.attention.size();
  j["exit_status"] = exit_status;
  j["new_notices"] = s.new_notices;
  j["notices"] = nlohmann::json::array();
  for (const auto& n : raised) j["notices"].push_back(notice_json(n, o));
  if (s.notified) {
    j["notify"] = {{"command", a.notify_cmd},
                   {"attempted", s.notified->attempted},
                   {"delivered", s.notified->delivered},
                   {"failed", s.notified->failed}};
  } else {
    j["notify"] = nullptr;
  }
  return j;
}

void run_sweep_command(CommonOptions& o, const OperationArgs& a) {
  // Every option is checked before the store is touched.
  const Format format = o.output_format();
  SweepOptions options;
  options.as_of = as_of_or_now(o, a.as_of);
  options.now = wall_clock_now();
  options.full = a.full;
  options.calendars_dir = o.calendars_dir;
  // Test-only: SLACLOCK_TEST_SWEEP_THREADS=1 judges and writes on one thread
  // (the same stored rows and seal), to compare the two.
  if (const char* threads = std::getenv("SLACLOCK_TEST_SWEEP_THREADS"); threads && std::string(threads) == "1")
    options.threads = 1;
  if (a.notify_given) {
    if (a.dry_run) throw InputError({"", 0, "--notify-cmd"}, "a dry run stores no notices and sends none");
    if (a.notify_cmd.empty()) throw InputError({"", 0, "--notify-cmd"}, "is empty");
    NotifyOptions notify;
    notify.deliver = [&o, &a](const StoredNotice& n) { return run_notify_command(a.notify_cmd, n, o); };
    notify.now = [] { return wall_clock_now(); };
    notify.sent_by = who_delivers("");
    if (notify.sent_by.empty()) notify.sent_by = "unknown";
    notify.command = a.notify_cmd;
    options.notify = std::move(notify);
  }
  // The summary file is checked (and its temporary created) up front; it
  // may never be the database or a file beside it.
  std::optional<SafeOutputFile> summary_file;
  if (!a.summary_json.empty())
    summary_file.emplace(a.summary_json, database_files(o.database_path()), "--summary-json");
  const TimeZone zone = o.zone_of_calendar(o.calendar);
  const bool show_progress = !o.quiet && isatty(STDERR_FILENO) != 0;
  if (show_progress)
    options.progress = [](std::size_t n) { std::cerr << "\rsweeping: " << n << " entities" << std::flush; };
  SweepSummary s;
  std::vector<StoredNotice> raised;
  if (a.dry_run) {
    const EventStore store = EventStore::open(o.database_path(), OpenMode::read_only);
    const CalendarsOfStore calendars_of_store(o, store);
    s = preview_sweep(store, options);
  } else {
    EventStore store = EventStore::open(o.database_path(), OpenMode::read_write);
    const CalendarsOfStore calendars_of_store(o, store);
    s = run_sweep(store, options);
    if (summary_file && !s.new_notice_ids.empty()) {
      NoticeQuery q;
      q.ids = s.new_notice_ids;
      raised = list_notices(store, q);
    }
  }
  if (show_progress) std::cerr << "\r\033[K";
  if (s.anything_breached()) o.exit_code = exit_breached;
  const std::vector<std::string> lines = summary_lines(s, o, a, options.as_of, zone);
  // On stderr in every format, --quiet too: the first thing to see when a
  // sweep of a history judged nothing.
  if (format == Format::table || o.quiet)
    for (const std::string& l : not_judged_lines(s)) std::cerr << "slaclock: note: " << l << "\n";
  if (o.quiet) {
    // Cron: nothing on standard output; the exit status and --summary-json say it all.
  } else if (format != Format::table) {
    print_clocks(std::cout, s.attention, format, o);
    std::string joined;
    for (const auto& l : lines) joined += (joined.empty() ? "" : "; ") + l;
    std::cerr << "slaclock: " << joined << "\n";
  } else {
    for (const auto& l : lines) std::cout << l << "\n";
    if (!s.attention.empty()) {
      std::cout << "\nneeding attention (at_risk and breached), soonest due first:\n";
      print_clocks(std::cout, s.attention, Format::table, o);
    }
  }
  if (summary_file) {
    summary_file->write(json_text(summary_json(s, raised, o, a, options.as_of, zone, o.exit_code), 2) + "\n");
    summary_file->commit();
  }
}

void run_overdue(const CommonOptions& o, const OperationArgs& a, bool calendar_given) {
  const EventStore store = EventStore::open(o.database_path(), OpenMode::read_only);
  const CalendarsOfStore calendars_of_store(o, store);
  OverdueQuery q;
  q.as_of = as_of_or_now(o, a.as_of);
  q.calendars_dir = o.calendars_dir;
  if (calendar_given) q.calendar = o.calendar;
  if (!a.due_within.empty()) {
    try {
      q.due_within = parse_due_within(a.due_within);
    } catch (const InputError& e) {
      throw InputError({"", 0, "--due-within"}, e.why());
    }
  }
  if (!a.customer.empty()) q.customer = a.customer;
  if (!a.priority.empty()) q.priority = a.priority;
  if (!a.clock.empty()) {
    q.clock = find_clock(store, a.clock);
    if (!q.clock)
      throw InputError({"", 0, "--clock"}, "'" + a.clock + "' is not a clock; use one of " + clock_names_of(store));
  }
  if (!a.status.empty()) {
    q.status = parse_clock_status(a.status);
    if (!q.status || !is_running(*q.status))
      throw InputError({"", 0, "--status"}, "'" + a.status + "' is not one of pending, at_risk, breached");
  }
  q.limit = a.limit;
  const auto last = latest_sweep_as_of(store);
  const OverdueList list = overdue_list(store, q);
  const std::vector<ClockResult>& clocks = list.clocks;
  if (list.more)
    std::cerr << "slaclock: note: the " << count_of(clocks.size(), "clock") << " due soonest shown; more match"
              << " (--limit 0 lists them all)\n";
  const bool historical = list.source == OverdueList::Source::timelines_as_known;
  if (historical)
    std::cerr << "slaclock: note: " << o.format_time(q.as_of, o.zone_of_calendar(o.calendar))
              << " is before the latest sweep: clocks judged again from the timelines as "
              << (list.versions_of_sweep
                      ? "the sweep as of " + o.format_time(*list.versions_of_sweep, o.zone_of_calendar(o.calendar)) +
                            " knew them"
                      : std::string("known then (no sweep was in force)"))
              << "\n";
  // The desk must know when the list is older than the events.
  if (const std::int64_t unswept = last && !historical ? events_since_last_sweep(store) : 0; unswept > 0)
    std::cerr << "slaclock: note: " << unswept << " event" << (unswept == 1 ? "" : "s")
              << " imported since the last sweep are not reflected; run 'slaclock sweep'\n";
  const Format format = o.output_format();
  if (format == Format::table) {
    const TimeZone zone = o.zone_of_calendar(o.calendar);
    if (!last) {
      std::cout << "no sweep has run yet: run 'slaclock sweep' first\n";
    } else {
      std::string window;
      if (q.due_within.in_business_time() && q.calendar)
        window = " or due within " + a.due_within + " (by " +
                 o.format_time(q.due_within.last_due(q.as_of, o.load_calendar()), zone) + " on " + o.calendar + ")";
      else if (q.due_within.in_business_time())
        window = " or due within " + a.due_within + " (in business time on each clock's own calendar)";
      else if (!q.due_within.empty())
        window = " or due within " + a.due_within + " (by " + o.format_time(q.due_within.last_due(q.as_of), zone) + ")";
      std::cout << "running clocks" << (q.calendar ? " on " + *q.calendar : std::string()) << " past due" << window
                << " at " << o.format_time(q.as_of, zone);
      if (!historical)
        std::cout << " (clock state from the sweep as of " << o.format_time(*last, zone) << ")\n";
      else if (list.versions_of_sweep)
        std::cout << " (judged from the timelines as the sweep as of " << o.format_time(*list.versions_of_sweep, zone)
                  << " knew them; the latest sweep is later)\n";
      else
        std::cout << " (judged from the timelines as known then: no sweep was in force)\n";
    }
    if (clocks.empty())
      std::cout << "nothing overdue\n";
    else
      print_clocks(std::cout, clocks, format, o);
  } else {
    print_clocks(std::cout, clocks, format, o);
  }
}

std::string paused_names(const Replay& r) {
  std::string out;
  for (const ClockId id : r.paused_clocks) out += (out.empty() ? "" : ", ") + std::string(clock_name(id));
  return out;
}

std::string fields_text(const Event& e) {
  std::string out;
  for (const auto& [k, v] : e.fields) out += (out.empty() ? "" : " ") + k + "=" + v;
  return out;
}

void run_replay(CommonOptions& o, const OperationArgs& a) {
  const EventStore store = EventStore::open(o.database_path(), OpenMode::read_only);
  const CalendarsOfStore calendars_of_store(o, store);
  ReplayOptions options;
  options.as_of = as_of_or_now(o, a.as_of);
  options.as_known = a.as_known;
  options.calendars_dir = o.calendars_dir;
  const Format format = o.output_format();
  const Replay r = replay_entity(store, a.entity, options);
  // Instants print in the zone of the calendar the clocks were judged by, the
  // zone their reasons are worded in, without reading its file a second time.
  if (r.zone) o.known_zones.emplace(r.calendar, *r.zone);
  std::optional<StoredComparison> comparison;
  if (a.as_known) comparison = compare_with_stored_sweep(store, r, options.as_of);
  if (comparison && comparison->sweep_found && !comparison->matches()) o.exit_code = exit_replay_differs;
  if (format != Format::table) {
    std::vector<std::optional<bool>> matches(r.clocks.size());
    for (std::size_t i = 0; comparison && i < comparison->clock_matches.size(); ++i)
      matches[i] = comparison->clock_matches[i];
    if (format == Format::json) {
      // The clocks' shape, plus matches_stored (as known) and each paused clock's holds.
      const std::map<std::string, TimeZone> zones{{r.calendar, o.zone_of_calendar(r.calendar)}};
      const auto zone_of = [&](const ClockResult& c) -> const TimeZone* {
        if (o.utc) return nullptr;
        const auto it = zones.find(c.calendar);
        return it == zones.end() ? &zones.begin()->second : &it->second;
      };
      nlohmann::json clocks = clocks_json(r.clocks, zone_of, &matches);
      add_replay_holds(clocks, r.clocks, r.holds.periods, r.paused_clocks, zone_of);
      std::cout << json_text(clocks, 2) << '\n';
      return;
    }
    print_clocks(std::cout, r.clocks, format, o, &matches);
    return;
  }
  const TimeZone zone = o.zone_of_calendar(r.calendar);
  // The id as stored, perhaps by an older version: escaped as a table cell is.
  std::cout << entity_kind_name(r.timeline.kind) << " " << printable(r.timeline.entity_id) << " as of "
            << o.format_time(options.as_of, zone)
            << (a.as_known ? ", as known then (events recorded by that instant only)" : ", with hindsight") << "\n";
  if (!r.rule_version.empty()) {
    std::cout << "rules: " << r.rule_version << " (sha256 " << r.rule_sha256.substr(0, 16) << "), calendar "
              << r.calendar;
    if (!r.calendar_sha256.empty()) std::cout << " (sha256 " << r.calendar_sha256.substr(0, 16) << ")";
    std::cout << "\nversions: "
              << (r.versions_of_sweep ? "as recorded by the sweep as of " + o.format_time(*r.versions_of_sweep, zone)
                                      : std::string("the latest stored"))
              << "\n";
  }
  std::cout << "\ntimeline:\n";
  std::vector<std::vector<std::string>> rows;
  for (const auto& e : r.timeline.events)
    rows.push_back({o.format_time(e.at, zone), event_type_name(e.type), e.event_id, o.format_time(e.recorded_at, zone),
                    fields_text(e)});
  print_table(std::cout, {"at", "event", "event_id", "recorded_at", "details"}, rows);
  std::cout << "\nclocks:\n";
  rows.clear();
  for (const auto& c : r.clocks)
    rows.push_back({clock_name(c.clock) + (c.band ? std::string(" [") + gemini_band_name(*c.band) + "]" : ""),
                    clock_status_name(c.status), c.started_at ? o.format_time(*c.started_at, zone) : "",
                    c.due_at ? o.format_time(*c.due_at, zone) : "",
                    c.stopped_at ? o.format_time(*c.stopped_at, zone) : "", c.reason});
  print_table(std::cout, {"clock", "status", "started", "due", "stopped", "reason"}, rows);
  if (!r.holds.periods.empty() || !r.holds.ignored.empty()) {
    std::cout << "\nholds (they pause "
              << (r.paused_clocks.empty() ? std::string("no clock under ") + r.rule_version : paused_names(r))
              << "):\n";
    rows.clear();
    for (const auto& h : r.holds.periods)
      rows.push_back({o.format_time(h.from, zone), h.to ? o.format_time(*h.to, zone) : "still on hold",
                      h.to ? event_type_name(h.ended_by) : "", h.reason, h.resume_reason});
    for (const auto& e : r.holds.ignored)
      rows.push_back({o.format_time(e.at, zone), "", event_type_name(e.type), hold_ignored_text(e.why), e.event_id});
    print_table(std::cout, {"from", "to", "ended by", "reason", "resumed"}, rows);
  }
  if (comparison) {
    if (!comparison->sweep_found)
      std::cout << "\nno sweep stored results for " << printable(a.entity) << " at exactly "
                << o.format_time(options.as_of, zone) << ": nothing to compare with\n";
    else
      std::cout << "\n"
                << (comparison->matches() ? "matches" : "DIFFERS FROM") << " the results stored by the sweep as of "
                << o.format_time(options.as_of, zone) << "\n";
  }
}

}  // namespace

void register_operation_commands(CLI::App& app, CommonOptions& o) {
  auto args = std::make_shared<OperationArgs>();

  auto* sweep = app.add_subcommand(
      "sweep", "the nightly sweep: evaluate open and changed entities as of T and store the results");
  sweep->add_option("--as-of", args->as_of, "the instant to judge at (default now)")->check(not_empty());
  sweep->add_flag("--full", args->full, "re-evaluate every entity, including settled ones");
  sweep->add_flag("--dry-run", args->dry_run, "judge and print as of any instant, storing nothing (read-only)");
  sweep
      ->add_option("--notify-cmd", args->notify_cmd,
                   "after storing, run this shell command once per unsent notice, the notice as JSON on its "
                   "standard input; a notice is sent when it exits 0")
      ->each([args](const std::string&) { args->notify_given = true; });
  sweep->add_option("--summary-json", args->summary_json,
                    "also write the sweep's summary (counts, the new notices, what the notify command did) to this "
                    "JSON file");
  add_common_options(*sweep, o, db_option | calendars_dir_option | format_option | time_options | quiet_option);
  sweep->footer(
      "Exit status: 0 when no clock is breached, 1 when at least one clock is breached (running past due),\n"
      "2 on an error. Idempotent: a second sweep for the same --as-of stores nothing new.\n"
      "Sweeps only move forward: an --as-of older than the latest stored sweep is refused (exit 2);\n"
      "--dry-run judges any instant without storing.\n"
      "Only events recorded by --as-of are used, so 'replay --as-known' at that instant reproduces it.\n"
      "The summary is printed in every format: on stdout with --format table, on stderr (one line) with json and\n"
      "csv, whose stdout is the array of clocks needing attention.\n"
      "--notify-cmd runs after the sweep has committed, for every notice not sent yet (new or left unsent by an\n"
      "earlier failure), oldest first, through /bin/sh -c; its output goes to stderr. A failing command is\n"
      "reported on stderr and the notice stays unsent for the next sweep; it does not change the exit status.");
  sweep->callback([&o, args] { run_sweep_command(o, *args); });

  auto* overdue =
      app.add_subcommand("overdue", "the service desk's view: running clocks past due or due soon, soonest first");
  overdue->add_option("--as-of", args->as_of, "judge at this instant (default now)")->check(not_empty());
  overdue
      ->add_option("--due-within", args->due_within,
                   "also list clocks due within this window, in business time on each clock's calendar (1bd: by "
                   "the close of the current or next business day, 2bd, 4bh, 1bh30bm) or in elapsed time (1d, 4h, "
                   "1d4h, 90m)")
      ->check(not_empty());
  overdue->add_option("--customer", args->customer, "only this customer's contacts")->check(not_empty());
  overdue
      ->add_option("--clock", args->clock,
                   "only this clock: a DSC clock or one a stored rule version defines ('rules clocks' lists them)")
      ->check(not_empty());
  overdue->add_option("--priority", args->priority, "only clocks of entities with this priority, e.g. P1")
      ->check(not_empty());
  overdue->add_option("--status", args->status, "only pending, at_risk or breached")->check(not_empty());
  overdue->add_option("--limit", args->limit, "list at most this many clocks, the soonest due (default 0: all)")
      ->check(CLI::Validator(
          [](const std::string& s) {
            return !s.empty() && s.size() < 10 && s.find_first_not_of("0123456789") == std::string::npos
                       ? std::string()
                       : "'" + s + "' is not a number of clocks (0 or more; 0 lists every one)";
          },
          "N", "CLOCK_COUNT"));
  add_common_options(*overdue, o, db_option | calendar_option | format_option | time_options);
  overdue->get_option("--calendar")->description("only clocks judged on this calendar (each clock is on its own)");
  overdue->footer(
      "Reads the clock state stored by the latest sweep and judges each running clock again at --as-of\n"
      "(status, figures and reason are that instant's); the database is opened read-only.\n"
      "--due-within: Nbd lists clocks due by the close of the N-th business day, the current one counting\n"
      "as the first while it is open (Fri 18:00 + 1bd = Mon 17:00); Nbh/Nbm count business hours/minutes\n"
      "from --as-of (Fri 18:00 + 4bh = Mon 13:00); d, h, m, s are elapsed time (24x7).\n"
      "--limit N stops after the N clocks due soonest (a page for a large site: the work is the page's, not\n"
      "every match's) and says on stderr when more match; the output's shape is unchanged.");
  overdue->callback([&o, args, overdue, &app] {
    const CLI::Option* top = app.get_option_no_throw("--calendar");
    run_overdue(o, *args, overdue->get_option("--calendar")->count() > 0 || (top && top->count() > 0));
  });

  auto* replay = app.add_subcommand(
      "replay", "an auditor's replay of one entity: timeline, rules and every clock with its reason");
  replay->add_option("ENTITY", args->entity, "contact, breach or KPI-result id")->required();
  replay->add_option("--as-of", args->as_of, "replay as of this instant (default now)")->check(not_empty());
  replay->add_flag("--as-known", args->as_known, "use only events recorded by --as-of, as a sweep then saw them");
  replay->footer(
      "With --as-known, each clock is compared with the sweep stored at exactly --as-of: JSON gains\n"
      "\"matches_stored\" (true, false, or null when no sweep stored it) and CSV a matches_stored column.\n"
      "Exit status: 0, 3 when the replay differs from the stored sweep, 2 on an error.");
  add_common_options(*replay, o, db_option | calendars_dir_option | format_option | time_options);
  replay->callback([&o, args] { run_replay(o, *args); });
}

}  // namespace slaclock::cli
