#pragma once
// Reads event records from JSON Lines or CSV as flat (field, text) pairs.
// Values are normalised to text (JSON numbers and booleans by their literal);
// empty values and JSON nulls are dropped, so "absent" means the same in both
// formats. A malformed record is reported as a bad record with a reason, not
// thrown, so that an import can list every bad line.
#include <cstddef>
#include <istream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace slaclock::detail {

/// (name, text) pairs whose strings keep their buffers from one record to the
/// next, so that reading a million lines does not allocate a million times.
class FieldList {
 public:
  using Field = std::pair<std::string, std::string>;
  void clear() noexcept { size_ = 0; }
  /// A new, empty pair at the end.
  Field& add() {
    if (size_ == items_.size()) items_.emplace_back();
    Field& f = items_[size_++];
    f.first.clear();
    f.second.clear();
    return f;
  }
  void pop_back() noexcept { --size_; }
  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  Field* begin() noexcept { return items_.data(); }
  Field* end() noexcept { return items_.data() + size_; }
  const Field* begin() const noexcept { return items_.data(); }
  const Field* end() const noexcept { return items_.data() + size_; }
  Field& operator[](std::size_t i) noexcept { return items_[i]; }
  const Field& operator[](std::size_t i) const noexcept { return items_[i]; }

 private:
  std::vector<Field> items_;
  std::size_t size_ = 0;
};

struct RawRecord {
  std::size_t line = 0;  ///< 1-based physical line where the record starts
  FieldList values;
  std::string text;   ///< the record as read (for a reject file)
  std::string error;  ///< non-empty when the record could not be parsed
};

class RecordReader {
 public:
  virtual ~RecordReader() = default;
  /// Fills `out`; false at end of input. Blank lines are skipped.
  virtual bool next(RawRecord& out) = 0;
};

/// One JSON object per line; only flat objects (string, number, bool, null values).
std::unique_ptr<RecordReader> make_jsonl_reader(std::istream& in);
/// RFC 4180: header row of field names, quoted fields with "" escapes and
/// line breaks, CRLF or LF. Throws InputError (no file context) for a bad header.
std::unique_ptr<RecordReader> make_csv_reader(std::istream& in);

/// Parses one flat JSON object; returns an error message, empty on success.
std::string parse_flat_json_object(std::string_view text, FieldList& out);

}  // namespace slaclock::detail
