#pragma once
// The pages of `slaclock serve`, the read-only dashboard: pure functions, the
// figures in and one HTML page out. Every value is HTML-escaped
// (html_escape, kvi_report.h) and every link's path segment and query value
// percent-encoded; the only CSS and script are inline, carrying the
// response's Content-Security-Policy nonce, and nothing is fetched from the
// network. Pages read at 1280 px and print (navigation and forms hidden).
//
//   DashboardContext ctx{.nonce = n, .now = t, .zone = &zone};
//   std::string html = render_overdue_board(board, ctx);
#include <slaclock/clock/clock_result.h>
#include <slaclock/clock/event.h>
#include <slaclock/clock/holds.h>
#include <slaclock/kvi/scorecard.h>
#include <slaclock/report/compliance_report.h>
#include <slaclock/time/time_zone.h>

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace slaclock {

/// What every page shares.
struct DashboardContext {
  std::string nonce;               ///< the CSP nonce of this response, on every <style> and <script>
  Instant now;                     ///< the server's now: what the pages are judged at by default
  const TimeZone* zone = nullptr;  ///< instants print in this zone (UTC when null)
  bool signed_in = false;          ///< a login cookie is in use: show "sign out"
};

/// The overdue board: running clocks breached or due soon, soonest first.
struct OverdueBoard {
  Instant as_of;
  std::optional<Instant> latest_sweep;  ///< nothing when no sweep ran yet
  std::int64_t unswept_events = 0;      ///< imported since the latest sweep
  /// as_of is before the latest sweep: the clocks were judged from the
  /// timelines as the sweep then in force (this one; none: as known then) knew them.
  bool judged_from_timelines = false;
  std::optional<Instant> sweep_in_force;
  /// The filters as the user gave them (text, for the form and the links).
  std::string customer, priority, clock, status, due_within, as_of_text;
  /// The clocks the filter offers: those the stored rule versions define,
  /// then the DSC clocks (empty: the DSC clocks).
  std::vector<std::string> clock_names;
  std::vector<ClockResult> clocks;  ///< at most `limit` of them
  std::size_t total = 0;            ///< how many matched before the limit
  std::size_t limit = 0;
  std::map<ClockStatus, std::size_t> counts;  ///< of all that matched, by status
  int refresh_seconds = 60;                   ///< reloads the page (same filters) this often; 0: never
};
std::string render_overdue_board(const OverdueBoard& board, const DashboardContext& ctx);

/// One entity: its timeline, versions and clocks as of an instant, and an
/// "as known at" box comparing the as-known replay with the stored sweep.
struct EntityView {
  /// Every event, in order; the page shows `events_per_page` of them from
  /// `events_from` (the latest ones by default) with links to the others, so
  /// an entity of 100,000 events is still a page of bounded size.
  Timeline timeline;
  std::size_t events_from = 0;
  std::size_t events_per_page = 200;
  std::vector<ClockResult> clocks;
  Instant as_of;
  std::string as_of_text;  ///< as given ("" for now)
  std::string rule_version, rule_sha256, calendar, calendar_sha256;
  std::vector<HoldPeriod> holds;    ///< a contact's hold periods (on_hold ... off_hold)
  std::set<ClockId> paused_clocks;  ///< the clocks the rule version lets a hold pause

  struct AsKnown {
    Instant at;
    std::vector<ClockResult> clocks;
    std::vector<std::optional<bool>> matches;  ///< per clock; nothing when no sweep stored it
    bool sweep_found = false;                  ///< a sweep at exactly `at` stored results for the entity
    bool matches_all = false;
    std::string rule_version;
    std::optional<Instant> versions_of_sweep;  ///< whose recorded versions were used
    std::string error;                         ///< why there is no replay (nothing recorded by then)
  };
  std::optional<AsKnown> as_known;     ///< nothing when no instant was chosen and no sweep ran
  std::string known_at_text;           ///< the as-known instant as given
  std::vector<Instant> recent_sweeps;  ///< offered in the as-known box, latest first
};
std::string render_entity_page(const EntityView& view, const DashboardContext& ctx);

/// The longest entity id the pages link to, in bytes. Its address,
/// percent-encoded (at most 3 bytes a byte) with the entity page's
/// parameters, stays under the 8 KiB request line the server reads; a longer
/// id (possible only if the import's id limit, 256 bytes by default, was
/// raised or predates it) is shown as text, without a link the server would
/// refuse.
constexpr std::size_t max_linked_entity_id_bytes = 2048;

/// The month's KVIs with links from every counted entity to its page.
struct ScorecardView {
  KviScorecard card;
  std::string month_text;          ///< "YYYY-MM"
  std::string as_of_text;          ///< as given ("" for the end of the month)
  std::size_t ids_per_count = 50;  ///< entity links shown per count; the rest are counted
};
std::string render_scorecard_page(const ScorecardView& view, const DashboardContext& ctx);

/// One stored sweep run, as the sweeps page shows it.
struct SweepRow {
  std::int64_t id = 0;
  Instant as_of;
  Instant started_at;
  std::int64_t last_seq = 0;
  std::int64_t evaluated = 0;
  std::map<ClockStatus, std::size_t> results_by_status;
  std::string results_sha256, chain_sha256;
  /// `sweep`'s exit status then: 1 when it stored a breached clock.
  int exit_status() const noexcept;
};
struct SweepHistory {
  std::vector<SweepRow> sweeps;  ///< latest as_of first
  std::int64_t total = 0;        ///< stored runs
  std::size_t offset = 0, limit = 0;
};
std::string render_sweeps_page(const SweepHistory& history, const DashboardContext& ctx);
/// {"total", "offset", "limit", "sweeps": [{"id", "as_of", "started_at",
/// "last_seq", "evaluated", "results": {status: n}, "breached", "exit_status",
/// "results_sha256", "chain_sha256"}]}; instants in `zone` (UTC when null).
nlohmann::json sweeps_json(const SweepHistory& history, const TimeZone* zone);

/// One notice a sweep raised, as the notices page shows it.
struct NoticeRow {
  std::int64_t id = 0;
  std::string entity_id;
  ClockId clock = ClockId::acknowledge;
  std::string kind;  ///< "breached", "at_risk", "notify_customers"
  std::optional<Instant> due_at;
  std::string customer, reason;
  std::int64_t sweep_id = 0;
  Instant sweep_as_of;
};
struct NoticeList {
  std::vector<NoticeRow> notices;  ///< latest raised first
  std::int64_t total = 0;          ///< matching the filters
  std::size_t offset = 0, limit = 0;
  std::string kind, customer, entity;  ///< the filters as given
};
std::string render_notices_page(const NoticeList& list, const DashboardContext& ctx);
/// {"total", "offset", "limit", "notices": [{"id", "entity_id", "clock",
/// "notice", "due_at", "customer", "reason", "sweep_id", "sweep_as_of"}]}.
nlohmann::json notices_json(const NoticeList& list, const TimeZone* zone);

/// The compliance scorecard: a month-by-month met % chart and the table
/// by the chosen dimensions, with the form's values as given.
struct CompliancePage {
  ComplianceView report;
  std::string by_text, as_of_text;  ///< as given ("" for the defaults)
};
std::string render_compliance_page(const CompliancePage& page, const DashboardContext& ctx);

/// A page saying what went wrong (bad input: 400, unknown entity: 404, ...).
std::string render_error_page(int status, const std::string& message, const DashboardContext& ctx);
/// The sign-in form (token), with a message after a failed attempt.
std::string render_login_page(const std::string& message, const std::string& next, const DashboardContext& ctx);

/// Percent-encodes everything but unreserved characters (RFC 3986), for a
/// path segment or a query value.
std::string url_encode(std::string_view text);

}  // namespace slaclock
