// The KVI months in one pass (compute_kvi_months, the pack's card and trend)
// against the same months computed one at a time, as the scorecard did
// before: contacts whose clocks run across month ends, bank holidays and the
// clock changes, breaches, KPI results and surveys. Every figure, count,
// entity id and clock of the overdue list and the breach detail must match.
#include "cli_database.h"
#include "kvi_dataset.h"

#include <slaclock/config/kvi_config_loader.h>
#include <slaclock/kvi/scorecard.h>
#include <slaclock/ops/kvi_pack.h>
#include <slaclock/ops/sweep.h>
#include <slaclock/ops/version_files.h>
#include <slaclock/report/kvi_report.h>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
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

std::string rule_version_yaml(const std::string& version, const std::string& effective_from) {
  return "version: " + version + "\neffective_from: " + effective_from +
         "\ntime_zone: Europe/London\ncalendar: england-and-wales\nat_risk_share: 0.75\n"
         "contact:\n  acknowledge: {business_hours: 4}\n  initial_response: {business_days: 3}\n"
         "  resolution: {business_days: 7}\n  regular_update_gap: {business_days: 5}\n"
         "breach:\n  notification: {hours: 4}\n  notification_severities: [critical, high]\n"
         "  resolution: {business_days: 3}\n"
         "kpi:\n  miss_notice: {business_days: 2}\n  priorities: [P1, P2]\n  max_consecutive_misses: 2\n";
}

/// The entities a read leaves out before `quiet_before` (and whether it says so).
std::pair<bool, std::vector<std::string>> read_skipping(const EventStore& store, const std::string& quiet_before) {
  TimelineQuery q;
  q.skip_settled = SettledSkip{{EntityKind::contact, EntityKind::breach}, parse_instant(quiet_before)};
  std::vector<std::string> seen;
  const bool left_out = store.for_each_timeline(q, [&](const Timeline& t) { seen.push_back(t.entity_id); });
  return {left_out, seen};
}

