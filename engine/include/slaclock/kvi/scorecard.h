#pragma once
// The monthly KVI scorecard for the Contract Management Committee: the seven
// DSC Key Value Indicators computed from stored timelines, each with its
// figure, target, RAG and the entity ids behind every count (traceability),
// and the weighted score. Pure: timelines, rules, calendars, the month, an
// as-of instant and the KVI settings in; a value out. No SQL, no printing, no
// reading of the system clock.
//
//   KviConfig config = read_kvi_config(path);   // config/kvi_config_loader.h, or KviConfig{} for the defaults
//   KviTimelineSource source = [&](const KviTimelineQuery& q, const TimelineVisitor& visit) {
//     return store.for_each_timeline(TimelineQuery{q.kinds}, visit);
//   };
//   KviScorecard card = compute_kvi_scorecard(source, book, calendars, parse_kvi_month("2026-09"), {}, config);
//   for (const KviResult& k : card.kvis) ... k.rag, k.figure_text, k.counts ...
//   std::string html = render_kvi_html(card, compute_kvi_trend(...));   // report/kvi_report.h
//
// docs/kvi.md states every RAG rule implemented here.
#include <slaclock/calendar/calendar.h>
#include <slaclock/clock/clock_engine.h>
#include <slaclock/clock/event.h>
#include <slaclock/clock/rule_set.h>
#include <slaclock/time/time_types.h>

#include <array>
#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace slaclock {

/// A calendar month, the unit the committee reports in.
struct KviMonth {
  int year = 2000;
  unsigned month = 1;  ///< 1-12
  friend constexpr auto operator<=>(const KviMonth&, const KviMonth&) noexcept = default;
  KviMonth next() const noexcept { return month == 12 ? KviMonth{year + 1, 1} : KviMonth{year, month + 1}; }
  KviMonth previous() const noexcept { return month == 1 ? KviMonth{year - 1, 12} : KviMonth{year, month - 1}; }
  CivilDate first_day() const noexcept { return CivilDate::from_ymd(year, month, 1); }
  CivilDate last_day() const noexcept { return next().first_day() - 1; }
  /// The calendar quarter, 1-4 (Q1 = January-March, as survey periods YYYY-Qn use).
  unsigned quarter() const noexcept { return (month - 1) / 3 + 1; }
};
/// "YYYY-MM"; throws InputError naming `field`.
KviMonth parse_kvi_month(std::string_view text, const std::string& field = "--month");
std::string format_kvi_month(KviMonth m);

enum class Rag { green, amber, red, not_due };
const char* rag_name(Rag r) noexcept;  ///< "green", "amber", "red", "not_due"

/// The indicators of every framework version. all_kvis is the 2018
/// framework's seven in its scorecard order (the default set).
enum class KviId {
  issue_resolution,
  change_management,
  relationship_management,
  customer_data_security,
  data_services,
  service_delivery,
  financial_reporting,
  customer_issue_resolution,  ///< 2020: issues handled within their score band's clocks
  communication,              ///< 2020: customer communications scored out of 10
};
inline constexpr std::array<KviId, 7> all_kvis{
    KviId::issue_resolution, KviId::change_management, KviId::relationship_management, KviId::customer_data_security,
    KviId::data_services,    KviId::service_delivery,  KviId::financial_reporting};
/// Every KVI slaclock can judge, of every framework version.
inline constexpr std::array<KviId, 9> every_kvi{
    KviId::issue_resolution, KviId::change_management, KviId::relationship_management, KviId::customer_data_security,
    KviId::data_services,    KviId::service_delivery,  KviId::financial_reporting,     KviId::customer_issue_resolution,
    KviId::communication};
const char* kvi_key(KviId id) noexcept;  ///< "issue_resolution", ... (config keys, JSON)
/// The KVI named by its key; nothing for an unknown word.
std::optional<KviId> parse_kvi_id(std::string_view key) noexcept;
const char* kvi_title(KviId id) noexcept;  ///< "Issue Resolution", ...

/// How often the committee sees a KVI. quarterly: only in the month that ends
/// a calendar quarter (March, June, September, December), over the quarter's
/// data; monthly and as_required: every month, over the month's data (a
/// month with nothing to judge is not_due either way).
enum class ReportingFrequency { monthly, quarterly, as_required };
const char* frequency_name(ReportingFrequency f) noexcept;

/// One KVI's settings. Shares are fractions (0.9 = 90%).
struct KviSettings {
  double weight = 0;
  ReportingFrequency frequency = ReportingFrequency::monthly;
  double target = 0;       ///< green at or above (share KVIs)
  double amber_from = 0;   ///< amber at or above, below target; red below
  std::string commitment;  ///< the committee's wording, shown in the pack
};

/// Issue Resolution leaves out a contact whose `channel` or `category` (on
/// its received event) is `value`; its clocks still run.
struct KviScopeExclusion {
  std::string field;  ///< "channel" or "category"
  std::string value;
  std::string reason;  ///< why the framework leaves it out, shown in the pack
  friend bool operator==(const KviScopeExclusion&, const KviScopeExclusion&) = default;
};

