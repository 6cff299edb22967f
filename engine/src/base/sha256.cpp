#include "base/sha256.h"

#include <slaclock/base/error.h>

#include <openssl/evp.h>

namespace slaclock::detail {

Sha256::Sha256() : ctx_(EVP_MD_CTX_new()), md_(EVP_MD_fetch(nullptr, "SHA256", nullptr)) {
  if (!ctx_ || !md_) {
    EVP_MD_CTX_free(ctx_);
    EVP_MD_free(md_);
    throw StoreError("OpenSSL SHA-256 is not available");
  }
}

Sha256::~Sha256() {
  EVP_MD_CTX_free(ctx_);
  EVP_MD_free(md_);
}

Digest Sha256::of(std::string_view text) {
  Digest d{};
  unsigned int len = 0;
  if (EVP_DigestInit_ex(ctx_, md_, nullptr) != 1 || EVP_DigestUpdate(ctx_, text.data(), text.size()) != 1 ||
      EVP_DigestFinal_ex(ctx_, d.data(), &len) != 1)
    throw StoreError("SHA-256 failed");
  return d;
}

Digest Sha256::of_pair(const Digest& a, const Digest& b) {
  Digest d{};
  unsigned int len = 0;
  if (EVP_DigestInit_ex(ctx_, md_, nullptr) != 1 || EVP_DigestUpdate(ctx_, a.data(), a.size()) != 1 ||
      EVP_DigestUpdate(ctx_, b.data(), b.size()) != 1 || EVP_DigestFinal_ex(ctx_, d.data(), &len) != 1)
    throw StoreError("SHA-256 failed");
  return d;
}

void Sha256::begin() {
  if (EVP_DigestInit_ex(ctx_, md_, nullptr) != 1) throw StoreError("SHA-256 failed");
}

void Sha256::add(std::string_view piece) {
  if (EVP_DigestUpdate(ctx_, piece.data(), piece.size()) != 1) throw StoreError("SHA-256 failed");
}

Digest Sha256::finish() {
  Digest d{};
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(ctx_, d.data(), &len) != 1) throw StoreError("SHA-256 failed");
  return d;
}

std::string to_hex(const Digest& d) {
  std::string out;
  to_hex(d, out);
  return out;
}

void to_hex(const Digest& d, std::string& out) {
  static constexpr char digits[] = "0123456789abcdef";
  out.resize(64);
  for (std::size_t i = 0; i < d.size(); ++i) {
    out[2 * i] = digits[d[i] >> 4];
    out[2 * i + 1] = digits[d[i] & 0xF];
  }
}

bool from_hex(std::string_view hex, Digest& out) {
  if (hex.size() != 64) return false;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < out.size(); ++i) {
    const int hi = nibble(hex[2 * i]), lo = nibble(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    out[i] = static_cast<unsigned char>(hi << 4 | lo);
  }
  return true;
}

}  // namespace slaclock::detail
