// Service levels as data: clocks defined in a rule version, targets by
// priority, the DSC clocks as definitions judging exactly as the shorthand
// did, and bad definitions refused with file, line, key and why.
#include "cli_database.h"
#include "clock_scenarios.h"
#include "test_support.h"

#include <slaclock/base/error.h>

#include "base/sha256.h"

using namespace slaclock;
using namespace slaclock::scenarios;

namespace {

// A desk's own terms: no DSC clock but regular_updates, a response and a fix
// target per priority, holds pausing response and the update gaps.
const char* desk_rules = R"(version: desk-2024
effective_from: 2024-01-01
clocks:
  response:
    start: received
    stop: [acknowledged, resolved, closed]
    pause_on_hold: true
    target: {by: priority, P1: {business_hours: 4}, P2: {hours: 8}, default: {business_days: 5}}
  fix:
    start: received
    stop: [resolved, closed]
    restart_on_reopen: true
    target:
      by: priority
      P1: {business_hours: 4}
      P2: {hours: 8}
      P3: {business_days: 3}
      default: {business_days: 5}
  regular_updates:
    kind: regular_updates
    pause_on_hold: true
    target: {business_days: 2}
)";

RuleBook book_of(const std::string& yaml) {
  return RuleBook({parse_rule_set(yaml, "desk.yaml")});
}

Clocks judged(const Scenario& s, const RuleBook& book, const std::string& when) {
  const EvaluationInputs in{book, [](const std::string& name) { return load_calendar(name); }, nullptr};
  return Clocks(evaluate_timeline(s.timeline(), at(when), in));
}

std::string sha256_hex(const std::string& text) {
  return detail::to_hex(detail::Sha256().of(text));
}

// The error a definition gets, as "field: why".
std::string refusal(const std::string& clocks_yaml) {
  try {
    parse_rule_set("version: x\neffective_from: 2024-01-01\nclocks:\n" + clocks_yaml, "bad.yaml");
  } catch (const ConfigError& e) {
    return e.where().field + ": " + e.why() + " (line " + std::to_string(e.where().line) + ")";
  }
  return "accepted";
}

}  // namespace

