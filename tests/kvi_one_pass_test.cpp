// The KVI months in one pass (compute_kvi_months, the pack's card and trend)
// against the same months computed one at a time, as the scorecard did
// before: contacts whose clocks run across month ends, bank holidays and the
// clock changes, breaches, KPI results and surveys. Every figure, count,
// entity id and clock of the overdue list and the breach detail must match.
#include "kvi_dataset.h"

#include <slaclock/config/kvi_config_loader.h>
#include <slaclock/kvi/scorecard.h>
#include <slaclock/ops/kvi_pack.h>
#include <slaclock/report/kvi_report.h>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

using namespace slaclock;
using slaclock::testing::KviDataset;

namespace {

/// Everything a scorecard shows: the JSON with entity ids, the issue register
/// and the committee pack's HTML of the card alone.
std::string everything(const KviScorecard& card) {
  return kvi_scorecard_json(card, true).dump(1) + "\n" + issue_register_json(card).dump(1) + "\n" +
         render_kvi_html(card, {});
}

// A year of contacts that cross month ends, wait over bank holidays and the
// clock changes (29 March and 25 October 2026, London), stay open for months,
// get their feedback a month later; breaches and KPI results across months.
void add_year(KviDataset& d) {
  // Received on the evening before a month end, acknowledged and resolved in the next month.
  const char* month_ends[] = {"2026-01-30T17:30:00+00:00", "2026-02-27T17:45:00+00:00", "2026-03-31T17:00:00+01:00",
                              "2026-04-30T17:15:00+01:00", "2026-05-29T17:20:00+01:00", "2026-06-30T17:25:00+01:00",
                              "2026-07-31T17:10:00+01:00", "2026-08-28T17:40:00+01:00", "2026-09-30T17:50:00+01:00",
                              "2026-10-30T17:35:00+00:00"};
  int n = 0;
  for (const char* at : month_ends) {
    const std::string id = "C-END-" + std::to_string(++n);
    d.contact(id, at);
    // Acknowledged the next morning (late or on time depending on the month),
    // resolved a week on, feedback the month after.
    const Instant received = parse_instant(at);
    d.event("contact", id, "acknowledged", format_utc(received + Seconds{15 * 3600}),
            {{"expected_resolution", format_utc(received + Seconds{10 * 86400})}});
    d.event("contact", id, "resolved", format_utc(received + Seconds{8 * 86400}));
    d.feedback(id, format_utc(received + Seconds{35 * 86400}), n % 3 ? "met" : "not_met");
  }
  // Bank holidays: Good Friday 3 April and Easter Monday 6 April, the
  // summer bank holiday 31 August 2026.
  d.contact("C-EASTER", "2026-04-02T16:30:00+01:00");
  d.event("contact", "C-EASTER", "acknowledged", "2026-04-07T10:00:00+01:00",
          {{"expected_resolution", "2026-04-20T10:00:00+01:00"}});
  d.event("contact", "C-EASTER", "resolved", "2026-05-05T10:00:00+01:00");
  d.feedback("C-EASTER", "2026-05-06T10:00:00+01:00", "exceeded");
  d.contact("C-AUGUST", "2026-08-28T16:59:00+01:00");
  d.event("contact", "C-AUGUST", "acknowledged", "2026-09-01T09:30:00+01:00",
          {{"expected_resolution", "2026-09-10T10:00:00+01:00"}});
  d.event("contact", "C-AUGUST", "closed", "2026-09-02T09:30:00+01:00");
  // Across the clock changes.
  d.contact("C-DST-SPRING", "2026-03-27T16:45:00+00:00");
  d.event("contact", "C-DST-SPRING", "acknowledged", "2026-03-30T09:15:00+01:00",
          {{"expected_resolution", "2026-04-10T10:00:00+01:00"}});
  d.event("contact", "C-DST-SPRING", "resolved", "2026-04-09T10:00:00+01:00");
  d.contact("C-DST-AUTUMN", "2026-10-23T16:50:00+01:00");
  d.event("contact", "C-DST-AUTUMN", "acknowledged", "2026-10-26T09:05:00+00:00",
          {{"expected_resolution", "2026-11-02T10:00:00+00:00"}});
  d.feedback("C-DST-AUTUMN", "2026-11-03T10:00:00+00:00", "met_some");
  // Open for months: never acknowledged, or acknowledged and never resolved,
  // then reopened after a resolution.
  d.contact("C-NEVER", "2026-02-10T11:00:00+00:00");
  d.contact("C-OPEN", "2026-05-12T11:00:00+01:00");
  d.event("contact", "C-OPEN", "acknowledged", "2026-05-12T12:00:00+01:00",
          {{"expected_resolution", "2026-05-20T10:00:00+01:00"}});
  d.contact("C-REOPEN", "2026-06-15T11:00:00+01:00");
  d.event("contact", "C-REOPEN", "acknowledged", "2026-06-15T11:30:00+01:00",
          {{"expected_resolution", "2026-06-22T10:00:00+01:00"}});
  d.event("contact", "C-REOPEN", "resolved", "2026-06-19T10:00:00+01:00");
  d.event("contact", "C-REOPEN", "reopened", "2026-08-03T10:00:00+01:00");
  d.event("contact", "C-REOPEN", "resolved", "2026-10-07T10:00:00+01:00");
  // Parties affected and never notified: running after the contact ends.
  d.contact("C-PARTIES", "2026-07-06T10:00:00+01:00");
  d.event("contact", "C-PARTIES", "acknowledged", "2026-07-06T10:30:00+01:00",
          {{"expected_resolution", "2026-07-10T10:00:00+01:00"}});
  d.event("contact", "C-PARTIES", "parties_affected", "2026-07-06T11:00:00+01:00", {{"parties", "NG"}});
  d.event("contact", "C-PARTIES", "resolved", "2026-07-08T10:00:00+01:00");
  // Breaches, identified at a month end and handled in the next.
  d.breach("B-1", "2026-03-31T18:00:00+01:00", "medium", "2026-04-01T10:00:00+01:00", "2026-04-14T10:00:00+01:00");
  d.breach("B-2", "2026-09-29T10:00:00+01:00", "high", "2026-10-05T10:00:00+01:00");
  d.breach("B-3", "2026-11-02T10:00:00+00:00", "low");
  // KPI results, missed three months running; surveys at quarter ends.
  d.kpi("K-6", "AQ", "P1", "2026-06", false, "2026-07-03T10:00:00+01:00", "2026-07-06T10:00:00+01:00");
  d.kpi("K-7", "AQ", "P1", "2026-07", false, "2026-08-04T10:00:00+01:00");
  d.kpi("K-8", "AQ", "P1", "2026-08", false, "2026-09-03T10:00:00+01:00", "2026-09-04T10:00:00+01:00");
  d.kpi("K-9", "AQ", "P2", "2026-09", true, "2026-10-02T10:00:00+01:00");
  d.survey("S-1", "change_management", "2026-Q2", "met", "2026-06-30T15:00:00+01:00");
  d.survey("S-2", "data_services", "2026-Q3", "exceeded", "2026-09-29T15:00:00+01:00");
  d.report("R-1", "2026-Q2", "2026-07-30", "2026-08-03T10:00:00+01:00");
}

}  // namespace

