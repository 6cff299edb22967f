#pragma once
// Store-internal: the seal of a sweep run. A digest over the run's stored
// clock results (in primary-key order) and the versions it used, chained from
// the previous sealed run, so that `verify` can prove no stored result, no
// recorded version and no earlier run changed. Written by the sweep, checked
// by verify: one definition for both.
#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <map>
#include <string>

namespace slaclock::detail {

/// kind ("rules", "calendar") -> name -> content_sha256.
using VersionsUsed = std::map<std::string, std::map<std::string, std::string>>;

/// The versions recorded for a run.
VersionsUsed versions_of_run(SQLite::Database& db, std::int64_t sweep_id);
/// SHA-256 (hex) over every clock_results row of the run, in key order
/// (entity_id, then clock name), each as clock_row_text.
std::string results_digest(SQLite::Database& db, std::int64_t sweep_id);
/// The chain value of a run: SHA-256 over the previous run's chain value, the
/// run's id and as_of, its results digest and its versions.
std::string chain_link(const std::string& previous_chain, std::int64_t sweep_id, std::int64_t as_of,
                       const std::string& results_sha256, const VersionsUsed& versions);

}  // namespace slaclock::detail
