#pragma once
// Shared helpers for the library-level tests of sweep, overdue, replay and the
// rule store (sweep_test, overdue_test, replay_test, rule_loader_test): a real
// SQLite file in a temp folder with the shipped rules loaded, JSON Lines event
// builders that always give recorded_at, and readable accessors on ClockResult
// (instants as UTC text, statuses as words) so that a failed check prints
// something a person can compare with the worked example in its comment.
//
//   OpsStore w;                                  // created, both shipped rule versions loaded
//   w.import(received("E1", "C-1", "2024-03-28T16:00:00Z", "2024-03-28T16:05:00Z", "Acme Gas"));
//   SweepSummary s = w.sweep("2024-04-02T12:00:01+01:00");
//   const ClockResult ack = must_find(w.stored("C-1", "2024-04-02T12:00:01+01:00"), "C-1", "acknowledge");
//   CHECK(status_of(ack) == "breached");
//   CHECK(utc(ack.due_at) == "2024-04-02T11:00:00Z");
#include "test_support.h"

#include <slaclock/clock/clock_engine.h>
#include <slaclock/import/event_import.h>
#include <slaclock/ops/overdue.h>
#include <slaclock/ops/replay.h>
#include <slaclock/ops/sweep.h>
#include <slaclock/ops/version_files.h>
#include <slaclock/store/clock_store.h>
#include <slaclock/store/event_store.h>
#include <slaclock/store/rule_store.h>
#include <slaclock/time/timestamp.h>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace slaclock::ops_test {

// The only places the tests turn a clock's name into its enum and back.
inline std::string clock_of(const ClockResult& c) {
  return clock_name(c.clock);
}
inline decltype(OverdueQuery::clock) clock_filter(const std::string& name) {
  const auto id = parse_clock_id(name);
  REQUIRE_MESSAGE(id, "no clock named " << name);
  return id;
}
/// Every clock judged the same as recorded (what an auditor compares).
inline bool same_records(const std::vector<ClockResult>& a, const std::vector<ClockResult>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), same_recorded_judgement);
}

inline Instant at(const std::string& iso) {
  return parse_instant(iso);
}
/// "2024-04-02T11:00:00Z", or "" for no instant.
inline std::string utc(std::optional<Instant> t) {
  return t ? format_utc(*t) : std::string();
}
inline std::string status_of(const ClockResult& c) {
  return clock_status_name(c.status);
}

inline std::filesystem::path rules_dir() {
  return std::filesystem::path(SLACLOCK_SOURCE_DIR) / "config" / "rules";
}
inline std::filesystem::path calendars_dir() {
  return std::filesystem::path(SLACLOCK_SOURCE_DIR) / "calendars";
}

/// The result for (entity, clock), or null.
inline const ClockResult* find_clock(const std::vector<ClockResult>& all, const std::string& entity,
                                     const std::string& clock) {
  for (const auto& c : all)
    if (c.entity_id == entity && clock_of(c) == clock) return &c;
  return nullptr;
}
/// A copy of the result for (entity, clock); fails the test (and throws) when
/// absent. A copy, so that `must_find(w.stored(...), ...)` never dangles.
inline ClockResult must_find(const std::vector<ClockResult>& all, const std::string& entity, const std::string& clock) {
  const ClockResult* c = find_clock(all, entity, clock);
  if (!c) FAIL("no clock " << clock << " for " << entity << " among " << all.size() << " results");
  return *c;
}
/// "C-1/acknowledge C-2/resolution ..." in the order given: checks which
/// clocks and their order without comparing whole records, and prints readably.
inline std::string keys_of(const std::vector<ClockResult>& all) {
  std::string out;
  for (const auto& c : all) out += (out.empty() ? "" : " ") + c.entity_id + "/" + clock_of(c);
  return out;
}
/// "breached at_risk pending ..." in the order given.
inline std::string statuses_of(const std::vector<ClockResult>& all) {
  std::string out;
  for (const auto& c : all) out += (out.empty() ? "" : " ") + status_of(c);
  return out;
}
/// The same results ordered by clock name (stored results come in that order).
inline std::vector<ClockResult> by_clock_name(std::vector<ClockResult> all) {
  std::sort(all.begin(), all.end(), [](const ClockResult& a, const ClockResult& b) {
    return std::make_pair(a.entity_id, clock_of(a)) < std::make_pair(b.entity_id, clock_of(b));
  });
  return all;
}

