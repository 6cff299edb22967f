// The compliance scorecard: one streamed read of a sweep's stored results
// due in the months asked, counted into groups as they come.
#include <slaclock/ops/compliance_report.h>

#include <slaclock/base/error.h>

#include <algorithm>
#include <map>

namespace slaclock {

namespace {

constexpr std::pair<ComplianceDimension, const char*> dimension_names[] = {
    {ComplianceDimension::clock, "clock"},
    {ComplianceDimension::priority, "priority"},
    {ComplianceDimension::customer, "customer"},
    {ComplianceDimension::month, "month"},
};

std::string dimension_list() {
  std::string out;
  for (const auto& [d, name] : dimension_names) out += (out.empty() ? "" : ", ") + std::string(name);
  return out;
}

// The local midnight that starts `day` in `zone` (the first instant of the
// day, where a change of offset skips or repeats midnight).
Instant start_of(CivilDate day, const TimeZone& zone) {
  return zone.from_local(day, 0, Disambiguation::earliest);
}

KviMonth month_of(Instant t, const TimeZone& zone) {
  const CivilDate d = zone.to_local(t).date;
  return {d.year(), d.month()};
}

}  // namespace

const char* compliance_dimension_name(ComplianceDimension d) noexcept {
  for (const auto& [dim, name] : dimension_names)
    if (dim == d) return name;
  return "";
}

std::optional<ComplianceDimension> parse_compliance_dimension(std::string_view word) noexcept {
  for (const auto& [dim, name] : dimension_names)
    if (word == name) return dim;
  return std::nullopt;
}

std::vector<ComplianceDimension> parse_compliance_by(std::string_view text, const std::string& option) {
  std::vector<ComplianceDimension> out;
  std::size_t from = 0;
  while (true) {
    const std::size_t comma = text.find(',', from);
    const std::string_view word = text.substr(from, comma == std::string_view::npos ? comma : comma - from);
    const auto d = parse_compliance_dimension(word);
    if (!d)
      throw InputError({"", 0, option}, word.empty() ? "'" + std::string(text) + "' has an empty word; use some of " +
                                                           dimension_list() + ", comma-separated"
                                                     : "'" + std::string(word) + "' is not one of " + dimension_list());
    if (std::find(out.begin(), out.end(), *d) != out.end())
      throw InputError({"", 0, option}, "'" + std::string(word) + "' is given twice");
    out.push_back(*d);
    if (comma == std::string_view::npos) break;
    from = comma + 1;
  }
  return out;
}

ComplianceReport compliance_report(const EventStore& store, const ComplianceRequest& request) {
  if (request.to < request.from)
    throw InputError({"", 0, "--from"},
                     "'" + format_kvi_month(request.from) + "' is after --to '" + format_kvi_month(request.to) + "'");
  ComplianceReport report;
  report.from = request.from;
  report.to = request.to;
  report.by = request.by;
  report.time_zone = request.zone.name();
  for (KviMonth m = request.from; m <= request.to; m = m.next()) report.months.push_back({m, {}});
  report.sweep = results_sweep(store, request.as_of);
  if (!report.sweep) return report;

  ResultsQuery q;
  q.sweep = *report.sweep;
  q.due_from = start_of(request.from.first_day(), request.zone);
  q.due_before = start_of(request.to.next().first_day(), request.zone);
  q.with_priority = std::find(request.by.begin(), request.by.end(), ComplianceDimension::priority) != request.by.end();
  // Groups keyed by their words: the answer's order, and no comparison of
  // clock identities (only their names, as printed).
  std::map<std::vector<std::string>, ComplianceFigures> groups;
  std::vector<std::string> key;
  for_each_result(store, q, [&](const ResultRow& r) {
    const ClockResult& c = r.clock;
    if (c.status == ClockStatus::not_applicable || !c.due_at) return true;
    const KviMonth month = month_of(*c.due_at, request.zone);
    key.clear();
    for (const ComplianceDimension d : request.by) switch (d) {
        case ComplianceDimension::clock:
          key.emplace_back(clock_name(c.clock));
          break;
        case ComplianceDimension::priority:
          key.push_back(r.priority.value_or(""));
          break;
        case ComplianceDimension::customer:
          key.push_back(c.customer);
          break;
        case ComplianceDimension::month:
          key.push_back(format_kvi_month(month));
          break;
      }
    groups[key].add(c.status);
    report.total.add(c.status);
    // Due in [from, to]: the query's range, in months from `from`.
    const int index =
        (month.year - request.from.year) * 12 + static_cast<int>(month.month) - static_cast<int>(request.from.month);
    if (index >= 0 && index < static_cast<int>(report.months.size()))
      report.months[static_cast<std::size_t>(index)].counts.add(c.status);
    return true;
  });
  for (auto& [k, counts] : groups) report.groups.push_back({k, counts});
  return report;
}

ComplianceView compliance_view(const ComplianceReport& report) {
  ComplianceView v;
  v.from = format_kvi_month(report.from);
  v.to = format_kvi_month(report.to);
  for (const ComplianceDimension d : report.by) v.by.emplace_back(compliance_dimension_name(d));
  v.time_zone = report.time_zone;
  if (report.sweep) v.sweep_id = report.sweep->id, v.sweep_as_of = report.sweep->as_of;
  for (const ComplianceGroup& g : report.groups) v.groups.push_back({g.key, g.counts});
  for (const ComplianceMonth& m : report.months) v.months.push_back({format_kvi_month(m.month), m.counts});
  v.total = report.total;
  return v;
}

ServiceLevels service_levels(const EventStore& store, KviMonth month, Instant as_of, const TimeZone& zone,
                             int trend_months) {
  ComplianceRequest req;
  req.from = month;
  req.to = month;
  req.by = {ComplianceDimension::clock};
  req.as_of = as_of;
  req.zone = zone;
  ServiceLevels out;
  out.month = compliance_view(compliance_report(store, req));
  for (int i = 1; i < trend_months; ++i) req.from = req.from.previous();
  out.trend = compliance_view(compliance_report(store, req));
  return out;
}

}  // namespace slaclock
