#pragma once
// A native event CSV's header checked before its rows: a header that is
// nearly the native one (upper-case, padded, semicolon-separated) would
// otherwise make every row "field 'event_id' is required", with no hint that
// the header is what is wrong.
#include <string>
#include <vector>

namespace slaclock::detail {

/// Throws InputError (line 1, no file) saying what is wrong with the header
/// and how to fix it, when it names no event_id column but looks like a
/// native header written another way. Returns quietly otherwise (rows with a
/// missing field still get their own errors).
void check_native_header(const std::vector<std::string>& columns);

}  // namespace slaclock::detail
