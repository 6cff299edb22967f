#pragma once
// rules load|list|check, sweep, overdue, replay.
#include "cli_common.h"

namespace slaclock::cli {

void register_rules_commands(CLI::App& app, CommonOptions& o);
void register_operation_commands(CLI::App& app, CommonOptions& o);

}  // namespace slaclock::cli
