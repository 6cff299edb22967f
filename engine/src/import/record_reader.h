#pragma once
// Reads event records from JSON Lines or CSV as flat (field, text) pairs.
// Values are normalised to text (JSON numbers and booleans by their literal);
// empty values and JSON nulls are dropped, so "absent" means the same in both
// formats. A malformed record is reported as a bad record with a reason, not
// thrown, so that an import can list every bad line.
#include "store/flat_json.h"

#include <cstddef>
#include <istream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace slaclock::detail {

struct RawRecord {
  std::size_t line = 0;  ///< 1-based physical line where the record starts
  FieldList values;
  std::string text;   ///< the record as read (for a reject file)
  std::string error;  ///< non-empty when the record could not be parsed
};

/// How much one record may hold: a longer line (or CSV record) is a bad
/// record, so memory stays bounded whatever the input.
struct ReaderLimits {
  std::size_t max_line_bytes = std::size_t{1} << 20;
};

class RecordReader {
 public:
  virtual ~RecordReader() = default;
  /// Fills `out`; false at end of input. Blank lines are skipped.
  virtual bool next(RawRecord& out) = 0;
  /// A CSV file's header, in order (an import profile checks the columns it
  /// names and writes its reject file with them); empty for JSON Lines.
  virtual const std::vector<std::string>& column_names() const {
    static const std::vector<std::string> none;
    return none;
  }
};

/// One JSON object per line; only flat objects (string, number, bool, null values).
/// A line beyond the limit is a bad record; a file with no line break within
/// 64 times the limit is not a line-based file: InputError.
std::unique_ptr<RecordReader> make_jsonl_reader(std::istream& in, ReaderLimits limits = {});
/// RFC 4180: a header row of field names, then one record per row; quoted
/// fields with "" escapes may hold line breaks (LF or CRLF, kept as read), so
/// a record may span physical lines: RawRecord::line is the line it starts on
/// and RawRecord::text the record as read (its inner line breaks included,
/// its final one not). Rows end in CRLF or LF. An empty input (0 bytes, a BOM
/// alone, blank lines) reads no record, like JSON Lines. Throws InputError
/// (no file context) for a bad header.
/// A record holds at most max_line_bytes in all. A quote still open at the
/// end of the input or at that limit makes the record's first line a bad
/// record ("unterminated quoted field starting at line N"), and the lines read
/// after it are read again one record per line (a quote open at the end of
/// such a line is an error in that line alone); records span lines again
/// after them. Linear time (each byte scanned at most twice), memory within
/// twice the limit.
std::unique_ptr<RecordReader> make_csv_reader(std::istream& in, ReaderLimits limits = {});

}  // namespace slaclock::detail
