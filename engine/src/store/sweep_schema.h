#pragma once
// Migration 2: loaded rule versions, sweep runs, their clock results, the
// latest state of every clock (what `overdue` reads) and the notices raised.
// Listed in schema_migrations.cpp.

namespace slaclock::detail {

// clock_state keeps one row per (entity, clock) with the due instant indexed
// while the clock runs, so the service desk's question is an index range scan
// however many contacts there are. entity_state lets a sweep skip entities
// whose clocks are all final and that have no new events. clock_results is
// read by (sweep_id, entity_id), its primary key's prefix: no second index.
constexpr const char* migration_2_sql = R"sql(
CREATE TABLE rule_versions (
  id              INTEGER PRIMARY KEY,
  version         TEXT NOT NULL UNIQUE,
  effective_from  TEXT NOT NULL,
  effective_at    INTEGER NOT NULL UNIQUE,
  calendar        TEXT NOT NULL,
  content_sha256  TEXT NOT NULL,
  yaml            TEXT NOT NULL,
  source_file     TEXT NOT NULL,
  loaded_at       INTEGER NOT NULL
);

CREATE TABLE sweep_runs (
  id           INTEGER PRIMARY KEY,
  as_of        INTEGER NOT NULL UNIQUE,
  started_at   INTEGER NOT NULL,
  last_seq     INTEGER NOT NULL,
  evaluated    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE clock_results (
  sweep_id      INTEGER NOT NULL REFERENCES sweep_runs(id),
  entity_id     TEXT NOT NULL,
  kind          TEXT NOT NULL,
  clock         TEXT NOT NULL,
  status        TEXT NOT NULL,
  started_at    INTEGER,
  due_at        INTEGER,
  at_risk_at    INTEGER,
  stopped_at    INTEGER,
  rule_version  TEXT NOT NULL,
  calendar      TEXT NOT NULL,
  band          TEXT,
  reason        TEXT NOT NULL,
  customer      TEXT,
  PRIMARY KEY (sweep_id, entity_id, clock)
) WITHOUT ROWID;

CREATE TABLE clock_state (
  entity_id     TEXT NOT NULL,
  clock         TEXT NOT NULL,
  kind          TEXT NOT NULL,
  status        TEXT NOT NULL,
  started_at    INTEGER,
  due_at        INTEGER,
  at_risk_at    INTEGER,
  stopped_at    INTEGER,
  rule_version  TEXT NOT NULL,
  calendar      TEXT NOT NULL,
  band          TEXT,
  reason        TEXT NOT NULL,
  customer      TEXT,
  sweep_id      INTEGER NOT NULL REFERENCES sweep_runs(id),
  PRIMARY KEY (entity_id, clock)
) WITHOUT ROWID;
CREATE INDEX clock_state_running_by_due ON clock_state(due_at)
  WHERE stopped_at IS NULL AND due_at IS NOT NULL;

CREATE TABLE entity_state (
  entity_id      TEXT PRIMARY KEY,
  evaluated_seq  INTEGER NOT NULL,
  settled        INTEGER NOT NULL,
  next_due       INTEGER,
  sweep_id       INTEGER NOT NULL REFERENCES sweep_runs(id)
) WITHOUT ROWID;
CREATE INDEX entity_state_next_due ON entity_state(next_due) WHERE settled = 0;

CREATE TABLE notices (
  id             INTEGER PRIMARY KEY,
  entity_id      TEXT NOT NULL,
  clock          TEXT NOT NULL,
  notice         TEXT NOT NULL,
  due_at         INTEGER,
  customer       TEXT,
  reason         TEXT NOT NULL,
  first_sweep_id INTEGER NOT NULL REFERENCES sweep_runs(id),
  UNIQUE (entity_id, clock, notice)
);
)sql";

}  // namespace slaclock::detail
