#include "store/sweep_seal.h"

#include "base/sha256.h"
#include "store/clock_rows.h"

#include <SQLiteCpp/Statement.h>

namespace slaclock::detail {

VersionsUsed versions_of_run(SQLite::Database& db, std::int64_t sweep_id) {
  SQLite::Statement q(db, "SELECT kind, name, content_sha256 FROM sweep_versions WHERE sweep_id = ?");
  q.bind(1, sweep_id);
  VersionsUsed out;
  while (q.executeStep()) out[q.getColumn(0).getString()][q.getColumn(1).getString()] = q.getColumn(2).getString();
  return out;
}

std::string results_digest(SQLite::Database& db, std::int64_t sweep_id) {
  SQLite::Statement q(
      db, std::string("SELECT ") + clock_columns + " FROM clock_results WHERE sweep_id = ? ORDER BY entity_id, clock");
  q.bind(1, sweep_id);
  Sha256 sha;
  sha.begin();
  std::string row;
  while (q.executeStep()) {
    // The columns as stored (not as parsed), so that any edit shows.
    row.clear();
    for (int i = 0; i < clock_column_count; ++i) {
      const auto c = q.getColumn(i);
      if (i) row += '\x1f';
      if (c.isNull())
        row += '\x1e';
      else
        row += c.getString();
    }
    row += '\n';
    sha.add(row);
  }
  return to_hex(sha.finish());
}

std::string chain_link(const std::string& previous_chain, std::int64_t sweep_id, std::int64_t as_of,
                       const std::string& results_sha256, const VersionsUsed& versions) {
  std::string text =
      previous_chain + "\n" + std::to_string(sweep_id) + "\n" + std::to_string(as_of) + "\n" + results_sha256 + "\n";
  for (const auto& [kind, by_name] : versions)
    for (const auto& [name, sha] : by_name) text += kind + " " + name + " " + sha + "\n";
  return to_hex(Sha256().of(text));
}

}  // namespace slaclock::detail
