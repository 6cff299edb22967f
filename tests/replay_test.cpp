// replay_entity and stored_sweep_results through the library: what an auditor
// sees when asking "what did slaclock know, and what did it say, at T?".
//
// C-1 is received Thu 2024-03-28 16:00 GMT (england-and-wales, Mon-Fri
// 09:00-17:00 Europe/London; Good Friday and Easter Monday are holidays; BST
// from Sun 31 Mar): acknowledge due Tue 2 Apr 12:00 BST (11:00Z) after 1h on
// Thu and 3h on Tue; initial_response due Fri 5 Apr 17:00 BST (16:00Z).
#include "ops_test_support.h"

#include <slaclock/base/error.h>
#include <slaclock/config/rule_loader.h>
#include <slaclock/ops/sweep.h>

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace slaclock {
namespace {

using namespace ops_test;

// The acknowledgement happened Tue 2 Apr 11:00 BST, in time, but was recorded
// only Wed 3 Apr 09:00 BST; the resolution happened and was recorded Thu 4
// Apr 10:00 BST.
const std::string received_c1 = received("E1", "C-1", "2024-03-28T16:00:00Z", "2024-03-28T16:05:00Z", "Acme Gas");
const std::string late_ack =
    acknowledged("E2", "C-1", "2024-04-02T11:00:00+01:00", "2024-04-03T09:00:00+01:00", "2024-04-08T17:00:00+01:00");
const std::string resolved_c1 =
    contact_event("E3", "C-1", "resolved", "2024-04-04T10:00:00+01:00", "2024-04-04T10:00:00+01:00");

Replay replay(const EventStore& store, const std::string& entity, const std::string& as_of, bool as_known) {
  ReplayOptions o;
  o.as_of = at(as_of);
  o.as_known = as_known;
  return replay_entity(store, entity, o);
}

/// "received acknowledged ..." for the events the replay used.
std::string event_types(const Replay& r) {
  std::string out;
  for (const auto& e : r.timeline.events) out += (out.empty() ? "" : " ") + std::string(event_type_name(e.type));
  return out;
}

}  // namespace

TEST_SUITE("replay") {
  TEST_CASE("plain replay uses every event that happened by as_of and as_known only those recorded by then") {
    OpsStore w;
    w.import(received_c1 + late_ack + resolved_c1);

    SUBCASE("plain, Tue 2 Apr 13:00 BST: with hindsight the acknowledgement was in time") {
      const Replay r = replay(w.store, "C-1", "2024-04-02T13:00:00+01:00", false);
      CHECK(r.timeline.entity_id == "C-1");
      CHECK(r.timeline.kind == EntityKind::contact);
      // The resolution (Thu 4 Apr) had not happened yet.
      CHECK(event_types(r) == "received acknowledged");
      REQUIRE(r.clocks.size() == 5);
      const ClockResult ack = must_find(r.clocks, "C-1", "acknowledge");
      CHECK(status_of(ack) == "met");
      CHECK(utc(ack.stopped_at) == "2024-04-02T10:00:00Z");
      CHECK(utc(ack.due_at) == "2024-04-02T11:00:00Z");
      const ClockResult updates = must_find(r.clocks, "C-1", "regular_updates");
      CHECK(status_of(updates) == "pending");
      CHECK(utc(updates.started_at) == "2024-04-02T10:00:00Z");
      CHECK(status_of(must_find(r.clocks, "C-1", "initial_response")) == "pending");
    }
    SUBCASE("as known, Tue 2 Apr 13:00 BST: the acknowledgement was not recorded yet") {
      const Replay r = replay(w.store, "C-1", "2024-04-02T13:00:00+01:00", true);
      CHECK(event_types(r) == "received");
      const ClockResult ack = must_find(r.clocks, "C-1", "acknowledge");
      CHECK(status_of(ack) == "breached");
      CHECK(utc(ack.stopped_at) == "");
      CHECK(status_of(must_find(r.clocks, "C-1", "regular_updates")) == "not_applicable");
    }
    SUBCASE("as known, either side of the instant the acknowledgement was recorded") {
      const Replay before = replay(w.store, "C-1", "2024-04-03T08:59:59+01:00", true);
      CHECK(event_types(before) == "received");
      CHECK(status_of(must_find(before.clocks, "C-1", "acknowledge")) == "breached");
      const Replay on = replay(w.store, "C-1", "2024-04-03T09:00:00+01:00", true);
      CHECK(event_types(on) == "received acknowledged");
      CHECK(status_of(must_find(on.clocks, "C-1", "acknowledge")) == "met");
      CHECK(utc(must_find(on.clocks, "C-1", "acknowledge").stopped_at) == "2024-04-02T10:00:00Z");
    }
    SUBCASE("plain, Fri 5 Apr noon: resolved Thu 4 Apr 10:00 BST, before both dues") {
      const Replay r = replay(w.store, "C-1", "2024-04-05T12:00:00+01:00", false);
      CHECK(event_types(r) == "received acknowledged resolved");
      const ClockResult ir = must_find(r.clocks, "C-1", "initial_response");
      CHECK(status_of(ir) == "met");
      CHECK(utc(ir.stopped_at) == "2024-04-04T09:00:00Z");
      CHECK(utc(ir.due_at) == "2024-04-05T16:00:00Z");
      CHECK(status_of(must_find(r.clocks, "C-1", "resolution")) == "met");
      CHECK(status_of(must_find(r.clocks, "C-1", "regular_updates")) == "met");
    }
  }

  TEST_CASE("stored_sweep_results equals a replay as known at that sweep's as_of") {
    SUBCASE("a contact corrected after the sweep") {
      OpsStore w;
      w.import(received_c1);
      w.sweep("2024-04-02T13:00:00+01:00");
      w.import(late_ack + resolved_c1);  // learned of after the sweep

      const auto stored = w.stored("C-1", "2024-04-02T13:00:00+01:00");
      REQUIRE(stored.size() == 5);
      const Replay known = replay(w.store, "C-1", "2024-04-02T13:00:00+01:00", true);
      CHECK(same_records(by_clock_name(known.clocks), stored));
      CHECK(status_of(must_find(stored, "C-1", "acknowledge")) == "breached");

      // Hindsight disagrees with the record: that is the point of as_known.
      const Replay hindsight = replay(w.store, "C-1", "2024-04-02T13:00:00+01:00", false);
      CHECK_FALSE(same_records(by_clock_name(hindsight.clocks), stored));
      CHECK(status_of(must_find(hindsight.clocks, "C-1", "acknowledge")) == "met");

      // No sweep at that instant, or an entity the sweep never saw: nothing stored.
      CHECK(w.stored("C-1", "2024-04-02T13:00:01+01:00").empty());
      CHECK(w.stored("C-404", "2024-04-02T13:00:00+01:00").empty());
    }
    SUBCASE("a KPI result whose earlier months were recorded late") {
      OpsStore w;
      // The same P1 KPI missed for January, February and March 2024. March's
      // result arrived Fri 5 Apr 10:00 BST; January's and February's were only
      // recorded on 20 Apr, after the sweep of Wed 10 Apr.
      w.import(kpi_result("K3", "K-3", "2024-04-05T10:00:00+01:00", "2024-04-05T10:00:00+01:00", "Data accuracy",
                          "2024-03", false) +
               kpi_result("K1", "K-1", "2024-02-05T10:00:00Z", "2024-04-20T10:00:00+01:00", "Data accuracy", "2024-01",
                          false) +
               kpi_result("K2", "K-2", "2024-03-05T10:00:00Z", "2024-04-20T10:00:00+01:00", "Data accuracy", "2024-02",
                          false));
      w.sweep("2024-04-10T12:00:00+01:00");

      const auto stored = w.stored("K-3", "2024-04-10T12:00:00+01:00");
      REQUIRE(stored.size() == 2);
      CHECK(same_records(by_clock_name(replay(w.store, "K-3", "2024-04-10T12:00:00+01:00", true).clocks), stored));
      // As known then, March was the only miss: one month, within the limit of
      // two, judged (met) when the result arrived.
      const ClockResult run = must_find(stored, "K-3", "kpi_consecutive");
      CHECK(status_of(run) == "met");
      CHECK(utc(run.started_at) == "2024-04-05T09:00:00Z");
      CHECK(utc(run.due_at) == "2024-04-05T09:00:00Z");
      CHECK(utc(run.stopped_at) == "2024-04-05T09:00:00Z");
      // Miss notice, 2 business days from Fri 5 Apr (day 0): Mon 8, Tue 9 ->
      // due Tue 9 Apr 17:00 BST = 16:00Z; nobody was told, so breached on Wed.
      const ClockResult notice = must_find(stored, "K-3", "kpi_miss_notice");
      CHECK(status_of(notice) == "breached");
      CHECK(utc(notice.due_at) == "2024-04-09T16:00:00Z");
      CHECK(notice.kind == EntityKind::kpi);

      // With hindsight January-March is three months running: more than two,
      // missed at the result (a judgement, stopped there).
      const Replay hindsight = replay(w.store, "K-3", "2024-04-10T12:00:00+01:00", false);
      const ClockResult now_run = must_find(hindsight.clocks, "K-3", "kpi_consecutive");
      CHECK(status_of(now_run) == "missed");
      CHECK(utc(now_run.stopped_at) == "2024-04-05T09:00:00Z");
    }
  }

  TEST_CASE("an unknown entity or one not recorded by as_of when as_known is an InputError") {
    OpsStore w;
    w.import(received_c1);
    try {
      replay(w.store, "NOPE", "2024-04-02T13:00:00+01:00", false);
      FAIL("replayed an unknown entity");
    } catch (const InputError& e) {
      CHECK(e.where().field == "ENTITY");
    }
    CHECK_THROWS_AS(replay(w.store, "NOPE", "2024-04-02T13:00:00+01:00", true), InputError);
    // C-1 was received at 16:00Z but recorded at 16:05Z: as known at 16:01 it did not exist.
    CHECK_THROWS_AS(replay(w.store, "C-1", "2024-03-28T16:01:00Z", true), InputError);
    const Replay plain = replay(w.store, "C-1", "2024-03-28T16:01:00Z", false);
    CHECK(plain.clocks.size() == 5);
    CHECK(status_of(must_find(plain.clocks, "C-1", "acknowledge")) == "pending");
    CHECK(plain.rule_version == "dsc-kvi-2020");
  }

  TEST_CASE("rule_version and rule_sha256 and calendar name the rules the entity was judged by") {
    OpsStore w;
    // Medium breaches either side of the 2020 rules taking effect (2020-04-01
    // 00:00 BST): BR-1 is judged by dsc-kvi-2018 (4-hour notification for every
    // severity), BR-2 by dsc-kvi-2020 (medium breaches are reported monthly).
    w.import(received_c1 +
             breach_identified("B1", "BR-1", "2020-03-31T10:00:00+01:00", "2020-03-31T10:00:00+01:00", "medium",
                               "Acme Gas") +
             breach_identified("B2", "BR-2", "2020-04-01T10:00:00+01:00", "2020-04-01T10:00:00+01:00", "medium",
                               "Acme Gas"));
    const auto versions = stored_rule_versions(w.store);
    REQUIRE(versions.size() == 2);
    REQUIRE(versions[0].version == "dsc-kvi-2018");
    REQUIRE(versions[1].version == "dsc-kvi-2020");
    const std::string sha2018 = read_rule_set(rules_dir() / "dsc-kvi-2018.yaml").content_sha256;
    const std::string sha2020 = read_rule_set(rules_dir() / "dsc-kvi-2020.yaml").content_sha256;
    CHECK(versions[0].content_sha256 == sha2018);
    CHECK(versions[1].content_sha256 == sha2020);
    CHECK(sha2018 != sha2020);

    const Replay c1 = replay(w.store, "C-1", "2024-04-02T13:00:00+01:00", false);
    CHECK(c1.rule_version == "dsc-kvi-2020");
    CHECK(c1.rule_sha256 == sha2020);
    CHECK(c1.rule_sha256.size() == 64);
    CHECK(c1.calendar == "england-and-wales");
    REQUIRE(c1.zone);  // the judged calendar's zone, which the CLI prints its instants in
    CHECK(c1.zone->name() == "Europe/London");

    const Replay br1 = replay(w.store, "BR-1", "2020-04-01T12:00:00+01:00", false);
    CHECK(br1.rule_version == "dsc-kvi-2018");
    CHECK(br1.rule_sha256 == sha2018);
    CHECK(br1.calendar == "england-and-wales");
    // Notification due 4 elapsed hours after Tue 31 Mar 10:00 BST: 14:00 BST = 13:00Z.
    const ClockResult notification = must_find(br1.clocks, "BR-1", "breach_notification");
    CHECK(status_of(notification) == "breached");
    CHECK(utc(notification.due_at) == "2020-03-31T13:00:00Z");
    CHECK(notification.customer == "Acme Gas");

    const Replay br2 = replay(w.store, "BR-2", "2020-04-01T12:00:00+01:00", false);
    CHECK(br2.rule_version == "dsc-kvi-2020");
    CHECK(br2.rule_sha256 == sha2020);
    CHECK(status_of(must_find(br2.clocks, "BR-2", "breach_notification")) == "not_applicable");
    CHECK(utc(must_find(br2.clocks, "BR-2", "breach_notification").due_at) == "");
    // Resolution, 2 business days from Wed 1 Apr 2020 (day 0): Thu 2, Fri 3 ->
    // Fri 3 Apr 17:00 BST = 16:00Z.
    CHECK(utc(must_find(br2.clocks, "BR-2", "breach_resolution").due_at) == "2020-04-03T16:00:00Z");

    // Before its opening event happened the entity has no clocks, so no rules.
    const Replay early = replay(w.store, "C-1", "2024-03-28T15:00:00Z", false);
    CHECK(early.clocks.empty());
    CHECK(early.timeline.events.empty());
    CHECK(early.rule_version == "");
    CHECK(early.rule_sha256 == "");
    CHECK(early.calendar == "");
    CHECK_FALSE(early.zone);
  }
}

}  // namespace slaclock
