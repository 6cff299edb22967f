// Each address of the dashboard: check the parameters, open the database
// read-only, ask the engine, render. No statement here writes; the store
// refuses writes on a read-only connection anyway.
#include "serve/dashboard.h"
#include "serve/http_error.h"
#include "serve/query_params.h"

#include <slaclock/base/error.h>
#include <slaclock/config/calendar_loader.h>
#include <slaclock/ops/calendar_source.h>
#include <slaclock/ops/clock_names.h>
#include <slaclock/ops/compliance_report.h>
#include <slaclock/ops/kvi_pack.h>
#include <slaclock/ops/overdue.h>
#include <slaclock/ops/replay.h>
#include <slaclock/report/clock_json.h>
#include <slaclock/report/dashboard.h>
#include <slaclock/report/kvi_report.h>
#include <slaclock/store/clock_store.h>
#include <slaclock/store/event_store.h>
#include <slaclock/store/rule_store.h>
#include <slaclock/time/timestamp.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>

namespace slaclock::detail {

namespace {

constexpr const char* json_type = "application/json; charset=utf-8";
constexpr std::size_t max_sweeps_per_page = 200;
constexpr std::size_t default_sweeps_per_page = 50;
constexpr std::size_t recent_sweeps_offered = 20;
/// Timeline rows on an entity page (?events_from= pages through the rest).
constexpr std::size_t events_per_page = 200;

std::string json_body(const nlohmann::json& j) {
  // Invalid UTF-8 in a stored value prints as U+FFFD rather than failing the answer.
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

Reply json_text_reply(std::string text) {
  Reply r;
  r.content_type = json_type;
  r.body = std::move(text);
  return r;
}

Reply json_reply(const nlohmann::json& j) {
  return json_text_reply(json_body(j));
}

Reply html_reply(std::string body) {
  Reply r;
  r.body = std::move(body);
  return r;
}

// One read-only connection per server thread, kept between requests: SQLite's
// page cache then stays warm from one request to the next (until a sweep
// writes), where a fresh connection per request read the overdue board's
// index and rows from a cold cache each time (issue 13's speed goal). Each
// request reads a fresh snapshot: the latest sweep, whole.
const EventStore& open_read_only(const ServeOptions& o) {
  thread_local std::optional<EventStore> store;
  thread_local std::filesystem::path path;
  if (!store || path != o.database) {
    store.reset();
    store.emplace(EventStore::open(o.database, OpenMode::read_only));
    // The board's pages (running clocks and their index: about 19 MB at a
    // million contacts) stay in this thread's cache between requests.
    store->keep_pages_cached(32);
    // The stored versions' clock names, so an address may name a site's own
    // clock (`clock=p1_response`); a version loaded later is known from the
    // next connection.
    (void)find_clock(*store, "");
    path = o.database;
  } else {
    store->renew_snapshot();
  }
  return *store;
}

// The zone a calendar counts in, found as every command finds it (a
// calendar stored with `calendar load` included).
TimeZone zone_of_calendar(const ServeOptions& o, const std::string& name) {
  if (!o.display_zone.empty()) return TimeZone::named(o.display_zone);
  try {
    return CalendarSource(&open_read_only(o), o.calendars_dir).zone(name);
  } catch (const StoreError&) {
    return CalendarSource(nullptr, o.calendars_dir).zone(name);  // no database yet: the files
  }
}

/// The entity's timeline exists, else 404 (replay's own message names the
/// database file, which a web page need not show).
void require_entity(const EventStore& store, const std::string& id) {
  if (id.empty() || !store.timeline(id)) throw HttpError(404, "no entity '" + id + "'");
}

KviMonth month_param(const std::string& text, const std::string& name) {
  try {
    return parse_kvi_month(text, name);
  } catch (const InputError& e) {
    throw HttpError(400, "parameter " + name + ": " + e.why());
  }
}

}  // namespace

Dashboard::Dashboard(const ServeOptions& options)
    : options_(options), zone_(zone_of_calendar(options, options.calendar)) {}

Instant Dashboard::now() const {
  return options_.now();
}

const TimeZone* Dashboard::clock_zone(const ClockResult& c) const {
  const std::string name = c.calendar.empty() ? options_.calendar : c.calendar;
  std::lock_guard lock(zones_mutex_);
  if (const auto it = zones_.find(name); it != zones_.end()) return &it->second;
  TimeZone z = zone_;
  try {
    z = zone_of_calendar(options_, name);
  } catch (const Error&) {
    // A calendar no longer found anywhere: the dashboard's zone.
  }
  return &zones_.emplace(name, z).first->second;
}

namespace {

struct OverdueFilters {
  OverdueQuery query;
  std::size_t limit = 0;
};

// The clocks the board's filter offers, read again only when the stored
// versions change (parsing every version's YAML on each request would cost
// the board a few milliseconds).
std::vector<std::string> clock_names_for_filter(const EventStore& store) {
  thread_local std::string key;
  thread_local std::vector<std::string> names;
  std::string now;
  for (const StoredRuleVersion& v : stored_rule_versions(store)) now += v.content_sha256;
  if (now != key || names.empty()) {
    names.clear();
    for (const ClockId id : known_clocks(store)) names.emplace_back(clock_name(id));
    key = now;
  }
  return names;
}

OverdueFilters overdue_filters(const QueryParams& q, const TimeZone& zone, Instant now, std::size_t default_limit,
                               std::size_t max_limit) {
  OverdueFilters f;
  f.query.as_of = q.instant("as_of", zone).value_or(now);
  f.query.due_within = q.due_within("due_within");
  if (!q.text("customer").empty()) f.query.customer = q.text("customer");
  if (!q.text("priority").empty()) f.query.priority = q.text("priority");
  f.query.clock = q.clock("clock");
  f.query.status = q.running_status("status");
  f.limit = q.number("limit", 1, max_limit, default_limit);
  return f;
}

}  // namespace

Reply Dashboard::overdue_page(const Params& p, const RequestInfo& r) const {
  const QueryParams q(p, {"as_of", "due_within", "customer", "priority", "clock", "status", "limit"});
  OverdueFilters f = overdue_filters(q, zone_, now(), options_.default_rows, options_.max_rows);
  f.query.calendars_dir = options_.calendars_dir;
  const EventStore& store = open_read_only(options_);
  OverdueBoard b;
  b.as_of = f.query.as_of;
  b.latest_sweep = latest_sweep_as_of(store);
  b.unswept_events = b.latest_sweep ? events_since_last_sweep(store) : 0;
  b.customer = q.text("customer");
  b.priority = q.text("priority");
  b.clock = q.text("clock");
  b.clock_names = clock_names_for_filter(store);
  b.status = q.text("status");
  b.due_within = q.text("due_within");
  b.as_of_text = q.text("as_of");
  // Every matching clock counted by status, only the page worded.
  f.query.limit = f.limit;
  f.query.count_all = true;
  OverdueList list = overdue_list(store, f.query);
  b.judged_from_timelines = list.source == OverdueList::Source::timelines_as_known;
  b.sweep_in_force = list.versions_of_sweep;
  b.clocks = std::move(list.clocks);
  b.total = list.total;
  b.counts = std::move(list.counts);
  b.limit = f.limit;
  return html_reply(render_overdue_board(b, {r.nonce, now(), &zone_, r.signed_in}));
}

Reply Dashboard::overdue_api(const Params& p) const {
  const QueryParams q(p, {"as_of", "due_within", "customer", "priority", "clock", "status", "limit", "utc"});
  OverdueFilters f = overdue_filters(q, zone_, now(), options_.max_rows, options_.max_rows);
  f.query.calendars_dir = options_.calendars_dir;
  const bool utc = q.flag("utc");
  const EventStore& store = open_read_only(options_);
  f.query.limit = f.limit;
  f.query.count_all = true;
  const OverdueList list = overdue_list(store, f.query);
  const std::vector<ClockResult>& clocks = list.clocks;
  const std::size_t total = list.total;
  Reply reply = json_text_reply(
      clocks_json_text(clocks, [&](const ClockResult& c) { return utc ? nullptr : clock_zone(c); }) + "\n");
  reply.total = total;
  return reply;
}

Reply Dashboard::entity_page(const std::string& id, const Params& p, const RequestInfo& r) const {
  const QueryParams q(p, {"as_of", "known_at", "events_from"});
  const Instant as_of = q.instant("as_of", zone_).value_or(now());
  const std::optional<Instant> known_at = q.instant("known_at", zone_);
  const EventStore& store = open_read_only(options_);
  require_entity(store, id);
  const Replay replay = replay_entity(store, id, {as_of, false, options_.calendars_dir});
  EntityView v;
  v.timeline = replay.timeline;
  // The latest page of events unless ?events_from= (0: the first) names another.
  v.events_per_page = events_per_page;
  const std::size_t total = v.timeline.events.size();
  v.events_from = q.text("events_from").empty() ? (total > events_per_page ? total - events_per_page : 0)
                                                : q.number("events_from", 0, std::max<std::size_t>(total, 1) - 1, 0);
  v.clocks = replay.clocks;
  v.as_of = as_of;
  v.as_of_text = q.text("as_of");
  v.known_at_text = q.text("known_at");
  v.rule_version = replay.rule_version;
  v.rule_sha256 = replay.rule_sha256;
  v.calendar = replay.calendar;
  v.calendar_sha256 = replay.calendar_sha256;
  v.holds = replay.holds.periods;
  v.paused_clocks = replay.paused_clocks;
  for (const StoredSweepRun& s : stored_sweep_runs(store, recent_sweeps_offered, 0, false))
    v.recent_sweeps.push_back(s.as_of);
  // As known at the chosen instant, else at the latest sweep by as_of.
  std::optional<Instant> at = known_at;
  if (!at)
    if (const auto versions = versions_of_sweep_by(store, as_of)) at = versions->as_of;
  if (at) {
    EntityView::AsKnown k;
    k.at = *at;
    try {
      const Replay known = replay_entity(store, id, {*at, true, options_.calendars_dir});
      const StoredComparison cmp = compare_with_stored_sweep(store, known, *at);
      k.clocks = known.clocks;
      k.rule_version = known.rule_version;
      k.versions_of_sweep = known.versions_of_sweep;
      k.sweep_found = cmp.sweep_found;
      k.matches_all = cmp.matches();
      k.matches.resize(known.clocks.size());
      for (std::size_t i = 0; i < cmp.clock_matches.size() && i < k.matches.size(); ++i)
        k.matches[i] = cmp.clock_matches[i];
    } catch (const InputError& e) {
      k.error = e.why();  // nothing about it was recorded by then
    }
    v.as_known = std::move(k);
  }
  return html_reply(render_entity_page(v, {r.nonce, now(), &zone_, r.signed_in}));
}

Reply Dashboard::entity_api(const std::string& id, const Params& p) const {
  const QueryParams q(p, {"as_of", "as_known", "utc"});
  const Instant as_of = q.instant("as_of", zone_).value_or(now());
  const bool as_known = q.flag("as_known");
  const bool utc = q.flag("utc");
  const EventStore& store = open_read_only(options_);
  require_entity(store, id);
  Replay replay;
  try {
    replay = replay_entity(store, id, {as_of, as_known, options_.calendars_dir});
  } catch (const InputError& e) {
    throw HttpError(404, e.why());  // nothing about it was recorded by as_of
  }
  const auto zone_of = [&](const ClockResult& c) { return utc ? nullptr : clock_zone(c); };
  // The README's shape: matches_stored only in an as-known replay.
  if (!as_known) {
    nlohmann::json clocks = clocks_json(replay.clocks, zone_of);
    add_replay_holds(clocks, replay.clocks, replay.holds.periods, replay.paused_clocks, zone_of);
    return json_reply(clocks);
  }
  // As `replay --as-known --format json`: matches_stored per clock.
  const StoredComparison cmp = compare_with_stored_sweep(store, replay, as_of);
  std::vector<std::optional<bool>> matches(replay.clocks.size());
  for (std::size_t i = 0; i < cmp.clock_matches.size() && i < matches.size(); ++i) matches[i] = cmp.clock_matches[i];
  nlohmann::json clocks = clocks_json(replay.clocks, zone_of, &matches);
  add_replay_holds(clocks, replay.clocks, replay.holds.periods, replay.paused_clocks, zone_of);
  return json_reply(clocks);
}

Reply Dashboard::entity_jump(const Params& p) const {
  const QueryParams q(p, {"id"});
  const std::string& id = q.text("id");
  if (id.empty()) throw HttpError(400, "parameter id: give an entity id");
  Reply r;
  r.status = 303;
  r.location = "/entities/" + url_encode(id);
  return r;
}

Reply Dashboard::scorecard_page(const Params& p, const RequestInfo& r) const {
  const QueryParams q(p, {"month", "as_of"});
  KviMonth month;
  if (q.text("month").empty()) {
    // The last complete month, in the dashboard's zone.
    const CivilDate today = zone_.to_local(now()).date;
    month = KviMonth{today.year(), today.month()}.previous();
  } else {
    month = month_param(q.text("month"), "month");
  }
  const std::optional<Instant> as_of = q.instant("as_of", zone_);
  const EventStore& store = open_read_only(options_);
  KviPackOptions options;
  options.month = month;
  options.as_of = as_of;
  options.calendars_dir = options_.calendars_dir;
  ScorecardView v;
  v.card = kvi_pack_from_store(store, options).card;
  v.month_text = format_kvi_month(month);
  v.as_of_text = q.text("as_of");
  return html_reply(render_scorecard_page(v, {r.nonce, now(), &zone_, r.signed_in}));
}

Reply Dashboard::kvi_pack(const std::string& month_text, const Params& p) const {
  const QueryParams q(p, {"as_of"});
  const KviMonth month = month_param(month_text, "month");
  const EventStore& store = open_read_only(options_);
  KviPackOptions options;
  options.month = month;
  options.as_of = q.instant("as_of", zone_);
  options.calendars_dir = options_.calendars_dir;
  options.trend_months = 12;
  const KviPack pack = kvi_pack_from_store(store, options);
  const ServiceLevels levels = service_levels(store, month, pack.card.as_of, TimeZone::named(pack.card.time_zone));
  Reply reply = html_reply(render_kvi_html(pack.card, pack.trend, &levels));
  reply.pack_page = true;
  return reply;
}

Reply Dashboard::kvi_api(const std::string& month_text, const Params& p) const {
  const QueryParams q(p, {"as_of"});
  const KviMonth month = month_param(month_text, "month");
  const EventStore& store = open_read_only(options_);
  KviPackOptions options;
  options.month = month;
  options.as_of = q.instant("as_of", zone_);
  options.calendars_dir = options_.calendars_dir;
  return json_reply(kvi_scorecard_json(kvi_pack_from_store(store, options).card, true));
}

ComplianceView Dashboard::compliance(const QueryParams& q, const char* default_by, const TimeZone& zone) const {
  ComplianceRequest req;
  // By default the twelve months to this one, in the dashboard's zone.
  const CivilDate today = zone_.to_local(now()).date;
  req.to = q.text("to").empty() ? KviMonth{today.year(), today.month()} : month_param(q.text("to"), "to");
  if (q.text("from").empty()) {
    req.from = req.to;
    for (int i = 0; i < 11; ++i) req.from = req.from.previous();
  } else {
    req.from = month_param(q.text("from"), "from");
  }
  if (req.to < req.from)
    throw HttpError(
        400, "parameter from: '" + format_kvi_month(req.from) + "' is after to '" + format_kvi_month(req.to) + "'");
  try {
    req.by = parse_compliance_by(q.text("by").empty() ? default_by : q.text("by"), "by");
  } catch (const InputError& e) {
    throw HttpError(400, "parameter by: " + e.why());
  }
  req.as_of = q.instant("as_of", zone_);
  req.zone = zone;
  return compliance_view(compliance_report(open_read_only(options_), req));
}

Reply Dashboard::compliance_page(const Params& p, const RequestInfo& r) const {
  const QueryParams q(p, {"from", "to", "by", "as_of"});
  CompliancePage page;
  page.report = compliance(q, "clock", zone_);
  page.by_text = q.text("by");
  page.as_of_text = q.text("as_of");
  return html_reply(render_compliance_page(page, {r.nonce, now(), &zone_, r.signed_in}));
}

Reply Dashboard::compliance_api(const Params& p) const {
  // The CLI's --format json, defaults included; utc=true as its --utc.
  const QueryParams q(p, {"from", "to", "by", "as_of", "utc"});
  const bool utc = q.flag("utc");
  const TimeZone months_zone = utc ? TimeZone::utc() : zone_;
  return json_reply(compliance_json(compliance(q, "clock,month", months_zone), utc ? nullptr : &zone_));
}

SweepHistory Dashboard::sweep_history(const EventStore& store, std::size_t offset, std::size_t limit) const {
  constexpr std::size_t max_cached = 10000;
  SweepHistory h;
  h.offset = offset;
  h.limit = limit;
  h.total = sweep_run_count(store);
  for (StoredSweepRun& s : stored_sweep_runs(store, limit, offset, false)) {
    SweepRow row;
    row.id = s.id;
    row.as_of = s.as_of;
    row.started_at = s.started_at;
    row.last_seq = s.last_seq;
    row.evaluated = s.evaluated;
    const auto key = std::make_pair(s.id, s.chain_sha256);
    bool cached = false;
    if (!s.chain_sha256.empty()) {
      std::lock_guard lock(counts_mutex_);
      if (const auto it = sweep_counts_.find(key); it != sweep_counts_.end()) {
        row.results_by_status = it->second;
        cached = true;
      }
    }
    if (!cached) {
      row.results_by_status = sweep_results_by_status(store, s.id);
      if (!s.chain_sha256.empty()) {
        std::lock_guard lock(counts_mutex_);
        if (sweep_counts_.size() >= max_cached) sweep_counts_.clear();
        sweep_counts_.emplace(key, row.results_by_status);
      }
    }
    row.results_sha256 = std::move(s.results_sha256);
    row.chain_sha256 = std::move(s.chain_sha256);
    h.sweeps.push_back(std::move(row));
  }
  return h;
}

Reply Dashboard::sweeps_page(const Params& p, const RequestInfo& r) const {
  const QueryParams q(p, {"offset", "limit"});
  const std::size_t offset = q.number("offset", 0, 100000000, 0);
  const std::size_t limit = q.number("limit", 1, max_sweeps_per_page, default_sweeps_per_page);
  const EventStore& store = open_read_only(options_);
  return html_reply(render_sweeps_page(sweep_history(store, offset, limit), {r.nonce, now(), &zone_, r.signed_in}));
}

Reply Dashboard::sweeps_api(const Params& p) const {
  const QueryParams q(p, {"offset", "limit", "utc"});
  const std::size_t offset = q.number("offset", 0, 100000000, 0);
  const std::size_t limit = q.number("limit", 1, max_sweeps_per_page, default_sweeps_per_page);
  const bool utc = q.flag("utc");
  const EventStore& store = open_read_only(options_);
  return json_reply(sweeps_json(sweep_history(store, offset, limit), utc ? nullptr : &zone_));
}

namespace {

constexpr std::size_t max_notices_per_page = 500;
constexpr std::size_t default_notices_per_page = 100;

NoticeList notice_list(const EventStore& store, const QueryParams& q) {
  NoticeList l;
  NoticePageQuery query;
  l.kind = q.text("kind");
  l.customer = q.text("customer");
  l.entity = q.text("entity");
  if (!l.kind.empty()) {
    query.kind = parse_notice_kind(l.kind);
    if (!query.kind)
      throw HttpError(400, "parameter kind: '" + l.kind + "' is not one of breached, at_risk, notify_customers");
  }
  if (!l.customer.empty()) query.customer = l.customer;
  if (!l.entity.empty()) query.entity_id = l.entity;
  query.offset = l.offset = q.number("offset", 0, 100000000, 0);
  query.limit = l.limit = q.number("limit", 1, max_notices_per_page, default_notices_per_page);
  l.total = notice_page_count(store, query);
  for (PagedNotice& n : notice_page(store, query)) {
    NoticeRow row;
    row.id = n.id;
    row.entity_id = std::move(n.entity_id);
    row.clock = n.clock;
    row.kind = notice_kind_name(n.kind);
    row.due_at = n.due_at;
    row.customer = std::move(n.customer);
    row.reason = std::move(n.reason);
    row.sweep_id = n.sweep_id;
    row.sweep_as_of = n.sweep_as_of;
    l.notices.push_back(std::move(row));
  }
  return l;
}

}  // namespace

Reply Dashboard::notices_page(const Params& p, const RequestInfo& r) const {
  const QueryParams q(p, {"kind", "customer", "entity", "offset", "limit"});
  const EventStore& store = open_read_only(options_);
  return html_reply(render_notices_page(notice_list(store, q), {r.nonce, now(), &zone_, r.signed_in}));
}

Reply Dashboard::notices_api(const Params& p) const {
  const QueryParams q(p, {"kind", "customer", "entity", "offset", "limit", "utc"});
  const bool utc = q.flag("utc");
  const EventStore& store = open_read_only(options_);
  return json_reply(notices_json(notice_list(store, q), utc ? nullptr : &zone_));
}

Reply Dashboard::error_page(int status, const std::string& message, const RequestInfo& r) const {
  Reply reply = html_reply(render_error_page(status, message, {r.nonce, now(), &zone_, r.signed_in}));
  reply.status = status;
  return reply;
}

Reply Dashboard::error_json(int status, const std::string& message) {
  Reply reply = json_reply(nlohmann::json{{"error", message}, {"status", status}});
  reply.status = status;
  return reply;
}

Reply Dashboard::login_page(int status, const std::string& message, const std::string& next,
                            const RequestInfo& r) const {
  Reply reply = html_reply(render_login_page(message, next, {r.nonce, now(), &zone_, false}));
  reply.status = status;
  return reply;
}

}  // namespace slaclock::detail
