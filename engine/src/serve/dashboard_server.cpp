// The HTTP side of `slaclock serve`, on cpp-httplib: a well-kept server from
// Debian's packages rather than hand-written HTTP parsing. This file alone
// includes httplib.h. httplib parses and routes; the connections are this
// file's (GuardedServer: caps, deadlines, workers), because a per-read
// timeout and an unbounded queue let slow clients starve everyone else. It
// checks the method (GET and HEAD; POST only to sign in), the Host, the
// token, sets the security headers, routes to Dashboard and turns every
// exception into a status: bad input 400, unknown entity 404, an unreadable
// database 503, anything else 500 (logged, never shown).
#include <slaclock/base/error.h>
#include <slaclock/serve/dashboard_server.h>

#include "base/sha256.h"
#include "serve/dashboard.h"
#include "serve/http_error.h"
#include "serve/query_params.h"
#include "serve/request_guard.h"
#include "serve/sessions.h"

#include <httplib.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <fstream>
#include <iostream>
#include <mutex>
#include <random>
#include <semaphore>
#include <thread>
#include <vector>

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
  if (::stat(file.c_str(), &st) != 0)
    throw InputError({"", 0, option}, "cannot read '" + file.string() + "': no such file");
  if (S_ISDIR(st.st_mode))
    throw InputError({"", 0, option}, "'" + file.string() + "' is a directory, not a token file");
  if (!S_ISREG(st.st_mode))
    throw InputError({"", 0, option}, "'" + file.string() + "' is not a regular file holding a token");
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
  if (const std::string weak = detail::token_weakness(line); !weak.empty())
    throw InputError({"", 0, option}, "the token in '" + file.string() + "' " + weak);
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
using Steady = std::chrono::steady_clock;

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

int milliseconds_until(Steady::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Steady::now()).count();
  return left <= 0 ? 0 : static_cast<int>(std::min<long long>(left, 1 << 30));
}

/// One connection's socket as httplib reads and writes it, with deadlines
/// rather than httplib's per-read timeout: a client sending a byte every
/// second would renew a per-read timeout for ever, but cannot stretch a
/// request past `request_time`, nor the reading of an answer past
/// `write_time`. A request may also not be longer than `max_request_bytes`.
class DeadlineStream final : public httplib::Stream {
 public:
  DeadlineStream(int sock, const ServeLimits& limits, const std::atomic<bool>& stopping)
      : sock_(sock), limits_(limits), stopping_(stopping) {
    address_of(sock, true, remote_ip_, remote_port_);
    address_of(sock, false, local_ip_, local_port_);
  }

  /// A new request: read it by `deadline`, write its answer within write_time of its first byte.
  void start_request(Steady::time_point deadline) {
    read_deadline_ = deadline;
    write_deadline_.reset();
    request_bytes_ = 0;
  }
  bool buffered() const noexcept { return begin_ < end_; }
  /// A deadline passed, the request was too long, or the server is stopping: close the connection.
  bool cut() const noexcept { return cut_; }
  /// Waits until the socket has bytes to read, at most until `deadline`.
  bool wait_readable(Steady::time_point deadline) const { return buffered() || wait(POLLIN, deadline); }

  bool is_readable() const override { return wait_readable(read_deadline_); }
  bool is_writable() const override { return wait(POLLOUT, write_deadline()); }

  ssize_t read(char* ptr, size_t size) override {
    if (request_bytes_ >= limits_.max_request_bytes) return fail();
    if (!buffered()) {
      if (!wait(POLLIN, read_deadline_)) return fail();
      const ssize_t n = ::recv(sock_, buffer_, sizeof buffer_, MSG_DONTWAIT);
      if (n <= 0) return n == 0 ? 0 : fail();
      begin_ = 0;
      end_ = static_cast<std::size_t>(n);
    }
    const std::size_t n = std::min({size, end_ - begin_, limits_.max_request_bytes - request_bytes_});
    std::memcpy(ptr, buffer_ + begin_, n);
    begin_ += n;
    request_bytes_ += n;
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* ptr, size_t size) override {
    if (!wait(POLLOUT, write_deadline())) return fail();
    // Non-blocking: httplib writes the rest in its loop, each part inside the deadline.
    const ssize_t n = ::send(sock_, ptr, size, MSG_DONTWAIT | MSG_NOSIGNAL);
    return n < 0 ? fail() : n;
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = remote_ip_;
    port = remote_port_;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip = local_ip_;
    port = local_port_;
  }
  socket_t socket() const override { return sock_; }

