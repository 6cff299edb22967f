#include <slaclock/config/calendar_loader.h>
#include <slaclock/config/kvi_config_loader.h>
#include <slaclock/ops/kvi_pack.h>
#include <slaclock/store/rule_store.h>
#include <slaclock/store/version_store.h>

#include <map>
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
  const RuleBook rules = stored_rule_book(store);
  const std::filesystem::path calendars_dir = options.calendars_dir;
  // Each calendar is read (and its YAML parsed) once per pack, not once per
  // timeline judged: the lookup is called for every entity of every month.
  std::map<std::string, Calendar> cache;
  const CalendarLookup calendars = [&store, &cache, calendars_dir](const std::string& name) {
    auto it = cache.find(name);
    if (it == cache.end()) {
      auto latest = latest_stored_calendar(store, name);
      it = cache.emplace(name, latest ? std::move(latest->calendar) : load_calendar(name, calendars_dir)).first;
    }
    return it->second;
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
