#pragma once
// `slaclock serve`: the read-only web dashboard and its JSON API, on
// cpp-httplib (Debian's libcpp-httplib-dev). Every request opens the
// database read-only, answers from the engine's reads (ops/, store/) and the
// pages in report/dashboard.h, and closes it; no request can write.
//
//   ServeOptions o{.database = "slaclock.db", .now = wall_clock_now};
//   DashboardServer server(std::move(o));   // InputError: non-loopback without a token, a weak token
//   int port = server.bind();               // port 0 picks a free one
//   server.run();                           // until stop(), from any thread
#include <slaclock/time/time_types.h>

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace slaclock {

struct ListenAddress {
  std::string host = "127.0.0.1";
  int port = 8080;
  /// 127.0.0.0/8, ::1 and "localhost".
  bool loopback() const noexcept;
};
/// "HOST:PORT", "[IPv6]:PORT" or "PORT" (loopback); InputError naming
/// `option` when the text is not one.
ListenAddress parse_listen_address(std::string_view text, const std::string& option = "--listen");

/// The token in `file`: its first line, trimmed. InputError naming `option`
/// and the file when it is missing, a directory, empty, can be read by other
/// users, or holds a weak token (fewer than 16 characters, or fewer than 6
/// different ones: sixteen `a`s are refused).
std::string read_token_file(const std::filesystem::path& file, const std::string& option = "--token-file");

/// What one client may cost the server (README, "Web dashboard"). A client
/// over a limit is cut or refused, never queued without end, so slow or
/// greedy clients cannot starve the others.
struct ServeLimits {
  std::size_t workers = 16;      ///< threads answering connections
  std::size_t queued = 16;       ///< connections beyond the workers that may wait for one
  std::size_t per_address = 12;  ///< open connections from one client address; more get 503
  /// A request's line, headers and body must all arrive within this, counted
  /// from when the server starts reading it (a slow client is cut).
  std::chrono::milliseconds request_time{5000};
  /// How long a kept-alive connection may wait for its next request.
  std::chrono::milliseconds idle_time{5000};
  /// A response must be written within this (a client that reads slowly is cut).
  std::chrono::milliseconds write_time{30000};
  /// After this a connection is closed once its current answer is sent.
  std::chrono::seconds connection_time{120};
  std::size_t keep_alive_requests = 100;             ///< answers per connection before it is closed
  std::size_t max_request_bytes = 64 << 10;          ///< request line, headers and body together
  std::chrono::seconds session_lifetime{12 * 3600};  ///< a sign-in cookie's life
  int free_login_failures = 5;                       ///< wrong tokens from one address before 429 and a growing wait
};

struct ServeOptions {
  std::filesystem::path database;
  ListenAddress listen;
  /// When set, every request needs "Authorization: Bearer TOKEN" or the
  /// cookie the login form sets. Required when `listen` is not loopback.
  std::optional<std::string> token;
  std::string calendar = "england-and-wales";  ///< pages print instants in its zone
  std::filesystem::path calendars_dir;         ///< calendar files read before the data folder's
  /// The site's zone: every page and API answer prints instants in it rather
  /// than each clock's calendar zone (serve --display-zone). Empty: the calendars'.
  std::string display_zone;
  /// The wall clock: the engine reads none, the CLI passes its own. Pages
  /// and API answers are judged at now() unless a request names as_of.
  std::function<Instant()> now;
  std::size_t default_rows = 200;  ///< overdue rows on a page unless ?limit=
  std::size_t max_rows = 1000;     ///< the most ?limit= may ask for
  /// Host names answered besides 127.0.0.1, localhost and [::1] (serve
  /// --allow-host, for a proxy). Without a token only those are answered
  /// (421 otherwise: DNS rebinding); with a token any Host is, unless names
  /// are given here.
  std::vector<std::string> allow_hosts;
  ServeLimits limits;
  /// Called once per request served (method, path, status) for a log line;
  /// never sees the query string or headers, so no token reaches a log.
  std::function<void(const std::string&, const std::string&, int)> log;
};

class DashboardServer {
 public:
  /// Throws InputError when `listen` is not loopback and no token is given,
  /// or the token is weak (read_token_file's rule).
  explicit DashboardServer(ServeOptions options);
  DashboardServer(const DashboardServer&) = delete;
  DashboardServer& operator=(const DashboardServer&) = delete;
  ~DashboardServer();

  /// Binds the listening socket; returns the port (the chosen one for port
  /// 0). Throws InputError naming --listen when it cannot.
  int bind();
  /// Serves until stop(); call after bind(). Returns false when the server
  /// could not run.
  bool run();
  /// Stops run() from any thread; safe to call more than once.
  void stop();

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace slaclock