  const std::string& remote_ip() const noexcept { return remote_ip_; }

  static void address_of(int sock, bool peer, std::string& ip, int& port) {
    sockaddr_storage a{};
    socklen_t length = sizeof a;
    const int rc = peer ? ::getpeername(sock, reinterpret_cast<sockaddr*>(&a), &length)
                        : ::getsockname(sock, reinterpret_cast<sockaddr*>(&a), &length);
    char text[INET6_ADDRSTRLEN] = "";
    port = -1;
    if (rc == 0 && a.ss_family == AF_INET) {
      const auto* v4 = reinterpret_cast<const sockaddr_in*>(&a);
      ::inet_ntop(AF_INET, &v4->sin_addr, text, sizeof text);
      port = ntohs(v4->sin_port);
    } else if (rc == 0 && a.ss_family == AF_INET6) {
      const auto* v6 = reinterpret_cast<const sockaddr_in6*>(&a);
      ::inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof text);
      port = ntohs(v6->sin6_port);
    }
    ip = text;
  }

 private:
  ssize_t fail() {
    cut_ = true;
    return -1;
  }
  Steady::time_point write_deadline() const {
    if (!write_deadline_) write_deadline_ = Steady::now() + limits_.write_time;
    return *write_deadline_;
  }
  /// poll() in slices, so that a stopping server does not wait out a slow client.
  bool wait(short events, Steady::time_point deadline) const {
    for (;;) {
      if (stopping_) return false;
      const int left = milliseconds_until(deadline);
      if (left == 0) return false;
      pollfd p{sock_, events, 0};
      const int rc = ::poll(&p, 1, std::min(left, 100));
      if (rc > 0) return (p.revents & (events | POLLHUP | POLLERR)) != 0;
      if (rc < 0 && errno != EINTR) return false;
    }
  }

  int sock_;
  const ServeLimits& limits_;
  const std::atomic<bool>& stopping_;
  std::string remote_ip_, local_ip_;
  int remote_port_ = -1, local_port_ = -1;
  char buffer_[4096];
  std::size_t begin_ = 0, end_ = 0;
  std::size_t request_bytes_ = 0;
  Steady::time_point read_deadline_{};
  mutable std::optional<Steady::time_point> write_deadline_;
  bool cut_ = false;
};

/// httplib's Server with its own connection handling: httplib parses and
/// routes each request; this class decides which connections are served at
/// all, by which thread, and for how long. httplib's accept loop hands every
/// socket to process_and_close_socket through a task queue that runs it at
/// once (InlineQueue), so admission happens on the accept thread: a
/// connection over the caps (in all: workers + queued; per client address)
/// gets a 503 at once rather than a place in a queue without end. Admitted
/// ones wait for one of a fixed set of workers, which serve them through a
/// DeadlineStream with TCP_NODELAY (a kept-alive request would otherwise wait
/// ~40 ms for Nagle and the client's delayed ACK).
class GuardedServer final : public httplib::Server {
 public:
  GuardedServer(const ServeLimits& limits, std::function<void(const std::string&)> refused_log)
      : limits_(limits),
        counter_(limits.workers + limits.queued, limits.per_address),
        refused_log_(std::move(refused_log)) {
    new_task_queue = [this] { return new InlineQueue(*this); };
  }
  ~GuardedServer() override { drain(); }

 private:
  struct InlineQueue final : httplib::TaskQueue {
    explicit InlineQueue(GuardedServer& s) : server(s) { server.start_workers(); }
    void enqueue(std::function<void()> fn) override { fn(); }
    void shutdown() override { server.drain(); }
    GuardedServer& server;
  };
  struct Connection {
    int sock;
    std::string address;
  };

  bool process_and_close_socket(socket_t sock) override {
    int one = 1;
    ::setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    std::string address;
    int port = -1;
    DeadlineStream::address_of(sock, true, address, port);
    if (stopping_ || !counter_.admit(address)) {
      refuse(sock, address);
      return true;
    }
    {
      std::lock_guard lock(mutex_);
      waiting_.push_back({sock, address});
    }
    wake_.notify_one();
    return true;
  }

  void start_workers() {
    std::lock_guard lock(mutex_);
    if (!workers_.empty()) return;
    stopping_ = false;
    for (std::size_t i = 0; i < std::max<std::size_t>(limits_.workers, 1); ++i)
      workers_.emplace_back([this] { work(); });
  }

