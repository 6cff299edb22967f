#pragma once
// The append-only facts slaclock keeps: one Event per line of a source
// export, grouped per entity into a Timeline. The store validates every field
// on import (event_store.h), so the engine reads them without re-checking.
//
//   const Event& e = timeline.events.front();
//   if (e.type == "received" && e.field("gemini") == "true") ...
#include <slaclock/time/time_types.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace slaclock {

enum class EntityKind { contact, breach, kpi, survey, report };

/// "contact", "breach", ...; parse returns nothing for an unknown word.
const char* entity_kind_name(EntityKind k) noexcept;
std::optional<EntityKind> parse_entity_kind(std::string_view word) noexcept;

struct Event {
  std::int64_t sequence = 0;  ///< store order (1-based); 0 before it is stored
  std::string event_id;
  EntityKind kind = EntityKind::contact;
  std::string entity_id;
  std::string type;           ///< received, acknowledged, identified, result, ...
  Instant at;                 ///< when it happened
  Instant recorded_at;        ///< when slaclock learned of it (as-known replay)
  /// Every other field of the source line, as validated text
  /// (customer, expected_resolution, severity, met, ...).
  std::map<std::string, std::string> fields;

  /// The field's text, or nothing when absent or empty.
  std::optional<std::string> field(const std::string& name) const {
    const auto it = fields.find(name);
    if (it == fields.end() || it->second.empty()) return std::nullopt;
    return it->second;
  }
};

/// One entity's events in the order they happened (by `at`, ties by sequence).
struct Timeline {
  EntityKind kind = EntityKind::contact;
  std::string entity_id;
  std::vector<Event> events;
};

}  // namespace slaclock
