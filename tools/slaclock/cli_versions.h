#pragma once
#include "cli_common.h"

namespace slaclock::cli {

/// calendar load | versions (under the calendar command) and kvi-settings load | list.
void register_version_commands(CLI::App& app, CommonOptions& o);

}  // namespace slaclock::cli
