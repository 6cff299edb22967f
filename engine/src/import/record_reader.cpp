#include "import/record_reader.h"

#include <slaclock/base/error.h>

#include <string_view>
#include <vector>

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

enum class LineRead { line, too_long, end };

// std::getline with a bound: a line longer than `max` is skipped to its end
// (and reported), so one huge line cannot exhaust memory; an input with no
// line break in 64 x max bytes is not line-based text at all. istream::getline
// into a buffer allocated once keeps the per-line cost a memchr.
class BoundedLines {
 public:
  BoundedLines(std::istream& in, std::size_t max) : in_(in), max_(max), buffer_(max + 1) {}

  LineRead read(std::string& out) {
    out.clear();
    if (!in_.good()) return LineRead::end;
    in_.getline(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    const auto got = static_cast<std::size_t>(in_.gcount());
    if (!in_.fail()) {  // a whole line; gcount counts the '\n' it removed
      out.assign(buffer_.data(), got > 0 && !in_.eof() ? got - 1 : got);
      return LineRead::line;
    }
    if (in_.bad()) throw InputError("read error");
    if (in_.eof()) {  // end of input, with or without a last unterminated line
      if (got == 0) return LineRead::end;
      out.assign(buffer_.data(), got);
      in_.clear(std::ios::eofbit);
      return LineRead::line;
    }
    // The line did not fit: skip to its end.
    in_.clear();
    const auto limit = static_cast<std::streamsize>(64 * max_);
    in_.ignore(limit, '\n');
    if (in_.gcount() == limit && in_.good() && in_.peek() != std::char_traits<char>::eof())
      throw InputError("no line break within " + std::to_string(64 * max_) + " bytes: not a line-based text file");
    return LineRead::too_long;
  }

 private:
  std::istream& in_;
  std::size_t max_;
  std::vector<char> buffer_;
};

std::string too_long_message(std::size_t max) {
  return "longer than " + std::to_string(max) + " bytes (the line limit; see --max-line-bytes)";
}

class JsonlReader : public RecordReader {
 public:
  JsonlReader(std::istream& in, ReaderLimits limits) : in_(in), limits_(limits), lines_(in, limits.max_line_bytes) {}
  bool next(RawRecord& out) override {
    for (;;) {
      const LineRead r = lines_.read(out.text);
      if (r == LineRead::end) break;
      ++line_;
      out.line = line_;
      out.values.clear();
      if (r == LineRead::too_long) {
        out.error = "line " + too_long_message(limits_.max_line_bytes);
        return true;
      }
      if (line_ == 1) strip_bom(out.text);
      if (is_blank(out.text)) continue;
      out.error = parse_flat_json_object(out.text, out.values);
      return true;
    }
    if (in_.bad()) throw InputError("read error");
    return false;
  }

 private:
  std::istream& in_;
  ReaderLimits limits_;
  BoundedLines lines_;
  std::size_t line_ = 0;
};

class CsvReader : public RecordReader {
 public:
  CsvReader(std::istream& in, ReaderLimits limits) : in_(in), limits_(limits), lines_(in, limits.max_line_bytes) {
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

  const std::vector<std::string>& column_names() const override { return names_; }

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
  // One record per physical line. Event fields may not hold line breaks (nor
  // any control character), so a quote left open at the end of a line is an
  // error in that line alone: reading resumes at the next line, and a stray
  // quote costs one rejected line, not a quadratic re-scan of the rest.
  bool read_record(RawRecord& out) {
    std::string& physical = physical_;
    LineRead r;
    for (;;) {
      r = lines_.read(physical);
      if (r == LineRead::end) return false;
      ++line_;
      if (r == LineRead::too_long) break;
      if (line_ == 1) strip_bom(physical);
      if (!physical.empty() && physical.back() == '\r') physical.pop_back();
      if (!physical.empty()) break;
    }
    out.line = line_;
    out.error.clear();
    if (r == LineRead::too_long) {
      out.text.clear();
      out.error = "line " + too_long_message(limits_.max_line_bytes);
      return true;
    }
    out.text = physical;
    if (odd_quotes(physical)) {
      out.error = "unterminated quoted field (a field may not hold a line break)";
      return true;
    }
    out.error = split(out.text);
    return true;
  }

  static bool odd_quotes(const std::string& s) {
    std::size_t n = 0;
    for (char c : s) n += c == '"';
    return n % 2 == 1;
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
  ReaderLimits limits_;
  BoundedLines lines_;
  std::string physical_;
  std::size_t line_ = 0;
  std::vector<std::string> names_;
  std::vector<std::string> cells_;
};

}  // namespace

std::unique_ptr<RecordReader> make_jsonl_reader(std::istream& in, ReaderLimits limits) {
  return std::make_unique<JsonlReader>(in, limits);
}
std::unique_ptr<RecordReader> make_csv_reader(std::istream& in, ReaderLimits limits) {
  return std::make_unique<CsvReader>(in, limits);
}

}  // namespace slaclock::detail