  /// Stops the workers (each finishes or cuts its connection) and closes the waiting ones.
  void drain() {
    std::vector<std::thread> workers;
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
      workers.swap(workers_);
    }
    wake_.notify_all();
    for (std::thread& t : workers) t.join();
    std::lock_guard lock(mutex_);
    for (const Connection& c : waiting_) {
      ::close(c.sock);
      counter_.release(c.address);
    }
    waiting_.clear();
  }

  void work() {
    for (;;) {
      Connection c;
      {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [&] { return stopping_ || !waiting_.empty(); });
        if (stopping_) return;
        c = std::move(waiting_.front());
        waiting_.pop_front();
      }
      serve(c.sock);
      ::shutdown(c.sock, SHUT_RDWR);
      ::close(c.sock);
      counter_.release(c.address);
    }
  }

  void serve(int sock) {
    DeadlineStream stream(sock, limits_, stopping_);
    const auto opened = Steady::now();
    for (std::size_t n = 1;; ++n) {
      if (n == 1) {
        stream.start_request(opened + limits_.request_time);
      } else {
        // Kept alive: wait for the next request's first byte, then it has request_time to arrive whole.
        if (!stream.wait_readable(Steady::now() + limits_.idle_time)) return;
        stream.start_request(Steady::now() + limits_.request_time);
      }
      const bool last = n >= limits_.keep_alive_requests || Steady::now() - opened >= limits_.connection_time ||
                        svr_sock_ == INVALID_SOCKET;
      bool closed = false;
      // Ranges are ignored: every answer is small or built whole, and 2,700
      // ranges of "0-" would otherwise repeat the body 2,700 times.
      const bool ok = process_request(stream, last, closed, [](httplib::Request& req) { req.ranges.clear(); });
      if (!ok || closed || last || stream.cut()) return;
    }
  }

  /// A short 503 written without waiting (it fits any socket buffer), then closed.
  void refuse(int sock, const std::string& address) {
    static const std::string body =
        "{\"error\": \"too many connections: try again in a few seconds\", \"status\": 503}\n";
    const std::string reply =
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json; charset=utf-8\r\n"
        "Retry-After: 2\r\nConnection: close\r\nCache-Control: no-store\r\n"
        "X-Content-Type-Options: nosniff\r\nContent-Security-Policy: " +
        std::string(strict_csp) + "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    (void)::send(sock, reply.data(), reply.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
    ::shutdown(sock, SHUT_WR);
    // Read what the client already sent, so that closing sends FIN, not a reset that could discard the 503.
    char sink[4096];
    for (int i = 0; i < 16 && ::recv(sock, sink, sizeof sink, MSG_DONTWAIT) > 0; ++i) {
    }
    ::close(sock);
    if (refused_log_) refused_log_(address);
  }

  const ServeLimits& limits_;
  detail::ConnectionCounter counter_;
  std::function<void(const std::string&)> refused_log_;
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Connection> waiting_;
  std::vector<std::thread> workers_;
};

/// Releases a counting semaphore at scope exit.
template <class Semaphore>
struct Held {
  Semaphore& s;
  ~Held() { s.release(); }
};

}  // namespace

struct DashboardServer::Impl {
  ServeOptions options;
  Dashboard dashboard;
  detail::SessionKeeper sessions;
  detail::AttemptLimiter attempts;
  /// One committee pack computed at a time: each reads a year of the store
  /// (hundreds of MB at scale), so several at once could exhaust memory.
  std::counting_semaphore<1> pack_gate{1};
  std::atomic<bool> bound{false};
  /// --allow-host's names and the address listened on (127.0.0.2, say): a
  /// rebinding page sends its own domain name, never an address.
  std::vector<std::string> host_names;
  /// Last, so that it is destroyed first: its workers finish before what their handlers use goes.
  GuardedServer http;

  explicit Impl(ServeOptions o)
      : options(std::move(o)),
        dashboard(options),
        sessions(options.limits.session_lifetime),
        attempts(detail::AttemptLimiter::Policy{options.limits.free_login_failures}),
        host_names(names_answered(options)),
        http(options.limits, [this](const std::string&) {
          if (options.log) options.log("-", "(connection refused: too many open)", 503);
        }) {
    routes();
  }

  static std::vector<std::string> names_answered(const ServeOptions& o) {
    std::vector<std::string> names = o.allow_hosts;
    const std::string& h = o.listen.host;
    names.push_back(h.find(':') != std::string::npos && h.front() != '[' ? "[" + h + "]" : h);
    return names;
  }

