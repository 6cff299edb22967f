// The compliance scorecard's JSON, rows and HTML pieces.
#include <slaclock/report/compliance_report.h>

#include <slaclock/report/kvi_report.h>
#include <slaclock/time/timestamp.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace slaclock {

std::optional<double> ComplianceFigures::met_percent() const noexcept {
  if (judged() == 0) return std::nullopt;
  return std::round(1000.0 * static_cast<double>(met) / static_cast<double>(judged())) / 10.0;
}

void ComplianceFigures::add(ClockStatus s) noexcept {
  switch (s) {
    case ClockStatus::met:
      ++met;
      break;
    case ClockStatus::missed:
      ++missed;
      break;
    case ClockStatus::breached:
      ++breached;
      break;
    case ClockStatus::pending:
    case ClockStatus::at_risk:
      ++running;
      break;
    case ClockStatus::not_applicable:
      break;
  }
}

namespace {

nlohmann::json counts_json(const ComplianceFigures& f) {
  nlohmann::json j;
  j["met"] = f.met;
  j["missed"] = f.missed;
  j["breached"] = f.breached;
  j["running"] = f.running;
  j["judged"] = f.judged();
  const auto pct = f.met_percent();
  j["met_percent"] = pct ? nlohmann::json(*pct) : nlohmann::json(nullptr);
  return j;
}

std::string percent_text(const ComplianceFigures& f) {
  const auto pct = f.met_percent();
  if (!pct) return "";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f", *pct);
  return buf;
}

std::string short_month(const std::string& month) {
  static constexpr const char* names[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  if (month.size() != 7) return month;
  const int m = (month[5] - '0') * 10 + (month[6] - '0');
  return m >= 1 && m <= 12 ? std::string(names[m - 1]) + " " + month.substr(2, 2) : month;
}

}  // namespace

nlohmann::json compliance_json(const ComplianceView& view, const TimeZone* zone) {
  nlohmann::json j;
  j["from"] = view.from;
  j["to"] = view.to;
  j["by"] = view.by;
  j["time_zone"] = view.time_zone;
  if (view.sweep_id && view.sweep_as_of)
    j["sweep"] = {{"id", *view.sweep_id},
                  {"as_of", zone ? format_instant(*view.sweep_as_of, *zone) : format_utc(*view.sweep_as_of)}};
  else
    j["sweep"] = nullptr;
  nlohmann::json groups = nlohmann::json::array();
  for (const ComplianceView::Group& g : view.groups) {
    nlohmann::json row = counts_json(g.figures);
    for (std::size_t i = 0; i < view.by.size() && i < g.key.size(); ++i)
      row[view.by[i]] = g.key[i].empty() ? nlohmann::json(nullptr) : nlohmann::json(g.key[i]);
    groups.push_back(std::move(row));
  }
  j["groups"] = std::move(groups);
  nlohmann::json months = nlohmann::json::array();
  for (const ComplianceView::Month& m : view.months) {
    nlohmann::json row = counts_json(m.figures);
    row["month"] = m.month;
    months.push_back(std::move(row));
  }
  j["months"] = std::move(months);
  j["total"] = counts_json(view.total);
  return j;
}

std::vector<std::string> compliance_columns(const ComplianceView& view) {
  std::vector<std::string> columns = view.by;
  for (const char* c : {"met", "missed", "breached", "running", "judged", "met_percent"}) columns.emplace_back(c);
  return columns;
}

std::vector<std::vector<std::string>> compliance_rows(const ComplianceView& view) {
  std::vector<std::vector<std::string>> rows;
  for (const ComplianceView::Group& g : view.groups) {
    std::vector<std::string> row = g.key;
    const ComplianceFigures& f = g.figures;
    for (std::size_t n : {f.met, f.missed, f.breached, f.running, f.judged()}) row.push_back(std::to_string(n));
    row.push_back(percent_text(f));
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string compliance_table_html(const ComplianceView& view, const std::string& table_id) {
  std::ostringstream os;
  if (view.groups.empty()) {
    os << "<p class=\"empty\" id=\"" << html_escape(table_id) << "-empty\">No clock fell due from "
       << html_escape(view.from) << " to " << html_escape(view.to) << ".</p>\n";
    return os.str();
  }
  os << "<table id=\"" << html_escape(table_id) << "\" class=\"compliance\">\n<thead><tr>";
  for (std::string d : view.by) {
    if (!d.empty()) d[0] = static_cast<char>(d[0] - 'a' + 'A');  // "clock" -> "Clock": the words are lower-case ASCII
    os << "<th>" << html_escape(d) << "</th>";
  }
  os << "<th>Met</th><th>Missed</th><th>Breached</th><th>Running</th><th>Met %</th></tr></thead>\n<tbody>\n";
  const auto row = [&](const std::vector<std::string>& key, const ComplianceFigures& f, bool total) {
    os << (total ? "<tr class=\"total\">" : "<tr>");
    for (std::size_t i = 0; i < key.size(); ++i)
      os << "<td>" << (key[i].empty() && !total ? "<span class=\"note\">none</span>" : html_escape(key[i])) << "</td>";
    const std::string pct = percent_text(f);
    os << "<td class=\"num\">" << f.met << "</td><td class=\"num\">" << f.missed << "</td><td class=\"num\">"
       << f.breached << "</td><td class=\"num\">" << f.running << "</td><td class=\"num\">"
       << (pct.empty() ? std::string("<span class=\"note\">-</span>") : html_escape(pct + "%")) << "</td></tr>\n";
  };
  for (const ComplianceView::Group& g : view.groups) row(g.key, g.figures, false);
  std::vector<std::string> all(view.by.size());
  if (!all.empty()) all[0] = "All";
  row(all, view.total, true);
  os << "</tbody>\n</table>\n";
  return os.str();
}

std::string compliance_trend_svg(const ComplianceView& view) {
  // As the committee pack's KVI trends (report/kvi_html.cpp): one bar per
  // month, height the figure, a grey stub when nothing was judged.
  constexpr int width = 720, height = 180, left = 40, right = 8, top = 14, bottom = 24;
  const int plot_w = width - left - right, plot_h = height - top - bottom;
  const int n = static_cast<int>(view.months.size());
  std::ostringstream os;
  os << "<svg class=\"met-trend\" xmlns=\"http://www.w3.org/2000/svg\" width=\"100%\" viewBox=\"0 0 " << width << ' '
     << height << "\" role=\"img\" aria-label=\"" << html_escape("Met % by month, " + view.from + " to " + view.to)
     << "\">\n";
  for (int pct : {0, 50, 100}) {
    const int y = top + plot_h - plot_h * pct / 100;
    os << "<line x1=\"" << left << "\" x2=\"" << width - right << "\" y1=\"" << y << "\" y2=\"" << y
       << "\" stroke=\"#ddd\"/><text x=\"" << left - 4 << "\" y=\"" << y + 4
       << "\" font-size=\"10\" text-anchor=\"end\" fill=\"#555\">" << pct << "%</text>\n";
  }
  const double slot = n > 0 ? static_cast<double>(plot_w) / n : 0;
  // Month labels thin out past 12 months so they never overlap.
  const int label_every = std::max(1, (n + 11) / 12);
  for (int i = 0; i < n; ++i) {
    const ComplianceView::Month& m = view.months[static_cast<std::size_t>(i)];
    const auto pct = m.figures.met_percent();
    const double x = left + slot * i + slot * 0.15, w = slot * 0.7;
    const double h = pct ? std::max(2.0, plot_h * std::clamp(*pct / 100.0, 0.0, 1.0)) : 3.0;
    // One colour: a site's targets are its own, so the chart implies none.
    const char* fill = pct ? "#1f3864" : "#c8c8c8";
    const std::string tip = m.month + ": " +
                            (pct ? percent_text(m.figures) + "% met (" + std::to_string(m.figures.met) + " of " +
                                       std::to_string(m.figures.judged()) + ")"
                                 : std::string("nothing judged")) +
                            (m.figures.running ? ", " + std::to_string(m.figures.running) + " running" : "");
    char rect[256];
    std::snprintf(rect, sizeof rect,
                  "<rect data-month=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">",
                  html_escape(m.month).c_str(), x, top + plot_h - h, w, h, fill);
    os << rect << "<title>" << html_escape(tip) << "</title></rect>";
    if (pct) {
      // Above the bar, or inside its top in white when the bar leaves no room.
      const double above = top + plot_h - h - 3;
      const bool inside = above < top + 9;
      char value[160];
      std::snprintf(value, sizeof value,
                    "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"middle\" fill=\"%s\">", x + w / 2,
                    inside ? top + plot_h - h + 12 : above, inside ? "#fff" : "#1a1a1a");
      os << value << html_escape(percent_text(m.figures)) << "</text>";
    }
    if (i % label_every == 0) {
      char label[160];
      std::snprintf(label, sizeof label,
                    "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\" fill=\"#333\">", x + w / 2,
                    height - 8);
      os << label << html_escape(short_month(m.month)) << "</text>";
    }
    os << '\n';
  }
  os << "</svg>\n";
  return os.str();
}

}  // namespace slaclock
