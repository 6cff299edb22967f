// The flat JSON object of an event's fields: parsed when an event line is
// read and when a stored event's fields are read back.
#include "store/flat_json.h"

#include <charconv>
#include <string_view>

namespace slaclock::detail {

namespace {

void append_utf8(std::string& out, unsigned cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// A hand-rolled parser for the one shape an event line has (a flat object):
// several times faster than building a DOM per line, and it can say exactly
// why a nested value is not accepted.
class FlatJsonParser {
 public:
  explicit FlatJsonParser(std::string_view s) : s_(s) {}

  std::string parse(FieldList& out) {
    skip_ws();
    if (!eat('{')) return "expected a JSON object";
    skip_ws();
    if (eat('}')) return finish();
    for (;;) {
      skip_ws();
      if (peek() != '"') return "expected a field name in double quotes";
      auto& field = out.add();
      std::string& key = field.first;
      std::string& value = field.second;
      if (auto e = string(key); !e.empty()) return e;
      skip_ws();
      if (!eat(':')) return "expected ':' after field name \"" + key + "\"";
      skip_ws();
      bool present = true;
      const char c = peek();
      if (c == '"') {
        if (auto e = string(value); !e.empty()) return e;
      } else if (c == '{' || c == '[') {
        return "field \"" + key + "\": nested objects and arrays are not accepted";
      } else if (literal("true")) {
        value = "true";
      } else if (literal("false")) {
        value = "false";
      } else if (literal("null")) {
        present = false;
      } else if (c == '-' || (c >= '0' && c <= '9')) {
        if (auto e = number(value); !e.empty()) return "field \"" + key + "\": " + e;
      } else {
        return "field \"" + key + "\": expected a string, number, true, false or null";
      }
      // Absent and empty are the same thing, in JSON as in CSV.
      if (!present || value.empty()) out.pop_back();
      skip_ws();
      if (eat(',')) continue;
      if (eat('}')) return finish();
      return "expected ',' or '}'";
    }
  }

 private:
  std::string finish() {
    skip_ws();
    return pos_ == s_.size() ? std::string() : "unexpected text after the JSON object";
  }
  char peek() const { return pos_ < s_.size() ? s_[pos_] : '\0'; }
  bool eat(char c) {
    if (peek() != c) return false;
    ++pos_;
    return true;
  }
  void skip_ws() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\r' || s_[pos_] == '\n')) ++pos_;
  }
  bool literal(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }
  std::string number(std::string& out) {
    const std::size_t start = pos_;
    if (peek() == '-') ++pos_;
    while (pos_ < s_.size() && ((s_[pos_] >= '0' && s_[pos_] <= '9') || s_[pos_] == '.' || s_[pos_] == 'e' ||
                                s_[pos_] == 'E' || s_[pos_] == '+' || s_[pos_] == '-'))
      ++pos_;
    out.assign(s_.substr(start, pos_ - start));
    double check = 0;
    const auto [end, ec] = std::from_chars(out.data(), out.data() + out.size(), check);
    if (ec != std::errc() || end != out.data() + out.size()) return "'" + out + "' is not a JSON number";
    return {};
  }
  bool hex4(unsigned& cp) {
    if (pos_ + 4 > s_.size()) return false;
    cp = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = s_[pos_++];
      cp <<= 4;
      if (c >= '0' && c <= '9')
        cp |= static_cast<unsigned>(c - '0');
      else if (c >= 'a' && c <= 'f')
        cp |= static_cast<unsigned>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F')
        cp |= static_cast<unsigned>(c - 'A' + 10);
      else
        return false;
    }
    return true;
  }
  std::string string(std::string& out) {
    ++pos_;  // opening quote
    for (;;) {
      // Copy the run of plain characters in one go (find_first_of would
      // call memchr once per character).
      std::size_t run = pos_;
      while (run < s_.size() && s_[run] != '"' && s_[run] != '\\') ++run;
      if (run == s_.size()) return "unterminated string";
      out.append(s_.substr(pos_, run - pos_));
      pos_ = run;
      if (s_[pos_] == '"') {
        ++pos_;
        return {};
      }
      ++pos_;  // backslash
      if (pos_ >= s_.size()) return "unterminated string";
      const char e = s_[pos_++];
      switch (e) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          unsigned cp = 0;
          if (!hex4(cp)) return "bad \\u escape";
          if (cp >= 0xD800 && cp < 0xDC00) {
            unsigned low = 0;
            if (!literal("\\u") || !hex4(low) || low < 0xDC00 || low > 0xDFFF)
              return "unpaired surrogate in \\u escape";
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return "unpaired surrogate in \\u escape";
          }
          append_utf8(out, cp);
          break;
        }
        default:
          return std::string("bad escape \\") + e;
      }
    }
  }

  std::string_view s_;
  std::size_t pos_ = 0;
};

}  // namespace

std::string parse_flat_json_object(std::string_view text, FieldList& out) {
  return FlatJsonParser(text).parse(out);
}

}  // namespace slaclock::detail