  enum class Credential { none, bearer, wrong_bearer, cookie };

  Credential credential(const httplib::Request& req) {
    const std::string auth = req.get_header_value("Authorization");
    if (auth.size() > 7 && (auth.rfind("Bearer ", 0) == 0 || auth.rfind("bearer ", 0) == 0))
      return same_secret(auth.substr(7), *options.token) ? Credential::bearer : Credential::wrong_bearer;
    const std::string cookie = cookie_value(req, session_cookie);
    if (!cookie.empty() && sessions.valid(cookie, Steady::now())) return Credential::cookie;
    return Credential::none;
  }

  bool signed_in_by_cookie(const httplib::Request& req) {
    return options.token && credential(req) == Credential::cookie;
  }

  /// Whether the request's Host header is one this server answers to (DNS rebinding).
  bool host_ok(const httplib::Request& req) const {
    if (options.token && options.allow_hosts.empty()) return true;
    return detail::host_allowed(req.get_header_value("Host"), host_names);
  }

  static void send(httplib::Response& res, const Reply& r, const std::string& nonce) {
    res.status = r.status;
    if (!r.location.empty()) res.set_header("Location", r.location);
    if (r.total) res.set_header("X-Total-Count", std::to_string(*r.total));
    const bool html = r.content_type.rfind("text/html", 0) == 0;
    res.set_header("Content-Security-Policy", r.pack_page ? pack_csp : html ? page_csp(nonce) : strict_csp);
    res.set_header("Accept-Ranges", "none");  // ranges are ignored (GuardedServer::serve); say so
    res.set_content(r.body, r.content_type.c_str());
  }

  /// An error as JSON on the API, as a page elsewhere.
  void send_error(const httplib::Request& req, httplib::Response& res, int status, const std::string& message) {
    RequestInfo info{random_hex(16), false};
    send(res, is_api(req) ? Dashboard::error_json(status, message) : dashboard.error_page(status, message, info),
         info.nonce);
  }

  /// 429 while the client's address is locked out after wrong tokens; true when it is.
  bool locked_out(const httplib::Request& req, httplib::Response& res) {
    const auto wait = attempts.refused(req.remote_addr, Steady::now());
    if (!wait) return false;
    res.set_header("Retry-After", std::to_string(wait->count()));
    send_error(req, res, 429,
               "too many wrong tokens from this address: try again in " + std::to_string(wait->count()) + " s");
    return true;
  }

