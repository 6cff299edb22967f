#include "store/event_canonical.h"

namespace slaclock::detail {

void append_json_string(std::string& out, std::string_view s) {
  static constexpr char hex[] = "0123456789abcdef";
  out += '"';
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (u < 0x20) {
          out += "\\u00";
          out += hex[u >> 4];
          out += hex[u & 0xF];
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

void canonical_fields_json(std::string& out, const FieldList& sorted_fields) {
  out += '{';
  bool first = true;
  for (const auto& [key, value] : sorted_fields) {
    if (!first) out += ',';
    first = false;
    append_json_string(out, key);
    out += ':';
    append_json_string(out, value);
  }
  out += '}';
}

void canonical_event_text(std::string& out, std::string_view event_id, std::string_view kind,
                          std::string_view entity_id, std::string_view type, std::int64_t at, std::int64_t recorded_at,
                          std::string_view fields_json) {
  out += "{\"at\":";
  out += std::to_string(at);
  out += ",\"entity_id\":";
  append_json_string(out, entity_id);
  out += ",\"event_id\":";
  append_json_string(out, event_id);
  out += ",\"fields\":";
  out += fields_json;
  out += ",\"kind\":";
  append_json_string(out, kind);
  out += ",\"recorded_at\":";
  out += std::to_string(recorded_at);
  out += ",\"type\":";
  append_json_string(out, type);
  out += '}';
}

}  // namespace slaclock::detail
