#pragma once
// What a valid event line is (docs/events.md): the common fields, the
// kind/type pairs, each type's required and optional fields and their values.
// Validation is per line and context-free; what needs the store (duplicates,
// unknown entities, impossible orders) is the importer's job.
#include "import/record_reader.h"

#include <slaclock/base/text_safety.h>
#include <slaclock/clock/event.h>
#include <slaclock/time/time_types.h>
#include <slaclock/time/timestamp.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace slaclock::detail {

struct ValidatedEvent {
  std::string event_id;
  EntityKind kind = EntityKind::contact;
  std::string entity_id;
  EventType type = EventType::received;
  Instant at;
  Instant recorded_at;
  bool recorded_at_given = false;  ///< on the line or file-wide, not defaulted to now
  /// The extra fields, sorted by name.
  FieldList fields;
};

/// True for the event that opens an entity (contact received, breach
/// identified, kpi result, survey response, report delivered).
bool is_opening_type(EntityKind kind, EventType type) noexcept;

/// The longest event_id or entity_id, in bytes (docs/events.md): ids become
/// dashboard addresses, which must stay well inside what a browser and
/// server take.
inline constexpr std::size_t max_id_bytes = 256;

struct ValidationOptions {
  std::size_t max_field_bytes = 64 * 1024;
  /// How offset-less instants (`at`, `recorded_at`, every instant field) are
  /// read; with no zone they are refused. An instant field given as a local
  /// time is stored with its offset in that zone.
  LocalTimeReading local_times;
  bool recorded_at_as_event = false;  ///< import --recorded-at as-event
};

/// Fills `out` from a parsed record. Every value must be valid UTF-8 without
/// control characters and at most `max_field_bytes` long, so nothing stored
/// can break a later JSON output or a terminal; only free-text fields (reason,
/// title, plan, communication) may hold line breaks (LF, CR). Throws
/// InputError whose context names the field (file and line are the caller's
/// to add). Without a recorded_at on the line or file-wide, an event is
/// recorded `now`, or at its own `at` with `recorded_at_as_event` (a
/// back-loaded history). A recorded_at after `now` is refused.
void validate_event(RawRecord& record, std::optional<Instant> file_recorded_at, Instant now, ValidatedEvent& out,
                    const ValidationOptions& options = {});

// is_valid_utf8 comes from base/text_safety.h (one decoder for the check and the escaping).
}  // namespace slaclock::detail
