// The HTTP side of `slaclock serve`, on cpp-httplib: a well-kept server from
// Debian's packages rather than hand-written HTTP parsing. This file alone
// includes httplib.h. It checks the method (GET and HEAD; POST only to sign
// in), the token, sets the security headers, routes to Dashboard and turns
// every exception into a status: bad input 400, unknown entity 404, an
// unreadable database 503, anything else 500 (logged, never shown).
#include <slaclock/base/error.h>
#include <slaclock/serve/dashboard_server.h>

#include "base/sha256.h"
#include "serve/dashboard.h"
#include "serve/http_error.h"
#include "serve/query_params.h"

#include <httplib.h>
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <charconv>
#include <fstream>
#include <iostream>
#include <random>

namespace slaclock {

bool ListenAddress::loopback() const noexcept {
  if (host == "localhost" || host == "::1" || host == "[::1]") return true;
  // 127.0.0.0/8
  return host.rfind("127.", 0) == 0 && std::all_of(host.begin(), host.end(), [](char c) {
           return c == '.' || std::isdigit(static_cast<unsigned char>(c));
         });
}

ListenAddress parse_listen_address(std::string_view text, const std::string& option) {
  const auto bad = [&](const std::string& why) -> InputError {
    return InputError({"", 0, option}, "'" + std::string(text) + "' " + why);
  };
  ListenAddress a;
  std::string_view port_text = text;
  if (const auto colon = text.rfind(':'); colon != std::string_view::npos) {
    std::string_view host = text.substr(0, colon);
    port_text = text.substr(colon + 1);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    if (host.empty()) throw bad("has no host: give HOST:PORT, e.g. 127.0.0.1:8080");
    if (host.find(':') != std::string_view::npos && text.front() != '[')
      throw bad("is an IPv6 address without brackets: give [ADDRESS]:PORT");
    if (std::any_of(host.begin(), host.end(), [](char c) {
          return !(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':');
        }))
      throw bad("has a host that is not an address or a name");
    a.host = std::string(host);
  }
  int port = -1;
  const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (port_text.empty() || ec != std::errc() || end != port_text.data() + port_text.size() || port < 0 || port > 65535)
    throw bad("has no port from 0 to 65535: give HOST:PORT, e.g. 127.0.0.1:8080");
  a.port = port;
  return a;
}

std::string read_token_file(const std::filesystem::path& file, const std::string& option) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0 || !S_ISREG(st.st_mode))
    throw InputError({"", 0, option}, "cannot read '" + file.string() + "': no such file");
  if (st.st_mode & (S_IRWXG | S_IRWXO))
    throw InputError({"", 0, option}, "'" + file.string() +
                                          "' can be read by other users: make it readable by its owner only "
                                          "(chmod 600)");
  std::ifstream in(file, std::ios::binary);
  std::string line;
  if (!in || !std::getline(in, line))
    throw InputError({"", 0, option}, "cannot read '" + file.string() + "', or it is empty");
  const auto space = [](unsigned char c) { return std::isspace(c) != 0; };
  line.erase(line.begin(), std::find_if_not(line.begin(), line.end(), space));
  line.erase(std::find_if_not(line.rbegin(), line.rend(), space).base(), line.end());
  if (line.size() < 16)
    throw InputError({"", 0, option}, "the token in '" + file.string() + "' is shorter than 16 characters");
  if (std::any_of(line.begin(), line.end(), [](unsigned char c) { return c < 0x21 || c > 0x7e; }))
    throw InputError({"", 0, option},
                     "the token in '" + file.string() + "' holds spaces or characters outside printable ASCII");
  return line;
}

