// Judging a month's tallies: figure, RAG and comment per KVI, then the
// weighted score. Every rule here is written down in docs/kvi.md.
#include "kvi/kvi_accumulator.h"

#include <slaclock/time/time_zone.h>
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

// A KVI judged on the share numerator / denominator (denominator > 0): its
// figure, the figure's text and the RAG against its settings.
void judge_share(KviResult& r) {
  r.figure = static_cast<double>(r.numerator) / static_cast<double>(r.denominator);
  r.figure_text = ratio(r.numerator, r.denominator);
  r.rag = share_rag(r.numerator, r.denominator, r.settings);
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
  add_tally(r, clock_name(ClockId::parties_notification), parties_notification_);
  std::string out_of_scope;
  std::size_t out_of_scope_total = 0;
  for (const auto& [index, contact_ids] : excluded_) {
    const KviScopeExclusion& rule = config_.out_of_scope[index];
    r.excluded.push_back({rule, contact_ids});
    r.counts.push_back({"out_of_scope." + rule.field + "." + rule.value, contact_ids});
    out_of_scope_total += contact_ids.size();
    out_of_scope += (out_of_scope.empty() ? "" : "; ") + std::to_string(contact_ids.size()) + " " + rule.reason + " (" +
                    rule.field + " " + rule.value + ")";
  }
  r.numerator = r.counts[0].count() + r.counts[1].count();
  r.denominator = r.numerator + r.counts[2].count() + r.counts[3].count();
  auto clock_text = [&](ClockId clock, const char* words) {
    const auto it = contact_clocks_.find(clock);
    return std::string(words) + " " + tally_text(it == contact_clocks_.end() ? ClockTally{} : it->second);
  };
  const std::string clocks =
      "Contacts received: " + clock_text(ClockId::acknowledge, "acknowledged") + "; " +
      clock_text(ClockId::initial_response, "initial response") + "; " +
      clock_text(ClockId::resolution, "resolved within the resolution allowance") +
      (gemini.empty() ? "" : "; Gemini: " + gemini) +
      (parties_notification_.on_time.size() + parties_notification_.late.size() +
                   parties_notification_.running.size() ==
               0
           ? std::string()
           : "; affected parties (NG/DNs/iGTs) notified " + tally_text(parties_notification_)) +
      "." +
      (out_of_scope.empty() ? std::string()
                            : " Out of scope, not counted: " + std::to_string(out_of_scope_total) + " contact" +
                                  (out_of_scope_total == 1 ? "" : "s") + " (" + out_of_scope + ").");
  if (r.denominator == 0) {
    r.figure_text = "no feedback";
    r.comment = "No feedback received in " + r.window + ", so there is nothing to score. " + clocks;
    return r;
  }
  judge_share(r);
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
  judge_share(r);
  r.comment = std::to_string(r.numerator) + " of " + std::to_string(r.denominator) +
              " responses Exceeded or Met Expectations (target " + format_share(r.settings.target) + ").";
  if (id == KviId::change_management) {
    // Each survey's own score, and the financial year to date.
    for (const auto& [period, ratings] : change_surveys_) {
      const std::size_t good = get(ratings, "exceeded").size() + get(ratings, "met").size();
      std::size_t all = 0;
      for (const auto& [rating, ids] : ratings) all += ids.size();
      r.breakdown.push_back(
          {"survey " + period, static_cast<double>(good) / static_cast<double>(all), ratio(good, all)});
    }
    const std::size_t good = get(change_year_to_date_, "exceeded").size() + get(change_year_to_date_, "met").size();
    std::size_t all = 0;
    for (const auto& [rating, ids] : change_year_to_date_) all += ids.size();
    for (const char* rating : {"exceeded", "met", "met_some", "not_met"})
      r.counts.push_back({std::string("year_to_date.") + rating, get(change_year_to_date_, rating)});
    if (all > 0) {
      r.breakdown.push_back({"financial year to date (from " + format_kvi_month(financial_year_start()) + ")",
                             static_cast<double>(good) / static_cast<double>(all), ratio(good, all)});
      r.comment += " Financial year to date: " + ratio(good, all) + ".";
    }
  }
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
    r.breakdown.push_back({words, share, ratio(trust, total)});
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
  // The overall trust score: every answer of the three questions pooled.
  const std::string pooled = ratio(r.numerator, r.denominator);
  r.breakdown.insert(r.breakdown.begin(),
                     {"overall trust", static_cast<double>(r.numerator) / static_cast<double>(r.denominator), pooled});
  if (config_.trust_rag_rule == TrustRagRule::overall) {
    r.measure = "overall \"Trust\" (every answer of the three questions pooled), with each question's";
    r.rag = share_rag(r.numerator, r.denominator, r.settings);
    r.figure = static_cast<double>(r.numerator) / static_cast<double>(r.denominator);
    r.figure_text = "overall " + pooled + "; " + figures;
    r.comment =
        "The overall trust score (every answer of the three questions pooled) needs " +
        format_share(r.settings.target) + " Trust. " +
        (below.empty() ? std::string("Each answered question meets it too.") : "Questions below it: " + below + ".") +
        (missing.empty() ? "" : " No responses for: " + missing + ".");
    return r;
  }
  // All three questions must meet the target for green; one without answers cannot be shown to.
  if (!missing.empty()) overall = worse(overall, Rag::amber);
  r.rag = overall;
  r.figure = lowest;
  r.figure_text = figures;
  r.comment = "Each question needs " + format_share(r.settings.target) + " Trust (overall " + pooled + "). " +
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
  const bool monthly_reports = breach_monthly_report_.judged() + breach_monthly_report_.running.size() > 0;
  if (monthly_reports) add_tally(r, clock_name(ClockId::breach_monthly_report), breach_monthly_report_);
  r.numerator =
      breach_notification_.on_time.size() + breach_resolution_.on_time.size() + breach_monthly_report_.on_time.size();
  r.denominator = breach_notification_.judged() + breach_resolution_.judged() + breach_monthly_report_.judged();
  r.figure_text = figure;
  const std::string timeliness =
      "Notification " + tally_text(breach_notification_) + ", resolution " + tally_text(breach_resolution_) +
      (monthly_reports ? ", in the monthly report to customers " + tally_text(breach_monthly_report_) : "") + ".";
  if (!exceeded.empty()) {
    r.rag = Rag::red;
    r.comment = "Threshold exceeded: " + exceeded + ". " + timeliness;
  } else if (!breach_notification_.late.empty() || !breach_resolution_.late.empty() ||
             !breach_monthly_report_.late.empty()) {
    r.rag = Rag::amber;
    r.comment = "Within thresholds, but a notification, resolution or monthly report was late. " + timeliness;
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
  judge_share(r);
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
  if (config_.min_updates_per_year > 0) return judge_financial_updates();
  KviResult r = blank(KviId::financial_reporting);
  r.measure = "financial reports delivered by the agreed date";
  r.target = 1.0;
  const KviWindow w = window(r.id);
  if (!w) return r;
  // Reports the schedule says were due in the window and that were never
  // delivered (as known at as_of): missed once their due date has ended.
  std::vector<std::string> missed, awaited, notes = report_notes_;
  if (config_.report_schedule) {
    const KviReportSchedule& s = *config_.report_schedule;
    for (int year = w->first.year - 1; year <= w->second.year; ++year)
      for (unsigned q = 1; q <= 4; ++q) {
        if (year < s.first_year || (year == s.first_year && q < s.first_quarter)) continue;
        const CivilDate due = KviMonth{year, q * 3}.last_day() + s.due_days_after_quarter_end;
        if (!in_window(w, KviMonth{due.year(), due.month()})) continue;
        const std::string period = std::to_string(year) + "-Q" + std::to_string(q);
        if (delivered_periods_.count(period)) continue;  // judged by its delivery above
        const Instant due_ends = zone_.from_local(due + 1, 0, Disambiguation::earliest) - Seconds{1};
        if (as_of_ >= due_ends) {
          missed.push_back("schedule:" + period);
          notes.push_back(period + " due " + format_date(due) + ", not delivered (missed)");
        } else {
          awaited.push_back("schedule:" + period);
          notes.push_back(period + " due " + format_date(due) + ", awaited");
        }
      }
  }
  r.counts.push_back({"reports.on_time", reports_on_time_});
  r.counts.push_back({"reports.late", reports_late_});
  if (config_.report_schedule) {
    r.counts.push_back({"reports.missed", missed});
    r.counts.push_back({"reports.awaited", awaited});
  }
  r.numerator = reports_on_time_.size();
  r.denominator = reports_on_time_.size() + reports_late_.size() + missed.size();
  std::string text;
  for (const auto& n : notes) text += (text.empty() ? "" : "; ") + n;
  if (r.denominator == 0) {
    r.figure_text = awaited.empty() ? "no report due" : "awaited";
    r.comment = awaited.empty() ? "No financial report was due in " + r.window + "."
                                : "Not yet due by the as-of: " + text + ".";
    return r;
  }
  r.figure = static_cast<double>(r.numerator) / static_cast<double>(r.denominator);
  r.figure_text = std::to_string(r.numerator) + "/" + std::to_string(r.denominator) + " on time";
  const bool all_on_time = reports_late_.empty() && missed.empty();
  r.rag = all_on_time ? Rag::green : Rag::red;
  r.comment = (all_on_time       ? "Delivered by the agreed date: "
               : !missed.empty() ? "A report due was not delivered: "
                                 : "Late delivery: ") +
              text + ".";
  return r;
}

KviResult KviAccumulator::judge_financial_updates() const {
  KviResult r = blank(KviId::financial_reporting);
  const int min = config_.min_updates_per_year;
  r.measure = "financial updates delivered in the financial year (at least " + std::to_string(min) + ")";
  r.target = 1.0;
  if (!window(r.id)) return r;
  if (delivered_periods_.empty() && !any_entity_opened_) {
    // Nothing recorded at all by the as-of: no data, not a year without updates.
    r.figure_text = "no data";
    r.comment = "Nothing was recorded by " + format_kvi_month(month_) + "'s end.";
    return r;
  }
  const KviMonth fy = financial_year_start();
  int months_elapsed = 0;
  for (KviMonth m = fy; m <= month_; m = m.next()) ++months_elapsed;
  // Pro rata: the updates a year of `min` should have delivered by now.
  const int expected = min * months_elapsed / 12;
  const auto delivered = static_cast<int>(updates_in_year_.size());
  r.window = format_kvi_month(fy) + ".." + format_kvi_month(month_);
  r.counts.push_back({"updates.delivered", updates_in_year_});
  r.numerator = updates_in_year_.size();
  r.denominator = static_cast<std::size_t>(min);
  r.figure = std::min(1.0, static_cast<double>(delivered) / static_cast<double>(min));
  r.figure_text = std::to_string(delivered) + " of " + std::to_string(min) + " updates";
  r.breakdown.push_back({"delivered in the financial year so far", r.figure, r.figure_text});
  r.breakdown.push_back({"expected by " + format_kvi_month(month_) + " (pro rata)",
                         static_cast<double>(expected) / static_cast<double>(min),
                         std::to_string(expected) + " of " + std::to_string(min)});
  if (delivered >= expected)
    r.rag = Rag::green;
  else if (months_elapsed < 12 && delivered + 1 == expected)
    r.rag = Rag::amber;
  else
    r.rag = Rag::red;
  std::string notes;
  for (const auto& n : update_notes_) notes += (notes.empty() ? "" : "; ") + n;
  r.comment = std::to_string(delivered) + " of at least " + std::to_string(min) + " updates delivered since " +
              format_kvi_month(fy) + "; " + std::to_string(expected) + " expected by the end of " +
              format_kvi_month(month_) + " (month " + std::to_string(months_elapsed) + " of 12)." +
              (notes.empty() ? "" : " " + notes + ".");
  return r;
}

KviResult KviAccumulator::judge_customer_issue_resolution() const {
  KviResult r = blank(KviId::customer_issue_resolution);
  r.measure = "issues handled within their score band's notification and rectification-plan times";
  r.target = r.settings.target;
  if (!window(r.id)) return r;
  r.counts.push_back({"issues.handled", issues_handled_});
  r.counts.push_back({"issues.late", issues_late_});
  r.counts.push_back({"issues.open", issues_open_});
  r.numerator = issues_handled_.size();
  r.denominator = issues_handled_.size() + issues_late_.size();
  std::string bands;
  for (const auto& [band, tally] : issue_bands_) {
    if (tally.second == 0) continue;
    r.breakdown.push_back({band + " band", static_cast<double>(tally.first) / static_cast<double>(tally.second),
                           ratio(tally.first, tally.second)});
    bands += (bands.empty() ? "" : ", ") + band + " " + ratio(tally.first, tally.second);
  }
  const std::string open = issues_open_.empty()
                               ? std::string()
                               : " " + std::to_string(issues_open_.size()) + " issue(s) still within their times.";
  if (r.denominator == 0) {
    r.figure_text = "no issue settled";
    r.comment = "No issue was handled or fell late in " + r.window + "." + open;
    return r;
  }
  judge_share(r);
  r.comment = std::to_string(r.numerator) + " of " + std::to_string(r.denominator) +
              " issues had customers notified and a rectification plan within their band's times (target " +
              format_share(r.settings.target) + "); by band: " + bands + "." + open;
  return r;
}

namespace {

/// A score out of 10 rounded down to 0.1 ("9.7/10"), so it never prints in a higher class.
std::string score_text(double score) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f/10", std::floor(score * 10.0 + 1e-9) / 10.0);
  return buf;
}

}  // namespace

