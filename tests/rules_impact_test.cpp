// `rules impact`: a candidate rule version judged against the stored ones,
// through the library and through the real binary on a real SQLite file.
//
// The hand-worked dataset (england-and-wales, Europe/London; GMT until Sun 29
// March 2026, BST after; Good Friday 3 April and Easter Monday 6 April 2026
// are bank holidays; business hours 09:00-17:00). Stored: dsc-kvi-2018 and
// dsc-kvi-2020 (initial_response 4 business days, breach resolution 2).
// Candidate dsc-kvi-2026, effective 2026-01-01: initial_response 3 business
// days, breach resolution 3 business days. As of Wed 2026-04-08 12:00Z
// (13:00 BST). Day 0 is the day of receipt.
//
//   C-1 received Mon 2 Mar 10:00 GMT, resolved Fri 6 Mar 12:00 (business day 4).
//       initial_response: now due Fri 6 Mar 17:00Z, met; candidate due Thu
//       5 Mar 17:00Z, missed.                                  met -> missed
//   C-2 received Thu 26 Mar 10:00 GMT; Fri 27 = 1, Mon 30 (BST) = 2, Tue 31 = 3,
//       Wed 1 Apr = 4. Resolved Tue 31 Mar 17:00 BST (16:00Z), exactly at the
//       candidate's due. initial_response: now due Wed 1 Apr 16:00Z, met;
//       candidate due Tue 31 Mar 16:00Z, met (stopped at due).  due moves only
//   C-3 received Wed 1 Apr 10:00 BST, still open. Thu 2 = 1, Fri 3 and Mon 6
//       are bank holidays, Tue 7 = 2, Wed 8 = 3, Thu 9 = 4. initial_response:
//       now due Thu 9 Apr 16:00Z: allowance 7+8+8+8+8 = 39 business hours,
//       at risk after 29.25 h used = Wed 8 Apr 15:15 BST, so pending at 13:00;
//       candidate due Wed 8 Apr 16:00Z: 31 h, at risk after 23.25 h = Wed 8
//       Apr 09:15 BST, so at_risk at 13:00.                    pending -> at_risk
//   C-4 received Tue 30 Dec 2025, resolved on business day 4 (Tue 6 Jan):
//       it would flip, but it opened before the range, so it is not judged.
//   B-1 medium breach identified Tue 10 Mar 10:00 GMT, resolved Fri 13 Mar
//       10:00 (business day 3). breach_resolution: now due Thu 12 Mar 17:00Z,
//       missed; candidate due Fri 13 Mar 17:00Z, met.          missed -> met
//       (Under dsc-kvi-2020 a medium breach runs no notification clock.)
//
// So 4 entities in the range, all judged by the candidate, 4 clocks change:
// initial_response 3 (2 status changes, 3 due moves), breach_resolution 1;
// flips met->missed 1, missed->met 1, pending->at_risk 1.
//
// KVIs, months 2026-01..2026-09 (September ends the quarter), each judged at
// its end or at the as-of when earlier, by the 2018 KVI settings (given with
// --kvi-config; in force in 2026 is the 2020 interim scorecard, which has no
// contact-based Issue Resolution KVI, so there only Customer Data Security
// moves, amber -> green):
//   2026-03 Issue Resolution: no feedback, so the figure stays "no feedback"
//     (not_due); its counts move: initial_response.on_time 2 -> 1 (C-1, C-2
//     -> C-2), initial_response.late 0 -> 1 (C-1).
//   2026-03 Customer Data Security: one medium breach (within the limits);
//     its resolution clock was missed, so amber now; met under the candidate,
//     so green. Counts breach_resolution.on_time 0 -> 1, .late 1 -> 0.
//   2026-03 score: Customer Data Security (weight 15) and Financial
//     Reporting (weight 10, quarterly: the Q4 2025 report, due 30 days after
//     the quarter, 30 Jan, was never delivered, so red) are due; no
//     feedback, surveys or KPI results. Amber 0.5 x 15 / 25 = 30% -> green
//     15 / 25 = 60%.
//   2026-04 (judged at the as-of): C-3's clocks are running either way, so
//     nothing moves. Other months: no entities.
#include "cli_database.h"
#include "cli_runner.h"
#include "ops_test_support.h"

