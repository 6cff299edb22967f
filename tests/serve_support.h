#pragma once
// The dashboard under test: a small database swept once (a breached, an
// at-risk and a pending clock, a customer named like a script, a breach), and
// the server started in-process on a free loopback port with its clock
// pinned, answered through cpp-httplib's client.
//
//   ServeWorld w;                        // database + sweep as of w.sweep_as_of
//   RunningServer s(w.options());        // port 0: a free one; stopped at scope exit
//   httplib::Result r = s.get("/api/overdue");
//   CHECK(r->status == 200);
#include "ops_test_support.h"

#include <slaclock/serve/dashboard_server.h>

#include <doctest/doctest.h>
#include <httplib.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>

namespace slaclock::serve_test {

using namespace ops_test;

/// The customer whose name must show as text, never run.
inline const std::string script_customer = "<script>alert(1)</script>";

struct ServeWorld {
  OpsStore w;
  const std::string sweep_as_of = "2024-04-03T12:00:00Z";
  const std::string now = "2024-04-03T12:30:00Z";

  ServeWorld() {
    // C-1 and C-XSS, received Thu 2024-03-28 16:00 GMT, never acknowledged:
    // acknowledge (4 business hours) due Tue 2 Apr 12:00 BST, breached by now.
    // C-2, received Wed 3 Apr 09:00 BST and acknowledged: its acknowledge
    // clock is met, resolution running. B-1: a high breach identified at
    // 10:00 BST (customers notified within 4 hours, else breached).
    w.import(received("E1", "C-1", "2024-03-28T16:00:00Z", "2024-03-28T16:00:00Z", "Acme Gas") +
             received("E2", "C-XSS", "2024-03-28T16:00:00Z", "2024-03-28T16:00:00Z", script_customer) +
             received("E3", "C-2", "2024-04-03T08:00:00Z", "2024-04-03T08:00:00Z", "Beta Energy") +
             acknowledged("E4", "C-2", "2024-04-03T09:00:00Z", "2024-04-03T09:00:00Z", "2024-04-10T17:00:00+01:00") +
             breach_identified("E5", "B-1", "2024-04-03T09:00:00Z", "2024-04-03T09:00:00Z", "high", "Acme Gas"));
    w.sweep(sweep_as_of);
  }

  ServeOptions options(std::optional<std::string> token = std::nullopt) const {
    ServeOptions o;
    o.database = w.db_path();
    o.listen.host = "127.0.0.1";
    o.listen.port = 0;
    o.token = std::move(token);
    o.calendars_dir = calendars_dir();
    const Instant pinned = at(now);
    o.now = [pinned] { return pinned; };
    return o;
  }
};

/// A DashboardServer answering on a thread until the scope ends.
class RunningServer {
 public:
  explicit RunningServer(ServeOptions options) : server_(std::make_unique<DashboardServer>(std::move(options))) {
    port_ = server_->bind();
    thread_ = std::thread([this] { server_->run(); });
    // The socket listens from bind(); wait until the accept loop answers, so
    // that stop() in the destructor cannot come before run() started.
    for (int i = 0; i < 200; ++i) {
      if (client().Get("/login")) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    server_->stop();
    thread_.join();
    FAIL("the dashboard did not answer on port " << port_);
  }
  RunningServer(const RunningServer&) = delete;
  RunningServer& operator=(const RunningServer&) = delete;
  ~RunningServer() {
    server_->stop();
    if (thread_.joinable()) thread_.join();
  }

  int port() const noexcept { return port_; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_connection_timeout(5, 0);
    c.set_read_timeout(60, 0);
    c.set_url_encode(false);  // targets are sent exactly as the tests write them
    return c;
  }
  httplib::Result get(const std::string& target, const httplib::Headers& headers = {}) const {
    return client().Get(target.c_str(), headers);
  }

 private:
  std::unique_ptr<DashboardServer> server_;
  int port_ = 0;
  std::thread thread_;
};

}  // namespace slaclock::serve_test
