#pragma once
// What the program says about itself, and the help it gives when a command
// line is wrong: --version, --help-all, --data-dir, "did you mean ...", and
// shared options given to a command that does not use them.
#include "cli_common.h"

#include <string>

namespace slaclock::cli {

/// --data-dir, --version and --help-all on the top-level app (in that order:
/// --version reports the data folder --data-dir chose).
void add_program_options(CLI::App& app);

/// The --version text: version, git revision, SQLite, tzdata, data folder.
std::string version_text();

/// Run after parsing, before any command: refuses a shared option (--format,
/// --calendar, --utc, ...) that the chosen command does not use (--db is
/// accepted everywhere), and an unknown --calendar (listing the known ones).
void check_shared_options(CLI::App& app, const CommonOptions& o);

/// What is wrong with a command line, found by walking it the way CLI11 does.
struct CommandLineProblem {
  enum class Kind { none, unknown_option, unknown_command, missing_value, missing_command };
  Kind kind = Kind::none;
  /// "unknown option '--as-off' for 'slaclock sweep' (did you mean '--as-of'?)",
  /// "unknown command 'lst' for 'slaclock rules' (did you mean 'list'?)",
  /// "option '--customer' needs a value, not the option '--db'".
  std::string message;
};
/// The first problem on the command line. CLI11 reports unknown words in a
/// list without a suggestion, and gives an option with no value the next
/// option as its value (`--customer --db x`): main() asks this first.
CommandLineProblem find_command_line_problem(CLI::App& app, int argc, char** argv);

}  // namespace slaclock::cli
