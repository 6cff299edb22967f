#pragma once
// The bytes of a rejected line kept exactly in the JSON Lines reject file.
// JSON holds only UTF-8 text, so a value that is not UTF-8 would be written
// with U+FFFD and re-importing the reject file "as it is" would store altered
// text. Such values go, base64-encoded, into one `_raw_b64` field instead
// (docs/events.md): a comma-separated list of base64(name):base64(value), or,
// for a record that could not be parsed at all, base64 of the record as read.
// Importing the reject file decodes `_raw_b64` back into the record, so its
// bytes survive any number of rounds.
#include "import/record_reader.h"

#include <string>
#include <string_view>

namespace slaclock::detail {

/// RFC 4648 base64 with padding.
std::string base64_encode(std::string_view bytes);
/// False when `text` is not such base64.
bool base64_decode(std::string_view text, std::string& out);

/// The `_raw_b64` text for the record's fields that are not valid UTF-8
/// (removed from `values`), or for its whole text when it could not be
/// parsed; empty when every byte is UTF-8.
std::string raw_bytes_field(const RawRecord& record);

/// A re-imported reject line: its `_raw_b64` field, if any, decoded back into
/// the record (fields appended, or the record's text and an error for one
/// that could not be parsed). A `_raw_b64` that is not ours sets the error.
void restore_raw_bytes(RawRecord& record);

}  // namespace slaclock::detail
