// slaclock results [--as-of T] [--clock NAME ..] [--status S ..] [--priority P ..] [--customer C] [--kind K]
//                  [--since T] [--format json|csv|table]
// slaclock report compliance --from YYYY-MM --to YYYY-MM [--by clock,priority,customer,month] [--as-of T]
#include "cli_results.h"

#include "clock_output.h"

#include <slaclock/base/error.h>
#include <slaclock/kvi/scorecard.h>
#include <slaclock/ops/clock_names.h>
#include <slaclock/ops/compliance_report.h>
#include <slaclock/ops/results.h>
#include <slaclock/report/clock_json.h>
#include <slaclock/report/compliance_report.h>
#include <slaclock/time/timestamp.h>

#include <iomanip>
#include <iostream>
#include <memory>

namespace slaclock::cli {

namespace {

struct ResultsArgs {
  std::string as_of, customer, kind, since;
  std::vector<std::string> clocks, statuses, priorities;
};

struct ComplianceArgs {
  std::string from, to, by = "clock,month", as_of;
};

std::optional<Instant> optional_time(const CommonOptions& o, const std::string& text, const std::string& option) {
  return text.empty() ? std::nullopt : std::optional<Instant>(o.parse_time(text, option));
}

// Each --clock, --status and --kind word parsed here, once.
ResultsQuery results_query(const ResultsArgs& a, const EventStore& store) {
  ResultsQuery q;
  for (const std::string& word : a.clocks) {
    const auto id = find_clock(store, word);  // a DSC clock or one a stored version defines
    if (!id) throw InputError({"", 0, "--clock"}, "'" + word + "' is not a clock; use one of " + clock_names_of(store));
    q.clocks.push_back(*id);
  }
  for (const std::string& word : a.statuses) {
    const auto s = parse_clock_status(word);
    if (!s)
      throw InputError({"", 0, "--status"},
                       "'" + word + "' is not a status; use pending, at_risk, breached, met, missed or not_applicable");
    q.statuses.push_back(*s);
  }
  if (!a.kind.empty()) {
    q.kind = parse_entity_kind(a.kind);
    if (!q.kind) {
      std::string kinds;
      for (const EntityKind k : all_entity_kinds)
        kinds += (kinds.empty() ? "" : ", ") + std::string(entity_kind_name(k));
      throw InputError({"", 0, "--kind"}, "'" + a.kind + "' is not an entity kind; use one of " + kinds);
    }
  }
  if (!a.customer.empty()) q.customer = a.customer;
  q.priorities = a.priorities;
  return q;
}

void run_results(const CommonOptions& o, const ResultsArgs& a) {
  const EventStore store = EventStore::open(o.database_path(), OpenMode::read_only);
  ResultsQuery q = results_query(a, store);
  const Format format = o.output_format();
  const std::optional<Instant> as_of = optional_time(o, a.as_of, "--as-of");
  q.since = optional_time(o, a.since, "--since");
  const CalendarsOfStore calendars_of_store(o, store);
  const std::optional<SweepRef> sweep = results_sweep(store, as_of);
  if (!sweep)
    std::cerr << "slaclock: note: "
              << (as_of ? "no sweep ran by " + a.as_of : std::string("no sweep has run yet: run 'slaclock sweep'"))
              << "; no results\n";
  // The priority column needs a read of the events: only JSON, CSV or a
  // --priority filter ask for it; the table leaves it out.
  q.with_priority = format != Format::table || !q.priorities.empty();
  std::ostream& os = std::cout;
  const auto zone = [&](const ClockResult& c) { return o.utc ? nullptr : &clock_zone(c, o); };
  std::size_t n = 0;
  std::vector<std::vector<std::string>> table;
  std::vector<StoredClockCell> cells;
  std::vector<std::string> row;
  std::string line;
  const auto write = [&](const ResultRow& r) {
    // JSON and CSV are written as read: a million rows are never held.
    if (format == Format::json) {
      stored_clock_cells(r.clock, r.sweep_id, r.sweep_as_of, r.priority, zone(r.clock), cells);
      line.assign(n == 0 ? "[\n" : ",\n");
      append_stored_clock_json(line, cells);
      os << line;
    } else if (format == Format::csv) {
      stored_clock_cells(r.clock, r.sweep_id, r.sweep_as_of, r.priority, zone(r.clock), cells);
      if (n == 0) print_csv_line(os, stored_clock_columns());
      row.resize(cells.size());
      for (std::size_t i = 0; i < cells.size(); ++i)
        row[i].assign(cells[i].kind == StoredClockCell::Kind::null ? std::string_view() : cells[i].value);
      print_csv_line(os, row);
    } else {
      // The table is for people: held to align its columns (csv or json for an extract).
      const TimeZone* z = zone(r.clock);
      const auto when = [&](const std::optional<Instant>& t) {
        return !t ? std::string() : z ? format_instant(*t, *z) : format_utc(*t);
      };
      table.push_back({r.clock.entity_id, clock_name(r.clock.clock), clock_status_name(r.clock.status),
                       when(r.clock.due_at), when(r.clock.stopped_at), r.clock.customer, std::to_string(r.sweep_id),
                       r.clock.reason});
    }
    ++n;
    return true;
  };
  if (sweep) {
    q.sweep = *sweep;
    for_each_result(store, q, write);
  }
  if (format == Format::json) {
    os << (n == 0 ? "[]\n" : "\n]\n");
  } else if (format == Format::csv) {
    if (n == 0) print_csv(os, stored_clock_columns(), {});
  } else {
    if (sweep)
      os << "stored results of the sweep as of " << o.format_time(sweep->as_of, o.zone_of_calendar(o.calendar))
         << " (sweep " << sweep->id << ")\n";
    if (table.empty())
      os << "no clock matches\n";
    else
      print_table(os, {"entity", "clock", "status", "due", "stopped", "customer", "sweep", "reason"}, table);
  }
  os.flush();
  if (!os) throw InputError({"", 0, "--format"}, "writing to standard output failed");
}

void run_compliance(const CommonOptions& o, const ComplianceArgs& a) {
  ComplianceRequest req;
  req.from = parse_kvi_month(a.from, "--from");
  req.to = parse_kvi_month(a.to, "--to");
  if (req.to < req.from)
    throw InputError({"", 0, "--from"}, "'" + a.from + "' is after --to '" + a.to + "': give the earlier month first");
  req.by = parse_compliance_by(a.by, "--by");
  req.as_of = optional_time(o, a.as_of, "--as-of");
  const Format format = o.output_format();
  const EventStore store = EventStore::open(o.database_path(), OpenMode::read_only);
  const CalendarsOfStore calendars_of_store(o, store);
  // Months are local to the site: --display-zone, else the default
  // calendar's zone (Europe/London for england-and-wales); --utc for UTC.
  req.zone = o.utc ? TimeZone::utc() : o.zone_of_calendar(o.calendar);
  const ComplianceView view = compliance_view(compliance_report(store, req));
  if (!view.sweep_id)
    std::cerr << "slaclock: note: "
              << (req.as_of ? "no sweep ran by " + a.as_of : std::string("no sweep has run yet: run 'slaclock sweep'"))
              << "; nothing counted\n";
  std::ostream& os = std::cout;
  const TimeZone* zone = o.utc ? nullptr : &req.zone;
  if (format == Format::json) {
    os << json_text(compliance_json(view, zone), 2) << '\n';
  } else if (format == Format::csv) {
    print_csv(os, compliance_columns(view), compliance_rows(view));
  } else {
    os << "compliance " << view.from << " to " << view.to << " by due month (" << view.time_zone << ")";
    if (view.sweep_as_of) os << ", as the sweep as of " << o.format_time(*view.sweep_as_of, req.zone) << " judged";
    os << "\n";
    std::vector<std::string> headers = view.by;
    for (const char* h : {"met", "missed", "breached", "running", "met %"}) headers.emplace_back(h);
    std::vector<std::vector<std::string>> rows;
    for (auto row : compliance_rows(view)) {
      for (std::size_t i = 0; i < view.by.size(); ++i)
        if (row[i].empty()) row[i] = "(none)";                                   // no priority or customer recorded
      row.erase(row.begin() + static_cast<std::ptrdiff_t>(view.by.size()) + 4);  // judged: met + missed + breached
      rows.push_back(std::move(row));
    }
    if (rows.empty())
      os << "no clock fell due in these months\n";
    else
      print_table(os, headers, rows);
    const auto pct = view.total.met_percent();
    os << "\nall: " << view.total.met << " met, " << view.total.missed << " missed, " << view.total.breached
       << " breached, " << view.total.running << " running";
    if (pct) os << "; met " << std::fixed << std::setprecision(1) << *pct << "%";
    os << '\n';
  }
  os.flush();
  if (!os) throw InputError({"", 0, "--format"}, "writing to standard output failed");
}

}  // namespace

void register_results_commands(CLI::App& app, CommonOptions& o) {
  auto args = std::make_shared<ResultsArgs>();
  auto* results = app.add_subcommand(
      "results", "every clock's stored judgement (not only those needing attention), for a BI extract");
  results->add_option("--as-of", args->as_of, "read the latest sweep at or before this instant (default: the latest)")
      ->check(not_empty());
  results->add_option("--clock", args->clocks, "only these clocks, e.g. acknowledge resolution")->check(not_empty());
  results
      ->add_option("--status", args->statuses,
                   "only these statuses (pending, at_risk, breached, met, missed, "
                   "not_applicable), as the sweep judged them")
      ->check(not_empty());
  results->add_option("--priority", args->priorities, "only clocks of entities with these priorities (by the stop)")
      ->check(not_empty());
  results->add_option("--customer", args->customer, "only this customer's clocks")->check(not_empty());
  results->add_option("--kind", args->kind, "only entities of this kind (contact, breach, kpi, ...)")
      ->check(not_empty());
  results
      ->add_option("--since", args->since,
                   "only clocks whose stored row was written by a sweep whose as-of is after this instant "
                   "(incremental extracts)")
      ->check(not_empty());
  add_common_options(*results, o, db_option | format_option | time_options);
  results->footer(
      "Each (entity, clock) as the sweep read recorded it: its last stored row at or before that sweep\n"
      "(sweeps store only changed clocks). sweep_id and sweep_as_of name the sweep that wrote the row;\n"
      "priority is the entity's as recorded by the clock's stop (by the sweep's as-of while running).\n"
      "JSON (an array, one object a line) and CSV are written as they are read; the database is opened\n"
      "read-only. Fields: docs/json.md.");
  results->callback([&o, args] { run_results(o, *args); });

  auto cargs = std::make_shared<ComplianceArgs>();
  auto* report = app.add_subcommand("report", "service-level reports from the stored sweeps");
  report->require_subcommand(1);
  auto* compliance = report->add_subcommand(
      "compliance", "met, missed, breached and running clocks and met % by clock, priority, customer and month");
  compliance->add_option("--from", cargs->from, "the first month, YYYY-MM (of the clocks' due instants)")
      ->check(not_empty())
      ->required();
  compliance->add_option("--to", cargs->to, "the last month, YYYY-MM")->check(not_empty())->required();
  compliance
      ->add_option("--by", cargs->by,
                   "group by some of clock, priority, customer, month, in this order "
                   "(default clock,month)")
      ->check(not_empty());
  compliance
      ->add_option("--as-of", cargs->as_of,
                   "as the latest sweep at or before this instant judged (default: "
                   "the latest sweep)")
      ->check(not_empty());
  add_common_options(*compliance, o, db_option | format_option | time_options);
  compliance->footer(
      "A clock counts in the month its due instant falls in (the site's zone: --display-zone, else\n"
      "Europe/London; --utc for UTC). met % = met / (met + missed + breached); breached is running past due,\n"
      "running is pending or at risk; not applicable clocks and clocks with no due instant are left out.\n"
      "The database is opened read-only. Fields: docs/json.md.");
  compliance->callback([&o, cargs] { run_compliance(o, *cargs); });
}

}  // namespace slaclock::cli
