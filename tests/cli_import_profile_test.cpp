// import --profile through the real binary (issue 21, part 1): each shipped
// profile's sample export (tests/data/import/) becomes the timelines it
// should, event by event, and the clocks judge them as they should (holds,
// reopenings, priority changes, a DST day); re-imports are idempotent, later
// history lands, and bad exports are refused line by line or quarantined in
// their own format.
#include "cli_database.h"
#include "cli_json.h"
#include "test_support.h"

#include <slaclock/clock/event.h>
#include <slaclock/store/event_store.h>
#include <slaclock/time/timestamp.h>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>
#include <vector>

namespace slaclock {
namespace {

const std::string data_dir = std::string(SLACLOCK_TEST_DATA) + "/import/";

// Pauses acknowledge and resolution, so holds show in the clocks.
const char* pausing_rules = R"(version: site-2024
effective_from: 2024-01-01
pausable_clocks: [acknowledge, resolution]
)";

struct Desk : CliDatabase {
  Desk() : CliDatabase("desk.db") {
    must("init");
    must("rules load " + shell_quote(file("site.yaml", pausing_rules)));
  }
  CliResult must(const std::string& args) const {
    CliResult r = run(args);
    REQUIRE_MESSAGE(r.exit_code == 0, args << ": " << r.err);
    return r;
  }
  CliResult import(const std::string& profile, const std::string& path, const std::string& more = "") const {
    return run("import --profile " + profile + " " + shell_quote(path) + more + " --format json");
  }

  /// The entity's stored events, one line each: type, UTC instant, and the
  /// fields a profile fills.
  std::vector<std::string> events(const std::string& entity) const {
    const EventStore store = EventStore::open(db, OpenMode::read_only);
    const std::optional<Timeline> t = store.timeline(entity);
    std::vector<std::string> out;
    if (!t) return out;
    for (const Event& e : t->events) {
      std::string line = std::string(event_type_name(e.type)) + " " + format_utc(e.at);
      for (const char* f : {"customer", "category", "channel", "priority", "reason"})
        if (const auto v = e.field(f)) line += std::string(" ") + f + "=" + *v;
      out.push_back(line);
    }
    return out;
  }
  nlohmann::json clocks(const std::string& entity, const std::string& as_of) const {
    return json_of(must("replay " + entity + " --as-of " + as_of + " --utc --format json"));
  }
};

nlohmann::json summary(const CliResult& r) {
  INFO(r.err);
  return nlohmann::json::parse(r.out);
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (std::size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size())
    s.replace(pos, from.size(), to);
  return s;
}

using Lines = std::vector<std::string>;

std::string first_event(const Desk& d, const std::string& entity) {
  const Lines lines = d.events(entity);
  return lines.empty() ? std::string("(no events)") : lines.front();
}

}  // namespace

