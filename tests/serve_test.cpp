// `slaclock serve` over real HTTP: the server started on a free loopback port,
// every route answered with the right status, type and security headers, the
// API giving exactly the CLI's JSON, bad input a 400 with the CLI's words,
// every value escaped, the token enforced, nothing ever written, and a sweep
// writing while requests are served.
#include "serve_support.h"

#include <slaclock/base/error.h>
#include <slaclock/ops/version_files.h>
#include <slaclock/report/dashboard.h>

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <csignal>
#include <mutex>
#include <thread>
#include <vector>

namespace slaclock {
namespace {

using namespace serve_test;

std::string db_arg(const ServeWorld& w) {
  return " --db " + shell_quote(w.w.db_path());
}

/// The body of a 200, failing the test (with the body) otherwise.
std::string ok_body(const RunningServer& s, const std::string& target) {
  const auto r = s.get(target);
  REQUIRE_MESSAGE(r, "no answer for " << target);
  INFO(target << " -> " << r->status << ": " << r->body.substr(0, 600));
  REQUIRE(r->status == 200);
  return r->body;
}

nlohmann::json ok_json(const RunningServer& s, const std::string& target) {
  const auto r = s.get(target);
  REQUIRE_MESSAGE(r, "no answer for " << target);
  INFO(target << " -> " << r->status << ": " << r->body.substr(0, 600));
  REQUIRE(r->status == 200);
  CHECK(r->get_header_value("Content-Type") == "application/json; charset=utf-8");
  return nlohmann::json::parse(r->body);
}

/// The status and the body's "error" of an API answer.
std::pair<int, std::string> api_error(const RunningServer& s, const std::string& target) {
  const auto r = s.get(target);
  REQUIRE_MESSAGE(r, "no answer for " << target);
  const auto j = nlohmann::json::parse(r->body, nullptr, false);
  return {r->status, j.is_object() && j.contains("error") ? j["error"].get<std::string>() : r->body};
}

std::string file_bytes(const std::filesystem::path& p) {
  return read_file(p);
}

}  // namespace

TEST_SUITE("serve") {
  TEST_CASE("every page and API route answers 200 with its type and a Content-Security-Policy") {
    ServeWorld w;
    RunningServer s(w.options());
    const struct {
      const char* target;
      const char* type;
    } routes[] = {
        {"/", "text/html; charset=utf-8"},
        {"/?due_within=2d&status=breached", "text/html; charset=utf-8"},
        {"/entities/C-1", "text/html; charset=utf-8"},
        {"/entities/C-2?as_of=2024-04-03T10:00:00%2B01:00&known_at=2024-04-03T12:00:00Z", "text/html; charset=utf-8"},
        {"/scorecard", "text/html; charset=utf-8"},
        {"/scorecard?month=2024-04", "text/html; charset=utf-8"},
        {"/kvi/2024-04/pack", "text/html; charset=utf-8"},
        {"/sweeps", "text/html; charset=utf-8"},
        {"/notices", "text/html; charset=utf-8"},
        {"/login", "text/html; charset=utf-8"},
        {"/api/overdue", "application/json; charset=utf-8"},
        {"/api/entities/C-1", "application/json; charset=utf-8"},
        {"/api/kvi/2024-04", "application/json; charset=utf-8"},
        {"/api/sweeps", "application/json; charset=utf-8"},
        {"/api/notices", "application/json; charset=utf-8"},
        {"/notices?kind=breached&customer=Acme+Gas", "text/html; charset=utf-8"},
    };
    for (const auto& r : routes) {
      CAPTURE(r.target);
      const auto res = s.get(r.target);
      REQUIRE(res);
      INFO(res->body.substr(0, 400));
      CHECK(res->status == 200);
      CHECK(res->get_header_value("Content-Type") == r.type);
      const std::string csp = res->get_header_value("Content-Security-Policy");
      CHECK(csp.find("default-src 'none'") != std::string::npos);
      CHECK(csp.find("frame-ancestors 'none'") != std::string::npos);
      CHECK(res->get_header_value("X-Content-Type-Options") == "nosniff");
      CHECK(res->get_header_value("Cache-Control") == "no-store");
    }
    // A page's inline style and script carry the nonce its policy names, and nothing is fetched from elsewhere.
    const auto page = s.get("/");
    const std::string csp = page->get_header_value("Content-Security-Policy");
    const auto at = csp.find("'nonce-");
    REQUIRE(at != std::string::npos);
    const std::string nonce = csp.substr(at + 7, csp.find('\'', at + 7) - at - 7);
    CHECK(nonce.size() == 32);
    CHECK(page->body.find("<style nonce=\"" + nonce + "\">") != std::string::npos);
    CHECK(page->body.find("<script nonce=\"" + nonce + "\">") != std::string::npos);
    CHECK(page->body.find("http://") == std::string::npos);
    CHECK(page->body.find("https://") == std::string::npos);
    CHECK(page->body.find("src=") == std::string::npos);
    // A fresh nonce for every response.
    CHECK(s.get("/")->get_header_value("Content-Security-Policy") != csp);
  }

  TEST_CASE("the overdue board lists the running clocks soonest first, coloured, with a countdown and a refresh") {
    ServeWorld w;
    RunningServer s(w.options());
    const std::string board = ok_body(s, "/?due_within=7d");
    CHECK(board.find("id=\"overdue-board\"") != std::string::npos);
    CHECK(board.find("<meta http-equiv=\"refresh\" content=\"60\">") != std::string::npos);
    const auto c1 = board.find("data-entity=\"C-1\" data-clock=\"acknowledge\"");
    const auto c2 = board.find("data-entity=\"C-2\"");
    REQUIRE(c1 != std::string::npos);
    REQUIRE(c2 != std::string::npos);
    CHECK(c1 < c2);  // soonest due first
    CHECK(board.rfind("class=\"st-breached\" data-status=\"breached\"", c1) != std::string::npos);
    CHECK(board.find("class=\"left late\" data-due=\"", c1) != std::string::npos);
    CHECK(board.find("href=\"/entities/C-1\"") != std::string::npos);
    // The filters stay in the form (the refresh reloads the same address).
    const std::string filtered = ok_body(s, "/?customer=Acme+Gas&clock=acknowledge&status=breached&due_within=1d");
    CHECK(filtered.find("name=\"customer\" value=\"Acme Gas\"") != std::string::npos);
    CHECK(filtered.find("<option value=\"acknowledge\" selected>") != std::string::npos);
    CHECK(filtered.find("<option value=\"breached\" selected>") != std::string::npos);
    CHECK(filtered.find("data-entity=\"C-1\"") != std::string::npos);
    CHECK(filtered.find("data-entity=\"C-XSS\"") == std::string::npos);
    // Bounded: limit cuts the rows and says how many there were.
    const std::string one = ok_body(s, "/?due_within=7d&limit=1");
    CHECK(one.find("id=\"truncated\"") != std::string::npos);
    // The counts are of everything that matched, not only the rows shown.
    const auto count_of = [](const std::string& page, const std::string& status) {
      const std::string tag = "<span data-count=\"" + status + "\">";
      const auto at = page.find(tag);
      if (at == std::string::npos) return std::string("?");
      const auto end = page.find("</span>", page.find("</span>", at) + 7);
      return page.substr(page.rfind(' ', end) + 1, end - page.rfind(' ', end) - 1);
    };
    CHECK(count_of(board, "breached") == count_of(one, "breached"));
    CHECK(count_of(one, "breached") != "0");
    CHECK(count_of(board, "pending") == count_of(one, "pending"));
  }

  TEST_CASE("the API gives exactly the CLI's JSON for overdue and replay") {
    ServeWorld w;
    RunningServer s(w.options());
    const std::string as_of = "2024-04-03T12:30:00Z";
    const CliResult overdue =
        run_cli("overdue --as-of " + as_of + " --due-within 2d --format json" + db_arg(w) + " 2>/dev/null");
    REQUIRE(overdue.exit_code == 0);
    CHECK(ok_json(s, "/api/overdue?due_within=2d") == nlohmann::json::parse(overdue.out));
    CHECK(ok_json(s, "/api/overdue?due_within=2d&as_of=" + as_of) == nlohmann::json::parse(overdue.out));
    // One duration grammar: the board's window is in business time as the CLI's is.
    for (const std::string window : {"1bd", "4bh", "3bd"}) {
      CAPTURE(window);
      const CliResult business =
          run_cli("overdue --as-of " + as_of + " --due-within " + window + " --format json" + db_arg(w));
      REQUIRE(business.exit_code == 0);
      CHECK(ok_json(s, "/api/overdue?due_within=" + window + "&as_of=" + as_of) == nlohmann::json::parse(business.out));
    }
    const CliResult utc = run_cli("overdue --as-of " + as_of + " --format json --utc" + db_arg(w));
    CHECK(ok_json(s, "/api/overdue?utc=true") == nlohmann::json::parse(utc.out));

    const CliResult replay = run_cli("replay C-1 --as-of " + w.sweep_as_of + " --as-known --format json" + db_arg(w));
    REQUIRE(replay.exit_code == 0);
    const nlohmann::json known = ok_json(s, "/api/entities/C-1?as_known=true&as_of=" + w.sweep_as_of);
    CHECK(known == nlohmann::json::parse(replay.out));
    REQUIRE(known.is_array());
    REQUIRE_FALSE(known.empty());
    CHECK(known[0]["matches_stored"] == true);
    // Plain replay: the README's shape, without matches_stored (this CLI
    // prints it as null even then; dropped before comparing).
    const CliResult plain = run_cli("replay C-2 --as-of " + as_of + " --format json" + db_arg(w));
    nlohmann::json cli_plain = nlohmann::json::parse(plain.out);
    for (auto& c : cli_plain)
      if (c.contains("matches_stored") && c["matches_stored"].is_null()) c.erase("matches_stored");
    CHECK(ok_json(s, "/api/entities/C-2") == cli_plain);

    const CliResult kvi = run_cli("kvi --month 2024-04 --format json" + db_arg(w));
    REQUIRE(kvi.exit_code == 0);
    CHECK(ok_json(s, "/api/kvi/2024-04") == nlohmann::json::parse(kvi.out));

    const nlohmann::json sweeps = ok_json(s, "/api/sweeps?utc=1");
    CHECK(sweeps["total"] == 1);
    REQUIRE(sweeps["sweeps"].size() == 1);
    CHECK(sweeps["sweeps"][0]["as_of"] == w.sweep_as_of);
    CHECK(sweeps["sweeps"][0]["exit_status"] == 1);  // C-1 and C-XSS are breached
    CHECK(sweeps["sweeps"][0]["breached"].get<int>() >= 2);
    CHECK(sweeps["sweeps"][0]["results_sha256"].is_string());
  }

  TEST_CASE("bad input is a 400 with the CLI's words, an unknown entity a 404, never a 500") {
    ServeWorld w;
    RunningServer s(w.options());
    // The same sentence as the CLI, naming the parameter instead of the option.
    const CliResult cli = run_cli("overdue --clock nope" + db_arg(w));
    REQUIRE(cli.exit_code == 2);
    const std::string why = "'nope' is not a clock; use one of ";
    CHECK(cli.err.find("--clock: " + why) != std::string::npos);
    auto [status, error] = api_error(s, "/api/overdue?clock=nope");
    CHECK(status == 400);
    CHECK(error.rfind("parameter clock: " + why, 0) == 0);
    const CliResult cli_status = run_cli("overdue --status met" + db_arg(w));
    std::tie(status, error) = api_error(s, "/api/overdue?status=met");
    CHECK(status == 400);
    CHECK(error == "parameter status: 'met' is not one of pending, at_risk, breached");
    CHECK(cli_status.err.find("'met' is not one of pending, at_risk, breached") != std::string::npos);

    const struct {
      const char* target;
      int status;
      const char* says;
    } cases[] = {
        {"/api/overdue?as_of=yesterday", 400, "parameter as_of: "},
        {"/api/overdue?due_within=soon", 400, "parameter due_within: "},
        {"/api/overdue?limit=0", 400, "parameter limit: '0' is not a whole number from 1 to 1000"},
        {"/api/overdue?limit=99999", 400, "parameter limit: "},
        {"/api/overdue?limit=-1", 400, "parameter limit: "},
        {"/api/overdue?colour=red", 400, "unknown parameter 'colour'; this address takes "},
        {"/api/overdue?clock=acknowledge&clock=resolution", 400, "parameter clock: given more than once"},
        {"/api/entities/C-1?as_known=maybe", 400, "parameter as_known: 'maybe' is not true or false"},
        {"/api/entities/NOPE", 404, "no entity 'NOPE'"},
        {"/api/entities/C-1?as_known=1&as_of=2020-01-01T00:00:00Z", 404, "nothing about 'C-1' was recorded by"},
        {"/api/kvi/2024-13", 400, "parameter month: "},
        {"/api/kvi/soon", 400, "parameter month: "},
        {"/api/sweeps?offset=x", 400, "parameter offset: "},
        {"/api/notices?kind=late", 400, "parameter kind: 'late' is not one of breached, at_risk, notify_customers"},
        {"/api/notices?limit=501", 400, "parameter limit: "},
        {"/api/nothing", 404, "no page at /api/nothing"},
    };
    for (const auto& c : cases) {
      CAPTURE(c.target);
      const auto [st, err] = api_error(s, c.target);
      CHECK(st == c.status);
      CHECK(err.find(c.says) != std::string::npos);
    }
    // Pages answer the same statuses with an error page.
    for (const auto& [target, code] : std::vector<std::pair<std::string, int>>{{"/?clock=nope", 400},
                                                                               {"/entities/NOPE", 404},
                                                                               {"/scorecard?month=2024-00", 400},
                                                                               {"/sweeps?limit=100000", 400},
                                                                               {"/entities/C-1?known_at=later", 400},
                                                                               {"/nothing", 404}}) {
      CAPTURE(target);
      const auto r = s.get(target);
      REQUIRE(r);
      CHECK(r->status == code);
      CHECK(r->body.find("id=\"error\" data-status=\"" + std::to_string(code) + "\"") != std::string::npos);
    }
    // The search box redirects to the entity page, its id percent-encoded.
    const auto jump = s.get("/entity?id=C-1");
    REQUIRE(jump);
    CHECK(jump->status == 303);
    CHECK(jump->get_header_value("Location") == "/entities/C-1");
    // (cpp-httplib's client decodes Location; the encoding itself is url_encode's.)
    CHECK(s.get("/entity?id=a%2Fb%20c")->status == 303);
    CHECK(url_encode("a/b c<\"&>é") == "a%2Fb%20c%3C%22%26%3E%C3%A9");
    CHECK(url_encode("C-1_x.y~z") == "C-1_x.y~z");
  }

  TEST_CASE("only GET and HEAD: every other method is refused and nothing is written") {
    ServeWorld w;
    const std::filesystem::path db = w.w.db_path();
    // The database file and its write-ahead log, byte for byte.
    const std::string before = file_bytes(db);
    const std::string wal_before = file_bytes(db.string() + "-wal");
    {
      RunningServer s(w.options());
      auto c = s.client();
      for (const char* path : {"/", "/api/overdue", "/entities/C-1", "/api/sweeps"}) {
        CAPTURE(path);
        auto post = c.Post(path, "x=1", "application/x-www-form-urlencoded");
        REQUIRE(post);
        CHECK(post->status == 405);
        CHECK(post->get_header_value("Allow") == "GET, HEAD");
        CHECK(c.Put(path, "{}", "application/json")->status == 405);
        CHECK(c.Delete(path)->status == 405);
        CHECK(c.Patch(path, "{}", "application/json")->status == 405);
        CHECK(c.Options(path)->status == 405);
        const auto head = c.Head(path);
        REQUIRE(head);
        CHECK(head->status == 200);
        CHECK(head->body.empty());
      }
      for (const char* target :
           {"/", "/?due_within=1d", "/entities/C-1", "/entities/C-XSS?known_at=2024-04-03T12:00:00Z",
            "/scorecard?month=2024-04", "/kvi/2024-04/pack", "/sweeps", "/notices", "/api/notices", "/api/overdue",
            "/api/entities/C-1?as_known=1&as_of=2024-04-03T12:00:00Z", "/api/kvi/2024-04"})
        ok_body(s, target);
    }
    CHECK(file_bytes(db) == before);
    CHECK(file_bytes(db.string() + "-wal") == wal_before);
    CHECK(sweep_run_count(EventStore::open(db, OpenMode::read_only)) == 1);
  }

  TEST_CASE("a customer named <script>alert(1)</script> shows as text on every page") {
    ServeWorld w;
    RunningServer s(w.options());
    const std::string escaped = "&lt;script&gt;alert(1)&lt;/script&gt;";
    for (const std::string target : {"/?due_within=7d", "/?customer=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
                                     "/entities/C-XSS", "/scorecard?month=2024-03"}) {
      CAPTURE(target);
      const std::string body = ok_body(s, target);
      CHECK(body.find(script_customer) == std::string::npos);
      CHECK(body.find("alert(1)</script>") == std::string::npos);
      if (target != "/scorecard?month=2024-03") CHECK(body.find(escaped) != std::string::npos);
    }
    // Reflected parameters too: an error page and a form value.
    const auto bad = s.get("/?clock=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E");
    REQUIRE(bad);
    CHECK(bad->status == 400);
    CHECK(bad->body.find("<img src=x") == std::string::npos);
    CHECK(bad->body.find("&lt;img src=x onerror=alert(1)&gt;") != std::string::npos);
    const std::string form = ok_body(s, "/?customer=%22%3E%3Cb%3Ex");
    CHECK(form.find("value=\"&quot;&gt;&lt;b&gt;x\"") != std::string::npos);
    // In JSON the name is data, as the CLI prints it.
    bool found = false;
    for (const auto& c : ok_json(s, "/api/overdue?due_within=7d")) found = found || c["customer"] == script_customer;
    CHECK(found);
  }

  TEST_CASE("the entity page: timeline, versions, clocks with an allowance bar, and the as-known box") {
    ServeWorld w;
    RunningServer s(w.options());
    const std::string page = ok_body(s, "/entities/C-1");
    CHECK(page.find("id=\"timeline\"") != std::string::npos);
    CHECK(page.find("data-event=\"received\"") != std::string::npos);
    CHECK(page.find("id=\"rule-version\">dsc-kvi-2020<") != std::string::npos);
    CHECK(page.find("id=\"calendar\">england-and-wales<") != std::string::npos);
    CHECK(page.find("<tr class=\"st-breached\" data-clock=\"acknowledge\" data-status=\"breached\">") !=
          std::string::npos);
    CHECK(page.find("<svg class=\"bar\"") != std::string::npos);
    // By default the box compares with the latest sweep by then: it matches.
    CHECK(page.find("id=\"as-known-result\" data-match=\"true\"") != std::string::npos);
    CHECK(page.find("<option value=\"2024-04-03T13:00:00+01:00\">") != std::string::npos);  // the sweep offered
    // At an instant no sweep ran: nothing to compare with.
    const std::string other = ok_body(s, "/entities/C-1?known_at=2024-04-03T11:00:00Z");
    CHECK(other.find("id=\"as-known-result\" data-match=\"none\"") != std::string::npos);
    // Before anything about it was recorded: said, not an error.
    const std::string early = ok_body(s, "/entities/C-2?known_at=2024-04-01T00:00:00Z");
    CHECK(early.find("nothing about &#39;C-2&#39; was recorded by") != std::string::npos);
  }

  TEST_CASE("the entity page shows a Scottish customer's calendar and a contact's holds") {
    ops_test::OpsStore store;
    write_file(store.dir / "site.yaml",
               "version: site-2024\neffective_from: 2024-01-01\ncustomer_calendars:\n  customers:\n    Caledonia Gas: "
               "scotland\npausable_clocks: [resolution]\n");
    load_rules_file_version(store.store, store.dir / "site.yaml", ops_test::wall_clock);
    store.import(ops_test::received("H1", "C-H", "2024-03-28T10:00:00Z", "2024-03-28T10:00:00Z", "Caledonia Gas") +
                 ops_test::event_line("H2", "contact", "C-H", "on_hold", "2024-03-28T14:00:00Z", "2024-03-28T14:00:00Z",
                                      {{"reason", "awaiting customer"}}));
    ServeWorld world;
    ServeOptions o = world.options();
    o.database = store.db_path();
    RunningServer s(std::move(o));
    const std::string page = ok_body(s, "/entities/C-H?as_of=2024-03-29T12:00:00Z");
    CHECK(page.find("id=\"calendar\">scotland<") != std::string::npos);
    CHECK(page.find("id=\"holds\"") != std::string::npos);
    CHECK(page.find("They pause resolution.") != std::string::npos);
    CHECK(page.find("awaiting customer") != std::string::npos);
    CHECK(page.find("still on hold") != std::string::npos);
  }

  TEST_CASE("the scorecard page links every counted entity to its page") {
    ServeWorld w;
    RunningServer s(w.options());
    const std::string page = ok_body(s, "/scorecard?month=2024-04");
    CHECK(page.find("id=\"scorecard\"") != std::string::npos);
    // April 2024 is judged by the 2020 interim scorecard's settings, and the page says so.
    CHECK(page.find("Judged by KVI settings version <strong>dsc-kvi-2020</strong>") != std::string::npos);
    for (const char* kvi : {"customer_issue_resolution", "customer_data_security", "financial_reporting"})
      CHECK(page.find(std::string("data-kvi=\"") + kvi + "\"") != std::string::npos);
    CHECK(page.find("<input type=\"month\" name=\"month\" value=\"2024-04\"") != std::string::npos);
    // B-1 was identified in April: counted under Customer Data Security and linked.
    CHECK(page.find("href=\"/entities/B-1\"") != std::string::npos);
    // With no month: the last complete month of the server's now (April 2024 -> March).
    CHECK(ok_body(s, "/scorecard").find("value=\"2024-03\"") != std::string::npos);
  }

  TEST_CASE("the sweeps page lists each sweep with its counts and exit status") {
    ServeWorld w;
    w.w.sweep("2024-04-04T12:00:00Z");
    RunningServer s(w.options());
    const std::string page = ok_body(s, "/sweeps");
    const auto second = page.find("data-sweep=\"2\" data-exit=\"1\"");
    const auto first = page.find("data-sweep=\"1\" data-exit=\"1\"");
    REQUIRE(second != std::string::npos);
    REQUIRE(first != std::string::npos);
    CHECK(second < first);  // latest first
    const std::string paged = ok_body(s, "/sweeps?limit=1");
    CHECK(paged.find("data-sweep=\"1\"") == std::string::npos);
    CHECK(paged.find("earlier sweeps") != std::string::npos);
  }

  TEST_CASE("the notices page and API list what the sweeps raised, latest first, filtered") {
    ServeWorld w;
    RunningServer s(w.options());
    const nlohmann::json all = ok_json(s, "/api/notices?utc=1");
    REQUIRE(all["notices"].size() >= 2);
    CHECK(all["total"] == all["notices"].size());
    bool c1 = false;
    for (const auto& n : all["notices"]) {
      CHECK(n["sweep_as_of"] == w.sweep_as_of);
      c1 = c1 || (n["entity_id"] == "C-1" && n["clock"] == "acknowledge" && n["notice"] == "breached");
    }
    CHECK(c1);
    CHECK(all["notices"][0]["id"].get<int>() > all["notices"][1]["id"].get<int>());
    const nlohmann::json mine =
        ok_json(s, "/api/notices?customer=" + std::string("%3Cscript%3Ealert(1)%3C%2Fscript%3E"));
    REQUIRE(mine["notices"].size() >= 1);
    for (const auto& n : mine["notices"]) CHECK(n["entity_id"] == "C-XSS");
    CHECK(ok_json(s, "/api/notices?kind=notify_customers&entity=C-1")["total"] == 0);
    CHECK(ok_json(s, "/api/notices?limit=1")["notices"].size() == 1);
    const std::string page = ok_body(s, "/notices");
    CHECK(page.find("id=\"notices\"") != std::string::npos);
    CHECK(page.find("data-notice=\"breached\" data-entity=\"C-1\"") != std::string::npos);
    CHECK(page.find(script_customer) == std::string::npos);
    CHECK(page.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  }

  TEST_CASE("with a token every request needs it: bearer header or the sign-in cookie") {
    ServeWorld w;
    const std::string token = "s3cret-token-0123456789";
    RunningServer s(w.options(token));
    // Nothing without it.
    auto api = s.get("/api/overdue");
    REQUIRE(api);
    CHECK(api->status == 401);
    CHECK(api->get_header_value("WWW-Authenticate") == "Bearer realm=\"slaclock\"");
    CHECK(api->body.find("C-1") == std::string::npos);
    auto page = s.get("/entities/C-1");
    REQUIRE(page);
    CHECK(page->status == 401);
    CHECK(page->body.find("action=\"/login\"") != std::string::npos);
    CHECK(page->body.find("C-1</") == std::string::npos);
    CHECK(s.get("/api/overdue", {{"Authorization", "Bearer wrong-token-0123456789"}})->status == 401);
    CHECK(s.get("/api/overdue", {{"Authorization", "Basic " + token}})->status == 401);
    // The bearer token opens everything.
    CHECK(s.get("/api/overdue", {{"Authorization", "Bearer " + token}})->status == 200);
    CHECK(s.get("/entities/C-1", {{"Authorization", "Bearer " + token}})->status == 200);

    // The sign-in form: a wrong token is refused, the right one sets a cookie.
    auto c = s.client();
    auto wrong = c.Post("/login", "token=nope&next=%2Fsweeps", "application/x-www-form-urlencoded");
    REQUIRE(wrong);
    CHECK(wrong->status == 401);
    CHECK_FALSE(wrong->has_header("Set-Cookie"));
    auto right = c.Post("/login", "token=" + token + "&next=%2Fsweeps", "application/x-www-form-urlencoded");
    REQUIRE(right);
    CHECK(right->status == 303);
    CHECK(right->get_header_value("Location") == "/sweeps");
    const std::string cookie = right->get_header_value("Set-Cookie");
    CHECK(cookie.find("HttpOnly") != std::string::npos);
    CHECK(cookie.find("SameSite=Strict") != std::string::npos);
    CHECK(cookie.find(token) == std::string::npos);  // never the token itself
    const std::string pair = cookie.substr(0, cookie.find(';'));
    const auto signed_in = s.get("/sweeps", {{"Cookie", "theme=dark; " + pair}});
    REQUIRE(signed_in);
    CHECK(signed_in->status == 200);
    CHECK(signed_in->body.find("href=\"/logout\"") != std::string::npos);
    CHECK(s.get("/sweeps", {{"Cookie", "slaclock_session=forged"}})->status == 401);
    // Only a local path may follow a sign-in.
    auto away = c.Post("/login", "token=" + token + "&next=%2F%2Fevil.example", "application/x-www-form-urlencoded");
    CHECK(away->get_header_value("Location") == "/");
  }

  TEST_CASE("listen addresses, loopback and the token file") {
    CHECK(parse_listen_address("127.0.0.1:8080").port == 8080);
    CHECK(parse_listen_address("127.0.0.1:8080").loopback());
    CHECK(parse_listen_address("localhost:0").loopback());
    CHECK(parse_listen_address("[::1]:9000").host == "::1");
    CHECK(parse_listen_address("[::1]:9000").loopback());
    CHECK_FALSE(parse_listen_address("0.0.0.0:8080").loopback());
    CHECK_FALSE(parse_listen_address("192.168.1.5:80").loopback());
    CHECK_FALSE(parse_listen_address("127.evil.example:80").loopback());
    CHECK(parse_listen_address("8081").host == "127.0.0.1");
    for (const char* bad : {"", "127.0.0.1", "127.0.0.1:", ":80", "127.0.0.1:99999", "::1:80", "a b:80", "h:8x"}) {
      CAPTURE(bad);
      CHECK_THROWS_AS(parse_listen_address(bad), InputError);
    }
    // Off loopback without a token: refused before anything listens.
    ServeWorld w;
    ServeOptions open = w.options();
    open.listen = parse_listen_address("0.0.0.0:0");
    CHECK_THROWS_WITH_AS(DashboardServer{open}, doctest::Contains("not a loopback address: give --token-file"),
                         InputError);

    TempDir dir;
    const auto file = dir / "token";
    write_file(file, "  a-long-enough-token-123  \n");
    ::chmod(file.c_str(), 0644);
    CHECK_THROWS_WITH_AS(read_token_file(file), doctest::Contains("can be read by other users"), InputError);
    ::chmod(file.c_str(), 0600);
    CHECK(read_token_file(file) == "a-long-enough-token-123");
    write_file(file, "short\n");
    CHECK_THROWS_WITH_AS(read_token_file(file), doctest::Contains("shorter than 16"), InputError);
    CHECK_THROWS_AS(read_token_file(dir / "missing"), InputError);
  }

  TEST_CASE("the CLI: refuses an open address without a token, serves, and stops on SIGTERM") {
    ServeWorld w;
    const CliResult open = run_cli("serve --listen 0.0.0.0:0" + db_arg(w));
    CHECK(open.exit_code == 2);
    CHECK(open.err.find("--listen: '0.0.0.0' is not a loopback address: give --token-file too") != std::string::npos);
    const CliResult bad = run_cli("serve --listen nowhere" + db_arg(w));
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("--listen") != std::string::npos);
    const CliResult no_db = run_cli("serve --db " + shell_quote(w.w.dir / "missing.db"));
    CHECK(no_db.exit_code == 2);
    CHECK(no_db.err.find("no database here") != std::string::npos);

    // A real process: read the address it prints, ask it, stop it.
    int out[2];
    REQUIRE(::pipe(out) == 0);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      ::dup2(out[1], STDOUT_FILENO);
      ::close(out[0]);
      ::close(out[1]);
      const std::string db = w.w.db_path().string();
      ::execl(SLACLOCK_CLI, SLACLOCK_CLI, "serve", "--listen", "127.0.0.1:0", "--quiet", "--as-of",
              "2024-04-03T12:30:00Z", "--db", db.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(out[1]);
    std::string line;
    char ch = 0;
    while (::read(out[0], &ch, 1) == 1 && ch != '\n') line += ch;
    ::close(out[0]);
    INFO(line);
    const auto colon = line.find("127.0.0.1:");
    REQUIRE(colon != std::string::npos);
    const int port = std::stoi(line.substr(colon + 10));
    httplib::Client c("127.0.0.1", port);
    c.set_read_timeout(30, 0);
    const auto r = c.Get("/api/overdue");
    CHECK((r && r->status == 200));
    CHECK((r && nlohmann::json::parse(r->body).size() >= 2));
    ::kill(pid, SIGTERM);
    int status = 0;
    ::waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
  }

  TEST_CASE("every request reads the latest sweep, though each server thread keeps its connection") {
    ServeWorld w;
    RunningServer s(w.options());
    // Warm every thread's connection (and its read snapshot) first.
    const auto total_before = ok_json(s, "/api/sweeps")["total"];
    for (int i = 0; i < 16; ++i) REQUIRE(ok_json(s, "/api/sweeps")["total"] == total_before);
    w.w.sweep("2024-04-05T12:00:00Z");
    for (int i = 0; i < 16; ++i) CHECK(ok_json(s, "/api/sweeps")["total"] == total_before.get<int>() + 1);
  }

  TEST_CASE("requests are served while a sweep writes: every answer 200") {
    ServeWorld w;
    RunningServer s(w.options());
    std::atomic<bool> done{false};
    std::atomic<int> answered{0}, failed{0};
    std::string first_failure;
    std::mutex failure_mutex;
    std::vector<std::thread> readers;
    for (int t = 0; t < 3; ++t)
      readers.emplace_back([&, t] {
        const char* targets[] = {"/", "/api/overdue?due_within=7d", "/api/sweeps", "/entities/C-1",
                                 "/api/entities/C-2"};
        auto c = s.client();
        for (int i = t; !done || i < t + 10; ++i) {
          const auto r = c.Get(targets[i % 5]);
          if (r && r->status == 200) {
            ++answered;
          } else {
            ++failed;
            std::lock_guard lock(failure_mutex);
            if (first_failure.empty())
              first_failure = std::string(targets[i % 5]) + " -> " +
                              (r ? std::to_string(r->status) + " " + r->body.substr(0, 300) : "no answer");
          }
        }
      });
    // Meanwhile: imports and sweeps, each one write transaction, in another connection.
    std::string writer_error;
    try {
      for (int i = 0; i < 6; ++i) {
        const std::string day = "2024-04-0" + std::to_string(4 + i / 3);
        const std::string t = day + "T0" + std::to_string(7 + i % 3) + ":00:00Z";
        w.w.import(received("L" + std::to_string(i), "C-LOAD-" + std::to_string(i), t, t, "Load Gas"));
        w.w.sweep(day + "T1" + std::to_string(i % 3) + ":00:00Z");
      }
    } catch (const std::exception& e) {
      writer_error = e.what();
    }
    done = true;
    for (auto& r : readers) r.join();
    CHECK_MESSAGE(writer_error.empty(), writer_error);
    INFO(first_failure);
    CHECK(failed == 0);
    CHECK(answered >= 30);
    CHECK(ok_json(s, "/api/sweeps")["total"] == 7);
  }
}

}  // namespace slaclock
