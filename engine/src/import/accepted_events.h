#pragma once
// The event format as the validator accepts it, read from the validator's own
// table (event_validation.cpp) so nothing is written down twice. The docs
// test (tests/docs_test.cpp) checks docs/events.md against it, so the
// reference cannot drift from the code.
//
//   for (const AcceptedEventType& t : accepted_event_fields())
//     for (const AcceptedField& f : t.fields) ... f.name, f.required, f.value_kind ...
#include <slaclock/clock/event.h>

#include <string>
#include <vector>

namespace slaclock::detail {

struct AcceptedField {
  std::string name;
  bool required = false;
  /// What the value must be: "text", "instant", "date", "boolean", "choice",
  /// "month", "month_or_quarter", "quarter", "priority", "parties".
  std::string value_kind;
  /// The allowed words of a "choice" field, in the validator's order.
  std::vector<std::string> choices;
};

struct AcceptedEventType {
  EntityKind kind = EntityKind::contact;
  EventType type = EventType::received;
  bool opening = false;  ///< the event that opens an entity of this kind
  std::vector<AcceptedField> fields;
};

/// Every kind/type pair the importer accepts, with the fields of its own.
std::vector<AcceptedEventType> accepted_event_fields();
/// The fields every event line has: event_id, kind, entity_id, type, at
/// (required) and recorded_at (optional).
std::vector<AcceptedField> common_event_fields();

}  // namespace slaclock::detail
