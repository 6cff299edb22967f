// The committee pack: one self-contained HTML page. Inline CSS and SVG only,
// no scripts, fonts or images from anywhere, so it can be mailed, archived
// and printed (A4) as it is. Every piece of text goes through html_escape.
#include <slaclock/report/clock_reason.h>
#include <slaclock/report/compliance_report.h>
#include <slaclock/report/kvi_report.h>
#include <slaclock/time/time_zone.h>
#include <slaclock/time/timestamp.h>

#include <cmath>
#include <cstdio>
#include <deque>
#include <sstream>

namespace slaclock {

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

namespace {

constexpr const char* month_names[] = {"January", "February", "March",     "April",   "May",      "June",
                                       "July",    "August",   "September", "October", "November", "December"};

std::string long_month(KviMonth m) {
  return std::string(month_names[m.month - 1]) + " " + std::to_string(m.year);
}
std::string short_month(KviMonth m) {
  return std::string(month_names[m.month - 1]).substr(0, 3);
}

std::string rag_word(Rag r) {
  switch (r) {
    case Rag::green:
      return "GREEN";
    case Rag::amber:
      return "AMBER";
    case Rag::red:
      return "RED";
    case Rag::not_due:
      return "NOT DUE";
  }
  return "";
}

// Colours chosen to read in greyscale print too: the word is always there.
const char* rag_fill(Rag r) {
  switch (r) {
    case Rag::green:
      return "#2e7d32";
    case Rag::amber:
      return "#f2a900";
    case Rag::red:
      return "#c62828";
    case Rag::not_due:
      return "#9e9e9e";
  }
  return "#9e9e9e";
}

std::string number(double v) {
  std::ostringstream os;
  os << v;
  return os.str();
}

std::string badge(Rag r) {
  return "<span class=\"rag rag-" + std::string(rag_name(r)) + "\">" + rag_word(r) + "</span>";
}

constexpr const char* style = R"CSS(
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif; color: #1a1a1a;
       margin: 0 auto; padding: 24px 28px; max-width: 1240px; font-size: 13px; line-height: 1.35; background: #fff; }
h1 { font-size: 22px; margin: 0 0 2px; }
h2 { font-size: 16px; margin: 22px 0 8px; border-bottom: 2px solid #1f3864; padding-bottom: 3px; color: #1f3864; }
.subtitle { color: #444; margin: 0 0 14px; }
.score { display: flex; gap: 18px; align-items: baseline; background: #eef2f8; border: 1px solid #c9d3e3;
         padding: 10px 14px; margin-bottom: 6px; }
.score .value { font-size: 28px; font-weight: bold; color: #1f3864; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #b7b7b7; padding: 5px 7px; text-align: left; vertical-align: top; }
th { background: #1f3864; color: #fff; font-weight: bold; }
tbody tr:nth-child(even) td { background: #f7f7f7; }
table.scorecard { table-layout: fixed; }
td.figure { font-weight: bold; }
td.weight, td.num { text-align: right; white-space: nowrap; }
td.id { white-space: nowrap; }
td.comment { font-size: 12px; }
.rag { display: inline-block; min-width: 64px; text-align: center; padding: 2px 6px; border-radius: 3px;
       font-weight: bold; font-size: 12px; letter-spacing: 0.03em; }
.rag-green { background: #2e7d32; color: #fff; }
.rag-amber { background: #f2a900; color: #000; }
.rag-red { background: #c62828; color: #fff; }
.rag-not_due { background: #e0e0e0; color: #333; }
.trends { display: grid; grid-template-columns: 1fr 1fr; gap: 10px 18px; }
.trend { border: 1px solid #d0d0d0; padding: 6px 8px 2px; break-inside: avoid; }
.trend h3 { font-size: 13px; margin: 0 0 2px; }
.note { color: #555; font-size: 11px; }
tr.total td { font-weight: bold; background: #eef2f8; }
#service-levels-trend { margin-top: 10px; }
#service-levels-trend svg { max-width: 900px; display: block; }
ul.breakdown { margin: 4px 0 0; padding-left: 14px; font-weight: normal; font-size: 11px; }
.empty { color: #555; font-style: italic; }
@page { size: A4; margin: 12mm; }
@media print {
  body { padding: 0; max-width: none; font-size: 10px; }
  h2 { break-after: avoid; }
  tr, .trend, .score { break-inside: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
)CSS";

/// Relationship Management lists three questions; one per line reads better.
std::string figure_html(const std::string& text) {
  std::string out = html_escape(text);
  for (std::size_t at = out.find("; "); at != std::string::npos; at = out.find("; ", at)) out.replace(at, 2, "<br>");
  return out;
}

/// The figures behind the headline (each question, each survey, the year so far).
std::string breakdown_html(const KviResult& k) {
  if (k.breakdown.empty()) return "";
  std::string out = "<ul class=\"breakdown\">";
  for (const KviSubFigure& b : k.breakdown)
    out += "<li>" + html_escape(b.label) + ": " + html_escape(b.figure_text) + "</li>";
  return out + "</ul>";
}

void scorecard_table(std::ostringstream& os, const KviScorecard& card) {
  os << "<table id=\"scorecard\" class=\"scorecard\">\n<colgroup><col style=\"width:14%\"><col style=\"width:17%\">"
        "<col style=\"width:16%\"><col style=\"width:15%\"><col style=\"width:9%\"><col "
        "style=\"width:29%\"></colgroup>\n<thead><tr><th>KVI (weight)</th><th>Commitment</th><th>Measure</th>"
        "<th>Figure</th><th>RAG</th><th>Comment</th></tr></thead>\n<tbody>\n";
  for (const KviResult& k : card.kvis) {
    os << "<tr data-kvi=\"" << kvi_key(k.id) << "\" data-rag=\"" << rag_name(k.rag) << "\">"
       << "<td class=\"kvi\"><strong>" << html_escape(kvi_title(k.id)) << "</strong> (weight "
       << number(k.settings.weight) << ")<br><span class=\"note\">" << frequency_name(k.settings.frequency)
       << "</span></td>"
       << "<td>" << html_escape(k.settings.commitment) << "</td>"
       << "<td>" << html_escape(k.measure)
       << (k.window.empty() ? "" : "<br><span class=\"note\">" + html_escape(k.window) + "</span>")
       << "</td><td class=\"figure\">" << figure_html(k.figure_text) << breakdown_html(k) << "</td>"
       << "<td class=\"rag-cell\">" << badge(k.rag) << "</td>"
       << "<td class=\"comment\">" << html_escape(k.comment) << "</td></tr>\n";
  }
  os << "</tbody>\n</table>\n";
}

/// Twelve bars, one per month: height is the figure (or full height for a
/// KVI judged on counts), colour and label the RAG, dashed line the target.
void trend_chart(std::ostringstream& os, KviId id, const std::vector<KviScorecard>& trend) {
  constexpr int width = 560, height = 150, left = 40, right = 8, top = 10, bottom = 22;
  const int plot_w = width - left - right, plot_h = height - top - bottom;
  const int n = static_cast<int>(trend.size());
  os << "<div class=\"trend\" data-kvi=\"" << kvi_key(id) << "\"><h3>" << html_escape(kvi_title(id)) << "</h3>\n"
     << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100%\" viewBox=\"0 0 " << width << ' ' << height
     << "\" role=\"img\" aria-label=\"" << html_escape(std::string(kvi_title(id)) + ": 12-month trend") << "\">\n";
  for (int pct : {0, 50, 100}) {
    const int y = top + plot_h - plot_h * pct / 100;
    os << "<line x1=\"" << left << "\" x2=\"" << width - right << "\" y1=\"" << y << "\" y2=\"" << y
       << "\" stroke=\"#ddd\"/><text x=\"" << left - 4 << "\" y=\"" << y + 4
       << "\" font-size=\"10\" text-anchor=\"end\" fill=\"#555\">" << pct << "%</text>\n";
  }
  if (n == 0) {
    os << "</svg></div>\n";
    return;
  }
  const double slot = static_cast<double>(plot_w) / n;
  std::optional<double> target;
  std::deque<KviResult> absent_results;
  for (int i = 0; i < n; ++i) {
    const KviResult* found = trend[static_cast<std::size_t>(i)].find(id);
    if (!found) {
      // That month was judged by a framework version without this KVI.
      KviResult absent;
      absent.id = id;
      absent.figure_text = "not in " + trend[static_cast<std::size_t>(i)].settings_version;
      absent_results.push_back(absent);
      found = &absent_results.back();
    }
    const KviResult& k = *found;
    if (k.target) target = k.target;
    const double x = left + slot * i + slot * 0.15, w = slot * 0.7;
    const double share = k.rag == Rag::not_due ? 0.03 : k.figure.value_or(1.0);
    const double h = std::max(2.0, plot_h * std::clamp(share, 0.0, 1.0));
    const std::string tip = format_kvi_month(trend[static_cast<std::size_t>(i)].month) + ": " + k.figure_text + " (" +
                            rag_word(k.rag) + ")";
    char rect[256];
    std::snprintf(rect, sizeof rect, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">", x,
                  top + plot_h - h, w, h, rag_fill(k.rag));
    os << rect << "<title>" << html_escape(tip) << "</title></rect>";
    char label[160];
    std::snprintf(label, sizeof label,
                  "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\" fill=\"#333\">", x + w / 2,
                  height - 8);
    os << label << short_month(trend[static_cast<std::size_t>(i)].month) << "</text>\n";
  }
  if (target && *target < 1.0) {
    const double y = top + plot_h - plot_h * *target;
    char line[200];
    std::snprintf(line, sizeof line,
                  "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#1f3864\" stroke-dasharray=\"5 3\"/>",
                  left, width - right, y, y);
    // Labelled at the left, over the oldest months, so it never hides the
    // month the pack is about.
    os << line << "<text x=\"" << left + 2 << "\" y=\"" << static_cast<int>(y) - 3
       << "\" font-size=\"10\" text-anchor=\"start\" fill=\"#1f3864\" stroke=\"#fff\" stroke-width=\"3\" "
          "paint-order=\"stroke\">target "
       << html_escape(format_kvi_share(*target)) << "</text>\n";
  }
  os << "</svg></div>\n";
}

std::string clock_cell(const ClockResult& c, Instant as_of, const TimeZone& zone) {
  if (c.entity_id.empty()) return "";  // no such clock
  // Under the 2020 rules medium and low breaches run no notification clock.
  if (c.status == ClockStatus::not_applicable)
    return "<span title=\"" + html_escape(clock_reason(c, as_of, zone)) + "\">" +
           (c.not_applicable_because == NotApplicableCause::severity_reported_monthly ? "no clock (reported monthly)"
                                                                                      : "not judged") +
           "</span>";
  std::string s = std::string(clock_status_name(c.status));
  if (c.due_at) s += ", due " + format_instant(*c.due_at, zone);
  return html_escape(s);
}

void breach_table(std::ostringstream& os, const KviScorecard& card, const TimeZone& zone) {
  if (card.breaches.empty()) {
    os << "<p class=\"empty\" id=\"no-breaches\">No breaches identified in " << html_escape(long_month(card.month))
       << ".</p>\n";
    return;
  }
  bool monthly = false;
  for (const KviBreachDetail& b : card.breaches) monthly = monthly || !b.monthly_report.entity_id.empty();
  os << "<table id=\"breaches\">\n<thead><tr><th>Breach</th><th>Severity</th><th>Identified</th><th>Customers</th>"
        "<th>Notification</th><th>Resolution</th>"
     << (monthly ? "<th>Monthly report</th>" : "") << "</tr></thead>\n<tbody>\n";
  for (const KviBreachDetail& b : card.breaches) {
    os << "<tr><td class=\"id\">" << html_escape(b.entity_id) << "</td><td>" << html_escape(b.severity) << "</td><td>"
       << html_escape(format_instant(b.identified_at, zone)) << "</td><td>" << html_escape(b.customers) << "</td><td>"
       << clock_cell(b.notification, card.as_of, zone) << "</td><td>" << clock_cell(b.resolution, card.as_of, zone)
       << "</td>";
    if (monthly) os << "<td>" << clock_cell(b.monthly_report, card.as_of, zone) << "</td>";
    os << "</tr>\n";
  }
  os << "</tbody>\n</table>\n";
}

void issue_table(std::ostringstream& os, const KviScorecard& card) {
  if (card.issues.empty()) {
    os << "<p class=\"empty\" id=\"no-issues\">No issue raised by " << html_escape(long_month(card.month))
       << "'s end.</p>\n";
    return;
  }
  os << "<table id=\"issue-register\">\n<thead><tr>";
  for (const char* h :
       {"Issue", "Title", "Score", "Band", "Customers", "Raised", "Customers notified", "Rectification plan", "Status"})
    os << "<th>" << h << "</th>";
  os << "</tr></thead>\n<tbody>\n";
  const TimeZone zone = TimeZone::named(card.time_zone);
  for (const KviIssueEntry& i : card.issues) {
    os << "<tr data-issue=\"" << html_escape(i.entity_id) << "\"><td class=\"id\">" << html_escape(i.entity_id)
       << "</td><td>" << html_escape(i.title) << "</td><td class=\"num\">" << i.impact_score << "</td><td>"
       << html_escape(i.band) << "</td><td>" << html_escape(i.customers) << "</td><td>"
       << html_escape(format_instant(i.raised_at, zone)) << "</td><td>" << clock_cell(i.notification, card.as_of, zone)
       << (i.notification.stopped_at ? "<br>sent " + html_escape(format_instant(*i.notification.stopped_at, zone))
                                     : std::string())
       << "</td><td>" << clock_cell(i.plan, card.as_of, zone)
       << (i.plan_at ? "<br>given " + html_escape(format_instant(*i.plan_at, zone)) : std::string())
       << (i.plan_text.empty() ? std::string() : "<br>" + html_escape(i.plan_text)) << "</td><td>"
       << html_escape(i.status) << (i.status_at ? " " + html_escape(format_instant(*i.status_at, zone)) : std::string())
       << "</td></tr>\n";
  }
  os << "</tbody>\n</table>\n";
}

void overdue_table(std::ostringstream& os, const KviScorecard& card, const TimeZone& zone) {
  if (card.overdue.empty()) {
    os << "<p class=\"empty\" id=\"no-overdue\">No contact clock is overdue.</p>\n";
    return;
  }
  os << "<table id=\"overdue\">\n<thead><tr><th>Contact</th><th>Customer</th><th>Clock</th><th>Started</th>"
        "<th>Due</th><th>Overdue by</th><th>Rules</th><th>Reason</th></tr></thead>\n<tbody>\n";
  for (const ClockResult& c : card.overdue) {
    const std::string late = c.due_at ? format_duration((card.as_of - *c.due_at).count) : "";
    os << "<tr><td class=\"id\">" << html_escape(c.entity_id) << "</td><td>" << html_escape(c.customer) << "</td><td>"
       << html_escape(clock_name(c.clock)) << (c.band ? " (" + html_escape(gemini_band_name(*c.band)) + ")" : "")
       << "</td><td>" << (c.started_at ? html_escape(format_instant(*c.started_at, zone)) : "") << "</td><td>"
       << (c.due_at ? html_escape(format_instant(*c.due_at, zone)) : "") << "</td><td class=\"num\">"
       << html_escape(late) << "</td><td>" << html_escape(c.rule_version) << "</td><td class=\"comment\">"
       << html_escape(clock_reason(c, card.as_of, zone)) << "</td></tr>\n";
  }
  os << "</tbody>\n</table>\n";
}

}  // namespace

std::string render_kvi_html(const KviScorecard& card, const std::vector<KviScorecard>& trend,
                            const ServiceLevels* service_levels) {
  const TimeZone zone = TimeZone::named(card.time_zone);
  const std::string title = "KVI scorecard: " + long_month(card.month);
  std::ostringstream os;
  os << "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
     << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
     << "<title>" << html_escape(title) << "</title>\n<style>" << style << "</style>\n</head>\n<body>\n";
  os << "<h1>" << html_escape(title) << "</h1>\n<p class=\"subtitle\">Data Services Contract: Contract Management "
     << "Committee pack. Figures as of " << html_escape(format_instant(card.as_of, zone)) << ".</p>\n"
     << "<p class=\"subtitle\" id=\"kvi-settings\">Judged by KVI settings version <strong>"
     << html_escape(card.settings_version) << "</strong> (" << html_escape(card.settings_title) << ", in force from "
     << html_escape(format_date(card.settings_effective_from)) << ").</p>\n";
  os << "<div class=\"score\" id=\"score\"><span>Weighted score</span><span class=\"value\">"
     << (card.score ? html_escape(format_kvi_share(*card.score)) : std::string("n/a")) << "</span><span>"
     << (card.score ? html_escape(number(card.earned_weight) + " of " + number(card.due_weight) +
                                  " weight due; green earns its full weight, amber half, red none; KVIs not due "
                                  "this month are left out")
                    : std::string("no KVI is due this month"))
     << "</span></div>\n";
  os << "<h2>Scorecard</h2>\n";
  scorecard_table(os, card);
  os << "<h2>Trends: 12 months to " << html_escape(long_month(card.month)) << "</h2>\n"
     << "<p class=\"note\">Bar height is the month's figure (full height for KVIs judged on counts); colour and the "
        "hover text give the RAG; grey stubs are months with nothing due.</p>\n<div class=\"trends\">\n";
  for (const KviResult& k : card.kvis) trend_chart(os, k.id, trend);
  os << "</div>\n";
  if (service_levels) {
    // The site's own clocks beside the KVIs: the generic scorecard of
    // `slaclock report compliance`, as the latest sweep by the pack's as-of judged them.
    const ComplianceView& m = service_levels->month;
    os << "<h2 id=\"service-levels\">Service levels: " << html_escape(long_month(card.month)) << "</h2>\n"
       << "<p class=\"note\">Every clock due in the month, as "
       << (m.sweep_as_of ? "the sweep as of " + html_escape(format_instant(*m.sweep_as_of, zone)) + " judged it"
                         : std::string("no sweep has judged it yet"))
       << "; met % = met / (met + missed + breached), breached being running past due.</p>\n"
       << compliance_table_html(m, "service-levels-table") << "<div class=\"trend\" id=\"service-levels-trend\">"
       << "<h3>Met %: " << html_escape(service_levels->trend.from) << " to " << html_escape(service_levels->trend.to)
       << "</h3>\n"
       << compliance_trend_svg(service_levels->trend) << "</div>\n";
  }
  os << "<h2>Breaches identified in " << html_escape(long_month(card.month)) << "</h2>\n";
  breach_table(os, card, zone);
  if (card.find(KviId::customer_issue_resolution) || !card.issues.empty()) {
    os << "<h2>Issue register</h2>\n<p class=\"note\">Every issue raised by "
       << html_escape(format_instant(card.as_of, zone))
       << ": its impact score and band, whether customers were notified and a rectification plan given within the "
          "band's times, and its status.</p>\n";
    issue_table(os, card);
  }
  os << "<h2>Overdue contact clocks as of " << html_escape(format_instant(card.as_of, zone)) << "</h2>\n";
  overdue_table(os, card, zone);
  // The pack goes to a committee without the program or its documents: it
  // names its settings version above and each comment says why the RAG is.
  os << "<p class=\"note\">Produced by slaclock from the event store. Each KVI's comment gives the rule its RAG "
        "follows, with the targets and thresholds of KVI settings version "
     << html_escape(card.settings_version) << ".</p>\n"
     << "</body>\n</html>\n";
  return os.str();
}

std::string render_issue_register_html(const KviScorecard& card) {
  const TimeZone zone = TimeZone::named(card.time_zone);
  const std::string title = "Issue register as of " + format_instant(card.as_of, zone);
  std::ostringstream os;
  os << "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n<title>" << html_escape(title)
     << "</title>\n<style>" << style << "</style>\n</head>\n<body>\n<h1>" << html_escape(title) << "</h1>\n";
  issue_table(os, card);
  os << "<p class=\"note\">Produced by slaclock from the event store; score bands in the rule version in force when "
        "each issue was raised.</p>\n</body>\n</html>\n";
  return os.str();
}

}  // namespace slaclock
