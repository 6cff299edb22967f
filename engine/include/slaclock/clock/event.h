#pragma once
// The append-only facts slaclock keeps: one Event per line of a source
// export, grouped per entity into a Timeline. The store validates every field
// on import (event_store.h), so the engine reads them without re-checking.
//
//   const Event& e = timeline.events.front();
//   if (e.type == EventType::received && e.field("gemini") == "true") ...
#include <slaclock/time/time_types.h>

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace slaclock {

/// issue: a market-wide defect (not one customer's contact), scored for
/// customer impact by the issue management framework (the 2020 scorecard).
enum class EntityKind { contact, breach, kpi, survey, report, issue };
inline constexpr std::array<EntityKind, 6> all_entity_kinds{EntityKind::contact, EntityKind::breach, EntityKind::kpi,
                                                            EntityKind::survey,  EntityKind::report, EntityKind::issue};

/// "contact", "breach", ...; parse returns nothing for an unknown word.
const char* entity_kind_name(EntityKind k) noexcept;
std::optional<EntityKind> parse_entity_kind(std::string_view word) noexcept;

/// Every event type of every kind, as one set of words: "resolved" ends a
/// contact and a breach alike; which kinds accept which types is the
/// importer's table (import/event_validation.cpp).
enum class EventType : std::uint8_t {
  received,
  acknowledged,
  categorised,
  update_sent,
  explanation_provided,
  parties_notified,
  resolved,
  reopened,
  closed,
  feedback,
  identified,
  customers_notified,
  result,
  response,
  delivered,
  on_hold,           ///< contact: put on hold (awaiting the customer, say); pauses the clocks a rule version names
  off_hold,          ///< contact: taken off hold; the paused clocks run again
  parties_affected,  ///< contact: marked as affecting NG, DNs and/or iGTs (starts parties_notification)
  raised,            ///< issue: opened, with its impact score
  plan_provided,     ///< issue: a rectification plan given to customers
  prioritised,       ///< contact: its priority set or changed (re-targets the clocks whose target is by priority)
};
/// "received", "update_sent", ...; parse returns nothing for an unknown word.
const char* event_type_name(EventType t) noexcept;
std::optional<EventType> parse_event_type(std::string_view word) noexcept;

/// The one event that opens an entity of each kind, named here and nowhere
/// else: contact received, breach identified, kpi result, survey response,
/// report delivered, issue raised.
constexpr EventType opening_event_type(EntityKind k) noexcept {
  switch (k) {
    case EntityKind::contact:
      return EventType::received;
    case EntityKind::breach:
      return EventType::identified;
    case EntityKind::kpi:
      return EventType::result;
    case EntityKind::survey:
      return EventType::response;
    case EntityKind::report:
      return EventType::delivered;
    case EntityKind::issue:
      return EventType::raised;
  }
  return EventType::received;
}

struct Event {
  std::int64_t sequence = 0;  ///< store order (1-based); 0 before it is stored
  std::string event_id;
  EntityKind kind = EntityKind::contact;
  std::string entity_id;
  EventType type = EventType::received;
  Instant at;           ///< when it happened
  Instant recorded_at;  ///< when slaclock learned of it (as-known replay)
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

  /// The first event of `type` that happened by as_of, or null.
  const Event* first(EventType type, Instant as_of) const noexcept {
    for (const Event& e : events)
      if (e.type == type && e.at <= as_of) return &e;
    return nullptr;
  }
  /// The opening event, if it happened by as_of.
  const Event* opening(Instant as_of) const noexcept { return first(opening_event_type(kind), as_of); }
};

/// An entity's attribute (`priority`, `category`, `complexity`,
/// `customer_class`, ...) as recorded by `at`: the opening event's field, then
/// each later `categorised` or `prioritised` event that carries it, taken in
/// event order (by `at`, then as recorded). Nothing when never recorded.
/// What a clock's target by priority and a definition's field conditions read.
std::optional<std::string> attribute_at(const Timeline& t, std::string_view field, Instant at);
/// Whether events of `type` happen to entities of `kind` (a contact is
/// acknowledged, a breach is not): what an import accepts and what a clock
/// definition may start or stop on.
bool event_happens_to(EntityKind kind, EventType type) noexcept;
/// The event types that may change an attribute after the opening event.
constexpr bool updates_attributes(EventType t) noexcept {
  return t == EventType::categorised || t == EventType::prioritised;
}

}  // namespace slaclock
