#pragma once
// The checks made on a request's headers before anything else, without
// HTTP: whose name the client used (Host, against DNS rebinding) and where a
// form was posted from (Origin/Referer, against cross-site request forgery).
#include <cstddef>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace slaclock::detail {

/// `host_header` ("NAME", "NAME:PORT", "[IPV6]:PORT") names this machine's
/// loopback (127.0.0.1, localhost, [::1]) or one of `allowed` (names as given
/// to --allow-host, compared without case), with any port or none.
bool host_allowed(std::string_view host_header, const std::vector<std::string>& allowed);

/// Whether a POST came from a page of this server: its Origin (else its
/// Referer) names the same host and port as `host_header`. Neither header
/// (curl, scripts; every browser sends Origin on a cross-site POST) passes;
/// "null" and anything else does not.
bool same_origin(std::string_view origin, std::string_view referer, std::string_view host_header);

/// Counts open connections, in all and per client address, and refuses one
/// more than either cap. Thread-safe.
class ConnectionCounter {
 public:
  ConnectionCounter(std::size_t max_total, std::size_t max_per_address)
      : max_total_(max_total), max_per_address_(max_per_address) {}
  /// Counts the connection and returns true, or returns false (not counted).
  bool admit(const std::string& address);
  void release(const std::string& address);
  std::size_t open();

 private:
  std::size_t max_total_, max_per_address_;
  std::mutex mutex_;
  std::size_t total_ = 0;
  std::map<std::string, std::size_t> per_address_;
};

}  // namespace slaclock::detail
