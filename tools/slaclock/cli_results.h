#pragma once
// slaclock results: every clock's stored judgement, for a BI tool's extract;
// slaclock report compliance: met, missed, breached and running clocks by
// clock, priority, customer and month.
#include "cli_common.h"

namespace slaclock::cli {

void register_results_commands(CLI::App& app, CommonOptions& o);

}  // namespace slaclock::cli