TEST_SUITE("service levels as data") {
  TEST_CASE("the shipped versions in the clock language define the same clocks as the DSC shorthand") {
    for (const char* name : {"dsc-kvi-2018.yaml", "dsc-kvi-2020.yaml"}) {
      CAPTURE(name);
      const RuleSet language = read_rule_set(std::filesystem::path(SLACLOCK_SOURCE_DIR) / "config" / "rules" / name);
      const RuleSet shorthand =
          read_rule_set(std::filesystem::path(SLACLOCK_SOURCE_DIR) / "tests" / "data" / "rules-shorthand" / name);
      REQUIRE(language.clocks.size() == shorthand.clocks.size());
      for (std::size_t i = 0; i < language.clocks.size(); ++i) {
        CAPTURE(clock_name(language.clocks[i].id));
        CHECK(language.clocks[i] == shorthand.clocks[i]);
      }
    }
  }

  TEST_CASE("a target by priority: P1 4 business hours met exactly at due, missed one second after") {
    const RuleBook book = book_of(desk_rules);
    // Tue 5 March 2024 10:00 GMT: 4 business hours is 14:00.
    Scenario on_time = contact_received("C1", "2024-03-05T10:00:00Z", {{"priority", "P1"}});
    on_time.add("acknowledged", "2024-03-05T14:00:00Z");
    const Clocks a = judged(on_time, book, "2024-03-06T12:00:00Z");
    CHECK(a.names() == "response fix regular_updates");  // no DSC clock: the version leaves them out
    CHECK(a.status("response") == "met");
    CHECK(a.due("response") == "2024-03-05T14:00:00+00:00");
    CHECK(a["response"].target == "priority P1");
    CHECK(a.reason("response", at("2024-03-06T12:00:00Z")) ==
          "acknowledged 2024-03-05T14:00:00+00:00, exactly at due (4 business hours for priority P1)");

    Scenario late = contact_received("C2", "2024-03-05T10:00:00Z", {{"priority", "P1"}});
    late.add("acknowledged", "2024-03-05T14:00:01Z");
    CHECK(judged(late, book, "2024-03-06T12:00:00Z").status("response") == "missed");

    // A priority the table does not name takes the default, and says so.
    Scenario other = contact_received("C3", "2024-03-05T10:00:00Z", {{"priority", "P7"}});
    const Clocks o = judged(other, book, "2024-03-05T11:00:00Z");
    CHECK(o["fix"].target == "priority P7, the default");
    CHECK(o.due("fix") == "2024-03-12T17:00:00+00:00");  // 5 business days
    CHECK(o.reason("fix", at("2024-03-05T11:00:00Z")).find("(5 business days (priority P7, the default))") !=
          std::string::npos);
  }

  TEST_CASE("a priority raised before the stop re-targets from the start, one raised after it changes nothing") {
    const RuleBook book = book_of(desk_rules);
    Scenario raised = contact_received("C1", "2024-03-05T10:00:00Z", {{"priority", "P3"}});
    raised.add("prioritised", "2024-03-05T11:00:00Z", {{"priority", "P1"}});
    const Clocks running = judged(raised, book, "2024-03-05T13:00:00Z");
    CHECK(running["fix"].target == "priority P1");
    CHECK(running.due("fix") == "2024-03-05T14:00:00+00:00");  // from the original start
    CHECK(running["fix"].priority == "P1");
    CHECK(judged(raised, book, "2024-03-05T14:00:01Z").status("fix") == "breached");
    // Before the change the same clock was P3's: 3 business days.
    CHECK(judged(raised, book, "2024-03-05T10:30:00Z").due("fix") == "2024-03-08T17:00:00+00:00");

    Scenario after = contact_received("C2", "2024-03-05T10:00:00Z", {{"priority", "P3"}});
    after.add("resolved", "2024-03-06T10:00:00Z");
    after.add("prioritised", "2024-03-06T11:00:00Z", {{"priority", "P1"}});
    const Clocks done = judged(after, book, "2024-03-20T12:00:00Z");
    CHECK(done.status("fix") == "met");
    CHECK(done["fix"].target == "priority P3");
    CHECK(done["fix"].priority == "P3");  // the priority at the stop
  }

  TEST_CASE("targets over the spring DST change and the Easter bank holidays") {
    const RuleBook book = book_of(desk_rules);
    // Thu 28 March 2024 15:00 GMT, P1: 2 business hours that day; Good
    // Friday, the weekend (clocks go forward on Sunday) and Easter Monday
    // count nothing; the other 2 end Tue 2 April 11:00 BST.
    const Scenario p1 = contact_received("C1", "2024-03-28T15:00:00Z", {{"priority", "P1"}});
    CHECK(judged(p1, book, "2024-03-28T16:00:00Z").due("fix") == "2024-04-02T11:00:00+01:00");
    // P2 is 8 elapsed hours: Sat 30 March 20:00 GMT + 8 h = 04:00Z, which is
    // 05:00 BST (one local hour fewer on the clock than it seems).
    const Scenario p2 = contact_received("C2", "2024-03-30T20:00:00Z", {{"priority", "P2"}});
    const Clocks c = judged(p2, book, "2024-03-31T03:59:59Z");
    CHECK(c.due("fix") == "2024-03-31T05:00:00+01:00");
    CHECK(c.status("fix") == "at_risk");  // 75% of 8 h used at 02:00Z
    CHECK(judged(p2, book, "2024-03-31T04:00:01Z").status("fix") == "breached");
  }

  TEST_CASE("regular_updates can pause: a hold inside a gap moves its deadline on") {
    const RuleBook book = book_of(desk_rules);
    // Acknowledged Mon 4 March 10:00: the next update is due by the close of
    // the 2nd business day, Wed 17:00. On hold Tue 10:00 to Thu 10:00 (16
    // business hours): the deadline moves to Fri 17:00, and an update on Fri
    // 16:00 is in time.
    Scenario s = contact_received("C1", "2024-03-04T09:00:00Z", {{"priority", "P3"}});
    s.add("acknowledged", "2024-03-04T10:00:00Z");
    s.add("on_hold", "2024-03-05T10:00:00Z", {{"reason", "awaiting caller"}});
    s.add("off_hold", "2024-03-07T10:00:00Z");
    s.add("update_sent", "2024-03-08T16:00:00Z");
    const Clocks paused = judged(s, book, "2024-03-08T16:30:00Z");
    CHECK(paused.status("regular_updates") == "pending");
    CHECK(paused.started("regular_updates") == "2024-03-08T16:00:00+00:00");

    // The same desk without the pause: the gap broke on Wed 17:00.
    std::string unpaused = desk_rules;
    unpaused.replace(unpaused.rfind("pause_on_hold: true"), 19, "pause_on_hold: false");
    const Clocks broken = judged(s, book_of(unpaused), "2024-03-08T16:30:00Z");
    CHECK(broken.status("regular_updates") == "breached");
    CHECK(broken.due("regular_updates") == "2024-03-06T17:00:00+00:00");
  }

  TEST_CASE("a start condition decides which clocks run, and otherwise says why one does not apply") {
    const RuleBook book = book_of(R"(version: x
effective_from: 2024-01-01
clocks:
  major_response:
    start: {event: received, when: {priority: [P1, P2]}, otherwise: not_applicable}
    stop: [acknowledged]
    target: {minutes: 30}
  minor_response:
    start: {event: received, unless: {priority: [P1, P2]}}
    stop: [acknowledged]
    target: {business_days: 1}
)");
    const Clocks minor =
        judged(contact_received("C1", "2024-03-05T10:00:00Z", {{"priority", "P4"}}), book, "2024-03-05T10:10:00Z");
    CHECK(minor.names() == "major_response minor_response");
    CHECK(minor.status("major_response") == "not_applicable");
    CHECK(minor.reason("major_response", at("2024-03-05T10:10:00Z")) == "does not apply to this contact under x");
    CHECK(minor.status("minor_response") == "pending");
    const Clocks major =
        judged(contact_received("C2", "2024-03-05T10:00:00Z", {{"priority", "P1"}}), book, "2024-03-05T10:10:00Z");
    CHECK(major.names() == "major_response");
    CHECK(major.due("major_response") == "2024-03-05T10:30:00+00:00");
  }

  TEST_CASE("a clock starts at the first start event whose conditions hold") {
    const RuleBook book = book_of(R"(version: x
effective_from: 2024-01-01
clocks:
  p1_escalation:
    start: {event: prioritised, when: {priority: [P1]}}
    stop: [resolved]
    target: {hours: 1}
)");
    Scenario s = contact_received("C1", "2024-03-05T10:00:00Z", {{"priority", "P3"}});
    s.add("prioritised", "2024-03-05T11:00:00Z", {{"priority", "P2"}});
    CHECK_FALSE(judged(s, book, "2024-03-05T11:30:00Z").has("p1_escalation"));  // only a P2 so far
    s.add("prioritised", "2024-03-05T12:00:00Z", {{"priority", "P1"}});
    const Clocks c = judged(s, book, "2024-03-05T12:30:00Z");
    CHECK(c.started("p1_escalation") == "2024-03-05T12:00:00+00:00");
    CHECK(c.due("p1_escalation") == "2024-03-05T13:00:00+00:00");
    CHECK(c.status("p1_escalation") == "pending");
  }

  TEST_CASE("bad clock definitions are refused with the key, the line and why") {
    CHECK(refusal("  a:\n    kind: sla\n    target: {hours: 1}\n") ==
          "clocks.a.kind: 'sla' is not a clock kind (one of: allowance, breach_monthly_report, gemini_resolution, "
          "issue_band, kpi_consecutive, regular_updates, revised_resolution) (line 5)");
    CHECK(refusal("  a:\n    entity: breach\n    stop: [acknowledged]\n    target: {hours: 1}\n") ==
          "clocks.a.stop[0]: 'acknowledged' cannot happen to a breach (line 6)");
    CHECK(refusal("  a:\n    stop: [{event: resolved, when: {urgency: [high]}}]\n    target: {hours: 1}\n")
              .rfind("clocks.a.stop[0].when: 'urgency' is not a field of a contact", 0) == 0);
    CHECK(refusal("  a:\n    stop: [resolved]\n    target: {by: priority, P1: {hours: 1}}\n") ==
          "clocks.a.target.default: is required: a priority the table does not name (or none recorded) needs a "
          "target too (line 6)");
    CHECK(refusal("  a:\n    stop: [resolved]\n    target: {business_days: 0}\n") ==
          "clocks.a.target.business_days: 0 is out of range 1-1000 (line 6)");
    CHECK(refusal("  a:\n    stop: [resolved]\n    target: {hours: 0}\n") ==
          "clocks.a.target.hours: must be more than zero (line 6)");
    CHECK(refusal("  a:\n    stop: [resolved]\n") == "clocks.a.target: is required (line 5)");
    CHECK(refusal("  a:\n    target: {hours: 1}\n") == "clocks.a.stop: is required (line 5)");
    CHECK(
        refusal("  a:\n    entity: breach\n    stop: [resolved]\n    pause_on_hold: true\n    target: {hours: 1}\n") ==
        "clocks.a.pause_on_hold: only a contact is put on hold (line 7)");
    CHECK(refusal("  a:\n    kind: revised_resolution\n    stop: [resolved]\n    pause_on_hold: true\n")
              .rfind("clocks.a.pause_on_hold: unknown key for a revised_resolution clock", 0) == 0);
    CHECK(refusal("  a:\n    start: received\n    stop: [received]\n    target: {hours: 1}\n") ==
          "clocks.a.stop: 'received' starts the clock and cannot also stop it (line 6)");
    CHECK(refusal("  A-1:\n    stop: [resolved]\n    target: {hours: 1}\n")
              .rfind("clocks.A-1: 'A-1' is not a clock name", 0) == 0);
    CHECK(refusal("  a:\n    stop: [{event: resolved, cause: fixed}]\n    target: {hours: 1}\n") ==
          "clocks.a.stop[0].cause: 'fixed' is not a stop cause (line 5)");
    CHECK(refusal("  g:\n    kind: gemini_resolution\n    start: acknowledged\n    stop: [resolved]\n") ==
          "clocks.g.start: a gemini_resolution clock starts with the contact (received) (line 6)");
    // The shorthand's sections do not mix with clock definitions.
    try {
      parse_rule_set(
          "version: x\neffective_from: 2024-01-01\ncontact:\n  acknowledge: {hours: 1}\nclocks:\n  a:\n"
          "    stop: [resolved]\n    target: {hours: 1}\n",
          "bad.yaml");
      FAIL("accepted");
    } catch (const ConfigError& e) {
      CHECK(e.where().field == "contact");
      CHECK(e.where().line == 4);
    }
  }

  TEST_CASE("the ServiceNow-style site of docs/settings.md reads as written") {
    const std::string doc = read_file(std::filesystem::path(SLACLOCK_SOURCE_DIR) / "docs" / "settings.md");
    const auto section = doc.find("### A ServiceNow-style site");
    REQUIRE(section != std::string::npos);
    const auto open = doc.find("```yaml\n", section);
    const auto close = doc.find("```", open + 8);
    REQUIRE(open != std::string::npos);
    const RuleSet r = parse_rule_set(doc.substr(open + 8, close - open - 8), "settings.md");
    REQUIRE(r.clocks.size() == 3);
    CHECK(r.clock(ClockId::resolution)->target.table.size() == 3);
    CHECK(r.paused_clocks().size() == 3);
  }
}

