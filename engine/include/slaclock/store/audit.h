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
  /// Heads recorded earlier: an events or sweeps chain head, which must be on
  /// its chain, or a combined head (AuditReport::combined_head), each of whose
  /// parts must still hold.
  std::vector<std::string> expected_heads;
  bool full_integrity_check = false;  ///< PRAGMA integrity_check instead of quick_check
  /// A combined head recorded earlier: it must hold, and then only what was
  /// added after it is checked (`verify --since`); empty: everything.
  std::string since;
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
  /// One line for an auditor's log: both chain heads and the newest row of
  /// every append-only table (`slaclock-head-v1:e=HEX:s=HEX:i=N:n=N:d=N:r=N:c=N:k=N`).
  /// Given back to --expect-head, it fails when any of them was removed.
  std::string combined_head;
  bool intact() const noexcept;
  const AuditPart* part(const std::string& name) const noexcept;
};

/// Reads only; throws StoreError when the file cannot be read at all.
AuditReport audit_store(const EventStore& store, const AuditOptions& options);

}  // namespace slaclock
