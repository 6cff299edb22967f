#pragma once
// `slaclock serve`: the read-only web dashboard and its JSON API, on
// cpp-httplib (Debian's libcpp-httplib-dev). Every request opens the
// database read-only, answers from the engine's reads (ops/, store/) and the
// pages in report/dashboard.h, and closes it; no request can write.
//
//   ServeOptions o{.database = "slaclock.db", .now = wall_clock_now};
//   DashboardServer server(std::move(o));   // InputError: non-loopback without a token
//   int port = server.bind();               // port 0 picks a free one
//   server.run();                           // until stop(), from any thread
#include <slaclock/time/time_types.h>

#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

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
/// when the file cannot be read, is empty, or can be read by other users.
std::string read_token_file(const std::filesystem::path& file, const std::string& option = "--token-file");

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
  /// Called once per request served (method, path, status) for a log line;
  /// never sees the query string or headers, so no token reaches a log.
  std::function<void(const std::string&, const std::string&, int)> log;
};

class DashboardServer {
 public:
  /// Throws InputError when `listen` is not loopback and no token is given.
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
