// The Host and Origin checks and the connection counter (request_guard.h).
#include "serve/request_guard.h"

#include <algorithm>
#include <cctype>

namespace slaclock::detail {

namespace {

bool same_text(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

bool digits(std::string_view s) {
  return !s.empty() && s.size() <= 5 &&
         std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

/// The name of "NAME[:PORT]" or "[V6][:PORT]" ("[::1]" keeps its brackets);
/// nothing (empty) when the port is not digits.
std::string_view host_name(std::string_view host) {
  std::string_view name = host, port;
  if (!host.empty() && host.front() == '[') {
    const auto close = host.find(']');
    if (close == std::string_view::npos) return {};
    name = host.substr(0, close + 1);
    const std::string_view rest = host.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return {};
      port = rest.substr(1);
      if (!digits(port)) return {};
    }
    return name;
  }
  if (const auto colon = host.find(':'); colon != std::string_view::npos) {
    name = host.substr(0, colon);
    if (!digits(host.substr(colon + 1))) return {};
  }
  return name;
}

}  // namespace

bool host_allowed(std::string_view host_header, const std::vector<std::string>& allowed) {
  const std::string_view name = host_name(host_header);
  if (name.empty()) return false;
  for (const char* loopback : {"127.0.0.1", "localhost", "[::1]"})
    if (same_text(name, loopback)) return true;
  return std::any_of(allowed.begin(), allowed.end(), [&](const std::string& a) { return same_text(name, a); });
}

bool same_origin(std::string_view origin, std::string_view referer, std::string_view host_header) {
  std::string_view from = !origin.empty() ? origin : referer;
  if (from.empty()) return true;
  // "http://HOST[:PORT]" (Origin) or "http://HOST[:PORT]/path..." (Referer).
  const auto scheme = from.find("://");
  if (scheme == std::string_view::npos) return false;
  const std::string_view s = from.substr(0, scheme);
  if (!same_text(s, "http") && !same_text(s, "https")) return false;
  std::string_view authority = from.substr(scheme + 3);
  authority = authority.substr(0, std::min(authority.find('/'), authority.size()));
  return !authority.empty() && same_text(authority, host_header);
}

bool ConnectionCounter::admit(const std::string& address) {
  std::lock_guard lock(mutex_);
  std::size_t& mine = per_address_[address];
  if (total_ >= max_total_ || mine >= max_per_address_) {
    if (mine == 0) per_address_.erase(address);
    return false;
  }
  ++mine;
  ++total_;
  return true;
}

void ConnectionCounter::release(const std::string& address) {
  std::lock_guard lock(mutex_);
  const auto it = per_address_.find(address);
  if (it == per_address_.end()) return;
  if (--it->second == 0) per_address_.erase(it);
  --total_;
}

std::size_t ConnectionCounter::open() {
  std::lock_guard lock(mutex_);
  return total_;
}

}  // namespace slaclock::detail
