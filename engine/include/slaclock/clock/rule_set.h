#pragma once
// Versioned SLA rules: the clocks a version runs are definitions (data), every
// number of them a setting, and each version has an effective date. An entity is judged by the version
// in force when its clock started (RuleBook::in_force_at).
//
//   RuleBook book = stored_rule_book(store);   // or load_rule_book_dir(dir), config/rule_loader.h
//   const RuleSet& rules = book.in_force_at(received_at);
//   rules.clock(ClockId::acknowledge)->target.fallback  // {business_seconds, 4h}
#include <slaclock/clock/clock_definition.h>
#include <slaclock/clock/clock_id.h>
#include <slaclock/time/time_types.h>

#include <array>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace slaclock {

struct RuleSet {
  std::string version;       ///< e.g. "dsc-kvi-2018"
  CivilDate effective_from;  ///< local date in `time_zone`
  std::string time_zone = "Europe/London";
  Instant effective_at;  ///< effective_from 00:00 local, as an instant
  std::string calendar = "england-and-wales";
  /// Calendars by customer and by customer class (the contact's `customer`
  /// and `customer_class`, a breach's `customers`): a Scottish customer's
  /// contacts count on the Scottish calendar. An opening event's own
  /// `calendar` field comes first, then the customer, then the class, then
  /// `calendar`. See calendar_of_entity (clock_engine.h).
  std::map<std::string, std::string> customer_calendars;        ///< customer -> calendar
  std::map<std::string, std::string> customer_class_calendars;  ///< customer class -> calendar
  /// The share of a clock's allowance after which it is at risk, unless its
  /// definition says otherwise.
  double at_risk_share = 0.75;
  std::string content_sha256;  ///< of the YAML text it was read from
  std::string source_text;     ///< the YAML itself, kept for audit

  /// The clocks this version runs, in the order the engine reports them
  /// (clock/clock_definition.h). A version written in the DSC shorthand
  /// (contact/breach/kpi/issue sections, no `clocks:`) has the DSC clocks,
  /// read into definitions by config/rule_loader.h.
  std::vector<ClockDefinition> clocks;

  /// This version's definition of `id`, or null when it does not run it.
  const ClockDefinition* clock(ClockId id) const noexcept;
  /// The clocks an on_hold ... off_hold period pauses under this version.
  std::set<ClockId> paused_clocks() const;
  /// Every calendar this version can judge by: `calendar`, those of the
  /// customer and customer-class mappings, and its clocks' own.
  std::set<std::string> calendars_named() const;
};

/// Every loaded version, ordered by effective date.
class RuleBook {
 public:
  RuleBook() = default;
  /// Throws ConfigError when two versions share a name or an effective date.
  explicit RuleBook(std::vector<RuleSet> versions);
  /// The version in force at t: the latest whose effective instant is <= t.
  /// Throws ConfigError when t is before every version.
  const RuleSet& in_force_at(Instant t) const;
  /// The same, or null when t is before every version.
  const RuleSet* find_in_force_at(Instant t) const noexcept;
  /// The version named `version`, or null (a stored result names its version).
  const RuleSet* find_named(std::string_view version) const noexcept;
  const std::vector<RuleSet>& versions() const noexcept { return versions_; }
  bool empty() const noexcept { return versions_.empty(); }

  /// A what-if book (`rules impact`): `candidate` in force for every instant
  /// in [from, to), this book's versions outside it. The version in force at
  /// `to` resumes there (a copy taking effect at `to`, so a name may appear
  /// twice); versions taking effect inside the window are left out. An empty
  /// window (from >= to) gives this book unchanged. Never stored.
  RuleBook with_version_over(const RuleSet& candidate, Instant from, Instant to) const;

 private:
  std::vector<RuleSet> versions_;
};

}  // namespace slaclock
