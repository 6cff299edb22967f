#include <slaclock/base/text_safety.h>

#include <cstdint>

namespace slaclock {

namespace {

constexpr char hex_digits[] = "0123456789abcdef";

// Decodes one UTF-8 sequence at `i`: its code point and length, or length 0
// when the bytes there are not strict UTF-8 (overlong, surrogate, truncated).
std::size_t decode(std::string_view s, std::size_t i, char32_t& cp) noexcept {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    cp = c;
    return 1;
  }
  std::size_t n = 0;
  std::uint32_t v = 0, min = 0;
  if ((c & 0xE0) == 0xC0)
    n = 1, v = c & 0x1F, min = 0x80;
  else if ((c & 0xF0) == 0xE0)
    n = 2, v = c & 0x0F, min = 0x800;
  else if ((c & 0xF8) == 0xF0)
    n = 3, v = c & 0x07, min = 0x10000;
  else
    return 0;
  if (i + n >= s.size()) return 0;  // truncated at the end
  for (std::size_t k = 1; k <= n; ++k) {
    const auto cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) return 0;
    v = v << 6 | (cc & 0x3F);
  }
  if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
  cp = static_cast<char32_t>(v);
  return n + 1;
}

std::string hex_of(std::uint32_t v) {
  std::string out;
  do {
    out.insert(out.begin(), hex_digits[v & 0xF]);
    v >>= 4;
  } while (v != 0);
  return out;
}

}  // namespace

bool is_valid_utf8(std::string_view text) noexcept {
  char32_t cp = 0;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = decode(text, i, cp);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

bool is_unsafe_code_point(char32_t cp) noexcept {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
         cp == 0x2028 || cp == 0x2029;
}

std::optional<char32_t> first_unsafe_code_point(std::string_view text, AllowedControls allowed) noexcept {
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    const std::size_t n = decode(text, i, cp);
    if (n == 0) {
      ++i;
      continue;
    }
    i += n;
    if (cp == '\t' && allowed.tab) continue;
    if ((cp == '\n' || cp == '\r') && allowed.line_breaks) continue;
    if (is_unsafe_code_point(cp)) return cp;
  }
  return std::nullopt;
}

std::string code_point_name(char32_t cp) {
  const auto v = static_cast<std::uint32_t>(cp);
  if (v < 0x80) return std::string("\\x") + hex_digits[v >> 4] + hex_digits[v & 0xF];
  std::string digits = hex_of(v);
  for (char& c : digits) c = static_cast<char>(c >= 'a' ? c - 'a' + 'A' : c);
  while (digits.size() < 4) digits.insert(digits.begin(), '0');
  return "U+" + digits;
}

std::string why_unsafe(char32_t cp) {
  if (cp < 0x20 || cp == 0x7F) return "a control character";
  if (cp <= 0x9F) return "a C1 control character (U+0080-U+009F; U+009B starts a terminal escape)";
  if (cp == 0x2028 || cp == 0x2029) return "a line or paragraph separator (a line break to some readers)";
  return "a bidirectional override or isolate (U+202A-U+202E, U+2066-U+2069), which reorders how text prints";
}

std::string terminal_safe(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    const std::size_t n = decode(text, i, cp);
    if (n == 0) {  // not UTF-8: the byte in hex, never raw
      const auto u = static_cast<unsigned char>(text[i]);
      out += std::string("\\x") + hex_digits[u >> 4] + hex_digits[u & 0xF];
      ++i;
      continue;
    }
    if (!is_unsafe_code_point(cp))
      out.append(text.substr(i, n));
    else if (cp < 0x80)
      out += code_point_name(cp);
    else
      out += "\\u{" + hex_of(static_cast<std::uint32_t>(cp)) + "}";
    i += n;
  }
  return out;
}

}  // namespace slaclock
