#pragma once
// The name of an SLA clock. A rule version defines its clocks by name
// (clock/clock_definition.h), so a clock's name is data: the DSC clocks are
// constants here (`ClockId::acknowledge`), a site's own clocks are interned
// when their definition is read. A ClockId is two bytes, compared and copied
// as an integer; its name lives once, in the process's clock-name table.
//
//   if (c.clock == ClockId::acknowledge) ...
//   std::optional<ClockId> id = parse_clock_id("initial_response");  // a known name
//   ClockId mine = ClockId::named("p1_response");                    // a definition's name
#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace slaclock {

class ClockId {
 public:
  constexpr ClockId() noexcept = default;

  /// The clock of this name, entered in the table when new. Throws
  /// ConfigError unless the name is 1-64 characters of a-z, 0-9 and '_'
  /// starting with a letter (it appears in file names, URLs and CSV headers).
  static ClockId named(std::string_view name);
  /// Nothing when `name` is not a valid clock name (see named()).
  static std::optional<ClockId> try_named(std::string_view name) noexcept;

  // The DSC framework's clocks, in the order the engine reports them.
  static const ClockId acknowledge;            ///< contact: acknowledged with an agreed date
  static const ClockId initial_response;       ///< contact: resolved or updated with a revised date
  static const ClockId resolution;             ///< contact: resolved
  static const ClockId revised_resolution;     ///< contact: resolved by the agreed revised date
  static const ClockId regular_updates;        ///< contact: no gap between updates beyond the allowance
  static const ClockId gemini_resolution;      ///< NG/Gemini contact: resolved within its gas-day band
  static const ClockId breach_notification;    ///< breach: customers notified
  static const ClockId breach_resolution;      ///< breach: resolved
  static const ClockId kpi_miss_notice;        ///< missed KPI: customers notified
  static const ClockId kpi_consecutive;        ///< missed KPI: no more than N consecutive months
  static const ClockId parties_notification;   ///< contact affecting NG/DNs/iGTs: those parties notified
  static const ClockId breach_monthly_report;  ///< breach of a monthly-reported severity: in the monthly report
  static const ClockId issue_notification;     ///< issue: customers notified within its score band's allowance
  static const ClockId issue_plan;             ///< issue: a rectification plan within its score band's allowance

  constexpr std::uint16_t index() const noexcept { return index_; }
  /// The DSC clocks are 0..13; a site's own clocks follow in the order read.
  constexpr bool is_dsc() const noexcept { return index_ < 14; }
  friend constexpr bool operator==(ClockId, ClockId) noexcept = default;
  friend constexpr auto operator<=>(ClockId, ClockId) noexcept = default;

 private:
  constexpr explicit ClockId(std::uint16_t i) noexcept : index_(i) {}
  std::uint16_t index_ = 0;
};

inline constexpr ClockId ClockId::acknowledge{0};
inline constexpr ClockId ClockId::initial_response{1};
inline constexpr ClockId ClockId::resolution{2};
inline constexpr ClockId ClockId::revised_resolution{3};
inline constexpr ClockId ClockId::regular_updates{4};
inline constexpr ClockId ClockId::gemini_resolution{5};
inline constexpr ClockId ClockId::breach_notification{6};
inline constexpr ClockId ClockId::breach_resolution{7};
inline constexpr ClockId ClockId::kpi_miss_notice{8};
inline constexpr ClockId ClockId::kpi_consecutive{9};
inline constexpr ClockId ClockId::parties_notification{10};
inline constexpr ClockId ClockId::breach_monthly_report{11};
inline constexpr ClockId ClockId::issue_notification{12};
inline constexpr ClockId ClockId::issue_plan{13};

/// The DSC clocks, in the engine's order.
inline constexpr std::array<ClockId, 14> dsc_clock_ids{ClockId::acknowledge,          ClockId::initial_response,
                                                       ClockId::resolution,           ClockId::revised_resolution,
                                                       ClockId::regular_updates,      ClockId::gemini_resolution,
                                                       ClockId::breach_notification,  ClockId::breach_resolution,
                                                       ClockId::kpi_miss_notice,      ClockId::kpi_consecutive,
                                                       ClockId::parties_notification, ClockId::breach_monthly_report,
                                                       ClockId::issue_notification,   ClockId::issue_plan};

/// "acknowledge", "initial_response", ...; a site clock's own name.
const char* clock_name(ClockId id) noexcept;
/// A clock already known to this process (a DSC clock, or one a loaded rule
/// version defines); nothing for any other word.
std::optional<ClockId> parse_clock_id(std::string_view word) noexcept;
/// Every known clock's name, comma-separated, for error messages.
std::string list_clock_names();

}  // namespace slaclock
