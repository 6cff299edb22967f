#pragma once
// Printing clock results the same way for sweep, overdue and replay: one JSON
// object per clock with the SPEC's field names, a CSV row with the same
// columns, or an aligned table for people.
#include "cli_common.h"

#include <slaclock/clock/clock_result.h>

#include <iosfwd>
#include <optional>
#include <vector>

namespace slaclock::cli {

/// {"entity_id", "kind", "clock", "status", "started_at", "due_at", "stopped_at",
///  "rule_version", "band", "calendar", "customer", "reason", "measure",
///  "allowance_seconds", "used_seconds", "percent_used", "remaining_seconds"};
/// instants as ISO 8601 with offset (null when absent); the figures are null
/// for a clock that is not timed (ClockResult::is_timed).
nlohmann::json clock_json(const ClockResult& c, const CommonOptions& o);
/// The zone a clock's instants print in: its calendar's.
const TimeZone& clock_zone(const ClockResult& c, const CommonOptions& o);
/// `matches`, when given (replay --as-known), adds "matches_stored" to JSON
/// objects and a matches_stored CSV column: true, false or null/empty.
void print_clocks(std::ostream& os, const std::vector<ClockResult>& clocks, Format format, const CommonOptions& o,
                  const std::vector<std::optional<bool>>* matches = nullptr);

}  // namespace slaclock::cli
