// Computing scorecards: months, as-of instants and the two passes over the
// timelines (KPI history first, because "failed N months running" spans
// entities; then everything else).
#include "kvi/kvi_accumulator.h"

#include <slaclock/base/error.h>
#include <slaclock/time/time_zone.h>

#include <algorithm>
#include <cstdio>

namespace slaclock {

KviMonth parse_kvi_month(std::string_view text, const std::string& field) {
  const auto digits = [&](std::size_t from, std::size_t n) {
    for (std::size_t i = from; i < from + n; ++i)
      if (text[i] < '0' || text[i] > '9') return false;
    return true;
  };
  if (text.size() != 7 || text[4] != '-' || !digits(0, 4) || !digits(5, 2))
    throw InputError({"", 0, field}, "'" + std::string(text) + "' is not a month YYYY-MM");
  const int year = std::stoi(std::string(text.substr(0, 4)));
  const int month = std::stoi(std::string(text.substr(5, 2)));
  if (month < 1 || month > 12) throw InputError({"", 0, field}, "'" + std::string(text) + "': month must be 01-12");
  if (year < 1971 || year > 2199) throw InputError({"", 0, field}, "'" + std::string(text) + "': year out of range");
  return {year, static_cast<unsigned>(month)};
}

std::string format_kvi_month(KviMonth m) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u", m.year, m.month);
  return buf;
}

const char* rag_name(Rag r) noexcept {
  switch (r) {
    case Rag::green:
      return "green";
    case Rag::amber:
      return "amber";
    case Rag::red:
      return "red";
    case Rag::not_due:
      return "not_due";
  }
  return "";
}

const KviCount* KviResult::count_named(const std::string& name) const {
  for (const KviCount& c : counts)
    if (c.name == name) return &c;
  return nullptr;
}

const KviResult* KviScorecard::find(KviId id) const noexcept {
  for (const KviResult& k : kvis)
    if (k.id == id) return &k;
  return nullptr;
}

const KviResult& KviScorecard::kvi(KviId id) const {
  if (const KviResult* k = find(id)) return *k;
  throw Error(std::string("scorecard has no ") + kvi_key(id) + " result (not in settings version " + settings_version +
              ")");
}

Instant end_of_kvi_month(KviMonth m, const std::string& zone) {
  // The last second of the month, local time: midnight of the next month, less one.
  return TimeZone::named(zone).from_local(m.next().first_day(), 0, Disambiguation::earliest) - Seconds{1};
}

namespace {

// Before this instant a contact or breach can count in none of the months
// unless a clock of it still runs: every window starts after it (a quarter's
// starts two months before the month), and so does every as-of.
Instant quiet_before(const std::vector<KviMonthRequest>& asked) {
  Instant out = asked.front().as_of;
  for (const KviMonthRequest& m : asked) {
    const Instant window_start =
        TimeZone::named(m.config.time_zone)
            .from_local(m.month.previous().previous().first_day(), 0, Disambiguation::earliest);
    out = std::min({out, m.as_of, window_start});
  }
  return out;
}

void run_passes(const KviTimelineSource& timelines, const RuleBook& rules, const CalendarLookup& calendar_named,
                std::vector<detail::KviAccumulator>& months, const std::vector<KviMonthRequest>& asked) {
  timelines({{EntityKind::kpi}, std::nullopt}, [&](const Timeline& t) {
    for (auto& m : months) m.add_kpi_history(t);
  });
  // Each timeline is judged once per instant it can differ at, not once per
  // month: the months share its judgements (detail::TimelineJudge).
  detail::TimelineJudge judge(rules, calendar_named);
  const bool left_out = timelines({{}, quiet_before(asked)}, [&](const Timeline& t) {
    judge.reset(t);
    for (auto& m : months) m.add(t, judge);
  });
  // What was left out had happened by every month's as-of.
  if (left_out)
    for (auto& m : months) m.add_left_out();
}

}  // namespace

std::vector<KviScorecard> compute_kvi_months(const KviTimelineSource& timelines, const RuleBook& rules,
                                             const CalendarLookup& calendar_named,
                                             const std::vector<KviMonthRequest>& months) {
  std::vector<detail::KviAccumulator> accumulators;
  accumulators.reserve(months.size());
  for (const KviMonthRequest& m : months)
    accumulators.emplace_back(m.month, m.as_of, m.config, TimeZone::named(m.config.time_zone));
  run_passes(timelines, rules, calendar_named, accumulators, months);
  std::vector<KviScorecard> out;
  out.reserve(accumulators.size());
  for (const auto& a : accumulators) out.push_back(a.finish());
  return out;
}

KviScorecard compute_kvi_scorecard(const KviTimelineSource& timelines, const RuleBook& rules,
                                   const CalendarLookup& calendar_named, KviMonth month, std::optional<Instant> as_of,
                                   const KviConfig& config) {
  const Instant at = as_of.value_or(end_of_kvi_month(month, config.time_zone));
  return compute_kvi_months(timelines, rules, calendar_named, {{month, at, config}}).front();
}

std::vector<KviMonthRequest> kvi_trend_months(KviMonth last, int months, Instant as_of,
                                              const KviSettingsForMonth& settings_for) {
  KviMonth first = last;
  for (int i = 1; i < months; ++i) first = first.previous();
  std::vector<KviMonthRequest> out;
  for (KviMonth m = first; m <= last; m = m.next()) {
    KviConfig config = settings_for(m);
    const Instant end = end_of_kvi_month(m, config.time_zone);
    out.push_back({m, std::min(end, as_of), std::move(config)});
  }
  return out;
}

std::vector<KviScorecard> compute_kvi_trend(const KviTimelineSource& timelines, const RuleBook& rules,
                                            const CalendarLookup& calendar_named, KviMonth last, int months,
                                            Instant as_of, const KviConfig& config) {
  return compute_kvi_trend(timelines, rules, calendar_named, last, months, as_of,
                           [&config](KviMonth) { return config; });
}

std::vector<KviScorecard> compute_kvi_trend(const KviTimelineSource& timelines, const RuleBook& rules,
                                            const CalendarLookup& calendar_named, KviMonth last, int months,
                                            Instant as_of, const KviSettingsForMonth& settings_for) {
  return compute_kvi_months(timelines, rules, calendar_named, kvi_trend_months(last, months, as_of, settings_for));
}

}  // namespace slaclock
