#pragma once
// Signing in to the dashboard, without HTTP: the session cookies, the
// per-client limit on wrong tokens, and the rule a token must meet. The
// server (dashboard_server.cpp) asks these; tests call them with a made-up
// clock, no socket.
//
//   SessionKeeper keeper;                          // a fresh HMAC key per run
//   std::string cookie = keeper.sign_in(now);      // a new session each time
//   keeper.valid(cookie, now);                     // true until expiry or sign-out
//   keeper.sign_out(cookie);
//
//   AttemptLimiter limits;
//   if (auto wait = limits.refused("127.0.0.1", now)) -> 429, Retry-After: *wait
//   limits.failed("127.0.0.1", now);  limits.succeeded("127.0.0.1");
#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace slaclock::detail {

using SteadyTime = std::chrono::steady_clock::time_point;

/// Why `token` is too weak to guard the dashboard ("" when it is not): fewer
/// than 16 characters, or fewer than 6 different ones ("aaaa...", "abab...").
std::string token_weakness(std::string_view token);

/// Session cookies: "ID.EXPIRY.MAC", MAC = HMAC-SHA256(key, "ID.EXPIRY") with
/// a key made by RAND_bytes when the keeper is made, so a cookie cannot be
/// forged or extended and a restart signs everyone out. Each sign-in is a new
/// random ID kept in a table in memory; signing out removes it, so a copied
/// cookie is worthless afterwards. Thread-safe.
class SessionKeeper {
 public:
  /// `lifetime`: how long a session lasts from sign-in (not renewed by use).
  /// `max_sessions`: the table's size; the session closest to expiry is
  /// dropped first when it is full (only a token holder can fill it).
  explicit SessionKeeper(std::chrono::seconds lifetime = std::chrono::hours(12), std::size_t max_sessions = 1000);

  /// A new session's cookie value.
  std::string sign_in(SteadyTime now);
  /// The MAC is right (compared in constant time), the session is in the
  /// table and has not expired.
  bool valid(std::string_view cookie, SteadyTime now);
  /// Forgets the cookie's session (nothing for a cookie that is not one).
  void sign_out(std::string_view cookie);

  std::chrono::seconds lifetime() const noexcept { return lifetime_; }
  std::size_t size();

 private:
  std::string mac_hex(std::string_view text) const;

  unsigned char key_[32];
  std::chrono::seconds lifetime_;
  std::size_t max_sessions_;
  SteadyTime epoch_;  ///< expiries are seconds after this, so a cookie holds no wall-clock time
  std::mutex mutex_;
  std::map<std::string, SteadyTime, std::less<>> sessions_;  ///< id -> expiry
};

/// Wrong tokens per client address: the first `free_failures` cost nothing,
/// then each one locks the address out for a backoff that doubles from
/// `first_backoff` up to `max_backoff`; while locked out every attempt, a
/// right token included, is refused (429 with Retry-After). A right token
/// clears the count. Addresses quiet for an hour are forgotten, and the table
/// keeps at most `max_addresses`. Thread-safe.
class AttemptLimiter {
 public:
  struct Policy {
    int free_failures = 5;
    std::chrono::seconds first_backoff{1};
    std::chrono::seconds max_backoff{900};
    std::chrono::seconds forget_after{3600};
    std::size_t max_addresses = 10000;
  };
  AttemptLimiter() : AttemptLimiter(Policy{}) {}
  explicit AttemptLimiter(Policy policy) : policy_(policy) {}

  /// Whole seconds to wait when `address` is locked out now; nothing otherwise.
  std::optional<std::chrono::seconds> refused(const std::string& address, SteadyTime now);
  void failed(const std::string& address, SteadyTime now);
  void succeeded(const std::string& address);

 private:
  struct Record {
    int failures = 0;
    SteadyTime locked_until{};
    SteadyTime last_failure{};
  };
  void forget_quiet(SteadyTime now);

  Policy policy_;
  std::mutex mutex_;
  std::map<std::string, Record> records_;
};

}  // namespace slaclock::detail
