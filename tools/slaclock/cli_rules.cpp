// slaclock rules load | list | check | impact
#include "cli_clocks.h"
#include "cli_operations.h"
#include "clock_output.h"

#include <slaclock/base/error.h>
#include <slaclock/base/paths.h>
#include <slaclock/config/rule_loader.h>
#include <slaclock/ops/rules_impact.h>
#include <slaclock/store/event_store.h>
#include <slaclock/store/rule_store.h>
#include <slaclock/time/timestamp.h>

#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <optional>

namespace slaclock::cli {

namespace {

struct RulesArgs {
  std::vector<std::string> files;
  bool allow_backdate = false;
};

struct ImpactArgs {
  std::string file, from, to, as_of, kvi_config;
  bool whole_range = false;
  std::size_t limit = 1000;
};

void run_check(const CommonOptions& o, const RulesArgs& a) {
  // The calendars a version names are found as a sweep would find them: a
  // database that exists counts (its `calendar load` versions), none is made.
  std::optional<EventStore> store;
  if (std::filesystem::exists(o.database_path()))
    store.emplace(EventStore::open(o.database_path(), OpenMode::read_only));
  const CalendarSource calendars(store ? &*store : nullptr, o.calendars_dir);
  for (const auto& f : a.files) {
    const RuleSet r = read_rule_set(f, calendars.check());
    std::cout << f << ": ok: version " << r.version << ", effective " << format_date(r.effective_from) << ", calendar "
              << r.calendar << ", sha256 " << r.content_sha256.substr(0, 16) << "\n";
  }
}

void run_load(const CommonOptions& o, const RulesArgs& a) {
  EventStore store = EventStore::open(o.database_path(), OpenMode::read_write);
  const CalendarsOfStore calendars_of_store(o, store);
  // Every file is read and checked before the first is stored.
  std::vector<RuleSet> versions;
  for (const auto& f : a.files) versions.push_back(read_rule_set(f, o.calendars().check()));
  for (std::size_t i = 0; i < a.files.size(); ++i) {
    const RuleVersionLoad r = load_rule_version(store, versions[i], a.files[i], wall_clock_now(), a.allow_backdate);
    std::cout << (r.already_loaded ? "already loaded: " : "loaded: ") << r.stored.version << " (effective "
              << format_date(r.stored.effective_from) << ", sha256 " << r.stored.content_sha256.substr(0, 16) << ")\n";
    if (r.sweeps_after_effective > 0)
      std::cout << "backdated over " << r.sweeps_after_effective
                << " stored sweep(s): their as-known replays keep the versions they recorded; plain replays of "
                   "their entities, and every later sweep, now judge by "
                << r.stored.version << "\n";
  }
}

void run_list(const CommonOptions& o) {
  const EventStore store = EventStore::open(o.database_path(), OpenMode::read_only);
  const CalendarsOfStore calendars_of_store(o, store);
  const auto versions = stored_rule_versions(store);
  std::vector<std::vector<std::string>> rows;
  for (const auto& v : versions)
    rows.push_back({v.version, format_date(v.effective_from), v.calendar, v.content_sha256, v.source_file,
                    format_utc(v.loaded_at)});
  const std::vector<std::string> headers = {"version",        "effective_from", "calendar",
                                            "content_sha256", "source_file",    "loaded_at"};
  const Format format = o.output_format();
  if (format == Format::table)
    for (auto& r : rows) r[3] = r[3].substr(0, 16);  // a hash prefix is enough on screen
  print_records(std::cout, format, headers, rows);
}

CivilDate date_option(const std::string& text, const std::string& option) {
  try {
    return parse_date(text);
  } catch (const InputError& e) {
    throw InputError({"", 0, option}, e.why());
  }
}

std::string flip_text(ClockStatus from, ClockStatus to) {
  return std::string(clock_status_name(from)) + "->" + clock_status_name(to);
}

std::string score_text(const std::optional<double>& score) {
  return score ? format_kvi_share(*score) : "none due";
}

std::string count_moves_text(const KviMove& k) {
  std::string out;
  for (const KviCountMove& c : k.counts)
    out += (out.empty() ? "" : "; ") + c.name + " " + std::to_string(c.current) + "->" + std::to_string(c.candidate);
  return out;
}

std::string instant_or_empty(const std::optional<Instant>& t, const CommonOptions& o, const TimeZone& zone) {
  return t ? o.format_time(*t, zone) : std::string();
}

nlohmann::json kvi_side_json(const KviResult& k) {
  return {{"figure", k.figure ? nlohmann::json(*k.figure) : nlohmann::json(nullptr)},
          {"figure_text", k.figure_text},
          {"numerator", k.numerator},
          {"denominator", k.denominator},
          {"rag", rag_name(k.rag)}};
}

nlohmann::json impact_json(const RulesImpact& r, const CommonOptions& o, const TimeZone& zone) {
  const auto instant = [&](Instant t) { return o.format_time(t, zone); };
  nlohmann::json j;
  j["candidate"] = {{"version", r.candidate.version},
                    {"effective_from", format_date(r.candidate.effective_from)},
                    {"time_zone", r.candidate.time_zone},
                    {"calendar", r.candidate.calendar},
                    {"content_sha256", r.candidate.content_sha256}};
  j["scope"] = impact_scope_name(r.scope);
  j["from"] = format_date(r.from);
  j["to"] = format_date(r.to);
  j["as_of"] = instant(r.as_of);
  j["judged_from"] = r.judged ? nlohmann::json(instant(r.judged->first)) : nlohmann::json(nullptr);
  j["judged_to"] = r.judged ? nlohmann::json(instant(r.judged->second)) : nlohmann::json(nullptr);
  j["replaced_versions"] = r.replaced_versions;
  j["already_loaded"] = r.already_loaded;
  j["sweeps_after_effective"] = r.sweeps_after_effective;
  j["entities_in_range"] = r.entities_in_range;
  j["entities_judged"] = r.entities_judged;
  j["entities_changed"] = r.entities_changed;
  j["clocks_judged"] = r.clocks_judged;
  j["clocks_changed"] = r.clocks_changed;
  j["by_clock"] = nlohmann::json::array();
  for (const auto& [clock, n] : r.by_clock)
    j["by_clock"].push_back({{"clock", clock_name(clock)},
                             {"changed", n.changed},
                             {"status_changed", n.status_changed},
                             {"due_moved", n.due_moved}});
  j["by_flip"] = nlohmann::json::array();
  for (const auto& [flip, n] : r.by_flip)
    j["by_flip"].push_back(
        {{"from", clock_status_name(flip.first)}, {"to", clock_status_name(flip.second)}, {"count", n}});
  j["changes"] = nlohmann::json::array();
  for (const ClockChange& c : r.changes)
    j["changes"].push_back({{"entity_id", c.candidate.entity_id},
                            {"kind", entity_kind_name(c.candidate.kind)},
                            {"clock", clock_name(c.candidate.clock)},
                            {"opened_month", format_kvi_month(c.opened_month)},
                            {"status_changed", c.status_changed()},
                            {"due_moved", c.due_moved()},
                            {"current", clock_json(c.current, o)},
                            {"candidate", clock_json(c.candidate, o)}});
  j["changes_listed"] = r.changes.size();
  j["kvi_months"] = nlohmann::json::array();
  const auto score = [](const std::optional<double>& s) { return s ? nlohmann::json(*s) : nlohmann::json(nullptr); };
  for (const KviMonthImpact& m : r.months) {
    nlohmann::json month{{"month", format_kvi_month(m.month)},
                         {"current_score", score(m.current_score)},
                         {"candidate_score", score(m.candidate_score)},
                         {"moved", nlohmann::json::array()}};
    for (const KviMove& k : m.moved) {
      nlohmann::json counts = nlohmann::json::array();
      for (const KviCountMove& c : k.counts)
        counts.push_back({{"name", c.name}, {"current", c.current}, {"candidate", c.candidate}});
      month["moved"].push_back({{"kvi", kvi_key(k.current.id)},
                                {"title", kvi_title(k.current.id)},
                                {"current", kvi_side_json(k.current)},
                                {"candidate", kvi_side_json(k.candidate)},
                                {"counts", std::move(counts)}});
    }
    j["kvi_months"].push_back(std::move(month));
  }
  return j;
}

// One flat CSV for a spreadsheet: a row per changed clock (section "clock")
// and per KVI that moves in a month (section "kvi"; the statuses are RAGs).
void print_impact_csv(std::ostream& os, const RulesImpact& r, const CommonOptions& o) {
  std::vector<std::vector<std::string>> rows;
  for (const ClockChange& c : r.changes) {
    const auto due = [&](const ClockResult& x) { return x.due_at ? o.format_time(*x.due_at, clock_zone(x, o)) : ""; };
    rows.push_back({"clock", format_kvi_month(c.opened_month), c.candidate.entity_id,
                    entity_kind_name(c.candidate.kind), clock_name(c.candidate.clock),
                    clock_status_name(c.current.status), clock_status_name(c.candidate.status), due(c.current),
                    due(c.candidate), "", "", ""});
  }
  for (const KviMonthImpact& m : r.months)
    for (const KviMove& k : m.moved)
      rows.push_back({"kvi", format_kvi_month(m.month), "", "", kvi_key(k.current.id), rag_name(k.current.rag),
                      rag_name(k.candidate.rag), "", "", k.current.figure_text, k.candidate.figure_text,
                      count_moves_text(k)});
  print_csv(os,
            {"section", "month", "entity_id", "kind", "item", "current_status", "candidate_status", "current_due_at",
             "candidate_due_at", "current_figure", "candidate_figure", "counts_moved"},
            rows);
}

void print_impact_table(std::ostream& os, const RulesImpact& r, const CommonOptions& o, const TimeZone& zone) {
  os << "rules impact of " << r.candidate.version << " (effective " << format_date(r.candidate.effective_from)
     << ", sha256 " << r.candidate.content_sha256.substr(0, 16) << ") on entities opened " << format_date(r.from)
     << ".." << format_date(r.to) << ", as of " << o.format_time(r.as_of, zone) << "\n";
  if (r.judged) {
    os << "scope " << impact_scope_name(r.scope) << ": the candidate judges entities opened from "
       << o.format_time(r.judged->first, zone) << " until " << o.format_time(r.judged->second, zone);
    if (!r.replaced_versions.empty()) {
      os << ", instead of";
      for (const auto& v : r.replaced_versions) os << ' ' << v;
    }
    os << "\n";
  } else {
    os << "scope " << impact_scope_name(r.scope) << ": the candidate judges no entity of the range (it takes effect "
       << format_date(r.candidate.effective_from)
       << " and would not be in force then; --whole-range judges the whole range by it)\n";
  }
  if (r.already_loaded) os << "already loaded: this version with this content is stored\n";
  if (r.sweeps_after_effective > 0)
    os << "loading it needs --allow-backdate: it takes effect before " << r.sweeps_after_effective
       << " stored sweep(s)\n";
  os << "entities opened in the range: " << r.entities_in_range << "; judged by the candidate: " << r.entities_judged
     << "; changed: " << r.entities_changed << " (" << r.clocks_changed << " of " << r.clocks_judged << " clocks)\n";
  if (r.clocks_changed > 0) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& [clock, n] : r.by_clock)
      rows.push_back({clock_name(clock), std::to_string(n.changed), std::to_string(n.status_changed),
                      std::to_string(n.due_moved)});
    os << "\nclocks that change, by clock\n";
    print_table(os, {"clock", "changed", "status changed", "due moved"}, rows);
    if (!r.by_flip.empty()) {
      rows.clear();
      for (const auto& [flip, n] : r.by_flip) rows.push_back({flip_text(flip.first, flip.second), std::to_string(n)});
      os << "\nstatus flips\n";
      print_table(os, {"flip", "clocks"}, rows);
    }
    rows.clear();
    for (const ClockChange& c : r.changes) {
      const TimeZone& z = clock_zone(c.candidate, o);
      rows.push_back({c.candidate.entity_id, clock_name(c.candidate.clock), format_kvi_month(c.opened_month),
                      flip_text(c.current.status, c.candidate.status), instant_or_empty(c.current.due_at, o, z),
                      instant_or_empty(c.candidate.due_at, o, z)});
    }
    os << "\nclock changes";
    if (r.changes.size() < r.clocks_changed)
      os << " (first " << r.changes.size() << " of " << r.clocks_changed << "; --limit 0 lists all)";
    os << "\n";
    print_table(os, {"entity", "clock", "opened", "status now->candidate", "due now", "due candidate"}, rows);
  }
  if (!r.months.empty()) {
    std::vector<std::vector<std::string>> rows;
    for (const KviMonthImpact& m : r.months)
      for (const KviMove& k : m.moved)
        rows.push_back({format_kvi_month(m.month), kvi_title(k.current.id), k.current.figure_text,
                        rag_name(k.current.rag), k.candidate.figure_text, rag_name(k.candidate.rag),
                        count_moves_text(k)});
    os << "\nKVI figures that move (" << format_kvi_month(r.months.front().month) << ".."
       << format_kvi_month(r.months.back().month) << ")";
    if (rows.empty()) {
      os << ": none\n";
    } else {
      os << "\n";
      print_table(os, {"month", "KVI", "figure now", "RAG now", "figure candidate", "RAG candidate", "counts"}, rows);
      rows.clear();
      for (const KviMonthImpact& m : r.months)
        if (m.current_score != m.candidate_score)
          rows.push_back({format_kvi_month(m.month), score_text(m.current_score), score_text(m.candidate_score)});
      if (!rows.empty()) {
        os << "\nweighted score\n";
        print_table(os, {"month", "score now", "score candidate"}, rows);
      }
    }
  }
}

