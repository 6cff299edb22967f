// run_sweep through the library on a real SQLite file: what it stores, what it
// counts, what it skips, which events it may use, and when it refuses.
//
// Worked times used below (england-and-wales: Mon-Fri 09:00-17:00
// Europe/London; BST began Sun 2024-03-31; Good Friday 29 Mar and Easter
// Monday 1 Apr 2024 are holidays). A contact received Thu 2024-03-28 16:00 GMT:
//   acknowledge (4 business hours): Thu 16:00-17:00 (1h), then Tue 2 Apr
//     09:00-12:00 BST (3h) -> due Tue 12:00 BST = 11:00Z; at risk after 3h
//     (75%) -> Tue 11:00 BST = 10:00Z.
//   initial_response (4 business days; Thu is day 0): Tue 2, Wed 3, Thu 4,
//     Fri 5 -> due Fri 5 Apr 17:00 BST = 16:00Z. Allowance 1h + 4x8h = 33h;
//     75% = 24h45m -> Thu 1h, Tue 8h, Wed 8h, Thu 4 Apr 09:00 + 7h45m =
//     16:45 BST = 15:45Z.
//   resolution (7 business days): Tue 2 .. Wed 10 Apr -> due Wed 10 Apr
//     17:00 BST = 16:00Z. Allowance 1h + 7x8h = 57h; 75% = 42h45m -> Thu 1h,
//     Tue-Fri 32h, Mon 8 Apr 8h, Tue 9 Apr 09:00 + 1h45m = 10:45 BST = 09:45Z.
#include "ops_test_support.h"

#include <slaclock/base/error.h>
#include <slaclock/ops/replay.h>
#include <slaclock/ops/sweep.h>
#include <slaclock/store/audit.h>

// White-box: row counts of the sweep's own tables.
#include "../engine/src/store/event_store_internal.h"

#include <SQLiteCpp/Statement.h>
#include <doctest/doctest.h>

#include <cstddef>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace slaclock {
namespace {

using namespace ops_test;

// C-1 (Acme Gas) is never acknowledged; C-2 (Borealis) is acknowledged Tue
// 2 Apr 10:00 BST, in time.
const std::string contacts =
    received("E1", "C-1", "2024-03-28T16:00:00Z", "2024-03-28T16:05:00Z", "Acme Gas") +
    received("E2", "C-2", "2024-03-28T16:00:00Z", "2024-03-28T16:05:00Z", "Borealis") +
    acknowledged("E3", "C-2", "2024-04-02T10:00:00+01:00", "2024-04-02T10:01:00+01:00", "2024-04-05T17:00:00+01:00");

// Twelve contacts received, acknowledged and resolved on Mon 2024-03-25
// (GMT): every clock stopped, so each is settled after its first sweep.
std::string settled_contacts() {
  std::string out;
  for (int i = 1; i <= 12; ++i) {
    const std::string id = "S-" + std::to_string(i), e = "SE" + std::to_string(i);
    out += received(e + "a", id, "2024-03-25T09:00:00Z", "2024-03-25T09:00:00Z", "Acme Gas");
    out += acknowledged(e + "b", id, "2024-03-25T10:00:00Z", "2024-03-25T10:00:00Z", "2024-03-26T17:00:00Z");
    out += contact_event(e + "c", id, "resolved", "2024-03-25T11:00:00Z", "2024-03-25T11:00:00Z");
  }
  return out;
}

std::int64_t count_rows(const OpsStore& w, const std::string& table) {
  SQLite::Statement q(connection_of(w.store), "SELECT count(*) FROM " + table);
  q.executeStep();
  return q.getColumn(0).getInt64();
}

// Every row a sweep writes, in key order, as text (the wall-clock columns
// started_at and loaded_at aside): two databases swept alike give the same.
std::string sweep_tables(const OpsStore& w) {
  const char* queries[] = {
      "SELECT id, as_of, last_seq, evaluated, results_sha256, chain_sha256 FROM sweep_runs ORDER BY id",
      "SELECT * FROM sweep_versions ORDER BY sweep_id, kind, name",
      "SELECT id, name, content_sha256, yaml, source_file FROM calendar_versions ORDER BY id",
      "SELECT * FROM clock_results ORDER BY sweep_id, entity_id, clock",
      "SELECT * FROM clock_state ORDER BY entity_id, clock",
      "SELECT * FROM entity_state ORDER BY entity_id",
      "SELECT * FROM notices ORDER BY id",
      "SELECT * FROM clock_status_counts ORDER BY status"};
  std::string out;
  for (const char* sql : queries) {
    SQLite::Statement q(connection_of(w.store), sql);
    out += std::string(sql) + "\n";
    while (q.executeStep()) {
      for (int i = 0; i < q.getColumnCount(); ++i) {
        const auto c = q.getColumn(i);
        out += c.isNull() ? std::string("\x1e") : c.getString();
        out += '\x1f';
      }
      out += '\n';
    }
  }
  return out;
}

std::string summary_text(const SweepSummary& s) {
  std::string out = std::to_string(s.sweep_id) + " " + std::to_string(s.repeated) + " " +
                    std::to_string(s.entities_evaluated) + " " + std::to_string(s.entities_skipped) + " " +
                    std::to_string(s.new_notices) + "\n";
  for (const auto& [status, n] : s.clocks_by_status) out += clock_status_name(status) + (" " + std::to_string(n));
  out += "\n";
  for (const auto id : s.new_notice_ids) out += std::to_string(id) + " ";
  out += "\n";
  for (const auto& c : s.attention) out += c.entity_id + " " + clock_of(c) + " " + c.reason + "\n";
  return out;
}

std::size_t with_status(const SweepSummary& s, ClockStatus status) {
  const auto it = s.clocks_by_status.find(status);
  return it == s.clocks_by_status.end() ? 0 : it->second;
}

}  // namespace