#include <slaclock/base/error.h>
#include <slaclock/base/paths.h>
#include <slaclock/ops/rules_impact.h>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <string>

namespace slaclock {
namespace {

using namespace ops_test;

std::string candidate_yaml(const std::string& version, const std::string& effective_from,
                           const std::string& initial_response = "{business_days: 3}") {
  return "version: " + version + "\neffective_from: " + effective_from +
         "\ntime_zone: Europe/London\ncalendar: england-and-wales\nat_risk_share: 0.75\n"
         "contact:\n  acknowledge: {business_hours: 4}\n  initial_response: " +
         initial_response +
         "\n  resolution: {business_days: 7}\n  regular_update_gap: {business_days: 5}\n"
         "breach:\n  notification: {hours: 4}\n  notification_severities: [critical, high]\n"
         "  resolution: {business_days: 3}\n"
         "kpi:\n  miss_notice: {business_days: 2}\n  priorities: [P1, P2]\n  max_consecutive_misses: 2\n";
}

std::string dataset() {
  std::string s;
  s += received("E1", "C-1", "2026-03-02T10:00:00Z", "2026-03-02T10:00:00Z", "Acme Gas");
  s += acknowledged("E2", "C-1", "2026-03-02T11:00:00Z", "2026-03-02T11:00:00Z", "2026-03-10T17:00:00Z");
  s += contact_event("E3", "C-1", "resolved", "2026-03-06T12:00:00Z", "2026-03-06T12:00:00Z");
  s += received("E4", "C-2", "2026-03-26T10:00:00Z", "2026-03-26T10:00:00Z", "Borealis");
  s += acknowledged("E5", "C-2", "2026-03-26T11:00:00Z", "2026-03-26T11:00:00Z", "2026-04-03T17:00:00+01:00");
  s += contact_event("E6", "C-2", "resolved", "2026-03-31T17:00:00+01:00", "2026-03-31T17:00:00+01:00");
  s += received("E7", "C-3", "2026-04-01T10:00:00+01:00", "2026-04-01T10:00:00+01:00", "Cygnus");
  s += acknowledged("E8", "C-3", "2026-04-01T11:00:00+01:00", "2026-04-01T11:00:00+01:00", "2026-04-14T17:00:00+01:00");
  s += received("E9", "C-4", "2025-12-30T10:00:00Z", "2025-12-30T10:00:00Z", "Draco");
  s += acknowledged("E10", "C-4", "2025-12-30T11:00:00Z", "2025-12-30T11:00:00Z", "2026-01-09T17:00:00Z");
  s += contact_event("E11", "C-4", "resolved", "2026-01-06T12:00:00Z", "2026-01-06T12:00:00Z");
  s += breach_identified("E12", "B-1", "2026-03-10T10:00:00Z", "2026-03-10T10:00:00Z", "medium", "Acme Gas");
  s += event_line("E13", "breach", "B-1", "resolved", "2026-03-13T10:00:00Z", "2026-03-13T10:00:00Z");
  return s;
}

const std::string as_of_text = "2026-04-08T12:00:00Z";

struct ImpactFixture {
  OpsStore w;
  ImpactFixture() { w.import(dataset()); }
  std::filesystem::path candidate(const std::string& name, const std::string& yaml) {
    const auto file = w.dir / name;
    write_file(file, yaml);
    return file;
  }
  RulesImpact impact(const std::filesystem::path& file, const std::string& from, const std::string& to,
                     ImpactScope scope = ImpactScope::as_loaded, bool in_force_settings = false) {
    RulesImpactOptions o;
    if (!in_force_settings) o.kvi_settings_file = default_kvi_config_dir() / "dsc-kvi-2018.yaml";
    o.candidate_file = file;
    o.from = parse_date(from);
    o.to = parse_date(to);
    o.as_of = at(as_of_text);
    o.scope = scope;
    return rules_impact(w.store, o);
  }
};

const ClockChange* change_of(const RulesImpact& r, const std::string& entity, const std::string& clock) {
  for (const ClockChange& c : r.changes)
    if (c.candidate.entity_id == entity && clock_of(c.candidate) == clock) return &c;
  return nullptr;
}

std::string flips_of(const RulesImpact& r) {
  std::string out;
  for (const auto& [flip, n] : r.by_flip)
    out += (out.empty() ? "" : " ") + std::string(clock_status_name(flip.first)) + "->" +
           clock_status_name(flip.second) + "=" + std::to_string(n);
  return out;
}

const KviMonthImpact& month_of(const RulesImpact& r, const std::string& month) {
  for (const auto& m : r.months)
    if (format_kvi_month(m.month) == month) return m;
  FAIL("no month " << month);
  throw 0;
}

std::string moves_of(const KviMonthImpact& m) {
  std::string out;
  for (const KviMove& k : m.moved) {
    out += (out.empty() ? "" : " | ") + std::string(kvi_key(k.current.id)) + " " + rag_name(k.current.rag) + "->" +
           rag_name(k.candidate.rag) + ":";
    for (const auto& c : k.counts)
      out += " " + c.name + " " + std::to_string(c.current) + "->" + std::to_string(c.candidate);
  }
  return out;
}

}  // namespace

TEST_SUITE("rules impact") {
  TEST_CASE("RuleBook::with_version_over: the candidate over a window, the stored versions around it") {
    const auto version = [](const std::string& name, const std::string& from) {
      RuleSet r;
      r.version = name;
      r.effective_from = parse_date(from);
      r.effective_at = at(from + "T00:00:00Z");
      return r;
    };
    const RuleBook book(
        {version("v2018", "2018-04-01"), version("v2020", "2020-04-01"), version("v2026", "2026-06-01")});
    const RuleSet cand = version("cand", "2026-01-01");
    // The window reaches over v2026's start: v2026 is left out inside it and
    // resumes at the window's end; v2020 judges before the window.
    const RuleBook spliced = book.with_version_over(cand, at("2026-01-01T00:00:00Z"), at("2026-10-01T00:00:00Z"));
    CHECK(spliced.in_force_at(at("2025-12-31T23:59:59Z")).version == "v2020");
    CHECK(spliced.in_force_at(at("2026-01-01T00:00:00Z")).version == "cand");
    CHECK(spliced.in_force_at(at("2026-07-01T00:00:00Z")).version == "cand");
    CHECK(spliced.in_force_at(at("2026-09-30T23:59:59Z")).version == "cand");
    CHECK(spliced.in_force_at(at("2026-10-01T00:00:00Z")).version == "v2026");
    // Before every version stays unjudged.
    CHECK_FALSE(spliced.find_in_force_at(at("2018-01-01T00:00:00Z")));
    // A window ending where a version starts keeps that version as it was.
    const RuleBook up_to = book.with_version_over(cand, at("2026-01-01T00:00:00Z"), at("2026-06-01T00:00:00Z"));
    CHECK(up_to.versions().size() == 4);
    CHECK(up_to.in_force_at(at("2026-06-01T00:00:00Z")).version == "v2026");
    // An empty window changes nothing.
    CHECK(book.with_version_over(cand, at("2026-01-01T00:00:00Z"), at("2026-01-01T00:00:00Z")).versions().size() == 3);
  }

  TEST_CASE("a candidate that shortens initial response and lengthens breach resolution: the hand-worked flips") {
    ImpactFixture f;
    const RulesImpact r =
        f.impact(f.candidate("cand.yaml", candidate_yaml("dsc-kvi-2026", "2026-01-01")), "2026-01-01", "2026-09-30");
    CHECK(r.candidate.version == "dsc-kvi-2026");
    REQUIRE(r.judged);
    CHECK(utc(r.judged->first) == "2026-01-01T00:00:00Z");
    CHECK(utc(r.judged->second) == "2026-09-30T23:00:00Z");  // 1 October 00:00 BST
    CHECK(r.replaced_versions == std::vector<std::string>{"dsc-kvi-2020"});
    CHECK(r.entities_in_range == 4);
    CHECK(r.entities_judged == 4);
    CHECK(r.entities_changed == 4);
    CHECK(r.clocks_changed == 4);
    CHECK(flips_of(r) == "pending->at_risk=1 met->missed=1 missed->met=1");
    const ClockChangeCount ir = r.by_clock.at(ClockId::initial_response);
    CHECK(ir.changed == 3);
    CHECK(ir.status_changed == 2);
    CHECK(ir.due_moved == 3);
    const ClockChangeCount br = r.by_clock.at(ClockId::breach_resolution);
    CHECK(br.changed == 1);
    CHECK(br.status_changed == 1);
    CHECK(br.due_moved == 1);

    const ClockChange* c1 = change_of(r, "C-1", "initial_response");
    REQUIRE(c1);
    CHECK(status_of(c1->current) == "met");
    CHECK(status_of(c1->candidate) == "missed");
    CHECK(utc(c1->current.due_at) == "2026-03-06T17:00:00Z");
    CHECK(utc(c1->candidate.due_at) == "2026-03-05T17:00:00Z");
    CHECK(c1->current.rule_version == "dsc-kvi-2020");
    CHECK(c1->candidate.rule_version == "dsc-kvi-2026");
    CHECK(format_kvi_month(c1->opened_month) == "2026-03");
    CHECK_FALSE(c1->candidate.reason.empty());

    const ClockChange* c2 = change_of(r, "C-2", "initial_response");
    REQUIRE(c2);
    CHECK(status_of(c2->current) == "met");
    CHECK(status_of(c2->candidate) == "met");  // resolved exactly at the candidate's due
    CHECK(utc(c2->current.due_at) == "2026-04-01T16:00:00Z");
    CHECK(utc(c2->candidate.due_at) == "2026-03-31T16:00:00Z");
    CHECK_FALSE(c2->status_changed());
    CHECK(c2->due_moved());

    const ClockChange* c3 = change_of(r, "C-3", "initial_response");
    REQUIRE(c3);
    CHECK(status_of(c3->current) == "pending");
    CHECK(status_of(c3->candidate) == "at_risk");
    CHECK(utc(c3->current.due_at) == "2026-04-09T16:00:00Z");
    CHECK(utc(c3->candidate.due_at) == "2026-04-08T16:00:00Z");

    const ClockChange* b1 = change_of(r, "B-1", "breach_resolution");
    REQUIRE(b1);
    CHECK(status_of(b1->current) == "missed");
    CHECK(status_of(b1->candidate) == "met");
    CHECK(utc(b1->current.due_at) == "2026-03-12T17:00:00Z");
    CHECK(utc(b1->candidate.due_at) == "2026-03-13T17:00:00Z");
    CHECK_FALSE(change_of(r, "C-4", "initial_response"));  // opened before the range

    REQUIRE(r.months.size() == 9);
    CHECK(format_kvi_month(r.months.front().month) == "2026-01");
    CHECK(format_kvi_month(r.months.back().month) == "2026-09");
    const KviMonthImpact& march = month_of(r, "2026-03");
    CHECK(moves_of(march) ==
          "issue_resolution not_due->not_due: initial_response.on_time 2->1 initial_response.late 0->1 | "
          "customer_data_security amber->green: breach_resolution.on_time 0->1 breach_resolution.late 1->0");
    REQUIRE(march.current_score);
    REQUIRE(march.candidate_score);
    CHECK(*march.current_score == doctest::Approx(0.3));
    CHECK(*march.candidate_score == doctest::Approx(0.6));
    CHECK(r.kvi_moves() == 2);  // April (C-3 running either way) and the other months do not move

    // By the settings in force in 2026 (the 2020 interim scorecard): no
    // contact-based KVI, so C-1's flip moves nothing; B-1's still does.
    const RulesImpact in_force = f.impact(f.candidate("cand.yaml", candidate_yaml("dsc-kvi-2026", "2026-01-01")),
                                          "2026-01-01", "2026-09-30", ImpactScope::as_loaded, true);
    CHECK(moves_of(month_of(in_force, "2026-03")) ==
          "customer_data_security amber->green: breach_resolution.on_time 0->1 breach_resolution.late 1->0");
    CHECK(in_force.kvi_moves() == 1);
  }

  TEST_CASE("current is judged afresh at the as-of, not read from stale stored sweep rows") {
    ImpactFixture f;
    // A sweep on 5 March stored C-1's initial_response as running; by the
    // as-of it was met, and that is what the candidate is compared with.
    f.w.sweep("2026-03-05T12:00:00Z");
    CHECK(status_of(must_find(f.w.stored("C-1", "2026-03-05T12:00:00Z"), "C-1", "initial_response")) != "met");
    const RulesImpact r =
        f.impact(f.candidate("cand.yaml", candidate_yaml("dsc-kvi-2026", "2026-01-01")), "2026-01-01", "2026-09-30");
    const ClockChange* c1 = change_of(r, "C-1", "initial_response");
    REQUIRE(c1);
    CHECK(status_of(c1->current) == "met");
    CHECK(status_of(c1->candidate) == "missed");
    CHECK(r.sweeps_after_effective == 1);  // loading it would need --allow-backdate
    CHECK_FALSE(r.already_loaded);
  }

  TEST_CASE("scope: as loaded judges from the candidate's effective_from, whole_range judges the whole range") {
    ImpactFixture f;
    // Effective 15 March: once loaded it would judge C-2 (26 March) and C-3 (1 April) only.
    const auto file = f.candidate("mid.yaml", candidate_yaml("dsc-kvi-2026", "2026-03-15"));
    const RulesImpact loaded = f.impact(file, "2026-01-01", "2026-09-30");
    CHECK(loaded.entities_in_range == 4);
    CHECK(loaded.entities_judged == 2);
    CHECK(loaded.clocks_changed == 2);
    CHECK(change_of(loaded, "C-2", "initial_response"));
    CHECK(change_of(loaded, "C-3", "initial_response"));
    CHECK_FALSE(change_of(loaded, "C-1", "initial_response"));
    CHECK(utc(loaded.judged->first) == "2026-03-15T00:00:00Z");
    // C-2 stays on time and C-3 runs either way; B-1 is not judged: no KVI moves.
    CHECK(loaded.kvi_moves() == 0);
    const RulesImpact whole = f.impact(file, "2026-01-01", "2026-09-30", ImpactScope::whole_range);
    CHECK(whole.entities_judged == 4);
    CHECK(whole.clocks_changed == 4);
    CHECK(utc(whole.judged->first) == "2026-01-01T00:00:00Z");

    // Effective after the range: once loaded it judges nothing in it.
    const RulesImpact later =
        f.impact(f.candidate("late.yaml", candidate_yaml("dsc-kvi-2027", "2026-10-01")), "2026-01-01", "2026-09-30");
    CHECK_FALSE(later.judged);
    CHECK(later.entities_in_range == 4);
    CHECK(later.entities_judged == 0);
    CHECK(later.changes.empty());
    CHECK(later.months.empty());
  }

  TEST_CASE("an empty range, a reversed range and the list limit") {
    ImpactFixture f;
    const auto file = f.candidate("cand.yaml", candidate_yaml("dsc-kvi-2026", "2026-01-01"));
    const RulesImpact empty = f.impact(file, "2026-06-01", "2026-06-30");
    CHECK(empty.entities_in_range == 0);
    CHECK(empty.clocks_changed == 0);
    CHECK(empty.changes.empty());
    CHECK(empty.by_flip.empty());
    CHECK(empty.months.empty());
    CHECK_THROWS_AS(f.impact(file, "2026-09-30", "2026-01-01"), InputError);

    RulesImpactOptions o;
    o.candidate_file = file;
    o.from = parse_date("2026-01-01");
    o.to = parse_date("2026-09-30");
    o.as_of = at(as_of_text);
    o.list_limit = 3;
    const RulesImpact limited = rules_impact(f.w.store, o);
    CHECK(limited.clocks_changed == 4);  // the counts stay complete
    // The status flips come first: C-2, whose due only moves, is left out.
    REQUIRE(limited.changes.size() == 3);
    CHECK(limited.changes[0].candidate.entity_id == "B-1");
    CHECK(limited.changes[1].candidate.entity_id == "C-1");
    CHECK(limited.changes[2].candidate.entity_id == "C-3");
    o.list_limit.reset();
    const RulesImpact all = rules_impact(f.w.store, o);
    REQUIRE(all.changes.size() == 4);
    CHECK(all.changes[3].candidate.entity_id == "C-2");
  }

  TEST_CASE("a bad candidate file is refused as rules load refuses it") {
    ImpactFixture f;
    const auto bad = f.candidate("bad.yaml", candidate_yaml("dsc-kvi-2026", "2026-01-01", "{business_days: -1}"));
    try {
      f.impact(bad, "2026-01-01", "2026-09-30");
      FAIL("no error");
    } catch (const ConfigError& e) {
      const std::string what = e.what();
      CHECK(what.find("bad.yaml") != std::string::npos);
      CHECK(what.find(":8") != std::string::npos);
      CHECK(what.find("contact.initial_response.business_days") != std::string::npos);
    }
    // Same name as a stored version, different content: append-only, as `rules load` says.
    const auto clash = f.candidate("clash.yaml", candidate_yaml("dsc-kvi-2020", "2026-01-01"));
    CHECK_THROWS_AS(f.impact(clash, "2026-01-01", "2026-09-30"), ConfigError);
    // Same effective date as a stored version.
    const auto same_day = f.candidate("day.yaml", candidate_yaml("dsc-kvi-x", "2020-04-01"));
    CHECK_THROWS_AS(f.impact(same_day, "2026-01-01", "2026-09-30"), ConfigError);
  }

  TEST_CASE("the stored version itself changes nothing") {
    ImpactFixture f;
    const RulesImpact r = f.impact(rules_dir() / "dsc-kvi-2020.yaml", "2026-01-01", "2026-09-30");
    CHECK(r.already_loaded);
    CHECK(r.entities_judged == 4);
    CHECK(r.clocks_changed == 0);
    CHECK(r.kvi_moves() == 0);
  }
}

TEST_SUITE("rules impact CLI") {
  // The database is made by the real binary: init (shipped rules and KVI
  // settings), import the dataset, one sweep (so stored rows exist and are stale).
  struct CliWorkspace : CliDatabase {
    CliWorkspace() : CliDatabase("impact.db") {
      REQUIRE(run("init").exit_code == 0);
      write_file(dir / "events.jsonl", dataset());
      const CliResult imported = run("import " + shell_quote(dir / "events.jsonl"));
      INFO(imported.err);
      REQUIRE(imported.exit_code == 0);
      REQUIRE(run("sweep --as-of 2026-03-05T12:00:00Z --quiet").exit_code == 0);
    }
    /// The file's path, quoted for the command line.
    std::string file(const std::string& name, const std::string& text) const {
      return shell_quote(CliDatabase::file(name, text));
    }
  };

  TEST_CASE("rules impact --format json: the hand-worked flips and KVI moves, database bytes unchanged") {
    CliWorkspace w;
    const std::string cand = w.file("cand.yaml", candidate_yaml("dsc-kvi-2026", "2026-01-01"));
    const std::string before = read_file(w.db);
    const std::string wal_before = read_file(w.db + "-wal");  // "" when there is none
    const CliResult r =
        w.run("rules impact " + cand + " --from 2026-01-01 --to 2026-09-30 --as-of " + as_of_text + " --kvi-config " +
              shell_quote(default_kvi_config_dir() / "dsc-kvi-2018.yaml") + " --format json --utc");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(read_file(w.db) == before);  // opened read-only: not a byte changed
    CHECK(read_file(w.db + "-wal") == wal_before);
    const nlohmann::json j = nlohmann::json::parse(r.out);
    CHECK(j["candidate"]["version"] == "dsc-kvi-2026");
    CHECK(j["scope"] == "as_loaded");
    CHECK(j["judged_from"] == "2026-01-01T00:00:00Z");
    CHECK(j["judged_to"] == "2026-09-30T23:00:00Z");
    CHECK(j["replaced_versions"] == nlohmann::json::array({"dsc-kvi-2020"}));
    CHECK(j["sweeps_after_effective"] == 1);
    CHECK(j["entities_in_range"] == 4);
    CHECK(j["clocks_changed"] == 4);
    CHECK(j["by_flip"].size() == 3);
    CHECK(j["by_flip"][1] == nlohmann::json{{"from", "met"}, {"to", "missed"}, {"count", 1}});
    bool saw_c1 = false;
    for (const auto& c : j["changes"])
      if (c["entity_id"] == "C-1") {
        saw_c1 = true;
        CHECK(c["clock"] == "initial_response");
        CHECK(c["current"]["status"] == "met");
        CHECK(c["candidate"]["status"] == "missed");
        CHECK(c["current"]["due_at"] == "2026-03-06T17:00:00Z");
        CHECK(c["candidate"]["due_at"] == "2026-03-05T17:00:00Z");
        CHECK(c["status_changed"] == true);
      }
    CHECK(saw_c1);
    REQUIRE(j["kvi_months"].size() == 9);
    const auto& march = j["kvi_months"][2];
    CHECK(march["month"] == "2026-03");
    CHECK(march["current_score"] == doctest::Approx(0.3));
    CHECK(march["candidate_score"] == doctest::Approx(0.6));
    REQUIRE(march["moved"].size() == 2);
    CHECK(march["moved"][1]["kvi"] == "customer_data_security");
    CHECK(march["moved"][1]["current"]["rag"] == "amber");
    CHECK(march["moved"][1]["candidate"]["rag"] == "green");
  }

  TEST_CASE("rules impact --format table and csv") {
    CliWorkspace w;
    const std::string cand = w.file("cand.yaml", candidate_yaml("dsc-kvi-2026", "2026-01-01"));
    const std::string common = "rules impact " + cand + " --from 2026-01-01 --to 2026-09-30 --as-of " + as_of_text;
    const CliResult table = w.run(common + " --format table --utc");
    INFO(table.err);
    REQUIRE(table.exit_code == 0);
    CHECK(table.out.find("met->missed") != std::string::npos);
    CHECK(table.out.find("pending->at_risk") != std::string::npos);
    CHECK(table.out.find("Customer Data Security") != std::string::npos);
    CHECK(table.out.find("loading it needs --allow-backdate") != std::string::npos);
    const CliResult csv = w.run(common + " --format csv --utc");
    REQUIRE(csv.exit_code == 0);
    CHECK(csv.out.rfind("section,month,entity_id,kind,item,current_status,candidate_status,", 0) == 0);
    CHECK(csv.out.find("clock,2026-03,C-1,contact,initial_response,met,missed,2026-03-06T17:00:00Z,"
                       "2026-03-05T17:00:00Z") != std::string::npos);
    CHECK(csv.out.find("kvi,2026-03,,,customer_data_security,amber,green") != std::string::npos);
  }

  TEST_CASE("rules impact: a bad candidate, an empty range and bad options exit 2 or report nothing") {
    CliWorkspace w;
    const std::string bad = w.file("bad.yaml", candidate_yaml("dsc-kvi-2026", "2026-01-01", "{business_days: -1}"));
    const CliResult r = w.run("rules impact " + bad + " --from 2026-01-01 --to 2026-09-30 --format json");
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err.find("bad.yaml:8: field 'contact.initial_response.business_days'") != std::string::npos);

    const std::string cand = w.file("cand.yaml", candidate_yaml("dsc-kvi-2026", "2026-01-01"));
    const CliResult empty =
        w.run("rules impact " + cand + " --from 2026-06-01 --to 2026-06-30 --as-of " + as_of_text + " --format json");
    INFO(empty.err);
    REQUIRE(empty.exit_code == 0);
    const nlohmann::json j = nlohmann::json::parse(empty.out);
    CHECK(j["entities_in_range"] == 0);
    CHECK(j["changes"].empty());
    CHECK(j["kvi_months"].empty());

    CHECK(w.run("rules impact " + cand + " --from 2026-09-30 --to 2026-01-01").exit_code == 2);
    const CliResult bad_date = w.run("rules impact " + cand + " --from 2026-13-01 --to 2026-09-30");
    CHECK(bad_date.exit_code == 2);
    CHECK(bad_date.err.find("--from") != std::string::npos);
    CHECK(w.run("rules impact " + cand + " --to 2026-09-30").exit_code == 2);  // --from is required

    // Effective 15 March: as loaded it judges 2 entities, over the whole range all 4.
    const std::string mid = w.file("mid.yaml", candidate_yaml("dsc-kvi-2026", "2026-03-15"));
    const std::string range = " --from 2026-01-01 --to 2026-09-30 --as-of " + as_of_text + " --format json";
    const nlohmann::json loaded = nlohmann::json::parse(w.run("rules impact " + mid + range).out);
    CHECK(loaded["scope"] == "as_loaded");
    CHECK(loaded["entities_judged"] == 2);
    const nlohmann::json whole = nlohmann::json::parse(w.run("rules impact " + mid + range + " --whole-range").out);
    CHECK(whole["scope"] == "whole_range");
    CHECK(whole["entities_judged"] == 4);
    CHECK(whole["clocks_changed"] == 4);
  }
}

}  // namespace slaclock
