#include "import/raw_bytes.h"

#include "import/event_validation.h"

#include <array>
#include <utility>

namespace slaclock::detail {

namespace {

constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view raw_field = "_raw_b64";

}  // namespace

std::string base64_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const auto v = static_cast<unsigned char>(bytes[i]) << 16 | static_cast<unsigned char>(bytes[i + 1]) << 8 |
                   static_cast<unsigned char>(bytes[i + 2]);
    out += {alphabet[v >> 18 & 63], alphabet[v >> 12 & 63], alphabet[v >> 6 & 63], alphabet[v & 63]};
  }
  if (i + 1 == bytes.size()) {
    const auto v = static_cast<unsigned char>(bytes[i]) << 16;
    out += {alphabet[v >> 18 & 63], alphabet[v >> 12 & 63], '=', '='};
  } else if (i + 2 == bytes.size()) {
    const auto v = static_cast<unsigned char>(bytes[i]) << 16 | static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += {alphabet[v >> 18 & 63], alphabet[v >> 12 & 63], alphabet[v >> 6 & 63], '='};
  }
  return out;
}

bool base64_decode(std::string_view text, std::string& out) {
  static const std::array<int, 256> value = [] {
    std::array<int, 256> v{};
    v.fill(-1);
    for (int i = 0; i < 64; ++i) v[static_cast<unsigned char>(alphabet[i])] = i;
    return v;
  }();
  out.clear();
  if (text.size() % 4 != 0) return false;
  for (std::size_t i = 0; i < text.size(); i += 4) {
    int q[4];
    int pad = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = text[i + k];
      if (c == '=' && i + 4 == text.size() && k >= 2) {
        q[k] = 0;
        ++pad;
        continue;
      }
      if (pad > 0) return false;  // data after padding
      q[k] = value[static_cast<unsigned char>(c)];
      if (q[k] < 0) return false;
    }
    const int v = q[0] << 18 | q[1] << 12 | q[2] << 6 | q[3];
    out += static_cast<char>(v >> 16 & 0xFF);
    if (pad < 2) out += static_cast<char>(v >> 8 & 0xFF);
    if (pad < 1) out += static_cast<char>(v & 0xFF);
  }
  return true;
}

std::string raw_bytes_field(const RawRecord& record) {
  if (!record.error.empty()) return is_valid_utf8(record.text) ? std::string() : base64_encode(record.text);
  std::string out;
  for (const auto& [k, v] : record.values)
    if (!is_valid_utf8(k) || !is_valid_utf8(v))
      out += (out.empty() ? "" : ",") + base64_encode(k) + ":" + base64_encode(v);
  return out;
}

void restore_raw_bytes(RawRecord& record) {
  std::string raw;
  bool found = false;
  for (std::size_t i = 0; i < record.values.size(); ++i)
    if (record.values[i].first == raw_field) {
      raw = record.values[i].second;
      std::swap(record.values[i], record.values[record.values.size() - 1]);  // order does not matter: sorted later
      record.values.pop_back();
      found = true;
      break;
    }
  if (!found) return;
  const auto bad = [&] {
    record.error = "field '_raw_b64': is not the base64 a reject file writes (base64(name):base64(value), ...)";
  };
  std::string decoded;
  if (raw.find(':') == std::string::npos) {  // a record that could not be parsed, as read
    if (!base64_decode(raw, decoded)) return bad();
    record.text = decoded;
    record.values.clear();
    record.error = "the record kept in _raw_b64 could not be read as a record (see _error): correct it at its source";
    return;
  }
  std::size_t start = 0;
  for (;;) {
    const std::size_t end = raw.find(',', start);
    const std::string pair = raw.substr(start, end == std::string::npos ? std::string::npos : end - start);
    const std::size_t colon = pair.find(':');
    std::string name, value;
    if (colon == std::string::npos || !base64_decode(pair.substr(0, colon), name) ||
        !base64_decode(pair.substr(colon + 1), value))
      return bad();
    auto& field = record.values.add();
    field.first = std::move(name);
    field.second = std::move(value);
    if (end == std::string::npos) return;
    start = end + 1;
  }
}

}  // namespace slaclock::detail
