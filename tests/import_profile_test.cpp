// Import profiles (config/import_profile.h): the shipped ones load, a bad
// profile is a ConfigError naming file, line, key and why; and the time
// texts a profile reads (import/source_time.h), across both DST changes.
#include "import/source_time.h"
#include "test_support.h"

#include <slaclock/base/error.h>
#include <slaclock/config/import_profile.h>
#include <slaclock/import/event_import.h>
#include <slaclock/store/event_store.h>
#include <slaclock/time/timestamp.h>

#include <doctest/doctest.h>

#include <filesystem>
#include <string>

namespace slaclock {
namespace {

const std::filesystem::path shipped_dir = std::filesystem::path(SLACLOCK_SOURCE_DIR) / "config" / "import";

const char* minimal = R"(name: desk
format: csv
case_id: id
time: at
state: status
received:
  customer: who
states:
  Open: new
)";

void check_refused(const std::string& yaml, const std::string& where, const std::string& why) {
  TempDir d;
  write_file(d / "p.yaml", yaml);
  try {
    (void)read_import_profile(d / "p.yaml");
    FAIL("should be refused: " << yaml);
  } catch (const ConfigError& e) {
    INFO(std::string(e.what()));
    CHECK(std::string(e.what()).find("p.yaml:" + where) != std::string::npos);
    CHECK(std::string(e.what()).find(why) != std::string::npos);
  }
}

std::string parsed(const std::string& text, const detail::SourceTimeRule& rule) {
  Instant t;
  const std::string why = detail::parse_source_time(text, rule, t);
  return why.empty() ? format_utc(t) : "error: " + why;
}

}  // namespace

