// slaclock: the command-line front end. It only parses arguments and turns
// exceptions into one line on stderr and an exit code; the work is the engine's.
#include "cli_about.h"
#include "cli_common.h"
#include "cli_kvi.h"
#include "cli_notices.h"
#include "cli_operations.h"
#include "cli_results.h"
#include "cli_serve.h"
#include "cli_store.h"
#include "cli_versions.h"

#include <slaclock/base/error.h>
#include <slaclock/base/text_safety.h>

#include <iostream>
#include <string>

namespace {

// An error quotes what it was given (a value, a file name, a header cell): a
// control or bidi character there must not reach the terminal either. Each
// line of a message escaped, its own line breaks kept.
std::string shown(const std::string& message) {
  std::string out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t end = message.find('\n', start);
    out += slaclock::terminal_safe(std::string_view(message).substr(start, end - start));
    if (end == std::string::npos) return out;
    out += '\n';
    start = end + 1;
  }
}

}  // namespace

int main(int argc, char** argv) {
  using namespace slaclock;
  CLI::App app{"slaclock: issue-resolution SLA clocks on business-day calendars", "slaclock"};
  app.require_subcommand(1);
  // Shared options (--db, --calendar, --format, ...) may come before or after
  // a subcommand's own arguments: subcommands inherit this and pass unknown
  // options up to the top level.
  app.fallthrough();
  cli::add_program_options(app);  // --data-dir, --version, --help-all
  cli::CommonOptions options;
  cli::add_common_options(app, options, cli::db_option | cli::calendar_option | cli::format_option | cli::time_options);
  cli::register_calendar_commands(app, options);
  cli::register_version_commands(app, options);
  cli::register_kvi_commands(app, options);
  cli::register_store_commands(app, options);
  cli::register_rules_commands(app, options);
  cli::register_operation_commands(app, options);
  cli::register_results_commands(app, options);
  cli::register_notice_commands(app, options);
  cli::register_serve_commands(app, options);
  // Before any command runs: a shared option the command does not use, or an unknown --calendar, is an error.
  app.parse_complete_callback([&app, &options] { cli::check_shared_options(app, options); });
  // A misspelt command gets a suggestion, not CLI11's "A subcommand is required".
  if (argc > 1 && argv[1][0] != '-') {
    std::string best;
    std::size_t best_distance = 3;  // suggest only near misses
    bool known = false;
    for (const CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
      known = known || sub->get_name() == argv[1];
      if (const std::size_t d = cli::edit_distance(sub->get_name(), argv[1]); d < best_distance)
        best_distance = d, best = sub->get_name();
    }
    if (!known) {
      std::cerr << "slaclock: unknown command '" << shown(argv[1]) << "'"
                << (best.empty() ? "" : " (did you mean '" + best + "'?)") << "; see slaclock --help\n";
      return 2;
    }
  }
  if (const auto problem = cli::find_command_line_problem(app, argc, argv);
      problem.kind == cli::CommandLineProblem::Kind::missing_value) {
    std::cerr << "slaclock: " << shown(problem.message) << " (see --help)\n";
    return 2;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::RuntimeError& e) {
    return e.get_exit_code();  // a command that already reported and chose its exit status
  } catch (const CLI::ParseError& e) {
    // One line, like every other error; usage errors exit 2 as well. An
    // unknown option or command gets the nearest known one.
    const cli::CommandLineProblem problem = cli::find_command_line_problem(app, argc, argv);
    // A missing command explains CLI11's "A subcommand is required" only, not
    // another error (a bad --data-dir) met before the command was chosen.
    const bool explains =
        !problem.message.empty() && (problem.kind != cli::CommandLineProblem::Kind::missing_command ||
                                     std::string(e.what()).find("A subcommand is required") != std::string::npos);
    std::cerr << "slaclock: " << shown(explains ? problem.message : std::string(e.what())) << " (see --help)\n";
    return 2;
  } catch (const slaclock::Error& e) {
    std::cerr << "slaclock: " << shown(e.what()) << '\n';
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "slaclock: " << shown(e.what()) << '\n';
    return 2;
  }
  return options.exit_code;
}