KviResult KviAccumulator::judge_communication() const {
  KviResult r = blank(KviId::communication);
  r.measure = "average score of the month's customer communications, out of 10";
  const KviWindow w = window(r.id);
  const auto band_of = [&](double score) -> const KviScoreBand& {
    for (const KviScoreBand& b : config_.communication_bands)
      if (score >= b.from) return b;
    return config_.communication_bands.back();
  };
  for (const KviScoreBand& b : config_.communication_bands)
    if (b.rag == Rag::green) r.target = b.from / 10.0;
  if (!w) return r;
  double sum = 0, monthly_sum = 0;
  std::vector<std::string> ids, year_ids;
  int months = 0;
  for (const auto& [m, month] : communication_) {
    const auto& [month_sum, month_ids] = month;
    if (month_ids.empty()) continue;
    ++months;
    monthly_sum += month_sum / static_cast<double>(month_ids.size());
    year_ids.insert(year_ids.end(), month_ids.begin(), month_ids.end());
    if (in_window(w, m)) {
      sum += month_sum;
      ids.insert(ids.end(), month_ids.begin(), month_ids.end());
    }
  }
  r.counts.push_back({"scores", ids});
  r.counts.push_back({"year_to_date.scores", year_ids});
  if (ids.empty()) {
    r.figure_text = "no scores";
    r.comment = "No communication was scored for " + r.window + ".";
    return r;
  }
  const double average = sum / static_cast<double>(ids.size());
  const KviScoreBand& band = band_of(average);
  r.figure = average / 10.0;
  r.figure_text = score_text(average) + " " + band.label;
  r.rag = band.rag;
  r.numerator = ids.size();
  r.breakdown.push_back({"month's average", r.figure, r.figure_text});
  const double running = monthly_sum / months;
  r.breakdown.push_back(
      {"running average of the financial year's months (from " + format_kvi_month(financial_year_start()) + ")",
       running / 10.0, score_text(running) + " " + band_of(running).label});
  r.comment = std::to_string(ids.size()) + " score" + (ids.size() == 1 ? "" : "s") + " averaging " +
              score_text(average) + ", classed " + band.label +
              ". Average monthly score this financial year: " + score_text(running) + " (" + band_of(running).label +
              ", " + std::to_string(months) + " month" + (months == 1 ? "" : "s") + ").";
  return r;
}

KviScorecard KviAccumulator::finish() const {
  KviScorecard card;
  card.month = month_;
  card.as_of = as_of_;
  card.time_zone = config_.time_zone;
  card.settings_version = config_.version;
  card.settings_effective_from = config_.effective_from;
  card.settings_title = config_.title;
  for (KviId id : config_.scorecard) {
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
      case KviId::customer_issue_resolution:
        card.kvis.push_back(judge_customer_issue_resolution());
        break;
      case KviId::communication:
        card.kvis.push_back(judge_communication());
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
  card.issues = issue_register_;
  std::sort(card.issues.begin(), card.issues.end(), [](const KviIssueEntry& a, const KviIssueEntry& b) {
    return std::tie(a.raised_at, a.entity_id) < std::tie(b.raised_at, b.entity_id);
  });
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
