#pragma once
// The canonical text of a stored event: the bytes its content hash covers.
// A JSON object with keys in byte order, instants as UTC seconds, and the
// extra fields as the canonical JSON object kept in events.fields. Import and
// verify both build it from here, so they cannot drift apart.
//
//   {"at":1780300800,"entity_id":"C-1","event_id":"E-1","fields":{"customer":"X"},
//    "kind":"contact","recorded_at":1780300900,"type":"received"}
#include "store/flat_json.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace slaclock::detail {

/// Appends s as a JSON string literal (quotes, escapes; UTF-8 passed through).
void append_json_string(std::string& out, std::string_view s);

/// {"k":"v",...}; `sorted_fields` must be sorted by key without repeats.
void canonical_fields_json(std::string& out, const FieldList& sorted_fields);

void canonical_event_text(std::string& out, std::string_view event_id, std::string_view kind,
                          std::string_view entity_id, std::string_view type, std::int64_t at, std::int64_t recorded_at,
                          std::string_view fields_json);

}  // namespace slaclock::detail
