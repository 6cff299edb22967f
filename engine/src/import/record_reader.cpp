#include "import/record_reader.h"

#include <slaclock/base/error.h>

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
    while (!quotes_balanced(out.text)) {
      if (!std::getline(in_, physical)) {
        out.error = "unterminated quoted field";
        return true;
      }
      ++line_;
      if (!physical.empty() && physical.back() == '\r') physical.pop_back();
      out.text += '\n';
      out.text += physical;
    }
    out.error = split(out.text);
    return true;
  }

  static bool quotes_balanced(const std::string& s) {
    std::size_t n = 0;
    for (char c : s) n += c == '"';
    return n % 2 == 0;
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

std::unique_ptr<RecordReader> make_jsonl_reader(std::istream& in) {
  return std::make_unique<JsonlReader>(in);
}
std::unique_ptr<RecordReader> make_csv_reader(std::istream& in) {
  return std::make_unique<CsvReader>(in);
}

}  // namespace slaclock::detail
