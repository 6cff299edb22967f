#pragma once
// slaclock notices | notices mark-sent, and what the sweep's --notify-cmd and
// --summary-json share with them: a notice as JSON, and running the notify
// command for one notice.
#include "cli_common.h"

#include <slaclock/store/notice_store.h>

#include <string>

namespace slaclock::cli {

void register_notice_commands(CLI::App& app, CommonOptions& o);

/// {"id", "kind", "entity_id", "entity_kind", "clock", "due_at", "customer",
///  "reason", "raised_at", "sweep_id", "sent_at", "sent_by", "sent_via"};
/// instants in the clock's calendar zone (or UTC with --utc), null when absent.
nlohmann::json notice_json(const StoredNotice& n, const CommonOptions& o);

/// Runs `command` through /bin/sh -c with the notice's JSON on standard input
/// (and SLACLOCK_NOTICE_ID, SLACLOCK_NOTICE_KIND in its environment); its
/// standard output goes to our standard error. True when it exits 0; a
/// failure is reported on standard error.
bool run_notify_command(const std::string& command, const StoredNotice& n, const CommonOptions& o);

/// Who a delivery is recorded as: `by` when given, else $USER, else $LOGNAME;
/// empty when none is set.
std::string who_delivers(const std::string& by);

}  // namespace slaclock::cli