TEST_SUITE("import profiles") {
  TEST_CASE("the shipped profiles load and are found by name") {
    CHECK(shipped_import_profiles(shipped_dir) ==
          std::vector<std::string>{"jira-service-management", "servicenow-incident-audit", "status-change-log",
                                   "zendesk-ticket-audits"});
    for (const auto& name : shipped_import_profiles(shipped_dir)) {
      INFO(name);
      const ImportProfile p = find_import_profile(name, shipped_dir);
      CHECK(p.name == name);
      CHECK(p.received.count("customer") == 1);
    }
    const ImportProfile sn = find_import_profile("servicenow-incident-audit", shipped_dir);
    CHECK(sn.format == ProfileFormat::csv);
    CHECK(sn.time_format == "d/m/yyyy HH:MM");
    CHECK(sn.zone == "Europe/London");
    CHECK(sn.states.at("Awaiting Vendor") == StateMeaning::waiting);
    CHECK(sn.states.at("Canceled") == StateMeaning::cancelled);
    CHECK(sn.priorities.at("1 - Critical") == "P1");
    const ImportProfile jira = find_import_profile("jira-service-management", shipped_dir);
    CHECK(jira.has_changes);
    CHECK(jira.changes.list == "changelog.histories");
    CHECK_THROWS_AS((void)find_import_profile("narnia", shipped_dir), ConfigError);
  }

  TEST_CASE("a bad profile names file, line, key and why") {
    check_refused(std::string(minimal) + "colour: blue\n", "10: field 'colour'", "unknown key");
    check_refused(std::string(minimal) + "  Done: finished\n", "10: field 'states.Done'", "'finished' is not new");
    check_refused(std::string(minimal) + "times:\n  format: d/m/yyyy\n  zone: Europe/London\n",
                  "11: field 'times.format'", "lacks 'H'");
    check_refused(std::string(minimal) + "times:\n  format: d/m/yyyy HH:MM\n", "11: field 'times.zone'",
                  "is required with a pattern");
    check_refused(std::string(minimal) + "times:\n  zone: Mars/Olympus\n", "11: field 'times.zone'", "Mars/Olympus");
    check_refused(std::string(minimal) + "priority: prio\npriorities:\n  urgent: 1\n", "12: field 'priorities.urgent'",
                  "is not P1, P2");
    check_refused("name: desk\nformat: xml\n", "2: field 'format'", "not csv or json");
    check_refused("name: desk\nformat: csv\ncase_id: id\ntime: at\nstate: s\nstates: {Open: new}\n",
                  "1: field 'received.customer'", "is required");
    check_refused(std::string(minimal) + "changes:\n  items: events\n  field: f\n  to: v\n", "11: field 'changes'",
                  "only a JSON profile");
  }

  TEST_CASE("the request's local-time rule overrides the profile's zone") {
    TempDir d;
    write_file(d / "x.csv",
               "number,incident_state,opened_at,sys_updated_at,priority,caller_id,category,contact_type\n"
               "INC9,New,21/10/2024 10:00,21/10/2024 10:00,3 - Moderate,Kim Example,?,?\n");
    for (const bool utc : {false, true}) {
      EventStore store = EventStore::create((d / (utc ? "u.db" : "l.db")).string());
      ImportRequest req;
      req.files = {(d / "x.csv").string()};
      req.profile = (shipped_dir / "servicenow-incident-audit.yaml").string();
      req.now = parse_instant("2024-12-01T00:00:00Z");
      if (utc) req.local_times = LocalTimeRule{"UTC", AmbiguousLocalTime::reject, MissingLocalTime::reject};
      const ImportSummary s = import_events(store, req);
      CHECK(s.imported == 1);
      const auto t = store.timeline("INC9");
      REQUIRE(t);
      CHECK(format_utc(t->events.front().at) == (utc ? "2024-10-21T10:00:00Z" : "2024-10-21T09:00:00Z"));
    }
  }

  TEST_CASE("profile times: patterns, ISO 8601 with and without an offset, the repeated and the missing hour") {
    detail::SourceTimeRule rule;
    rule.format = "d/m/yyyy HH:MM";
    rule.zone = TimeZone::named("Europe/London");
    CHECK(parsed("4/11/2024 09:15", rule) == "2024-11-04T09:15:00Z");
    CHECK(parsed("21/10/2024 10:00", rule) == "2024-10-21T09:00:00Z");  // BST
    CHECK(parsed("27/10/2024 00:30", rule) == "2024-10-26T23:30:00Z");
    CHECK(parsed("27/10/2024 02:00", rule) == "2024-10-27T02:00:00Z");
    CHECK(parsed("27/10/2024 01:30", rule).find("happens twice in Europe/London") != std::string::npos);
    CHECK(parsed("31/3/2024 01:30", rule).find("does not exist in Europe/London") != std::string::npos);
    CHECK(parsed("31/02/2024 10:00", rule).find("not a valid date") != std::string::npos);
    CHECK(parsed("2024-10-21 10:00", rule).find("not a time in the profile's format") != std::string::npos);
    rule.ambiguous = Disambiguation::earliest;
    CHECK(parsed("27/10/2024 01:30", rule) == "2024-10-27T00:30:00Z");
    rule.ambiguous = Disambiguation::latest;
    CHECK(parsed("27/10/2024 01:30", rule) == "2024-10-27T01:30:00Z");
    rule.gap_shift_forward = true;
    CHECK(parsed("31/3/2024 01:30", rule) == "2024-03-31T01:30:00Z");  // 02:30 BST

    detail::SourceTimeRule iso;
    CHECK(parsed("2024-03-28T10:00:00.000+0000", iso) == "2024-03-28T10:00:00Z");
    CHECK(parsed("2024-04-02T11:00:00.000+0100", iso) == "2024-04-02T10:00:00Z");
    CHECK(parsed("2024-10-25T08:00:00Z", iso) == "2024-10-25T08:00:00Z");
    CHECK(parsed("2024-10-25T08:00:00", iso).find("no offset") != std::string::npos);
    iso.zone = TimeZone::named("Europe/London");
    CHECK(parsed("2024-10-25 08:00:00", iso) == "2024-10-25T07:00:00Z");
  }
}

}  // namespace slaclock
