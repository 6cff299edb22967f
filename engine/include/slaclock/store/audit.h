#pragma once
// `verify`: proves that every stored fact a judgement rests on is as it was
// stored. Each part is checked on its own and reported with what it covered:
//   database               SQLite's own consistency check (quick, or full)
//   events                 content hashes and the chain (EventStore::verify)
//   rule_versions, calendar_versions, kvi_settings_versions
//                          each stored text against its content hash
//   sweeps                 each sealed sweep's results digest, recorded
//                          versions and chain link
// An expected head recorded elsewhere (the events or sweeps chain head of an
// earlier night) must still lie on its chain: a deleted tail or a rewritten
// chain shows up even when everything left is self-consistent.
//
//   AuditReport r = audit_store(store, {.expected_heads = {"3f2a..."}});
//   if (!r.intact()) ...
#include <slaclock/store/event_store.h>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace slaclock {

struct AuditOptions {
  /// Chain heads recorded earlier (events or sweeps); each must be on its chain.
  std::vector<std::string> expected_heads;
  bool full_integrity_check = false;  ///< PRAGMA integrity_check instead of quick_check
};

struct AuditPart {
  std::string name;                    ///< "database", "events", "rule_versions", ...
  std::size_t checked = 0;             ///< rows (or pages for "database") checked
  std::string head;                    ///< chain head for "events" and "sweeps" ("" when empty)
  std::optional<std::string> problem;  ///< the first problem found, in words
  std::size_t not_covered = 0;         ///< sweeps stored before sealing existed
};

struct AuditReport {
  std::vector<AuditPart> parts;
  bool intact() const noexcept;
  const AuditPart* part(const std::string& name) const noexcept;
};

/// Reads only; throws StoreError when the file cannot be read at all.
AuditReport audit_store(const EventStore& store, const AuditOptions& options);

}  // namespace slaclock