TEST_SUITE("kvi one pass") {
  TEST_CASE("a 12-month trend in one pass equals each month computed alone") {
    KviDataset d;
    add_year(d);
    const KviConfig config;
    const std::vector<KviScorecard> trend = d.trend("2026-12", config);
    REQUIRE(trend.size() == 12);
    for (const KviScorecard& m : trend) {
      CAPTURE(format_kvi_month(m.month));
      CHECK(everything(m) == everything(d.scorecard(format_kvi_month(m.month))));
    }
    // The dataset does what the test is for: clocks overdue at several month
    // ends, from contacts received months before.
    CHECK_FALSE(trend[1].overdue.empty());
    CHECK_FALSE(trend[10].overdue.empty());
    CHECK(trend[3].kvi(KviId::issue_resolution).count_named("feedback.exceeded") != nullptr);
  }

  TEST_CASE("months judged at an instant inside the last month equal each month alone at that instant") {
    KviDataset d;
    add_year(d);
    // 2026-10-07 10:00 London: the day C-REOPEN is resolved, and mid-month.
    for (const char* as_of : {"2026-10-07T10:00:00+01:00", "2026-10-25T01:30:00+00:00"}) {
      CAPTURE(as_of);
      const EventStore store = EventStore::open(d.build(), OpenMode::read_only);
      KviPackOptions o;
      o.month = parse_kvi_month("2026-10");
      o.as_of = parse_instant(as_of);
      o.trend_months = 12;
      o.settings_file = std::filesystem::path(SLACLOCK_SOURCE_DIR) / "config" / "kvi" / "dsc-kvi-2018.yaml";
      const KviPack pack = kvi_pack_from_store(store, o);
      const KviConfig file = read_kvi_config(o.settings_file.value());
      REQUIRE(pack.trend.size() == 12);
      CHECK(everything(pack.card) == everything(pack.trend.back()));
      CHECK(everything(pack.card) == everything(d.scorecard("2026-10", std::string(as_of), file)));
      for (std::size_t i = 0; i + 1 < pack.trend.size(); ++i) {
        const KviScorecard& m = pack.trend[i];
        CAPTURE(format_kvi_month(m.month));
        CHECK(m.as_of == end_of_kvi_month(m.month, "Europe/London"));
        CHECK(everything(m) == everything(d.scorecard(format_kvi_month(m.month), std::nullopt, file)));
      }
    }
  }

  TEST_CASE("a card judged after its month's end comes with the trend judged at the month's end") {
    KviDataset d;
    add_year(d);
    const EventStore store = EventStore::open(d.build(), OpenMode::read_only);
    KviPackOptions o;
    o.month = parse_kvi_month("2026-09");
    o.as_of = parse_instant("2026-10-20T12:00:00+01:00");
    o.trend_months = 3;
    o.settings_file = std::filesystem::path(SLACLOCK_SOURCE_DIR) / "config" / "kvi" / "dsc-kvi-2018.yaml";
    const KviPack pack = kvi_pack_from_store(store, o);
    REQUIRE(pack.trend.size() == 3);
    CHECK(pack.card.as_of == parse_instant("2026-10-20T12:00:00+01:00"));
    CHECK(everything(pack.card) == everything(d.scorecard("2026-09", std::string("2026-10-20T12:00:00+01:00"),
                                                          read_kvi_config(o.settings_file.value()))));
    CHECK(everything(pack.trend.back()) ==
          everything(d.scorecard("2026-09", std::nullopt, read_kvi_config(o.settings_file.value()))));
    CHECK(pack.trend.front().month == parse_kvi_month("2026-07"));
  }
}
