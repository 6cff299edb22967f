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
/// RFC 4180: header row of field names, quoted fields with "" escapes, CRLF
/// or LF; one record per line (event fields never hold line breaks). Throws
/// InputError (no file context) for a bad header.
/// An unmatched quote is a bad record on its own line; reading resumes at the
/// next line (linear time, bounded memory).
std::unique_ptr<RecordReader> make_csv_reader(std::istream& in, ReaderLimits limits = {});

}  // namespace slaclock::detail
