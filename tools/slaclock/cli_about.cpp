#include "cli_about.h"

#include <slaclock/base/paths.h>
#include <slaclock/store/event_store.h>
#include <slaclock/time/time_zone.h>

#include <slaclock_build_info.h>  // generated: SLACLOCK_VERSION, SLACLOCK_GIT_REVISION

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>
#include <vector>

namespace slaclock::cli {

namespace {

// Options any command may be given: the program's own, and --db, so that a
// wrapper or alias can always name the database (commands without one ignore it).
bool accepted_by_every_command(const CLI::Option* opt) {
  for (const auto& n : opt->get_lnames())
    if (n == "help" || n == "help-all" || n == "version" || n == "data-dir" || n == "db") return true;
  return false;
}

std::vector<std::string> names_of(const CLI::Option* opt) {
  std::vector<std::string> out;
  for (const auto& n : opt->get_lnames()) out.push_back("--" + n);
  for (const auto& n : opt->get_snames()) out.push_back("-" + n);
  return out;
}

/// The command path: "slaclock calendar add".
std::string command_path(const CLI::App* leaf) {
  std::string path;
  for (const CLI::App* a = leaf; a; a = a->get_parent()) path = a->get_name() + (path.empty() ? "" : " " + path);
  return path;
}

/// The deepest subcommand given.
CLI::App* chosen_command(CLI::App& app) {
  CLI::App* leaf = &app;
  while (!leaf->get_subcommands().empty()) leaf = leaf->get_subcommands().front();
  return leaf;
}

std::string nearest(const std::string& word, const std::vector<std::string>& known) {
  std::string best;
  // A near miss only: 1 edit in a short word, at most 2 in a longer one.
  std::size_t best_distance = std::min<std::size_t>(2, std::max<std::size_t>(1, word.size() / 3)) + 1;
  for (const auto& k : known)
    if (const std::size_t d = edit_distance(k, word); d < best_distance) best_distance = d, best = k;
  return best;
}

bool looks_like_number(const std::string& s) {
  return s.size() > 1 && s[0] == '-' && (std::isdigit(static_cast<unsigned char>(s[1])) || s[1] == '.');
}

}  // namespace

std::string version_text() {
  return std::string("slaclock ") + SLACLOCK_VERSION + "\ngit revision " + SLACLOCK_GIT_REVISION + "\nSQLite " +
         sqlite_library_version() + ", tzdata " + tzdata_version() + "\ndata folder " + data_home().string() + " (" +
         data_home_origin() + ")";
}

void add_program_options(CLI::App& app) {
  static std::string data_dir;  // applied through set_data_home as it is parsed
  app.add_option("--data-dir", data_dir,
                 "folder holding calendars/ and config/ (default: $SLACLOCK_HOME, else the installed "
                 "share/slaclock, else the source tree)")
      ->check([](const std::string& dir) {
        std::error_code ec;
        if (dir.empty()) return std::string("is empty: give a folder or leave the option out");
        if (!std::filesystem::is_directory(std::filesystem::path(dir) / "calendars", ec))
          return "'" + dir + "' holds no calendars/ folder: not a slaclock data folder";
        return std::string();
      })
      ->each([](const std::string& dir) { set_data_home(dir); });
  app.set_version_flag("--version", version_text,
                       "print the version, git revision, SQLite and tzdata versions and the "
                       "data folder, and exit");
  app.set_help_all_flag("--help-all", "print the help of every command and exit");
}

void check_shared_options(CLI::App& app, const CommonOptions& o) {
  CLI::App* leaf = chosen_command(app);
  if (leaf == &app) return;
  for (const CLI::Option* opt : app.get_options()) {
    if (opt->count() == 0 || accepted_by_every_command(opt)) continue;
    const std::string name = names_of(opt).front();
    if (leaf->get_option_no_throw(name) == nullptr)
      throw CLI::ValidationError(
          name, "not used by '" + command_path(leaf) + "'" +
                    (name == "--calendar" && leaf->get_option_no_throw("--calendars-dir")
                         ? ": it judges each entity on its own calendar (the rule version's, its customer's or "
                           "customer class's, or its opening event's 'calendar' field; see docs/settings.md)"
                         : ""));
  }
  const CLI::Option* top = app.get_option_no_throw("--calendar");
  const CLI::Option* own = leaf->get_option_no_throw("--calendar");
  if ((top && top->count()) || (own && own->count())) o.load_calendar();  // unknown: lists the known ones
}

CommandLineProblem find_command_line_problem(CLI::App& app, int argc, char** argv) {
  std::vector<CLI::App*> chain{&app};  // the commands named so far; options fall through to ancestors
  for (int i = 1; i < argc; ++i) {
    const std::string token = argv[i];
    if (token == "--") break;
    if (token.size() > 1 && token[0] == '-' && !looks_like_number(token)) {
      const std::string name = token.substr(0, token.find('='));
      const CLI::Option* found = nullptr;
      std::vector<std::string> known;
      for (CLI::App* a : chain)
        for (const CLI::Option* opt : a->get_options()) {
          for (const auto& n : names_of(opt)) {
            known.push_back(n);
            if (n == name && !found) found = opt;
          }
        }
      if (!found) {
        const std::string best = nearest(name, known);
        return {CommandLineProblem::Kind::unknown_option, "unknown option '" + name + "' for '" +
                                                              command_path(chain.back()) + "'" +
                                                              (best.empty() ? "" : " (did you mean '" + best + "'?)")};
      }
      if (token.find('=') != std::string::npos || found->get_expected_min() == 0) continue;  // a flag
      // Its value: CLI11 would take even the next option as one.
      if (++i < argc) {
        const std::string value = argv[i];
        if (std::find(known.begin(), known.end(), value.substr(0, value.find('='))) != known.end())
          return {CommandLineProblem::Kind::missing_value,
                  "option '" + name + "' needs a value, not the option '" + value + "'"};
      }
      continue;
    }
    CLI::App* current = chain.back();
    std::vector<std::string> commands;
    CLI::App* named = nullptr;
    for (CLI::App* sub : current->get_subcommands([](CLI::App*) { return true; })) {
      commands.push_back(sub->get_name());
      if (sub->get_name() == token) named = sub;
    }
    if (named) {
      chain.push_back(named);
      continue;
    }
    if (!commands.empty() && current->get_require_subcommand_min() > 0) {
      const std::string best = nearest(token, commands);
      std::string all;
      for (const auto& c : commands) all += (all.empty() ? "" : ", ") + c;
      return {CommandLineProblem::Kind::unknown_command,
              "unknown command '" + token + "' for '" + command_path(current) + "'" +
                  (best.empty() ? " (one of " + all + ")" : " (did you mean '" + best + "'?)")};
    }
  }
  // 'slaclock rules' alone: say which commands it has, not CLI11's "A subcommand is required".
  if (CLI::App* last = chain.back(); last->get_require_subcommand_min() > 0) {
    std::string all;
    for (CLI::App* sub : last->get_subcommands([](CLI::App*) { return true; }))
      all += (all.empty() ? "" : ", ") + sub->get_name();
    return {CommandLineProblem::Kind::missing_command, "'" + command_path(last) + "' needs a command: one of " + all};
  }
  return {};
}

}  // namespace slaclock::cli