TEST_SUITE("cli import profiles") {
  TEST_CASE("servicenow-incident-audit: holds, a change of hold reason, a priority change, reopening, a DST day") {
    Desk d;
    const auto s = summary(d.import("servicenow-incident-audit", data_dir + "servicenow-incident-audit.csv"));
    CHECK(s["read"] == 15);
    CHECK(s["rejected"] == 0);
    CHECK(s["imported"] == 18);

    // Rows out of order, times local (BST until 27 October), "?" is no value.
    CHECK(
        d.events("INC0010001") ==
        Lines{"received 2024-10-21T09:00:00Z customer=Alice Example category=network channel=service_desk priority=P3",
              "acknowledged 2024-10-21T10:00:00Z", "on_hold 2024-10-22T13:00:00Z reason=Awaiting User Info",
              "off_hold 2024-10-23T09:00:00Z reason=Awaiting Vendor",
              "on_hold 2024-10-23T09:00:00Z reason=Awaiting Vendor", "categorised 2024-10-24T11:00:00Z priority=P2",
              "off_hold 2024-10-24T11:00:00Z reason=In Progress", "resolved 2024-10-29T15:00:00Z",
              "closed 2024-10-31T09:00:00Z"});
    // Opened at 00:30 BST on the day the clocks go back; acknowledged at 03:00 GMT.
    CHECK(d.events("INC0010002") == Lines{"received 2024-10-26T23:30:00Z customer=Bob Example category=software "
                                          "channel=email priority=P4",
                                          "acknowledged 2024-10-27T03:00:00Z", "resolved 2024-10-28T10:00:00Z",
                                          "reopened 2024-10-29T09:30:00Z", "resolved 2024-10-30T16:00:00Z",
                                          "closed 2024-11-01T10:00:00Z"});
    // Canceled: closed (the close counts as the resolution).
    CHECK(d.events("INC0010003") == Lines{"received 2024-11-04T09:15:00Z customer=Carol Example channel=phone "
                                          "priority=P1",
                                          "acknowledged 2024-11-04T09:45:00Z", "closed 2024-11-04T09:45:00Z"});

    // Clocks: resolution (paused by this site's rules) moved on by the 14
    // business hours on hold, Tue 22 Oct 14:00 BST to Thu 24 Oct 12:00 BST
    // (one hold for two reasons), from Wed 30 Oct 17:00 to Fri 1 Nov 15:00.
    const auto one = d.clocks("INC0010001", "2024-11-05T00:00:00Z");
    const auto res = clock_of(one, "INC0010001", "resolution");
    CHECK(res["status"] == "met");
    CHECK(res["due_at"] == "2024-11-01T15:00:00Z");
    CHECK(res["stopped_at"] == "2024-10-29T15:00:00Z");
    CHECK(res["held_seconds"] == 14 * 3600);
    REQUIRE(res["holds"].size() == 2);
    CHECK(res["holds"][0]["reason"] == "Awaiting User Info");
    CHECK(res["holds"][1]["reason"] == "Awaiting Vendor");
    CHECK(res["holds"][1]["to"] == "2024-10-24T11:00:00Z");
    CHECK(clock_of(one, "INC0010001", "acknowledge")["status"] == "met");
    // initial_response is not paused: 4 business days, due Fri 25 Oct, resolved on the 29th.
    CHECK(clock_of(one, "INC0010001", "initial_response")["status"] == "missed");
    // While on hold the resolution clock stands still.
    const auto held = clock_of(d.clocks("INC0010001", "2024-10-23T12:00:00Z"), "INC0010001", "resolution");
    CHECK(held["held_since"] == "2024-10-23T09:00:00Z");
    CHECK(held["status"] == "pending");

    // Reopened: resolution runs again until the second resolution.
    const auto reopened = clock_of(d.clocks("INC0010002", "2024-10-29T12:00:00Z"), "INC0010002", "resolution");
    CHECK(reopened["stopped_at"].is_null());
    const auto done = clock_of(d.clocks("INC0010002", "2024-11-05T00:00:00Z"), "INC0010002", "resolution");
    CHECK(done["status"] == "met");
    CHECK(done["stopped_at"] == "2024-10-30T16:00:00Z");
    // Received on Saturday night: the business day starts Monday 28 October.
    CHECK(clock_of(d.clocks("INC0010002", "2024-11-05T00:00:00Z"), "INC0010002", "acknowledge")["status"] == "met");
  }

  TEST_CASE("servicenow-incident-audit: re-importing is a no-op and a longer export adds only the new history") {
    Desk d;
    const std::string full = read_file(data_dir + "servicenow-incident-audit.csv");
    // The export as it stood on 25 October: the header and the rows updated by then.
    const std::vector<std::string> by_then = {"21/10/2024 10:00", "21/10/2024 11:00", "22/10/2024 14:00",
                                              "23/10/2024 10:00", "24/10/2024 12:00"};
    std::string early;
    std::size_t start = 0;
    for (std::size_t end; (end = full.find('\n', start)) != std::string::npos; start = end + 1) {
      const std::string line = full.substr(start, end - start + 1);
      // The fourth column, sys_updated_at.
      std::size_t c = 0;
      for (int i = 0; i < 3; ++i) c = line.find(',', c) + 1;
      const std::string updated = line.substr(c, line.find(',', c) - c);
      if (start == 0 || std::find(by_then.begin(), by_then.end(), updated) != by_then.end()) early += line;
    }
    const auto first = summary(d.import("servicenow-incident-audit", d.file("early.csv", early)));
    CHECK(first["read"] == 5);
    CHECK(first["imported"] == 7);
    // On hold at the time, for the vendor.
    CHECK(clock_of(d.clocks("INC0010001", "2024-10-24T10:00:00Z"), "INC0010001", "resolution")["held_since"] ==
          "2024-10-23T09:00:00Z");

    const auto longer = summary(d.import("servicenow-incident-audit", data_dir + "servicenow-incident-audit.csv"));
    CHECK(longer["rejected"] == 0);
    CHECK(longer["duplicates"] == 7);
    CHECK(longer["imported"] == 11);
    const auto again = summary(d.import("servicenow-incident-audit", data_dir + "servicenow-incident-audit.csv"));
    CHECK(again["imported"] == 0);
    CHECK(again["duplicates"] == 18);
    CHECK(d.events("INC0010001").size() == 9);
    CHECK(d.must("verify").exit_code == 0);
  }

  TEST_CASE("jira-service-management: the changelog's status and priority changes, a hold across Easter") {
    Desk d;
    const auto s = summary(d.import("jira-service-management", data_dir + "jira-service-management.json"));
    CHECK(s["rejected"] == 0);
    CHECK(s["read"] == 9);  // two issues and seven histories
    CHECK(d.events("SD-101") ==
          Lines{"received 2024-03-28T10:00:00Z customer=Dana Example category=Service Request "
                "channel=service_desk priority=P3",
                "acknowledged 2024-03-28T11:00:00Z", "on_hold 2024-03-28T14:00:00Z reason=Waiting for customer",
                "categorised 2024-04-02T10:00:00Z priority=P2", "off_hold 2024-04-02T10:00:00Z reason=In Progress",
                "resolved 2024-04-04T14:00:00Z", "reopened 2024-04-05T09:00:00Z", "resolved 2024-04-08T11:00:00Z",
                "closed 2024-04-10T08:00:00Z"});
    // No changelog: the current status and priority were the first.
    CHECK(
        d.events("SD-102") ==
        Lines{
            "received 2024-03-31T00:30:00Z customer=Erin Example category=Incident channel=service_desk priority=P1"});

    // The hold (Thu 14:00 GMT to Tue 2 April 11:00 BST) is 5 business hours
    // across Good Friday and Easter Monday: resolution due Wed 10 April 17:00
    // moves to Thu 11 April 14:00 BST.
    const auto clocks = d.clocks("SD-101", "2024-04-20T00:00:00Z");
    const auto res = clock_of(clocks, "SD-101", "resolution");
    CHECK(res["held_seconds"] == 5 * 3600);
    CHECK(res["due_at"] == "2024-04-11T13:00:00Z");
    CHECK(res["status"] == "met");
    CHECK(res["stopped_at"] == "2024-04-08T11:00:00Z");
    // Reopened on 5 April: running again that day.
    CHECK(clock_of(d.clocks("SD-101", "2024-04-05T12:00:00Z"), "SD-101", "resolution")["stopped_at"].is_null());
    // SD-102, opened on the night the clocks go forward, never picked up.
    // Counting starts on Tuesday 2 April (Easter Monday is a holiday): due 13:00 BST.
    const auto ack = clock_of(d.clocks("SD-102", "2024-04-02T13:00:00Z"), "SD-102", "acknowledge");
    CHECK(ack["status"] == "breached");
    CHECK(ack["due_at"] == "2024-04-02T12:00:00Z");
  }

  TEST_CASE("zendesk-ticket-audits: pending and hold are one hold, urgent is P1, solved then reopened") {
    Desk d;
    const auto s = summary(d.import("zendesk-ticket-audits", data_dir + "zendesk-ticket-audits.json"));
    CHECK(s["rejected"] == 0);
    CHECK(s["read"] == 11);
    CHECK(d.events("ZD-5001") ==
          Lines{"received 2024-10-25T08:00:00Z customer=Frank Example channel=email priority=P3",
                "acknowledged 2024-10-25T09:30:00Z", "on_hold 2024-10-25T13:00:00Z reason=pending",
                "off_hold 2024-10-28T10:00:00Z reason=hold", "on_hold 2024-10-28T10:00:00Z reason=hold",
                "categorised 2024-10-28T15:00:00Z priority=P1", "off_hold 2024-10-28T15:00:00Z reason=open",
                "resolved 2024-10-29T11:00:00Z", "closed 2024-11-02T12:00:00Z"});
    // Created at 01:30 UTC on the night the clocks go back (Zendesk writes UTC).
    CHECK(d.events("ZD-5002") == Lines{"received 2024-10-27T01:30:00Z customer=Grace Example channel=web",
                                       "acknowledged 2024-10-27T02:00:00Z", "resolved 2024-10-27T02:00:00Z",
                                       "reopened 2024-10-28T09:00:00Z", "resolved 2024-10-28T12:00:00Z"});
    // Held Fri 25 Oct 13:00 BST-equivalent to Mon 28 Oct 15:00 GMT: Fri 14:00-17:00 BST
    // (13:00Z-16:00Z) and Mon 09:00-15:00 = 9 business hours.
    const auto res = clock_of(d.clocks("ZD-5001", "2024-11-10T00:00:00Z"), "ZD-5001", "resolution");
    CHECK(res["held_seconds"] == 9 * 3600);
    CHECK(res["status"] == "met");
  }

  TEST_CASE("status-change-log: activities to events, local times across both DST changes") {
    Desk d;
    const auto s = summary(d.import("status-change-log", data_dir + "status-change-log.csv"));
    CHECK(s["rejected"] == 0);
    CHECK(s["read"] == 10);
    CHECK(d.events("CASE-1") == Lines{"received 2024-03-28T09:30:00Z customer=Henry Example",
                                      "acknowledged 2024-03-28T10:15:00Z",
                                      "on_hold 2024-03-28T15:00:00Z reason=Waiting for customer",
                                      "off_hold 2024-04-02T09:00:00Z reason=Customer replied",
                                      "resolved 2024-04-03T15:00:00Z", "closed 2024-04-05T08:00:00Z"});
    // 00:30 GMT, then 03:00 BST on 31 March 2024; no resource: the default customer.
    CHECK(d.events("CASE-2") == Lines{"received 2024-03-31T00:30:00Z customer=unknown",
                                      "acknowledged 2024-03-31T02:00:00Z", "closed 2024-03-31T02:30:00Z"});
    const auto res = clock_of(d.clocks("CASE-1", "2024-04-10T00:00:00Z"), "CASE-1", "resolution");
    CHECK(res["status"] == "met");
    CHECK(res["held_seconds"] == 3 * 3600);  // Thu 15:00-17:00 and Tue 2 April 09:00-10:00 BST (Easter between)
  }

  TEST_CASE("a bad export: one error per bad line naming file, line and column, nothing stored") {
    Desk d;
    std::string csv = read_file(data_dir + "servicenow-incident-audit.csv");
    csv = replace_all(csv, "INC0010001,Awaiting User Info", "INC0010001,Pending Approval");            // line 6
    csv = replace_all(csv, "21/10/2024 10:00,21/10/2024 11:00", "21/10/2024 10:00,32/10/2024 11:00");  // line 5
    csv = replace_all(csv, "30/10/2024 16:00,4 - Low", "30/10/2024 16:00,9 - Whenever");               // line 12
    const std::string bad = d.file("bad.csv", csv);
    const CliResult r = d.run("import --profile servicenow-incident-audit " + shell_quote(bad));
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("bad.csv:5: field 'sys_updated_at': '32/10/2024 11:00' is not a valid date and time") !=
          std::string::npos);
    CHECK(r.err.find("bad.csv:6: field 'incident_state': state 'Pending Approval' is not in the profile's states") !=
          std::string::npos);
    CHECK(r.err.find("bad.csv:12: field 'priority': priority '9 - Whenever' is not in the profile's priorities") !=
          std::string::npos);
    CHECK(r.err.find("nothing stored: 3 bad lines") != std::string::npos);
    CHECK(d.events("INC0010003").empty());

    // A column the profile reads that the file lacks: refused at the header.
    const std::string no_state = d.file("no-state.csv", replace_all(csv, "incident_state", "state"));
    const CliResult h = d.run("import --profile servicenow-incident-audit " + shell_quote(no_state));
    CHECK(h.exit_code == 2);
    CHECK(h.err.find("no-state.csv:1: field 'incident_state': the profile 'servicenow-incident-audit' reads column "
                     "'incident_state', which this file's header lacks") != std::string::npos);

    // A JSON change to a status the profile cannot map, on its own line.
    std::string jira = read_file(data_dir + "jira-service-management.json");
    jira = replace_all(jira, R"("toString": "Waiting for customer")", R"("toString": "Gone fishing")");
    const CliResult j = d.run("import --profile jira-service-management " + shell_quote(d.file("j.json", jira)));
    CHECK(j.exit_code == 2);
    CHECK(j.err.find("j.json:39: field 'changelog.histories[].items[].toString': state 'Gone fishing' is not in "
                     "the profile's states") != std::string::npos);
    const CliResult unknown = d.run("import --profile no-such-desk " + shell_quote(bad));
    CHECK(unknown.exit_code == 2);
    CHECK(unknown.err.find("unknown import profile 'no-such-desk' (shipped: jira-service-management, "
                           "servicenow-incident-audit, status-change-log, zendesk-ticket-audits") != std::string::npos);
  }

  TEST_CASE("a time in the repeated autumn hour or the spring gap is refused unless the profile says which") {
    Desk d;
    const std::string csv =
        "number,incident_state,opened_at,sys_updated_at,priority,caller_id,category,contact_type\n"
        "INC1,New,27/10/2024 01:30,27/10/2024 01:30,3 - Moderate,Ivy Example,?,?\n"
        "INC1,In Progress,27/10/2024 01:30,27/10/2024 04:00,3 - Moderate,Ivy Example,?,?\n"
        "INC2,New,31/3/2024 01:30,31/3/2024 01:30,3 - Moderate,Jack Example,?,?\n";
    const std::string file = d.file("dst.csv", csv);
    const CliResult r = d.run("import --profile servicenow-incident-audit " + shell_quote(file));
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("dst.csv:2: field 'sys_updated_at': '27/10/2024 01:30' happens twice in Europe/London") !=
          std::string::npos);
    CHECK(r.err.find("dst.csv:4: field 'sys_updated_at': '31/3/2024 01:30' does not exist in Europe/London") !=
          std::string::npos);

    // A site's copy of the profile that says earlier and shift forward.
    std::string profile =
        read_file(std::filesystem::path(SLACLOCK_SOURCE_DIR) / "config/import/servicenow-incident-audit.yaml");
    profile = replace_all(profile, "ambiguous: reject", "ambiguous: earlier");
    profile = replace_all(profile, "gap: reject", "gap: shift_forward");
    const std::string own = d.file("my-desk.yaml", profile);
    const auto s = summary(d.import(shell_quote(own), file));
    CHECK(s["rejected"] == 0);
    CHECK(first_event(d, "INC1") ==
          "received 2024-10-27T00:30:00Z customer=Ivy Example channel=service_desk "
          "priority=P3");  // 01:30 BST, the first of the two
    CHECK(first_event(d, "INC2") ==
          "received 2024-03-31T01:30:00Z customer=Jack Example channel=service_desk "
          "priority=P3");  // 02:30 BST, moved on by the gap
  }

  TEST_CASE("--quarantine keeps the good cases and writes the bad cases' rows in the source format") {
    Desk d;
    std::string csv = read_file(data_dir + "servicenow-incident-audit.csv");
    csv = replace_all(csv, "INC0010002,Active", "INC0010002,Reactivated");  // line 11
    const std::string bad = d.file("bad.csv", csv);
    const std::string rejects = (d.dir / "rejects.csv").string();
    const CliResult r = d.run("import --profile servicenow-incident-audit " + shell_quote(bad) + " --quarantine " +
                              shell_quote(rejects) + " --format json");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto s = summary(r);
    CHECK(s["rejected"] == 1);
    CHECK(r.err.find("quarantined: " + bad + ":11: field 'incident_state': state 'Reactivated'") != std::string::npos);
    CHECK(d.events("INC0010001").size() == 9);
    CHECK(d.events("INC0010002").empty());  // the whole case waits for its bad row

    // The reject file: the header, then every row of INC0010002, with where and why.
    const std::string text = read_file(rejects);
    CHECK(text.rfind("number,incident_state,opened_at,sys_updated_at,priority,resolved_at,closed_at,caller_id,"
                     "category,contact_type,short_description,_file,_line,_error\n",
                     0) == 0);
    CHECK(std::count(text.begin(), text.end(), '\n') == 7);
    CHECK(text.find("INC0010001") == std::string::npos);
    CHECK(text.find(R"("Meter read ""stuck""")") != std::string::npos);
    CHECK(text.find("field 'incident_state': state 'Reactivated'") != std::string::npos);

    // Corrected, it imports as it is with the same profile.
    const std::string fixed = d.file("fixed.csv", replace_all(text, ",Reactivated,", ",Active,"));
    const auto again = summary(d.import("servicenow-incident-audit", fixed));
    CHECK(again["rejected"] == 0);
    CHECK(again["imported"] == 6);
    CHECK(d.events("INC0010002").size() == 6);

    // JSON: the rejected records in a document of the same shape.
    std::string jira = read_file(data_dir + "jira-service-management.json");
    jira = replace_all(jira, R"("toString": "Waiting for customer")", R"("toString": "Gone fishing")");
    const std::string jrejects = (d.dir / "rejects.json").string();
    const CliResult j = d.run("import --profile jira-service-management " + shell_quote(d.file("j.json", jira)) +
                              " --quarantine " + shell_quote(jrejects));
    REQUIRE_MESSAGE(j.exit_code == 0, j.err);
    CHECK(d.events("SD-101").empty());
    CHECK(d.events("SD-102").size() == 1);
    const auto doc = nlohmann::json::parse(read_file(jrejects));
    REQUIRE(doc["issues"].size() == 1);
    CHECK(doc["issues"][0]["key"] == "SD-101");
    CHECK(doc["_errors"][0].get<std::string>().find(":39: field 'changelog.histories[].items[].toString'") !=
          std::string::npos);
    const std::string jfixed =
        d.file("jfixed.json", replace_all(read_file(jrejects), R"("Gone fishing")", R"("Waiting for customer")"));
    const auto jagain = summary(d.import("jira-service-management", jfixed));
    CHECK(jagain["rejected"] == 0);
    CHECK(d.events("SD-101").size() == 9);
  }
}

}  // namespace slaclock
