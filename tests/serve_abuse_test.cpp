// The dashboard against hostile clients, over real sockets on loopback
// (issue 23): slow clients cut and unable to starve a normal one, the excess
// refused at once, ranges ignored, other Host names refused (DNS rebinding),
// no Nagle delay on kept-alive requests, sessions per sign-in revoked on
// sign-out, wrong tokens limited, cross-origin sign-ins refused, long ids and
// long timelines bounded. Every count and wait is bounded: the whole file
// runs in well under 20 s.
#include "serve_support.h"

#include <slaclock/base/error.h>
#include <slaclock/report/dashboard.h>
#include <slaclock/report/kvi_report.h>
#include <slaclock/time/timestamp.h>

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

namespace slaclock {
namespace {

using namespace serve_test;
using Steady = std::chrono::steady_clock;

/// A raw TCP connection to the server, for what an HTTP client would not send.
class RawConnection {
 public:
  explicit RawConnection(int port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = fd_ >= 0 && ::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;
  ~RawConnection() {
    if (fd_ >= 0) ::close(fd_);
  }
  bool connected() const noexcept { return connected_; }
  /// False once the server has closed the connection.
  bool send(const std::string& bytes) {
    return ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size());
  }
  /// Everything the server sends until it closes, or until `wait` passes.
  std::string read_all(std::chrono::milliseconds wait) {
    std::string out;
    const auto until = Steady::now() + wait;
    char buf[65536];
    while (Steady::now() < until) {
      pollfd p{fd_, POLLIN, 0};
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Steady::now()).count();
      if (::poll(&p, 1, static_cast<int>(std::max<long long>(left, 1))) <= 0) break;
      const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) {
        closed_ = true;
        break;
      }
      out.append(buf, static_cast<std::size_t>(n));
    }
    return out;
  }
  bool closed_by_server() const noexcept { return closed_; }

 private:
  int fd_;
  bool connected_ = false;
  bool closed_ = false;
};

double seconds_since(Steady::time_point t) {
  return std::chrono::duration<double>(Steady::now() - t).count();
}

/// A request as a browser on another site would send it: its own Host.
httplib::Headers host(const std::string& name) {
  return {{"Host", name}};
}

std::string form(const std::string& token) {
  return "token=" + token + "&next=%2F";
}

constexpr const char* form_type = "application/x-www-form-urlencoded";
const std::string token = "s3cret-token-0123456789";

}  // namespace

