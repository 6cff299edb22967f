#pragma once
// Helpers for the clock engine scenario tests: build one entity's timeline by
// hand, evaluate it with the shipped rules and the england-and-wales calendar
// as of an instant, and read the results back by clock name, with instants
// formatted in London local time so that a failed check prints readable text.
//
//   Scenario c = contact_received("C1", "2024-03-28T16:00:00Z");
//   c.add("acknowledged", "2024-03-28T16:30:00Z", {{"expected_resolution", "2024-04-05"}});
//   Clocks clocks = c.as_of("2024-04-02T11:00:00+01:00");
//   CHECK(clocks.status("acknowledge") == "met");
//   CHECK(clocks.due("acknowledge") == "2024-04-02T12:00:00+01:00");
#include <slaclock/clock/clock_engine.h>
#include <slaclock/clock/rule_set.h>
#include <slaclock/config/calendar_loader.h>
#include <slaclock/config/rule_loader.h>
#include <slaclock/report/clock_reason.h>
#include <slaclock/time/timestamp.h>

#include <doctest/doctest.h>

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace slaclock::scenarios {

using Fields = std::map<std::string, std::string>;

/// The rule versions shipped in config/rules (dsc-kvi-2018, dsc-kvi-2020).
inline const RuleBook& shipped_rules() {
  static const RuleBook book = load_rule_book_dir(std::string(SLACLOCK_SOURCE_DIR) + "/config/rules");
  return book;
}

inline const Calendar& england() {
  static const Calendar cal = load_calendar("england-and-wales");
  return cal;
}

inline Instant at(const std::string& iso) {
  return parse_instant(iso);
}

/// London local time with its offset, or "" for no instant.
inline std::string local(std::optional<Instant> t) {
  return t ? format_instant(*t, england().zone()) : std::string();
}

/// One evaluation's results, looked up by clock name.
class Clocks {
 public:
  explicit Clocks(std::vector<ClockResult> results) : results_(std::move(results)) {}

  const std::vector<ClockResult>& all() const noexcept { return results_; }
  bool has(const std::string& clock) const { return find(clock) != nullptr; }

  /// The clock's result; fails the test (and throws) when it is absent.
  const ClockResult& operator[](const std::string& clock) const {
    const ClockResult* r = find(clock);
    if (!r) FAIL("no clock named " << clock << " among: " << names());
    return *r;
  }
  std::string status(const std::string& clock) const { return clock_status_name((*this)[clock].status); }
  std::string started(const std::string& clock) const { return local((*this)[clock].started_at); }
  std::string due(const std::string& clock) const { return local((*this)[clock].due_at); }
  std::string stopped(const std::string& clock) const { return local((*this)[clock].stopped_at); }
  std::string rule_version(const std::string& clock) const { return (*this)[clock].rule_version; }
  /// The reason sentence as rendered at `as_of` in London time.
  std::string reason(const std::string& clock, Instant as_of) const {
    return clock_reason((*this)[clock], as_of, england().zone());
  }
  /// The Gemini band's name, or "" when the clock has none.
  std::string band(const std::string& clock) const {
    const auto& b = (*this)[clock].band;
    return b ? gemini_band_name(*b) : "";
  }
  /// "acknowledge initial_response ..." in result order.
  std::string names() const {
    std::string out;
    for (const auto& r : results_) out += (out.empty() ? "" : " ") + std::string(clock_name(r.clock));
    return out;
  }

 private:
  const ClockResult* find(const std::string& clock) const {
    for (const auto& r : results_)
      if (clock_name(r.clock) == clock) return &r;
    return nullptr;
  }
  std::vector<ClockResult> results_;
};

/// One entity's timeline, built event by event in the order given.
class Scenario {
 public:
  Scenario(EntityKind kind, std::string entity_id) {
    timeline_.kind = kind;
    timeline_.entity_id = std::move(entity_id);
  }

  /// Appends an event that happened (and was recorded) at `when`.
  Scenario& add(const std::string& type, const std::string& when, Fields fields = {}) {
    Event e;
    e.sequence = static_cast<std::int64_t>(timeline_.events.size()) + 1;
    e.event_id = timeline_.entity_id + "-" + std::to_string(e.sequence);
    e.kind = timeline_.kind;
    e.entity_id = timeline_.entity_id;
    const auto parsed = parse_event_type(type);
    REQUIRE_MESSAGE(parsed, "no event type " << type);
    e.type = *parsed;
    e.at = at(when);
    e.recorded_at = e.at;
    e.fields = std::move(fields);
    timeline_.events.push_back(std::move(e));
    return *this;
  }

  const Timeline& timeline() const noexcept { return timeline_; }

  /// Evaluates with the shipped rules and england-and-wales.
  Clocks as_of(const std::string& when, const KpiHistory* kpis = nullptr) const {
    const EvaluationInputs in{shipped_rules(), [](const std::string& name) { return load_calendar(name); }, kpis};
    return Clocks(evaluate_timeline(timeline_, at(when), in));
  }

 private:
  Timeline timeline_;
};

inline Scenario contact_received(const std::string& id, const std::string& when, Fields extra = {}) {
  Scenario s(EntityKind::contact, id);
  Fields f{{"customer", "ACME Gas"}, {"customer_class", "shipper"}};
  for (auto& [k, v] : extra) f[k] = v;
  s.add("received", when, std::move(f));
  return s;
}

inline Scenario gemini_contact_received(const std::string& id, const std::string& when, const std::string& gas_day) {
  return contact_received(id, when, {{"gemini", "true"}, {"gas_day", gas_day}});
}

inline Scenario breach_identified(const std::string& id, const std::string& when, const std::string& severity) {
  Scenario s(EntityKind::breach, id);
  s.add("identified", when, {{"severity", severity}, {"customers", "ACME Gas"}});
  return s;
}

inline Scenario kpi_result(const std::string& id, const std::string& when, const std::string& kpi,
                           const std::string& priority, const std::string& period, bool met) {
  Scenario s(EntityKind::kpi, id);
  s.add("result", when, {{"kpi", kpi}, {"priority", priority}, {"period", period}, {"met", met ? "true" : "false"}});
  return s;
}

}  // namespace slaclock::scenarios
