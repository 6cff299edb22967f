// The reads behind `slaclock results` against a real store: the stored
// results of every entity read in one scan are what replay --as-known reads of
// each entity (stored_sweep_results), sweep by sweep; and the attribute
// events read beside them give attribute_at's answer on the whole timeline.
#include "ops_test_support.h"

#include <slaclock/clock/event.h>
#include <slaclock/ops/results.h>
#include <slaclock/report/clock_json.h>
#include <slaclock/store/entity_attributes.h>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace slaclock {
namespace {

using namespace ops_test;

// C-1: P3 when received, P2 by a categorisation, P1 by a prioritisation at
// the same instant as another categorisation (the one recorded last wins).
// C-2: no priority ever. C-3: re-prioritised, but recorded a day late. B-1: a
// breach (no priority field).
std::string events() {
  return event_line("E1", "contact", "C-1", "received", "2024-04-15T08:00:00Z", "2024-04-15T08:00:00Z",
                    {{"customer", "Acme Gas"}, {"customer_class", "shipper"}, {"priority", "P3"}}) +
         acknowledged("E2", "C-1", "2024-04-15T09:00:00Z", "2024-04-15T09:00:00Z", "2024-04-19T17:00:00+01:00") +
         event_line("E3", "contact", "C-1", "categorised", "2024-04-15T10:00:00Z", "2024-04-15T10:00:00Z",
                    {{"priority", "P2"}, {"complexity", "standard"}}) +
         event_line("E4", "contact", "C-1", "prioritised", "2024-04-15T11:00:00Z", "2024-04-15T11:00:00Z",
                    {{"priority", "P1"}}) +
         event_line("E5", "contact", "C-1", "categorised", "2024-04-15T11:00:00Z", "2024-04-15T11:00:00Z",
                    {{"category", "billing"}}) +
         received("E6", "C-2", "2024-04-15T08:00:00Z", "2024-04-15T08:00:00Z", "Borealis") +
         contact_event("E7", "C-2", "resolved", "2024-04-16T08:00:00Z", "2024-04-16T08:00:00Z") +
         event_line("E8", "contact", "C-3", "received", "2024-04-15T08:00:00Z", "2024-04-15T08:00:00Z",
                    {{"customer", "Acme Gas"}, {"customer_class", "shipper"}, {"priority", "P3"}}) +
         event_line("E9", "contact", "C-3", "prioritised", "2024-04-15T12:00:00Z", "2024-04-16T12:00:00Z",
                    {{"priority", "P1"}}) +
         breach_identified("E10", "B-1", "2024-04-15T09:00:00Z", "2024-04-15T09:00:00Z", "high", "Acme Gas");
}

const std::vector<std::string> instants = {"2024-04-15T07:59:59Z", "2024-04-15T08:00:00Z", "2024-04-15T10:30:00Z",
                                           "2024-04-15T11:00:00Z", "2024-04-15T12:00:00Z", "2024-04-17T00:00:00Z"};

}  // namespace

