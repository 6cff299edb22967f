#pragma once
#include "cli_common.h"

namespace slaclock::cli {

/// slaclock serve: the read-only web dashboard (engine/src/serve).
void register_serve_commands(CLI::App& app, CommonOptions& o);

}  // namespace slaclock::cli