namespace {

using detail::Dashboard;
using detail::HttpError;
using detail::Reply;
using detail::RequestInfo;

constexpr const char* session_cookie = "slaclock_session";

/// The pages' policy: nothing from anywhere but inline style and script
/// carrying this response's nonce; forms only to this server; no framing.
std::string page_csp(const std::string& nonce) {
  return "default-src 'none'; style-src 'nonce-" + nonce + "'; script-src 'nonce-" + nonce +
         "'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
}
/// The committee pack has inline style attributes and no script.
constexpr const char* pack_csp =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'; "
    "frame-ancestors 'none'";
/// JSON and everything else: nothing at all.
constexpr const char* strict_csp = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

std::string random_hex(std::size_t bytes) {
  static constexpr char hex[] = "0123456789abcdef";
  thread_local std::random_device device;
  std::string out;
  out.reserve(bytes * 2);
  for (std::size_t i = 0; i < bytes; i += 4) {
    const std::uint32_t r = device();
    for (std::size_t k = 0; k < 4 && i + k < bytes; ++k) {
      const auto b = static_cast<unsigned char>(r >> (8 * k));
      out += hex[b >> 4];
      out += hex[b & 0xF];
    }
  }
  return out;
}

std::string sha256_hex(const std::string& text) {
  detail::Sha256 sha;
  return detail::to_hex(sha.of(text));
}

/// Equal, in time that does not depend on where they differ.
bool same_secret(const std::string& a, const std::string& b) {
  // Hashing first makes both the same length, so the time says nothing of the length either.
  const std::string x = sha256_hex(a), y = sha256_hex(b);
  unsigned char diff = 0;
  for (std::size_t i = 0; i < x.size(); ++i) diff |= static_cast<unsigned char>(x[i] ^ y[i]);
  return diff == 0;
}

std::string cookie_value(const httplib::Request& req, const std::string& name) {
  for (std::size_t i = 0, n = req.get_header_value_count("Cookie"); i < n; ++i) {
    const std::string header = req.get_header_value("Cookie", i);
    std::size_t at = 0;
    while (at < header.size()) {
      const std::size_t end = std::min(header.find(';', at), header.size());
      std::string pair = header.substr(at, end - at);
      pair.erase(0, pair.find_first_not_of(' '));
      if (pair.rfind(name + "=", 0) == 0) return pair.substr(name.size() + 1);
      at = end + 1;
    }
  }
  return "";
}

bool is_api(const httplib::Request& req) {
  return req.path.rfind("/api/", 0) == 0 || req.path == "/api";
}

/// Only a local path may follow a sign-in (never "//host" or a scheme).
std::string safe_next(const std::string& next) {
  if (next.empty() || next[0] != '/' || (next.size() > 1 && (next[1] == '/' || next[1] == '\\'))) return "/";
  if (std::any_of(next.begin(), next.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; })) return "/";
  return next;
}

}  // namespace

struct DashboardServer::Impl {
  ServeOptions options;
  Dashboard dashboard;
  httplib::Server http;
  std::string session_secret = random_hex(32);
  std::string session;  ///< the login cookie's value: derived from the token and a per-run secret
  std::atomic<bool> bound{false};

  explicit Impl(ServeOptions o) : options(std::move(o)), dashboard(options) {
    if (options.token) session = sha256_hex(session_secret + ":" + *options.token);
    routes();
  }

  bool authorised(const httplib::Request& req, bool& via_cookie) const {
    via_cookie = false;
    if (!options.token) return true;
    const std::string auth = req.get_header_value("Authorization");
    if (auth.size() > 7 && (auth.rfind("Bearer ", 0) == 0 || auth.rfind("bearer ", 0) == 0))
      return same_secret(auth.substr(7), *options.token);
    const std::string cookie = cookie_value(req, session_cookie);
    if (!cookie.empty() && same_secret(cookie, session)) {
      via_cookie = true;
      return true;
    }
    return false;
  }

  static void send(httplib::Response& res, const Reply& r, const std::string& nonce) {
    res.status = r.status;
    if (!r.location.empty()) res.set_header("Location", r.location);
    if (r.total) res.set_header("X-Total-Count", std::to_string(*r.total));
    const bool html = r.content_type.rfind("text/html", 0) == 0;
    res.set_header("Content-Security-Policy", r.pack_page ? pack_csp : html ? page_csp(nonce) : strict_csp);
    res.set_content(r.body, r.content_type.c_str());
  }

