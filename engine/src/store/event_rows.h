#pragma once
// An events row read back as an Event, shared by the readers of the events
// table (EventStore's timelines, the attribute reader) so they cannot drift.
#include <slaclock/clock/event.h>

#include <SQLiteCpp/Statement.h>

#include <string>

namespace slaclock::detail {

/// The columns event_from_row reads, in its order.
inline constexpr const char* event_columns = "seq, event_id, kind, entity_id, type, at, recorded_at, fields";

/// The event in the current row of `q` (event_columns from column 0); an
/// unknown kind or type, or unreadable fields, is a StoreError naming `path`.
Event event_from_row(SQLite::Statement& q, const std::string& path);

}  // namespace slaclock::detail
