// The service desk and operations through the library (issue 11): a KPI's
// consecutive-miss rule judged once, overdue re-judged at its instant from the
// stored state, --due-within in business time, and notices.
#include "ops_test_support.h"

#include <slaclock/ops/notices.h>
#include <slaclock/ops/overdue.h>
#include <slaclock/ops/replay.h>
#include <slaclock/ops/sweep.h>
#include <slaclock/store/notice_store.h>

#include <slaclock/base/error.h>
#include <slaclock/config/calendar_loader.h>

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace slaclock {
namespace {

using namespace ops_test;

std::string kpi_notified(const std::string& event_id, const std::string& entity, const std::string& happened) {
  return event_line(event_id, "kpi", entity, "customers_notified", happened, happened);
}

std::vector<ClockResult> overdue(const EventStore& store, const std::string& as_of, DueWithin due_within = {}) {
  OverdueQuery q;
  q.as_of = at(as_of);
  q.due_within = due_within;
  return overdue_clocks(store, q);
}

// What a fresh judgement at `as_of` says of the entity's clock.
ClockResult fresh(const EventStore& store, const std::string& entity, ClockId clock, const std::string& as_of) {
  const Replay r = replay_entity(store, entity, {at(as_of), false, {}});
  for (const ClockResult& c : r.clocks)
    if (c.clock == clock) return c;
  FAIL("no clock " << clock_name(clock) << " for " << entity);
  return {};
}

const Calendar& england() {
  static const Calendar cal = load_calendar("england-and-wales");
  return cal;
}

// The end of a --due-within window from `from`, in London time.
std::string window_end(const std::string& window, const std::string& from) {
  return format_instant(parse_due_within(window).last_due(at(from), england()), england().zone());
}

std::string parse_error(const std::string& window) {
  try {
    parse_due_within(window);
  } catch (const InputError& e) {
    return e.why();
  }
  return "parsed";
}

StoredNotice notice(const EventStore& store, std::int64_t id) {
  NoticeQuery q;
  q.ids = {id};
  const auto found = list_notices(store, q);
  REQUIRE(found.size() == 1);
  return found[0];
}

}  // namespace

TEST_SUITE("service desk") {
  TEST_CASE("--due-within: business days, business time and elapsed time, parsed once into a typed window") {
    CHECK(parse_due_within("1bd").unit() == DueWithin::Unit::business_days);
    CHECK(parse_due_within("1bd").amount() == 1);
    CHECK(parse_due_within("4bh").unit() == DueWithin::Unit::business_time);
    CHECK(parse_due_within("4bh").amount() == 4 * 3600);
    CHECK(parse_due_within("1bh30bm").amount() == 5400);
    CHECK(parse_due_within("1d4h").unit() == DueWithin::Unit::elapsed);
    CHECK(parse_due_within("1d4h").amount() == 28 * 3600);
    CHECK(parse_due_within("90m").amount() == 5400);
    CHECK(parse_due_within("45").amount() == 45);  // a bare number is seconds, as before
    CHECK(parse_due_within("0h").empty());
    CHECK(parse_error("").find("empty") != std::string::npos);
    CHECK(parse_error("soon").find("expected a number") != std::string::npos);
    CHECK(parse_error("4x").find("unknown unit 'x'") != std::string::npos);
    CHECK(parse_error("1d4").find("needs a unit") != std::string::npos);
    CHECK(parse_error("1bd4bh").find("business days stand alone") != std::string::npos);
    CHECK(parse_error("4bh1h").find("do not mix") != std::string::npos);
    CHECK(parse_error("0bd").find("at least 1") != std::string::npos);

    SUBCASE("Nbd: to the close of the N-th business day, the current one first while it is open") {
      CHECK(window_end("1bd", "2024-06-07T10:00:00+01:00") == "2024-06-07T17:00:00+01:00");  // Fri morning: today
      CHECK(window_end("2bd", "2024-06-07T10:00:00+01:00") == "2024-06-10T17:00:00+01:00");
      CHECK(window_end("1bd", "2024-06-07T16:59:59+01:00") == "2024-06-07T17:00:00+01:00");
      CHECK(window_end("1bd", "2024-06-07T17:00:00+01:00") == "2024-06-10T17:00:00+01:00");  // at close: Monday
      CHECK(window_end("1bd", "2024-06-07T18:00:00+01:00") == "2024-06-10T17:00:00+01:00");  // Friday evening
      CHECK(window_end("1bd", "2024-06-08T12:00:00+01:00") == "2024-06-10T17:00:00+01:00");  // Saturday
      CHECK(window_end("1bd", "2024-06-10T07:00:00+01:00") == "2024-06-10T17:00:00+01:00");  // before opening
      // Thursday before Easter: Good Friday, the weekend (clocks go forward)
      // and Easter Monday are skipped: Tue 2 Apr 17:00 BST.
      CHECK(window_end("1bd", "2024-03-28T18:00:00Z") == "2024-04-02T17:00:00+01:00");
      // Friday before the clocks go back: Mon 28 Oct 17:00 GMT.
      CHECK(window_end("1bd", "2024-10-25T18:00:00+01:00") == "2024-10-28T17:00:00+00:00");
      // Friday before the late May bank holiday: Tue 28 May.
      CHECK(window_end("1bd", "2024-05-24T18:00:00+01:00") == "2024-05-28T17:00:00+01:00");
    }
    SUBCASE("Nbh: business hours from the instant, counting from the next opening out of hours") {
      CHECK(window_end("4bh", "2024-06-07T18:00:00+01:00") == "2024-06-10T13:00:00+01:00");
      CHECK(window_end("4bh", "2024-06-07T15:00:00+01:00") == "2024-06-10T11:00:00+01:00");
      CHECK(window_end("4bh", "2024-03-28T16:00:00Z") == "2024-04-02T12:00:00+01:00");       // across Easter and BST
      CHECK(window_end("4bh", "2024-10-25T15:00:00+01:00") == "2024-10-28T11:00:00+00:00");  // back to GMT
    }
    SUBCASE("elapsed and none need no calendar") {
      CHECK(window_end("1d", "2024-06-07T18:00:00+01:00") == "2024-06-08T18:00:00+01:00");
      CHECK(format_utc(DueWithin{}.last_due(at("2024-06-07T18:00:00Z"))) == "2024-06-07T17:59:59Z");
    }
  }

  TEST_CASE("Friday evening: a clock due Monday 17:00 shows with 1bd, not with 1d") {
    OpsStore w;
    // initial_response, 4 business days: C-TUE received Tue 4 Jun 2024 (day
    // 0): Wed, Thu, Fri, Mon -> due Mon 10 Jun 17:00 BST. C-WED received Wed
    // 5 Jun -> due Tue 11 Jun 17:00 BST.
    w.import(received("E1", "C-TUE", "2024-06-04T10:00:00+01:00", "2024-06-04T10:00:00+01:00", "Acme Gas") +
             received("E2", "C-WED", "2024-06-05T10:00:00+01:00", "2024-06-05T10:00:00+01:00", "Acme Gas"));
    w.sweep("2024-06-07T18:00:00+01:00");
    const auto initial_responses = [&](const std::string& when, DueWithin window) {
      OverdueQuery q;
      q.as_of = at(when);
      q.due_within = window;
      q.clock = clock_filter("initial_response");
      return keys_of(overdue_clocks(w.store, q));
    };
    const std::string friday = "2024-06-07T18:00:00+01:00";
    CHECK(initial_responses(friday, parse_due_within("1bd")) == "C-TUE/initial_response");
    CHECK(initial_responses(friday, parse_due_within("1d")) == "");  // Sat 18:00: the old surprise
    CHECK(initial_responses(friday, parse_due_within("3d")) == "C-TUE/initial_response");
    CHECK(initial_responses(friday, parse_due_within("2bd")) == "C-TUE/initial_response C-WED/initial_response");
    CHECK(initial_responses(friday, parse_due_within("8bh")) == "C-TUE/initial_response");  // Mon 17:00 exactly
    CHECK(initial_responses(friday, parse_due_within("7bh59bm")) == "");
    // The boundary on Monday: one second before the close, 1bd is Monday's
    // close; at the close it is Tuesday's.
    CHECK(initial_responses("2024-06-10T16:59:59+01:00", parse_due_within("1bd")) == "C-TUE/initial_response");
    CHECK(initial_responses("2024-06-10T17:00:00+01:00", parse_due_within("1bd")) ==
          "C-TUE/initial_response C-WED/initial_response");
    const auto listed = overdue(w.store, friday, parse_due_within("1bd"));
    const ClockResult ir = must_find(listed, "C-TUE", "initial_response");
    CHECK(status_of(ir) == "at_risk");
  }

  TEST_CASE("overdue judges status, figures and reason at its instant, not the sweep's") {
    OpsStore w;
    // Received Thu 2024-03-28 16:00 GMT; acknowledge (4 business hours) due
    // Tue 2 Apr 12:00 BST = 11:00Z (Good Friday, Easter Monday and the
    // weekend skipped, BST from Sun 31 Mar); at risk from 3h used, Tue 11:00 BST.
    w.import(received("E1", "C-1", "2024-03-28T16:00:00Z", "2024-03-28T16:00:00Z", "Acme Gas"));
    w.sweep("2024-03-28T16:30:00Z");  // 30 minutes used: the sweep stored "13% used"
    const ClockResult stored = must_find(w.stored("C-1", "2024-03-28T16:30:00Z"), "C-1", "acknowledge");
    CHECK(stored.reason == "running; due 2024-04-02T12:00:00+01:00 (4 business hours), 13% used in business time");

    SUBCASE("at risk: Tue 10:30 BST, 1h on Thursday + 1h30m on Tuesday used") {
      const auto soon = overdue(w.store, "2024-04-02T10:30:00+01:00", Seconds::hours(2));
      REQUIRE(soon.size() == 1);
      const ClockResult& ack = soon[0];
      CHECK(status_of(ack) == "pending");
      CHECK(ack.measure == Measure::business);
      CHECK(ack.allowance_seconds == 4 * 3600);
      CHECK(ack.used_seconds == 9000);
      CHECK(ack.remaining_seconds() == 5400);
      CHECK(ack.percent_used() == doctest::Approx(62.5));
      CHECK(ack.reason == "running; due 2024-04-02T12:00:00+01:00 (4 business hours), 63% used in business time");
    }
    SUBCASE("past due: Tue 12:30 BST, 4h30m used, 30 minutes overdue") {
      const auto late = overdue(w.store, "2024-04-02T12:30:00+01:00");
      REQUIRE(late.size() == 1);
      const ClockResult& ack = late[0];
      CHECK(status_of(ack) == "breached");
      CHECK(ack.used_seconds == 4 * 3600 + 1800);
      CHECK(ack.remaining_seconds() == -1800);
      CHECK(ack.percent_used() == doctest::Approx(112.5));
      CHECK(ack.reason == "running; due 2024-04-02T12:00:00+01:00 (4 business hours), 30m overdue");
    }
    SUBCASE("over the weekend nothing is used in business time, though elapsed time passes") {
      const auto a = overdue(w.store, "2024-03-29T12:00:00Z", Seconds::hours(24 * 7));       // Good Friday
      const auto b = overdue(w.store, "2024-04-01T23:00:00+01:00", Seconds::hours(24 * 7));  // Easter Monday night
      REQUIRE_FALSE(a.empty());
      REQUIRE_FALSE(b.empty());
      CHECK(clock_of(a[0]) == "acknowledge");
      CHECK(clock_of(b[0]) == "acknowledge");
      CHECK(a[0].used_seconds == 3600);
      CHECK(b[0].used_seconds == 3600);
      CHECK(a[0].reason == b[0].reason);
    }
  }

  TEST_CASE("overdue at a later instant says what a fresh judgement then says, for every kind of running clock") {
    OpsStore w;
    // C-N: a plain contact, received Mon 2024-06-03 10:00 BST and acknowledged
    //   at 11:00 (regular updates then run from the acknowledgement).
    // C-G: a Gemini contact for gas day 2024-06-06 received the day before
    //   (24x7: elapsed measure, due at the start of the gas day).
    // C-R: a revised resolution date agreed (elapsed, due at the agreed date).
    // C-U: acknowledged, then no update for more than 5 business days: the
    //   regular_updates gap is broken while the contact is still open.
    // B-1: a high breach (4 elapsed hours to notify, 2 business days to resolve).
    // K-1: a missed P1 KPI, nobody told yet (2 business days).
    w.import(
        received("E1", "C-N", "2024-06-03T10:00:00+01:00", "2024-06-03T10:00:00+01:00", "Acme Gas") +
        acknowledged("E2", "C-N", "2024-06-03T11:00:00+01:00", "2024-06-03T11:00:00+01:00",
                     "2024-06-12T17:00:00+01:00") +
        event_line(
            "E3", "contact", "C-G", "received", "2024-06-05T09:00:00+01:00", "2024-06-05T09:00:00+01:00",
            {{"customer", "Borealis"}, {"customer_class", "shipper"}, {"gemini", "true"}, {"gas_day", "2024-06-06"}}) +
        received("E4", "C-R", "2024-06-03T10:00:00+01:00", "2024-06-03T10:00:00+01:00", "Acme Gas") +
        event_line("E5", "contact", "C-R", "update_sent", "2024-06-04T10:00:00+01:00", "2024-06-04T10:00:00+01:00",
                   {{"revised_resolution", "2024-06-21T17:00:00+01:00"}}) +
        received("E6", "C-U", "2024-05-20T10:00:00+01:00", "2024-05-20T10:00:00+01:00", "Borealis") +
        acknowledged("E7", "C-U", "2024-05-20T11:00:00+01:00", "2024-05-20T11:00:00+01:00",
                     "2024-06-28T17:00:00+01:00") +
        contact_event("E8", "C-U", "update_sent", "2024-06-03T10:00:00+01:00", "2024-06-03T10:00:00+01:00") +
        breach_identified("E9", "B-1", "2024-06-03T10:00:00+01:00", "2024-06-03T10:00:00+01:00", "high", "Acme Gas") +
        kpi_result("E10", "K-1", "2024-06-03T10:00:00+01:00", "2024-06-03T10:00:00+01:00", "KPI-07", "2024-05", false));
    w.sweep("2024-06-05T12:00:00+01:00");  // every event above happened, and was recorded, by then

    for (const std::string when :
         {"2024-06-05T12:00:00+01:00", "2024-06-05T15:00:00+01:00", "2024-06-06T09:30:00+01:00",
          "2024-06-12T16:59:59+01:00", "2024-06-24T08:00:00+01:00"}) {
      CAPTURE(when);
      const auto listed = overdue(w.store, when, Seconds::hours(24 * 60));
      CHECK(listed.size() >= 10);
      for (const ClockResult& c : listed) {
        CAPTURE(c.entity_id);
        const std::string clock = clock_name(c.clock);
        CAPTURE(clock);
        const ClockResult now = fresh(w.store, c.entity_id, c.clock, when);
        CHECK(status_of(c) == status_of(now));
        CHECK(c.measure == now.measure);
        CHECK(c.allowance_seconds == now.allowance_seconds);
        CHECK(c.used_seconds == now.used_seconds);
        CHECK(c.basis == now.basis);
        CHECK(c.reason == now.reason);
      }
    }
    // The kinds covered, at the last instant: every one breached by then.
    const auto last = overdue(w.store, "2024-06-24T08:00:00+01:00");
    for (const char* key : {"C-G/gemini_resolution", "C-R/revised_resolution", "C-U/regular_updates",
                            "B-1/breach_notification", "B-1/breach_resolution", "K-1/kpi_miss_notice"})
      CHECK(keys_of(last).find(key) != std::string::npos);
    const ClockResult gap = must_find(last, "C-U", "regular_updates");
    CHECK(utc(gap.late_contact_at) == "2024-06-03T09:00:00Z");
    CHECK(must_find(last, "C-G", "gemini_resolution").measure == Measure::elapsed);
  }
  TEST_CASE("kpi_consecutive: missed once on the result that makes the run, a breached notice, and no exit 1 after") {
    OpsStore w;
    // KPI-07 missed February, March and April 2024: the April result (Fri 3
    // May 10:00 BST) makes a run of three, more than the limit of two. Each
    // miss notice went out the same day, so no other clock runs past due.
    w.import(kpi_result("K1", "K-FEB", "2024-03-05T10:00:00Z", "2024-03-05T10:00:00Z", "KPI-07", "2024-02", false) +
             kpi_notified("K1n", "K-FEB", "2024-03-05T12:00:00Z") +
             kpi_result("K2", "K-MAR", "2024-04-04T10:00:00+01:00", "2024-04-04T10:00:00+01:00", "KPI-07", "2024-03",
                        false) +
             kpi_notified("K2n", "K-MAR", "2024-04-04T12:00:00+01:00") +
             kpi_result("K3", "K-APR", "2024-05-03T10:00:00+01:00", "2024-05-03T10:00:00+01:00", "KPI-07", "2024-04",
                        false) +
             kpi_notified("K3n", "K-APR", "2024-05-03T12:00:00+01:00"));

    const SweepSummary first = w.sweep("2024-05-03T18:00:00+01:00");
    const ClockResult run = must_find(w.stored("K-APR", "2024-05-03T18:00:00+01:00"), "K-APR", "kpi_consecutive");
    CHECK(status_of(run) == "missed");
    CHECK(utc(run.stopped_at) == "2024-05-03T09:00:00Z");
    CHECK(run.reason == "KPI KPI-07 missed 3 consecutive months (2024-02, 2024-03, 2024-04), more than 2");
    CHECK(status_of(must_find(w.stored("K-MAR", "2024-05-03T18:00:00+01:00"), "K-MAR", "kpi_consecutive")) == "met");
    // Nothing runs past due: cron's exit status is 0, though the KPI was missed.
    CHECK_FALSE(first.anything_breached());
    CHECK(first.new_notices == 1);  // the breached notice for K-APR's run
    REQUIRE(first.new_notice_ids.size() == 1);

    // Months later nothing has changed: still missed, no new notice, exit 0.
    const SweepSummary later = w.sweep("2024-09-03T18:00:00+01:00");
    CHECK_FALSE(later.anything_breached());
    CHECK(later.new_notices == 0);
    CHECK(status_of(must_find(w.stored("K-APR", "2024-09-03T18:00:00+01:00"), "K-APR", "kpi_consecutive")) == "missed");
  }

  TEST_CASE("notices: listed with filters, marked sent once, append-only, and unknown ids record nothing") {
    OpsStore w;
    w.import(
        received("E1", "C-1", "2024-03-28T16:00:00Z", "2024-03-28T16:00:00Z", "Acme Gas") +
        received("E2", "C-2", "2024-03-28T16:00:00Z", "2024-03-28T16:00:00Z", "Borealis") +
        breach_identified("E3", "B-1", "2024-04-02T10:00:00+01:00", "2024-04-02T10:00:00+01:00", "high", "Acme Gas"));
    // Tue 2 Apr 11:30 BST: both acknowledgements at risk (from 11:00 BST);
    // the breach's customers must be notified (4 elapsed hours, by 14:00 BST;
    // still pending at 12:30, 62.5% used).
    const SweepSummary first = w.sweep("2024-04-02T11:30:00+01:00");
    CHECK(first.new_notices == 3);
    // 12:30 BST: both acknowledgements breached.
    const SweepSummary second = w.sweep("2024-04-02T12:30:00+01:00");
    CHECK(second.new_notices == 2);

    const auto all = list_notices(w.store, {});
    REQUIRE(all.size() == 5);
    CHECK(all[0].id < all[4].id);
    const auto kinds = [](const std::vector<StoredNotice>& ns) {
      std::string out;
      for (const auto& n : ns) out += (out.empty() ? "" : " ") + n.entity_id + "/" + notice_kind_name(n.kind);
      return out;
    };
    CHECK(kinds(all) == "B-1/notify_customers C-1/at_risk C-2/at_risk C-1/breached C-2/breached");
    const StoredNotice& b = all[0];
    CHECK(b.entity_kind == EntityKind::breach);
    CHECK(b.clock == ClockId::breach_notification);
    CHECK(b.customer == "Acme Gas");
    CHECK(utc(b.due_at) == "2024-04-02T13:00:00Z");
    CHECK(utc(b.raised_at) == "2024-04-02T10:30:00Z");
    CHECK(b.sweep_id == first.sweep_id);
    CHECK(b.calendar == "england-and-wales");
    CHECK_FALSE(b.sent);

    NoticeQuery q;
    q.since = at("2024-04-02T12:00:00+01:00");
    CHECK(kinds(list_notices(w.store, q)) == "C-1/breached C-2/breached");
    q = {};
    q.kind = NoticeKind::at_risk;
    CHECK(kinds(list_notices(w.store, q)) == "C-1/at_risk C-2/at_risk");
    q = {};
    q.customer = "Borealis";
    CHECK(kinds(list_notices(w.store, q)) == "C-2/at_risk C-2/breached");
    q = {};
    q.ids = second.new_notice_ids;
    CHECK(kinds(list_notices(w.store, q)) == "C-1/breached C-2/breached");

    const NoticeDelivery by_hand{at("2024-04-02T13:00:00+01:00"), "desk-1", DeliveryVia::mark_sent, ""};
    // An unknown id: an InputError naming it, and nothing recorded.
    CHECK_THROWS_WITH_AS(record_notice_deliveries(w.store, {all[1].id, 999}, by_hand), doctest::Contains("999"),
                         InputError);
    NoticeQuery unsent;
    unsent.unsent_only = true;
    CHECK(list_notices(w.store, unsent).size() == 5);

    CHECK(record_notice_deliveries(w.store, {all[1].id, all[2].id}, by_hand).empty());
    CHECK(kinds(list_notices(w.store, unsent)) == "B-1/notify_customers C-1/breached C-2/breached");
    const StoredNotice marked = notice(w.store, all[1].id);
    REQUIRE(marked.sent);
    CHECK(marked.sent->sent_by == "desk-1");
    CHECK(marked.sent->via == DeliveryVia::mark_sent);
    CHECK(utc(marked.sent->sent_at) == "2024-04-02T12:00:00Z");
    // Marking it again records nothing and says so; the first delivery stands.
    const NoticeDelivery later{at("2024-04-03T09:00:00+01:00"), "desk-2", DeliveryVia::mark_sent, ""};
    CHECK(record_notice_deliveries(w.store, {all[1].id}, later) == std::vector<std::int64_t>{all[1].id});
    CHECK(notice(w.store, all[1].id).sent->sent_by == "desk-1");

    const EventStore ro = EventStore::open(w.db_path(), OpenMode::read_only);
    CHECK(list_notices(ro, {}).size() == 5);  // the desk reads a read-only store
    CHECK_THROWS_AS(record_notice_deliveries(const_cast<EventStore&>(ro), {all[0].id}, by_hand), StoreError);
  }

  TEST_CASE("sweep notify: after the commit, once per unsent notice, a failure stays unsent and is retried") {
    OpsStore w;
    w.import(received("E1", "C-1", "2024-03-28T16:00:00Z", "2024-03-28T16:00:00Z", "Acme Gas"));
    std::vector<std::string> calls;
    bool fail = true;
    std::optional<Instant> seen_by_a_reader;
    SweepOptions o;
    o.now = wall_clock;
    NotifyOptions notify;
    notify.deliver = [&](const StoredNotice& n) {
      calls.push_back(n.entity_id + "/" + notice_kind_name(n.kind));
      // Another connection already sees the sweep: it has committed.
      seen_by_a_reader = latest_sweep_as_of(EventStore::open(w.db_path(), OpenMode::read_only));
      return !fail;
    };
    notify.now = [] { return at("2024-04-02T12:00:00Z"); };
    notify.sent_by = "cron";
    notify.command = "notify-desk";
    o.notify = notify;

    o.as_of = at("2024-04-02T11:30:00+01:00");  // acknowledge at risk
    const SweepSummary first = run_sweep(w.store, o);
    REQUIRE(first.notified);
    CHECK(first.notified->attempted == 1);
    CHECK(first.notified->delivered == 0);
    CHECK(first.notified->failed == first.new_notice_ids);
    CHECK(utc(seen_by_a_reader) == "2024-04-02T10:30:00Z");
    NoticeQuery unsent;
    unsent.unsent_only = true;
    CHECK(list_notices(w.store, unsent).size() == 1);

    // The next sweep raises the breached notice and retries the at-risk one.
    fail = false;
    o.as_of = at("2024-04-02T12:30:00+01:00");
    const SweepSummary second = run_sweep(w.store, o);
    CHECK(calls == std::vector<std::string>{"C-1/at_risk", "C-1/at_risk", "C-1/breached"});
    CHECK(second.notified->attempted == 2);
    CHECK(second.notified->delivered == 2);
    CHECK(second.notified->failed.empty());
    CHECK(list_notices(w.store, unsent).empty());
    const StoredNotice sent = list_notices(w.store, {}).at(0);
    REQUIRE(sent.sent);
    CHECK(sent.sent->via == DeliveryVia::notify_cmd);
    CHECK(sent.sent->sent_by == "cron");
    CHECK(sent.sent->command == "notify-desk");

    // Nothing left to send: the command is not run again.
    o.as_of = at("2024-04-02T13:30:00+01:00");
    CHECK(run_sweep(w.store, o).notified->attempted == 0);
    CHECK(calls.size() == 3);

    // A dry run sends nothing.
    CHECK_THROWS_AS(preview_sweep(w.store, o), InputError);
  }
}

}  // namespace slaclock
