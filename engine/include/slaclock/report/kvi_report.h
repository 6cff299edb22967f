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

/// The scorecard as JSON; `explain` adds the entity ids behind each count
/// (the CLI always passes true for --format json).
nlohmann::json kvi_scorecard_json(const KviScorecard& card, bool explain);

/// The committee pack: one self-contained HTML page (inline CSS and SVG, no
/// network), scorecard, 12-month trends, breach and overdue detail. Every
/// text is HTML-escaped. `trend` is compute_kvi_trend's result (may be empty).
std::string render_kvi_html(const KviScorecard& card, const std::vector<KviScorecard>& trend);
/// &, <, >, " and ' as entities.
std::string html_escape(std::string_view text);

}  // namespace slaclock