TEST_SUITE("results store") {
  TEST_CASE("AttributeTimelines gives attribute_at's answer on the whole timeline, as known then or now") {
    OpsStore w;
    w.import(events());
    const std::vector<std::string> ids = {"A-0", "B-1", "C-1", "C-15", "C-2", "C-3", "Z-9"};  // in id order
    for (const std::optional<Instant> known_by :
         {std::optional<Instant>(), std::optional(at("2024-04-15T13:00:00Z"))}) {
      CAPTURE(known_by.has_value());
      AttributeTimelines attributes(w.store, known_by);
      for (const std::string& id : ids) {
        CAPTURE(id);
        const std::optional<Timeline> whole = w.store.timeline(id, known_by);
        const Timeline& part = attributes.of(id);
        if (!whole) {
          CHECK(part.events.empty());
          continue;
        }
        CHECK(part.events.size() < whole->events.size() + 1);
        for (const std::string& t : instants)
          for (const char* field : {"priority", "category", "complexity", "customer_class"}) {
            CAPTURE(t);
            CAPTURE(field);
            CHECK(attribute_at(part, field, at(t)) == attribute_at(*whole, field, at(t)));
            CHECK(&attributes.of(id) == &part);  // asking again is free
          }
      }
    }
    // What the cases above pin down.
    AttributeTimelines now(w.store, std::nullopt);
    CHECK(attribute_at(now.of("C-1"), "priority", at("2024-04-15T10:30:00Z")) == "P2");
    CHECK(attribute_at(now.of("C-1"), "priority", at("2024-04-15T11:00:00Z")) == "P1");
    CHECK(attribute_at(now.of("C-2"), "priority", at("2024-04-17T00:00:00Z")) == std::nullopt);
    CHECK(attribute_at(now.of("C-3"), "priority", at("2024-04-17T00:00:00Z")) == "P1");
    AttributeTimelines then(w.store, at("2024-04-15T13:00:00Z"));
    CHECK(attribute_at(then.of("C-3"), "priority", at("2024-04-17T00:00:00Z")) == "P3");  // not known yet
  }

  TEST_CASE("a stored clock written cell by cell is stored_clock_json's text, byte for byte") {
    const TimeZone london = TimeZone::named("Europe/London");
    ClockResult plain;
    plain.entity_id = "C-1";
    plain.clock = *parse_clock_id("acknowledge");
    plain.status = ClockStatus::met;
    plain.started_at = at("2024-04-15T08:00:00Z");
    plain.due_at = at("2024-04-15T12:00:00Z");
    plain.stopped_at = at("2024-04-15T12:00:00Z");
    plain.rule_version = "dsc-kvi-2020";
    plain.calendar = "england-and-wales";
    plain.customer = "Acme Gas";
    plain.reason = "acknowledged, exactly at due";
    plain.allowance_seconds = 14400;  // figures a stored row never has: null all the same
    plain.used_seconds = 14400;
    ClockResult odd = plain;
    odd.entity_id = "C-\"2\"\\";
    odd.clock = *parse_clock_id("gemini_resolution");
    odd.band = GeminiBand::on_the_day;
    odd.customer.clear();
    odd.started_at.reset();
    odd.due_at.reset();
    odd.stopped_at.reset();
    odd.status = ClockStatus::not_applicable;
    odd.reason = "caf\xc3\xa9, tab\there, bad \xff byte, \xe2\x80\xa8 line separator";
    std::vector<StoredClockCell> cells;
    for (const ClockResult& c : {plain, odd})
      for (const TimeZone* zone : {static_cast<const TimeZone*>(nullptr), &london})
        for (const std::optional<std::string>& priority :
             {std::optional<std::string>(), std::optional<std::string>("P1")}) {
          CAPTURE(c.entity_id);
          const nlohmann::json j = stored_clock_json(c, 7, at("2024-04-16T09:00:00Z"), priority, zone);
          stored_clock_cells(c, 7, at("2024-04-16T09:00:00Z"), priority, zone, cells);
          std::string text;
          append_stored_clock_json(text, cells);
          CHECK(text == j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
          std::vector<std::string> keys;
          for (const auto& [key, value] : j.items()) keys.push_back(key);
          CHECK(keys == stored_clock_columns());
        }
  }

  TEST_CASE("the stored results of every entity, read in one scan, are each entity's as replay reads them") {
    OpsStore w;
    w.import(events());
    const std::vector<std::string> sweeps = {"2024-04-15T10:00:00Z", "2024-04-15T12:30:00Z", "2024-04-17T09:00:00Z"};
    for (const std::string& s : sweeps) w.sweep(s);
    for (const std::string& s : sweeps) {
      CAPTURE(s);
      const std::optional<SweepRef> sweep = results_sweep(w.store, at(s) + Seconds{59});
      REQUIRE(sweep);
      CHECK(sweep->as_of == at(s));
      std::map<std::string, std::vector<ClockResult>> read;
      std::string previous;
      ResultsQuery q;
      q.sweep = *sweep;
      for_each_result(w.store, q, [&](const ResultRow& r) {
        const std::string key = r.clock.entity_id + "/" + clock_name(r.clock.clock);
        CHECK(previous < key);
        previous = key;
        CHECK(r.sweep_id <= sweep->id);
        CHECK(r.sweep_as_of <= sweep->as_of);
        read[r.clock.entity_id].push_back(r.clock);
        return true;
      });
      CHECK(read.size() == 4);
      for (const auto& [id, clocks] : read) {
        CAPTURE(id);
        CHECK(same_records(clocks, w.stored(id, s)));
      }
    }
    CHECK_FALSE(results_sweep(w.store, at("2024-04-15T09:59:59Z")));
    CHECK(results_sweep(w.store, std::nullopt)->as_of == at(sweeps.back()));
  }
}

}  // namespace slaclock
