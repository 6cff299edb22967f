#pragma once
// ClockResult <-> the columns of clock_results / clock_state, in one place so
// the sweep that writes them and the readers (overdue, replay) cannot drift.
#include <slaclock/clock/clock_result.h>

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Statement.h>

#include <string>

namespace slaclock::detail {

/// The column list, in the order bind_clock_columns and read_clock_columns use.
inline constexpr const char* clock_columns =
    "entity_id, clock, kind, status, started_at, due_at, at_risk_at, stopped_at, rule_version, calendar, band, "
    "reason, customer";
inline constexpr int clock_column_count = 13;

/// Binds the columns starting at parameter `first`. Text is bound without a
/// copy: `r` must outlive the statement's next step.
void bind_clock_columns(SQLite::Statement& st, int first, const ClockResult& r);
/// Reads the columns starting at column `first`.
ClockResult read_clock_columns(SQLite::Statement& st, int first);

/// The text one stored row contributes to its sweep's results digest: the
/// columns as bind_clock_columns stores them, separated by 0x1f, NULL as
/// 0x1e, ending in a line break; results_digest (sweep_seal.cpp) reads the
/// same text back from the stored columns. The sweep hashes rows as it writes
/// them instead of reading them back; verify proves the two agree.
void clock_row_text(const ClockResult& r, std::string& out);

/// The figures clock_state keeps besides clock_columns (migration 4), so a
/// running clock can be judged again at another instant: measure, allowance
/// and where the due instant comes from; and (migration 5) the time a paused
/// clock was held; and (migration 7) its target row and the entity's
/// priority. clock_results does not have them.
inline constexpr const char* clock_figure_columns =
    "measure, allowance_seconds, basis, allowance_unit, allowance_amount, gas_day, basis_limit, late_contact_at, "
    "held_seconds, held_since, target, priority";
inline constexpr int clock_figure_column_count = 12;

void bind_clock_figures(SQLite::Statement& st, int first, const ClockResult& r);
/// Reads the figures into `r`; false (and `r` unchanged) for a row stored
/// before migration 4, which has none. An unknown word is a StoreError.
bool read_clock_figures(SQLite::Statement& st, int first, ClockResult& r);

}  // namespace slaclock::detail
