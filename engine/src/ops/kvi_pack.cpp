#include <slaclock/base/paths.h>
#include <slaclock/config/calendar_loader.h>
#include <slaclock/config/kvi_config_loader.h>
#include <slaclock/ops/calendar_source.h>
#include <slaclock/ops/kvi_pack.h>
#include <slaclock/store/rule_store.h>
#include <slaclock/store/version_store.h>

#include <map>
#include <memory>
#include <string>

namespace slaclock {

KviPack kvi_pack_from_store(const EventStore& store, const KviPackOptions& options) {
  // Each month is judged by the settings version in force on its first day,
  // as stored (else the shipped file in force then); a settings file is a
  // what-if that is not stored and judges every month.
  const std::optional<KviConfig> what_if =
      options.settings_file ? std::optional<KviConfig>(read_kvi_config(*options.settings_file)) : std::nullopt;
  const bool any_stored = !stored_kvi_settings_versions(store).empty();
  std::optional<std::vector<KviConfig>> shipped;
  const KviSettingsForMonth settings_for = [&](KviMonth m) -> KviConfig {
    if (what_if) return *what_if;
    if (any_stored)
      if (auto stored = kvi_settings_in_force(store, m.first_day())) return *stored;
    if (!shipped) shipped = read_kvi_config_dir(default_kvi_config_dir());
    return kvi_config_in_force(*shipped, m.first_day());
  };
  const KviConfig config = settings_for(options.month);
  const RuleBook rules = options.rules ? *options.rules : stored_rule_book(store);
  const auto calendar_source = std::make_shared<CalendarSource>(&store, options.calendars_dir);
  // Looked up once per name: the scorecard asks for a calendar once per
  // entity and month, and building one from its stored YAML takes
  // milliseconds (a 100,000-contact year took minutes before this cache).
  auto cache = std::make_shared<std::map<std::string, Calendar>>();
  const CalendarLookup calendars = [calendar_source, cache](const std::string& name) {
    if (const auto it = cache->find(name); it != cache->end()) return it->second;
    Calendar c = calendar_source->find(name).calendar;
    cache->emplace(name, c);
    return c;
  };
  // The store leaves out contacts and breaches that the last sweep found
  // settled, when it judged them by these same stored rules.
  const bool stored_rules = options.rules == nullptr;
  const KviTimelineSource source = [&store, stored_rules](const KviTimelineQuery& kq, const TimelineVisitor& visit) {
    TimelineQuery q;
    q.kinds = kq.kinds;
    if (stored_rules && kq.settled_before)
      q.skip_settled = SettledSkip{{EntityKind::contact, EntityKind::breach}, *kq.settled_before};
    return store.for_each_timeline(q, visit);
  };
  // The card and the trend's months in one pass over the timelines; the
  // card is the trend's last month when both are judged at the same instant.
  const Instant card_as_of = options.as_of.value_or(end_of_kvi_month(options.month, config.time_zone));
  std::vector<KviMonthRequest> months;
  if (options.trend_months > 0)
    months = kvi_trend_months(options.month, options.trend_months, card_as_of, settings_for);
  const bool card_is_last = !months.empty() && months.back().as_of == card_as_of;
  if (!card_is_last) months.push_back({options.month, card_as_of, config});
  std::vector<KviScorecard> cards = compute_kvi_months(source, rules, calendars, months);
  KviPack pack;
  if (!what_if && !(any_stored && kvi_settings_in_force(store, options.month.first_day())))
    pack.settings_not_stored = config.version;
  pack.card = cards.back();
  if (!card_is_last) cards.pop_back();
  if (options.trend_months > 0) pack.trend = std::move(cards);
  return pack;
}

}  // namespace slaclock
