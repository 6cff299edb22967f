#include <slaclock/config/calendar_loader.h>
#include <slaclock/config/kvi_config_loader.h>
#include <slaclock/ops/kvi_pack.h>
#include <slaclock/store/rule_store.h>
#include <slaclock/store/version_store.h>

#include <map>
#include <memory>
#include <string>

namespace slaclock {

KviPack kvi_pack_from_store(const EventStore& store, const KviPackOptions& options) {
  // The settings version in force on the month's first day, as stored; a
  // settings file is a what-if that is not stored.
  const std::optional<KviConfig> stored =
      options.settings_file ? std::nullopt : kvi_settings_in_force(store, options.month.first_day());
  const KviConfig config = options.settings_file ? read_kvi_config(*options.settings_file)
                           : stored              ? *stored
                                                 : load_default_kvi_config();
  const RuleBook rules = options.rules ? *options.rules : stored_rule_book(store);
  const std::filesystem::path calendars_dir = options.calendars_dir;
  // Looked up once per name: the scorecard asks for a calendar once per
  // entity and month, and building one from its stored YAML takes
  // milliseconds (a 100,000-contact year took minutes before this cache).
  auto cache = std::make_shared<std::map<std::string, Calendar>>();
  const CalendarLookup calendars = [&store, calendars_dir, cache](const std::string& name) {
    if (const auto it = cache->find(name); it != cache->end()) return it->second;
    auto stored_calendar = latest_stored_calendar(store, name);
    Calendar c = stored_calendar ? stored_calendar->calendar : load_calendar(name, calendars_dir);
    cache->emplace(name, c);
    return c;
  };
  const KviTimelineSource source = [&store](const std::vector<EntityKind>& kinds, const TimelineVisitor& visit) {
    TimelineQuery q;
    q.kinds = kinds;
    store.for_each_timeline(q, visit);
  };
  KviPack pack;
  pack.card = compute_kvi_scorecard(source, rules, calendars, options.month, options.as_of, config);
  if (options.trend_months > 0)
    pack.trend =
        compute_kvi_trend(source, rules, calendars, options.month, options.trend_months, pack.card.as_of, config);
  return pack;
}

}  // namespace slaclock