TEST_SUITE("sweep") {
  TEST_CASE("run_sweep stores each evaluated clock and summarises the stored state") {
    OpsStore w;
    w.import(contacts);
    std::vector<std::size_t> progress;
    SweepOptions o;
    o.as_of = at("2024-04-02T12:00:01+01:00");  // one second after C-1's acknowledgement fell due
    o.now = wall_clock;
    o.progress = [&progress](std::size_t n) { progress.push_back(n); };
    const SweepSummary s = run_sweep(w.store, o);

    CHECK(s.sweep_id == 1);
    CHECK_FALSE(s.repeated);
    CHECK(s.entities_evaluated == 2);
    CHECK(s.entities_skipped == 0);
    REQUIRE_FALSE(progress.empty());
    CHECK(progress.back() == 2);  // the last report counts both entities

    // C-1: acknowledge breached, initial_response and resolution running but
    // below 75%, regular_updates and revised_resolution not applicable.
    // C-2: acknowledge met; the other three running clocks pending.
    CHECK(with_status(s, ClockStatus::breached) == 1);
    CHECK(with_status(s, ClockStatus::met) == 1);
    CHECK(with_status(s, ClockStatus::pending) == 5);
    CHECK(with_status(s, ClockStatus::not_applicable) == 3);
    CHECK(s.clocks_by_status.size() == 4);  // no at_risk or missed key at all
    CHECK(s.anything_breached());
    CHECK(s.new_notices == 1);  // C-1 acknowledge breached
    REQUIRE(s.attention.size() == 1);
    CHECK(s.attention[0].entity_id == "C-1");
    CHECK(clock_of(s.attention[0]) == "acknowledge");

    const auto c1 = w.stored("C-1", "2024-04-02T12:00:01+01:00");
    REQUIRE(c1.size() == 5);
    // Stored in clock-name order.
    CHECK(keys_of(c1) ==
          "C-1/acknowledge C-1/initial_response C-1/regular_updates C-1/resolution C-1/revised_resolution");
    const ClockResult& ack = c1[0];
    CHECK(status_of(ack) == "breached");
    CHECK(utc(ack.started_at) == "2024-03-28T16:00:00Z");
    CHECK(utc(ack.due_at) == "2024-04-02T11:00:00Z");
    CHECK(utc(ack.at_risk_at) == "2024-04-02T10:00:00Z");
    CHECK(utc(ack.stopped_at) == "");
    CHECK(ack.rule_version == "dsc-kvi-2020");  // received after 2020-04-01
    CHECK(ack.calendar == "england-and-wales");
    CHECK(ack.customer == "Acme Gas");
    CHECK(ack.kind == EntityKind::contact);
    CHECK(status_of(c1[1]) == "pending");
    CHECK(utc(c1[1].due_at) == "2024-04-05T16:00:00Z");
    CHECK(utc(c1[1].at_risk_at) == "2024-04-04T15:45:00Z");
    CHECK(status_of(c1[2]) == "not_applicable");  // regular updates start at acknowledgement
    CHECK(utc(c1[2].due_at) == "");
    CHECK(status_of(c1[3]) == "pending");
    CHECK(utc(c1[3].due_at) == "2024-04-10T16:00:00Z");
    CHECK(utc(c1[3].at_risk_at) == "2024-04-09T09:45:00Z");
    CHECK(status_of(c1[4]) == "not_applicable");

    const auto c2 = w.stored("C-2", "2024-04-02T12:00:01+01:00");
    REQUIRE(c2.size() == 5);
    const ClockResult ack2 = must_find(c2, "C-2", "acknowledge");
    CHECK(status_of(ack2) == "met");
    CHECK(utc(ack2.stopped_at) == "2024-04-02T09:00:00Z");  // 10:00 BST
    // Regular updates from the acknowledgement, Tue 2 Apr 10:00 BST (day 0):
    // Wed 3, Thu 4, Fri 5, Mon 8, Tue 9 -> due Tue 9 Apr 17:00 BST = 16:00Z.
    // Allowance 7h + 5x8h = 47h; 75% = 35h15m -> Tue 7h, Wed-Fri 24h, Mon 8 Apr
    // 09:00 + 4h15m = 13:15 BST = 12:15Z.
    const ClockResult updates = must_find(c2, "C-2", "regular_updates");
    CHECK(status_of(updates) == "pending");
    CHECK(utc(updates.started_at) == "2024-04-02T09:00:00Z");
    CHECK(utc(updates.due_at) == "2024-04-09T16:00:00Z");
    CHECK(utc(updates.at_risk_at) == "2024-04-08T12:15:00Z");

    CHECK(latest_sweep_as_of(w.store) == at("2024-04-02T12:00:01+01:00"));
    CHECK(events_since_last_sweep(w.store) == 0);
    CHECK(count_rows(w, "sweep_runs") == 1);
    CHECK(count_rows(w, "clock_results") == 10);
    // clock_state holds the running clocks only: C-1's acknowledge (breached),
    // initial_response and resolution; C-2's initial_response, regular_updates
    // and resolution.
    CHECK(count_rows(w, "clock_state") == 6);
  }

  TEST_CASE("a sweep before anything is due stores no breach and raises no notice") {
    OpsStore w;
    w.import(contacts);
    CHECK_FALSE(latest_sweep_as_of(w.store).has_value());
    CHECK(events_since_last_sweep(w.store) == 3);  // nothing swept yet
    // Thu 28 Mar 16:30 GMT: half an hour into C-1's 4 business hours (12.5%);
    // C-2's acknowledgement is not recorded until 2 Apr, so it is like C-1.
    const SweepSummary s = w.sweep("2024-03-28T16:30:00Z");
    CHECK(s.entities_evaluated == 2);
    CHECK(with_status(s, ClockStatus::pending) == 6);
    CHECK(with_status(s, ClockStatus::not_applicable) == 4);
    CHECK(s.clocks_by_status.size() == 2);
    CHECK_FALSE(s.anything_breached());
    CHECK(s.new_notices == 0);
    CHECK(s.attention.empty());
    CHECK(status_of(must_find(w.stored("C-2", "2024-03-28T16:30:00Z"), "C-2", "acknowledge")) == "pending");
  }

  TEST_CASE("a repeated sweep at the same as_of changes nothing") {
    OpsStore w;
    w.import(contacts);
    const SweepSummary first = w.sweep("2024-04-02T13:00:00+01:00");
    const auto c1_before = w.stored("C-1", "2024-04-02T13:00:00+01:00");
    const auto c2_before = w.stored("C-2", "2024-04-02T13:00:00+01:00");
    REQUIRE(c1_before.size() == 5);
    CHECK(first.new_notices == 1);

    const SweepSummary again = w.sweep("2024-04-02T13:00:00+01:00");
    CHECK(again.repeated);
    CHECK(again.sweep_id == first.sweep_id);
    CHECK(again.new_notices == 0);
    CHECK(again.clocks_by_status == first.clocks_by_status);
    CHECK(again.anything_breached());
    CHECK(w.stored("C-1", "2024-04-02T13:00:00+01:00") == c1_before);
    CHECK(w.stored("C-2", "2024-04-02T13:00:00+01:00") == c2_before);
    CHECK(count_rows(w, "sweep_runs") == 1);
    CHECK(count_rows(w, "notices") == 1);
    CHECK(count_rows(w, "clock_results") == 10);
  }

  TEST_CASE("notices: at_risk and breached and notify_customers are each raised once per clock") {
    OpsStore w;
    // BR-1, a high breach identified Thu 2024-03-28 16:00 GMT alongside C-1:
    //   breach_notification (4 elapsed hours) due 20:00Z, at risk after 3h at 19:00Z;
    //   breach_resolution (2 business days: Tue 2, Wed 3) due Wed 3 Apr 17:00 BST.
    w.import(contacts +
             breach_identified("B1", "BR-1", "2024-03-28T16:00:00Z", "2024-03-28T16:00:00Z", "high", "Acme Gas"));

    // 16:30Z: the notification clock runs and customers are still to be told.
    const SweepSummary a = w.sweep("2024-03-28T16:30:00Z");
    CHECK(a.new_notices == 1);
    CHECK(a.attention.empty());  // notify_customers is a notice, not a clock needing attention

    // 19:00Z exactly: 75% of the 4 hours used -> at_risk.
    const SweepSummary b = w.sweep("2024-03-28T19:00:00Z");
    CHECK(b.new_notices == 1);
    CHECK(with_status(b, ClockStatus::at_risk) == 1);
    REQUIRE(b.attention.size() == 1);
    CHECK(b.attention[0].entity_id == "BR-1");
    CHECK(clock_of(b.attention[0]) == "breach_notification");
    CHECK(status_of(b.attention[0]) == "at_risk");
    CHECK(utc(b.attention[0].due_at) == "2024-03-28T20:00:00Z");

    // One second after 20:00Z: breached.
    const SweepSummary c = w.sweep("2024-03-28T20:00:01Z");
    CHECK(c.new_notices == 1);
    CHECK(with_status(c, ClockStatus::breached) == 1);

    // Tue 2 Apr 12:00:01 BST: C-1's acknowledgement breaches (new); BR-1's
    // notification is still breached (already noticed). No sweep fell inside
    // C-1's at-risk hour, so it never had an at_risk notice.
    const SweepSummary d = w.sweep("2024-04-02T12:00:01+01:00");
    CHECK(d.new_notices == 1);
    CHECK(with_status(d, ClockStatus::breached) == 2);
    REQUIRE(d.attention.size() == 2);
    // Soonest due first: BR-1 notification (28 Mar 20:00Z), C-1 ack (2 Apr 11:00Z).
    CHECK(keys_of(d.attention) == "BR-1/breach_notification C-1/acknowledge");

    const SweepSummary e = w.sweep("2024-04-02T12:00:01+01:00");
    CHECK(e.repeated);
    CHECK(e.new_notices == 0);
    CHECK(count_rows(w, "notices") == 4);
    CHECK(count_rows(w, "sweep_runs") == 4);
  }

  TEST_CASE("an incremental sweep skips settled entities and judges changed ones again") {
    OpsStore w;
    w.import(settled_contacts() + contacts);

    // First sweep: no entity has been judged yet.
    const SweepSummary first = w.sweep("2024-04-02T13:00:00+01:00");
    CHECK(first.entities_evaluated == 14);
    CHECK(first.entities_skipped == 0);

    // Second: only C-1 and C-2 are open (fetched one by one by index).
    const SweepSummary second = w.sweep("2024-04-03T13:00:00+01:00");
    CHECK(second.entities_evaluated == 2);
    CHECK(second.entities_skipped == 12);
    // Not judged by this sweep: what stands for it is its last stored
    // judgement, the first sweep's, and no row was written for it.
    CHECK(w.stored("S-1", "2024-04-03T13:00:00+01:00") == w.stored("S-1", "2024-04-02T13:00:00+01:00"));
    CHECK(count_rows(w, "clock_results WHERE entity_id = 'S-1'") == 5);
    CHECK(w.stored("C-1", "2024-04-03T13:00:00+01:00").size() == 5);
    // The skipped entities' clocks still count in the stored state:
    // 12 x (4 met + revised_resolution n/a), C-1 ack breached, C-2 ack met.
    CHECK(with_status(second, ClockStatus::met) == 49);

    // A new event on a settled contact brings it back (3 candidates of 14 is
    // enough to take the streamed pass, which skips the settled ones itself).
    w.import(contact_event("SE1d", "S-1", "reopened", "2024-04-03T14:00:00+01:00", "2024-04-03T14:00:00+01:00"));
    const SweepSummary third = w.sweep("2024-04-04T13:00:00+01:00");
    CHECK(third.entities_evaluated == 3);
    CHECK(third.entities_skipped == 11);
    CHECK(w.stored("S-2", "2024-04-04T13:00:00+01:00") == w.stored("S-2", "2024-04-02T13:00:00+01:00"));
    CHECK(count_rows(w, "clock_results WHERE entity_id = 'S-2'") == 5);

    // S-1 was received Mon 25 Mar 09:00 GMT (day 0). Reopened, its clocks run
    // against their original due:
    //   initial_response: Tue 26, Wed 27, Thu 28, (Good Friday, Easter
    //     Monday) Tue 2 Apr -> due Tue 2 Apr 17:00 BST = 16:00Z: breached.
    //   resolution: ... Wed 3, Thu 4, Fri 5 -> due Fri 5 Apr 16:00Z. Allowance
    //     8h + 7x8h = 64h; 75% = 48h = six whole business days -> at risk at
    //     the close of Wed 3 Apr, 17:00 BST = 16:00Z: at_risk at Thu 4 13:00.
    //   acknowledge stays met: the reopen does not restart it.
    const auto s1 = w.stored("S-1", "2024-04-04T13:00:00+01:00");
    REQUIRE(s1.size() == 5);
    const ClockResult ir = must_find(s1, "S-1", "initial_response");
    CHECK(status_of(ir) == "breached");
    CHECK(utc(ir.due_at) == "2024-04-02T16:00:00Z");
    CHECK(utc(ir.stopped_at) == "");
    const ClockResult res = must_find(s1, "S-1", "resolution");
    CHECK(status_of(res) == "at_risk");
    CHECK(utc(res.due_at) == "2024-04-05T16:00:00Z");
    CHECK(utc(res.at_risk_at) == "2024-04-03T16:00:00Z");
    const ClockResult ack = must_find(s1, "S-1", "acknowledge");
    CHECK(status_of(ack) == "met");
    CHECK(utc(ack.stopped_at) == "2024-03-25T10:00:00Z");

    // full = true judges every entity, settled or not.
    const SweepSummary full = w.sweep("2024-04-05T13:00:00+01:00", true);
    CHECK(full.entities_evaluated == 14);
    CHECK(full.entities_skipped == 0);
    CHECK(w.stored("S-2", "2024-04-05T13:00:00+01:00").size() == 5);
  }

  TEST_CASE("a sweep stores only the clocks whose judgement changed, and every sweep's judgement stays replayable") {
    OpsStore w;
    w.import(settled_contacts() + contacts);
    const std::string a = "2024-04-02T13:00:00+01:00", b = "2024-04-03T13:00:00+01:00";
    w.sweep(a);
    CHECK(count_rows(w, "clock_results WHERE sweep_id = 1") == 70);  // 14 entities x 5 clocks
    const auto c1_at_a = w.stored("C-1", a);

    // A full sweep a day later judges every entity again but stores only what
    // changed: the six running clocks, whose reasons moved on (C-1's
    // acknowledge is a day more overdue, the others' allowance more used).
    const SweepSummary full = w.sweep(b, true);
    CHECK(full.entities_evaluated == 14);
    CHECK(count_rows(w, "clock_results WHERE sweep_id = 2") == 6);
    CHECK(count_rows(w, "clock_results WHERE sweep_id = 2 AND status NOT IN ('pending', 'at_risk', 'breached')") == 0);
    CHECK(count_rows(w, "clock_state") == 6);
    // The summary still counts every clock's current judgement.
    CHECK(with_status(full, ClockStatus::met) == 49);
    CHECK(with_status(full, ClockStatus::breached) == 1);

    // Each sweep's judgement is each clock's last row at or before it, and it
    // is what a replay as known then gives.
    CHECK(w.stored("C-1", a) == c1_at_a);
    for (const char* id : {"C-1", "C-2", "S-1"})
      for (const std::string& when : {a, b}) {
        CAPTURE(id);
        CAPTURE(when);
        REQUIRE(w.stored(id, when).size() == 5);
        ReplayOptions o;
        o.as_of = at(when);
        o.as_known = true;
        const Replay r = replay_entity(w.store, id, o);
        CHECK(compare_with_stored_sweep(w.store, r, at(when)).matches());
      }
    CHECK(w.stored("C-1", b) != c1_at_a);
    CHECK(w.stored("S-1", b) == w.stored("S-1", a));

    // The second sweep's seal covers its six rows: verify sees an edit.
    CHECK(audit_store(w.store, {}).intact());
    SQLite::Statement edit(connection_of(w.store),
                           "UPDATE clock_results SET reason = reason || '.' WHERE sweep_id = 2 AND entity_id = 'C-2' "
                           "AND clock = 'resolution'");
    CHECK(edit.exec() == 1);
    const AuditReport after = audit_store(w.store, {});
    CHECK_FALSE(after.intact());
    REQUIRE(after.part("sweeps") != nullptr);
    CHECK(after.part("sweeps")->problem.value_or("").find("sweep 2") != std::string::npos);
  }

  TEST_CASE("an incremental sweep judges what earlier sweeps could not see once it is recorded") {
    OpsStore w;
    // Stored before any sweep but recorded later: L-1 entirely (recorded Fri
    // 5 Apr), and S-1's reopening (recorded Thu 4 Apr).
    w.import(settled_contacts() + contacts +
             received("EL1", "L-1", "2024-04-01T10:00:00Z", "2024-04-05T09:00:00Z", "Acme Gas") +
             contact_event("SE1d", "S-1", "reopened", "2024-04-02T14:00:00+01:00", "2024-04-04T14:00:00+01:00"));
    const std::string a = "2024-04-02T13:00:00+01:00", b = "2024-04-03T13:00:00+01:00", c = "2024-04-05T13:00:00+01:00";
    const SweepSummary first = w.sweep(a);
    CHECK(first.entities_evaluated == 14);  // L-1 unseen
    CHECK(w.stored("L-1", a).empty());
    CHECK(status_of(must_find(w.stored("S-1", a), "S-1", "initial_response")) == "met");

    // Still unseen: only the open contacts and the two held back are read.
    const SweepSummary second = w.sweep(b);
    CHECK(second.entities_evaluated == 3);  // C-1, C-2 and S-1 (not all of it visible); L-1 still unseen
    CHECK(second.entities_skipped == 11);   // 15 entities, 4 to look at (L-1 held)
    CHECK(w.stored("L-1", b).empty());

    const SweepSummary third = w.sweep(c);
    CHECK(third.entities_evaluated == 4);
    REQUIRE(w.stored("L-1", c).size() == 5);
    CHECK(status_of(must_find(w.stored("S-1", c), "S-1", "initial_response")) == "breached");
    // S-1 has now been judged whole and is still open: judged again next night.
    CHECK(w.sweep("2024-04-06T13:00:00+01:00").entities_evaluated == 4);
  }

  TEST_CASE("a sweep at T uses only the events recorded by T") {
    OpsStore w;
    // C-1 was in fact acknowledged Tue 2 Apr 11:00 BST, in time, but slaclock
    // learned of it only on Wed 3 Apr 09:00 BST; both are imported up front.
    w.import(contacts + acknowledged("E9", "C-1", "2024-04-02T11:00:00+01:00", "2024-04-03T09:00:00+01:00",
                                     "2024-04-08T17:00:00+01:00"));

    const SweepSummary before = w.sweep("2024-04-02T13:00:00+01:00");
    CHECK(before.anything_breached());
    const ClockResult blind = must_find(w.stored("C-1", "2024-04-02T13:00:00+01:00"), "C-1", "acknowledge");
    CHECK(status_of(blind) == "breached");
    CHECK(utc(blind.stopped_at) == "");
    CHECK(status_of(must_find(w.stored("C-1", "2024-04-02T13:00:00+01:00"), "C-1", "regular_updates")) ==
          "not_applicable");

    // At exactly the instant it was recorded, the acknowledgement counts.
    const SweepSummary known = w.sweep("2024-04-03T09:00:00+01:00");
    CHECK_FALSE(known.anything_breached());
    const auto c1 = w.stored("C-1", "2024-04-03T09:00:00+01:00");
    const ClockResult ack = must_find(c1, "C-1", "acknowledge");
    CHECK(status_of(ack) == "met");
    CHECK(utc(ack.stopped_at) == "2024-04-02T10:00:00Z");
    // Updates now run from the acknowledgement (11:00 BST = 10:00Z).
    CHECK(status_of(must_find(c1, "C-1", "regular_updates")) == "pending");
    CHECK(utc(must_find(c1, "C-1", "regular_updates").started_at) == "2024-04-02T10:00:00Z");

    // An event imported after the sweep is reported as not yet swept.
    w.import(contact_event("E10", "C-1", "resolved", "2024-04-03T10:00:00+01:00", "2024-04-03T10:00:00+01:00"));
    CHECK(events_since_last_sweep(w.store) == 1);
  }

  TEST_CASE("an as_of earlier than the last sweep is refused and stores nothing, and preview_sweep judges it") {
    OpsStore w;
    w.import(settled_contacts() + contacts);
    CHECK(w.sweep("2024-04-03T13:00:00+01:00").entities_evaluated == 14);
    const SweepSummary later = w.sweep("2024-04-04T13:00:00+01:00");
    CHECK(later.entities_skipped == 12);
    CHECK(later.anything_breached());

    // Tue 2 Apr 11:30 BST: between C-1's at-risk instant (11:00) and its due (12:00).
    CHECK_THROWS_AS(w.sweep("2024-04-02T11:30:00+01:00"), InputError);
    CHECK(w.stored("C-1", "2024-04-02T11:30:00+01:00").empty());
    CHECK(latest_sweep_as_of(w.store) == at("2024-04-04T13:00:00+01:00"));  // still the latest as_of

    SweepOptions o;
    o.as_of = at("2024-04-02T11:30:00+01:00");
    const SweepSummary earlier = preview_sweep(w.store, o);
    CHECK(earlier.sweep_id == 0);
    CHECK(earlier.entities_evaluated == 14);
    // 12 settled x 4 met + C-2 ack met = 49; 12 x revised n/a + C-1's two + C-2's
    // revised = 15; C-1 initial_response and resolution, C-2 initial_response,
    // resolution and regular_updates = 5 pending; C-1 ack at_risk.
    CHECK(with_status(earlier, ClockStatus::met) == 49);
    CHECK(with_status(earlier, ClockStatus::not_applicable) == 15);
    CHECK(with_status(earlier, ClockStatus::pending) == 5);
    CHECK(with_status(earlier, ClockStatus::at_risk) == 1);
    CHECK_FALSE(earlier.anything_breached());
    CHECK(w.stored("C-1", "2024-04-02T11:30:00+01:00").empty());  // a preview stores nothing
  }

  TEST_CASE("a preview at an earlier instant knows only the entities recorded by then") {
    OpsStore w;
    // C-9 is received Fri 5 Apr 10:00 BST: 4 business hours -> due 14:00 BST
    // = 13:00Z, breached by the Wed 10 Apr sweep.
    w.import(received("E1", "C-1", "2024-03-28T16:00:00Z", "2024-03-28T16:05:00Z", "Acme Gas") +
             received("E2", "C-9", "2024-04-05T10:00:00+01:00", "2024-04-05T10:00:00+01:00", "Borealis"));
    REQUIRE(w.sweep("2024-04-10T12:00:00+01:00").anything_breached());

    // Easter Monday noon: C-1's acknowledgement is due Tue 12:00 BST (pending);
    // C-9 does not exist yet.
    SweepOptions o;
    o.as_of = at("2024-04-01T12:00:00+01:00");
    const SweepSummary earlier = preview_sweep(w.store, o);
    CHECK(earlier.entities_evaluated == 1);
    CHECK_FALSE(earlier.anything_breached());
    CHECK(with_status(earlier, ClockStatus::pending) == 3);  // C-1 acknowledge, initial_response, resolution
    CHECK(with_status(earlier, ClockStatus::not_applicable) == 2);
    CHECK(earlier.clocks_by_status.size() == 2);
  }

  TEST_CASE("a sweep judging on a second thread stores the rows, notices and seal that one thread stores") {
    // A generated site of about 2,000 entities (eight batches of 256, more
    // than the queue holds), and contacts on calendars the rules do not name
    // (stored as versions mid-sweep, on the writing thread), swept five ways:
    // a first sweep, an incremental one that streams every timeline and
    // skips the settled, one that reads its few candidates by index, --full,
    // and the same instant again (its seal read back).
    const std::filesystem::path generator = std::filesystem::path(SLACLOCK_BUILD_DIR) / "tools" / "slaclock-generate";
    REQUIRE_MESSAGE(std::filesystem::exists(generator), "slaclock-generate is built with the tests");
    TempDir dir;
    const auto events = dir / "events.jsonl";
    REQUIRE(std::system((shell_quote(generator) + " --seed 7 --contacts 1500 --from 2026-01-01 --months 4 --out " +
                         shell_quote(events) + " 2>/dev/null")
                            .c_str()) == 0);
    std::string other_calendars;
    for (const auto& [id, calendar] : {std::pair{"C-000700-ni", "northern-ireland"}, {"C-001400-sc", "scotland"}})
      other_calendars +=
          event_line(std::string(id) + "-r", "contact", id, "received", "2026-02-02T10:00:00Z", "2026-02-02T10:00:00Z",
                     {{"customer", "Acme Gas"}, {"customer_class", "shipper"}, {"calendar", calendar}});
    OpsStore one, two;
    for (OpsStore* w : {&one, &two}) {
      w->import(read_file(events));
      w->import(other_calendars);
    }
    const std::vector<std::pair<std::string, bool>> sweeps = {{"2026-02-15T18:00:00Z", false},
                                                              {"2026-03-20T18:00:00Z", false},
                                                              {"2026-03-21T18:00:00Z", false},
                                                              {"2026-04-10T18:00:00Z", true},
                                                              {"2026-04-10T18:00:00Z", false}};
    std::size_t streamed_with_skips = 0, by_index = 0;
    for (const auto& [as_of, full] : sweeps) {
      CAPTURE(as_of);
      SweepOptions o;
      o.as_of = at(as_of);
      o.now = wall_clock;
      o.full = full;
      o.threads = 1;
      const SweepSummary a = run_sweep(one.store, o);
      o.threads = 2;
      const SweepSummary b = run_sweep(two.store, o);
      CHECK(summary_text(a) == summary_text(b));
      CHECK(a.entities_evaluated > 0);
      if (!full && a.entities_skipped > 0 && a.entities_evaluated > 600) ++streamed_with_skips;
      if (!full && a.entities_skipped > 0 && a.entities_evaluated < 400) ++by_index;
      const std::string rows_one = sweep_tables(one), rows_two = sweep_tables(two);
      CHECK(rows_one.size() == rows_two.size());
      CHECK(rows_one == rows_two);
    }
    CHECK(streamed_with_skips >= 1);
    CHECK(by_index >= 1);
    CHECK(count_rows(two, "calendar_versions") == 3);
    CHECK(count_rows(two, "notices") > 0);
    for (OpsStore* w : {&one, &two}) CHECK(audit_store(w->store, {}).intact());
  }

  TEST_CASE("foreign keys, unchecked inside a sweep's transaction, are checked again after it, stored or refused") {
    OpsStore w;
    w.import(contacts);
    const auto foreign_keys = [&] {
      SQLite::Statement q(connection_of(w.store), "PRAGMA foreign_keys");
      q.executeStep();
      return q.getColumn(0).getInt();
    };
    REQUIRE(foreign_keys() == 1);
    w.sweep("2024-04-02T13:00:00+01:00");
    CHECK(foreign_keys() == 1);
    CHECK_THROWS_AS(w.sweep("2024-04-01T13:00:00+01:00"), InputError);  // backdated: refused inside the transaction
    CHECK(foreign_keys() == 1);
    // And they hold: a row naming no sweep run is refused.
    CHECK_THROWS(
        connection_of(w.store).exec("INSERT INTO entity_state(entity_id, evaluated_seq, settled, next_due, sweep_id) "
                                    "VALUES ('X', 0, 0, NULL, 999)"));
  }

  TEST_CASE("a read-only store refuses a sweep and a store without rules is a ConfigError") {
    SUBCASE("no rules loaded") {
      OpsStore w(false);
      w.import(contacts);
      SweepOptions o;
      o.as_of = at("2024-04-02T13:00:00+01:00");
      o.now = wall_clock;
      try {
        run_sweep(w.store, o);
        FAIL("a sweep without rules ran");
      } catch (const ConfigError& e) {
        CHECK(e.where().field == "rules");
      }
      CHECK_FALSE(latest_sweep_as_of(w.store).has_value());  // nothing was stored
    }
    SUBCASE("read-only store") {
      OpsStore w;
      w.import(contacts);
      EventStore ro = EventStore::open(w.db_path(), OpenMode::read_only);
      SweepOptions o;
      o.as_of = at("2024-04-02T13:00:00+01:00");
      o.now = wall_clock;
      CHECK_THROWS_AS(run_sweep(ro, o), StoreError);
      CHECK_FALSE(latest_sweep_as_of(w.store).has_value());
      CHECK(count_rows(w, "clock_state") == 0);
    }
  }
}

}  // namespace slaclock
