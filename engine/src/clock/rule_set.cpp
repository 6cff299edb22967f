#include <slaclock/base/error.h>
#include <slaclock/clock/rule_set.h>
#include <slaclock/time/timestamp.h>

#include <algorithm>

namespace slaclock {

const ClockDefinition* RuleSet::clock(ClockId id) const noexcept {
  for (const ClockDefinition& d : clocks)
    if (d.id == id) return &d;
  return nullptr;
}

std::set<ClockId> RuleSet::paused_clocks() const {
  std::set<ClockId> out;
  for (const ClockDefinition& d : clocks)
    if (d.pause_on_hold) out.insert(d.id);
  return out;
}

std::set<std::string> RuleSet::calendars_named() const {
  std::set<std::string> out{calendar};
  for (const auto& [who, name] : customer_calendars) out.insert(name);
  for (const auto& [who, name] : customer_class_calendars) out.insert(name);
  for (const ClockDefinition& d : clocks)
    if (!d.calendar.empty()) out.insert(d.calendar);
  return out;
}

RuleBook::RuleBook(std::vector<RuleSet> versions) : versions_(std::move(versions)) {
  std::sort(versions_.begin(), versions_.end(),
            [](const RuleSet& a, const RuleSet& b) { return a.effective_at < b.effective_at; });
  for (std::size_t i = 1; i < versions_.size(); ++i) {
    if (versions_[i].effective_at == versions_[i - 1].effective_at)
      throw ConfigError({"", 0, "effective_from"}, "versions '" + versions_[i - 1].version + "' and '" +
                                                       versions_[i].version + "' take effect at the same time");
  }
  for (std::size_t i = 0; i < versions_.size(); ++i)
    for (std::size_t j = i + 1; j < versions_.size(); ++j)
      if (versions_[i].version == versions_[j].version)
        throw ConfigError({"", 0, "version"}, "two rule versions are both named '" + versions_[i].version + "'");
}

const RuleSet* RuleBook::find_in_force_at(Instant t) const noexcept {
  const auto it = std::upper_bound(versions_.begin(), versions_.end(), t,
                                   [](Instant x, const RuleSet& r) { return x < r.effective_at; });
  return it == versions_.begin() ? nullptr : &*(it - 1);
}

const RuleSet* RuleBook::find_named(std::string_view version) const noexcept {
  for (const RuleSet& v : versions_)
    if (v.version == version) return &v;
  return nullptr;
}

RuleBook RuleBook::with_version_over(const RuleSet& candidate, Instant from, Instant to) const {
  if (!(from < to)) return *this;
  // Built directly, not through the constructor: the resumed version may
  // share its name with the copy before the window (or the candidate with a
  // stored version), which a loaded book never allows.
  RuleBook out;
  for (const RuleSet& v : versions_)
    if (v.effective_at < from) out.versions_.push_back(v);
  out.versions_.push_back(candidate);
  out.versions_.back().effective_at = from;
  if (const RuleSet* resumed = find_in_force_at(to)) {
    out.versions_.push_back(*resumed);
    out.versions_.back().effective_at = to;
  }
  for (const RuleSet& v : versions_)
    if (to < v.effective_at) out.versions_.push_back(v);
  return out;
}

const RuleSet& RuleBook::in_force_at(Instant t) const {
  const auto it = std::upper_bound(versions_.begin(), versions_.end(), t,
                                   [](Instant x, const RuleSet& r) { return x < r.effective_at; });
  if (it == versions_.begin())
    throw ConfigError({"", 0, "rules"},
                      versions_.empty()
                          ? "no rule versions are loaded (run 'slaclock init', or 'slaclock rules load FILE')"
                          : "no rule version is in force at " + format_utc(t) + " (the earliest takes effect " +
                                format_date(versions_.front().effective_from) + ")");
  return *(it - 1);
}

}  // namespace slaclock