TEST_SUITE("serve abuse") {
  TEST_CASE("slow clients: 8 connections dribbling a header are cut and a normal client still gets the board") {
    ServeWorld w;
    RunningServer s(w.options());
    std::vector<std::unique_ptr<RawConnection>> slow;
    for (int i = 0; i < 8; ++i) {
      slow.push_back(std::make_unique<RawConnection>(s.port()));
      REQUIRE(slow.back()->connected());
      slow.back()->send("G");
    }
    // One byte each every second or so: a per-read timeout would never fire.
    std::atomic<bool> done{false};
    std::thread dribbler([&] {
      const std::string header = "ET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
      for (std::size_t i = 0; !done && i < 40; ++i) {
        for (auto& c : slow) c->send(std::string(1, header[i % header.size()]));
        for (int k = 0; k < 10 && !done; ++k) std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    // Meanwhile a normal client is answered at once.
    const auto start = Steady::now();
    const auto board = s.get("/");
    const double took = seconds_since(start);
    REQUIRE(board);
    CHECK(board->status == 200);
    MESSAGE("the board took " << took << " s beside 8 slow clients");
    CHECK(took < 2.0);
    // Each slow one is cut once its request time (5 s) has passed, whatever it still sends.
    const auto cut_start = Steady::now();
    for (auto& c : slow)
      c->read_all(std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::milliseconds(8000) -
                                                                        (Steady::now() - cut_start)));
    done = true;
    dribbler.join();
    const double cut_after = seconds_since(start);
    MESSAGE("the slow clients were cut " << cut_after << " s after the board was asked for");
    for (auto& c : slow) CHECK(c->closed_by_server());
    CHECK(cut_after < 7.5);
  }

  TEST_CASE("connection caps: connections over the per-address cap get a 503 at once, never a queue") {
    ServeWorld w;
    ServeOptions o = w.options();
    o.limits.per_address = 4;
    o.limits.request_time = std::chrono::milliseconds(1500);
    RunningServer s(std::move(o));
    std::this_thread::sleep_for(std::chrono::milliseconds(200));  // the start-up check's connection closes
    std::vector<std::unique_ptr<RawConnection>> idle;
    for (int i = 0; i < 4; ++i) {
      idle.push_back(std::make_unique<RawConnection>(s.port()));
      REQUIRE(idle.back()->connected());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    RawConnection extra(s.port());
    REQUIRE(extra.connected());
    extra.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    const auto start = Steady::now();
    const std::string refused = extra.read_all(std::chrono::milliseconds(1000));
    CHECK(seconds_since(start) < 0.9);
    CHECK(refused.rfind("HTTP/1.1 503", 0) == 0);
    CHECK(refused.find("Retry-After: 2") != std::string::npos);
    // Once the idle ones are cut (their request time), others are served again.
    for (auto& c : idle) c->read_all(std::chrono::milliseconds(3000));
    for (auto& c : idle) CHECK(c->closed_by_server());
    const auto again = s.get("/api/sweeps");
    REQUIRE(again);
    CHECK(again->status == 200);
  }

  TEST_CASE("idle and oversized: a kept-alive connection idle past its time is closed, a 64 KiB request is cut") {
    ServeWorld w;
    ServeOptions o = w.options();
    o.limits.idle_time = std::chrono::milliseconds(500);
    RunningServer s(std::move(o));
    RawConnection kept(s.port());
    REQUIRE(kept.connected());
    kept.send("GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    const auto start = Steady::now();
    const std::string answer = kept.read_all(std::chrono::milliseconds(3000));
    CHECK(answer.rfind("HTTP/1.1 200", 0) == 0);
    CHECK(kept.closed_by_server());
    const double idle = seconds_since(start);
    CHECK(idle >= 0.4);
    CHECK(idle < 2.0);
    // Many header lines, each within httplib's line limit, together over the request limit.
    RawConnection big(s.port());
    REQUIRE(big.connected());
    std::string request = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    for (int i = 0; i < 80; ++i) request += "X-Filler-" + std::to_string(i) + ": " + std::string(1000, 'f') + "\r\n";
    big.send(request);  // never finished: the limit cuts it first
    const std::string cut = big.read_all(std::chrono::milliseconds(3000));
    CHECK(big.closed_by_server());
    CHECK(cut.find("HTTP/1.1 200") == std::string::npos);
  }

  TEST_CASE("ranges: 2,700 ranges get the whole page once, 200, and a single range is ignored too") {
    ServeWorld w;
    RunningServer s(w.options());
    const auto whole = s.get("/api/sweeps");
    REQUIRE(whole);
    std::string ranges = "bytes=0-";
    for (int i = 1; i < 2700; ++i) ranges += ",0-";
    for (const std::string& range : {ranges, std::string("bytes=0-9")}) {
      const auto r = s.get("/api/sweeps", {{"Range", range}});
      REQUIRE(r);
      CHECK(r->status == 200);
      CHECK(r->body == whole->body);
      CHECK(r->get_header_value("Content-Type").find("multipart") == std::string::npos);
      CHECK(r->get_header_value("Accept-Ranges") == "none");
    }
    auto head = s.client();
    const auto h = head.Head("/login");
    REQUIRE(h);
    CHECK(h->get_header_value("Accept-Ranges") == "none");
    CHECK(h->get_header_value_count("Accept-Ranges") == 1);
    // The pack is never ranged either.
    const auto pack = s.get("/kvi/2024-04/pack", {{"Range", ranges}});
    REQUIRE(pack);
    CHECK(pack->status == 200);
    CHECK(pack->body.size() < 2 * s.get("/kvi/2024-04/pack")->body.size());
  }

  TEST_CASE("host check: without a token only loopback names are answered, others get 421, --allow-host adds some") {
    ServeWorld w;
    ServeOptions o = w.options();
    o.allow_hosts = {"dash.example.com"};
    RunningServer s(std::move(o));
    for (const char* ok : {"127.0.0.1", "localhost:8080", "[::1]:8080", "dash.example.com", "DASH.example.com:443"}) {
      CAPTURE(ok);
      const auto r = s.get("/api/sweeps", host(ok));
      REQUIRE(r);
      CHECK(r->status == 200);
    }
    for (const char* bad : {"evil.example", "evil.example:8080", "127.0.0.1.nip.io", "dash.example.com.evil"}) {
      CAPTURE(bad);
      const auto api = s.get("/api/overdue", host(bad));
      REQUIRE(api);
      CHECK(api->status == 421);
      CHECK(api->body.find("C-1") == std::string::npos);
      const auto page = s.get("/", host(bad));
      REQUIRE(page);
      CHECK(page->status == 421);
      CHECK(page->body.find("--allow-host") != std::string::npos);
    }
    // The address it listens on is answered too (any of 127.0.0.0/8).
    {
      ServeOptions other = w.options();
      other.listen.host = "127.0.0.2";
      DashboardServer server(std::move(other));
      const int port = server.bind();
      std::thread t([&] { server.run(); });
      httplib::Client c("127.0.0.2", port);
      c.set_connection_timeout(5, 0);
      int status = 0;
      for (int i = 0; i < 100 && status == 0; ++i) {
        if (const auto r = c.Get("/api/sweeps")) status = r->status;
        if (status == 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
      CHECK(status == 200);
      CHECK(c.Get("/api/sweeps", host("127.0.0.3"))->status == 421);
      server.stop();
      t.join();
    }
    // With a token (and no --allow-host) any name is answered: the token is the guard.
    RunningServer guarded(w.options(token));
    const auto r = guarded.get("/api/sweeps", {{"Host", "dash.internal"}, {"Authorization", "Bearer " + token}});
    REQUIRE(r);
    CHECK(r->status == 200);
  }

  TEST_CASE("tcp nodelay: kept-alive requests answer without the ~40 ms Nagle and delayed-ACK wait") {
    ServeWorld w;
    RunningServer s(w.options());
    auto c = s.client();
    c.set_keep_alive(true);
    REQUIRE(c.Get("/login"));
    double fastest = 1e9;
    for (int i = 0; i < 10; ++i) {
      const auto start = Steady::now();
      const auto r = c.Get("/login");
      REQUIRE(r);
      fastest = std::min(fastest, seconds_since(start));
    }
    MESSAGE("fastest kept-alive request: " << fastest * 1000 << " ms");
    CHECK(fastest < 0.030);
  }

  TEST_CASE("load: 8 clients x 125 requests all answered, the p99 printed") {
    ServeWorld w;
    RunningServer s(w.options());
    constexpr int clients = 8, each = 125;
    std::vector<std::vector<double>> times(clients);
    std::atomic<int> failed{0};
    const auto deadline = Steady::now() + std::chrono::seconds(15);
    std::vector<std::thread> threads;
    for (int t = 0; t < clients; ++t)
      threads.emplace_back([&, t] {
        auto c = s.client();
        c.set_keep_alive(true);
        const char* targets[] = {"/api/sweeps", "/", "/api/overdue?due_within=7d", "/login"};
        for (int i = 0; i < each && Steady::now() < deadline; ++i) {
          const auto start = Steady::now();
          const auto r = c.Get(targets[(t + i) % 4]);
          times[t].push_back(seconds_since(start));
          if (!r || r->status != 200) ++failed;
        }
      });
    for (auto& t : threads) t.join();
    std::vector<double> all;
    for (const auto& v : times) all.insert(all.end(), v.begin(), v.end());
    std::sort(all.begin(), all.end());
    REQUIRE_FALSE(all.empty());
    const double p50 = all[all.size() / 2], p99 = all[std::min(all.size() - 1, all.size() * 99 / 100)];
    MESSAGE(all.size() << " requests: p50 " << p50 * 1000 << " ms, p99 " << p99 * 1000 << " ms, max "
                       << all.back() * 1000 << " ms");
    CHECK(failed == 0);
    // Counted, not asserted: a machine shared with other builds may not finish 1,000 in the time bound.
    WARN(all.size() == static_cast<std::size_t>(clients * each));
  }

  TEST_CASE("sessions over HTTP: each sign-in is a new cookie with an expiry, and signing out revokes it") {
    ServeWorld w;
    RunningServer s(w.options(token));
    auto c = s.client();
    const auto one = c.Post("/login", form(token), form_type);
    const auto two = c.Post("/login", form(token), form_type);
    REQUIRE(one);
    REQUIRE(two);
    REQUIRE(one->status == 303);
    const std::string a = one->get_header_value("Set-Cookie"), b = two->get_header_value("Set-Cookie");
    CHECK(a != b);
    CHECK(a.find("Max-Age=43200") != std::string::npos);
    CHECK(a.find("HttpOnly") != std::string::npos);
    CHECK(a.find("SameSite=Strict") != std::string::npos);
    const std::string pair_a = a.substr(0, a.find(';')), pair_b = b.substr(0, b.find(';'));
    CHECK(s.get("/sweeps", {{"Cookie", pair_a}})->status == 200);
    CHECK(s.get("/sweeps", {{"Cookie", pair_b}})->status == 200);
    const auto out = s.get("/logout", {{"Cookie", pair_a}});
    REQUIRE(out);
    CHECK(out->status == 303);
    // The signed-out cookie is worthless even if kept; the other session lives on.
    CHECK(s.get("/sweeps", {{"Cookie", pair_a}})->status == 401);
    CHECK(s.get("/sweeps", {{"Cookie", pair_b}})->status == 200);
  }

  TEST_CASE("sign-in limit: after five wrong tokens a 429 with Retry-After, the right token included") {
    ServeWorld w;
    RunningServer s(w.options(token));
    auto c = s.client();
    for (int i = 0; i < 5; ++i) {
      const auto r = c.Post("/login", form("wrong-token-" + std::to_string(i) + "abcdefgh"), form_type);
      REQUIRE(r);
      CHECK(r->status == 401);
    }
    const auto locked = c.Post("/login", form(token), form_type);
    REQUIRE(locked);
    CHECK(locked->status == 429);
    CHECK(std::stoi(locked->get_header_value("Retry-After")) >= 1);
    CHECK_FALSE(locked->has_header("Set-Cookie"));
    // Bearer guesses count and are refused alike.
    const auto bearer = s.get("/api/overdue", {{"Authorization", "Bearer " + token}});
    REQUIRE(bearer);
    CHECK(bearer->status == 429);
    // After the wait, the right token works and clears the count.
    std::this_thread::sleep_for(std::chrono::seconds(std::stoi(locked->get_header_value("Retry-After"))));
    CHECK(c.Post("/login", form(token), form_type)->status == 303);
    CHECK(s.get("/api/overdue", {{"Authorization", "Bearer " + token}})->status == 200);
  }

  TEST_CASE("csrf: a cross-origin sign-in POST is refused with 403, a same-origin one accepted") {
    ServeWorld w;
    RunningServer s(w.options(token));
    auto c = s.client();
    const std::string self = "http://127.0.0.1:" + std::to_string(s.port());
    const auto evil = c.Post("/login", {{"Origin", "http://evil.example"}}, form(token), form_type);
    REQUIRE(evil);
    CHECK(evil->status == 403);
    CHECK_FALSE(evil->has_header("Set-Cookie"));
    const auto by_referer = c.Post("/login", {{"Referer", "http://evil.example/x"}}, form(token), form_type);
    CHECK(by_referer->status == 403);
    const auto null_origin = c.Post("/login", {{"Origin", "null"}}, form(token), form_type);
    CHECK(null_origin->status == 403);
    const auto mine = c.Post("/login", {{"Origin", self}}, form(token), form_type);
    REQUIRE(mine);
    CHECK(mine->status == 303);
    CHECK(mine->has_header("Set-Cookie"));
    // Without a token the form is refused cross-origin too.
    RunningServer open(w.options());
    CHECK(open.client().Post("/login", {{"Origin", "http://evil.example"}}, "next=%2F", form_type)->status == 403);
  }

  TEST_CASE("long ids: a 256-byte entity id has a page, and the board links to it") {
    ServeWorld w;
    // Characters that must be percent-encoded, and a two-byte one: the longest address such an id makes.
    std::string id = "C-";
    while (id.size() + 9 <= 256) id += std::string("x/ ?#&%") + "\xc3\xa9";
    id.resize(256, 'z');
    REQUIRE(id.size() == 256);
    w.w.import(received("LONG-1", id, "2024-03-28T16:00:00Z", "2024-03-28T16:00:00Z", "Acme Gas"));
    w.w.sweep("2024-04-03T12:10:00Z");
    RunningServer s(w.options());
    const auto board = s.get("/?due_within=7d");
    REQUIRE(board);
    const std::string href = "href=\"/entities/" + url_encode(id) + "\"";
    REQUIRE(board->body.find(href) != std::string::npos);
    const auto page =
        s.get("/entities/" + url_encode(id) + "?as_of=2024-04-03T12:30:00Z&known_at=2024-04-03T12:10:00Z");
    REQUIRE(page);
    CHECK(page->status == 200);
    CHECK(page->body.find(html_escape(id)) != std::string::npos);
    const auto api = s.get("/api/entities/" + url_encode(id));
    REQUIRE(api);
    CHECK(api->status == 200);
  }

  TEST_CASE("long timelines: an entity of 100,000 events is a bounded page of its latest events, paged") {
    ServeWorld w;
    std::string lines = received("T-0", "C-MANY", "2024-03-01T09:00:00Z", "2024-03-01T09:00:00Z", "Acme Gas");
    constexpr int events = 100000;
    const Instant start = at("2024-03-01T10:00:00Z");
    for (int i = 1; i < events; ++i) {
      const std::string when = format_utc(Instant{start.utc_seconds + 20 * i});  // every 20 s, all before now
      lines += ops_test::event_line("T-" + std::to_string(i), "contact", "C-MANY", i % 2 ? "on_hold" : "off_hold", when,
                                    when, {{"reason", "waiting"}});
    }
    w.w.import(lines);
    RunningServer s(w.options());
    const auto latest = s.get("/entities/C-MANY");
    REQUIRE(latest);
    REQUIRE(latest->status == 200);
    const auto rows = [](const std::string& page) {
      const auto table = page.find("id=\"timeline\"");
      std::size_t n = 0;
      for (auto at = page.find("<tr data-event=", table); at != std::string::npos;
           at = page.find("<tr data-event=", at + 1))
        ++n;
      return n;
    };
    MESSAGE("entity page of " << events << " events: " << latest->body.size() << " bytes");
    CHECK(rows(latest->body) == 200);
    CHECK(latest->body.size() < 400000);
    CHECK(latest->body.find("data-events-from=\"" + std::to_string(events - 200) + "\"") != std::string::npos);
    CHECK(latest->body.find("Events 99801 to 100000 of 100000.") != std::string::npos);
    CHECK(latest->body.find("data-pager=\"earlier\" href=\"/entities/C-MANY?events_from=99600\"") != std::string::npos);
    CHECK(latest->body.find("id=\"holds-truncated\"") != std::string::npos);
    const auto first = s.get("/entities/C-MANY?events_from=0");
    REQUIRE(first);
    CHECK(rows(first->body) == 200);
    CHECK(first->body.find("data-event=\"received\"") != std::string::npos);
    CHECK(first->body.find("data-pager=\"later\" href=\"/entities/C-MANY?events_from=200\"") != std::string::npos);
    // Out of range: a 400 naming the parameter.
    const auto beyond = s.get("/entities/C-MANY?events_from=100000");
    REQUIRE(beyond);
    CHECK(beyond->status == 400);
    CHECK(beyond->body.find("events_from") != std::string::npos);
  }

  TEST_CASE("the CLI: a directory or a weak token as --token-file is refused naming the file, --allow-host is taken") {
    ServeWorld w;
    const std::string db = " --db " + shell_quote(w.w.db_path());
    TempDir dir;
    const CliResult directory = run_cli("serve --token-file " + shell_quote(dir.path) + db);
    CHECK(directory.exit_code == 2);
    CHECK(directory.err.find("--token-file: '" + dir.path.string() + "' is a directory, not a token file") !=
          std::string::npos);
    const auto weak = dir / "token";
    write_file(weak, std::string(16, 'a') + "\n");
    ::chmod(weak.c_str(), 0600);
    const CliResult sixteen_as = run_cli("serve --token-file " + shell_quote(weak) + db);
    CHECK(sixteen_as.exit_code == 2);
    CHECK(sixteen_as.err.find("--token-file: the token in '" + weak.string() + "' has fewer than 6 different") !=
          std::string::npos);
    const CliResult help = run_cli("serve --help");
    CHECK(help.out.find("--allow-host") != std::string::npos);
    const CliResult empty = run_cli("serve --allow-host ''" + db);
    CHECK(empty.exit_code == 2);
  }
}

}  // namespace slaclock
