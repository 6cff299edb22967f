#pragma once
// Migration 5: pause and resume (on_hold / off_hold). Listed in
// schema_migrations.cpp.
//
// clock_state gains the two figures that let `overdue` judge a paused clock
// again at another instant (judge_stored_clock): the time it was held by the
// sweep (held_seconds, in its measure; its due instant is already moved on by
// it) and, when it was held at the sweep's as-of, the start of that hold
// (held_since). Rows stored before this migration read as never held, which
// they were: no rule version could pause a clock before it. clock_results
// stays as it was: a paused clock's moved due instant and its reason are
// stored in its existing columns.

namespace slaclock::detail {

constexpr const char* migration_5_sql = R"sql(
ALTER TABLE clock_state ADD COLUMN held_seconds INTEGER;
ALTER TABLE clock_state ADD COLUMN held_since INTEGER;
)sql";

}  // namespace slaclock::detail
