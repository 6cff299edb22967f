// Session cookies, the wrong-token limit and the token rule (sessions.h).
#include "serve/sessions.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <algorithm>
#include <charconv>
#include <set>
#include <stdexcept>

namespace slaclock::detail {

namespace {

std::string hex(const unsigned char* bytes, std::size_t n) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(n * 2);
  for (std::size_t i = 0; i < n; ++i) {
    out += digits[bytes[i] >> 4];
    out += digits[bytes[i] & 0xF];
  }
  return out;
}

void random_bytes(unsigned char* out, std::size_t n) {
  // A key or session id from anything weaker would make cookies guessable: no fallback.
  if (RAND_bytes(out, static_cast<int>(n)) != 1) throw std::runtime_error("OpenSSL RAND_bytes failed");
}

}  // namespace

std::string token_weakness(std::string_view token) {
  if (token.size() < 16) return "is shorter than 16 characters";
  const std::set<char> distinct(token.begin(), token.end());
  if (distinct.size() < 6)
    return "has fewer than 6 different characters (a repeated character or pattern is easy to guess)";
  return "";
}

SessionKeeper::SessionKeeper(std::chrono::seconds lifetime, std::size_t max_sessions)
    : lifetime_(lifetime), max_sessions_(std::max<std::size_t>(max_sessions, 1)), epoch_(SteadyTime::clock::now()) {
  random_bytes(key_, sizeof key_);
}

std::string SessionKeeper::mac_hex(std::string_view text) const {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (!HMAC(EVP_sha256(), key_, sizeof key_, reinterpret_cast<const unsigned char*>(text.data()), text.size(), mac,
            &length))
    throw std::runtime_error("OpenSSL HMAC-SHA256 failed");
  return hex(mac, length);
}

std::string SessionKeeper::sign_in(SteadyTime now) {
  unsigned char id_bytes[16];
  random_bytes(id_bytes, sizeof id_bytes);
  const std::string id = hex(id_bytes, sizeof id_bytes);
  const SteadyTime expiry = now + lifetime_;
  const auto expiry_seconds = std::chrono::duration_cast<std::chrono::seconds>(expiry - epoch_).count();
  const std::string payload = id + "." + std::to_string(expiry_seconds);
  std::lock_guard lock(mutex_);
  // Full: drop the expired sessions, then the one closest to expiry.
  if (sessions_.size() >= max_sessions_)
    for (auto it = sessions_.begin(); it != sessions_.end();) it = it->second <= now ? sessions_.erase(it) : ++it;
  if (sessions_.size() >= max_sessions_)
    sessions_.erase(std::min_element(sessions_.begin(), sessions_.end(),
                                     [](const auto& a, const auto& b) { return a.second < b.second; }));
  sessions_.emplace(id, epoch_ + std::chrono::seconds(expiry_seconds));
  return payload + "." + mac_hex(payload);
}

bool SessionKeeper::valid(std::string_view cookie, SteadyTime now) {
  const auto dot = cookie.rfind('.');
  if (dot == std::string_view::npos || cookie.size() - dot - 1 != 64) return false;
  const std::string_view payload = cookie.substr(0, dot);
  const std::string expected = mac_hex(payload);
  if (CRYPTO_memcmp(expected.data(), cookie.data() + dot + 1, expected.size()) != 0) return false;
  // The MAC is ours, so the payload is one we made: "ID.EXPIRY".
  const auto first = payload.find('.');
  if (first == std::string_view::npos) return false;
  long long seconds = 0;
  const std::string_view expiry_text = payload.substr(first + 1);
  if (std::from_chars(expiry_text.data(), expiry_text.data() + expiry_text.size(), seconds).ec != std::errc())
    return false;
  std::lock_guard lock(mutex_);
  const auto it = sessions_.find(payload.substr(0, first));
  if (it == sessions_.end()) return false;  // signed out, or dropped from a full table
  if (it->second <= now || epoch_ + std::chrono::seconds(seconds) <= now) {
    sessions_.erase(it);
    return false;
  }
  return true;
}

void SessionKeeper::sign_out(std::string_view cookie) {
  const auto dot = cookie.find('.');
  if (dot == std::string_view::npos) return;
  std::lock_guard lock(mutex_);
  if (const auto it = sessions_.find(cookie.substr(0, dot)); it != sessions_.end()) sessions_.erase(it);
}

std::size_t SessionKeeper::size() {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

std::optional<std::chrono::seconds> AttemptLimiter::refused(const std::string& address, SteadyTime now) {
  std::lock_guard lock(mutex_);
  const auto it = records_.find(address);
  if (it == records_.end() || it->second.locked_until <= now) return std::nullopt;
  // Rounded up, so a client that waits as told is not refused again.
  const auto left = std::chrono::ceil<std::chrono::seconds>(it->second.locked_until - now);
  return std::max(left, std::chrono::seconds(1));
}

void AttemptLimiter::failed(const std::string& address, SteadyTime now) {
  std::lock_guard lock(mutex_);
  forget_quiet(now);
  if (records_.size() >= policy_.max_addresses && !records_.count(address)) {
    // Full (many addresses guessing at once): forget the one quiet longest.
    records_.erase(std::min_element(records_.begin(), records_.end(), [](const auto& a, const auto& b) {
      return a.second.last_failure < b.second.last_failure;
    }));
  }
  Record& r = records_[address];
  r.failures += 1;
  r.last_failure = now;
  const int over = r.failures - policy_.free_failures;
  if (over < 0) return;
  // 1 s, 2 s, 4 s, ... from the free failures on, up to the cap.
  auto backoff = policy_.first_backoff;
  for (int i = 0; i < over && backoff < policy_.max_backoff; ++i) backoff *= 2;
  r.locked_until = now + std::min(backoff, policy_.max_backoff);
}

void AttemptLimiter::succeeded(const std::string& address) {
  std::lock_guard lock(mutex_);
  records_.erase(address);
}

void AttemptLimiter::forget_quiet(SteadyTime now) {
  for (auto it = records_.begin(); it != records_.end();)
    it = (now - it->second.last_failure > policy_.forget_after && it->second.locked_until <= now) ? records_.erase(it)
                                                                                                  : ++it;
}

}  // namespace slaclock::detail
