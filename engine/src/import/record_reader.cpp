#include "import/record_reader.h"

#include <slaclock/base/error.h>

#include <deque>
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
  CsvReader(std::istream& in, ReaderLimits limits) : limits_(limits), lines_(in, limits.max_line_bytes) {
    RawRecord header;
    if (!read_record(header)) return;  // an empty file (or a BOM alone): no records, like JSON Lines
    // A file with CR alone between its lines (an old Mac export) is one long
    // line to a reader of LF or CRLF: say so, not "column 13 has no name".
    if (header.text.find('\r') != std::string::npos)
      throw InputError({"", header.line, ""},
                       "line endings are CR only (an old Mac or Excel export?): slaclock reads CSV with LF or CRLF "
                       "line endings; convert the file (e.g. tr '\\r' '\\n' < IN > OUT)");
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
    if (names_.empty()) return false;
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
  // One physical line, without its '\n' (a CRLF line keeps its '\r').
  struct Line {
    std::string text;
    std::size_t number = 0;
    bool too_long = false;
  };

  // The next physical line: first the lines queued after an unterminated
  // quoted field, then the input. False at its end.
  bool next_line(Line& l, bool& queued) {
    queued = !queued_.empty();
    if (queued) {
      l = std::move(queued_.front());
      queued_.pop_front();
      return true;
    }
    const LineRead r = lines_.read(l.text);
    if (r == LineRead::end) return false;
    l.number = ++line_;
    l.too_long = r == LineRead::too_long;
    if (l.number == 1 && !l.too_long) strip_bom(l.text);
    return true;
  }

  // Whether a quoted field is still open at the end of `s`, read as RFC 4180
  // from `open` (inside a quoted field or not). Only a quote at the start of
  // a field opens one: a quote inside an unquoted field is an error split()
  // names on its own line, not the start of a record that swallows the lines
  // after it.
  static bool ends_open(std::string_view s, bool open) {
    bool field_start = !open;
    for (std::size_t i = 0; i < s.size(); ++i) {
      const char c = s[i];
      if (open) {
        if (c != '"') continue;
        if (i + 1 < s.size() && s[i + 1] == '"')
          ++i;  // a doubled quote inside the field
        else
          open = false;
        continue;
      }
      if (c == '"' && field_start) {
        open = true;
        continue;
      }
      field_start = c == ',';
    }
    return open;
  }

  static void drop_cr(std::string& s) {
    if (!s.empty() && s.back() == '\r') s.pop_back();
  }

  // One record: a physical line, and the lines after it while a quoted field
  // is open (RFC 4180: a quoted field may hold line breaks, LF or CRLF, kept
  // as read). Each line is scanned once for its quotes, so the time is linear.
  // A record may hold at most max_line_bytes in all. A quote still open at
  // the end of the input or at that limit makes the record's first line a
  // bad record ("unterminated quoted field starting at line N"); the lines
  // read after it are then read again, each line a record of its own (the
  // one-line rule: a quote open at the end of its line is an error in that
  // line alone), and records span lines again after them. So a stray quote
  // costs its own line, every byte is scanned at most twice, and memory
  // stays within twice the limit.
  bool read_record(RawRecord& out) {
    Line first;
    bool queued = false;
    for (;;) {
      if (!next_line(first, queued)) return false;
      if (first.too_long) break;
      const std::string_view t = first.text;
      if (!(t.empty() || (t.size() == 1 && t[0] == '\r'))) break;
    }
    out.line = first.number;
    out.error.clear();
    out.text.clear();
    if (first.too_long) {
      out.error = "line " + too_long_message(limits_.max_line_bytes);
      return true;
    }
    out.text = std::move(first.text);
    if (!ends_open(out.text, false)) {
      drop_cr(out.text);
      out.error = split(out.text);
      return true;
    }
    if (queued) {  // read again after an unterminated quoted field: one line, one record
      drop_cr(out.text);
      out.error = "unterminated quoted field (lines read again after an unterminated quoted field at line " +
                  std::to_string(unterminated_at_) + " are one record each)";
      return true;
    }
    // The quote is open: the record goes on over the next lines.
    starts_.clear();
    Line more;
    std::string why;
    for (;;) {
      if (!next_line(more, queued)) {
        why = "no closing quote before the end of the file";
        break;
      }
      if (more.too_long || out.text.size() + 1 + more.text.size() > limits_.max_line_bytes) {
        why = "no closing quote within " + std::to_string(limits_.max_line_bytes) +
              " bytes (the record limit; see --max-line-bytes)";
        tail_ = std::move(more);
        has_tail_ = true;
        break;
      }
      starts_.push_back({out.text.size() + 1, more.number});
      out.text += '\n';
      out.text += more.text;
      if (!ends_open(more.text, true)) {  // the quote closed (and any opened after it closed too)
        drop_cr(out.text);
        out.error = split(out.text);
        return true;
      }
    }
    // Unterminated: the first line is the bad record; the lines taken after
    // it are queued to be read again, one record each.
    unterminated_at_ = out.line;
    for (std::size_t i = 0; i < starts_.size(); ++i) {
      const std::size_t from = starts_[i].first;
      const std::size_t to = i + 1 < starts_.size() ? starts_[i + 1].first - 1 : out.text.size();
      queued_.push_back({out.text.substr(from, to - from), starts_[i].second, false});
    }
    if (has_tail_) {
      queued_.push_back(std::move(tail_));
      has_tail_ = false;
    }
    if (!starts_.empty()) out.text.resize(starts_.front().first - 1);
    drop_cr(out.text);
    out.error = "unterminated quoted field starting at line " + std::to_string(out.line) + ": " + why +
                "; the lines after it are read again one record each";
    return true;
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
          return "a double quote inside unquoted field " + std::to_string(cells_.size() + 1) +
                 ": a field that holds a quote must be quoted whole, its quotes doubled (\"say \"\"hi\"\"\")";
        i = end;
      }
      cells_.push_back(cell);
      if (i >= s.size()) return {};
      ++i;  // the comma
    }
  }

  ReaderLimits limits_;
  BoundedLines lines_;
  std::size_t line_ = 0;
  std::deque<Line> queued_;  // lines read again after an unterminated quoted field
  std::size_t unterminated_at_ = 0;
  std::vector<std::pair<std::size_t, std::size_t>> starts_;  // (offset in the record, line) of each continuation line
  Line tail_;                                                // the line that passed the record limit
  bool has_tail_ = false;
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
