#pragma once
// Migration 6: sweeps store what changed (issue 12).
// Listed in schema_migrations.cpp.
//
// A sweep writes a clock_results row only for a clock whose judgement differs
// from the clock's latest stored result (a new clock, a new status, a running
// clock's reason moving on). What a sweep N judged of a clock is therefore its
// last clock_results row with sweep_id <= N: clock_results_by_entity finds it
// with one index range per entity, so replay --as-known and
// compare_with_stored_sweep reconstruct any past sweep without a scan, and the
// sweep compares with the same rows. Each sweep's seal still covers exactly
// the rows it wrote, so `verify` sees any edit. Sweeps stored before this
// migration hold every clock they judged, which reconstructs the same way.
//
// clock_state keeps only running clocks (pending, at_risk, breached): what
// `overdue` reads, with the figures to judge them again. A clock that stops
// leaves it; its final judgement is its last result row. Before, it held a
// second copy of every clock of every entity.
//
// An incremental sweep finds what to judge with two index reads (the
// unsettled entities, and those with events stored since the previous sweep)
// instead of a join over every entity: an entity the last sweep could not
// see whole (events recorded after its as_of) is kept unsettled, here for
// the existing rows and by every sweep from now on.
//
// clock_status_counts is the sweep summary's count of the clocks' current
// judgements by status, kept up to date by each sweep's writes instead of a
// GROUP BY over every clock (millions of rows at a million contacts).

namespace slaclock::detail {

constexpr const char* migration_6_sql = R"sql(
CREATE INDEX clock_results_by_entity ON clock_results(entity_id, clock, sweep_id);

CREATE TABLE clock_status_counts (
  status  TEXT PRIMARY KEY,
  clocks  INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO clock_status_counts(status, clocks) SELECT status, count(*) FROM clock_state GROUP BY status;
DELETE FROM clock_state WHERE status NOT IN ('pending', 'at_risk', 'breached');

UPDATE entity_state SET settled = 0
  WHERE evaluated_seq < (SELECT last_seq FROM entities e WHERE e.entity_id = entity_state.entity_id);
INSERT INTO entity_state(entity_id, evaluated_seq, settled, next_due, sweep_id)
  SELECT e.entity_id, 0, 0, NULL, (SELECT max(id) FROM sweep_runs) FROM entities e
  WHERE EXISTS (SELECT 1 FROM sweep_runs)
    AND NOT EXISTS (SELECT 1 FROM entity_state s WHERE s.entity_id = e.entity_id);
)sql";

}  // namespace slaclock::detail
