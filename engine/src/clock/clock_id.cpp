#include <slaclock/clock/clock_id.h>

#include <utility>

namespace slaclock {

namespace {

constexpr std::pair<ClockId, const char*> clock_names[] = {
    {ClockId::acknowledge, "acknowledge"},
    {ClockId::initial_response, "initial_response"},
    {ClockId::resolution, "resolution"},
    {ClockId::revised_resolution, "revised_resolution"},
    {ClockId::regular_updates, "regular_updates"},
    {ClockId::gemini_resolution, "gemini_resolution"},
    {ClockId::breach_notification, "breach_notification"},
    {ClockId::breach_resolution, "breach_resolution"},
    {ClockId::kpi_miss_notice, "kpi_miss_notice"},
    {ClockId::kpi_consecutive, "kpi_consecutive"},
    {ClockId::parties_notification, "parties_notification"},
    {ClockId::breach_monthly_report, "breach_monthly_report"},
    {ClockId::issue_notification, "issue_notification"},
    {ClockId::issue_plan, "issue_plan"},
};
static_assert(std::size(clock_names) == all_clock_ids.size());

}  // namespace

const char* clock_name(ClockId id) noexcept {
  for (const auto& [c, name] : clock_names)
    if (c == id) return name;
  return "";
}

std::optional<ClockId> parse_clock_id(std::string_view word) noexcept {
  for (const auto& [c, name] : clock_names)
    if (word == name) return c;
  return std::nullopt;
}

std::string list_clock_names() {
  std::string out;
  for (const auto& [c, name] : clock_names) out += (out.empty() ? "" : ", ") + std::string(name);
  return out;
}

}  // namespace slaclock