using Fields = std::map<std::string, std::string>;

/// One JSON Lines event with an explicit recorded_at (so as-known reads are exact).
inline std::string event_line(const std::string& event_id, const std::string& kind, const std::string& entity,
                              const std::string& type, const std::string& happened, const std::string& recorded,
                              const Fields& fields = {}) {
  nlohmann::json j{{"event_id", event_id}, {"kind", kind},   {"entity_id", entity},
                   {"type", type},         {"at", happened}, {"recorded_at", recorded}};
  for (const auto& [k, v] : fields) j[k] = v;
  return j.dump() + "\n";
}
inline std::string received(const std::string& event_id, const std::string& entity, const std::string& happened,
                            const std::string& recorded, const std::string& customer) {
  return event_line(event_id, "contact", entity, "received", happened, recorded,
                    {{"customer", customer}, {"customer_class", "shipper"}});
}
inline std::string acknowledged(const std::string& event_id, const std::string& entity, const std::string& happened,
                                const std::string& recorded, const std::string& expected_resolution) {
  return event_line(event_id, "contact", entity, "acknowledged", happened, recorded,
                    {{"expected_resolution", expected_resolution}});
}
inline std::string contact_event(const std::string& event_id, const std::string& entity, const std::string& type,
                                 const std::string& happened, const std::string& recorded) {
  return event_line(event_id, "contact", entity, type, happened, recorded);
}
inline std::string breach_identified(const std::string& event_id, const std::string& entity,
                                     const std::string& happened, const std::string& recorded,
                                     const std::string& severity, const std::string& customers) {
  return event_line(event_id, "breach", entity, "identified", happened, recorded,
                    {{"severity", severity}, {"customers", customers}});
}
inline std::string kpi_result(const std::string& event_id, const std::string& entity, const std::string& happened,
                              const std::string& recorded, const std::string& kpi, const std::string& period,
                              bool met) {
  return event_line(event_id, "kpi", entity, "result", happened, recorded,
                    {{"kpi", kpi}, {"priority", "P1"}, {"period", period}, {"met", met ? "true" : "false"}});
}

/// The wall clock handed to imports, rule loads and sweeps (never used for judging).
inline const Instant wall_clock =
    parse_instant("2030-01-01T00:00:00Z");  // after every test event: none is known in the future

/// A fresh database in a temp folder, with both shipped rule versions loaded
/// unless asked otherwise.
struct OpsStore {
  TempDir dir;
  EventStore store = EventStore::create(dir / "ops.db");
  int files = 0;

  explicit OpsStore(bool with_rules = true) {
    if (!with_rules) return;
    load_rules_file_version(store, rules_dir() / "dsc-kvi-2018.yaml", wall_clock);
    load_rules_file_version(store, rules_dir() / "dsc-kvi-2020.yaml", wall_clock);
  }
  std::filesystem::path db_path() const { return dir / "ops.db"; }

  /// Imports JSON Lines text; every line must be a new event.
  void import(const std::string& jsonl) {
    const auto file = dir / ("events-" + std::to_string(++files) + ".jsonl");
    write_file(file, jsonl);
    ImportRequest req;
    req.files = {file.string()};
    req.now = wall_clock;
    const ImportSummary s = import_events(store, req);
    REQUIRE(s.rejected == 0);
    REQUIRE(s.imported == s.read);
  }
  SweepSummary sweep(const std::string& as_of, bool full = false) {
    SweepOptions o;
    o.as_of = at(as_of);
    o.now = wall_clock;
    o.full = full;
    return run_sweep(store, o);
  }
  std::vector<ClockResult> stored(const std::string& entity, const std::string& as_of) const {
    return stored_sweep_results(store, entity, at(as_of));
  }
};

}  // namespace slaclock::ops_test