void run_impact(const CommonOptions& o, const ImpactArgs& a) {
  RulesImpactOptions options;
  options.candidate_file = a.file;
  options.from = date_option(a.from, "--from");
  options.to = date_option(a.to, "--to");
  options.as_of = a.as_of.empty() ? wall_clock_now() : o.parse_time(a.as_of, "--as-of");
  options.scope = a.whole_range ? ImpactScope::whole_range : ImpactScope::as_loaded;
  if (a.limit > 0) options.list_limit = a.limit;
  options.calendars_dir = o.calendars_dir;
  if (!a.kvi_config.empty()) options.kvi_settings_file = a.kvi_config;
  const Format format = o.output_format();
  const EventStore store = EventStore::open(o.database_path(), OpenMode::read_only);
  const CalendarsOfStore calendars_of_store(o, store);
  const bool show_progress = isatty(STDERR_FILENO) != 0;
  if (show_progress)
    options.progress = [](std::size_t n) { std::cerr << "\rjudging: " << n << " entities" << std::flush; };
  const RulesImpact r = rules_impact(store, options);
  if (show_progress) std::cerr << "\r\033[K";
  const TimeZone zone = TimeZone::named(r.candidate.time_zone);
  switch (format) {
    case Format::json:
      std::cout << json_text(impact_json(r, o, zone), 2) << '\n';
      break;
    case Format::csv:
      print_impact_csv(std::cout, r, o);
      break;
    case Format::table:
      print_impact_table(std::cout, r, o, zone);
      break;
  }
}

}  // namespace

