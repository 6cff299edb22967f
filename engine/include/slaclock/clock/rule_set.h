#pragma once
// Versioned SLA rules: every number of the DSC KVI commitments is a setting,
// and each version has an effective date. An entity is judged by the version
// in force when its clock started (RuleBook::in_force_at).
//
//   RuleBook book = stored_rule_book(store);   // or load_rule_book_dir(dir), config/rule_loader.h
//   const RuleSet& rules = book.in_force_at(received_at);
//   rules.acknowledge  // {business_seconds, 4h}
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

/// How long a clock allows: business time, business days (close of the N-th
/// business day after the start day), or plain elapsed time (24x7).
struct Allowance {
  enum class Unit { business_seconds, business_days, elapsed_seconds };
  Unit unit = Unit::business_seconds;
  std::int64_t amount = 0;  ///< seconds, or a number of days for business_days
  friend bool operator==(const Allowance&, const Allowance&) = default;
};
/// "business_seconds", "business_days", "elapsed_seconds": how a unit is stored.
const char* allowance_unit_name(Allowance::Unit u) noexcept;
std::optional<Allowance::Unit> parse_allowance_unit(std::string_view word) noexcept;

enum class GeminiBand { before_the_day, on_the_day, within_exit_close_out, after_exit_close_out };
const char* gemini_band_name(GeminiBand b) noexcept;
std::optional<GeminiBand> parse_gemini_band(std::string_view word) noexcept;

/// Where a Gemini band's clock falls due.
struct GeminiDueRule {
  enum class Kind { gas_day_start, gas_day_end, exit_close_out, allowance };
  Kind kind = Kind::allowance;
  Allowance allowance;  ///< for Kind::allowance, counted from receipt
};

/// An issue's score band (issue management framework): issues scoring at
/// least `min_score` (and less than the next band's) must have customers
/// notified and a rectification plan within these allowances of being raised.
struct IssueBand {
  std::string name;
  int min_score = 0;
  Allowance notification;
  Allowance plan;
  friend bool operator==(const IssueBand&, const IssueBand&) = default;
};

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
  /// The contact clocks an on_hold ... off_hold period pauses (acknowledge,
  /// initial_response, resolution); none by default, as in the DSC framework.
  std::set<ClockId> pausable_clocks;
  double at_risk_share = 0.75;
  std::string content_sha256;  ///< of the YAML text it was read from
  std::string source_text;     ///< the YAML itself, kept for audit

  // contact
  Allowance acknowledge{Allowance::Unit::business_seconds, 4 * 3600};
  Allowance initial_response{Allowance::Unit::business_days, 4};
  Allowance resolution{Allowance::Unit::business_days, 7};
  Allowance regular_update_gap{Allowance::Unit::business_days, 5};
  int exit_close_out_business_days = 15;
  std::array<GeminiDueRule, 4> gemini_bands{
      GeminiDueRule{GeminiDueRule::Kind::gas_day_start, {}}, GeminiDueRule{GeminiDueRule::Kind::gas_day_end, {}},
      GeminiDueRule{GeminiDueRule::Kind::exit_close_out, {}},
      GeminiDueRule{GeminiDueRule::Kind::allowance, {Allowance::Unit::business_days, 7}}};

  /// NG, DNs and iGTs notified once a contact is marked as affecting them.
  /// The default is an assumption: the 2018 framework sets no time.
  Allowance parties_notification{Allowance::Unit::business_days, 2};

  // breach
  Allowance breach_notification{Allowance::Unit::elapsed_seconds, 4 * 3600};
  /// Severities the notification clock applies to; the others are reported
  /// in the monthly pack instead (the 2020 scorecard change).
  std::set<std::string> breach_notification_severities{"critical", "high", "medium", "low"};
  Allowance breach_resolution{Allowance::Unit::business_days, 2};
  /// Severities reported to customers in a monthly report (the 2020
  /// scorecard). When not set: every severity that runs no notification
  /// clock. The report is due by the close of business on this business day
  /// of the month after identification (5: an assumption, the scorecard says
  /// only "monthly").
  std::optional<std::set<std::string>> breach_monthly_report_severities;
  bool reported_monthly(const std::string& severity) const {
    return breach_monthly_report_severities ? breach_monthly_report_severities->count(severity) > 0
                                            : breach_notification_severities.count(severity) == 0;
  }
  int breach_monthly_report_business_day = 5;

  // issue: score bands, highest min_score first; the last band starts at 0.
  // The defaults are assumptions (the issue management framework's scoring
  // is not in the scorecard).
  std::vector<IssueBand> issue_bands{
      {"high", 15, {Allowance::Unit::elapsed_seconds, 24 * 3600}, {Allowance::Unit::business_days, 5}},
      {"medium", 8, {Allowance::Unit::business_days, 2}, {Allowance::Unit::business_days, 10}},
      {"low", 0, {Allowance::Unit::business_days, 5}, {Allowance::Unit::business_days, 20}}};
  /// The band an impact score falls in (scores below 0 fall in the last).
  const IssueBand& issue_band_of(int score) const;

  // kpi
  Allowance kpi_miss_notice{Allowance::Unit::business_days, 2};
  std::set<std::string> kpi_priorities{"P1", "P2"};
  int kpi_max_consecutive_misses = 2;

  /// Every calendar this version can judge by: `calendar` and those of the
  /// customer and customer-class mappings.
  std::set<std::string> calendars_named() const;
};

/// The clocks a rule version may name in pausable_clocks: those counted
/// against an allowance from receipt (acknowledge, initial_response, resolution).
bool clock_can_pause(ClockId id) noexcept;

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
