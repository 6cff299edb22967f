#include "import/record_reader.h"

#include <slaclock/base/error.h>

#include <charconv>
#include <string_view>

namespace slaclock::detail {

namespace {

void strip_bom(std::string& s) {
  if (s.size() >= 3 && static_cast<unsigned char>(s[0]) == 0xEF && static_cast<unsigned char>(s[1]) == 0xBB &&
      static_cast<unsigned char>(s[2]) == 0xBF)
    s.erase(0, 3);
}

bool is_blank(std::string_view s) {
  return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

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

class JsonlReader : public RecordReader {
 public:
  explicit JsonlReader(std::istream& in) : in_(in) {}
  bool next(RawRecord& out) override {
    while (std::getline(in_, out.text)) {
      ++line_;
      if (line_ == 1) strip_bom(out.text);
      if (is_blank(out.text)) continue;
      out.line = line_;
      out.values.clear();
      out.error = parse_flat_json_object(out.text, out.values);
      return true;
    }
    if (in_.bad()) throw InputError("read error");
    return false;
  }

 private:
  std::istream& in_;
  std::size_t line_ = 0;
};

class CsvReader : public RecordReader {
 public:
  explicit CsvReader(std::istream& in) : in_(in) {
    RawRecord header;
    if (!read_record(header)) throw InputError({"", 1, ""}, "empty CSV file: expected a header row of field names");
    if (!header.error.empty()) throw InputError({"", header.line, ""}, "header row: " + header.error);
    for (std::size_t i = 0; i < cells_.size(); ++i) {
      const std::string& name = cells_[i];
      if (name.empty())
        throw InputError({"", header.line, ""}, "header column " + std::to_string(i + 1) + " has no name");
      for (std::size_t j = 0; j < i; ++j)
        if (cells_[j] == name) throw InputError({"", header.line, name}, "column named twice in the header");
    }
    names_ = cells_;
  }

  bool next(RawRecord& out) override {
    if (!read_record(out)) return false;
    out.values.clear();
    if (!out.error.empty()) return true;
    if (cells_.size() != names_.size()) {
      out.error = "has " + std::to_string(cells_.size()) + " cells but the header names " +
                  std::to_string(names_.size()) + " fields";
      return true;
    }
    for (std::size_t i = 0; i < cells_.size(); ++i)
      if (!cells_[i].empty()) {
        auto& field = out.values.add();
        field.first = names_[i];
        field.second = cells_[i];
      }
    return true;
  }

 private:
  // Reads physical lines until the quotes balance, then splits the record.
  bool read_record(RawRecord& out) {
    std::string physical;
    for (;;) {
      if (!std::getline(in_, physical)) {
        if (in_.bad()) throw InputError("read error");
        return false;
      }
      ++line_;
      if (line_ == 1) strip_bom(physical);
      if (!physical.empty() && physical.back() == '\r') physical.pop_back();
      if (!physical.empty()) break;
    }
    out.line = line_;
    out.text = physical;
    out.error.clear();
    // Quotes are counted line by line: rescanning the whole record for each
    // line made one stray quote in a large file quadratic (a hang).
    std::size_t quotes = count_quotes(out.text);
    while (quotes % 2 != 0) {
      if (!std::getline(in_, physical)) {
        out.error = "unterminated quoted field";
        return true;
      }
      ++line_;
      if (!physical.empty() && physical.back() == '\r') physical.pop_back();
      quotes += count_quotes(physical);
      out.text += '\n';
      out.text += physical;
    }
    out.error = split(out.text);
    return true;
  }

  static std::size_t count_quotes(const std::string& s) {
    std::size_t n = 0;
    for (char c : s) n += c == '"';
    return n;
  }

  std::string split(const std::string& s) {
    cells_.clear();
    std::string cell;
    std::size_t i = 0;
    for (;;) {
      cell.clear();
      if (i < s.size() && s[i] == '"') {
        ++i;
        for (;;) {
          const std::size_t q = s.find('"', i);
          if (q == std::string::npos) return "unterminated quoted field";
          cell.append(s, i, q - i);
          i = q + 1;
          if (i < s.size() && s[i] == '"') {
            cell += '"';
            ++i;
            continue;
          }
          break;
        }
        if (i < s.size() && s[i] != ',')
          return "text after the closing quote of field " + std::to_string(cells_.size() + 1);
      } else {
        const std::size_t comma = s.find(',', i);
        const std::size_t end = comma == std::string::npos ? s.size() : comma;
        cell.assign(s, i, end - i);
        if (cell.find('"') != std::string::npos)
          return "a double quote inside unquoted field " + std::to_string(cells_.size() + 1);
        i = end;
      }
      cells_.push_back(cell);
      if (i >= s.size()) return {};
      ++i;  // the comma
    }
  }

  std::istream& in_;
  std::size_t line_ = 0;
  std::vector<std::string> names_;
  std::vector<std::string> cells_;
};

}  // namespace

std::string parse_flat_json_object(std::string_view text, FieldList& out) {
  return FlatJsonParser(text).parse(out);
}

std::unique_ptr<RecordReader> make_jsonl_reader(std::istream& in) {
  return std::make_unique<JsonlReader>(in);
}
std::unique_ptr<RecordReader> make_csv_reader(std::istream& in) {
  return std::make_unique<CsvReader>(in);
}

}  // namespace slaclock::detail
