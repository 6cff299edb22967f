// The SLA clock engine against SPEC section 4, scenario by scenario, with the
// shipped rules (config/rules) and the england-and-wales calendar. Every
// expected instant below was worked out by hand from the SPEC's definitions
// (section 2), not taken from the engine.
//
// Contact receipt used throughout unless stated: Thu 2024-03-28 16:00 GMT,
// the day before Good Friday. Working the definitions by hand:
//   acknowledge       4 business hours: Thu 16:00-17:00 (1h), Good Friday and
//                     Easter Monday skipped, Tue 2 Apr 09:00-12:00 BST (3h)
//                     -> 2024-04-02T12:00:00+01:00
//   initial_response  4 business days, d0 = Thu 28 -> Tue 2, Wed 3, Thu 4,
//                     Fri 5 -> 2024-04-05T17:00:00+01:00
//   resolution        7 business days -> Mon 8, Tue 9, Wed 10
//                     -> 2024-04-10T17:00:00+01:00
#include "clock_scenarios.h"

#include <slaclock/base/error.h>
#include <slaclock/clock/clock_engine.h>

#include <doctest/doctest.h>

#include <string>

namespace slaclock {

namespace {

using scenarios::breach_identified;
using scenarios::Clocks;
using scenarios::contact_received;
using scenarios::england;
using scenarios::gemini_contact_received;
using scenarios::kpi_result;
using scenarios::Scenario;

constexpr const char* received_thu = "2024-03-28T16:00:00Z";
constexpr const char* acknowledged_thu = "2024-03-28T16:30:00Z";

scenarios::Fields expected(const char* date) {
  return {{"expected_resolution", date}};
}
scenarios::Fields revised(const char* date) {
  return {{"revised_resolution", date}};
}

// Received Thu 2024-03-28 16:00 GMT and acknowledged half an hour later.
Scenario acknowledged_contact(const std::string& id) {
  Scenario c = contact_received(id, received_thu);
  c.add("acknowledged", acknowledged_thu, expected("2024-04-05T17:00:00+01:00"));
  return c;
}

}  // namespace

TEST_SUITE("clock engine") {
  TEST_CASE("acknowledge: due 4 business hours after receipt, across Easter") {
    const Scenario c = contact_received("C-ACK", received_thu);

    SUBCASE("the clock starts at receipt and is due Tuesday noon BST") {
      const Clocks k = c.as_of("2024-03-28T16:30:00Z");
      CHECK(k.started("acknowledge") == "2024-03-28T16:00:00+00:00");
      CHECK(k.due("acknowledge") == "2024-04-02T12:00:00+01:00");
      CHECK(k.stopped("acknowledge") == "");
      CHECK(k.rule_version("acknowledge") == "dsc-kvi-2020");  // in force since 2020-04-01
      CHECK(k["acknowledge"].calendar == "england-and-wales");
      CHECK(k["acknowledge"].customer == "ACME Gas");
      CHECK(k["acknowledge"].entity_id == "C-ACK");
      CHECK(k["acknowledge"].kind == EntityKind::contact);
    }
    SUBCASE("pending while less than 75% of the business allowance is used") {
      CHECK(c.as_of("2024-03-28T16:30:00Z").status("acknowledge") == "pending");
      // The Easter weekend uses no business time: still 1 hour of 4.
      CHECK(c.as_of("2024-03-30T12:00:00Z").status("acknowledge") == "pending");
      CHECK(c.as_of("2024-04-01T12:00:00+01:00").status("acknowledge") == "pending");
      // 1h Thursday + 1h59m59s Tuesday: just under 3 business hours.
      CHECK(c.as_of("2024-04-02T10:59:59+01:00").status("acknowledge") == "pending");
    }
    SUBCASE("at_risk from 75% of the business allowance (3 of 4 business hours)") {
      CHECK(c.as_of("2024-04-02T11:00:00+01:00").status("acknowledge") == "at_risk");
      CHECK(c.as_of("2024-04-02T11:59:59+01:00").status("acknowledge") == "at_risk");
    }
    SUBCASE("as_of exactly at due while running is at_risk, not breached") {
      CHECK(c.as_of("2024-04-02T12:00:00+01:00").status("acknowledge") == "at_risk");
    }
    SUBCASE("breached one second after due while running") {
      const Clocks k = c.as_of("2024-04-02T12:00:01+01:00");
      CHECK(k.status("acknowledge") == "breached");
      CHECK(k.stopped("acknowledge") == "");
    }
    SUBCASE("met when acknowledged exactly at due") {
      Scenario d = c;
      d.add("acknowledged", "2024-04-02T12:00:00+01:00", expected("2024-04-05T17:00:00+01:00"));
      const Clocks k = d.as_of("2024-04-03T09:00:00+01:00");
      CHECK(k.status("acknowledge") == "met");
      CHECK(k.stopped("acknowledge") == "2024-04-02T12:00:00+01:00");
    }
    SUBCASE("missed when acknowledged one second after due") {
      Scenario d = c;
      d.add("acknowledged", "2024-04-02T12:00:01+01:00", expected("2024-04-05T17:00:00+01:00"));
      const Clocks k = d.as_of("2024-04-03T09:00:00+01:00");
      CHECK(k.status("acknowledge") == "missed");
      CHECK(k.stopped("acknowledge") == "2024-04-02T12:00:01+01:00");
    }
    SUBCASE("stops at the first acknowledgement; a second one changes nothing") {
      Scenario d = c;
      d.add("acknowledged", "2024-03-28T16:30:00Z", expected("2024-04-05T17:00:00+01:00"));
      d.add("acknowledged", "2024-04-03T09:00:00+01:00", expected("2024-04-08T17:00:00+01:00"));
      const Clocks k = d.as_of("2024-04-04T09:00:00+01:00");
      CHECK(k.status("acknowledge") == "met");
      CHECK(k.stopped("acknowledge") == "2024-03-28T16:30:00+00:00");
    }
  }

  TEST_CASE("only events that happened by as_of count") {
    Scenario c = contact_received("C-ASOF", received_thu);
    c.add("acknowledged", "2024-04-02T11:30:00+01:00", expected("2024-04-05T17:00:00+01:00"));

    SUBCASE("an acknowledgement after as_of does not stop the clock") {
      const Clocks k = c.as_of("2024-04-02T11:00:00+01:00");
      CHECK(k.status("acknowledge") == "at_risk");
      CHECK(k.stopped("acknowledge") == "");
      CHECK(k.status("regular_updates") == "not_applicable");
    }
    SUBCASE("the same acknowledgement counts once as_of reaches it") {
      const Clocks k = c.as_of("2024-04-02T11:30:00+01:00");
      CHECK(k.status("acknowledge") == "met");
      CHECK(k.stopped("acknowledge") == "2024-04-02T11:30:00+01:00");
    }
    SUBCASE("a contact not yet received by as_of has no clocks") {
      CHECK(c.as_of("2024-03-28T15:59:59Z").all().empty());
    }
    SUBCASE("a resolution after as_of leaves the resolution clocks running") {
      Scenario d = acknowledged_contact("C-ASOF2");
      d.add("resolved", "2024-04-09T12:00:00+01:00");
      const Clocks k = d.as_of("2024-04-09T11:00:00+01:00");
      CHECK(k.status("initial_response") == "breached");
      CHECK(k.stopped("resolution") == "");
      CHECK(is_running(k["resolution"].status));
    }
  }

  TEST_CASE("initial_response: due 4 business days after receipt") {
    const Scenario c = acknowledged_contact("C-IR");

    SUBCASE("due close of business Fri 2024-04-05, Easter skipped") {
      const Clocks k = c.as_of("2024-04-02T10:00:00+01:00");
      CHECK(k.started("initial_response") == "2024-03-28T16:00:00+00:00");
      CHECK(k.due("initial_response") == "2024-04-05T17:00:00+01:00");
      CHECK(k.status("initial_response") == "pending");
    }
    SUBCASE("at_risk from 75% of 33 business hours (Thu 1h + 4 days of 8h) = 24h45m") {
      // By Thu 2024-04-04 16:45 BST: 1h + Tue, Wed (16h) + Thu 7h45m = 24h45m.
      CHECK(c.as_of("2024-04-04T16:44:59+01:00").status("initial_response") == "pending");
      CHECK(c.as_of("2024-04-04T16:45:00+01:00").status("initial_response") == "at_risk");
      CHECK(c.as_of("2024-04-05T17:00:00+01:00").status("initial_response") == "at_risk");
    }
    SUBCASE("breached after due while running") {
      CHECK(c.as_of("2024-04-05T17:00:01+01:00").status("initial_response") == "breached");
    }
    SUBCASE("stopped by resolved") {
      Scenario d = c;
      d.add("resolved", "2024-04-04T12:00:00+01:00");
      const Clocks k = d.as_of("2024-04-08T09:00:00+01:00");
      CHECK(k.status("initial_response") == "met");
      CHECK(k.stopped("initial_response") == "2024-04-04T12:00:00+01:00");
      CHECK(k.status("resolution") == "met");
    }
    SUBCASE("stopped by an update_sent carrying a revised_resolution") {
      Scenario d = c;
      d.add("update_sent", "2024-04-03T10:00:00+01:00", revised("2024-04-12T17:00:00+01:00"));
      const Clocks k = d.as_of("2024-04-08T10:00:00+01:00");
      CHECK(k.status("initial_response") == "met");
      CHECK(k.stopped("initial_response") == "2024-04-03T10:00:00+01:00");
      // The update does not stop the 7-day resolution clock: 34 of 57
      // business hours used by Mon 10:00.
      CHECK(k.status("resolution") == "pending");
      CHECK(k.stopped("resolution") == "");
    }
    SUBCASE("an update_sent with a revised date after due stops it as missed") {
      Scenario d = c;
      d.add("update_sent", "2024-04-08T10:00:00+01:00", revised("2024-04-12T17:00:00+01:00"));
      const Clocks k = d.as_of("2024-04-08T11:00:00+01:00");
      CHECK(k.status("initial_response") == "missed");
      CHECK(k.stopped("initial_response") == "2024-04-08T10:00:00+01:00");
    }
    SUBCASE("NOT stopped by an update_sent without a revised_resolution") {
      Scenario d = c;
      d.add("update_sent", "2024-04-03T10:00:00+01:00");
      CHECK(d.as_of("2024-04-03T11:00:00+01:00").stopped("initial_response") == "");
      CHECK(d.as_of("2024-04-05T17:00:01+01:00").status("initial_response") == "breached");
      CHECK(d.as_of("2024-04-05T17:00:01+01:00").status("revised_resolution") == "not_applicable");
    }
    SUBCASE("an explanation_provided is not an update_sent: initial_response keeps running") {
      // SPEC: initial_response stops at resolved or an update_sent with a
      // revised date; an explanation only stops the (very complex) resolution.
      Scenario d = c;
      d.add("explanation_provided", "2024-04-03T10:00:00+01:00", revised("2024-04-19T17:00:00+01:00"));
      CHECK(d.as_of("2024-04-05T17:00:01+01:00").status("initial_response") == "breached");
    }
  }

  TEST_CASE("resolution: due 7 business days after receipt") {
    const Scenario c = acknowledged_contact("C-RES");

    SUBCASE("due close of business Wed 2024-04-10") {
      const Clocks k = c.as_of("2024-04-02T10:00:00+01:00");
      CHECK(k.due("resolution") == "2024-04-10T17:00:00+01:00");
      CHECK(k.status("resolution") == "pending");
    }
    SUBCASE("breached after due while running") {
      CHECK(c.as_of("2024-04-10T17:00:00+01:00").status("resolution") == "at_risk");
      CHECK(c.as_of("2024-04-10T17:00:01+01:00").status("resolution") == "breached");
    }
    SUBCASE("met when resolved exactly at due, missed one second later") {
      Scenario on_time = c, late = c;
      on_time.add("resolved", "2024-04-10T17:00:00+01:00");
      late.add("resolved", "2024-04-10T17:00:01+01:00");
      CHECK(on_time.as_of("2024-04-11T09:00:00+01:00").status("resolution") == "met");
      CHECK(late.as_of("2024-04-11T09:00:00+01:00").status("resolution") == "missed");
      CHECK(late.as_of("2024-04-11T09:00:00+01:00").stopped("resolution") == "2024-04-10T17:00:01+01:00");
    }
    SUBCASE("stopped by explanation_provided when categorised very_complex before it") {
      Scenario d = c;
      d.add("categorised", "2024-04-02T10:00:00+01:00", {{"complexity", "very_complex"}, {"priority", "P2"}});
      d.add("explanation_provided", "2024-04-09T15:00:00+01:00", revised("2024-04-24T17:00:00+01:00"));
      const Clocks k = d.as_of("2024-04-11T09:00:00+01:00");
      CHECK(k.status("resolution") == "met");
      CHECK(k.stopped("resolution") == "2024-04-09T15:00:00+01:00");
      // The explanation's revised date starts the revised_resolution clock.
      CHECK(k.status("revised_resolution") == "pending");
      CHECK(k.started("revised_resolution") == "2024-04-09T15:00:00+01:00");
      CHECK(k.due("revised_resolution") == "2024-04-24T17:00:00+01:00");
    }
    SUBCASE("an explanation after due from a very complex contact stops it as missed") {
      Scenario d = c;
      d.add("categorised", "2024-04-02T10:00:00+01:00", {{"complexity", "very_complex"}});
      d.add("explanation_provided", "2024-04-11T10:00:00+01:00", revised("2024-04-24T17:00:00+01:00"));
      const Clocks k = d.as_of("2024-04-11T11:00:00+01:00");
      CHECK(k.status("resolution") == "missed");
      CHECK(k.stopped("resolution") == "2024-04-11T10:00:00+01:00");
    }
    SUBCASE("NOT stopped by explanation_provided without a very_complex categorisation") {
      Scenario d = c;
      d.add("explanation_provided", "2024-04-09T15:00:00+01:00", revised("2024-04-24T17:00:00+01:00"));
      CHECK(d.as_of("2024-04-09T16:00:00+01:00").stopped("resolution") == "");
      CHECK(d.as_of("2024-04-10T17:00:01+01:00").status("resolution") == "breached");
    }
    SUBCASE("NOT stopped when categorised very_complex only after the explanation") {
      Scenario d = c;
      d.add("explanation_provided", "2024-04-09T15:00:00+01:00", revised("2024-04-24T17:00:00+01:00"));
      d.add("categorised", "2024-04-09T16:00:00+01:00", {{"complexity", "very_complex"}});
      CHECK(d.as_of("2024-04-10T17:00:01+01:00").status("resolution") == "breached");
    }
    SUBCASE("NOT stopped when categorised standard or complex") {
      for (const char* complexity : {"standard", "complex"}) {
        CAPTURE(complexity);
        Scenario d = c;
        d.add("categorised", "2024-04-02T10:00:00+01:00", {{"complexity", complexity}});
        d.add("explanation_provided", "2024-04-09T15:00:00+01:00", revised("2024-04-24T17:00:00+01:00"));
        CHECK(d.as_of("2024-04-10T17:00:01+01:00").status("resolution") == "breached");
      }
    }
    SUBCASE("a closed without a prior resolved counts as the resolution (documented choice)") {
      Scenario d = c;
      d.add("closed", "2024-04-09T12:00:00+01:00");
      const Clocks k = d.as_of("2024-04-11T09:00:00+01:00");
      CHECK(k.status("resolution") == "met");
      CHECK(k.stopped("resolution") == "2024-04-09T12:00:00+01:00");
      CHECK(k.status("initial_response") == "missed");
    }
  }

  TEST_CASE("revised_resolution: due the agreed revised date, stops at resolved") {
    const Scenario c = acknowledged_contact("C-REV");

    SUBCASE("not_applicable until a revised date is agreed") {
      CHECK(c.as_of("2024-04-02T10:00:00+01:00").status("revised_resolution") == "not_applicable");
      // The acknowledgement's expected_resolution is not a revised date.
      CHECK(c.as_of("2024-04-20T10:00:00+01:00").status("revised_resolution") == "not_applicable");
      CHECK(c.as_of("2024-04-20T10:00:00+01:00").due("revised_resolution") == "");
    }

    Scenario d = c;
    d.add("update_sent", "2024-04-03T10:00:00+01:00", revised("2024-04-12T17:00:00+01:00"));

    SUBCASE("starts at the agreement, due the agreed date") {
      const Clocks k = d.as_of("2024-04-04T10:00:00+01:00");
      CHECK(k.status("revised_resolution") == "pending");
      CHECK(k.started("revised_resolution") == "2024-04-03T10:00:00+01:00");
      CHECK(k.due("revised_resolution") == "2024-04-12T17:00:00+01:00");
    }
    SUBCASE("at_risk by elapsed time: 75% of 9 days 7 hours is 6 days 23h15m") {
      CHECK(d.as_of("2024-04-10T09:14:59+01:00").status("revised_resolution") == "pending");
      CHECK(d.as_of("2024-04-10T09:15:00+01:00").status("revised_resolution") == "at_risk");
    }
    SUBCASE("breached after the agreed date while running") {
      CHECK(d.as_of("2024-04-12T17:00:00+01:00").status("revised_resolution") == "at_risk");
      CHECK(d.as_of("2024-04-12T17:00:01+01:00").status("revised_resolution") == "breached");
    }
    SUBCASE("met when resolved by the agreed date, missed after it") {
      Scenario on_time = d, late = d;
      on_time.add("resolved", "2024-04-12T17:00:00+01:00");
      late.add("resolved", "2024-04-15T10:00:00+01:00");
      CHECK(on_time.as_of("2024-04-15T12:00:00+01:00").status("revised_resolution") == "met");
      CHECK(late.as_of("2024-04-15T12:00:00+01:00").status("revised_resolution") == "missed");
      CHECK(late.as_of("2024-04-15T12:00:00+01:00").stopped("revised_resolution") == "2024-04-15T10:00:00+01:00");
    }
    SUBCASE("a later agreement moves the due to the newly agreed date") {
      Scenario e = d;
      e.add("update_sent", "2024-04-11T10:00:00+01:00", revised("2024-04-19T17:00:00+01:00"));
      const Clocks k = e.as_of("2024-04-15T10:00:00+01:00");
      CHECK(k.status("revised_resolution") == "pending");
      CHECK(k.started("revised_resolution") == "2024-04-03T10:00:00+01:00");
      CHECK(k.due("revised_resolution") == "2024-04-19T17:00:00+01:00");
      // Only agreements made by as_of count.
      CHECK(e.as_of("2024-04-11T09:00:00+01:00").due("revised_resolution") == "2024-04-12T17:00:00+01:00");
    }
    SUBCASE("SPEC ambiguity: 'latest agreed' is the most recently agreed date, even if earlier") {
      // The engine takes the date of the most recent agreement, not the
      // furthest-out date ever agreed.
      Scenario e = d;
      e.add("update_sent", "2024-04-05T10:00:00+01:00", revised("2024-04-19T17:00:00+01:00"));
      e.add("update_sent", "2024-04-08T10:00:00+01:00", revised("2024-04-17T17:00:00+01:00"));
      CHECK(e.as_of("2024-04-09T10:00:00+01:00").due("revised_resolution") == "2024-04-17T17:00:00+01:00");
    }
  }

  TEST_CASE("reopened: clocks stopped by the resolution run again against their original due") {
    SUBCASE("resolution and revised_resolution re-run; initial_response stopped by an update stays met") {
      Scenario c = acknowledged_contact("C-REOPEN1");
      c.add("update_sent", "2024-04-02T10:00:00+01:00", revised("2024-04-12T17:00:00+01:00"));
      c.add("resolved", "2024-04-03T12:00:00+01:00");
      c.add("reopened", "2024-04-15T10:00:00+01:00");

      const Clocks before = c.as_of("2024-04-14T12:00:00+01:00");
      CHECK(before.status("initial_response") == "met");
      CHECK(before.status("resolution") == "met");
      CHECK(before.stopped("resolution") == "2024-04-03T12:00:00+01:00");
      CHECK(before.status("revised_resolution") == "met");

      const Clocks reopened = c.as_of("2024-04-15T11:00:00+01:00");
      CHECK(reopened.status("initial_response") == "met");
      CHECK(reopened.stopped("initial_response") == "2024-04-02T10:00:00+01:00");
      CHECK(reopened.status("resolution") == "breached");
      CHECK(reopened.due("resolution") == "2024-04-10T17:00:00+01:00");
      CHECK(reopened.stopped("resolution") == "");
      CHECK(reopened.status("revised_resolution") == "breached");
      CHECK(reopened.due("revised_resolution") == "2024-04-12T17:00:00+01:00");

      c.add("resolved", "2024-04-16T12:00:00+01:00");
      const Clocks resolved_again = c.as_of("2024-04-16T13:00:00+01:00");
      CHECK(resolved_again.status("initial_response") == "met");
      CHECK(resolved_again.status("resolution") == "missed");
      CHECK(resolved_again.stopped("resolution") == "2024-04-16T12:00:00+01:00");
      CHECK(resolved_again.status("revised_resolution") == "missed");
      CHECK(resolved_again.stopped("revised_resolution") == "2024-04-16T12:00:00+01:00");
    }
    SUBCASE("reopened before due: running again, then met or missed by the later resolution") {
      Scenario c = acknowledged_contact("C-REOPEN2");
      c.add("resolved", "2024-04-02T15:00:00+01:00");
      c.add("reopened", "2024-04-03T09:30:00+01:00");

      const Clocks reopened = c.as_of("2024-04-03T10:00:00+01:00");
      CHECK(reopened.status("initial_response") == "pending");
      CHECK(reopened.stopped("initial_response") == "");
      CHECK(reopened.due("initial_response") == "2024-04-05T17:00:00+01:00");
      CHECK(reopened.status("resolution") == "pending");

      const Clocks later = c.as_of("2024-04-08T09:00:00+01:00");
      CHECK(later.status("initial_response") == "breached");
      CHECK(later.status("resolution") == "pending");

      c.add("resolved", "2024-04-09T12:00:00+01:00");
      const Clocks done = c.as_of("2024-04-09T13:00:00+01:00");
      CHECK(done.status("initial_response") == "missed");
      CHECK(done.stopped("initial_response") == "2024-04-09T12:00:00+01:00");
      CHECK(done.status("resolution") == "met");
      CHECK(done.stopped("resolution") == "2024-04-09T12:00:00+01:00");
      // The acknowledgement is not undone by a reopening.
      CHECK(done.status("acknowledge") == "met");
    }
    SUBCASE("a resolution clock stopped by a very complex explanation stays stopped") {
      Scenario c = acknowledged_contact("C-REOPEN3");
      c.add("categorised", "2024-04-02T10:00:00+01:00", {{"complexity", "very_complex"}});
      c.add("explanation_provided", "2024-04-09T15:00:00+01:00", revised("2024-04-24T17:00:00+01:00"));
      c.add("resolved", "2024-04-12T12:00:00+01:00");
      c.add("reopened", "2024-04-15T10:00:00+01:00");
      const Clocks k = c.as_of("2024-04-15T11:00:00+01:00");
      CHECK(k.status("resolution") == "met");
      CHECK(k.stopped("resolution") == "2024-04-09T15:00:00+01:00");
      // initial_response was stopped by the resolution (after its due): runs
      // again and is breached.
      CHECK(k.status("initial_response") == "breached");
      CHECK(k.status("revised_resolution") == "pending");
      CHECK(k.due("revised_resolution") == "2024-04-24T17:00:00+01:00");
      CHECK(k.stopped("revised_resolution") == "");
    }
  }

  TEST_CASE("regular_updates: no more than 5 business days between acknowledgement and updates") {
    // Acknowledged Thu 2024-03-28 16:30 GMT; d0 = Thu 28, then Tue 2, Wed 3,
    // Thu 4, Fri 5, Mon 8: the first update is due Mon 2024-04-08 17:00 BST.
    const Scenario c = acknowledged_contact("C-UPD");

    SUBCASE("not_applicable before acknowledgement") {
      const Scenario r = contact_received("C-UPD0", received_thu);
      CHECK(r.as_of("2024-03-28T16:15:00Z").status("regular_updates") == "not_applicable");
      CHECK(r.as_of("2024-04-20T12:00:00+01:00").status("regular_updates") == "not_applicable");
    }
    SUBCASE("runs from the acknowledgement") {
      const Clocks k = c.as_of("2024-04-02T10:00:00+01:00");
      CHECK(k.status("regular_updates") == "pending");
      CHECK(k.started("regular_updates") == "2024-03-28T16:30:00+00:00");
      CHECK(k.due("regular_updates") == "2024-04-08T17:00:00+01:00");
    }
    SUBCASE("at_risk exactly at the gap's due, breached one second later") {
      CHECK(c.as_of("2024-04-08T17:00:00+01:00").status("regular_updates") == "at_risk");
      const Clocks k = c.as_of("2024-04-08T17:00:01+01:00");
      CHECK(k.status("regular_updates") == "breached");
      CHECK(k.due("regular_updates") == "2024-04-08T17:00:00+01:00");
    }
    SUBCASE("an update exactly at the gap's due keeps it; the next gap counts from the update") {
      Scenario d = c;
      d.add("update_sent", "2024-04-08T17:00:00+01:00");
      // At a close, day 0 is the next business day (Tue 9): due Tue 16.
      const Clocks k = d.as_of("2024-04-09T10:00:00+01:00");
      CHECK(k.status("regular_updates") == "pending");
      CHECK(k.started("regular_updates") == "2024-04-08T17:00:00+01:00");
      CHECK(k.due("regular_updates") == "2024-04-16T17:00:00+01:00");
    }
    SUBCASE("breached at the first gap that exceeds it, and stays so after later updates") {
      Scenario d = c;
      d.add("update_sent", "2024-04-09T10:00:00+01:00");
      d.add("update_sent", "2024-04-10T10:00:00+01:00");
      const Clocks k = d.as_of("2024-04-10T12:00:00+01:00");
      CHECK(k.status("regular_updates") == "breached");
      CHECK(k.due("regular_updates") == "2024-04-08T17:00:00+01:00");
      CHECK(k.stopped("regular_updates") == "");
      // The start is the touch that opened the gap, before and after a later
      // update closes it (SPEC 4: every clock has a start; replay shows it).
      CHECK(c.as_of("2024-04-08T17:00:01+01:00").started("regular_updates") == "2024-03-28T16:30:00+00:00");
      CHECK(k.started("regular_updates") == "2024-03-28T16:30:00+00:00");

      d.add("resolved", "2024-04-11T10:00:00+01:00");
      const Clocks done = d.as_of("2024-04-11T12:00:00+01:00");
      CHECK(done.status("regular_updates") == "missed");
      CHECK(done.due("regular_updates") == "2024-04-08T17:00:00+01:00");
      CHECK(done.stopped("regular_updates") == "2024-04-11T10:00:00+01:00");
      CHECK(done.started("regular_updates") == "2024-03-28T16:30:00+00:00");
    }
    SUBCASE("a long silence ended by the resolution itself is missed") {
      Scenario d = c;
      d.add("resolved", "2024-04-09T10:00:00+01:00");
      const Clocks k = d.as_of("2024-04-09T12:00:00+01:00");
      CHECK(k.status("regular_updates") == "missed");
      CHECK(k.due("regular_updates") == "2024-04-08T17:00:00+01:00");
    }
    SUBCASE("met when resolved with no long gap") {
      Scenario d = c;
      d.add("update_sent", "2024-04-04T10:00:00+01:00");
      d.add("resolved", "2024-04-05T10:00:00+01:00");
      const Clocks k = d.as_of("2024-04-20T12:00:00+01:00");
      CHECK(k.status("regular_updates") == "met");
      CHECK(k.stopped("regular_updates") == "2024-04-05T10:00:00+01:00");
    }
    SUBCASE("an explanation_provided counts as an update (documented choice)") {
      Scenario d = c;
      d.add("explanation_provided", "2024-04-08T12:00:00+01:00", revised("2024-04-24T17:00:00+01:00"));
      const Clocks k = d.as_of("2024-04-09T10:00:00+01:00");
      CHECK(k.status("regular_updates") == "pending");
      CHECK(k.started("regular_updates") == "2024-04-08T12:00:00+01:00");
      CHECK(k.due("regular_updates") == "2024-04-15T17:00:00+01:00");
    }
    SUBCASE("the gap restarts at a reopening (documented choice): time closed does not count") {
      Scenario d = c;
      d.add("resolved", "2024-04-02T10:00:00+01:00");
      d.add("reopened", "2024-04-22T10:00:00+01:00");
      const Clocks k = d.as_of("2024-04-22T11:00:00+01:00");
      CHECK(k.status("regular_updates") == "pending");
      CHECK(k.started("regular_updates") == "2024-04-22T10:00:00+01:00");
      CHECK(k.due("regular_updates") == "2024-04-29T17:00:00+01:00");
    }
  }

  TEST_CASE("Gemini contacts: one gemini_resolution clock, banded by the gas day") {
    SUBCASE("gemini_resolution replaces initial_response and resolution") {
      const Scenario g = gemini_contact_received("G-SHAPE", "2024-10-27T10:00:00+00:00", "2024-10-27");
      const Clocks k = g.as_of("2024-10-27T11:00:00+00:00");
      CHECK(k.has("gemini_resolution"));
      CHECK_FALSE(k.has("initial_response"));
      CHECK_FALSE(k.has("resolution"));
      CHECK(k.has("acknowledge"));
      CHECK(k.has("revised_resolution"));
      CHECK(k.has("regular_updates"));
      CHECK(k.band("acknowledge") == "");
    }
    SUBCASE("a non-Gemini contact has no gemini_resolution and no band") {
      const Clocks k = acknowledged_contact("C-NOGEM").as_of("2024-04-02T10:00:00+01:00");
      CHECK_FALSE(k.has("gemini_resolution"));
      for (const auto& r : k.all()) CHECK_FALSE(r.band.has_value());
    }
    SUBCASE("before_the_day: received before 05:00 local on D, due at the start of D (after the clocks go back)") {
      const Scenario g = gemini_contact_received("G-BEFORE", "2024-10-26T20:00:00+01:00", "2024-10-27");
      const Clocks k = g.as_of("2024-10-26T21:00:00+01:00");
      CHECK(k.band("gemini_resolution") == "before_the_day");
      CHECK(k.started("gemini_resolution") == "2024-10-26T20:00:00+01:00");
      CHECK(k.due("gemini_resolution") == "2024-10-27T05:00:00+00:00");
      CHECK(k.status("gemini_resolution") == "pending");
      // 24x7: 10 elapsed hours (19:00Z to 05:00Z), at risk after 7h30m,
      // i.e. 02:30 GMT, the hour after the clocks went back.
      CHECK(g.as_of("2024-10-27T02:29:59+00:00").status("gemini_resolution") == "pending");
      CHECK(g.as_of("2024-10-27T02:30:00+00:00").status("gemini_resolution") == "at_risk");
      CHECK(g.as_of("2024-10-27T05:00:01+00:00").status("gemini_resolution") == "breached");
    }
    SUBCASE("the band boundary is 05:00 local on D") {
      CHECK(gemini_contact_received("G-B1", "2024-10-27T04:59:59+00:00", "2024-10-27")
                .as_of("2024-10-27T06:00:00+00:00")
                .band("gemini_resolution") == "before_the_day");
      CHECK(gemini_contact_received("G-B2", "2024-10-27T05:00:00+00:00", "2024-10-27")
                .as_of("2024-10-27T06:00:00+00:00")
                .band("gemini_resolution") == "on_the_day");
    }
    SUBCASE("on_the_day: due at the end of D, 05:00 local on D+1 (gas day 2024-10-27 is 25 hours long)") {
      Scenario g = gemini_contact_received("G-ON", "2024-10-27T10:00:00+00:00", "2024-10-27");
      const Clocks k = g.as_of("2024-10-27T11:00:00+00:00");
      CHECK(k.band("gemini_resolution") == "on_the_day");
      CHECK(k.due("gemini_resolution") == "2024-10-28T05:00:00+00:00");

      Scenario on_time = g, late = g;
      on_time.add("resolved", "2024-10-28T05:00:00+00:00");
      late.add("resolved", "2024-10-28T05:00:01+00:00");
      CHECK(on_time.as_of("2024-10-28T09:00:00+00:00").status("gemini_resolution") == "met");
      CHECK(late.as_of("2024-10-28T09:00:00+00:00").status("gemini_resolution") == "missed");
      CHECK(late.as_of("2024-10-28T09:00:00+00:00").band("gemini_resolution") == "on_the_day");
    }
    SUBCASE("within_exit_close_out: from the end of D, due the 15th business day of the next month") {
      // November 2024: Fri 1 is business day 1; 4-8, 11-15, 18-21 -> Thu 21.
      const Clocks k = gemini_contact_received("G-WITHIN", "2024-10-28T05:00:00+00:00", "2024-10-27")
                           .as_of("2024-10-28T09:00:00+00:00");
      CHECK(k.band("gemini_resolution") == "within_exit_close_out");
      CHECK(k.due("gemini_resolution") == "2024-11-21T17:00:00+00:00");
      CHECK(k.status("gemini_resolution") == "pending");
      CHECK(gemini_contact_received("G-WITHIN2", "2024-11-21T16:59:59+00:00", "2024-10-27")
                .as_of("2024-11-21T17:00:00+00:00")
                .band("gemini_resolution") == "within_exit_close_out");
    }
    SUBCASE("after_exit_close_out: from the deadline on, due 7 business days after receipt") {
      // Received at the close of Thu 21 Nov: day 0 is Fri 22; 25-29, Dec 2, 3.
      const Clocks k = gemini_contact_received("G-AFTER", "2024-11-21T17:00:00+00:00", "2024-10-27")
                           .as_of("2024-11-22T09:00:00+00:00");
      CHECK(k.band("gemini_resolution") == "after_exit_close_out");
      CHECK(k.due("gemini_resolution") == "2024-12-03T17:00:00+00:00");
    }
    SUBCASE("after_exit_close_out is a business-day allowance: at_risk is measured in business time") {
      // From the close of Thu 21 Nov, day 0 (Fri 22) is a whole business day
      // too: 8 days, 64 business hours; 75% = 48h runs out at the close of
      // Fri 29 Nov. (Elapsed time would give 9 of 12 days, Sat 30 Nov 17:00.)
      const Scenario g = gemini_contact_received("G-AFTER2", "2024-11-21T17:00:00+00:00", "2024-10-27");
      CHECK(g.as_of("2024-11-29T16:59:59+00:00").status("gemini_resolution") == "pending");
      CHECK(g.as_of("2024-11-29T17:00:00+00:00").status("gemini_resolution") == "at_risk");
      CHECK(g.as_of("2024-11-30T12:00:00+00:00").status("gemini_resolution") == "at_risk");
    }
    SUBCASE("gemini_resolution stops at resolved only: not at an update or explanation with a revised date") {
      // SPEC 4 gives no stop condition of its own for gemini_resolution; the
      // engine stops it at the resolution (resolved, or closed without one)
      // and re-runs it at a reopening, like the resolution clock it replaces.
      Scenario g = gemini_contact_received("G-STOP", "2024-10-27T10:00:00+00:00", "2024-10-27");
      g.add("acknowledged", "2024-10-28T09:30:00+00:00", expected("2024-10-28T05:00:00+00:00"));
      g.add("categorised", "2024-10-28T09:40:00+00:00", {{"complexity", "very_complex"}});
      g.add("update_sent", "2024-10-28T10:00:00+00:00", revised("2024-10-31T17:00:00+00:00"));
      g.add("explanation_provided", "2024-10-28T11:00:00+00:00", revised("2024-10-31T17:00:00+00:00"));
      const Clocks k = g.as_of("2024-10-28T12:00:00+00:00");
      CHECK(k.status("gemini_resolution") == "breached");
      CHECK(k.status("revised_resolution") == "pending");
      g.add("resolved", "2024-10-29T10:00:00+00:00");
      g.add("reopened", "2024-10-30T10:00:00+00:00");
      CHECK(g.as_of("2024-10-29T12:00:00+00:00").status("gemini_resolution") == "missed");
      CHECK(g.as_of("2024-10-29T12:00:00+00:00").stopped("gemini_resolution") == "2024-10-29T10:00:00+00:00");
      CHECK(g.as_of("2024-10-30T12:00:00+00:00").status("gemini_resolution") == "breached");
      CHECK(g.as_of("2024-10-30T12:00:00+00:00").band("gemini_resolution") == "on_the_day");
    }
    SUBCASE("the exit close-out deadline skips a first-of-month holiday: day 1 is the first business day") {
      // Gas day 2024-03-31 (the clocks go forward): April 2024 starts with
      // Easter Monday, so Tue 2 is day 1; 3-5, 8-12, 15-19, 22 -> Mon 22.
      const Clocks k = gemini_contact_received("G-APR", "2024-04-05T10:00:00+01:00", "2024-03-31")
                           .as_of("2024-04-05T11:00:00+01:00");
      CHECK(k.band("gemini_resolution") == "within_exit_close_out");
      CHECK(k.due("gemini_resolution") == "2024-04-22T17:00:00+01:00");
      // A December gas day: 1 Jan 2025 is a holiday, Thu 2 Jan is day 1 -> Wed 22 Jan.
      CHECK(exit_close_out_deadline(CivilDate::from_ymd(2024, 12, 15), 15, england()) ==
            scenarios::at("2025-01-22T17:00:00+00:00"));
      CHECK(gemini_contact_received("G-DEC", "2024-12-20T10:00:00+00:00", "2024-12-15")
                .as_of("2024-12-20T11:00:00+00:00")
                .due("gemini_resolution") == "2025-01-22T17:00:00+00:00");
    }
    SUBCASE("gas day 2024-03-31 starts at 05:00 BST; gas day 2024-03-30 ends then (23 hours long)") {
      const Clocks before = gemini_contact_received("G-SPRING1", "2024-03-31T04:30:00+01:00", "2024-03-31")
                                .as_of("2024-03-31T04:45:00+01:00");
      CHECK(before.band("gemini_resolution") == "before_the_day");
      CHECK(before.due("gemini_resolution") == "2024-03-31T05:00:00+01:00");
      CHECK(gemini_contact_received("G-SPRING2", "2024-03-31T05:00:00+01:00", "2024-03-31")
                .as_of("2024-03-31T06:00:00+01:00")
                .band("gemini_resolution") == "on_the_day");

      const Clocks on_the_day = gemini_contact_received("G-SPRING3", "2024-03-30T12:00:00+00:00", "2024-03-30")
                                    .as_of("2024-03-30T13:00:00+00:00");
      CHECK(on_the_day.band("gemini_resolution") == "on_the_day");
      CHECK(on_the_day.due("gemini_resolution") == "2024-03-31T05:00:00+01:00");
    }
    SUBCASE("gemini_band_of and the gas-day instants directly") {
      const CivilDate d = CivilDate::from_ymd(2024, 10, 27);
      CHECK(gas_day_start(d, england().zone()) == scenarios::at("2024-10-27T05:00:00+00:00"));
      CHECK(gas_day_end(d, england().zone()) == scenarios::at("2024-10-28T05:00:00+00:00"));
      CHECK(gas_day_start(CivilDate::from_ymd(2024, 3, 31), england().zone()) ==
            scenarios::at("2024-03-31T05:00:00+01:00"));
      CHECK(gemini_band_of(scenarios::at("2024-10-28T04:59:59+00:00"), d, 15, england()) == GeminiBand::on_the_day);
      CHECK(gemini_band_of(scenarios::at("2024-10-28T05:00:00+00:00"), d, 15, england()) ==
            GeminiBand::within_exit_close_out);
    }
    SUBCASE("the acknowledge clock still runs in business hours for a Gemini contact") {
      // Received Sat 26 Oct 20:00 BST: counting starts Mon 28 09:00 GMT.
      const Clocks k = gemini_contact_received("G-ACK", "2024-10-26T20:00:00+01:00", "2024-10-27")
                           .as_of("2024-10-26T21:00:00+01:00");
      CHECK(k.due("acknowledge") == "2024-10-28T13:00:00+00:00");
    }
  }

  TEST_CASE("breach: notification within 4 clock hours, resolution within 2 business days") {
    // Identified Fri 2024-05-03 15:00 BST, before the early May bank holiday
    // (Mon 2024-05-06).
    const Scenario b = breach_identified("B-1", "2024-05-03T15:00:00+01:00", "high");

    SUBCASE("notification due 19:00 the same day, outside business hours (24x7)") {
      const Clocks k = b.as_of("2024-05-03T16:00:00+01:00");
      CHECK(k.started("breach_notification") == "2024-05-03T15:00:00+01:00");
      CHECK(k.due("breach_notification") == "2024-05-03T19:00:00+01:00");
      CHECK(k.status("breach_notification") == "pending");
      CHECK(k["breach_notification"].kind == EntityKind::breach);
      CHECK(k["breach_notification"].customer == "ACME Gas");
    }
    SUBCASE("notification at_risk after 3 elapsed hours, breached after 4") {
      CHECK(b.as_of("2024-05-03T17:59:59+01:00").status("breach_notification") == "pending");
      CHECK(b.as_of("2024-05-03T18:00:00+01:00").status("breach_notification") == "at_risk");
      CHECK(b.as_of("2024-05-03T19:00:00+01:00").status("breach_notification") == "at_risk");
      CHECK(b.as_of("2024-05-03T19:00:01+01:00").status("breach_notification") == "breached");
    }
    SUBCASE("notification stops at customers_notified") {
      Scenario on_time = b, late = b;
      on_time.add("customers_notified", "2024-05-03T18:30:00+01:00");
      late.add("customers_notified", "2024-05-03T19:00:01+01:00");
      CHECK(on_time.as_of("2024-05-04T09:00:00+01:00").status("breach_notification") == "met");
      CHECK(on_time.as_of("2024-05-04T09:00:00+01:00").stopped("breach_notification") == "2024-05-03T18:30:00+01:00");
      CHECK(late.as_of("2024-05-04T09:00:00+01:00").status("breach_notification") == "missed");
      // Notifying customers does not resolve the breach.
      CHECK(on_time.as_of("2024-05-04T09:00:00+01:00").status("breach_resolution") == "pending");
    }
    SUBCASE("resolution due close of business on the 2nd business day, skipping the bank holiday") {
      const Clocks k = b.as_of("2024-05-07T10:00:00+01:00");
      CHECK(k.due("breach_resolution") == "2024-05-08T17:00:00+01:00");
      // 2h Friday + 1h Tuesday of 18 business hours.
      CHECK(k.status("breach_resolution") == "pending");
      CHECK(b.as_of("2024-05-08T17:00:01+01:00").status("breach_resolution") == "breached");
      Scenario resolved = b;
      resolved.add("resolved", "2024-05-08T17:00:00+01:00");
      CHECK(resolved.as_of("2024-05-09T09:00:00+01:00").status("breach_resolution") == "met");
    }
    SUBCASE("rule version switch at 2020-04-01: medium breaches leave the notification clock") {
      const Clocks old_rules =
          breach_identified("B-2018", "2020-03-31T12:00:00+01:00", "medium").as_of("2020-03-31T13:00:00+01:00");
      CHECK(old_rules.status("breach_notification") == "pending");
      CHECK(old_rules.due("breach_notification") == "2020-03-31T16:00:00+01:00");
      CHECK(old_rules.rule_version("breach_notification") == "dsc-kvi-2018");
      CHECK(old_rules.rule_version("breach_resolution") == "dsc-kvi-2018");

      const Clocks new_rules =
          breach_identified("B-2020", "2020-04-01T10:00:00+01:00", "medium").as_of("2020-04-01T11:00:00+01:00");
      CHECK(new_rules.status("breach_notification") == "not_applicable");
      CHECK(new_rules.due("breach_notification") == "");
      CHECK(new_rules.rule_version("breach_notification") == "dsc-kvi-2020");
      CHECK(new_rules.rule_version("breach_resolution") == "dsc-kvi-2020");
      CHECK(new_rules.status("breach_resolution") == "pending");
      CHECK(new_rules.due("breach_resolution") == "2020-04-03T17:00:00+01:00");

      const Clocks critical =
          breach_identified("B-2020C", "2020-04-01T10:00:00+01:00", "critical").as_of("2020-04-01T11:00:00+01:00");
      CHECK(critical.status("breach_notification") == "pending");
      CHECK(critical.due("breach_notification") == "2020-04-01T14:00:00+01:00");
      CHECK(critical.rule_version("breach_notification") == "dsc-kvi-2020");
    }
    SUBCASE("the switch happens at 00:00 local (BST) on 2020-04-01") {
      CHECK(breach_identified("B-EDGE1", "2020-03-31T23:59:59+01:00", "low")
                .as_of("2020-04-01T09:00:00+01:00")
                .rule_version("breach_notification") == "dsc-kvi-2018");
      const Clocks k =
          breach_identified("B-EDGE2", "2020-04-01T00:00:00+01:00", "low").as_of("2020-04-01T09:00:00+01:00");
      CHECK(k.rule_version("breach_notification") == "dsc-kvi-2020");
      CHECK(k.status("breach_notification") == "not_applicable");
    }
    SUBCASE("a breach's later events are judged by the version in force when it was identified") {
      Scenario old = breach_identified("B-SPAN", "2020-03-31T12:00:00+01:00", "medium");
      old.add("customers_notified", "2020-04-01T10:00:00+01:00");
      const Clocks k = old.as_of("2020-04-01T11:00:00+01:00");
      CHECK(k.rule_version("breach_notification") == "dsc-kvi-2018");
      CHECK(k.status("breach_notification") == "missed");
    }
  }

  TEST_CASE("kpi: miss notice within 2 business days, no more than 2 consecutive misses") {
    SUBCASE("a missed P1 result: notice due 2 business days later, stopped by customers_notified") {
      // Recorded Fri 2024-05-03 10:00 BST; Mon 6 May is a bank holiday.
      const Scenario p1 = kpi_result("K-1", "2024-05-03T10:00:00+01:00", "KPI-07", "P1", "2024-04", false);
      const Clocks k = p1.as_of("2024-05-03T11:00:00+01:00");
      CHECK(k.started("kpi_miss_notice") == "2024-05-03T10:00:00+01:00");
      CHECK(k.due("kpi_miss_notice") == "2024-05-08T17:00:00+01:00");
      CHECK(k.status("kpi_miss_notice") == "pending");
      CHECK(k["kpi_miss_notice"].kind == EntityKind::kpi);
      CHECK(p1.as_of("2024-05-08T17:00:01+01:00").status("kpi_miss_notice") == "breached");

      Scenario notified = p1;
      notified.add("customers_notified", "2024-05-07T12:00:00+01:00");
      const Clocks n = notified.as_of("2024-05-09T09:00:00+01:00");
      CHECK(n.status("kpi_miss_notice") == "met");
      CHECK(n.stopped("kpi_miss_notice") == "2024-05-07T12:00:00+01:00");
    }
    SUBCASE("a missed P2 result runs the notice too") {
      CHECK(kpi_result("K-2", "2024-05-03T10:00:00+01:00", "KPI-08", "P2", "2024-04", false)
                .as_of("2024-05-03T11:00:00+01:00")
                .status("kpi_miss_notice") == "pending");
    }
    SUBCASE("a met result: not_applicable") {
      const Clocks k = kpi_result("K-3", "2024-05-03T10:00:00+01:00", "KPI-07", "P1", "2024-04", true)
                           .as_of("2024-05-03T11:00:00+01:00");
      CHECK(k.status("kpi_miss_notice") == "not_applicable");
      CHECK(k.status("kpi_consecutive") == "not_applicable");
    }
    SUBCASE("a missed P3 result: not_applicable") {
      const Clocks k = kpi_result("K-4", "2024-05-03T10:00:00+01:00", "KPI-30", "P3", "2024-04", false)
                           .as_of("2024-05-03T11:00:00+01:00");
      CHECK(k.status("kpi_miss_notice") == "not_applicable");
      CHECK(k.status("kpi_consecutive") == "not_applicable");
    }
    SUBCASE("kpi_consecutive: missed at 3 consecutive missed months, met at 2 (documented: met within the limit)") {
      const Scenario april = kpi_result("K-5", "2024-05-03T10:00:00+01:00", "KPI-07", "P1", "2024-04", false);

      KpiHistory three;
      three.add("KPI-07", "2024-02", false);
      three.add("KPI-07", "2024-03", false);
      // A one-off judgement: missed on the result that makes the run, and
      // stopped there, so it never stays running (breached) forever.
      const Clocks run = april.as_of("2024-05-03T11:00:00+01:00", &three);
      CHECK(run.status("kpi_consecutive") == "missed");
      CHECK(run.stopped("kpi_consecutive") == "2024-05-03T10:00:00+01:00");
      CHECK(run["kpi_consecutive"].stopped_by == StopCause::kpi_result);
      CHECK(run.reason("kpi_consecutive", scenarios::at("2024-05-03T11:00:00+01:00")) ==
            "KPI KPI-07 missed 3 consecutive months (2024-02, 2024-03, 2024-04), more than 2");
      const Clocks months_later = april.as_of("2024-09-03T11:00:00+01:00", &three);
      CHECK(months_later.status("kpi_consecutive") == "missed");
      CHECK(months_later.stopped("kpi_consecutive") == "2024-05-03T10:00:00+01:00");

      KpiHistory two;
      two.add("KPI-07", "2024-02", true);
      two.add("KPI-07", "2024-03", false);
      CHECK(april.as_of("2024-05-03T11:00:00+01:00", &two).status("kpi_consecutive") == "met");

      KpiHistory broken;  // a month with no result breaks the run
      broken.add("KPI-07", "2024-01", false);
      broken.add("KPI-07", "2024-02", false);
      CHECK(april.as_of("2024-05-03T11:00:00+01:00", &broken).status("kpi_consecutive") == "met");

      KpiHistory other_kpi;  // another KPI's misses do not count
      other_kpi.add("KPI-99", "2024-02", false);
      other_kpi.add("KPI-99", "2024-03", false);
      CHECK(april.as_of("2024-05-03T11:00:00+01:00", &other_kpi).status("kpi_consecutive") == "met");

      CHECK(april.as_of("2024-05-03T11:00:00+01:00").status("kpi_consecutive") == "met");
    }
    SUBCASE("kpi_consecutive counts across a year end") {
      KpiHistory h;
      h.add("KPI-07", "2023-11", false);
      h.add("KPI-07", "2023-12", false);
      CHECK(kpi_result("K-6", "2024-02-02T10:00:00Z", "KPI-07", "P1", "2024-01", false)
                .as_of("2024-02-02T11:00:00Z", &h)
                .status("kpi_consecutive") == "missed");
    }
  }

  TEST_CASE("rule versions and entities without clocks") {
    SUBCASE("every clock of a contact is judged by the version in force at its receipt") {
      Scenario c = contact_received("C-2018", "2020-03-31T16:00:00+01:00");
      c.add("acknowledged", "2020-04-01T10:00:00+01:00", expected("2020-04-03T17:00:00+01:00"));
      const Clocks k = c.as_of("2020-04-01T11:00:00+01:00");
      for (const auto& r : k.all()) {
        CAPTURE(r.clock);
        CHECK(r.rule_version == "dsc-kvi-2018");
      }
      CHECK(k.status("acknowledge") == "met");
      CHECK(k.due("acknowledge") == "2020-04-01T12:00:00+01:00");
    }
    SUBCASE("an entity opened before every rule version is not judged and says so, never an error") {
      const Scenario c = contact_received("C-1999", "2018-03-31T22:59:59Z");
      const Clocks early = c.as_of("2018-04-02T10:00:00+01:00");
      CHECK(early.names() == "acknowledge initial_response resolution revised_resolution regular_updates");
      for (const auto& r : early.all()) {
        CHECK(r.status == ClockStatus::not_applicable);
        CHECK(r.not_applicable_because == NotApplicableCause::no_rule_version);
      }
      CHECK(early.reason("acknowledge", scenarios::at("2018-04-02T10:00:00+01:00")) ==
            "not judged: no rule version was in force when it started (2018-03-31T22:59:59Z)");
      // A year beyond the calendar's precomputed span is not judged either.
      const Clocks far = contact_received("C-2199", "2199-06-01T10:00:00Z").as_of("2199-06-02T10:00:00Z");
      for (const auto& r : far.all()) CHECK(r.not_applicable_because == NotApplicableCause::outside_calendar);
      // 2018-04-01 00:00 BST is 2018-03-31 23:00 UTC.
      CHECK(contact_received("C-2018A", "2018-03-31T23:00:00Z")
                .as_of("2018-04-02T10:00:00+01:00")
                .rule_version("acknowledge") == "dsc-kvi-2018");
    }
    SUBCASE("surveys and reports carry no clocks") {
      Scenario survey(EntityKind::survey, "S-1");
      survey.add("response", "2024-04-02T10:00:00+01:00",
                 {{"kvi", "data_services"}, {"period", "2024-03"}, {"rating", "met"}});
      CHECK(survey.as_of("2024-04-03T10:00:00+01:00").all().empty());
      Scenario report(EntityKind::report, "R-1");
      report.add("delivered", "2024-04-02T10:00:00+01:00",
                 {{"kvi", "financial_reporting"}, {"period", "2024-Q1"}, {"due", "2024-04-30"}});
      CHECK(report.as_of("2024-04-03T10:00:00+01:00").all().empty());
    }
  }

  TEST_CASE("business time across the clock changes") {
    SUBCASE("received Fri 2024-10-25 15:00 BST: 4 business hours end Mon 11:00 GMT") {
      const Scenario c = contact_received("C-DST-AUT", "2024-10-25T15:00:00+01:00");
      const Clocks k = c.as_of("2024-10-25T16:00:00+01:00");
      CHECK(k.due("acknowledge") == "2024-10-28T11:00:00+00:00");
      // d0 = Fri 25; Mon 28, Tue 29, Wed 30, Thu 31.
      CHECK(k.due("initial_response") == "2024-10-31T17:00:00+00:00");
      // 2h Friday + 1h Monday makes 75%; the extra hour of Sunday is not business time.
      CHECK(c.as_of("2024-10-28T09:59:59+00:00").status("acknowledge") == "pending");
      CHECK(c.as_of("2024-10-28T10:00:00+00:00").status("acknowledge") == "at_risk");
    }
    SUBCASE("received Sat 2024-03-30 (GMT): counting starts Tue 2 April 09:00 BST") {
      const Clocks k = contact_received("C-DST-SPR", "2024-03-30T12:00:00Z").as_of("2024-03-31T12:00:00+01:00");
      CHECK(k.due("acknowledge") == "2024-04-02T13:00:00+01:00");
      // Not a business day: d0 is Tue 2; Wed 3, Thu 4, Fri 5, Mon 8.
      CHECK(k.due("initial_response") == "2024-04-08T17:00:00+01:00");
      CHECK(k.status("acknowledge") == "pending");
    }
    SUBCASE("received Fri 2024-03-22 16:00 GMT: 7 business days span the change and Easter") {
      const Clocks k = contact_received("C-DST-SPR2", "2024-03-22T16:00:00Z").as_of("2024-03-22T16:30:00Z");
      CHECK(k.due("acknowledge") == "2024-03-25T12:00:00+00:00");
      // Mon 25, Tue 26, Wed 27, Thu 28, Tue 2, Wed 3, Thu 4.
      CHECK(k.due("resolution") == "2024-04-04T17:00:00+01:00");
    }
  }

  TEST_CASE("acknowledge: a resolution without an acknowledgement stops the clock (documented choice)") {
    SUBCASE("resolved within 4 business hours: met") {
      Scenario c = contact_received("C-RNA", received_thu);
      c.add("resolved", "2024-04-02T11:00:00+01:00");
      const Clocks k = c.as_of("2024-04-20T12:00:00+01:00");
      CHECK(k.status("acknowledge") == "met");
      CHECK(k.stopped("acknowledge") == "2024-04-02T11:00:00+01:00");
    }
    SUBCASE("resolved after the acknowledgement was due: missed, not breached forever") {
      Scenario c = contact_received("C-RNB", received_thu);
      c.add("resolved", "2024-04-03T12:00:00+01:00");
      const Clocks k = c.as_of("2024-04-20T12:00:00+01:00");
      CHECK(k.status("acknowledge") == "missed");
      CHECK(k.stopped("acknowledge") == "2024-04-03T12:00:00+01:00");
    }
  }

}  // TEST_SUITE

}  // namespace slaclock
