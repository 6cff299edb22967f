// Judging a month's tallies: figure, RAG and comment per KVI, then the
// weighted score. Every rule here is written down in docs/kvi.md.
#include "kvi/kvi_accumulator.h"

#include <slaclock/time/timestamp.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <tuple>

namespace slaclock::detail {

std::string format_share(double share) {
  // Rounded down: 89.99% must not print as "90.0%" next to a red RAG.
  const double tenths = std::floor(share * 1000.0 + 1e-9);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", tenths / 10.0);
  return buf;
}

bool share_at_least(std::size_t numerator, std::size_t denominator, double threshold) {
  // Compared in integers scaled by 1e6 so that 9/10 against 0.90 is exactly "at".
  const auto scaled_threshold = static_cast<long double>(std::llround(threshold * 1e6));
  return static_cast<long double>(numerator) * 1e6L >= scaled_threshold * static_cast<long double>(denominator);
}

namespace {

Rag share_rag(std::size_t num, std::size_t den, const KviSettings& s) {
  if (share_at_least(num, den, s.target)) return Rag::green;
  if (share_at_least(num, den, s.amber_from)) return Rag::amber;
  return Rag::red;
}

Rag worse(Rag a, Rag b) {
  auto rank = [](Rag r) { return r == Rag::red ? 3 : r == Rag::amber ? 2 : r == Rag::green ? 1 : 0; };
  return rank(a) >= rank(b) ? a : b;
}

std::string ratio(std::size_t num, std::size_t den) {
  return format_share(static_cast<double>(num) / static_cast<double>(den)) + " (" + std::to_string(num) + "/" +
         std::to_string(den) + ")";
}

std::string window_text(const KviWindow& w) {
  if (!w) return "";
  return w->first == w->second ? format_kvi_month(w->first)
                               : format_kvi_month(w->first) + ".." + format_kvi_month(w->second);
}

std::vector<std::string> get(const std::map<std::string, std::vector<std::string>>& m, const std::string& k) {
  const auto it = m.find(k);
  return it == m.end() ? std::vector<std::string>{} : it->second;
}

void add_tally(KviResult& r, const std::string& name, const ClockTally& t) {
  r.counts.push_back({name + ".on_time", t.on_time});
  r.counts.push_back({name + ".late", t.late});
  r.counts.push_back({name + ".running", t.running});
}

std::string tally_text(const ClockTally& t) {
  if (t.judged() == 0) return t.running.empty() ? "none due" : "none due yet";
  return std::to_string(t.on_time.size()) + "/" + std::to_string(t.judged()) + " on time";
}

KviMonth next_quarter_end(KviMonth m) {
  while (m.month % 3 != 0) m = m.next();
  return m;
}

}  // namespace

KviResult KviAccumulator::blank(KviId id) const {
  KviResult r;
  r.id = id;
  r.settings = config_.settings(id);
  r.window = window_text(window(id));
  r.rag = Rag::not_due;
  r.figure_text = "not due";
  if (!window(id)) r.comment = "Reported quarterly; next in " + format_kvi_month(next_quarter_end(month_)) + ".";
  return r;
}

KviResult KviAccumulator::judge_issue_resolution() const {
  KviResult r = blank(KviId::issue_resolution);
  r.measure = "feedback rated Exceeded or Met Expectations";
  r.target = r.settings.target;
  if (!window(r.id)) return r;
  for (const char* rating : {"exceeded", "met", "met_some", "not_met"})
    r.counts.push_back({std::string("feedback.") + rating, get(feedback_, rating)});
  for (const ClockId clock : {ClockId::acknowledge, ClockId::initial_response, ClockId::resolution}) {
    const auto it = contact_clocks_.find(clock);
    add_tally(r, clock_name(clock), it == contact_clocks_.end() ? ClockTally{} : it->second);
  }
  std::string gemini;
  for (const auto& [band, tally] : gemini_bands_) {
    add_tally(r, "gemini." + band, tally);
    gemini += (gemini.empty() ? "" : ", ") + band + " " +
              std::to_string(tally.on_time.size() + tally.late.size() + tally.running.size()) + " (" +
              tally_text(tally) + ")";
  }
  r.numerator = r.counts[0].count() + r.counts[1].count();
  r.denominator = r.numerator + r.counts[2].count() + r.counts[3].count();
  auto clock_text = [&](ClockId clock, const char* words) {
    const auto it = contact_clocks_.find(clock);
    return std::string(words) + " " + tally_text(it == contact_clocks_.end() ? ClockTally{} : it->second);
  };
  const std::string clocks = "Contacts received: " + clock_text(ClockId::acknowledge, "acknowledged") + "; " +
                             clock_text(ClockId::initial_response, "initial response") + "; " +
                             clock_text(ClockId::resolution, "resolved within the resolution allowance") +
                             (gemini.empty() ? "" : "; Gemini: " + gemini) + ".";
  if (r.denominator == 0) {
    r.figure_text = "no feedback";
    r.comment = "No feedback received in " + r.window + ", so there is nothing to score. " + clocks;
    return r;
  }
  r.figure = static_cast<double>(r.numerator) / static_cast<double>(r.denominator);
  r.figure_text = ratio(r.numerator, r.denominator);
  r.rag = share_rag(r.numerator, r.denominator, r.settings);
  r.comment = std::to_string(r.numerator) + " of " + std::to_string(r.denominator) +
              " feedback responses Exceeded or Met Expectations (target " + format_share(r.settings.target) + "). " +
              clocks;
  return r;
}

KviResult KviAccumulator::judge_survey(KviId id) const {
  KviResult r = blank(id);
  r.measure = "survey responses rated Exceeded or Met Expectations";
  r.target = r.settings.target;
  if (!window(id)) return r;
  const std::string key = kvi_key(id);
  const auto it = surveys_.find(key);
  const std::map<std::string, std::vector<std::string>> none;
  const auto& by_rating = it == surveys_.end() ? none : it->second;
  for (const char* rating : {"exceeded", "met", "met_some", "not_met"})
    r.counts.push_back({key + "." + rating, get(by_rating, rating)});
  r.numerator = r.counts[0].count() + r.counts[1].count();
  r.denominator = r.numerator + r.counts[2].count() + r.counts[3].count();
  if (r.denominator == 0) {
    r.figure_text = "no responses";
    r.comment = "No survey responses for " + r.window + ".";
    return r;
  }
  r.figure = static_cast<double>(r.numerator) / static_cast<double>(r.denominator);
  r.figure_text = ratio(r.numerator, r.denominator);
  r.rag = share_rag(r.numerator, r.denominator, r.settings);
  r.comment = std::to_string(r.numerator) + " of " + std::to_string(r.denominator) +
              " responses Exceeded or Met Expectations (target " + format_share(r.settings.target) + ").";
  return r;
}

KviResult KviAccumulator::judge_relationship() const {
  KviResult r = blank(KviId::relationship_management);
  r.measure = "\"Trust\" on each of strategic decisions, operational services, customers first";
  r.target = r.settings.target;
  if (!window(r.id)) return r;
  const std::pair<const char*, const char*> questions[] = {{"relationship_strategic", "strategic"},
                                                           {"relationship_operational", "operational"},
                                                           {"relationship_customer_first", "customers first"}};
  Rag overall = Rag::not_due;
  std::string figures, missing, below;
  std::optional<double> lowest;
  const std::map<std::string, std::vector<std::string>> none;
  for (const auto& [key, words] : questions) {
    const auto it = surveys_.find(key);
    const auto& by_rating = it == surveys_.end() ? none : it->second;
    std::size_t total = 0;
    for (const char* rating : {"trust", "starting_to_trust", "dont_trust"}) {
      r.counts.push_back({std::string(key) + "." + rating, get(by_rating, rating)});
      total += r.counts.back().count();
    }
    const std::size_t trust = get(by_rating, "trust").size();
    if (total == 0) {
      missing += (missing.empty() ? "" : ", ") + std::string(words);
      continue;
    }
    r.numerator += trust;
    r.denominator += total;
    const double share = static_cast<double>(trust) / static_cast<double>(total);
    lowest = lowest ? std::min(*lowest, share) : share;
    const Rag q = share_rag(trust, total, r.settings);
    if (q != Rag::green) below += (below.empty() ? "" : ", ") + std::string(words);
    overall = worse(overall, q);
    figures += (figures.empty() ? "" : "; ") + std::string(words) + " " + ratio(trust, total);
  }
  if (r.denominator == 0) {
    r.figure_text = "no responses";
    r.comment = "No trust survey responses for " + r.window + ".";
    return r;
  }
  // All three questions must meet the target for green; one without answers cannot be shown to.
  if (!missing.empty()) overall = worse(overall, Rag::amber);
  r.rag = overall;
  r.figure = lowest;
  r.figure_text = figures;
  r.comment = "Each question needs " + format_share(r.settings.target) + " Trust. " +
              (below.empty() ? std::string("All answered questions meet it.") : "Below target: " + below + ".") +
              (missing.empty() ? "" : " No responses for: " + missing + ".");
  return r;
}

KviResult KviAccumulator::judge_data_security() const {
  KviResult r = blank(KviId::customer_data_security);
  r.measure = "breaches identified in the month by severity";
  if (!window(r.id)) return r;
  if (!any_entity_opened_ && breaches_.empty()) {
    // Before the first contact, breach or KPI result was recorded "no
    // breaches" means "no data", not a clean month.
    r.figure_text = "no data";
    r.comment = "Nothing was recorded by " + format_kvi_month(month_) + "'s end.";
    return r;
  }
  std::string figure, exceeded;
  for (const char* sev : {"critical", "high", "medium", "low"}) {
    const auto ids = get(breaches_, sev);
    r.counts.push_back({std::string("breaches.") + sev, ids});
    figure += (figure.empty() ? "" : ", ") + std::to_string(ids.size()) + " " + sev;
    const auto limit = config_.max_breaches.find(sev);
    if (limit != config_.max_breaches.end() && static_cast<long long>(ids.size()) > limit->second)
      exceeded += (exceeded.empty() ? "" : ", ") + std::to_string(ids.size()) + " " + sev + " (at most " +
                  std::to_string(limit->second) + ")";
  }
  add_tally(r, clock_name(ClockId::breach_notification), breach_notification_);
  add_tally(r, clock_name(ClockId::breach_resolution), breach_resolution_);
  r.numerator = breach_notification_.on_time.size() + breach_resolution_.on_time.size();
  r.denominator = breach_notification_.judged() + breach_resolution_.judged();
  r.figure_text = figure;
  const std::string timeliness =
      "Notification " + tally_text(breach_notification_) + ", resolution " + tally_text(breach_resolution_) + ".";
  if (!exceeded.empty()) {
    r.rag = Rag::red;
    r.comment = "Threshold exceeded: " + exceeded + ". " + timeliness;
  } else if (!breach_notification_.late.empty() || !breach_resolution_.late.empty()) {
    r.rag = Rag::amber;
    r.comment = "Within thresholds, but a notification or resolution was late. " + timeliness;
  } else {
    r.rag = Rag::green;
    r.comment = "Within thresholds. " + timeliness;
  }
  return r;
}

KviResult KviAccumulator::judge_service_delivery() const {
  KviResult r = blank(KviId::service_delivery);
  r.measure = "Priority " + [&] {
    std::string p;
    for (const auto& x : config_.kpi_priorities) p += (p.empty() ? "" : "/") + x;
    return p;
  }() + " KPI results met, financial year to date";
  r.target = r.settings.target;
  const unsigned fy_month = config_.financial_year_start_month;
  const KviMonth fy_start{month_.month >= fy_month ? month_.year : month_.year - 1, fy_month};
  if (!window(r.id)) return r;
  r.window = format_kvi_month(fy_start) + ".." + format_kvi_month(month_);
  r.counts.push_back({"kpi.met", kpi_met_});
  r.counts.push_back({"kpi.missed", kpi_missed_});
  add_tally(r, clock_name(ClockId::kpi_miss_notice), kpi_miss_notice_);
  r.counts.push_back({std::string(clock_name(ClockId::kpi_consecutive)) + "." + clock_status_name(ClockStatus::missed),
                      kpi_consecutive_});
  r.numerator = kpi_met_.size();
  r.denominator = kpi_met_.size() + kpi_missed_.size();
  if (r.denominator == 0) {
    r.figure_text = "no KPI results";
    r.comment = "No KPI results for " + r.window + ".";
    return r;
  }
  r.figure = static_cast<double>(r.numerator) / static_cast<double>(r.denominator);
  r.figure_text = ratio(r.numerator, r.denominator);
  r.rag = share_rag(r.numerator, r.denominator, r.settings);
  std::string names;
  for (const auto& n : kpi_consecutive_names_) names += (names.empty() ? "" : ", ") + n;
  r.comment = std::to_string(r.numerator) + " of " + std::to_string(r.denominator) + " KPI results met since " +
              format_kvi_month(fy_start) + " (target " + format_share(r.settings.target) + "). Miss notices " +
              tally_text(kpi_miss_notice_) + ".";
  if (!names.empty()) r.comment += " Failed more than the allowed consecutive months: " + names + ".";
  // A kept headline with a broken supporting commitment is a warning, not a pass.
  if (r.rag == Rag::green && (!kpi_consecutive_.empty() || !kpi_miss_notice_.late.empty())) r.rag = Rag::amber;
  return r;
}

KviResult KviAccumulator::judge_financial_reporting() const {
  KviResult r = blank(KviId::financial_reporting);
  r.measure = "financial reports delivered by the agreed date";
  r.target = 1.0;
  if (!window(r.id)) return r;
  r.counts.push_back({"reports.on_time", reports_on_time_});
  r.counts.push_back({"reports.late", reports_late_});
  r.numerator = reports_on_time_.size();
  r.denominator = reports_on_time_.size() + reports_late_.size();
  if (r.denominator == 0) {
    r.figure_text = "no report due";
    r.comment = "No financial report was due in " + r.window + ".";
    return r;
  }
  r.figure = static_cast<double>(r.numerator) / static_cast<double>(r.denominator);
  r.figure_text = std::to_string(r.numerator) + "/" + std::to_string(r.denominator) + " on time";
  r.rag = reports_late_.empty() ? Rag::green : Rag::red;
  std::string notes;
  for (const auto& n : report_notes_) notes += (notes.empty() ? "" : "; ") + n;
  r.comment = (reports_late_.empty() ? "Delivered by the agreed date: " : "Late delivery: ") + notes + ".";
  return r;
}

KviScorecard KviAccumulator::finish() const {
  KviScorecard card;
  card.month = month_;
  card.as_of = as_of_;
  card.time_zone = config_.time_zone;
  for (KviId id : all_kvis) {
    switch (id) {
      case KviId::issue_resolution:
        card.kvis.push_back(judge_issue_resolution());
        break;
      case KviId::change_management:
      case KviId::data_services:
        card.kvis.push_back(judge_survey(id));
        break;
      case KviId::relationship_management:
        card.kvis.push_back(judge_relationship());
        break;
      case KviId::customer_data_security:
        card.kvis.push_back(judge_data_security());
        break;
      case KviId::service_delivery:
        card.kvis.push_back(judge_service_delivery());
        break;
      case KviId::financial_reporting:
        card.kvis.push_back(judge_financial_reporting());
        break;
    }
  }
  for (const KviResult& k : card.kvis) {
    if (k.rag == Rag::not_due) continue;
    card.due_weight += k.settings.weight;
    if (k.rag == Rag::green) card.earned_weight += k.settings.weight;
    if (k.rag == Rag::amber) card.earned_weight += config_.amber_credit * k.settings.weight;
  }
  if (card.due_weight > 0) card.score = card.earned_weight / card.due_weight;
  card.breaches = breach_details_;
  std::sort(card.breaches.begin(), card.breaches.end(),
            [](const KviBreachDetail& a, const KviBreachDetail& b) { return a.identified_at < b.identified_at; });
  card.overdue = overdue_;
  std::sort(card.overdue.begin(), card.overdue.end(), [](const ClockResult& a, const ClockResult& b) {
    return std::tie(a.due_at, a.entity_id, a.clock) < std::tie(b.due_at, b.entity_id, b.clock);
  });
  return card;
}

}  // namespace slaclock::detail

namespace slaclock {
std::string format_kvi_share(double share) {
  return detail::format_share(share);
}
}  // namespace slaclock
