#pragma once
// The generic service-level scorecard (`slaclock report compliance`, the
// dashboard's /compliance): the stored judgements of a sweep counted by
// clock, priority, customer and/or month. Figures only; report/
// compliance_report.h words them.
//
//   ComplianceRequest req;
//   req.from = parse_kvi_month("2026-01");
//   req.to = parse_kvi_month("2026-03");
//   req.by = parse_compliance_by("clock,month", "--by");
//   ComplianceView v = compliance_view(compliance_report(store, req));   // report/compliance_report.h renders it
//
// A clock belongs to the month its due instant falls in (local to `zone`):
// the month its promise fell due, whether it was kept before, on or after
// it, so a month's figures do not move as late clocks stop. Clocks with no
// due instant (not applicable, consecutive-miss clocks) are left out.
#include <slaclock/kvi/scorecard.h>
#include <slaclock/ops/results.h>
#include <slaclock/report/compliance_report.h>
#include <slaclock/store/event_store.h>
#include <slaclock/time/time_zone.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace slaclock {

/// What a compliance report groups by.
enum class ComplianceDimension { clock, priority, customer, month };
/// "clock", "priority", "customer", "month".
const char* compliance_dimension_name(ComplianceDimension d) noexcept;
std::optional<ComplianceDimension> parse_compliance_dimension(std::string_view word) noexcept;
/// A comma-separated list, in the order given ("clock,month"); an unknown
/// word, a repeated one or an empty list is an InputError naming `option`.
std::vector<ComplianceDimension> parse_compliance_by(std::string_view text, const std::string& option);

struct ComplianceGroup {
  /// One value per dimension of ComplianceReport::by, in its order: the
  /// clock's name, the priority ("" when never recorded), the customer ("" when
  /// none), the month "YYYY-MM".
  std::vector<std::string> key;
  ComplianceFigures counts;
};

struct ComplianceMonth {
  KviMonth month;
  ComplianceFigures counts;  ///< every clock due that month
};

struct ComplianceRequest {
  KviMonth from, to;  ///< months of the due instants, inclusive
  std::vector<ComplianceDimension> by{ComplianceDimension::clock, ComplianceDimension::month};
  std::optional<Instant> as_of;     ///< the latest sweep at or before; none: the latest sweep
  TimeZone zone = TimeZone::utc();  ///< the zone months are local to
};

struct ComplianceReport {
  KviMonth from, to;
  std::vector<ComplianceDimension> by;
  std::string time_zone;                ///< the months' zone
  std::optional<SweepRef> sweep;        ///< the sweep whose judgements were counted; none when no sweep ran by as_of
  std::vector<ComplianceGroup> groups;  ///< sorted by key
  std::vector<ComplianceMonth> months;  ///< every month from..to, for the trend
  ComplianceFigures total;
};

/// Throws InputError when from is after to, StoreError from the store.
ComplianceReport compliance_report(const EventStore& store, const ComplianceRequest& request);
/// The report as report/compliance_report.h renders it.
ComplianceView compliance_view(const ComplianceReport& report);

/// The committee pack's service levels for `month`: its clocks by clock, and
/// the `trend_months` months to it, as the latest sweep by `as_of` judged
/// them (months local to `zone`, the KVI settings' zone).
ServiceLevels service_levels(const EventStore& store, KviMonth month, Instant as_of, const TimeZone& zone,
                             int trend_months = 12);

}  // namespace slaclock