  /// Runs a handler, turning what it throws into the answer's status.
  template <class Handler>
  void answer(const httplib::Request& req, httplib::Response& res, Handler&& handler) {
    RequestInfo info;
    info.nonce = random_hex(16);
    bool via_cookie = false;
    authorised(req, via_cookie);
    info.signed_in = via_cookie;
    const bool api = is_api(req);
    Reply reply;
    try {
      reply = handler(info);
    } catch (const HttpError& e) {
      reply = api ? Dashboard::error_json(e.status(), e.what()) : dashboard.error_page(e.status(), e.what(), info);
    } catch (const InputError& e) {
      reply = api ? Dashboard::error_json(400, e.what()) : dashboard.error_page(400, e.what(), info);
    } catch (const RangeError& e) {
      reply = api ? Dashboard::error_json(400, e.what()) : dashboard.error_page(400, e.what(), info);
    } catch (const StoreError& e) {
      // Missing, locked or not migrated: the operator's to fix, not the request's.
      reply = api ? Dashboard::error_json(503, e.what()) : dashboard.error_page(503, e.what(), info);
    } catch (const ConfigError& e) {
      reply = api ? Dashboard::error_json(500, e.what()) : dashboard.error_page(500, e.what(), info);
    } catch (const std::exception& e) {
      std::cerr << "slaclock serve: " << req.method << " " << req.path << ": " << e.what() << '\n';
      const std::string message = "internal error; the server's log says more";
      reply = api ? Dashboard::error_json(500, message) : dashboard.error_page(500, message, info);
    }
    send(res, reply, info.nonce);
  }