void register_rules_commands(CLI::App& app, CommonOptions& o) {
  auto* rules =
      app.add_subcommand("rules", "versioned SLA rules: check, load into the database, list, impact of a candidate");
  rules->require_subcommand(1);
  auto args = std::make_shared<RulesArgs>();

  auto* check = rules->add_subcommand("check", "validate rules files without loading them");
  check->add_option("FILE", args->files, "rules YAML files")->required()->check(CLI::ExistingFile);
  add_common_options(*check, o, db_option | calendars_dir_option);
  check->callback([&o, args] { run_check(o, *args); });

  auto* load = rules->add_subcommand("load", "store rule versions (with content hash and effective date)");
  load->add_option("FILE", args->files, "rules YAML files")->required()->check(CLI::ExistingFile);
  load->add_flag("--allow-backdate", args->allow_backdate,
                 "load a version that takes effect before the latest stored sweep, and say how many it reaches over");
  add_common_options(*load, o, db_option | calendars_dir_option);
  load->callback([&o, args] { run_load(o, *args); });

  auto impact_args = std::make_shared<ImpactArgs>();
  auto* impact =
      rules->add_subcommand("impact", "what a candidate rule version would change, before loading it (stores nothing)");
  impact->add_option("FILE", impact_args->file, "the candidate rules YAML (checked as 'rules load' checks it)")
      ->required()
      ->check(CLI::ExistingFile);
  impact->add_option("--from", impact_args->from, "first date of the range, YYYY-MM-DD (entities opened from then)")
      ->required()
      ->check(not_empty());
  impact->add_option("--to", impact_args->to, "last date of the range, YYYY-MM-DD (inclusive)")
      ->required()
      ->check(not_empty());
  impact->add_option("--as-of", impact_args->as_of, "judge clocks as of this instant (default now)")
      ->check(not_empty());
  impact->add_flag("--whole-range", impact_args->whole_range,
                   "judge every entity opened in the range by the candidate, whatever its effective_from (default: "
                   "only those it would judge once loaded)");
  impact->add_option("--limit", impact_args->limit,
                     "list at most N changed clocks (default 1000; 0 lists all); the counts are always complete");
  impact
      ->add_option("--kvi-config", impact_args->kvi_config,
                   "judge every month's KVIs by this settings YAML, without storing it (default: the settings "
                   "version in force in each month)")
      ->check(CLI::ExistingFile);
  add_common_options(*impact, o, db_option | calendars_dir_option | format_option | time_options);
  impact->footer(
      "Judges every contact, breach and KPI result opened in --from..--to (local dates in the candidate's\n"
      "time_zone) under the stored rule versions and under the candidate, at --as-of, and reports the clocks\n"
      "whose status or due instant would change and the KVI figures that would move, month by month.\n"
      "Opens the database read-only. Exit status 0, or 2 on an error (a bad candidate file names its\n"
      "file, line and field). See docs/rules.md.");
  impact->callback([&o, impact_args] { run_impact(o, *impact_args); });

  auto* list = rules->add_subcommand("list", "the rule versions in the database");
  add_common_options(*list, o, db_option | format_option);
  list->callback([&o] { run_list(o); });
  register_clock_commands(*rules, o);
}

}  // namespace slaclock::cli
