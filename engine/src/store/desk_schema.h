#pragma once
// Migration 4: what the service desk and operations need (issue 11).
// Listed in schema_migrations.cpp.
//
// clock_state gains the figures that let `overdue` judge a running clock
// again at any instant from its stored state (ops::overdue_clocks,
// judge_stored_clock): its measure, its allowance in seconds, where its due
// instant comes from (the DueBasis kind, its allowance unit and amount, the
// gas day, the consecutive-miss limit) and the contact that broke a
// regular-updates gap. Rows stored before this migration have them NULL until
// the next sweep judges their entity again; `overdue` then rebuilds them from
// the entity's timeline as that sweep saw it. clock_results stays as it was
// (millions of rows per sweep, and what each sweep's seal hashes): a stored
// result is replayed, never re-judged, so it needs no figures.
//
// notice_deliveries records who sent which notice when (`notices mark-sent`,
// `sweep --notify-cmd`). It is append-only: the triggers refuse an UPDATE or
// a DELETE, so a delivery once recorded cannot be unsent.

namespace slaclock::detail {

constexpr const char* migration_4_sql = R"sql(
ALTER TABLE clock_state ADD COLUMN measure TEXT;
ALTER TABLE clock_state ADD COLUMN allowance_seconds INTEGER;
ALTER TABLE clock_state ADD COLUMN basis TEXT;
ALTER TABLE clock_state ADD COLUMN allowance_unit TEXT;
ALTER TABLE clock_state ADD COLUMN allowance_amount INTEGER;
ALTER TABLE clock_state ADD COLUMN gas_day TEXT;
ALTER TABLE clock_state ADD COLUMN basis_limit INTEGER;
ALTER TABLE clock_state ADD COLUMN late_contact_at INTEGER;

CREATE TABLE notice_deliveries (
  id         INTEGER PRIMARY KEY,
  notice_id  INTEGER NOT NULL REFERENCES notices(id),
  sent_at    INTEGER NOT NULL,
  sent_by    TEXT NOT NULL,
  via        TEXT NOT NULL,
  command    TEXT
);
CREATE INDEX notice_deliveries_by_notice ON notice_deliveries(notice_id);
CREATE TRIGGER notice_deliveries_no_update BEFORE UPDATE ON notice_deliveries
BEGIN
  SELECT RAISE(ABORT, 'notice_deliveries is append-only');
END;
CREATE TRIGGER notice_deliveries_no_delete BEFORE DELETE ON notice_deliveries
BEGIN
  SELECT RAISE(ABORT, 'notice_deliveries is append-only');
END;
)sql";

}  // namespace slaclock::detail
