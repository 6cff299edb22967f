#pragma once
// `slaclock rules clocks`: see cli_clocks.cpp.
#include "cli_common.h"

#include <CLI/CLI.hpp>

namespace slaclock::cli {

void register_clock_commands(CLI::App& rules, CommonOptions& o);

}  // namespace slaclock::cli
