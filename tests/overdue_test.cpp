// overdue_clocks through the library: the service desk's view of the clock
// state the last sweep stored, re-judged at the instant asked about. Every
// due and at-risk instant is worked by hand from england-and-wales (Mon-Fri
// 09:00-17:00 Europe/London, bank holidays per calendars/england-and-wales.yaml).
#include "ops_test_support.h"

#include <slaclock/ops/sweep.h>

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace slaclock {
namespace {

using namespace ops_test;

std::vector<ClockResult> overdue(const EventStore& store, const std::string& as_of, Seconds due_within = Seconds{0}) {
  OverdueQuery q;
  q.as_of = at(as_of);
  q.due_within = due_within;
  return overdue_clocks(store, q);
}

}  // namespace

TEST_SUITE("overdue") {
  TEST_CASE("spring: due across Easter and the change to BST and breached only strictly after due") {
    OpsStore w;
    // Received Thu 2024-03-28 16:00 GMT. Acknowledge, 4 business hours:
    // Thu 16:00-17:00 (1h); Fri 29 Mar Good Friday; Sat, Sun (clocks go
    // forward Sun 31 Mar); Mon 1 Apr Easter Monday; Tue 2 Apr 09:00-12:00 BST
    // (3h) -> due Tue 12:00 BST = 11:00Z. At risk after 3h: Tue 11:00 BST = 10:00Z.
    w.import(received("E1", "C-SPR", "2024-03-28T16:00:00Z", "2024-03-28T16:00:00Z", "Acme Gas"));
    w.sweep("2024-03-28T16:30:00Z");  // stored while everything is pending

    // Easter Monday afternoon: were it a business day the acknowledgement
    // would have been due Mon 1 Apr 12:00 BST; it is not, so nothing is late.
    CHECK(overdue(w.store, "2024-04-01T15:00:00+01:00").empty());

    // Exactly at due: not breached, and not listed without due_within.
    CHECK(overdue(w.store, "2024-04-02T11:00:00Z").empty());
    // With a window it is listed, at risk (its at-risk instant has passed).
    const auto at_due = overdue(w.store, "2024-04-02T11:00:00Z", Seconds{1});
    REQUIRE(at_due.size() == 1);
    CHECK(clock_of(at_due[0]) == "acknowledge");
    CHECK(status_of(at_due[0]) == "at_risk");

    // One second after due: breached.
    const auto late = overdue(w.store, "2024-04-02T11:00:01Z");
    REQUIRE(late.size() == 1);
    const ClockResult& ack = late[0];
    CHECK(ack.entity_id == "C-SPR");
    CHECK(clock_of(ack) == "acknowledge");
    CHECK(status_of(ack) == "breached");
    CHECK(utc(ack.started_at) == "2024-03-28T16:00:00Z");
    CHECK(utc(ack.due_at) == "2024-04-02T11:00:00Z");
    CHECK(utc(ack.at_risk_at) == "2024-04-02T10:00:00Z");
    CHECK(utc(ack.stopped_at) == "");
    CHECK(ack.customer == "Acme Gas");
    CHECK(ack.rule_version == "dsc-kvi-2020");

    // The at-risk boundary, seen through a window wide enough to list it.
    const auto before_risk = overdue(w.store, "2024-04-02T09:59:59Z", Seconds::hours(2));
    REQUIRE(before_risk.size() == 1);
    CHECK(status_of(before_risk[0]) == "pending");
    const auto at_risk = overdue(w.store, "2024-04-02T10:00:00Z", Seconds::hours(2));
    REQUIRE(at_risk.size() == 1);
    CHECK(status_of(at_risk[0]) == "at_risk");

    // Initial response (4 business days, Thu 28 Mar is day 0): Tue 2, Wed 3,
    // Thu 4, Fri 5 Apr -> due Fri 5 Apr 17:00 BST = 16:00Z.
    CHECK(keys_of(overdue(w.store, "2024-04-05T16:00:00Z")) == "C-SPR/acknowledge");
    const auto both = overdue(w.store, "2024-04-05T16:00:01Z");
    REQUIRE(both.size() == 2);
    CHECK(clock_of(both[1]) == "initial_response");
    CHECK(status_of(both[1]) == "breached");
    CHECK(utc(both[1].due_at) == "2024-04-05T16:00:00Z");
  }

  TEST_CASE("autumn: due across the change back to GMT") {
    OpsStore w;
    // Received Fri 2024-10-25 15:00 BST (14:00Z); clocks go back Sun 27 Oct.
    // Acknowledge: Fri 15:00-17:00 BST (2h), Mon 28 Oct 09:00-11:00 GMT (2h)
    // -> due Mon 11:00 GMT = 11:00Z (10:00Z had BST been kept). At risk after
    // 3h: Fri 2h + Mon 1h -> Mon 10:00 GMT = 10:00Z.
    // Initial response: Mon 28, Tue 29, Wed 30, Thu 31 -> Thu 31 Oct 17:00 GMT.
    w.import(received("E1", "C-AUT", "2024-10-25T15:00:00+01:00", "2024-10-25T15:00:00+01:00", "Borealis"));
    w.sweep("2024-10-25T15:30:00+01:00");

    CHECK(overdue(w.store, "2024-10-28T10:00:01Z").empty());  // an hour early under BST: not due yet
    const auto window = overdue(w.store, "2024-10-28T10:00:01Z", Seconds::hours(1));
    REQUIRE(window.size() == 1);
    CHECK(status_of(window[0]) == "at_risk");
    CHECK(utc(window[0].at_risk_at) == "2024-10-28T10:00:00Z");
    CHECK(overdue(w.store, "2024-10-28T11:00:00Z").empty());  // exactly at due
    const auto late = overdue(w.store, "2024-10-28T11:00:01Z");
    REQUIRE(late.size() == 1);
    CHECK(clock_of(late[0]) == "acknowledge");
    CHECK(status_of(late[0]) == "breached");
    CHECK(utc(late[0].due_at) == "2024-10-28T11:00:00Z");
    CHECK(utc(late[0].started_at) == "2024-10-25T14:00:00Z");

    const auto ir = overdue(w.store, "2024-10-31T17:00:01Z");
    REQUIRE(ir.size() == 2);
    CHECK(clock_of(ir[1]) == "initial_response");
    CHECK(utc(ir[1].due_at) == "2024-10-31T17:00:00Z");
  }

  TEST_CASE("bank holiday: a breach's resolution skips Early May Monday") {
    OpsStore w;
    // A high breach identified Fri 2024-05-03 15:00 BST (14:00Z).
    //   breach_notification, 4 elapsed hours -> 19:00 BST = 18:00Z.
    //   breach_resolution, 2 business days: Fri 3 is day 0, Mon 6 May is the
    //   Early May bank holiday, Tue 7 (1), Wed 8 (2) -> Wed 8 May 17:00 BST =
    //   16:00Z (Tue 7 May 16:00Z if the holiday were ignored). At risk: allowance
    //   2h + 8h + 8h = 18h; 75% = 13h30m -> Fri 2h, Tue 8h, Wed 09:00 + 3h30m =
    //   12:30 BST = 11:30Z.
    w.import(
        breach_identified("B1", "BR-1", "2024-05-03T15:00:00+01:00", "2024-05-03T15:00:00+01:00", "high", "Borealis"));
    w.sweep("2024-05-03T15:30:00+01:00");

    const auto tue = overdue(w.store, "2024-05-07T16:00:01Z");
    REQUIRE(tue.size() == 1);
    CHECK(clock_of(tue[0]) == "breach_notification");
    CHECK(status_of(tue[0]) == "breached");
    CHECK(utc(tue[0].due_at) == "2024-05-03T18:00:00Z");
    CHECK(tue[0].kind == EntityKind::breach);
    CHECK(tue[0].customer == "Borealis");

    const auto wed_noon = overdue(w.store, "2024-05-08T11:30:00Z", Seconds::hours(5));
    REQUIRE(wed_noon.size() == 2);
    CHECK(clock_of(wed_noon[1]) == "breach_resolution");
    CHECK(status_of(wed_noon[1]) == "at_risk");
    CHECK(utc(wed_noon[1].at_risk_at) == "2024-05-08T11:30:00Z");
    CHECK(utc(wed_noon[1].due_at) == "2024-05-08T16:00:00Z");

    CHECK(overdue(w.store, "2024-05-08T16:00:00Z").size() == 1);  // exactly at due: still only the notification
    const auto after = overdue(w.store, "2024-05-08T16:00:01Z");
    CHECK(keys_of(after) == "BR-1/breach_notification BR-1/breach_resolution");
    CHECK(statuses_of(after) == "breached breached");
  }

  TEST_CASE("due_within and the customer/clock/status filters list soonest due first and never stopped clocks") {
    OpsStore w;
    // C-1 (Acme Gas), received Thu 28 Mar 16:00 GMT: acknowledge due
    //   2 Apr 11:00Z; initial_response due Fri 5 Apr 16:00Z (at risk Thu 4 Apr
    //   15:45Z); resolution due Wed 10 Apr 16:00Z (at risk Tue 9 Apr 09:45Z).
    // C-2 (Borealis), received Wed 27 Mar 10:00 GMT: acknowledge Wed
    //   10:00-14:00 -> due 27 Mar 14:00Z; initial_response (Wed day 0): Thu 28,
    //   Tue 2, Wed 3, Thu 4 -> due Thu 4 Apr 16:00Z; resolution: ... Fri 5, Mon 8,
    //   Tue 9 -> due Tue 9 Apr 16:00Z. Its at-risk instant: allowance 7h + 7x8h =
    //   63h; 75% = 47h15m -> Wed 7h, Thu 8h, Tue-Fri 32h, Mon 8 Apr 09:15 BST.
    // C-3 (Acme Gas) is acknowledged and resolved within the hour: every clock stopped.
    w.import(received("E1", "C-1", "2024-03-28T16:00:00Z", "2024-03-28T16:00:00Z", "Acme Gas") +
             received("E2", "C-2", "2024-03-27T10:00:00Z", "2024-03-27T10:00:00Z", "Borealis") +
             received("E3", "C-3", "2024-03-28T16:00:00Z", "2024-03-28T16:00:00Z", "Acme Gas") +
             acknowledged("E4", "C-3", "2024-03-28T16:30:00Z", "2024-03-28T16:30:00Z", "2024-04-02T17:00:00+01:00") +
             contact_event("E5", "C-3", "resolved", "2024-03-28T16:45:00Z", "2024-03-28T16:45:00Z"));

    // Before any sweep there is no stored state to read.
    CHECK(overdue(w.store, "2024-04-11T09:00:00+01:00").empty());
    w.sweep("2024-03-28T17:00:00Z");

    SUBCASE("everything past due, soonest first") {
      const auto all = overdue(w.store, "2024-04-11T09:00:00+01:00");
      CHECK(keys_of(all) ==
            "C-2/acknowledge C-1/acknowledge C-2/initial_response C-1/initial_response C-2/resolution C-1/resolution");
      CHECK(statuses_of(all) == "breached breached breached breached breached breached");
      CHECK(utc(all[0].due_at) == "2024-03-27T14:00:00Z");
      CHECK(utc(all[2].due_at) == "2024-04-04T16:00:00Z");
      CHECK(utc(all[4].due_at) == "2024-04-09T16:00:00Z");
      CHECK(utc(all[4].at_risk_at) == "2024-04-08T08:15:00Z");
    }
    SUBCASE("stopped clocks are never listed, however wide the window") {
      const auto wide = overdue(w.store, "2024-04-11T09:00:00+01:00", Seconds::hours(24 * 60));
      CHECK(wide.size() == 6);  // C-1 and C-2's regular_updates and revised_resolution have no due
      for (const auto& c : wide) CHECK(c.entity_id != "C-3");
    }
    SUBCASE("due_within: running clocks due by as_of + window, inclusive") {
      // Fri 5 Apr 16:00Z is exactly C-1's initial_response due; five days on is
      // exactly C-1's resolution due (Wed 10 Apr 16:00Z).
      OverdueQuery q;
      q.as_of = at("2024-04-05T16:00:00Z");
      q.due_within = Seconds::hours(5 * 24);
      const auto soon = overdue_clocks(w.store, q);
      CHECK(keys_of(soon) ==
            "C-2/acknowledge C-1/acknowledge C-2/initial_response C-1/initial_response C-2/resolution C-1/resolution");
      // C-1 initial_response is exactly at due (at risk since Thu 15:45Z); both
      // resolutions are before their at-risk instants (Mon 8 Apr, Tue 9 Apr).
      CHECK(statuses_of(soon) == "breached breached breached at_risk pending pending");

      q.due_within = Seconds{5 * 24 * 3600 - 1};  // one second short of C-1's resolution
      CHECK(overdue_clocks(w.store, q).size() == 5);

      q.due_within = Seconds::hours(5 * 24);
      q.status = ClockStatus::breached;
      CHECK(keys_of(overdue_clocks(w.store, q)) == "C-2/acknowledge C-1/acknowledge C-2/initial_response");
      q.status = ClockStatus::at_risk;
      CHECK(keys_of(overdue_clocks(w.store, q)) == "C-1/initial_response");
      q.status = ClockStatus::pending;
      CHECK(keys_of(overdue_clocks(w.store, q)) == "C-2/resolution C-1/resolution");
    }
    SUBCASE("customer and clock filters") {
      OverdueQuery q;
      q.as_of = at("2024-04-11T09:00:00+01:00");
      q.customer = "Borealis";
      CHECK(keys_of(overdue_clocks(w.store, q)) == "C-2/acknowledge C-2/initial_response C-2/resolution");
      q.customer = "Nobody Ltd";
      CHECK(overdue_clocks(w.store, q).empty());
      q.customer.reset();
      q.clock = clock_filter("resolution");
      CHECK(keys_of(overdue_clocks(w.store, q)) == "C-2/resolution C-1/resolution");
      q.customer = "Acme Gas";
      const auto one = overdue_clocks(w.store, q);
      REQUIRE(one.size() == 1);
      CHECK(one[0].entity_id == "C-1");
      CHECK(utc(one[0].due_at) == "2024-04-10T16:00:00Z");
    }
    SUBCASE("a page: the soonest due first, what is left out said, counted only when asked") {
      OverdueQuery q;
      q.as_of = at("2024-04-05T16:00:00Z");
      q.due_within = Seconds::hours(5 * 24);  // 3 breached, 1 at risk, 2 pending (as above)
      q.limit = 2;
      const OverdueList page = overdue_list(w.store, q);
      CHECK(keys_of(page.clocks) == "C-2/acknowledge C-1/acknowledge");
      CHECK(page.more);
      CHECK(page.total == 0);  // the CLI's page stops at the first clock past it
      CHECK(page.counts.empty());
      // Listed clocks are worded at as_of exactly as in the whole list.
      const auto whole = overdue_clocks(w.store, q);
      REQUIRE(whole.size() == 6);
      CHECK(page.clocks[1].reason == whole[1].reason);
      CHECK(page.clocks[1].remaining_seconds() == whole[1].remaining_seconds());

      q.count_all = true;  // the board: every match counted by status
      const OverdueList board = overdue_list(w.store, q);
      CHECK(keys_of(board.clocks) == "C-2/acknowledge C-1/acknowledge");
      CHECK(board.more);
      CHECK(board.total == 6);
      CHECK(board.counts.at(ClockStatus::breached) == 3);
      CHECK(board.counts.at(ClockStatus::at_risk) == 1);
      CHECK(board.counts.at(ClockStatus::pending) == 2);

      q.limit = 6;  // exactly all: nothing more
      CHECK_FALSE(overdue_list(w.store, q).more);
      CHECK(overdue_list(w.store, q).clocks.size() == 6);
      q.limit = 1;  // the status filter applies before the page
      q.status = ClockStatus::pending;
      q.count_all = false;
      const OverdueList pending = overdue_list(w.store, q);
      CHECK(keys_of(pending.clocks) == "C-2/resolution");
      CHECK(pending.more);
    }
    SUBCASE("the desk reads a read-only store") {
      const EventStore ro = EventStore::open(w.db_path(), OpenMode::read_only);
      CHECK(overdue(ro, "2024-04-11T09:00:00+01:00").size() == 6);
    }
  }

  TEST_CASE("a clock the last sweep saw stopped drops out") {
    OpsStore w;
    w.import(received("E1", "C-1", "2024-03-28T16:00:00Z", "2024-03-28T16:00:00Z", "Acme Gas"));
    w.sweep("2024-03-28T16:30:00Z");
    // Acknowledged late, Tue 2 Apr 14:00 BST: the acknowledge clock stops (missed).
    w.import(acknowledged("E2", "C-1", "2024-04-02T14:00:00+01:00", "2024-04-02T14:00:00+01:00",
                          "2024-04-05T17:00:00+01:00"));
    // Until the next sweep the stored state still has it running.
    CHECK(keys_of(overdue(w.store, "2024-04-02T15:00:00+01:00")) == "C-1/acknowledge");
    w.sweep("2024-04-02T15:00:00+01:00");
    CHECK(overdue(w.store, "2024-04-02T15:00:00+01:00").empty());
    // Still running: initial_response (Fri 5 Apr 16:00Z), regular_updates from
    // the acknowledgement (Tue 2 Apr day 0; Wed 3 .. Tue 9 -> Tue 9 Apr 16:00Z)
    // and resolution (Wed 10 Apr 16:00Z), all within nine days.
    const auto week = overdue(w.store, "2024-04-02T15:00:00+01:00", Seconds::hours(9 * 24));
    CHECK(keys_of(week) == "C-1/initial_response C-1/regular_updates C-1/resolution");
    CHECK(utc(week[1].due_at) == "2024-04-09T16:00:00Z");
    CHECK(utc(week[1].started_at) == "2024-04-02T13:00:00Z");
  }
}

}  // namespace slaclock
