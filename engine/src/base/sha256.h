#pragma once
// SHA-256 through OpenSSL's EVP interface, with one reusable context so that
// hashing a million events does not allocate a million contexts. Internal:
// OpenSSL stays out of the public headers.
#include <array>
#include <string>
#include <string_view>

struct evp_md_ctx_st;
struct evp_md_st;

namespace slaclock::detail {

using Digest = std::array<unsigned char, 32>;

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  Digest of(std::string_view text);
  /// SHA-256(a || b): one link of the event chain.
  Digest of_pair(const Digest& a, const Digest& b);

  /// A digest over many pieces: begin(), add() each, then finish().
  void begin();
  void add(std::string_view piece);
  Digest finish();

 private:
  evp_md_ctx_st* ctx_;
  evp_md_st* md_;
};

std::string to_hex(const Digest& d);
/// Into `out`, reusing its buffer.
void to_hex(const Digest& d, std::string& out);
/// Nothing when the text is not 64 hex digits.
bool from_hex(std::string_view hex, Digest& out);

}  // namespace slaclock::detail
