#include <slaclock/ops/clock_names.h>
#include <slaclock/store/rule_store.h>

#include <set>

namespace slaclock {

std::optional<ClockId> find_clock(const EventStore& store, std::string_view word) {
  if (auto id = parse_clock_id(word)) return id;
  // Reading the stored versions enters every clock they define.
  (void)stored_rule_book(store);
  return parse_clock_id(word);
}

std::vector<ClockId> known_clocks(const EventStore& store) {
  std::set<ClockId> seen;
  std::vector<ClockId> out;
  const auto add = [&](ClockId id) {
    if (seen.insert(id).second) out.push_back(id);
  };
  const RuleBook book = stored_rule_book(store);
  for (const RuleSet& v : book.versions())
    for (const ClockDefinition& d : v.clocks) add(d.id);
  for (ClockId id : dsc_clock_ids) add(id);
  return out;
}

std::string clock_names_of(const EventStore& store) {
  std::string out;
  for (ClockId id : known_clocks(store)) out += (out.empty() ? "" : ", ") + std::string(clock_name(id));
  return out;
}

}  // namespace slaclock
