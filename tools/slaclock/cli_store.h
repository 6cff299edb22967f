#pragma once
// slaclock init | import | verify: the commands that create and fill the
// timeline store.
#include "cli_common.h"

namespace slaclock::cli {

void register_store_commands(CLI::App& app, CommonOptions& o);

}  // namespace slaclock::cli