/// The agreed due dates of the quarterly financial reports: the report for
/// calendar quarter YYYY-Qn is due `due_days_after_quarter_end` days after
/// the quarter's last day, from `first_period` on.
struct KviReportSchedule {
  int first_year = 2018;
  unsigned first_quarter = 1;
  int due_days_after_quarter_end = 30;
  friend bool operator==(const KviReportSchedule&, const KviReportSchedule&) = default;
};

/// A class of a month's average communication score: `from` and above (up
/// to the next band's `from`).
struct KviScoreBand {
  double from = 0;
  std::string label;
  Rag rag = Rag::green;
  friend bool operator==(const KviScoreBand&, const KviScoreBand&) = default;
};

/// How Relationship Management's RAG is decided: each of the three
/// questions must meet the target (2018), or the overall trust score pooled
/// over them (2020).
enum class TrustRagRule { every_question, overall };
const char* trust_rag_rule_name(TrustRagRule r) noexcept;

/// Every threshold, weight and frequency of the scorecard (config/kvi/*.yaml).
/// The defaults are the 2018 DSC KVI framework values.
struct KviConfig {
  /// The settings version and the first day it applies to (a scorecard month
  /// uses the version in force on its first day), like rule versions.
  std::string version = "dsc-kvi-2018";
  CivilDate effective_from = CivilDate::from_ymd(2018, 4, 1);
  /// The framework the version follows, in words, shown in the pack.
  std::string title = "DSC KVI framework (April 2018)";
  /// The KVIs on the scorecard, in the committee's order (the framework's set).
  std::vector<KviId> scorecard{all_kvis.begin(), all_kvis.end()};
  std::string time_zone = "Europe/London";  ///< which local month an event falls in
  /// Credit an amber KVI earns in the score, as a share of its weight.
  double amber_credit = 0.5;
  std::map<KviId, KviSettings> kvis = default_kvi_settings();
  // Customer Data Security: most breaches identified in a month.
  std::map<std::string, int> max_breaches{{"critical", 0}, {"high", 0}, {"medium", 1}, {"low", 5}};
  // Service Delivery: which KPI priorities count, and the first month of the financial year.
  std::vector<std::string> kpi_priorities{"P1", "P2"};
  unsigned financial_year_start_month = 4;
  // Issue Resolution: contacts out of scope (none unless configured).
  std::vector<KviScopeExclusion> out_of_scope;
  // Relationship Management
  TrustRagRule trust_rag_rule = TrustRagRule::every_question;
  // Financial Reporting: the schedule of due reports (none: only deliveries
  // are judged), or a count of updates per financial year (0: not counted).
  std::optional<KviReportSchedule> report_schedule;
  int min_updates_per_year = 0;
  // Communication: classes of the month's average score, highest first.
  std::vector<KviScoreBand> communication_bands{{9, "Exceeded Expectations", Rag::green},
                                                {7, "Met Expectations", Rag::green},
                                                {5, "Met Some Expectations", Rag::amber},
                                                {0, "Did Not Meet Expectations", Rag::red}};
  std::string source;  ///< the file it was read from ("" for built-in defaults)

  const KviSettings& settings(KviId id) const { return kvis.at(id); }
  static std::map<KviId, KviSettings> default_kvi_settings();
};

/// A count on the scorecard and the entities behind it (an entity appears
/// once per event counted, so count() == entity_ids.size()).
struct KviCount {
  std::string name;  ///< e.g. "feedback.exceeded", "acknowledge.late", "breaches.medium"
  std::vector<std::string> entity_ids;
  std::size_t count() const noexcept { return entity_ids.size(); }
};

/// A figure behind the headline: one question, one survey, the year so far.
struct KviSubFigure {
  std::string label;  ///< "strategic decisions", "survey 2020-10", "financial year to date"
  std::optional<double> figure;
  std::string figure_text;
};

/// Contacts left out of Issue Resolution for one reason.
struct KviExclusion {
  KviScopeExclusion rule;
  std::vector<std::string> entity_ids;
};

struct KviResult {
  KviId id = KviId::issue_resolution;
  KviSettings settings;
  std::string measure;  ///< what the figure is, in words
  /// The headline share (0-1), when the KVI has one and is due.
  std::optional<double> figure;
  std::string figure_text;  ///< "90.0% (9/10)", "0 critical, 0 high, 1 medium, 2 low", "not due"
  std::size_t numerator = 0;
  std::size_t denominator = 0;
  std::optional<double> target;
  Rag rag = Rag::not_due;
  std::string comment;                  ///< why the RAG is what it is, in one or two sentences
  std::string window;                   ///< the periods the figure covers, e.g. "2026-04..2026-09"
  std::vector<KviCount> counts;         ///< traceability: every count and its entity ids
  std::vector<KviSubFigure> breakdown;  ///< the figures behind the headline, when it has any
  std::vector<KviExclusion> excluded;   ///< Issue Resolution: contacts out of scope, by reason
  const KviCount* count_named(const std::string& name) const;
};

