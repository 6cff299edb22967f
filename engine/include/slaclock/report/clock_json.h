#pragma once
// One clock as JSON, the shape `sweep`, `overdue` and `replay --format json`
// print and the dashboard's /api/ serves: one definition for both.
//
//   nlohmann::json j = clock_json(c, &zone);     // instants in zone, with offset
//   nlohmann::json u = clock_json(c, nullptr);   // instants in UTC ("...Z")
#include <slaclock/clock/clock_result.h>
#include <slaclock/clock/holds.h>
#include <slaclock/time/time_zone.h>

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace slaclock {

/// {"entity_id", "kind", "clock", "status", "started_at", "due_at",
///  "stopped_at", "rule_version", "band", "calendar", "customer", "reason"};
/// instants as ISO 8601 in `zone` with its offset, or UTC when `zone` is null;
/// null when absent (band and customer too).
nlohmann::json clock_json(const ClockResult& c, const TimeZone* zone);

/// A clock as a sweep stored it (`slaclock results`): clock_json's keys,
/// with the figures null (a sweep's stored results keep none: measure,
/// allowance_seconds, used_seconds, percent_used, remaining_seconds,
/// held_seconds, held_since), plus "sweep_id" and "sweep_as_of" (the sweep
/// that wrote the row) and "priority" (null when unknown).
nlohmann::json stored_clock_json(const ClockResult& c, std::int64_t sweep_id, Instant sweep_as_of,
                                 const std::optional<std::string>& priority, const TimeZone* zone);
/// The keys of stored_clock_json in the order it prints them (sorted), for CSV.
const std::vector<std::string>& stored_clock_columns();
/// One value of stored_clock_json, in stored_clock_columns order.
struct StoredClockCell {
  enum class Kind { null, text, number } kind = Kind::null;
  std::string value;  ///< the text, or the number's digits
};
/// stored_clock_json's values without building the JSON tree (an extract is
/// millions of rows): `cells` is refilled, its buffers kept from row to row.
void stored_clock_cells(const ClockResult& c, std::int64_t sweep_id, Instant sweep_as_of,
                        const std::optional<std::string>& priority, const TimeZone* zone,
                        std::vector<StoredClockCell>& cells);
/// Appends the cells as one compact JSON object: the text
/// stored_clock_json(...).dump() (invalid UTF-8 replaced) gives, byte for byte.
void append_stored_clock_json(std::string& out, const std::vector<StoredClockCell>& cells);

/// The zone each clock prints in (its calendar's), or null for UTC.
using ClockZoneOf = std::function<const TimeZone*(const ClockResult&)>;
/// An array of clock_json objects; `matches`, when given (an as-known
/// replay), adds "matches_stored" to each: true, false or null.
nlohmann::json clocks_json(const std::vector<ClockResult>& clocks, const ClockZoneOf& zone_of,
                           const std::vector<std::optional<bool>>* matches = nullptr);

/// The text of clocks_json(clocks, zone_of, matches) as dump(2) with
/// invalid UTF-8 replaced prints it, byte for byte, written directly: the
/// overdue list of a large site is tens of thousands of clocks, and building
/// the JSON tree first cost several times the judging.
std::string clocks_json_text(const std::vector<ClockResult>& clocks, const ClockZoneOf& zone_of,
                             const std::vector<std::optional<bool>>* matches = nullptr);

/// A replay's holds in its JSON: each clock of `clocks` (the array
/// clocks_json made from `results`) that the rule version pauses gains
/// "holds": [{"from", "to" (null while held), "ended_by" (off_hold, resolved,
/// closed; null while held), "reason", "resumed_reason"}]; the others gain
/// nothing.
void add_replay_holds(nlohmann::json& clocks, const std::vector<ClockResult>& results,
                      const std::vector<HoldPeriod>& holds, const std::set<ClockId>& paused,
                      const ClockZoneOf& zone_of);

}  // namespace slaclock
