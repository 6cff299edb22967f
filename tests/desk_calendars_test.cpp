// Calendars per customer and per entity, and pause and resume (issue 11,
// items 5 and 6), through the library: the rule version's customer and
// customer-class mapping, the opening event's own calendar, the calendars a
// sweep records and replay uses again; on_hold/off_hold across the Easter
// bank holidays, a hold still open, edge cases, and overdue judging a held
// clock as a fresh judgement would.
#include "ops_test_support.h"

#include <slaclock/base/error.h>
#include <slaclock/clock/holds.h>
#include <slaclock/config/rule_loader.h>
#include <slaclock/ops/version_files.h>
#include <slaclock/store/version_store.h>

namespace slaclock::ops_test {
namespace {

// A site's own rule version: Scottish and Northern Irish customers on their
// calendars, and holds pausing acknowledge and resolution.
const char* site_rules = R"(version: site-2024
effective_from: 2024-01-01
customer_calendars:
  customers:
    Caledonia Gas: scotland
  customer_classes:
    ni_shipper: northern-ireland
pausable_clocks: [acknowledge, resolution]
)";

struct SiteStore : OpsStore {
  SiteStore() {
    write_file(dir / "site.yaml", site_rules);
    load_rules_file_version(store, dir / "site.yaml", wall_clock);
  }
};

std::string with_fields(const std::string& id, const std::string& entity, const std::string& happened,
                        const std::string& recorded, const Fields& fields) {
  return event_line(id, "contact", entity, "received", happened, recorded, fields);
}

std::string hold(const std::string& id, const std::string& entity, const std::string& type, const std::string& happened,
                 const std::string& reason) {
  Fields f;
  if (!reason.empty()) f["reason"] = reason;
  return event_line(id, "contact", entity, type, happened, happened, f);
}

ClockResult replayed(const EventStore& store, const std::string& entity, const std::string& clock,
                     const std::string& as_of, bool as_known = false) {
  ReplayOptions o;
  o.as_of = at(as_of);
  o.as_known = as_known;
  return must_find(replay_entity(store, entity, o).clocks, entity, clock);
}

// Received Thursday 28 March 2024 10:00 (GMT), acknowledged 11:00, on hold
// 14:00 awaiting the customer, off hold Tuesday 2 April 11:00 BST: Good
// Friday and Easter Monday are bank holidays in England and Wales, so the
// hold is 5 business hours (Thu 14-17, Tue 09-11).
const std::string easter_hold =
    received("H1", "C-H", "2024-03-28T10:00:00Z", "2024-03-28T10:00:00Z", "Example Gas Ltd") +
    acknowledged("H2", "C-H", "2024-03-28T11:00:00Z", "2024-03-28T11:00:00Z", "2024-04-12T17:00:00+01:00") +
    hold("H3", "C-H", "on_hold", "2024-03-28T14:00:00Z", "awaiting customer") +
    hold("H4", "C-H", "off_hold", "2024-04-02T11:00:00+01:00", "customer replied");

// The shipped Scottish calendar with one more closure: Wednesday 3 January 2024.
std::string scotland_closed_3_january() {
  std::string text = read_file(calendars_dir() / "scotland.yaml");
  const std::string key = "  additions:\n";
  const auto pos = text.find(key);
  REQUIRE(pos != std::string::npos);
  text.insert(pos + key.size(), "    - {date: 2024-01-03, name: \"Office closed\"}\n");
  return text;
}

}  // namespace

