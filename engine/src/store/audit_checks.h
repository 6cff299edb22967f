#pragma once
// The parts of `verify` beyond the hash chains (store/audit.cpp runs them
// all). Every table is either sealed (events, versions, sweeps: audit.cpp)
// or derived from sealed facts and recomputed here, so an edit to a table a
// judgement, a notice or a scorecard reads is reported naming the table,
// the row's key and what differs (docs/audit.md lists every table):
//   version_columns  a version's columns (name, effective date and instant,
//                    calendar) against its sealed text
//   imports          every event in its import's range, every import's last
//                    event on the chain head it recorded
//   clock_state      each running clock as the sweep that wrote it stored it
//   entity_state     no entity settled while one of its clocks runs; next_due
//                    its running clocks' earliest due
//   clock_counts     clock_status_counts, recounted from the latest results
//   notices          each notice as its first sweep judged the clock
//   notices_raised   every notice the stored results' definitions raise there
//   triggers         the append-only triggers on notice deliveries present
#include <slaclock/store/audit.h>

#include <SQLiteCpp/Database.h>

#include <utility>

namespace slaclock::detail {

// Each takes what `verify --since` skips: rows up to a recorded head (0: none).
AuditPart check_version_columns(SQLite::Database& db, std::int64_t after_rule_id = 0, std::int64_t after_kvi_id = 0);
AuditPart check_imports(SQLite::Database& db, std::int64_t after_seq = 0);
/// clock_state and clock_status_counts, from one read of the results.
std::pair<AuditPart, AuditPart> check_clock_state_and_counts(SQLite::Database& db);
/// The same for the rows sweeps after `after_sweep` wrote, each looked up on
/// its own (the counts need every result: not checked, said so).
AuditPart check_clock_state_since(SQLite::Database& db, std::int64_t after_sweep);
AuditPart check_entity_state(SQLite::Database& db, std::int64_t after_sweep = 0);
AuditPart check_notices(SQLite::Database& db, std::int64_t after_id = 0);
/// Every notice a stored result's definition raises is there (after `after_sweep`).
AuditPart check_notices_raised(SQLite::Database& db, std::int64_t after_sweep = 0);
AuditPart check_triggers(SQLite::Database& db);

}  // namespace slaclock::detail
