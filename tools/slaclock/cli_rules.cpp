// slaclock rules load | list | check
#include "cli_operations.h"

#include <slaclock/base/error.h>
#include <slaclock/base/paths.h>
#include <slaclock/config/rule_loader.h>
#include <slaclock/store/event_store.h>
#include <slaclock/store/rule_store.h>
#include <slaclock/time/timestamp.h>

#include <iostream>

namespace slaclock::cli {

namespace {

struct RulesArgs {
  std::vector<std::string> files;
  bool allow_backdate = false;
};

void run_check(const RulesArgs& a) {
  for (const auto& f : a.files) {
    const RuleSet r = read_rule_set(f);
    std::cout << f << ": ok: version " << r.version << ", effective " << format_date(r.effective_from) << ", calendar "
              << r.calendar << ", sha256 " << r.content_sha256.substr(0, 16) << "\n";
  }
}

void run_load(const CommonOptions& o, const RulesArgs& a) {
  EventStore store = EventStore::open(o.database_path(), OpenMode::read_write);
  for (const auto& f : a.files) {
    const RuleVersionLoad r = load_rule_version(store, f, wall_clock_now(), a.allow_backdate);
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

}  // namespace

void register_rules_commands(CLI::App& app, CommonOptions& o) {
  auto* rules = app.add_subcommand("rules", "versioned SLA rules: check, load into the database, list");
  rules->require_subcommand(1);
  auto args = std::make_shared<RulesArgs>();

  auto* check = rules->add_subcommand("check", "validate rules files without loading them");
  check->add_option("FILE", args->files, "rules YAML files")->required()->check(CLI::ExistingFile);
  check->callback([args] { run_check(*args); });

  auto* load = rules->add_subcommand("load", "store rule versions (with content hash and effective date)");
  load->add_option("FILE", args->files, "rules YAML files")->required()->check(CLI::ExistingFile);
  load->add_flag("--allow-backdate", args->allow_backdate,
                 "load a version that takes effect before the latest stored sweep, and say how many it reaches over");
  add_common_options(*load, o, db_option);
  load->callback([&o, args] { run_load(o, *args); });

  auto* list = rules->add_subcommand("list", "the rule versions in the database");
  add_common_options(*list, o, db_option | format_option);
  list->callback([&o] { run_list(o); });
}

}  // namespace slaclock::cli