TEST_SUITE("calendars per customer and pause") {
  TEST_CASE("a Scottish customer's contact is due on the Scottish calendar: 2 January is a holiday there only") {
    SiteStore s;
    // Tuesday 2 January 2024 10:00: a business day in England and Wales, a
    // bank holiday in Scotland.
    s.import(received("S1", "C-S", "2024-01-02T10:00:00Z", "2024-01-02T10:00:00Z", "Caledonia Gas") +
             received("E1", "C-E", "2024-01-02T10:00:00Z", "2024-01-02T10:00:00Z", "Example Gas Ltd"));
    const ClockResult scot = replayed(s.store, "C-S", "acknowledge", "2024-01-02T12:00:00Z");
    CHECK(scot.calendar == "scotland");
    CHECK(utc(scot.due_at) == "2024-01-03T13:00:00Z");  // 4 business hours from Wed 09:00
    const ClockResult eng = replayed(s.store, "C-E", "acknowledge", "2024-01-02T12:00:00Z");
    CHECK(eng.calendar == "england-and-wales");
    CHECK(utc(eng.due_at) == "2024-01-02T14:00:00Z");
  }

  TEST_CASE("a customer class maps to its calendar, and the customer's own entry wins over it") {
    SiteStore s;
    // St Patrick's Day 2024 is a Sunday: Monday 18 March is the Northern
    // Irish bank holiday. Received Friday 15 March 16:00.
    s.import(with_fields("N1", "C-N", "2024-03-15T16:00:00Z", "2024-03-15T16:00:00Z",
                         {{"customer", "Belfast Gas"}, {"customer_class", "ni_shipper"}}) +
             with_fields("N2", "C-N2", "2024-03-15T16:00:00Z", "2024-03-15T16:00:00Z",
                         {{"customer", "Caledonia Gas"}, {"customer_class", "ni_shipper"}}));
    const ClockResult ni = replayed(s.store, "C-N", "acknowledge", "2024-03-15T17:00:00Z");
    CHECK(ni.calendar == "northern-ireland");
    CHECK(utc(ni.due_at) == "2024-03-19T12:00:00Z");  // 1h Friday, Monday a holiday, 3h Tuesday
    CHECK(replayed(s.store, "C-N2", "acknowledge", "2024-03-15T17:00:00Z").calendar == "scotland");
  }

  TEST_CASE("the opening event's calendar overrides the customer mapping and the rule version") {
    SiteStore s;
    s.import(
        with_fields("O1", "C-O1", "2024-01-02T10:00:00Z", "2024-01-02T10:00:00Z",
                    {{"customer", "Example Gas Ltd"}, {"customer_class", "shipper"}, {"calendar", "scotland"}}) +
        with_fields("O2", "C-O2", "2024-01-02T10:00:00Z", "2024-01-02T10:00:00Z",
                    {{"customer", "Caledonia Gas"}, {"customer_class", "shipper"}, {"calendar", "england-and-wales"}}) +
        event_line("B1", "breach", "B-1", "identified", "2024-01-02T10:00:00Z", "2024-01-02T10:00:00Z",
                   {{"severity", "high"}, {"customers", "Caledonia Gas"}}));
    const ClockResult o1 = replayed(s.store, "C-O1", "acknowledge", "2024-01-02T12:00:00Z");
    CHECK(o1.calendar == "scotland");
    CHECK(utc(o1.due_at) == "2024-01-03T13:00:00Z");
    const ClockResult o2 = replayed(s.store, "C-O2", "acknowledge", "2024-01-02T12:00:00Z");
    CHECK(o2.calendar == "england-and-wales");
    CHECK(utc(o2.due_at) == "2024-01-02T14:00:00Z");
    // A breach naming one mapped customer counts on that customer's calendar.
    const ClockResult b = replayed(s.store, "B-1", "breach_resolution", "2024-01-02T12:00:00Z");
    CHECK(b.calendar == "scotland");
    CHECK(utc(b.due_at) == "2024-01-05T17:00:00Z");  // 2 January is not day 0 in Scotland
  }

  TEST_CASE("an unknown calendar on an opening event is a rejected line naming the field and the known ones") {
    SiteStore s;
    const auto file = s.dir / "bad.jsonl";
    write_file(file, with_fields("U1", "C-U", "2024-01-02T10:00:00Z", "2024-01-02T10:00:00Z",
                                 {{"customer", "X"}, {"customer_class", "shipper"}, {"calendar", "narnia"}}));
    ImportRequest req;
    req.files = {file.string()};
    req.now = wall_clock;
    try {
      import_events(s.store, req);
      FAIL("the import should have been refused");
    } catch (const ImportError& e) {
      REQUIRE(e.problems().size() == 1);
      CHECK(e.problems()[0].where.field == "calendar");
      CHECK(e.problems()[0].reason.find("unknown calendar 'narnia'") != std::string::npos);
      CHECK(e.problems()[0].reason.find("scotland") != std::string::npos);
    }
    CHECK(s.store.last_sequence() == 0);  // nothing stored
  }

  TEST_CASE("rule versions: the mapping's calendars must exist and only allowance clocks can pause") {
    TempDir d;
    const auto check_refused = [&](const std::string& yaml, const std::string& field, const std::string& why) {
      write_file(d / "r.yaml", yaml);
      try {
        read_rule_set(d / "r.yaml");
        FAIL("should be refused: " << yaml);
      } catch (const ConfigError& e) {
        CHECK(std::string(e.what()).find(field) != std::string::npos);
        CHECK(std::string(e.what()).find(why) != std::string::npos);
      }
    };
    check_refused("version: x\neffective_from: 2024-01-01\ncustomer_calendars:\n  customers:\n    A: narnia\n",
                  "customer_calendars.customers.A", "narnia");
    check_refused("version: x\neffective_from: 2024-01-01\ncustomer_calendars:\n  regions: {}\n", "regions",
                  "unknown key");
    check_refused("version: x\neffective_from: 2024-01-01\npausable_clocks: [gemini_resolution]\n",
                  "pausable_clocks[0]", "cannot pause");
    check_refused("version: x\neffective_from: 2024-01-01\npausable_clocks: [resolution, resolution]\n",
                  "pausable_clocks[1]", "twice");
    write_file(d / "ok.yaml", site_rules);
    const RuleSet r = read_rule_set(d / "ok.yaml");
    CHECK(r.customer_calendars.at("Caledonia Gas") == "scotland");
    CHECK(r.customer_class_calendars.at("ni_shipper") == "northern-ireland");
    CHECK(r.paused_clocks() == std::set<ClockId>{ClockId::acknowledge, ClockId::resolution});
    CHECK(r.calendars_named() == std::set<std::string>{"england-and-wales", "northern-ireland", "scotland"});
    // The shipped versions pause nothing.
    CHECK(read_rule_set(rules_dir() / "dsc-kvi-2020.yaml").paused_clocks().empty());
  }

  TEST_CASE("every calendar a sweep judged by is recorded, and replay as known uses exactly that version") {
    SiteStore s;
    s.import(received("S1", "C-S", "2024-01-02T10:00:00Z", "2024-01-02T10:00:00Z", "Caledonia Gas"));
    s.sweep("2024-01-02T12:00:00Z");
    const auto versions = versions_of_sweep_by(s.store, at("2024-01-02T12:00:00Z"));
    REQUIRE(versions);
    for (const char* name : {"england-and-wales", "scotland", "northern-ireland"}) {
      INFO(name);
      REQUIRE(versions->calendars.count(name) == 1);
      CHECK(stored_calendar(s.store, name, versions->calendars.at(name)).has_value());
    }
    // A new Scottish calendar version closes Wednesday 3 January too.
    write_file(s.dir / "scotland.yaml", scotland_closed_3_january());
    REQUIRE(!load_calendar_file_version(s.store, s.dir / "scotland.yaml", wall_clock).already_loaded);
    // With hindsight (the latest versions): due Thursday. As known at the
    // sweep: the recorded version, due Wednesday, as the sweep stored it.
    CHECK(utc(replayed(s.store, "C-S", "acknowledge", "2024-01-02T12:00:00Z").due_at) == "2024-01-04T13:00:00Z");
    ReplayOptions o;
    o.as_of = at("2024-01-02T12:00:00Z");
    o.as_known = true;
    const Replay known = replay_entity(s.store, "C-S", o);
    CHECK(utc(must_find(known.clocks, "C-S", "acknowledge").due_at) == "2024-01-03T13:00:00Z");
    CHECK(known.calendar_sha256 == versions->calendars.at("scotland"));
    CHECK(compare_with_stored_sweep(s.store, known, o.as_of).matches());
  }

  TEST_CASE("a sweep with a calendars folder judges by its files and stores them as versions") {
    SiteStore s;
    s.import(received("S1", "C-S", "2024-01-02T10:00:00Z", "2024-01-02T10:00:00Z", "Caledonia Gas"));
    TempDir cal_dir;
    write_file(cal_dir / "scotland.yaml", scotland_closed_3_january());
    SweepOptions o;
    o.as_of = at("2024-01-02T12:00:00Z");
    o.now = wall_clock;
    o.calendars_dir = cal_dir.path;
    run_sweep(s.store, o);
    const auto stored = s.stored("C-S", "2024-01-02T12:00:00Z");
    CHECK(utc(must_find(stored, "C-S", "acknowledge").due_at) == "2024-01-04T13:00:00Z");
    const auto versions = versions_of_sweep_by(s.store, o.as_of);
    REQUIRE(versions);
    const auto latest = latest_stored_calendar(s.store, "scotland");
    REQUIRE(latest);
    CHECK(latest->version.source_file == (cal_dir / "scotland.yaml").string());
    CHECK(versions->calendars.at("scotland") == latest->version.content_sha256);
    ReplayOptions r;
    r.as_of = o.as_of;
    r.as_known = true;
    CHECK(compare_with_stored_sweep(s.store, replay_entity(s.store, "C-S", r), r.as_of).matches());
  }

  TEST_CASE("a hold across the Easter bank holidays moves resolution's due by the 5 business hours held") {
    SiteStore s;
    s.import(easter_hold);
    const ClockResult res = replayed(s.store, "C-H", "resolution", "2024-04-03T12:00:00Z");
    CHECK(res.status == ClockStatus::pending);
    // 7 business days: Wednesday 10 April 17:00 BST, plus 5 business hours.
    CHECK(utc(res.due_at) == "2024-04-11T13:00:00Z");
    CHECK(res.held_seconds == 5 * 3600);
    CHECK(!res.held_since);
    // Thu 10:00-17:00 and Tue 09:00-Wed 13:00 BST less the 5 hours held.
    CHECK(res.used_seconds == 7 * 3600 + 8 * 3600 + 4 * 3600 - 5 * 3600);
    CHECK(res.allowance_seconds == (7 + 7 * 8) * 3600);  // Thursday's 7 hours and 7 business days
    // Not paused under this version: initial_response; stopped before the
    // hold: acknowledge.
    const ClockResult ir = replayed(s.store, "C-H", "initial_response", "2024-04-03T12:00:00Z");
    CHECK(ir.held_seconds == 0);
    CHECK(utc(ir.due_at) == "2024-04-05T16:00:00Z");
    const ClockResult ack = replayed(s.store, "C-H", "acknowledge", "2024-04-03T12:00:00Z");
    CHECK(ack.status == ClockStatus::met);
    CHECK(ack.held_seconds == 0);
    ReplayOptions o;
    o.as_of = at("2024-04-03T12:00:00Z");
    const Replay r = replay_entity(s.store, "C-H", o);
    REQUIRE(r.holds.periods.size() == 1);
    CHECK(utc(r.holds.periods[0].to) == "2024-04-02T10:00:00Z");
    CHECK(r.holds.periods[0].reason == "awaiting customer");
    CHECK(r.holds.periods[0].resume_reason == "customer replied");
    CHECK(r.paused_clocks == std::set<ClockId>{ClockId::acknowledge, ClockId::resolution});
    CHECK(r.clocks[2].reason.find("plus 5h of business time on hold") != std::string::npos);
  }

  TEST_CASE("a hold still open stands the clock still, and the shipped rules pause nothing") {
    SiteStore s;
    s.import(easter_hold);
    // Good Friday 12:00: held since Thursday 14:00 (3 business hours so far).
    const ClockResult held = replayed(s.store, "C-H", "resolution", "2024-03-29T12:00:00Z");
    CHECK(held.status == ClockStatus::pending);
    CHECK(utc(held.held_since) == "2024-03-28T14:00:00Z");
    CHECK(held.held_seconds == 3 * 3600);
    CHECK(held.used_seconds == 4 * 3600);
    CHECK(utc(held.due_at) == "2024-04-11T11:00:00Z");  // Wed 17:00 BST + 3 business hours
    CHECK(held.reason.find("on hold since") == 0);

    OpsStore shipped;  // dsc-kvi-2020 only: no clock pauses
    shipped.import(easter_hold);
    const ClockResult plain = replayed(shipped.store, "C-H", "resolution", "2024-04-03T12:00:00Z");
    CHECK(plain.held_seconds == 0);
    CHECK(utc(plain.due_at) == "2024-04-10T16:00:00Z");
  }

  TEST_CASE("overdue judges a clock held at the sweep as a fresh judgement would, and the sweep replays exactly") {
    SiteStore s;
    // Only the events up to the on_hold: the contact is still held.
    s.import(received("H1", "C-H", "2024-03-28T10:00:00Z", "2024-03-28T10:00:00Z", "Example Gas Ltd") +
             acknowledged("H2", "C-H", "2024-03-28T11:00:00Z", "2024-03-28T11:00:00Z", "2024-04-12T17:00:00+01:00") +
             hold("H3", "C-H", "on_hold", "2024-03-28T14:00:00Z", "awaiting customer"));
    s.sweep("2024-03-29T12:00:00Z");
    ReplayOptions known;
    known.as_of = at("2024-03-29T12:00:00Z");
    known.as_known = true;
    CHECK(compare_with_stored_sweep(s.store, replay_entity(s.store, "C-H", known), known.as_of).matches());

    for (const char* when : {"2024-03-29T12:00:00Z", "2024-04-02T09:00:00Z", "2024-04-15T12:00:00Z"}) {
      INFO(when);
      OverdueQuery q;
      q.as_of = at(when);
      q.due_within = DueWithin::business_days(30);
      q.clock = ClockId::resolution;
      const auto listed = overdue_clocks(s.store, q);
      REQUIRE(listed.size() == 1);
      const ClockResult fresh = replayed(s.store, "C-H", "resolution", when);
      CHECK(listed[0].status == fresh.status);
      CHECK(utc(listed[0].due_at) == utc(fresh.due_at));
      CHECK(listed[0].held_seconds == fresh.held_seconds);
      CHECK(listed[0].used_seconds == fresh.used_seconds);
      CHECK(utc(listed[0].held_since) == "2024-03-28T14:00:00Z");
      CHECK(listed[0].reason == fresh.reason);
    }
    // Held past the original due: never breached while held.
    OverdueQuery late;
    late.as_of = at("2024-04-15T12:00:00Z");
    CHECK(overdue_clocks(s.store, late).empty() == false);  // initial_response is past due
    for (const ClockResult& c : overdue_clocks(s.store, late)) CHECK(c.clock != ClockId::resolution);
  }

  TEST_CASE("hold edge cases: a second on_hold, an off_hold with no hold, a hold past due, a hold ended by resolving") {
    SiteStore s;
    s.import(received("K1", "C-K", "2024-03-04T09:00:00Z", "2024-03-04T09:00:00Z", "Example Gas Ltd") +
             // acknowledge (4 business hours) is due Monday 13:00; held from 14:00: the breach stands.
             hold("K2", "C-K", "off_hold", "2024-03-04T10:00:00Z", "") +
             hold("K3", "C-K", "on_hold", "2024-03-04T14:00:00Z", "awaiting customer") +
             hold("K4", "C-K", "on_hold", "2024-03-05T10:00:00Z", "again") +
             contact_event("K5", "C-K", "resolved", "2024-03-06T10:00:00Z", "2024-03-06T10:00:00Z") +
             hold("K6", "C-K", "on_hold", "2024-03-06T11:00:00Z", "after the end"));
    ReplayOptions o;
    o.as_of = at("2024-03-07T12:00:00Z");
    const Replay r = replay_entity(s.store, "C-K", o);
    REQUIRE(r.holds.periods.size() == 1);
    CHECK(utc(r.holds.periods[0].to) == "2024-03-06T10:00:00Z");
    CHECK(r.holds.periods[0].ended_by == EventType::resolved);
    REQUIRE(r.holds.ignored.size() == 3);
    CHECK(r.holds.ignored[0].why == HoldIgnoredCause::not_on_hold);
    CHECK(r.holds.ignored[1].why == HoldIgnoredCause::already_on_hold);
    CHECK(r.holds.ignored[2].why == HoldIgnoredCause::contact_not_open);
    const ClockResult ack = must_find(r.clocks, "C-K", "acknowledge");
    CHECK(ack.status == ClockStatus::missed);  // resolved unacknowledged, after due; the late hold paused nothing
    CHECK(ack.held_seconds == 0);
    CHECK(utc(ack.due_at) == "2024-03-04T13:00:00Z");
    // resolution: held Mon 14:00 to the resolution Wed 10:00 = 3h + 8h + 1h.
    const ClockResult res = must_find(r.clocks, "C-K", "resolution");
    CHECK(res.status == ClockStatus::met);
    CHECK(res.held_seconds == 12 * 3600);
    CHECK(res.used_seconds == 5 * 3600);
  }

  TEST_CASE("a hold across the due instant moves it by the whole hold, and one beginning exactly at due still pauses") {
    SiteStore s;
    // acknowledge (4 business hours) from Monday 4 March 09:00 is due 13:00.
    s.import(received("A1", "C-A", "2024-03-04T09:00:00Z", "2024-03-04T09:00:00Z", "Example Gas Ltd") +
             hold("A2", "C-A", "on_hold", "2024-03-04T12:00:00Z", "awaiting customer") +
             hold("A3", "C-A", "off_hold", "2024-03-05T10:00:00Z", "") +
             received("B1", "C-B", "2024-03-04T09:00:00Z", "2024-03-04T09:00:00Z", "Example Gas Ltd") +
             hold("B2", "C-B", "on_hold", "2024-03-04T13:00:00Z", "awaiting customer") +
             hold("B3", "C-B", "off_hold", "2024-03-04T15:00:00Z", ""));
    // Held Monday 12:00-17:00 and Tuesday 09:00-10:00: 6 business hours, so
    // due Tuesday 11:00 (1 hour was left at the hold); pending at 10:30.
    const ClockResult a = replayed(s.store, "C-A", "acknowledge", "2024-03-05T10:30:00Z");
    CHECK(a.status == ClockStatus::at_risk);  // 3h30m of 4h used
    CHECK(a.held_seconds == 6 * 3600);
    CHECK(utc(a.due_at) == "2024-03-05T11:00:00Z");
    CHECK(replayed(s.store, "C-A", "acknowledge", "2024-03-05T11:00:01Z").status == ClockStatus::breached);
    // Held from exactly the due instant for 2 hours: due 15:00.
    const ClockResult b = replayed(s.store, "C-B", "acknowledge", "2024-03-04T14:00:00Z");
    CHECK(b.status == ClockStatus::at_risk);  // held at due: stands still, not breached
    CHECK(utc(b.held_since) == "2024-03-04T13:00:00Z");
    CHECK(utc(replayed(s.store, "C-B", "acknowledge", "2024-03-04T16:00:00Z").due_at) == "2024-03-04T15:00:00Z");
  }
}

}  // namespace slaclock::ops_test