  /// Runs a handler, turning what it throws into the answer's status.
  template <class Handler>
  void answer(const httplib::Request& req, httplib::Response& res, Handler&& handler) {
    RequestInfo info;
    info.nonce = random_hex(16);
    info.signed_in = signed_in_by_cookie(req);
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

  /// Before any route: the method (GET and HEAD; POST only to sign in), the
  /// Host, then the token. Handled when the request is refused.
  httplib::Server::HandlerResponse screen(const httplib::Request& req, httplib::Response& res) {
    using R = httplib::Server::HandlerResponse;
    const bool login = req.path == "/login";
    const bool read = req.method == "GET" || req.method == "HEAD";
    if (!read && !(login && req.method == "POST")) {
      res.set_header("Allow", login ? "GET, HEAD, POST" : "GET, HEAD");
      send(res, Dashboard::error_json(405, "method " + req.method + " not allowed: the dashboard is read-only"), "");
      res.status = 405;
      return R::Handled;
    }
    if (!host_ok(req)) {
      send_error(req, res, 421,
                 "this dashboard does not answer to the host name '" + req.get_header_value("Host") +
                     "': open it as 127.0.0.1, localhost or [::1], or start serve with --allow-host NAME");
      return R::Handled;
    }
    if (!options.token || login) return R::Unhandled;
    switch (credential(req)) {
      case Credential::bearer:
        if (locked_out(req, res)) return R::Handled;
        attempts.succeeded(req.remote_addr);
        return R::Unhandled;
      case Credential::cookie:
        return R::Unhandled;
      case Credential::wrong_bearer:
        if (locked_out(req, res)) return R::Handled;
        attempts.failed(req.remote_addr, Steady::now());
        break;
      case Credential::none:
        break;
    }
    RequestInfo info{random_hex(16), false};
    if (is_api(req)) {
      res.set_header("WWW-Authenticate", "Bearer realm=\"slaclock\"");
      send(res, Dashboard::error_json(401, "this dashboard needs a token: send 'Authorization: Bearer TOKEN'"),
           info.nonce);
    } else {
      send(res, dashboard.login_page(401, "", req.target, info), info.nonce);
    }
    return R::Handled;
  }

  /// POST /login: same origin only, within the attempt limit; a right token
  /// starts a new session.
  void sign_in(const httplib::Request& req, httplib::Response& res) {
    if (!detail::same_origin(req.get_header_value("Origin"), req.get_header_value("Referer"),
                             req.get_header_value("Host"))) {
      send_error(req, res, 403, "a sign-in must come from this dashboard's own page (cross-origin POST refused)");
      return;
    }
    if (options.token && locked_out(req, res)) return;
    answer(req, res, [&](const RequestInfo& i) {
      httplib::Params form;
      httplib::detail::parse_query_text(req.body, form);
      const auto value = [&](const char* k) {
        const auto it = form.find(k);
        return it == form.end() ? std::string() : it->second;
      };
      const std::string next = safe_next(value("next"));
      Reply r;
      r.status = 303;
      r.location = next;
      if (!options.token) return r;
      if (!same_secret(value("token"), *options.token)) {
        attempts.failed(req.remote_addr, Steady::now());
        return dashboard.login_page(401, "That token is not the right one.", next, i);
      }
      attempts.succeeded(req.remote_addr);
      res.set_header("Set-Cookie", std::string(session_cookie) + "=" + sessions.sign_in(Steady::now()) +
                                       "; Path=/; Max-Age=" + std::to_string(sessions.lifetime().count()) +
                                       "; HttpOnly; SameSite=Strict");
      return r;
    });
  }

  void routes() {
    using Req = const httplib::Request&;
    using Res = httplib::Response&;
    const ServeLimits& l = options.limits;
    http.set_payload_max_length(8192);  // only the sign-in form has a body
    // Per read and write; the DeadlineStream's deadlines bound the whole request and answer.
    http.set_read_timeout(std::chrono::duration_cast<std::chrono::seconds>(l.request_time).count() + 1, 0);
    http.set_write_timeout(std::chrono::duration_cast<std::chrono::seconds>(l.write_time).count() + 1, 0);
    http.set_keep_alive_max_count(l.keep_alive_requests);
    // Only what the Keep-Alive header tells clients: GuardedServer::serve waits idle_time.
    http.set_keep_alive_timeout(
        std::max<time_t>(1, std::chrono::duration_cast<std::chrono::seconds>(l.idle_time).count()));
    http.set_tcp_nodelay(true);
    http.set_default_headers({{"X-Content-Type-Options", "nosniff"},
                              {"Referrer-Policy", "no-referrer"},
                              {"X-Frame-Options", "DENY"},
                              {"Cache-Control", "no-store"},
                              {"Cross-Origin-Resource-Policy", "same-origin"}});

    http.set_pre_routing_handler([this](Req req, Res res) { return screen(req, res); });
    http.set_post_routing_handler([](Req, Res res) {
      if (!res.has_header("Content-Security-Policy")) res.set_header("Content-Security-Policy", strict_csp);
      if (!res.has_header("Accept-Ranges")) res.set_header("Accept-Ranges", "none");
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
      answer(req, res, [&](const RequestInfo&) {
        if (!pack_gate.try_acquire_for(std::chrono::seconds(20)))
          throw HttpError(503, "another committee pack is being built: try again in a minute");
        const Held<std::counting_semaphore<1>> held{pack_gate};
        return dashboard.kvi_pack(req.matches[1], req.params);
      });
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

    // Signing in: a form posts the token; a right one starts a session whose
    // HttpOnly, SameSite=Strict cookie is signed (never the token itself).
    http.Get("/login", [this](Req req, Res res) {
      answer(req, res, [&](const RequestInfo& i) {
        const detail::QueryParams q(req.params, {"next"});
        return dashboard.login_page(200, "", safe_next(q.text("next")), i);
      });
    });
    http.Post("/login", [this](Req req, Res res) { sign_in(req, res); });
    // Signing out ends the session on the server too, so a copy of the cookie is worthless.
    http.Get("/logout", [this](Req req, Res res) {
      answer(req, res, [&](const RequestInfo&) {
        if (const std::string cookie = cookie_value(req, session_cookie); !cookie.empty()) sessions.sign_out(cookie);
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
  if (options.token)
    if (const std::string weak = detail::token_weakness(*options.token); !weak.empty())
      throw InputError({"", 0, "--token-file"}, "the token " + weak);
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
