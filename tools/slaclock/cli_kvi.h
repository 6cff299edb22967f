#pragma once
// slaclock kvi: the month's KVI figures, RAG and weighted scorecard, as a
// table, JSON, CSV or the committee's HTML pack.
#include "cli_common.h"

namespace slaclock::cli {

void register_kvi_commands(CLI::App& app, CommonOptions& o);

}  // namespace slaclock::cli
