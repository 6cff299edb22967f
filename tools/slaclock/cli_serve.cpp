// slaclock serve [--listen 127.0.0.1:8080] [--token-file F] [--as-of T]: the
// read-only web dashboard. Parses, checks, starts the engine's server.
#include "cli_serve.h"

#include <slaclock/serve/dashboard_server.h>
#include <slaclock/store/event_store.h>

#include <csignal>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace slaclock::cli {

namespace {

struct ServeArgs {
  std::string listen = "127.0.0.1:8080";
  std::string token_file;
  std::string as_of;
  std::vector<std::string> allow_hosts;
  bool quiet = false;
};

DashboardServer* running = nullptr;

extern "C" void stop_on_signal(int) {
  // httplib's stop() shuts the listening socket down: safe enough here, and
  // nothing is ever written, so an abrupt end loses nothing either.
  if (running) running->stop();
}

void run_serve(const CommonOptions& o, const ServeArgs& a) {
  ServeOptions options;
  options.listen = parse_listen_address(a.listen, "--listen");
  if (!a.token_file.empty()) options.token = read_token_file(a.token_file, "--token-file");
  options.allow_hosts = a.allow_hosts;
  options.database = o.database_path();
  options.calendar = o.calendar;
  options.calendars_dir = o.calendars_dir;
  options.display_zone = o.display_zone;
  if (a.as_of.empty()) {
    options.now = wall_clock_now;
  } else {
    const Instant pinned = o.parse_time(a.as_of, "--as-of");
    options.now = [pinned] { return pinned; };
  }
  if (!a.quiet)
    options.log = [](const std::string& method, const std::string& path, int status) {
      std::cerr << method << ' ' << path << ' ' << status << '\n';
    };
  // Checked once before listening: a missing or old database says so now,
  // not on the first request.
  { const EventStore check = EventStore::open(options.database, OpenMode::read_only); }
  const std::string host = options.listen.host;
  DashboardServer server(std::move(options));
  const int port = server.bind();
  std::cout << "slaclock serve: http://" << (host.find(':') != std::string::npos ? "[" + host + "]" : host) << ':'
            << port << "/ (read-only; database " << o.database_path() << "); Ctrl-C stops" << std::endl;
  running = &server;
  std::signal(SIGINT, stop_on_signal);
  std::signal(SIGTERM, stop_on_signal);
  server.run();
  running = nullptr;
}

}  // namespace

void register_serve_commands(CLI::App& app, CommonOptions& o) {
  auto args = std::make_shared<ServeArgs>();
  auto* serve = app.add_subcommand("serve", "the read-only web dashboard: overdue board, entities, scorecard, sweeps");
  serve->add_option("--listen", args->listen, "HOST:PORT to listen on (default 127.0.0.1:8080; port 0: any free one)")
      ->check(not_empty());
  serve
      ->add_option("--token-file", args->token_file,
                   "file holding the access token (mode 0600); every request then needs "
                   "'Authorization: Bearer TOKEN' or the sign-in cookie. Required off loopback")
      ->check(not_empty());
  serve
      ->add_option("--allow-host", args->allow_hosts,
                   "a host name the dashboard also answers to (repeatable), e.g. the name a proxy forwards; "
                   "otherwise, without a token, only 127.0.0.1, localhost and [::1] (421 for any other Host)")
      ->check(not_empty());
  serve->add_option("--as-of", args->as_of, "judge pages at this instant instead of the wall clock (demos)")
      ->check(not_empty());
  serve->add_flag("--quiet", args->quiet, "no log line per request on stderr");
  add_common_options(*serve, o, db_option | calendar_option | time_options);
  serve->footer(
      "Opens the database read-only for every request; nothing it serves can write.\n"
      "Pages: / (overdue board), /entities/ID, /scorecard?month=YYYY-MM, /sweeps, /notices.\n"
      "JSON: /api/overdue, /api/entities/ID?as_of=&as_known=, /api/kvi/YYYY-MM, /api/sweeps, /api/notices.");
  serve->callback([&o, args] { run_serve(o, *args); });
}

}  // namespace slaclock::cli