/// One breach identified in the month, for the pack's breach detail table.
struct KviBreachDetail {
  std::string entity_id;
  std::string severity;
  Instant identified_at;
  std::string customers;
  ClockResult notification;  ///< status not_applicable when the rules report it monthly
  ClockResult resolution;
  ClockResult monthly_report;  ///< the monthly report to customers, when the rules call for one (else empty)
};

/// One issue in the issue register (every issue raised by the as-of).
struct KviIssueEntry {
  std::string entity_id;
  std::string title;
  int impact_score = 0;
  std::string band;
  std::string customers;
  Instant raised_at;
  ClockResult notification;
  ClockResult plan;
  std::string status;  ///< "open", "resolved" or "closed"
  std::optional<Instant> status_at;
  std::optional<Instant> plan_at;
  std::string plan_text;
};

struct KviScorecard {
  KviMonth month;
  Instant as_of;
  std::string time_zone;
  /// The settings version that judged the month (in force on its first day).
  std::string settings_version;
  CivilDate settings_effective_from;
  std::string settings_title;
  std::vector<KviResult> kvis;  ///< in the settings' scorecard order
  /// The result for `id`, or null when the month's framework has no such KVI.
  const KviResult* find(KviId id) const noexcept;
  double due_weight = 0;     ///< sum of the weights of KVIs that are due
  double earned_weight = 0;  ///< green weights + amber_credit x amber weights
  /// earned / due (0-1); nothing when no KVI is due.
  std::optional<double> score;
  std::vector<KviBreachDetail> breaches;  ///< identified in the month
  std::vector<KviIssueEntry> issues;      ///< the issue register: every issue raised by as_of
  /// Contact clocks breached (running past due) at as_of, whatever month the contact arrived in.
  std::vector<ClockResult> overdue;
  const KviResult& kvi(KviId id) const;
};

using TimelineVisitor = std::function<void(const Timeline&)>;
/// What one pass over the timelines asks for.
struct KviTimelineQuery {
  std::vector<EntityKind> kinds;  ///< all when empty
  /// The source may leave out contacts and breaches whose events all
  /// happened before this instant and whose clocks had all stopped by their
  /// last event: none of them can count in the months asked.
  std::optional<Instant> settled_before;
};
/// Calls the visitor once per stored timeline the query asks for; true when
/// it left one out under settled_before. The CLI passes
/// EventStore::for_each_timeline; tests pass vectors.
using KviTimelineSource = std::function<bool(const KviTimelineQuery& query, const TimelineVisitor& visit)>;
using CalendarLookup = std::function<Calendar(const std::string&)>;

/// 23:59:59 local on the month's last day, in `zone`.
Instant end_of_kvi_month(KviMonth m, const std::string& zone);

/// The month's scorecard as known at as_of (default: the end of the month).
/// Only events that happened by as_of count. Throws ConfigError when no rule
/// version is in force for an entity, InputError for a bad time zone.
KviScorecard compute_kvi_scorecard(const KviTimelineSource& timelines, const RuleBook& rules,
                                   const CalendarLookup& calendar_named, KviMonth month, std::optional<Instant> as_of,
                                   const KviConfig& config);

/// Scorecards for the `months` months ending at `last`, oldest first, in one
/// pass over the timelines; each month is judged at its own end, or at as_of
/// when that is earlier.
std::vector<KviScorecard> compute_kvi_trend(const KviTimelineSource& timelines, const RuleBook& rules,
                                            const CalendarLookup& calendar_named, KviMonth last, int months,
                                            Instant as_of, const KviConfig& config);
/// The settings a month is judged by (the version in force on its first day).
using KviSettingsForMonth = std::function<KviConfig(KviMonth)>;
/// As above, each month judged by its own settings version, so a trend that
/// spans a change of framework shows each month's own KVIs.
std::vector<KviScorecard> compute_kvi_trend(const KviTimelineSource& timelines, const RuleBook& rules,
                                            const CalendarLookup& calendar_named, KviMonth last, int months,
                                            Instant as_of, const KviSettingsForMonth& settings_for);

/// One month asked of compute_kvi_months: judged at `as_of` by `config`.
struct KviMonthRequest {
  KviMonth month;
  Instant as_of;
  KviConfig config;
};
/// The months of a trend of `months` months ending at `last`, oldest first,
/// each judged at its own end (or at as_of when that is earlier) by its own
/// settings, as compute_kvi_trend judges them.
std::vector<KviMonthRequest> kvi_trend_months(KviMonth last, int months, Instant as_of,
                                              const KviSettingsForMonth& settings_for);
/// The scorecards of the months asked, in their order, in one pass over the
/// timelines: each timeline is judged once for every month ending after its
/// last event whose clocks had all stopped by then, and once per instant
/// otherwise. Each scorecard equals compute_kvi_scorecard's for that month,
/// instant and settings.
std::vector<KviScorecard> compute_kvi_months(const KviTimelineSource& timelines, const RuleBook& rules,
                                             const CalendarLookup& calendar_named,
                                             const std::vector<KviMonthRequest>& months);

/// A share as a percentage, rounded down to 0.1 ("89.9%" for 0.8999), so a
/// near miss never prints as its target.
std::string format_kvi_share(double share);

}  // namespace slaclock
