#pragma once
// The compliance scorecard in words: JSON (the CLI's --format json and the
// dashboard's /api/compliance, one shape), rows for a table or CSV, and the
// HTML pieces the dashboard page and the committee pack share: the table
// and the month-by-month met % chart (inline SVG).
//
// The figures arrive as a ComplianceView (report/ sits below ops/, which
// computes them: ops/compliance_report.h fills it).
#include <slaclock/clock/clock_result.h>
#include <slaclock/time/time_zone.h>

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace slaclock {

/// Clocks by outcome: met, missed, breached (running past due), running
/// (pending or at risk). Not applicable clocks are never counted.
struct ComplianceFigures {
  std::size_t met = 0, missed = 0, breached = 0, running = 0;
  /// met + missed + breached: the clocks whose outcome is known.
  std::size_t judged() const noexcept { return met + missed + breached; }
  /// met / judged as a percentage rounded to one decimal; nothing when nothing is judged.
  std::optional<double> met_percent() const noexcept;
  /// Counts a clock of this status (not_applicable is ignored).
  void add(ClockStatus s) noexcept;
};

struct ComplianceView {
  std::string from, to;         ///< "YYYY-MM"
  std::vector<std::string> by;  ///< the dimensions' words, in order
  std::string time_zone;
  std::optional<std::int64_t> sweep_id;  ///< none: no sweep ran by the as-of
  std::optional<Instant> sweep_as_of;
  struct Group {
    std::vector<std::string> key;  ///< one per `by` ("" for no priority or customer)
    ComplianceFigures figures;
  };
  std::vector<Group> groups;
  struct Month {
    std::string month;  ///< "YYYY-MM"
    ComplianceFigures figures;
  };
  std::vector<Month> months;
  ComplianceFigures total;
};

/// The committee pack's "Service levels" section: the pack's month by clock,
/// and the met % of the months to it (the trend chart's months).
struct ServiceLevels {
  ComplianceView month;
  ComplianceView trend;
};

/// {"from", "to", "by", "time_zone", "sweep": {"id", "as_of"} | null,
///  "groups": [{<each by word>: text | null, "met", "missed", "breached",
///  "running", "judged", "met_percent"}], "months": [{"month", ...counts}],
///  "total": {...counts}}; instants in `zone` (UTC when null).
nlohmann::json compliance_json(const ComplianceView& view, const TimeZone* zone);
/// The by words then met, missed, breached, running, judged, met_percent.
std::vector<std::string> compliance_columns(const ComplianceView& view);
/// One row per group, as compliance_columns; empty text for no priority or
/// customer and for a met % with nothing judged.
std::vector<std::vector<std::string>> compliance_rows(const ComplianceView& view);

/// The groups as an HTML table (id `table_id`), every value escaped.
std::string compliance_table_html(const ComplianceView& view, const std::string& table_id);
/// The months' met % as bars in an inline SVG (the committee pack's trend
/// chart style): grey stubs for months with nothing judged.
std::string compliance_trend_svg(const ComplianceView& view);

}  // namespace slaclock
