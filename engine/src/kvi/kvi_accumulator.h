#pragma once
// Internal: what one month's scorecard collects while the timelines stream
// past (kvi_collect.cpp), and how it is judged afterwards (kvi_judge.cpp).
// Several accumulators share one pass for the 12-month trend.
#include <slaclock/kvi/scorecard.h>
#include <slaclock/time/time_zone.h>

#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace slaclock::detail {

/// The months [first, last] a KVI's figure covers, or nothing when not due this month.
using KviWindow = std::optional<std::pair<KviMonth, KviMonth>>;
inline bool in_window(const KviWindow& w, KviMonth m) {
  return w && m >= w->first && m <= w->second;
}

/// On time / late / still running, with the entity ids behind each.
struct ClockTally {
  std::vector<std::string> on_time, late, running;
  void add(const ClockResult& c);
  std::size_t judged() const noexcept { return on_time.size() + late.size(); }
};

/// One timeline's clocks at the instants the months ask for, each judged at
/// most once. After its last event an entity changes only as time passes,
/// and only through a running clock: one whose clocks have all stopped by
/// then (or never apply) reads the same at every later instant, so it is
/// judged once for every month that ends after its last event. KPI results
/// are judged once per instant, since their consecutive-miss count reads the
/// other results known then.
class TimelineJudge {
 public:
  TimelineJudge(const RuleBook& rules, const CalendarLookup& calendar_named)
      : rules_(rules), calendar_named_(calendar_named) {}
  /// Forgets the previous timeline's judgements.
  void reset(const Timeline& t);
  /// Every clock of the timeline as of as_of, `kpis` being the KPI results
  /// known then (the same for every month judged at the same instant).
  const std::vector<ClockResult>& at(Instant as_of, const KpiHistory& kpis);

 private:
  const RuleBook& rules_;
  const CalendarLookup& calendar_named_;
  const Timeline* timeline_ = nullptr;
  Instant last_event_at_;
  std::deque<std::pair<Instant, std::vector<ClockResult>>> judged_;
  const std::vector<ClockResult>* final_ = nullptr;  ///< the same at every instant from the last event on
};

class KviAccumulator {
 public:
  KviAccumulator(KviMonth month, Instant as_of, const KviConfig& config, TimeZone zone);

  /// Pass 1: KPI results known at as_of, for the consecutive-miss rule.
  void add_kpi_history(const Timeline& t);
  /// Pass 2: everything else; `judge` has been reset to t.
  void add(const Timeline& t, TimelineJudge& judge);
  /// An entity the source left out (settled before every window): it had
  /// been recorded by as_of, and counts for nothing else.
  void add_left_out() noexcept { any_entity_opened_ = true; }
  KviScorecard finish() const;

  KviMonth month() const noexcept { return month_; }
  KviWindow window(KviId id) const;
  KviMonth month_of(Instant t) const noexcept;

 private:
  void add_contact(const Timeline& t, const std::vector<ClockResult>& clocks);
  void add_breach(const Timeline& t, const std::vector<ClockResult>& clocks);
  void add_kpi(const Timeline& t, const std::vector<ClockResult>& clocks);
  void add_survey(const Timeline& t);
  void add_report(const Timeline& t);
  void add_issue(const Timeline& t, const std::vector<ClockResult>& clocks);
  /// The out-of-scope rule a contact falls under, or null.
  const KviScopeExclusion* exclusion_of(const Event& received) const;
  KviMonth financial_year_start() const noexcept;

  KviResult judge_issue_resolution() const;
  KviResult judge_survey(KviId id) const;
  KviResult judge_relationship() const;
  KviResult judge_data_security() const;
  KviResult judge_service_delivery() const;
  KviResult judge_financial_reporting() const;
  KviResult judge_financial_updates() const;
  KviResult judge_customer_issue_resolution() const;
  KviResult judge_communication() const;
  KviResult blank(KviId id) const;

  KviMonth month_;
  Instant as_of_;
  KviConfig config_;
  TimeZone zone_;
  KpiHistory kpi_history_;

  // Issue Resolution
  std::map<std::string, std::vector<std::string>> feedback_;  // rating -> contact ids
  std::map<ClockId, ClockTally> contact_clocks_;              // acknowledge, initial_response, resolution
  std::map<std::string, ClockTally> gemini_bands_;            // band -> gemini_resolution
  std::vector<ClockResult> overdue_;
  ClockTally parties_notification_;
  std::map<std::size_t, std::vector<std::string>> excluded_;  // out_of_scope index -> contact ids
  // Customer Data Security
  bool any_entity_opened_ = false;  // anything at all recorded by as_of (else: no data yet, not "no breaches")
  std::map<std::string, std::vector<std::string>> breaches_;  // severity -> breach ids
  ClockTally breach_notification_, breach_resolution_;
  std::vector<KviBreachDetail> breach_details_;
  // Service Delivery
  std::vector<std::string> kpi_met_, kpi_missed_;   // FY to date
  ClockTally kpi_miss_notice_;                      // this window's results
  std::vector<std::string> kpi_consecutive_;        // result ids missing the consecutive rule
  std::vector<std::string> kpi_consecutive_names_;  // the KPIs themselves
  ClockTally breach_monthly_report_;
  // Surveys: kvi key -> rating -> response ids
  std::map<std::string, std::map<std::string, std::vector<std::string>>> surveys_;
  // Change Management: period -> rating -> ids, for each survey in the window
  // and the financial year to date.
  std::map<std::string, std::map<std::string, std::vector<std::string>>> change_surveys_;
  std::map<std::string, std::vector<std::string>> change_year_to_date_;
  // Communication: month -> (sum of scores, response ids), financial year to date.
  std::map<KviMonth, std::pair<double, std::vector<std::string>>> communication_;
  // Financial Reporting
  std::vector<std::string> reports_on_time_, reports_late_;
  std::vector<std::string> report_notes_;     // "R-1 (2026-Q1) due 2026-04-30, delivered 2026-05-02"
  std::set<std::string> delivered_periods_;   // every financial report period delivered by as_of
  std::vector<std::string> updates_in_year_;  // financial updates delivered in the financial year to date
  std::vector<std::string> update_notes_;
  // Customer Issue Resolution: issues settled in the window, and the register.
  std::vector<std::string> issues_handled_, issues_late_, issues_open_;
  std::map<std::string, std::pair<std::size_t, std::size_t>> issue_bands_;  // band -> (handled, settled)
  std::vector<KviIssueEntry> issue_register_;
};

/// "90.0%", rounded down so that a share just under a target never prints as the target.
std::string format_share(double share);
/// numerator >= target x denominator, without floating-point surprises at exactly the target.
bool share_at_least(std::size_t numerator, std::size_t denominator, double threshold);

}  // namespace slaclock::detail
