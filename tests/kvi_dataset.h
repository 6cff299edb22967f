#pragma once
// Hand-built KVI datasets for the KVI tests: events written as JSON Lines,
// imported into a fresh store with the shipped rules, and scored.
//
//   KviDataset d;
//   d.contact("C-1", "2026-09-01T10:00:00+01:00").feedback("C-1", "2026-09-03T10:00:00+01:00", "met");
//   KviScorecard card = d.scorecard("2026-09");
#include <slaclock/config/calendar_loader.h>
#include <slaclock/config/kvi_config_loader.h>
#include <slaclock/import/event_import.h>
#include <slaclock/kvi/scorecard.h>
#include <slaclock/ops/version_files.h>
#include <slaclock/report/kvi_report.h>
#include <slaclock/store/event_store.h>
#include <slaclock/store/rule_store.h>
#include <slaclock/time/timestamp.h>

#include <nlohmann/json.hpp>

#include "test_support.h"

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace slaclock::testing {

class KviDataset {
 public:
  KviDataset() = default;
  KviDataset(const KviDataset&) = delete;
  KviDataset& operator=(const KviDataset&) = delete;

  KviDataset& event(const std::string& kind, const std::string& entity, const std::string& type, const std::string& at,
                    nlohmann::json fields = nlohmann::json::object()) {
    fields["event_id"] = entity + "/" + type + "/" + std::to_string(lines_.size());
    fields["kind"] = kind;
    fields["entity_id"] = entity;
    fields["type"] = type;
    fields["at"] = at;
    lines_.push_back(fields.dump());
    return *this;
  }
  /// A contact received and acknowledged 1 hour later (on time in business hours).
  KviDataset& contact(const std::string& id, const std::string& received, const std::string& customer = "Shipper A",
                      nlohmann::json extra = nlohmann::json::object()) {
    extra["customer"] = customer;
    extra["customer_class"] = "shipper";
    return event("contact", id, "received", received, extra);
  }
  KviDataset& feedback(const std::string& id, const std::string& at, const std::string& rating) {
    return event("contact", id, "feedback", at, {{"rating", rating}});
  }
  KviDataset& breach(const std::string& id, const std::string& at, const std::string& severity,
                     const std::string& notified = "", const std::string& resolved = "") {
    event("breach", id, "identified", at, {{"severity", severity}, {"customers", "Shipper A"}});
    if (!notified.empty()) event("breach", id, "customers_notified", notified);
    if (!resolved.empty()) event("breach", id, "resolved", resolved);
    return *this;
  }
  KviDataset& kpi(const std::string& id, const std::string& kpi_name, const std::string& priority,
                  const std::string& period, bool met, const std::string& at, const std::string& notified = "") {
    event("kpi", id, "result", at,
          {{"kpi", kpi_name}, {"priority", priority}, {"period", period}, {"met", met ? "true" : "false"}});
    if (!notified.empty()) event("kpi", id, "customers_notified", notified);
    return *this;
  }
  KviDataset& survey(const std::string& id, const std::string& kvi, const std::string& period,
                     const std::string& rating, const std::string& at) {
    return event("survey", id, "response", at, {{"kvi", kvi}, {"period", period}, {"rating", rating}});
  }
  KviDataset& report(const std::string& id, const std::string& period, const std::string& due, const std::string& at) {
    return event("report", id, "delivered", at, {{"kvi", "financial_reporting"}, {"period", period}, {"due", due}});
  }

  /// Writes the JSONL, creates the store, imports and loads the shipped rules.
  const std::filesystem::path& build() {
    if (built_) return db_;
    const auto jsonl = scratch_ / "events.jsonl";
    {
      std::ofstream out(jsonl);
      for (const auto& l : lines_) out << l << '\n';
    }
    db_ = scratch_ / "kvi.db";
    EventStore store = EventStore::create(db_);
    ImportRequest req;
    req.files = {jsonl.string()};
    req.now = parse_instant("2027-01-01T00:00:00Z");
    import_events(store, req);
    for (const char* v : {"dsc-kvi-2018.yaml", "dsc-kvi-2020.yaml"})
      load_rules_file_version(store, std::filesystem::path(SLACLOCK_SOURCE_DIR) / "config" / "rules" / v, req.now);
    built_ = true;
    return db_;
  }

  KviScorecard scorecard(const std::string& month, std::optional<std::string> as_of = {},
                         const KviConfig& config = KviConfig{}) {
    const EventStore store = EventStore::open(build(), OpenMode::read_only);
    const RuleBook rules = stored_rule_book(store);
    return compute_kvi_scorecard(source(store), rules, calendars(), parse_kvi_month(month),
                                 as_of ? std::optional<Instant>(parse_instant(*as_of)) : std::nullopt, config);
  }
  std::vector<KviScorecard> trend(const std::string& month, const KviConfig& config = KviConfig{}) {
    const EventStore store = EventStore::open(build(), OpenMode::read_only);
    const RuleBook rules = stored_rule_book(store);
    const KviMonth m = parse_kvi_month(month);
    return compute_kvi_trend(source(store), rules, calendars(), m, 12, end_of_kvi_month(m, config.time_zone), config);
  }

  const std::filesystem::path& dir() const { return scratch_.path; }

 private:
  static KviTimelineSource source(const EventStore& store) {
    return [&store](const KviTimelineQuery& kq, const TimelineVisitor& visit) {
      TimelineQuery q;
      q.kinds = kq.kinds;
      return store.for_each_timeline(q, visit);
    };
  }
  static CalendarLookup calendars() {
    return [](const std::string& name) { return load_calendar(name); };
  }

  TempDir scratch_;
  std::filesystem::path db_;
  std::vector<std::string> lines_;
  bool built_ = false;
};

}  // namespace slaclock::testing