bool has(const std::vector<std::string>& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
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

  TEST_CASE("after a sweep, settled contacts and breaches before every window are not read, and the card is the same") {
    KviDataset d;
    add_year(d);
    const auto settings = std::filesystem::path(SLACLOCK_SOURCE_DIR) / "config" / "kvi" / "dsc-kvi-2018.yaml";
    const KviConfig file = read_kvi_config(settings);
    {
      EventStore store = EventStore::open(d.build(), OpenMode::read_write);
      // The dataset's events were recorded and its rules loaded at
      // 2027-01-01: the sweep sees them all.
      SweepOptions sweep;
      sweep.as_of = parse_instant("2027-01-02T00:00:00Z");
      sweep.now = parse_instant("2027-01-03T00:00:00Z");
      run_sweep(store, sweep);
    }
    {
      const EventStore store = EventStore::open(d.build(), OpenMode::read_only);
      // Before 1 September 2026 (the window of November's quarter starts then).
      const auto [left_out, seen] = read_skipping(store, "2026-08-31T23:00:00Z");
      CHECK(left_out);
      CHECK_FALSE(has(seen, "C-END-1"));  // January, settled
      CHECK_FALSE(has(seen, "C-EASTER"));
      CHECK_FALSE(has(seen, "B-1"));
      CHECK(has(seen, "C-NEVER"));    // still running
      CHECK(has(seen, "C-OPEN"));     // still running
      CHECK(has(seen, "C-PARTIES"));  // resolved, its parties notice still running
      CHECK(has(seen, "C-END-8"));    // last event in September
      CHECK(has(seen, "C-REOPEN"));   // resolved again in October
      CHECK(has(seen, "B-2"));
      CHECK(has(seen, "K-6"));  // other kinds are always read
      CHECK(has(seen, "S-1"));
      CHECK(has(seen, "R-1"));
      // Nothing opened before 1 January: nothing left out.
      CHECK_FALSE(read_skipping(store, "2026-01-01T00:00:00Z").first);
      for (const char* month : {"2026-11", "2026-10", "2026-09", "2026-12"}) {
        CAPTURE(month);
        KviPackOptions o;
        o.month = parse_kvi_month(month);
        o.settings_file = settings;
        CHECK(everything(kvi_pack_from_store(store, o).card) == everything(d.scorecard(month, std::nullopt, file)));
      }
      KviPackOptions o;
      o.month = parse_kvi_month("2026-11");
      o.settings_file = settings;
      o.trend_months = 12;
      const KviPack pack = kvi_pack_from_store(store, o);
      for (std::size_t i = 0; i < pack.trend.size(); ++i)
        CHECK(everything(pack.trend[i]) ==
              everything(d.scorecard(format_kvi_month(pack.trend[i].month), std::nullopt, file)));
    }
    {
      // An event stored since the sweep (late feedback for a January
      // contact, happened in March): that contact is read again.
      EventStore store = EventStore::open(d.build(), OpenMode::read_write);
      const auto late = d.dir() / "late.jsonl";
      std::ofstream(late) << R"({"event_id":"late-1","kind":"contact","entity_id":"C-END-2","type":"feedback",)"
                          << R"("at":"2026-03-10T10:00:00Z","rating":"met"})"
                          << "\n";
      ImportRequest req;
      req.files = {late.string()};
      req.now = parse_instant("2027-01-03T12:00:00Z");
      import_events(store, req);
      const auto [left_out, seen] = read_skipping(store, "2026-08-31T23:00:00Z");
      CHECK(left_out);
      CHECK(has(seen, "C-END-2"));
      CHECK_FALSE(has(seen, "C-END-1"));
    }
    {
      // A rule version loaded after the sweep: its judgements no longer stand.
      EventStore store = EventStore::open(d.build(), OpenMode::read_write);
      const auto yaml = d.dir() / "later.yaml";
      std::ofstream(yaml) << rule_version_yaml("dsc-kvi-2027", "2027-06-01");
      load_rules_file_version(store, yaml, parse_instant("2027-01-04T00:00:00Z"));
      const auto [left_out, seen] = read_skipping(store, "2026-08-31T23:00:00Z");
      CHECK_FALSE(left_out);
      CHECK(has(seen, "C-END-1"));
    }
  }

  TEST_CASE("CLI: kvi prints the same before and after a sweep lets it leave settled contacts unread") {
    CliDatabase w("one-pass.db");
    REQUIRE(w.run("init").exit_code == 0);
    std::string lines;
    // January contacts, settled; one never acknowledged; a November one.
    for (int i = 1; i <= 5; ++i)
      lines += R"({"event_id":"r)" + std::to_string(i) + R"(","kind":"contact","entity_id":"C-)" + std::to_string(i) +
               R"(","type":"received","at":"2026-01-0)" + std::to_string(i + 4) +
               R"(T10:00:00Z","customer":"Acme Gas","customer_class":"shipper"})" + "\n" + R"({"event_id":"x)" +
               std::to_string(i) + R"(","kind":"contact","entity_id":"C-)" + std::to_string(i) +
               R"(","type":"resolved","at":"2026-01-0)" + std::to_string(i + 4) + R"(T15:00:00Z"})" + "\n";
    lines +=
        R"({"event_id":"r9","kind":"contact","entity_id":"C-9","type":"received","at":"2026-02-02T10:00:00Z","customer":"Acme Gas","customer_class":"shipper"})"
        "\n";
    lines +=
        R"({"event_id":"r10","kind":"contact","entity_id":"C-10","type":"received","at":"2026-11-03T10:00:00Z","customer":"Acme Gas","customer_class":"shipper"})"
        "\n";
    lines +=
        R"({"event_id":"f10","kind":"contact","entity_id":"C-10","type":"feedback","at":"2026-11-04T10:00:00Z","rating":"met"})"
        "\n";
    // Recorded before the sweep's as-of, so that it sees them whole.
    const CliResult imported =
        w.run("import --recorded-at 2026-11-30T12:00:00Z " + shell_quote(w.file("events.jsonl", lines)));
    INFO(imported.err);
    REQUIRE(imported.exit_code == 0);
    const std::string kvi = "kvi --month 2026-11 --format json --utc";
    const CliResult before = w.run(kvi);
    REQUIRE(before.exit_code == 0);
    REQUIRE(w.run("sweep --as-of 2026-12-01T00:00:00Z --quiet").exit_code <= 1);
    {
      // The store now leaves the January contacts out (before 1 September).
      const EventStore store = EventStore::open(w.db, OpenMode::read_only);
      const auto [left_out, seen] = read_skipping(store, "2026-08-31T23:00:00Z");
      CHECK(left_out);
      CHECK(seen == std::vector<std::string>{"C-10", "C-9"});
    }
    const CliResult after = w.run(kvi);
    REQUIRE(after.exit_code == 0);
    CHECK(after.out == before.out);
    CHECK(after.out.find("C-9") != std::string::npos);  // overdue: never acknowledged
    CHECK(w.run("kvi --month 2026-11 --format html").out == w.run("kvi --month 2026-11 --format html").out);
  }
}
