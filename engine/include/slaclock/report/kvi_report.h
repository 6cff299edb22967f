#pragma once
// The KVI scorecard rendered for people and programs: JSON for scripts, one
// self-contained HTML page for the Contract Management Committee.
//
//   nlohmann::json j = kvi_scorecard_json(card, true);
//   std::string html = render_kvi_html(card, trend);
#include <slaclock/kvi/scorecard.h>

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace slaclock {

struct ServiceLevels;

/// The scorecard as JSON; `explain` adds the entity ids behind each count
/// (the CLI always passes true for --format json).
nlohmann::json kvi_scorecard_json(const KviScorecard& card, bool explain);

/// The committee pack: one self-contained HTML page (inline CSS and SVG, no
/// network), scorecard, 12-month trends, breach and overdue detail. Every
/// text is HTML-escaped. `trend` is compute_kvi_trend's result (may be empty).
/// `service_levels`, when given, adds a "Service levels" section: the
/// month's compliance by clock and its met % trend (report/compliance_report.h).
std::string render_kvi_html(const KviScorecard& card, const std::vector<KviScorecard>& trend,
                            const ServiceLevels* service_levels = nullptr);
/// The issue register (every issue raised by the card's as-of, its score,
/// band, notification, plan and status): JSON, CSV/table columns and rows,
/// and a self-contained HTML page. The committee pack includes it too.
nlohmann::json issue_register_json(const KviScorecard& card);
std::vector<std::string> issue_register_columns();
std::vector<std::vector<std::string>> issue_register_rows(const KviScorecard& card);
std::string render_issue_register_html(const KviScorecard& card);

/// &, <, >, " and ' as entities.
std::string html_escape(std::string_view text);

}  // namespace slaclock
