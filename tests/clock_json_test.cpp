// clocks_json_text writes the clocks' JSON directly; it must be the very
// text the nlohmann tree (clocks_json) dumps, whatever the clock holds.
#include <slaclock/report/clock_json.h>
#include <slaclock/time/timestamp.h>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace slaclock {
namespace {

std::string tree_text(const std::vector<ClockResult>& clocks, const ClockZoneOf& zone_of,
                      const std::vector<std::optional<bool>>* matches = nullptr) {
  return clocks_json(clocks, zone_of, matches).dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

ClockResult timed_clock() {
  ClockResult c;
  c.entity_id = "C-1";
  c.kind = EntityKind::contact;
  c.clock = ClockId::initial_response;
  c.status = ClockStatus::breached;
  c.started_at = parse_instant("2026-03-27T16:00:00Z");
  c.due_at = parse_instant("2026-04-02T11:00:00Z");
  c.rule_version = "dsc-kvi-2018";
  c.calendar = "england-and-wales";
  c.customer = "Acme Gas";
  c.reason = "running; due 2026-04-02T12:00:00+01:00 (4 business days), 1d overdue";
  c.measure = Measure::business;
  c.allowance_seconds = 115200;
  c.used_seconds = 144000;
  return c;
}

}  // namespace

TEST_SUITE("clock json") {
  TEST_CASE("the direct writer prints exactly the tree's text") {
    const TimeZone london = TimeZone::named("Europe/London");
    const auto in_london = [&](const ClockResult&) { return &london; };
    const auto in_utc = [](const ClockResult&) -> const TimeZone* { return nullptr; };

    std::vector<ClockResult> clocks;
    clocks.push_back(timed_clock());
    ClockResult untimed = timed_clock();  // not timed: figures print as null
    untimed.status = ClockStatus::not_applicable;
    untimed.due_at.reset();
    untimed.customer.clear();
    untimed.reason = "not applicable: no acknowledgement required";
    clocks.push_back(untimed);
    ClockResult odd = timed_clock();  // text that must be escaped or replaced
    odd.customer = "<script>\"quoted\" \\ back\tslash\n\x01\x7f caf\xc3\xa9 \xe2\x82\xac";
    odd.entity_id = "bad\xff utf8 \xc3";
    odd.reason = "\xe2\x82";
    odd.band = GeminiBand::on_the_day;
    odd.held_since = parse_instant("2026-04-01T08:00:00Z");
    odd.held_seconds = 3600;
    odd.used_seconds = 0;  // 0.0 percent
    clocks.push_back(odd);
    ClockResult far = timed_clock();  // a large percentage and a negative remainder
    far.allowance_seconds = 1;
    far.used_seconds = 123456789;
    far.stopped_at = parse_instant("2026-10-25T01:30:00Z");
    clocks.push_back(far);
    ClockResult third = timed_clock();  // a percentage with a repeating binary fraction
    third.allowance_seconds = 3;
    third.used_seconds = 1;
    clocks.push_back(third);

    CHECK(clocks_json_text(clocks, in_london) == tree_text(clocks, in_london));
    CHECK(clocks_json_text(clocks, in_utc) == tree_text(clocks, in_utc));
    const std::vector<std::optional<bool>> matches{true, false, std::nullopt};  // shorter than the clocks: null
    CHECK(clocks_json_text(clocks, in_london, &matches) == tree_text(clocks, in_london, &matches));
    CHECK(clocks_json_text({}, in_utc) == "[]");
    CHECK(clocks_json_text({}, in_utc) == tree_text({}, in_utc));
    // The invalid bytes became U+FFFD and the text is valid JSON again.
    const nlohmann::json back = nlohmann::json::parse(clocks_json_text(clocks, in_utc));
    CHECK(back[2]["customer"] == "<script>\"quoted\" \\ back\tslash\n\x01\x7f caf\xc3\xa9 \xe2\x82\xac");
    CHECK(back[2]["entity_id"] == "bad\xef\xbf\xbd utf8 \xef\xbf\xbd");
    CHECK(back[3]["percent_used"] == 12345678900.0);
  }
}

}  // namespace slaclock
