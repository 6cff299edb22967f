// The dashboard's guards without a socket: session cookies (signed, expiring,
// revoked on sign-out), the wrong-token limit, the token rule, the Host and
// Origin checks, the connection counter, and the board's links for ids too
// long for an address.
#include "serve/request_guard.h"
#include "serve/sessions.h"

#include <slaclock/base/error.h>
#include <slaclock/report/dashboard.h>
#include <slaclock/serve/dashboard_server.h>

#include "test_support.h"

#include <doctest/doctest.h>
#include <sys/stat.h>

#include <set>

namespace slaclock {
namespace {

using namespace std::chrono_literals;
using detail::AttemptLimiter;
using detail::SessionKeeper;
using detail::SteadyTime;

const SteadyTime t0 = std::chrono::steady_clock::now();

}  // namespace

TEST_SUITE("serve guards") {
  TEST_CASE("sessions: each sign-in is a new signed cookie that expires and is revoked by sign-out") {
    SessionKeeper keeper(1h);
    const std::string a = keeper.sign_in(t0), b = keeper.sign_in(t0);
    CHECK(a != b);  // every sign-in its own session
    CHECK(keeper.valid(a, t0));
    CHECK(keeper.valid(b, t0 + 59min));
    CHECK_FALSE(keeper.valid(a, t0 + 1h + 1s));  // expired
    CHECK(keeper.valid(b, t0 + 30min));
    keeper.sign_out(b);
    CHECK_FALSE(keeper.valid(b, t0 + 30min));  // revoked: a copy of the cookie is worthless
    CHECK(keeper.size() == 0);                 // the expired one was dropped when it was refused
    // The table is bounded: the session closest to expiry goes first.
    SessionKeeper small(1h, 2);
    const std::string first = small.sign_in(t0), second = small.sign_in(t0 + 1s), third = small.sign_in(t0 + 2s);
    CHECK(small.size() == 2);
    CHECK_FALSE(small.valid(first, t0 + 3s));
    CHECK(small.valid(second, t0 + 3s));
    CHECK(small.valid(third, t0 + 3s));
  }

  TEST_CASE("sessions: a forged, altered or another run's cookie is refused") {
    SessionKeeper keeper(1h), other(1h);
    const std::string cookie = keeper.sign_in(t0);
    CHECK(std::count(cookie.begin(), cookie.end(), '.') == 2);
    CHECK_FALSE(keeper.valid(other.sign_in(t0), t0));  // another key: another run of the server
    std::string altered = cookie;
    altered[0] = altered[0] == 'a' ? 'b' : 'a';
    CHECK_FALSE(keeper.valid(altered, t0));
    // A later expiry written in cannot pass the MAC.
    const auto dot = cookie.find('.'), mac = cookie.rfind('.');
    const std::string extended = cookie.substr(0, dot + 1) + "99999999" + cookie.substr(mac);
    CHECK_FALSE(keeper.valid(extended, t0));
    for (const char* junk :
         {"", "forged", "a.b.c", "..", "x.1.0000000000000000000000000000000000000000000000000000000000000000"})
      CHECK_FALSE(keeper.valid(junk, t0));
    CHECK(keeper.valid(cookie, t0));
  }

  TEST_CASE("sign-in attempts: five wrong tokens, then 429 with a wait that grows, a right one clears the count") {
    AttemptLimiter limits;
    const std::string me = "127.0.0.1", them = "192.0.2.7";
    for (int i = 0; i < 4; ++i) {
      CHECK_FALSE(limits.refused(me, t0));
      limits.failed(me, t0);
    }
    CHECK_FALSE(limits.refused(me, t0));
    limits.failed(me, t0);  // the fifth
    REQUIRE(limits.refused(me, t0));
    CHECK(*limits.refused(me, t0) == 1s);
    CHECK_FALSE(limits.refused(them, t0));  // per address
    CHECK_FALSE(limits.refused(me, t0 + 1s));
    limits.failed(me, t0 + 1s);
    CHECK(*limits.refused(me, t0 + 1s) == 2s);
    limits.failed(me, t0 + 3s);
    CHECK(*limits.refused(me, t0 + 3s) == 4s);
    // It keeps doubling up to a quarter of an hour.
    for (int i = 0; i < 20; ++i) limits.failed(me, t0 + 10s);
    CHECK(*limits.refused(me, t0 + 10s) == 900s);
    limits.succeeded(me);
    CHECK_FALSE(limits.refused(me, t0 + 10s));
    // Forgotten after an hour of quiet.
    AttemptLimiter quiet;
    for (int i = 0; i < 4; ++i) quiet.failed(them, t0);
    quiet.failed(me, t0 + 2h);  // forgets them
    quiet.failed(them, t0 + 2h);
    CHECK_FALSE(quiet.refused(them, t0 + 2h));
  }

  TEST_CASE("the token rule: 16 characters, 6 different, and the token file is named") {
    CHECK(detail::token_weakness("s3cret-token-0123456789").empty());
    CHECK(detail::token_weakness("short").find("shorter than 16") != std::string::npos);
    CHECK(detail::token_weakness(std::string(16, 'a')).find("fewer than 6 different") != std::string::npos);
    CHECK_FALSE(detail::token_weakness("abababababababababab").empty());
    TempDir dir;
    const auto file = dir / "token";
    write_file(file, std::string(16, 'a') + "\n");
    ::chmod(file.c_str(), 0600);
    CHECK_THROWS_WITH_AS(read_token_file(file),
                         doctest::Contains(("the token in '" + file.string() + "' has fewer than 6 different").c_str()),
                         InputError);
    // A directory is said to be one, not "no such file".
    CHECK_THROWS_WITH_AS(read_token_file(dir.path), doctest::Contains("is a directory, not a token file"), InputError);
    CHECK_THROWS_WITH_AS(read_token_file(dir / "missing"), doctest::Contains("no such file"), InputError);
    // A server given a weak token directly refuses it too.
    ServeOptions o;
    o.now = [] { return Instant{}; };
    o.token = std::string(20, 'x');
    CHECK_THROWS_WITH_AS(DashboardServer{o}, doctest::Contains("--token-file: the token has fewer than 6"), InputError);
  }

  TEST_CASE("the Host check: loopback names with any port or none, --allow-host names, nothing else") {
    const std::vector<std::string> none, proxy{"dash.example.com"};
    for (const char* ok : {"127.0.0.1", "127.0.0.1:8080", "localhost", "LOCALHOST:1", "[::1]", "[::1]:8080"}) {
      CAPTURE(ok);
      CHECK(detail::host_allowed(ok, none));
    }
    for (const char* bad : {"", "evil.example", "evil.example:8080", "127.0.0.1.evil.example", "127.0.0.1:80x",
                            "localhost.", "[::1", "[::1]x", "::1", "10.0.0.1:8080", "dash.example.com"}) {
      CAPTURE(bad);
      CHECK_FALSE(detail::host_allowed(bad, none));
    }
    CHECK(detail::host_allowed("dash.example.com", proxy));
    CHECK(detail::host_allowed("Dash.Example.Com:443", proxy));
    CHECK_FALSE(detail::host_allowed("dash.example.com.evil", proxy));
  }

  TEST_CASE("the Origin check: a POST from this server's own pages only") {
    CHECK(detail::same_origin("http://127.0.0.1:8080", "", "127.0.0.1:8080"));
    CHECK(detail::same_origin("https://dash.example.com", "", "dash.example.com"));
    CHECK(detail::same_origin("", "http://127.0.0.1:8080/login?next=%2F", "127.0.0.1:8080"));
    CHECK(detail::same_origin("", "", "127.0.0.1:8080"));  // curl, scripts: no browser to forge from
    CHECK_FALSE(detail::same_origin("http://evil.example", "", "127.0.0.1:8080"));
    CHECK_FALSE(detail::same_origin("http://127.0.0.1:9999", "", "127.0.0.1:8080"));
    CHECK_FALSE(detail::same_origin("null", "", "127.0.0.1:8080"));
    CHECK_FALSE(detail::same_origin("", "http://evil.example/page", "127.0.0.1:8080"));
    CHECK_FALSE(detail::same_origin("ftp://127.0.0.1:8080", "", "127.0.0.1:8080"));
    // Origin wins over Referer.
    CHECK_FALSE(detail::same_origin("http://evil.example", "http://127.0.0.1:8080/", "127.0.0.1:8080"));
  }

  TEST_CASE("the connection counter: a cap in all and one per client address") {
    detail::ConnectionCounter c(3, 2);
    CHECK(c.admit("a"));
    CHECK(c.admit("a"));
    CHECK_FALSE(c.admit("a"));  // per address
    CHECK(c.admit("b"));
    CHECK_FALSE(c.admit("c"));  // in all
    CHECK(c.open() == 3);
    c.release("a");
    CHECK(c.admit("c"));
    c.release("a");
    c.release("b");
    c.release("c");
    CHECK(c.open() == 0);
    c.release("nobody");  // never admitted: no effect
    CHECK(c.open() == 0);
  }

  TEST_CASE("the board does not link an entity id too long for an address") {
    OverdueBoard b;
    ClockResult shortish, long_one;
    shortish.entity_id = std::string(256, 'S');
    shortish.status = ClockStatus::breached;
    long_one.entity_id = std::string(max_linked_entity_id_bytes + 1, 'L');
    long_one.status = ClockStatus::breached;
    b.clocks = {shortish, long_one};
    b.total = 2;
    b.limit = 10;
    const std::string page = render_overdue_board(b, {"nonce", Instant{}, nullptr, false});
    CHECK(page.find("href=\"/entities/" + shortish.entity_id + "\"") != std::string::npos);
    CHECK(page.find("href=\"/entities/L") == std::string::npos);
    const auto unlinked = page.find("data-unlinked=\"too-long\"");
    REQUIRE(unlinked != std::string::npos);
    CHECK(page.find(">" + long_one.entity_id + "</span>", unlinked) != std::string::npos);
  }
}

}  // namespace slaclock
