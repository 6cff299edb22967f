#pragma once
// Store-internal: calendar versions read and written on a connection that is
// already inside a transaction (the sweep stores a calendar the first time it
// uses one that was never loaded).
#include <slaclock/store/version_store.h>

#include <SQLiteCpp/Database.h>

#include <optional>
#include <string>

namespace slaclock::detail {

/// The latest stored version of `name`, or nothing.
std::optional<StoredCalendar> latest_calendar_on(SQLite::Database& db, const std::string& name);
/// Stores a calendar's text (already checked to build) unless the same
/// content is stored; returns the stored version.
StoredCalendarVersion insert_calendar_version(SQLite::Database& db, const std::string& name, const std::string& text,
                                              const std::string& source_file, Instant now, bool* already = nullptr);

}  // namespace slaclock::detail
