// The dashboard's pages (`slaclock serve`): server-rendered HTML, one small
// inline style sheet and script carrying the response's CSP nonce, no
// network fetches. Every piece of text goes through html_escape; every link
// is built from percent-encoded parts.
#include <slaclock/report/dashboard.h>
#include <slaclock/report/kvi_report.h>
#include <slaclock/time/timestamp.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <sstream>
#include <utility>

namespace slaclock {

std::string url_encode(std::string_view text) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
        c == '.' || c == '~') {
      out += ch;
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 0xF];
    }
  }
  return out;
}

int SweepRow::exit_status() const noexcept {
  const auto it = results_by_status.find(ClockStatus::breached);
  return it != results_by_status.end() && it->second > 0 ? 1 : 0;
}

namespace {

using Params = std::vector<std::pair<std::string, std::string>>;

/// "path?k=v&..." with empty values left out, already HTML-escaped for an attribute.
std::string href(const std::string& path, const Params& params = {}) {
  std::string out = path;
  char sep = '?';
  for (const auto& [k, v] : params) {
    if (v.empty()) continue;
    out += sep + url_encode(k) + "=" + url_encode(v);
    sep = '&';
  }
  return html_escape(out);
}

std::string entity_href(const std::string& id, const Params& params = {}) {
  return href("/entities/" + url_encode(id), params);
}

std::string entity_link(const std::string& id) {
  // No link the server would refuse (414): the id as text instead.
  if (id.size() > max_linked_entity_id_bytes)
    return "<span class=\"entity\" data-unlinked=\"too-long\" title=\"an id this long has no page address: use "
           "slaclock replay\">" +
           html_escape(id) + "</span>";
  return "<a class=\"entity\" href=\"" + entity_href(id) + "\">" + html_escape(id) + "</a>";
}

std::string when(Instant t, const DashboardContext& ctx) {
  return ctx.zone ? format_instant(t, *ctx.zone) : format_utc(t);
}

/// "2026-10-09 17:00" from "2026-10-09T17:00:00+01:00": what people read in
/// a table; the full instant with its offset is in the title.
std::string short_when(Instant t, const DashboardContext& ctx) {
  std::string s = when(t, ctx);
  if (s.size() >= 19 && s[10] == 'T') {
    const bool whole_minute = s.compare(16, 3, ":00") == 0;
    s = s.substr(0, 10) + " " + s.substr(11, whole_minute ? 5 : 8);
  }
  return s;
}

/// <time> with the UTC instant for scripts, the local time with its offset
/// as the title, and the short local text for people.
std::string time_html(const std::optional<Instant>& t, const DashboardContext& ctx) {
  if (!t) return "";
  return "<time datetime=\"" + html_escape(format_utc(*t)) + "\" title=\"" + html_escape(when(*t, ctx)) + "\">" +
         html_escape(short_when(*t, ctx)) + "</time>";
}

std::string status_badge(ClockStatus s) {
  const std::string name = clock_status_name(s);
  return "<span class=\"status st-" + name + "\">" + html_escape(name) + "</span>";
}

std::string clock_label(const ClockResult& c) {
  std::string s = html_escape(clock_name(c.clock));
  if (c.band) s += " <span class=\"note\">[" + html_escape(gemini_band_name(*c.band)) + "]</span>";
  return s;
}

std::string sha_short(const std::string& sha) {
  return sha.empty() ? std::string() : html_escape(sha.substr(0, 16));
}

/// "in 3h 10m" or "overdue by 1d 2h" (wall time to the due instant).
std::string time_left_text(Instant due, Instant now) {
  const std::int64_t left = (due - now).count;
  if (left < 0) return "overdue by " + format_duration(-left);
  return "in " + format_duration(left);
}

constexpr const char* style = R"CSS(
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif; color: #1a1a1a; margin: 0;
       font-size: 14px; line-height: 1.4; background: #fff; }
header { background: #1f3864; color: #fff; padding: 8px 24px; display: flex; gap: 22px; align-items: center;
         flex-wrap: wrap; }
header .brand { font-weight: bold; font-size: 16px; }
header a { color: #fff; text-decoration: none; padding: 3px 2px; }
header a:hover, header a:focus { text-decoration: underline; }
header form { margin-left: auto; display: flex; gap: 6px; }
header input { width: 150px; }
main { max-width: 1240px; margin: 0 auto; padding: 14px 24px 28px; }
h1 { font-size: 22px; margin: 6px 0 4px; }
h2 { font-size: 17px; margin: 22px 0 8px; border-bottom: 2px solid #1f3864; padding-bottom: 3px; color: #1f3864; }
.subtitle { color: #444; margin: 0 0 12px; }
.note { color: #555; font-size: 12px; }
.warn { background: #fff4d6; border: 1px solid #e0b341; padding: 6px 10px; margin: 8px 0; }
.ok { background: #e5f3e6; border: 1px solid #7cb380; padding: 6px 10px; margin: 8px 0; }
.bad { background: #fbe3e3; border: 1px solid #d77; padding: 6px 10px; margin: 8px 0; }
.empty { color: #555; font-style: italic; }
form.filters { display: flex; flex-wrap: wrap; gap: 10px 14px; align-items: flex-end; background: #f2f4f8;
               border: 1px solid #d5dbe6; padding: 8px 12px; margin: 8px 0 12px; }
form.filters label { display: flex; flex-direction: column; font-size: 12px; color: #333; gap: 2px; }
input, select, button { font: inherit; font-size: 13px; padding: 3px 6px; }
button { background: #1f3864; color: #fff; border: 0; padding: 4px 12px; border-radius: 3px; cursor: pointer; }
.counts { display: flex; gap: 10px; margin: 6px 0 10px; flex-wrap: wrap; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #c4c4c4; padding: 4px 7px; text-align: left; vertical-align: top; }
th { background: #1f3864; color: #fff; font-weight: bold; font-size: 13px; }
td { font-size: 13px; }
td.reason { min-width: 220px; overflow-wrap: anywhere; }
td.nowrap, td.left, td.num { white-space: nowrap; }
td.num { text-align: right; }
td.reason { font-size: 12px; color: #333; }
tr.st-breached td:first-child { border-left: 5px solid #c62828; }
tr.st-at_risk td:first-child { border-left: 5px solid #f2a900; }
tr.st-pending td:first-child { border-left: 5px solid #4a78c2; }
tr.st-breached { background: #fdeeee; }
tr.st-at_risk { background: #fff8e6; }
td.left.late { color: #b71c1c; font-weight: bold; }
.status { display: inline-block; min-width: 78px; text-align: center; padding: 1px 6px; border-radius: 3px;
          font-weight: bold; font-size: 12px; }
.st-breached .status, .status.st-breached { background: #c62828; color: #fff; }
.status.st-at_risk { background: #f2a900; color: #000; }
.status.st-pending { background: #4a78c2; color: #fff; }
.status.st-met { background: #2e7d32; color: #fff; }
.status.st-missed { background: #7b1f1f; color: #fff; }
.status.st-not_applicable { background: #e0e0e0; color: #333; }
.rag { display: inline-block; min-width: 64px; text-align: center; padding: 2px 6px; border-radius: 3px;
       font-weight: bold; font-size: 12px; }
.rag-green { background: #2e7d32; color: #fff; }
.rag-amber { background: #f2a900; color: #000; }
.rag-red { background: #c62828; color: #fff; }
.rag-not_due { background: #e0e0e0; color: #333; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 6px 0; }
.facts dt { font-weight: bold; }
.facts dd { margin: 0; }
.box { border: 1px solid #c9d3e3; background: #f6f8fc; padding: 8px 12px; margin: 10px 0; }
.score { display: flex; gap: 18px; align-items: baseline; background: #eef2f8; border: 1px solid #c9d3e3;
         padding: 8px 14px; margin: 8px 0; }
.score .value { font-size: 26px; font-weight: bold; color: #1f3864; }
ul.ids { margin: 2px 0 8px; padding-left: 18px; }
ul.ids li { display: inline; margin-right: 8px; }
svg.bar { vertical-align: middle; }
svg.met-trend { max-width: 900px; display: block; margin: 4px 0 10px; }
tr.total td { font-weight: bold; background: #eef2f8; }
.pager { display: flex; gap: 14px; margin: 10px 0; }
a { color: #1f4f9c; }
@media print {
  header, form, .pager, .no-print { display: none !important; }
  main { max-width: none; padding: 0; }
  body { font-size: 11px; }
  tr { break-inside: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
)CSS";

/// Counts down every "time left" cell from the server's as-of instant, so a
/// pinned --as-of counts down from there too.
constexpr const char* countdown_script = R"JS(
(function () {
  var start = Date.now();
  var asOf = Number(document.body.getAttribute('data-as-of'));
  function part(n, u) { return n > 0 ? n + u + ' ' : ''; }
  function fmt(s) {
    var d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600), m = Math.floor(s % 3600 / 60), x = s % 60;
    var t = (part(d, 'd') + part(h, 'h') + part(m, 'm') + (d === 0 ? part(x, 's') : '')).trim();
    return t === '' ? '0s' : t;
  }
  function tick() {
    var now = asOf + Math.floor((Date.now() - start) / 1000);
    var cells = document.querySelectorAll('td.left[data-due]');
    for (var i = 0; i < cells.length; i++) {
      var left = Number(cells[i].getAttribute('data-due')) - now;
      cells[i].textContent = left < 0 ? 'overdue by ' + fmt(-left) : 'in ' + fmt(left);
      cells[i].classList.toggle('late', left < 0);
    }
  }
  tick();
  setInterval(tick, 1000);
  document.body.setAttribute('data-countdown', 'running');
})();
)JS";

void page_head(std::ostringstream& os, const std::string& title, const DashboardContext& ctx,
               const std::string& head_extra = "", const std::string& body_attributes = "") {
  os << "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
     << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
     << "<meta name=\"referrer\" content=\"no-referrer\">\n"
     << head_extra << "<title>" << html_escape(title) << " - slaclock</title>\n<style nonce=\""
     << html_escape(ctx.nonce) << "\">" << style << "</style>\n</head>\n<body" << body_attributes
     << ">\n<header><span class=\"brand\">slaclock</span>\n<nav>"
     << "<a href=\"/\">Overdue board</a> &nbsp; <a href=\"/scorecard\">Scorecard</a> &nbsp; "
     << "<a href=\"/compliance\">Compliance</a> &nbsp; <a href=\"/sweeps\">Sweeps</a> &nbsp; "
     << "<a href=\"/notices\">Notices</a></nav>\n"
     << "<form method=\"get\" action=\"/entity\" role=\"search\"><input name=\"id\" placeholder=\"entity id\" "
        "aria-label=\"entity id\" required maxlength=\"200\"><button type=\"submit\">Open</button></form>";
  if (ctx.signed_in) os << "<a href=\"/logout\">Sign out</a>";
  os << "</header>\n<main>\n";
}

void page_foot(std::ostringstream& os, const DashboardContext& ctx, bool countdown = false) {
  os << "<p class=\"note\">slaclock serve: read-only; page made at " << html_escape(when(ctx.now, ctx))
     << ".</p>\n</main>\n";
  if (countdown) os << "<script nonce=\"" << html_escape(ctx.nonce) << "\">" << countdown_script << "</script>\n";
  os << "</body>\n</html>\n";
}

std::string option(const std::string& value, const std::string& label, const std::string& selected) {
  return "<option value=\"" + html_escape(value) + "\"" + (value == selected ? " selected" : "") + ">" +
         html_escape(label) + "</option>";
}

/// A small bar of the allowance used: full at 100 %, a red tick beyond.
std::string allowance_bar(const ClockResult& c) {
  if (c.status == ClockStatus::not_applicable || c.allowance_seconds <= 0) return "<span class=\"note\">-</span>";
  const double pct = c.percent_used();
  constexpr double width = 120, height = 12;
  const double fill = width * std::clamp(pct, 0.0, 100.0) / 100.0;
  const char* colour = c.status == ClockStatus::breached || c.status == ClockStatus::missed ? "#c62828"
                       : c.status == ClockStatus::at_risk                                   ? "#f2a900"
                       : c.status == ClockStatus::met                                       ? "#2e7d32"
                                                                                            : "#4a78c2";
  char pct_text[32];
  std::snprintf(pct_text, sizeof pct_text, "%.0f%%", pct);
  char svg[512];
  std::snprintf(svg, sizeof svg,
                "<svg class=\"bar\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
                "viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"%s of the allowance used\">"
                "<rect width=\"%.0f\" height=\"%.0f\" fill=\"#e4e7ec\"/><rect width=\"%.1f\" height=\"%.0f\" "
                "fill=\"%s\"/>%s</svg>",
                width, height, width, height, pct_text, width, height, fill, height, colour,
                pct > 100.0 ? "<rect x=\"116\" width=\"4\" height=\"12\" fill=\"#7b1f1f\"/>" : "");
  return std::string(svg) + " <span class=\"pct\">" + pct_text + "</span>";
}

std::string fields_text(const Event& e) {
  std::string out;
  for (const auto& [k, v] : e.fields) out += (out.empty() ? "" : " ") + k + "=" + v;
  return out;
}

}  // namespace

std::string render_overdue_board(const OverdueBoard& b, const DashboardContext& ctx) {
  std::ostringstream os;
  const std::string refresh =
      b.refresh_seconds > 0 ? "<meta http-equiv=\"refresh\" content=\"" + std::to_string(b.refresh_seconds) + "\">\n"
                            : std::string();
  page_head(os, "Overdue board", ctx, refresh,
            " data-as-of=\"" + std::to_string(b.as_of.utc_seconds) + "\" data-page=\"overdue\"");
  os << "<h1>Overdue board</h1>\n<p class=\"subtitle\">Running clocks past due"
     << (b.due_within.empty() ? "" : " or due within " + html_escape(b.due_within)) << " at "
     << time_html(b.as_of, ctx);
  if (b.judged_from_timelines)
    os << " (judged from the timelines as "
       << (b.sweep_in_force ? "the sweep as of " + time_html(*b.sweep_in_force, ctx) + " knew them"
                            : std::string("known then: no sweep was in force"))
       << "; the latest sweep, as of " << time_html(*b.latest_sweep, ctx) << ", is later)";
  else if (b.latest_sweep)
    os << " (clock state from the sweep as of " << time_html(*b.latest_sweep, ctx) << ")";
  os << ", soonest due first.";
  if (b.refresh_seconds > 0) os << " <span class=\"note\">Refreshes every " << b.refresh_seconds << " s.</span>";
  os << "</p>\n";
  if (!b.latest_sweep)
    os << "<p class=\"warn\" id=\"no-sweep\">No sweep has run yet: run <code>slaclock sweep</code> first.</p>\n";
  if (b.unswept_events > 0 && !b.judged_from_timelines)
    os << "<p class=\"warn\" id=\"unswept\">" << b.unswept_events << " event" << (b.unswept_events == 1 ? "" : "s")
       << " imported since the last sweep " << (b.unswept_events == 1 ? "is" : "are")
       << " not reflected; they show after the next sweep.</p>\n";

  os << "<form class=\"filters\" method=\"get\" action=\"/\">\n"
     << "<label>Customer<input name=\"customer\" value=\"" << html_escape(b.customer)
     << "\" maxlength=\"200\"></label>\n<label>Priority<input name=\"priority\" value=\"" << html_escape(b.priority)
     << "\" size=\"6\" maxlength=\"40\"></label>\n<label>Clock<select name=\"clock\">"
     << option("", "any clock", b.clock);
  if (b.clock_names.empty())
    for (ClockId id : dsc_clock_ids) os << option(clock_name(id), clock_name(id), b.clock);
  for (const std::string& name : b.clock_names) os << option(name, name, b.clock);
  os << "</select></label>\n<label>Status<select name=\"status\">" << option("", "any status", b.status);
  for (ClockStatus s : {ClockStatus::breached, ClockStatus::at_risk, ClockStatus::pending})
    os << option(clock_status_name(s), clock_status_name(s), b.status);
  os << "</select></label>\n<label>Due within<input name=\"due_within\" value=\"" << html_escape(b.due_within)
     << "\" placeholder=\"e.g. 1bd, 4bh, 2d\" size=\"10\" maxlength=\"40\"></label>\n"
     << "<label>As of<input name=\"as_of\" value=\"" << html_escape(b.as_of_text)
     << "\" placeholder=\"now\" size=\"24\" maxlength=\"60\"></label>\n"
     << "<button type=\"submit\">Show</button> <a href=\"/\">clear</a>\n</form>\n";

  os << "<div class=\"counts\" id=\"counts\">";
  for (ClockStatus s : {ClockStatus::breached, ClockStatus::at_risk, ClockStatus::pending}) {
    const auto it = b.counts.find(s);
    os << "<span data-count=\"" << clock_status_name(s) << "\">" << status_badge(s) << " "
       << (it == b.counts.end() ? 0 : it->second) << "</span>";
  }
  os << "</div>\n";
  if (b.total > b.clocks.size())
    os << "<p class=\"warn\" id=\"truncated\">Showing the " << b.clocks.size() << " soonest of " << b.total
       << " clocks; narrow the filters, or ask <code>/api/overdue</code> for more.</p>\n";

  if (b.clocks.empty()) {
    os << "<p class=\"empty\" id=\"nothing-overdue\">Nothing overdue.</p>\n";
  } else {
    os << "<table id=\"overdue-board\">\n<thead><tr><th>Due</th><th>Time left</th><th>Status</th><th>Entity</th>"
          "<th>Clock</th><th>Customer</th><th>Priority</th><th>Started</th><th>Reason (at the "
          "sweep)</th></tr></thead>\n"
          "<tbody>\n";
    for (const ClockResult& c : b.clocks) {
      const std::string status = clock_status_name(c.status);
      os << "<tr class=\"st-" << status << "\" data-status=\"" << status << "\" data-entity=\""
         << html_escape(c.entity_id) << "\" data-clock=\"" << clock_name(c.clock) << "\"><td class=\"nowrap\">"
         << time_html(c.due_at, ctx) << "</td>";
      if (c.due_at)
        os << "<td class=\"left" << (*c.due_at < b.as_of ? " late" : "") << "\" data-due=\"" << c.due_at->utc_seconds
           << "\">" << html_escape(time_left_text(*c.due_at, b.as_of)) << "</td>";
      else
        os << "<td class=\"left\"></td>";
      os << "<td>" << status_badge(c.status) << "</td><td class=\"nowrap\">" << entity_link(c.entity_id) << "</td><td>"
         << clock_label(c) << "</td><td>" << html_escape(c.customer) << "</td><td>" << html_escape(c.priority)
         << "</td><td class=\"nowrap\">" << time_html(c.started_at, ctx) << "</td><td class=\"reason\" title=\"rules "
         << html_escape(c.rule_version) << "\">" << html_escape(c.reason) << "</td></tr>\n";
    }
    os << "</tbody>\n</table>\n";
  }
  page_foot(os, ctx, true);
  return os.str();
}

std::string render_entity_page(const EntityView& v, const DashboardContext& ctx) {
  std::ostringstream os;
  const std::string kind = entity_kind_name(v.timeline.kind);
  page_head(os, kind + " " + v.timeline.entity_id, ctx, "",
            " data-as-of=\"" + std::to_string(v.as_of.utc_seconds) + "\" data-page=\"entity\"");
  std::string customer;
  for (const ClockResult& c : v.clocks)
    if (!c.customer.empty()) customer = c.customer;
  os << "<h1 id=\"entity\" data-entity=\"" << html_escape(v.timeline.entity_id) << "\">" << html_escape(kind) << " "
     << html_escape(v.timeline.entity_id) << "</h1>\n<p class=\"subtitle\">As of " << time_html(v.as_of, ctx)
     << ", with hindsight (every event that happened by then)"
     << (customer.empty() ? "" : "; customer " + html_escape(customer)) << ".</p>\n";
  os << "<form class=\"filters\" method=\"get\" action=\"" << entity_href(v.timeline.entity_id) << "\">"
     << "<label>As of<input name=\"as_of\" value=\"" << html_escape(v.as_of_text)
     << "\" placeholder=\"now\" size=\"26\" maxlength=\"60\"></label>";
  if (!v.known_at_text.empty())
    os << "<input type=\"hidden\" name=\"known_at\" value=\"" << html_escape(v.known_at_text) << "\">";
  os << "<button type=\"submit\">Replay</button></form>\n";

  os << "<dl class=\"facts\" id=\"versions\">";
  if (v.rule_version.empty()) {
    os << "<dt>Rules</dt><dd class=\"empty\">no clocks: nothing was judged</dd>";
  } else {
    os << "<dt>Rules</dt><dd><span id=\"rule-version\">" << html_escape(v.rule_version) << "</span>"
       << (v.rule_sha256.empty() ? "" : " <span class=\"note\">sha256 " + sha_short(v.rule_sha256) + "</span>")
       << "</dd><dt>Calendar</dt><dd><span id=\"calendar\">" << html_escape(v.calendar) << "</span>"
       << (v.calendar_sha256.empty() ? std::string(" <span class=\"note\">(shipped file, not stored)</span>")
                                     : " <span class=\"note\">sha256 " + sha_short(v.calendar_sha256) + "</span>")
       << "</dd><dt>Versions</dt><dd>the latest stored</dd>";
  }
  os << "</dl>\n<h2>Clocks</h2>\n";
  if (v.clocks.empty()) {
    os << "<p class=\"empty\">No clock runs for this entity.</p>\n";
  } else {
    os << "<table id=\"clocks\">\n<thead><tr><th>Clock</th><th>Status</th><th>Started</th><th>Due</th>"
          "<th>Stopped</th><th>Allowance used</th><th>Reason</th></tr></thead>\n<tbody>\n";
    for (const ClockResult& c : v.clocks) {
      const std::string status = clock_status_name(c.status);
      os << "<tr class=\"st-" << status << "\" data-clock=\"" << clock_name(c.clock) << "\" data-status=\"" << status
         << "\"><td>" << clock_label(c) << "</td><td>" << status_badge(c.status) << "</td><td class=\"nowrap\">"
         << time_html(c.started_at, ctx) << "</td><td class=\"nowrap\">" << time_html(c.due_at, ctx)
         << "</td><td class=\"nowrap\">" << time_html(c.stopped_at, ctx) << "</td><td class=\"nowrap\">"
         << allowance_bar(c) << "</td><td class=\"reason\">" << html_escape(c.reason) << "</td></tr>\n";
    }
    os << "</tbody>\n</table>\n";
  }
  if (!v.holds.empty()) {
    std::string paused;
    for (const ClockId id : v.paused_clocks) paused += (paused.empty() ? "" : ", ") + std::string(clock_name(id));
    os << "<h2>Holds</h2>\n<p class=\"note\">They pause "
       << html_escape(paused.empty() ? "no clock under " + v.rule_version : paused) << ".</p>\n"
       << "<table id=\"holds\">\n<thead><tr><th>From</th><th>To</th><th>Ended by</th><th>Reason</th>"
          "<th>Resumed</th></tr></thead>\n<tbody>\n";
    // The latest holds only: a timeline of many holds still makes a page of bounded size.
    constexpr std::size_t max_holds_shown = 200;
    const std::size_t first_hold = v.holds.size() > max_holds_shown ? v.holds.size() - max_holds_shown : 0;
    for (std::size_t i = first_hold; i < v.holds.size(); ++i) {
      const HoldPeriod& h = v.holds[i];
      os << "<tr><td class=\"nowrap\">" << time_html(h.from, ctx) << "</td><td class=\"nowrap\">"
         << (h.to ? time_html(h.to, ctx) : std::string("still on hold")) << "</td><td>"
         << (h.to ? event_type_name(h.ended_by) : "") << "</td><td>" << html_escape(h.reason) << "</td><td>"
         << html_escape(h.resume_reason) << "</td></tr>\n";
    }
    os << "</tbody>\n</table>\n";
    if (first_hold > 0)
      os << "<p class=\"note\" id=\"holds-truncated\">The latest " << max_holds_shown << " of " << v.holds.size()
         << " holds.</p>\n";
  }

  os << "<h2>As known at</h2>\n<div class=\"box\" id=\"as-known\">\n"
     << "<p class=\"note\">Judged again with only the events recorded by that instant and the rule and calendar "
        "versions the sweep then recorded, and compared with the results that sweep stored.</p>\n"
     << "<form class=\"filters\" method=\"get\" action=\"" << entity_href(v.timeline.entity_id) << "\">";
  if (!v.as_of_text.empty())
    os << "<input type=\"hidden\" name=\"as_of\" value=\"" << html_escape(v.as_of_text) << "\">";
  os << "<label>Known at<input name=\"known_at\" list=\"sweep-instants\" value=\""
     << html_escape(!v.known_at_text.empty() ? v.known_at_text
                    : v.as_known             ? when(v.as_known->at, ctx)
                                             : std::string())
     << "\" placeholder=\"a sweep's as-of\" size=\"26\" maxlength=\"60\"></label><datalist id=\"sweep-instants\">";
  for (Instant t : v.recent_sweeps) os << "<option value=\"" << html_escape(when(t, ctx)) << "\">";
  os << "</datalist><button type=\"submit\">Compare</button></form>\n";
  if (!v.as_known) {
    os << "<p class=\"empty\">No sweep has run yet: nothing to compare with.</p>\n";
  } else if (!v.as_known->error.empty()) {
    os << "<p class=\"warn\" id=\"as-known-result\">" << html_escape(v.as_known->error) << "</p>\n";
  } else {
    const auto& k = *v.as_known;
    if (!k.sweep_found)
      os << "<p class=\"warn\" id=\"as-known-result\" data-match=\"none\">No sweep stored results for this entity at "
            "exactly "
         << time_html(k.at, ctx) << ": nothing to compare with.</p>\n";
    else if (k.matches_all)
      os << "<p class=\"ok\" id=\"as-known-result\" data-match=\"true\">Matches the results stored by the sweep as of "
         << time_html(k.at, ctx) << ".</p>\n";
    else
      os << "<p class=\"bad\" id=\"as-known-result\" data-match=\"false\">DIFFERS FROM the results stored by the "
            "sweep as of "
         << time_html(k.at, ctx) << ".</p>\n";
    os << "<p class=\"note\">Rules " << html_escape(k.rule_version.empty() ? "none" : k.rule_version) << "; versions "
       << (k.versions_of_sweep ? "as recorded by the sweep as of " + time_html(*k.versions_of_sweep, ctx)
                               : std::string("the latest stored"))
       << ".</p>\n<table id=\"as-known-clocks\">\n<thead><tr><th>Clock</th><th>Status</th><th>Due</th>"
          "<th>Stopped</th><th>Matches stored</th><th>Reason</th></tr></thead>\n<tbody>\n";
    for (std::size_t i = 0; i < k.clocks.size(); ++i) {
      const ClockResult& c = k.clocks[i];
      // "none": no sweep stored this clock then.
      const char* match = "none";
      const char* match_cell = "-";
      if (i < k.matches.size() && k.matches[i].has_value()) {
        const bool same = k.matches[i].value();
        match = same ? "true" : "false";
        match_cell = same ? "yes" : "<strong>no</strong>";
      }
      os << "<tr data-clock=\"" << clock_name(c.clock) << "\" data-match=\"" << match << "\"><td>" << clock_label(c)
         << "</td><td>" << status_badge(c.status) << "</td><td class=\"nowrap\">" << time_html(c.due_at, ctx)
         << "</td><td class=\"nowrap\">" << time_html(c.stopped_at, ctx) << "</td><td>" << match_cell
         << "</td><td class=\"reason\">" << html_escape(c.reason) << "</td></tr>\n";
    }
    os << "</tbody>\n</table>\n";
  }
  os << "</div>\n<h2>Timeline</h2>\n";
  if (v.timeline.events.empty()) {
    os << "<p class=\"empty\">No event happened by then.</p>\n";
  } else {
    // One page of events, [from, to), with links to the pages either side.
    const std::size_t total = v.timeline.events.size();
    const std::size_t per_page = std::max<std::size_t>(v.events_per_page, 1);
    const std::size_t from = std::min(v.events_from, total - 1);
    const std::size_t to = std::min(total, from + per_page);
    const auto page_link = [&](std::size_t start, const char* id, const char* text) {
      return "<a data-pager=\"" + std::string(id) + "\" href=\"" +
             entity_href(
                 v.timeline.entity_id,
                 {{"as_of", v.as_of_text}, {"known_at", v.known_at_text}, {"events_from", std::to_string(start)}}) +
             "\">" + text + "</a>";
    };
    const bool paged = from > 0 || to < total;
    std::string pager;
    if (paged) {
      pager = "<p class=\"note pager\">Events " + std::to_string(from + 1) + " to " + std::to_string(to) + " of " +
              std::to_string(total) + ".";
      if (from > 0) pager += " " + page_link(from > per_page ? from - per_page : 0, "earlier", "Earlier");
      if (to < total) {
        pager += " " + page_link(to, "later", "Later");
        pager += " " + page_link(total > per_page ? total - per_page : 0, "latest", "Latest");
      }
      pager += "</p>\n";
    }
    os << pager;
    os << "<table id=\"timeline\" data-events-from=\"" << from << "\" data-events-total=\"" << total
       << "\">\n<thead><tr><th>At</th><th>Event</th><th>Event id</th><th>Recorded at</th>"
          "<th>Details</th></tr></thead>\n<tbody>\n";
    for (std::size_t i = from; i < to; ++i) {
      const Event& e = v.timeline.events[i];
      os << "<tr data-event=\"" << event_type_name(e.type) << "\"><td class=\"nowrap\">" << time_html(e.at, ctx)
         << "</td><td>" << html_escape(event_type_name(e.type)) << "</td><td>" << html_escape(e.event_id)
         << "</td><td class=\"nowrap\">" << time_html(e.recorded_at, ctx) << "</td><td class=\"reason\">"
         << html_escape(fields_text(e)) << "</td></tr>\n";
    }
    os << "</tbody>\n</table>\n" << pager;
  }
  page_foot(os, ctx);
  return os.str();
}

namespace {

constexpr const char* month_names[] = {"January", "February", "March",     "April",   "May",      "June",
                                       "July",    "August",   "September", "October", "November", "December"};

std::string rag_badge(Rag r) {
  const char* word = r == Rag::green ? "GREEN" : r == Rag::amber ? "AMBER" : r == Rag::red ? "RED" : "NOT DUE";
  return "<span class=\"rag rag-" + std::string(rag_name(r)) + "\">" + word + "</span>";
}

std::string weight_text(double w) {
  std::ostringstream os;
  os << w;
  return os.str();
}

std::string clock_summary(const ClockResult& c, const DashboardContext& ctx) {
  if (c.entity_id.empty()) return "";
  if (c.status == ClockStatus::not_applicable) return "<span class=\"note\">not judged</span>";
  return status_badge(c.status) + (c.due_at ? " due " + time_html(c.due_at, ctx) : std::string());
}

}  // namespace

std::string render_scorecard_page(const ScorecardView& v, const DashboardContext& ctx) {
  const KviScorecard& card = v.card;
  std::ostringstream os;
  const std::string month_long = std::string(month_names[card.month.month - 1]) + " " + std::to_string(card.month.year);
  page_head(os, "KVI scorecard " + v.month_text, ctx, "", " data-page=\"scorecard\"");
  os << "<h1>KVI scorecard: " << html_escape(month_long) << "</h1>\n<p class=\"subtitle\">Figures as of "
     << time_html(card.as_of, ctx) << ". <a href=\""
     << href("/kvi/" + v.month_text + "/pack", {{"as_of", v.as_of_text}})
     << "\">The committee pack</a> (12-month trends, printable) &middot; <a href=\""
     << href("/api/kvi/" + v.month_text, {{"as_of", v.as_of_text}}) << "\">JSON</a></p>\n";
  os << "<p class=\"subtitle\" id=\"kvi-settings\">Judged by KVI settings version <strong>"
     << html_escape(card.settings_version) << "</strong> (" << html_escape(card.settings_title) << ", in force from "
     << html_escape(format_date(card.settings_effective_from)) << ").</p>\n";
  os << "<form class=\"filters\" method=\"get\" action=\"/scorecard\"><label>Month<input type=\"month\" "
        "name=\"month\" value=\""
     << html_escape(v.month_text)
     << "\" required pattern=\"[0-9]{4}-[0-9]{2}\"></label><label>As of<input name=\"as_of\" value=\""
     << html_escape(v.as_of_text)
     << "\" placeholder=\"end of the month\" size=\"26\" maxlength=\"60\"></label><button "
        "type=\"submit\">Show</button>"
     << "<a href=\"" << href("/scorecard", {{"month", format_kvi_month(card.month.previous())}})
     << "\">&larr; previous</a><a href=\"" << href("/scorecard", {{"month", format_kvi_month(card.month.next())}})
     << "\">next &rarr;</a></form>\n";
  os << "<div class=\"score\" id=\"score\"><span>Weighted score</span><span class=\"value\">"
     << (card.score ? html_escape(format_kvi_share(*card.score)) : std::string("n/a")) << "</span><span>"
     << (card.score
             ? html_escape(weight_text(card.earned_weight) + " of " + weight_text(card.due_weight) + " weight due")
             : std::string("no KVI is due this month"))
     << "</span></div>\n";
  os << "<table id=\"scorecard\">\n<thead><tr><th>KVI (weight)</th><th>Measure</th><th>Figure</th><th>Target</th>"
        "<th>RAG</th><th>Comment</th></tr></thead>\n<tbody>\n";
  for (const KviResult& k : card.kvis)
    os << "<tr data-kvi=\"" << kvi_key(k.id) << "\" data-rag=\"" << rag_name(k.rag) << "\"><td><strong>"
       << html_escape(kvi_title(k.id)) << "</strong> (" << html_escape(weight_text(k.settings.weight))
       << "%)<br><span class=\"note\">" << frequency_name(k.settings.frequency) << "</span></td><td>"
       << html_escape(k.measure)
       << (k.window.empty() ? "" : "<br><span class=\"note\">" + html_escape(k.window) + "</span>")
       << "</td><td><strong>" << html_escape(k.figure_text) << "</strong></td><td class=\"nowrap\">"
       << (k.target ? html_escape(format_kvi_share(*k.target)) : "") << "</td><td>" << rag_badge(k.rag)
       << "</td><td class=\"reason\">" << html_escape(k.comment) << "</td></tr>\n";
  os << "</tbody>\n</table>\n<h2>What was counted</h2>\n<div id=\"counts\">\n";
  bool any = false;
  for (const KviResult& k : card.kvis) {
    bool header = false;
    for (const KviCount& c : k.counts) {
      if (c.entity_ids.empty()) continue;
      if (!header) {
        os << "<h3 data-kvi=\"" << kvi_key(k.id) << "\">" << html_escape(kvi_title(k.id)) << "</h3>\n";
        header = true;
        any = true;
      }
      os << "<div class=\"count\" data-count=\"" << html_escape(c.name) << "\"><strong>" << html_escape(c.name)
         << "</strong> = " << c.count() << "<ul class=\"ids\">";
      const std::size_t shown = std::min(c.entity_ids.size(), v.ids_per_count);
      for (std::size_t i = 0; i < shown; ++i) os << "<li>" << entity_link(c.entity_ids[i]) << "</li>";
      if (shown < c.entity_ids.size())
        os << "<li class=\"note\">and " << c.entity_ids.size() - shown << " more (all in the JSON)</li>";
      os << "</ul></div>\n";
    }
  }
  if (!any) os << "<p class=\"empty\">Nothing was counted this month.</p>\n";
  os << "</div>\n<h2>Breaches identified in " << html_escape(month_long) << "</h2>\n";
  if (card.breaches.empty()) {
    os << "<p class=\"empty\" id=\"no-breaches\">No breaches identified.</p>\n";
  } else {
    os << "<table id=\"breaches\">\n<thead><tr><th>Breach</th><th>Severity</th><th>Identified</th><th>Customers</th>"
          "<th>Notification</th><th>Resolution</th></tr></thead>\n<tbody>\n";
    for (const KviBreachDetail& b : card.breaches)
      os << "<tr><td class=\"nowrap\">" << entity_link(b.entity_id) << "</td><td>" << html_escape(b.severity)
         << "</td><td class=\"nowrap\">" << time_html(b.identified_at, ctx) << "</td><td>" << html_escape(b.customers)
         << "</td><td>" << clock_summary(b.notification, ctx) << "</td><td>" << clock_summary(b.resolution, ctx)
         << "</td></tr>\n";
    os << "</tbody>\n</table>\n";
  }
  os << "<h2>Overdue contact clocks as of the scorecard</h2>\n";
  if (card.overdue.empty()) {
    os << "<p class=\"empty\" id=\"no-overdue\">No contact clock is overdue.</p>\n";
  } else {
    os << "<table id=\"kvi-overdue\">\n<thead><tr><th>Contact</th><th>Customer</th><th>Clock</th><th>Due</th>"
          "<th>Overdue by</th></tr></thead>\n<tbody>\n";
    for (const ClockResult& c : card.overdue)
      os << "<tr><td class=\"nowrap\">" << entity_link(c.entity_id) << "</td><td>" << html_escape(c.customer)
         << "</td><td>" << clock_label(c) << "</td><td class=\"nowrap\">" << time_html(c.due_at, ctx)
         << "</td><td class=\"num\">"
         << (c.due_at ? html_escape(format_duration((card.as_of - *c.due_at).count)) : std::string()) << "</td></tr>\n";
    os << "</tbody>\n</table>\n";
  }
  page_foot(os, ctx);
  return os.str();
}

std::string render_sweeps_page(const SweepHistory& h, const DashboardContext& ctx) {
  std::ostringstream os;
  page_head(os, "Sweeps", ctx, "", " data-page=\"sweeps\"");
  os << "<h1>Sweeps</h1>\n<p class=\"subtitle\">" << h.total << " stored sweep run" << (h.total == 1 ? "" : "s")
     << ", latest as-of first. Exit status is what <code>slaclock sweep</code> returned: 1 when a clock was "
        "breached.</p>\n";
  if (h.sweeps.empty()) {
    os << "<p class=\"empty\" id=\"no-sweeps\">No sweep has run yet.</p>\n";
  } else {
    os << "<table id=\"sweeps\">\n<thead><tr><th>Sweep</th><th>As of</th><th>Run at</th><th>Entities judged</th>"
          "<th>Clock results</th><th>Breached</th><th>At risk</th><th>Exit status</th><th>Events seen</th>"
          "<th>Seal</th></tr></thead>\n<tbody>\n";
    for (const SweepRow& s : h.sweeps) {
      std::size_t results = 0;
      for (const auto& [status, n] : s.results_by_status) results += n;
      const auto count = [&](ClockStatus st) {
        const auto it = s.results_by_status.find(st);
        return it == s.results_by_status.end() ? std::size_t{0} : it->second;
      };
      os << "<tr data-sweep=\"" << s.id << "\" data-exit=\"" << s.exit_status() << "\"><td class=\"num\">" << s.id
         << "</td><td class=\"nowrap\"><a href=\"" << href("/", {{"as_of", format_utc(s.as_of)}}) << "\">"
         << time_html(s.as_of, ctx) << "</a></td><td class=\"nowrap\">" << time_html(s.started_at, ctx)
         << "</td><td class=\"num\">" << s.evaluated << "</td><td class=\"num\">" << results
         << "</td><td class=\"num\">" << count(ClockStatus::breached) << "</td><td class=\"num\">"
         << count(ClockStatus::at_risk) << "</td><td class=\"num\">" << s.exit_status() << "</td><td class=\"num\">"
         << s.last_seq << "</td><td>"
         << (s.results_sha256.empty() ? std::string("<span class=\"note\">not sealed</span>")
                                      : "<code>" + sha_short(s.chain_sha256) + "</code>")
         << "</td></tr>\n";
    }
    os << "</tbody>\n</table>\n";
  }
  os << "<div class=\"pager\">";
  if (h.offset > 0)
    os << "<a href=\""
       << href("/sweeps", {{"offset", std::to_string(h.offset > h.limit ? h.offset - h.limit : 0)},
                           {"limit", std::to_string(h.limit)}})
       << "\">&larr; later sweeps</a>";
  if (static_cast<std::int64_t>(h.offset + h.sweeps.size()) < h.total)
    os << "<a href=\""
       << href("/sweeps", {{"offset", std::to_string(h.offset + h.limit)}, {"limit", std::to_string(h.limit)}})
       << "\">earlier sweeps &rarr;</a>";
  os << "</div>\n";
  page_foot(os, ctx);
  return os.str();
}

nlohmann::json sweeps_json(const SweepHistory& h, const TimeZone* zone) {
  const auto instant = [zone](Instant t) { return zone ? format_instant(t, *zone) : format_utc(t); };
  nlohmann::json sweeps = nlohmann::json::array();
  for (const SweepRow& s : h.sweeps) {
    nlohmann::json results = nlohmann::json::object();
    for (const auto& [status, n] : s.results_by_status) results[clock_status_name(status)] = n;
    const auto breached = s.results_by_status.find(ClockStatus::breached);
    sweeps.push_back(
        {{"id", s.id},
         {"as_of", instant(s.as_of)},
         {"started_at", instant(s.started_at)},
         {"last_seq", s.last_seq},
         {"evaluated", s.evaluated},
         {"results", std::move(results)},
         {"breached", breached == s.results_by_status.end() ? std::size_t{0} : breached->second},
         {"exit_status", s.exit_status()},
         {"results_sha256", s.results_sha256.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.results_sha256)},
         {"chain_sha256", s.chain_sha256.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.chain_sha256)}});
  }
  return {{"total", h.total}, {"offset", h.offset}, {"limit", h.limit}, {"sweeps", std::move(sweeps)}};
}

std::string render_compliance_page(const CompliancePage& page, const DashboardContext& ctx) {
  const ComplianceView& v = page.report;
  std::ostringstream os;
  page_head(os, "Compliance " + v.from + " to " + v.to, ctx, "", " data-page=\"compliance\"");
  const Params params{{"from", v.from}, {"to", v.to}, {"by", page.by_text}, {"as_of", page.as_of_text}};
  os << "<h1>Service-level compliance</h1>\n<p class=\"subtitle\">Clocks due from " << html_escape(v.from) << " to "
     << html_escape(v.to) << " (" << html_escape(v.time_zone) << "), as ";
  if (v.sweep_as_of)
    os << "the sweep as of " << time_html(*v.sweep_as_of, ctx) << " judged them";
  else
    os << "no sweep has judged them yet";
  os << ". <a href=\"" << href("/api/compliance", params) << "\">JSON</a></p>\n";
  if (!v.sweep_id)
    os << "<p class=\"warn\" id=\"no-sweep\">No sweep ran by then: run <code>slaclock sweep</code> first.</p>\n";
  os << "<form class=\"filters\" method=\"get\" action=\"/compliance\"><label>From<input type=\"month\" "
        "name=\"from\" value=\""
     << html_escape(v.from) << "\" required pattern=\"[0-9]{4}-[0-9]{2}\"></label><label>To<input type=\"month\" "
     << "name=\"to\" value=\"" << html_escape(v.to)
     << "\" required pattern=\"[0-9]{4}-[0-9]{2}\"></label><label>By<input name=\"by\" value=\""
     << html_escape(page.by_text) << "\" placeholder=\"clock\" size=\"24\" maxlength=\"60\" "
     << "title=\"some of clock, priority, customer, month, comma-separated\"></label><label>As of<input "
        "name=\"as_of\" value=\""
     << html_escape(page.as_of_text)
     << "\" placeholder=\"the latest sweep\" size=\"26\" maxlength=\"60\"></label><button "
        "type=\"submit\">Show</button> <a href=\"/compliance\">clear</a></form>\n";
  // The usual groupings one click away, the other filters kept.
  os << "<p class=\"no-print\" id=\"group-by\">Group by:";
  for (const char* by : {"clock", "priority", "customer", "clock,priority", "clock,month"}) {
    Params link = params;
    link[2].second = by;
    os << " <a href=\"" << href("/compliance", link) << "\">" << html_escape(by) << "</a>";
  }
  os << "</p>\n";
  const auto pct = v.total.met_percent();
  char pct_text[16] = "n/a";
  if (pct) std::snprintf(pct_text, sizeof pct_text, "%.1f%%", *pct);
  os << "<div class=\"score\" id=\"score\"><span>Met</span><span class=\"value\">" << pct_text << "</span><span>"
     << v.total.met << " met, " << v.total.missed << " missed, " << v.total.breached << " breached (running past due); "
     << v.total.running << " still running</span></div>\n";
  os << "<h2>Met % by month</h2>\n"
     << compliance_trend_svg(v)
     << "<p class=\"note\">Met % = met / (met + missed + breached) of the clocks due that month; grey stubs are "
        "months with nothing judged. Hover a bar for its counts.</p>\n";
  os << "<h2>By " << html_escape(page.by_text.empty() ? std::string("clock") : page.by_text) << "</h2>\n"
     << compliance_table_html(v, "compliance")
     << "<p class=\"note\">A clock counts in the month its due instant falls in; not applicable clocks and clocks "
        "with no due instant are left out. Running clocks (pending, at risk) are shown but not in the met %.</p>\n";
  page_foot(os, ctx);
  return os.str();
}

std::string render_notices_page(const NoticeList& l, const DashboardContext& ctx) {
  std::ostringstream os;
  page_head(os, "Notices", ctx, "", " data-page=\"notices\"");
  os << "<h1>Notices</h1>\n<p class=\"subtitle\">What the sweeps raised for operations to send: a clock breached or "
        "at risk, customers to notify. Each is raised once, by the first sweep that saw it; latest first.</p>\n"
     << "<form class=\"filters\" method=\"get\" action=\"/notices\"><label>Notice<select name=\"kind\">"
     << option("", "any notice", l.kind) << option("breached", "breached", l.kind)
     << option("at_risk", "at_risk", l.kind) << option("notify_customers", "notify_customers", l.kind)
     << "</select></label><label>Customer<input name=\"customer\" value=\"" << html_escape(l.customer)
     << "\" maxlength=\"200\"></label><label>Entity<input name=\"entity\" value=\"" << html_escape(l.entity)
     << "\" maxlength=\"200\"></label><button type=\"submit\">Show</button> <a href=\"/notices\">clear</a></form>\n";
  if (l.notices.empty()) {
    os << "<p class=\"empty\" id=\"no-notices\">No notice.</p>\n";
  } else {
    os << "<p class=\"note\">" << l.total << " notice" << (l.total == 1 ? "" : "s") << "; showing " << l.offset + 1
       << "-" << l.offset + l.notices.size() << ".</p>\n"
       << "<table id=\"notices\">\n<thead><tr><th>Raised by the sweep as of</th><th>Notice</th><th>Entity</th>"
          "<th>Clock</th><th>Customer</th><th>Due</th><th>Reason (then)</th></tr></thead>\n<tbody>\n";
    for (const NoticeRow& n : l.notices) {
      const std::string status = n.kind == "notify_customers" ? "pending" : n.kind;
      os << "<tr class=\"st-" << html_escape(status) << "\" data-notice=\"" << html_escape(n.kind)
         << "\" data-entity=\"" << html_escape(n.entity_id) << "\"><td class=\"nowrap\">"
         << time_html(n.sweep_as_of, ctx) << "</td><td><span class=\"status st-" << html_escape(status) << "\">"
         << html_escape(n.kind) << "</span></td><td class=\"nowrap\">" << entity_link(n.entity_id) << "</td><td>"
         << html_escape(clock_name(n.clock)) << "</td><td>" << html_escape(n.customer) << "</td><td class=\"nowrap\">"
         << time_html(n.due_at, ctx) << "</td><td class=\"reason\">" << html_escape(n.reason) << "</td></tr>\n";
    }
    os << "</tbody>\n</table>\n";
  }
  const Params filters{{"kind", l.kind}, {"customer", l.customer}, {"entity", l.entity}};
  const auto page_at = [&](std::size_t offset) {
    Params p = filters;
    p.emplace_back("offset", std::to_string(offset));
    p.emplace_back("limit", std::to_string(l.limit));
    return href("/notices", p);
  };
  os << "<div class=\"pager\">";
  if (l.offset > 0) os << "<a href=\"" << page_at(l.offset > l.limit ? l.offset - l.limit : 0) << "\">&larr; later</a>";
  if (static_cast<std::int64_t>(l.offset + l.notices.size()) < l.total)
    os << "<a href=\"" << page_at(l.offset + l.limit) << "\">earlier &rarr;</a>";
  os << "</div>\n";
  page_foot(os, ctx);
  return os.str();
}

nlohmann::json notices_json(const NoticeList& l, const TimeZone* zone) {
  const auto instant = [zone](Instant t) { return zone ? format_instant(t, *zone) : format_utc(t); };
  nlohmann::json notices = nlohmann::json::array();
  for (const NoticeRow& n : l.notices)
    notices.push_back({{"id", n.id},
                       {"entity_id", n.entity_id},
                       {"clock", clock_name(n.clock)},
                       {"notice", n.kind},
                       {"due_at", n.due_at ? nlohmann::json(instant(*n.due_at)) : nlohmann::json(nullptr)},
                       {"customer", n.customer.empty() ? nlohmann::json(nullptr) : nlohmann::json(n.customer)},
                       {"reason", n.reason},
                       {"sweep_id", n.sweep_id},
                       {"sweep_as_of", instant(n.sweep_as_of)}});
  return {{"total", l.total}, {"offset", l.offset}, {"limit", l.limit}, {"notices", std::move(notices)}};
}

std::string render_error_page(int status, const std::string& message, const DashboardContext& ctx) {
  std::ostringstream os;
  const std::string title = status == 404 ? "Not found" : status == 400 ? "Bad request" : "Error";
  page_head(os, title, ctx, "", " data-page=\"error\"");
  os << "<h1>" << html_escape(title) << "</h1>\n<p class=\"bad\" id=\"error\" data-status=\"" << status << "\">"
     << html_escape(message) << "</p>\n<p><a href=\"/\">Back to the overdue board</a></p>\n";
  page_foot(os, ctx);
  return os.str();
}

std::string render_login_page(const std::string& message, const std::string& next, const DashboardContext& ctx) {
  std::ostringstream os;
  os << "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
     << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Sign in - slaclock</title>\n"
     << "<style nonce=\"" << html_escape(ctx.nonce) << "\">" << style
     << "</style>\n</head>\n<body data-page=\"login\">\n"
     << "<header><span class=\"brand\">slaclock</span></header>\n<main>\n<h1>Sign in</h1>\n"
     << "<p class=\"subtitle\">This dashboard needs the access token its operator gave you.</p>\n";
  if (!message.empty()) os << "<p class=\"bad\" id=\"error\">" << html_escape(message) << "</p>\n";
  os << "<form class=\"filters\" method=\"post\" action=\"/login\"><input type=\"hidden\" name=\"next\" value=\""
     << html_escape(next)
     << "\"><label>Token<input type=\"password\" name=\"token\" required autocomplete="
        "\"current-password\" size=\"40\"></label><button type=\"submit\">Sign in</button></form>\n</main>\n"
        "</body>\n</html>\n";
  return os.str();
}

}  // namespace slaclock
