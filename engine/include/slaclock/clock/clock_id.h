#pragma once
// The names of the SLA clocks: one enum, parsed once at the edges (command
// line, stored rows) and printed through one table, so a misspelt clock is a
// compile error inside and a clear error outside.
//
//   if (c.clock == ClockId::acknowledge) ...
//   std::optional<ClockId> id = parse_clock_id("initial_response");
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace slaclock {

enum class ClockId : std::uint8_t {
  acknowledge,            ///< contact: acknowledged with an agreed date
  initial_response,       ///< contact: resolved or updated with a revised date
  resolution,             ///< contact: resolved
  revised_resolution,     ///< contact: resolved by the agreed revised date
  regular_updates,        ///< contact: no gap between updates beyond the allowance
  gemini_resolution,      ///< NG/Gemini contact: resolved within its gas-day band
  breach_notification,    ///< breach: customers notified
  breach_resolution,      ///< breach: resolved
  kpi_miss_notice,        ///< missed KPI: customers notified
  kpi_consecutive,        ///< missed KPI: no more than N consecutive months
  parties_notification,   ///< contact marked as affecting NG/DNs/iGTs: those parties notified
  breach_monthly_report,  ///< breach of a monthly-reported severity: in the customers' monthly report
  issue_notification,     ///< issue: customers notified within its score band's allowance
  issue_plan,             ///< issue: a rectification plan within its score band's allowance
};

inline constexpr std::array<ClockId, 14> all_clock_ids{ClockId::acknowledge,          ClockId::initial_response,
                                                       ClockId::resolution,           ClockId::revised_resolution,
                                                       ClockId::regular_updates,      ClockId::gemini_resolution,
                                                       ClockId::breach_notification,  ClockId::breach_resolution,
                                                       ClockId::kpi_miss_notice,      ClockId::kpi_consecutive,
                                                       ClockId::parties_notification, ClockId::breach_monthly_report,
                                                       ClockId::issue_notification,   ClockId::issue_plan};

/// "acknowledge", "initial_response", ...
const char* clock_name(ClockId id) noexcept;
/// Nothing for an unknown word.
std::optional<ClockId> parse_clock_id(std::string_view word) noexcept;
/// "acknowledge, initial_response, ..." for error messages.
std::string list_clock_names();

}  // namespace slaclock
