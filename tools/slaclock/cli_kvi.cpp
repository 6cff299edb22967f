// slaclock kvi --month YYYY-MM [--as-of T] [--format table|json|csv|html] [--out FILE] [--explain]
//              [--issue-register]
#include "cli_kvi.h"

#include <slaclock/base/error.h>
#include <slaclock/base/paths.h>
#include <slaclock/base/safe_output.h>
#include <slaclock/kvi/scorecard.h>
#include <slaclock/ops/compliance_report.h>
#include <slaclock/ops/kvi_pack.h>
#include <slaclock/report/kvi_report.h>
#include <slaclock/store/event_store.h>
#include <slaclock/time/timestamp.h>

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

namespace slaclock::cli {

namespace {

struct KviArgs {
  std::string month;
  std::string as_of;
  std::string out;
  std::string config;
  bool explain = false;
  bool issue_register = false;
};

std::string weight_text(double w) {
  std::ostringstream os;
  os << w;
  return os.str();
}

std::string score_text(const KviScorecard& card) {
  if (!card.score) return "no KVI due this month";
  return format_kvi_share(*card.score);
}

std::vector<std::vector<std::string>> scorecard_rows(const KviScorecard& card, bool with_comment) {
  std::vector<std::vector<std::string>> rows;
  for (const KviResult& k : card.kvis) {
    std::vector<std::string> row{kvi_title(k.id),
                                 weight_text(k.settings.weight),
                                 k.window,
                                 k.figure_text,
                                 k.target ? format_kvi_share(*k.target) : "",
                                 rag_name(k.rag)};
    if (with_comment) {
      row.insert(row.begin(), kvi_key(k.id));
      row.push_back(k.comment);
      // Each row stands alone in a spreadsheet: which settings judged it.
      row.push_back(card.settings_version);
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

void print_explain(std::ostream& os, const KviScorecard& card) {
  for (const KviResult& k : card.kvis) {
    if (k.counts.empty()) continue;
    os << '\n' << kvi_title(k.id) << ": " << k.comment << '\n';
    for (const KviCount& c : k.counts) {
      os << "  " << c.name << " = " << c.count();
      if (!c.entity_ids.empty()) {
        os << ":";
        for (const auto& id : c.entity_ids) os << ' ' << id;
      }
      os << '\n';
    }
  }
}

void run_kvi(const CommonOptions& o, const KviArgs& a) {
  const KviMonth month = parse_kvi_month(a.month, "--month");
  // html is ours alone; the shared helper knows table/json/csv.
  const bool html = o.format == "html";
  const Format format = html ? Format::json : o.output_format();
  const std::optional<Instant> as_of =
      a.as_of.empty() ? std::nullopt : std::optional<Instant>(o.parse_time(a.as_of, "--as-of"));

  const EventStore store = EventStore::open(o.database_path(), OpenMode::read_only);
  const CalendarsOfStore calendars_of_store(o, store);
  KviPackOptions options;
  options.month = month;
  options.as_of = as_of;
  if (!a.config.empty()) options.settings_file = a.config;
  options.calendars_dir = o.calendars_dir;
  options.trend_months = html && !a.issue_register ? 12 : 0;
  const KviPack pack = kvi_pack_from_store(store, options);
  const KviScorecard& card = pack.card;
  if (!pack.settings_not_stored.empty())
    std::cerr << "slaclock: note: " << format_kvi_month(month)
              << " starts before every KVI settings version stored in the database: judged by the shipped settings "
              << pack.settings_not_stored
              << " (load the settings in force then with 'slaclock kvi-settings load FILE')\n";

  // The pack is rendered in memory and written only when complete, through a
  // file that can never be the database (see base/safe_output.h).
  const bool to_file = !a.out.empty() && a.out != "-";
  std::ostringstream buffer;
  std::ostream& os = to_file ? static_cast<std::ostream&>(buffer) : std::cout;
  if (a.issue_register) {
    if (html)
      os << render_issue_register_html(card);
    else if (format == Format::json)
      os << json_text(issue_register_json(card), 2) << '\n';
    else if (format == Format::csv)
      print_csv(os, issue_register_columns(), issue_register_rows(card));
    else
      print_table(os, issue_register_columns(), issue_register_rows(card));
  } else if (html) {
    // The pack also carries the site's own service levels (report compliance).
    const ServiceLevels levels = service_levels(store, month, card.as_of, TimeZone::named(card.time_zone));
    os << render_kvi_html(card, pack.trend, &levels);
  } else if (format == Format::json) {
    os << json_text(kvi_scorecard_json(card, true), 2) << '\n';
  } else if (format == Format::csv) {
    print_csv(os, {"kvi", "title", "weight", "window", "figure", "target", "rag", "comment", "settings_version"},
              scorecard_rows(card, true));
  } else {
    const TimeZone zone = TimeZone::named(card.time_zone);
    os << "KVI scorecard " << format_kvi_month(card.month) << " as of " << o.format_time(card.as_of, zone) << '\n'
       << "settings " << card.settings_version << " (" << card.settings_title << ", from "
       << format_date(card.settings_effective_from) << ")\n\n";
    print_table(os, {"KVI", "weight", "period", "figure", "target", "RAG"}, scorecard_rows(card, false));
    os << "\nscore: " << score_text(card);
    if (card.score)
      os << " (" << weight_text(card.earned_weight) << " of " << weight_text(card.due_weight) << " weight due)";
    os << '\n';
    for (const KviResult& k : card.kvis) {
      if (k.breakdown.empty() && k.excluded.empty()) continue;
      os << '\n' << kvi_title(k.id) << ":\n";
      for (const KviSubFigure& b : k.breakdown) os << "  " << b.label << ": " << b.figure_text << '\n';
      for (const KviExclusion& x : k.excluded)
        os << "  out of scope (" << x.rule.reason << "): " << x.entity_ids.size() << '\n';
    }
    if (a.explain) print_explain(os, card);
  }
  if (to_file) {
    std::vector<std::filesystem::path> protect = database_files(o.database_path());
    if (!a.config.empty()) protect.push_back(a.config);
    write_output_file(a.out, buffer.str(), protect, "--out");
    return;
  }
  os.flush();
  if (!os) throw InputError({"", 0, "--out"}, "writing to standard output failed");
}

}  // namespace

void register_kvi_commands(CLI::App& app, CommonOptions& o) {
  auto args = std::make_shared<KviArgs>();
  auto* kvi = app.add_subcommand("kvi", "the month's KVI figures, RAG and weighted scorecard");
  kvi->add_option("--month", args->month, "the month, YYYY-MM")->check(not_empty())->required();
  kvi->add_option("--as-of", args->as_of,
                  "judge clocks as of this instant (default: the end of the month, Europe/London)")
      ->check(not_empty());
  kvi->add_option("--out", args->out,
                  "write to FILE (created 0600, replaced only when complete; never the database) instead of "
                  "standard output; - is standard output");
  kvi->add_option("--kvi-config", args->config,
                  "judge by this KVI settings YAML, without storing it (default: the stored settings version in force "
                  "on the month's first day, else the shipped one in config/kvi/ in the data folder)");
  kvi->add_flag("--explain", args->explain, "list the entity ids behind every count (always included in JSON)");
  kvi->add_flag("--issue-register", args->issue_register,
                "write the issue register instead (every issue raised by the as-of: score, band, notification, plan, "
                "status) in the chosen format (csv and html for the monthly pack)");
  add_common_options(*kvi, o, db_option | calendars_dir_option | format_option | time_options);
  kvi->footer(
      "--format html writes the committee pack: one self-contained HTML file with the scorecard, 12-month "
      "trends, breach detail, the issue register and overdue detail.\nEach month is judged by the KVI settings "
      "version in force on its first day (kvi-settings list).\nRAG rules: docs/kvi.md (installed in "
      "share/doc/slaclock).");
  kvi->callback([&o, args] { run_kvi(o, *args); });
}

}  // namespace slaclock::cli
