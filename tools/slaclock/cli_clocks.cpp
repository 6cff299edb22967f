// `slaclock rules clocks`: the clocks the stored rule versions define, the
// clock kinds, or just the clock names (for the shell completion), all read
// from the one clock table and the stored definitions, never a list kept here.
#include "cli_clocks.h"

#include <slaclock/clock/clock_definition.h>
#include <slaclock/report/clock_reason.h>
#include <slaclock/store/event_store.h>
#include <slaclock/store/rule_store.h>

#include <iostream>
#include <map>
#include <set>

namespace slaclock::cli {

namespace {

std::string target_text(const ClockDefinition& d) {
  if (!clock_kind_facts(d.kind).has_target) return "";
  if (d.target.by.empty()) return describe(d.target.fallback);
  std::string out = "by " + d.target.by + ":";
  for (const auto& [key, a] : d.target.table) out += " " + key + " " + describe(a) + ";";
  return out + " default " + describe(d.target.fallback);
}

std::string notices_text(const ClockDefinition& d) {
  std::string out;
  for (NoticeKind k : all_notice_kinds)
    if (d.notices.count(k)) out += (out.empty() ? "" : " ") + std::string(notice_kind_name(k));
  return out;
}

void print_kinds(const CommonOptions& o) {
  std::vector<std::vector<std::string>> rows;
  for (const ClockKindFacts& k : all_clock_kinds()) {
    std::string entities;
    for (EntityKind e : k.entities) entities += (entities.empty() ? "" : " ") + std::string(entity_kind_name(e));
    rows.push_back({k.name, entities, k.may_pause ? "yes" : "no", k.has_target ? "yes" : "no", k.about});
  }
  print_records(std::cout, o.output_format(), {"kind", "entities", "may_pause", "has_target", "about"}, rows);
}

// The names known without a database: the DSC clocks; with one, the stored
// versions' own first.
void print_names(const CommonOptions& o) {
  std::set<std::string> seen;
  const auto say = [&](const std::string& n) {
    if (seen.insert(n).second) std::cout << n << '\n';
  };
  try {
    const EventStore store = EventStore::open(o.database_path(), OpenMode::read_only);
    const RuleBook book = stored_rule_book(store);
    for (const RuleSet& v : book.versions())
      for (const ClockDefinition& d : v.clocks) say(clock_name(d.id));
  } catch (const Error&) {
    // No database (yet): the completion still offers the DSC clocks.
  }
  for (ClockId id : dsc_clock_ids) say(clock_name(id));
}

void print_defined(const CommonOptions& o) {
  const EventStore store = EventStore::open(o.database_path(), OpenMode::read_only);
  const RuleBook book = stored_rule_book(store);
  std::vector<std::vector<std::string>> rows;
  for (const RuleSet& v : book.versions())
    for (const ClockDefinition& d : v.clocks) {
      std::string stops;
      for (const ClockEvent& s : d.stops) stops += (stops.empty() ? "" : " ") + std::string(event_type_name(s.event));
      rows.push_back({v.version, clock_name(d.id), clock_kind_name(d.kind), entity_kind_name(d.entity),
                      event_type_name(d.start.event), stops, d.pause_on_hold ? "yes" : "no", target_text(d),
                      notices_text(d)});
    }
  print_records(std::cout, o.output_format(),
                {"version", "clock", "kind", "entity", "start", "stops", "pause_on_hold", "target", "notices"}, rows);
}

std::string kinds_footer() {
  std::string out = "Clock kinds (docs/settings.md, \"Clocks as data\"):\n";
  for (const ClockKindFacts& k : all_clock_kinds()) out += "  " + std::string(k.name) + ": " + k.about + "\n";
  out += "The DSC clocks:";
  for (ClockId id : dsc_clock_ids) out += " " + std::string(clock_name(id));
  return out;
}

}  // namespace

void register_clock_commands(CLI::App& rules, CommonOptions& o) {
  struct Args {
    bool names = false, kinds = false;
  };
  auto args = std::make_shared<Args>();
  auto* clocks = rules.add_subcommand(
      "clocks", "the clocks each stored rule version defines (kind, start, stops, holds, target, notices)");
  add_common_options(*clocks, o, db_option | format_option);
  clocks->add_flag("--names", args->names, "only the clock names, one per line (what the shell completion offers)");
  clocks->add_flag("--kinds", args->kinds, "the clock kinds a definition may name, instead");
  clocks->footer(kinds_footer());
  clocks->callback([&o, args] {
    if (args->names && args->kinds) throw InputError({"", 0, "--names"}, "give --names or --kinds, not both");
    if (args->kinds) return print_kinds(o);
    if (args->names) return print_names(o);
    print_defined(o);
  });
}

}  // namespace slaclock::cli