  void routes() {
    using Req = const httplib::Request&;
    using Res = httplib::Response&;
    http.set_payload_max_length(8192);  // only the sign-in form has a body
    http.set_read_timeout(10, 0);
    http.set_write_timeout(30, 0);
    http.set_keep_alive_max_count(100);
    http.set_default_headers({{"X-Content-Type-Options", "nosniff"},
                              {"Referrer-Policy", "no-referrer"},
                              {"X-Frame-Options", "DENY"},
                              {"Cache-Control", "no-store"},
                              {"Cross-Origin-Resource-Policy", "same-origin"}});

    // Method and token, before any route: GET and HEAD only, POST only to sign in.
    http.set_pre_routing_handler([this](Req req, Res res) {
      const bool login = req.path == "/login";
      const bool read = req.method == "GET" || req.method == "HEAD";
      if (!read && !(login && req.method == "POST")) {
        res.set_header("Allow", login ? "GET, HEAD, POST" : "GET, HEAD");
        send(res, Dashboard::error_json(405, "method " + req.method + " not allowed: the dashboard is read-only"), "");
        res.status = 405;
        return httplib::Server::HandlerResponse::Handled;
      }
      bool via_cookie = false;
      if (login || authorised(req, via_cookie)) return httplib::Server::HandlerResponse::Unhandled;
      RequestInfo info{random_hex(16), false};
      if (is_api(req)) {
        res.set_header("WWW-Authenticate", "Bearer realm=\"slaclock\"");
        send(res, Dashboard::error_json(401, "this dashboard needs a token: send 'Authorization: Bearer TOKEN'"),
             info.nonce);
      } else {
        send(res, dashboard.login_page(401, "", req.target, info), info.nonce);
      }
      return httplib::Server::HandlerResponse::Handled;
    });
    http.set_post_routing_handler([](Req, Res res) {
      if (!res.has_header("Content-Security-Policy")) res.set_header("Content-Security-Policy", strict_csp);
    });
    http.set_logger([this](Req req, const httplib::Response& res) {
      if (options.log) options.log(req.method, req.path, res.status);
    });
    // Anything not routed: a 404 in the same form as the rest.
    http.set_error_handler(httplib::Server::HandlerWithResponse([this](Req req, Res res) {
      if (res.status != 404 || !res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
      answer(req, res, [&](const RequestInfo&) -> Reply { throw HttpError(404, "no page at " + req.path); });
      return httplib::Server::HandlerResponse::Handled;
    }));

    http.Get("/", [this](Req req, Res res) {
      answer(req, res, [&](const RequestInfo& i) { return dashboard.overdue_page(req.params, i); });
    });
    http.Get("/entities/(.+)", [this](Req req, Res res) {
      answer(req, res, [&](const RequestInfo& i) { return dashboard.entity_page(req.matches[1], req.params, i); });
    });
    http.Get("/entity", [this](Req req, Res res) {
      answer(req, res, [&](const RequestInfo&) { return dashboard.entity_jump(req.params); });
    });
    http.Get("/scorecard", [this](Req req, Res res) {
      answer(req, res, [&](const RequestInfo& i) { return dashboard.scorecard_page(req.params, i); });
    });
    http.Get("/kvi/([^/]+)/pack", [this](Req req, Res res) {
      answer(req, res, [&](const RequestInfo&) { return dashboard.kvi_pack(req.matches[1], req.params); });
    });
    http.Get("/compliance", [this](Req req, Res res) {
      answer(req, res, [&](const RequestInfo& i) { return dashboard.compliance_page(req.params, i); });
    });
    http.Get("/sweeps", [this](Req req, Res res) {
      answer(req, res, [&](const RequestInfo& i) { return dashboard.sweeps_page(req.params, i); });
    });
    http.Get("/notices", [this](Req req, Res res) {
      answer(req, res, [&](const RequestInfo& i) { return dashboard.notices_page(req.params, i); });
    });
    http.Get("/api/overdue", [this](Req req, Res res) {
      answer(req, res, [&](const RequestInfo&) { return dashboard.overdue_api(req.params); });
    });
    http.Get("/api/entities/(.+)", [this](Req req, Res res) {
      answer(req, res, [&](const RequestInfo&) { return dashboard.entity_api(req.matches[1], req.params); });
    });
    http.Get("/api/kvi/([^/]+)", [this](Req req, Res res) {
      answer(req, res, [&](const RequestInfo&) { return dashboard.kvi_api(req.matches[1], req.params); });
    });
    http.Get("/api/compliance", [this](Req req, Res res) {
      answer(req, res, [&](const RequestInfo&) { return dashboard.compliance_api(req.params); });
    });
    http.Get("/api/sweeps", [this](Req req, Res res) {
      answer(req, res, [&](const RequestInfo&) { return dashboard.sweeps_api(req.params); });
    });
    http.Get("/api/notices", [this](Req req, Res res) {
      answer(req, res, [&](const RequestInfo&) { return dashboard.notices_api(req.params); });
    });

    // Signing in: a form posts the token; a right one sets an HttpOnly,
    // SameSite=Strict cookie derived from it (never the token itself).
    http.Get("/login", [this](Req req, Res res) {
      answer(req, res, [&](const RequestInfo& i) {
        const detail::QueryParams q(req.params, {"next"});
        return dashboard.login_page(200, "", safe_next(q.text("next")), i);
      });
    });
    http.Post("/login", [this](Req req, Res res) {
      answer(req, res, [&](const RequestInfo& i) {
        httplib::Params form;
        httplib::detail::parse_query_text(req.body, form);
        const auto value = [&](const char* k) {
          const auto it = form.find(k);
          return it == form.end() ? std::string() : it->second;
        };
        const std::string next = safe_next(value("next"));
        if (!options.token) {
          Reply r;
          r.status = 303;
          r.location = next;
          return r;
        }
        if (!same_secret(value("token"), *options.token))
          return dashboard.login_page(401, "That token is not the right one.", next, i);
        res.set_header("Set-Cookie",
                       std::string(session_cookie) + "=" + session + "; Path=/; HttpOnly; SameSite=Strict");
        Reply r;
        r.status = 303;
        r.location = next;
        return r;
      });
    });
    http.Get("/logout", [this](Req req, Res res) {
      answer(req, res, [&](const RequestInfo&) {
        res.set_header("Set-Cookie", std::string(session_cookie) + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
        Reply r;
        r.status = 303;
        r.location = "/login";
        return r;
      });
    });
  }
};

DashboardServer::DashboardServer(ServeOptions options) {
  if (!options.now) throw InputError({"", 0, "now"}, "the server needs a clock");
  if (!options.listen.loopback() && !options.token)
    throw InputError({"", 0, "--listen"}, "'" + options.listen.host +
                                              "' is not a loopback address: give --token-file too, so every "
                                              "request must carry the token");
  impl_ = std::make_unique<Impl>(std::move(options));
}

DashboardServer::~DashboardServer() {
  stop();
}

int DashboardServer::bind() {
  const ListenAddress& l = impl_->options.listen;
  const std::string host = l.host == "localhost" ? "127.0.0.1" : l.host;
  int port = l.port;
  if (port == 0)
    port = impl_->http.bind_to_any_port(host);
  else if (!impl_->http.bind_to_port(host, port))
    port = -1;
  if (port <= 0)
    throw InputError({"", 0, "--listen"}, "cannot listen on " + l.host + ":" + std::to_string(l.port) +
                                              " (in use, not an address of this machine, or not allowed)");
  impl_->bound = true;
  return port;
}

bool DashboardServer::run() {
  if (!impl_->bound) bind();
  return impl_->http.listen_after_bind();
}

void DashboardServer::stop() {
  if (impl_) impl_->http.stop();
}

}  // namespace slaclock
