#pragma once
// Migration 7: service levels as data. Listed in schema_migrations.cpp.
//
// clock_state gains what a clock defined with a target table needs to be
// judged and worded again at another instant (judge_stored_clock, overdue,
// the board): which row of its target applied (`target`, e.g. "priority P1")
// and the entity's priority when it was judged (`priority`), which `overdue`
// and the board show and filter by. Rows stored before read as a clock with
// one target and no priority, which every clock then was. clock_results and
// the sweep seal are unchanged: a target row is part of the stored reason.

namespace slaclock::detail {

constexpr const char* migration_7_sql = R"sql(
ALTER TABLE clock_state ADD COLUMN target TEXT;
ALTER TABLE clock_state ADD COLUMN priority TEXT;
)sql";

}  // namespace slaclock::detail