TEST_SUITE("cli service levels") {
  TEST_CASE("the documents and the completion list the clocks and kinds of the one clock table") {
    const auto doc = [](const char* name) {
      return read_file(std::filesystem::path(SLACLOCK_SOURCE_DIR) / "docs" / name);
    };
    const std::string json = doc("json.md"), settings = doc("settings.md");
    for (ClockId id : dsc_clock_ids)
      CHECK_MESSAGE(json.find("`" + std::string(clock_name(id)) + "`") != std::string::npos, clock_name(id));
    for (const ClockKindFacts& k : all_clock_kinds()) {
      CAPTURE(k.name);
      CHECK(settings.find("| `" + std::string(k.name) + "` |") != std::string::npos);
    }
    // The completion asks the program; the program answers from the table.
    const std::string completion =
        read_file(std::filesystem::path(SLACLOCK_SOURCE_DIR) / "packaging" / "slaclock.bash");
    CHECK(completion.find("rules clocks --names") != std::string::npos);
    CHECK(completion.find("initial_response") == std::string::npos);
    CliDatabase w;
    const auto names = w.run("rules clocks --names");  // no database yet: the DSC clocks
    REQUIRE(names.exit_code == 0);
    std::string expected;
    for (ClockId id : dsc_clock_ids) expected += std::string(clock_name(id)) + "\n";
    CHECK(names.out == expected);
    REQUIRE(w.run("init").exit_code == 0);
    REQUIRE(w.run("rules load " + shell_quote(w.file("desk.yaml", desk_rules))).exit_code == 0);
    CHECK(w.run("rules clocks --names").out.find("response\nfix\n") != std::string::npos);
    const auto listed = w.run("rules clocks --format csv");
    CHECK(listed.out.find(
              "desk-2024,fix,allowance,contact,received,resolved closed,no,by priority: P1 4 business hours; "
              "P2 8 hours; P3 3 business days; default 5 business days,breached at_risk") != std::string::npos);
    const auto help = w.run("rules clocks --help");
    for (const ClockKindFacts& k : all_clock_kinds())
      CHECK(help.out.find(std::string("  ") + k.name + ": ") != std::string::npos);
  }

  TEST_CASE("a desk's own clocks through the CLI: rules check, load, sweep, overdue and replay name their targets") {
    CliDatabase w;
    REQUIRE(w.run("init").exit_code == 0);
    const std::string rules = w.file("desk.yaml", desk_rules);
    const auto check = w.run("rules check " + shell_quote(rules));
    CHECK_MESSAGE(check.exit_code == 0, check.err);
    const auto bad =
        w.run("rules check " + shell_quote(w.file("bad.yaml", std::string(desk_rules) + "  x:\n    kind: sla\n")));
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("bad.yaml:24: field 'clocks.x.kind': 'sla' is not a clock kind") != std::string::npos);
    REQUIRE(w.run("rules load " + shell_quote(rules)).exit_code == 0);
    const std::string events =
        R"({"event_id":"E1","kind":"contact","entity_id":"INC1","type":"received","at":"2026-03-03T10:00:00Z","recorded_at":"2026-03-03T10:00:00Z","customer":"Acme","priority":"P3"}
{"event_id":"E2","kind":"contact","entity_id":"INC1","type":"prioritised","at":"2026-03-03T11:00:00Z","recorded_at":"2026-03-03T11:00:00Z","priority":"P1"}
)";
    REQUIRE(w.run("import " + shell_quote(w.file("e.jsonl", events))).exit_code == 0);
    CHECK(w.run("sweep --as-of 2026-03-03T15:00:00Z").exit_code == 1);  // fix breached at 14:00:01
    const auto overdue = w.run("overdue --as-of 2026-03-03T15:00:00Z --clock fix --format json");
    REQUIRE_MESSAGE(overdue.exit_code == 0, overdue.err);
    CHECK(overdue.out.find("\"clock\": \"fix\"") != std::string::npos);
    CHECK(overdue.out.find("(4 business hours for priority P1), 1h overdue") != std::string::npos);
    const auto unknown = w.run("overdue --clock fixx");
    CHECK(unknown.exit_code == 2);
    CHECK(unknown.err.find("'fixx' is not a clock; use one of ") != std::string::npos);
    CHECK(unknown.err.find("response, fix") != std::string::npos);  // the stored versions' clocks are offered
    const auto replay = w.run("replay INC1 --as-of 2026-03-03T15:00:00Z --as-known --format table");
    CHECK(replay.out.find("for priority P1") != std::string::npos);
    CHECK(replay.out.find("matches") != std::string::npos);
  }

  TEST_CASE("rules impact shows what a changed clock definition would change") {
    CliDatabase w;
    REQUIRE(w.run("init").exit_code == 0);
    REQUIRE(w.run("rules load " + shell_quote(w.file("desk.yaml", desk_rules))).exit_code == 0);
    const std::string events =
        R"({"event_id":"E1","kind":"contact","entity_id":"INC1","type":"received","at":"2026-03-03T10:00:00Z","recorded_at":"2026-03-03T10:00:00Z","customer":"Acme","priority":"P1"}
{"event_id":"E2","kind":"contact","entity_id":"INC1","type":"resolved","at":"2026-03-03T13:00:00Z","recorded_at":"2026-03-03T13:00:00Z"}
)";
    REQUIRE(w.run("import " + shell_quote(w.file("e.jsonl", events))).exit_code == 0);
    REQUIRE(w.run("sweep --as-of 2026-03-04T00:00:00Z").exit_code == 0);
    // The candidate halves P1's targets: the fix met at 13:00 (due 14:00) would be missed (due 12:00).
    std::string candidate = desk_rules;
    for (std::size_t at = candidate.find("P1: {business_hours: 4}"); at != std::string::npos;
         at = candidate.find("P1: {business_hours: 4}", at))
      candidate.replace(at, 23, "P1: {business_hours: 2}");
    candidate.replace(candidate.find("desk-2024"), 9, "desk-2026");
    candidate.replace(candidate.find("2024-01-01"), 10, "2026-01-01");
    const auto impact = w.run("rules impact " + shell_quote(w.file("cand.yaml", candidate)) +
                              " --from 2026-01-01 --to 2026-04-01 --format json");
    REQUIRE_MESSAGE(impact.exit_code == 0, impact.err);
    CHECK(impact.out.find("\"fix\"") != std::string::npos);
    CHECK(impact.out.find("\"from\": \"met\",\n      \"to\": \"missed\"") != std::string::npos);
    CHECK(w.run("rules list --format csv").out.find("desk-2026") == std::string::npos);  // nothing stored
  }

  TEST_CASE("the DSC clocks judge the bundled sample and a generated year exactly as the shorthand did") {
    // Digests of the previous build's output (before the clock language),
    // kept as the fixture: every stored result, the desk's overdue list and
    // KVI months. A change here is a change of judgement. (The overdue
    // digests were taken again when the clock JSON gained `priority` and
    // `target`, after checking that the lists were otherwise identical.)
    const auto generator = std::filesystem::path(SLACLOCK_BUILD_DIR) / "tools" / "slaclock-generate";
    struct Case {
      std::string name, events;
      std::vector<std::string> sweeps;
      std::vector<std::pair<std::string, std::string>> digests;  // what -> sha256
    };
    TempDir tmp;
    std::vector<Case> cases{
        {"sample",
         std::string(SLACLOCK_SOURCE_DIR) + "/samples/sample-events.jsonl",
         {"2026-10-15T18:00:00+01:00"},
         {{"results", "ac5ff61fbe53b91d1d3555a60a7f4173ec1e6571ef1c6626d0c4f63318d74f55"},
          {"overdue 2026-10-15T18:00:00+01:00", "bd7df363da60f885c4bbe731b1612f758d513478ded14ead2351fad65d79ce37"},
          {"kvi 2026-09", "ef83be92b0e993981f1fe67091c0fc575f8ae99c7a4ddbb9e642b9a59a63aeb6"}}}};
    if (std::filesystem::exists(generator)) {
      REQUIRE(std::system((shell_quote(generator) + " --seed 11 --contacts 1500 --from 2025-01-01 --months 12 --out " +
                           shell_quote(tmp / "year.jsonl") + " >/dev/null")
                              .c_str()) == 0);
      REQUIRE(std::system((shell_quote(generator) + " --seed 5 --contacts 600 --from 2019-11-01 --months 8 --out " +
                           shell_quote(tmp / "span.jsonl") + " >/dev/null")
                              .c_str()) == 0);
      cases.push_back(
          {"year",
           (tmp / "year.jsonl").string(),
           {"2025-03-31T12:00:00Z", "2025-07-15T09:30:00+01:00", "2026-01-10T12:00:00Z"},
           {{"results", "9a596bc00c10d6b90ad254be5f2c355c327be2ced8f066aa21209a44525e3981"},
            {"overdue 2026-01-10T12:00:00Z", "f51e76d70dc051d484a58eb51c9ff7888277378443ab63e13026fd40b54884d1"},
            {"kvi 2025-06", "ffb23052f7b580c941d34b008c47689a42e96c3eda99764ae453f15586a87de7"},
            {"kvi 2025-12", "f806cafb8b4e98e7faf99371254901fb500ceaaf49112d4f1b91faa1fc61718a"}}});
      // Across the 2018 and 2020 versions.
      cases.push_back({"span",
                       (tmp / "span.jsonl").string(),
                       {"2020-02-14T12:00:00Z", "2020-07-01T12:00:00+01:00"},
                       {{"results", "778c3f8056c02998b794a376c0e473f1a3be64e5b8274cc633a26c53a5a170c8"},
                        {"kvi 2020-03", "7aa039e7475361c7a14d347db1774c8d96ccc1b99176ec6182759e6b94dbc5de"},
                        {"kvi 2020-05", "edaca0b75c6d33b99cc3dbc32fa5f2731d32901b2521ae9196b14abf4aa45318"}}});
    } else {
      MESSAGE("slaclock-generate not built; only the bundled sample compared");
    }
    for (const Case& c : cases) {
      CAPTURE(c.name);
      CliDatabase w(c.name + ".db");
      REQUIRE(w.run("init").exit_code == 0);
      REQUIRE(w.run("import " + shell_quote(c.events)).exit_code == 0);
      for (const std::string& as_of : c.sweeps) REQUIRE(w.run("sweep --as-of " + as_of).exit_code <= 1);
      for (const auto& [what, digest] : c.digests) {
        CAPTURE(what);
        std::string text;
        if (what == "results") {
          const auto dump = w.dir / "results.txt";
          const std::string command =
              "sqlite3 " + shell_quote(w.db) +
              " 'SELECT sweep_id, entity_id, kind, clock, status, started_at, due_at, at_risk_at, stopped_at, "
              "rule_version, calendar, band, customer, reason FROM clock_results ORDER BY sweep_id, entity_id, "
              "clock' > " +
              shell_quote(dump);
          REQUIRE(std::system(command.c_str()) == 0);
          text = read_file(dump);
        } else if (what.rfind("overdue ", 0) == 0) {
          text = w.run("overdue --as-of " + what.substr(8) + " --format json").out;
        } else {
          text = w.run("kvi --month " + what.substr(4) + " --format json").out;
        }
        CHECK(sha256_hex(text) == digest);
      }
    }
  }
}
