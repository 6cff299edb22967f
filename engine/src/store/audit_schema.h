#pragma once
// Migration 3: everything a judgement depends on, stored and hashed.
// Calendars and KVI settings become versions like the rules (append-only,
// with their text and content hash); each sweep records the rule and
// calendar versions it used and a digest of its results, chained from the
// previous sweep, so `verify` can prove no stored result changed.
// Listed in schema_migrations.cpp.

namespace slaclock::detail {

constexpr const char* migration_3_sql = R"sql(
CREATE TABLE calendar_versions (
  id              INTEGER PRIMARY KEY,
  name            TEXT NOT NULL,
  content_sha256  TEXT NOT NULL,
  yaml            TEXT NOT NULL,
  source_file     TEXT NOT NULL,
  loaded_at       INTEGER NOT NULL,
  UNIQUE (name, content_sha256)
);

CREATE TABLE kvi_settings_versions (
  id              INTEGER PRIMARY KEY,
  version         TEXT NOT NULL UNIQUE,
  effective_from  TEXT NOT NULL,
  effective_at    INTEGER NOT NULL UNIQUE,
  content_sha256  TEXT NOT NULL,
  yaml            TEXT NOT NULL,
  source_file     TEXT NOT NULL,
  loaded_at       INTEGER NOT NULL
);

CREATE TABLE sweep_versions (
  sweep_id        INTEGER NOT NULL REFERENCES sweep_runs(id),
  kind            TEXT NOT NULL,
  name            TEXT NOT NULL,
  content_sha256  TEXT NOT NULL,
  PRIMARY KEY (sweep_id, kind, name)
) WITHOUT ROWID;

ALTER TABLE sweep_runs ADD COLUMN results_sha256 TEXT;
ALTER TABLE sweep_runs ADD COLUMN chain_sha256 TEXT;
)sql";

}  // namespace slaclock::detail
