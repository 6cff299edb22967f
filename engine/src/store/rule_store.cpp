#include <slaclock/base/error.h>
#include <slaclock/base/paths.h>
#include <slaclock/config/rule_loader.h>
#include <slaclock/store/rule_store.h>
#include <slaclock/time/timestamp.h>

#include "store/event_store_internal.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

namespace slaclock {

namespace {

// The checks a load makes before it writes, shared with check_rule_version
// so that `rules impact` refuses exactly what `rules load` refuses.
RuleVersionLoad check_against_stored(SQLite::Database& db, const RuleSet& rules, const std::filesystem::path& file,
                                     Instant now, std::optional<Instant>& latest_sweep) {
  SQLite::Statement existing(db,
                             "SELECT version, content_sha256, effective_from FROM rule_versions "
                             "WHERE version = ? OR effective_at = ?");
  existing.bind(1, rules.version);
  existing.bind(2, static_cast<std::int64_t>(rules.effective_at.utc_seconds));
  RuleVersionLoad out;
  out.stored = {rules.version, rules.effective_from, rules.calendar, rules.content_sha256, file.string(), now};
  while (existing.executeStep()) {
    const std::string version = existing.getColumn(0).getString();
    const std::string sha = existing.getColumn(1).getString();
    if (version == rules.version && sha == rules.content_sha256) {
      out.already_loaded = true;
      continue;
    }
    throw ConfigError({file.string(), 0, version == rules.version ? "version" : "effective_from"},
                      version == rules.version
                          ? "version '" + version +
                                "' is already loaded with different content; rule versions are "
                                "append-only, so give the changed rules a new version name"
                          : "version '" + version + "' already takes effect on " + existing.getColumn(2).getString());
  }
  if (out.already_loaded) return out;
  SQLite::Statement after(db, "SELECT count(*), max(as_of) FROM sweep_runs WHERE as_of >= ?");
  after.bind(1, static_cast<std::int64_t>(rules.effective_at.utc_seconds));
  after.executeStep();
  out.sweeps_after_effective = static_cast<std::size_t>(after.getColumn(0).getInt64());
  if (!after.getColumn(1).isNull()) latest_sweep = Instant{after.getColumn(1).getInt64()};
  return out;
}

}  // namespace

RuleVersionLoad load_rule_version(EventStore& store, const RuleSet& rules, const std::string& source_file, Instant now,
                                  bool allow_backdate) {
  require_writable(store, "loading rules");
  const std::filesystem::path file = source_file;
  return with_store_errors(store, "cannot store the rule version", [&] {
    SQLite::Database& db = connection_of(store);
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    std::optional<Instant> latest_sweep;
    RuleVersionLoad out = check_against_stored(db, rules, file, now, latest_sweep);
    if (out.already_loaded) return out;
    if (out.sweeps_after_effective > 0 && !allow_backdate)
      throw ConfigError({file.string(), 0, "effective_from"},
                        "version '" + rules.version + "' takes effect " + format_date(rules.effective_from) +
                            ", before " + std::to_string(out.sweeps_after_effective) +
                            " stored sweep(s) (the latest as of " + format_utc(latest_sweep.value_or(Instant{})) +
                            ") that judged without it; give a later effective_from, or --allow-backdate to load it "
                            "anyway (their as-known replays keep the versions they used; plain replays change)");
    SQLite::Statement insert(
        db,
        "INSERT INTO rule_versions(version, effective_from, effective_at, calendar, content_sha256, "
        "yaml, source_file, loaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, rules.version);
    insert.bind(2, format_date(rules.effective_from));
    insert.bind(3, static_cast<std::int64_t>(rules.effective_at.utc_seconds));
    insert.bind(4, rules.calendar);
    insert.bind(5, rules.content_sha256);
    insert.bind(6, rules.source_text);
    insert.bind(7, file.string());
    insert.bind(8, static_cast<std::int64_t>(now.utc_seconds));
    insert.exec();
    tx.commit();
    return out;
  });
}

RuleVersionLoad check_rule_version(const EventStore& store, const RuleSet& rules, const std::filesystem::path& file) {
  return with_store_errors(store, "cannot read rule versions", [&] {
    std::optional<Instant> latest_sweep;
    return check_against_stored(connection_of(store), rules, file, Instant{}, latest_sweep);
  });
}

std::vector<StoredRuleVersion> stored_rule_versions(const EventStore& store) {
  return with_store_errors(store, "cannot read rule versions", [&] {
    SQLite::Statement q(connection_of(store),
                        "SELECT version, effective_from, calendar, content_sha256, source_file, loaded_at "
                        "FROM rule_versions ORDER BY effective_at");
    std::vector<StoredRuleVersion> out;
    while (q.executeStep())
      out.push_back({q.getColumn(0).getString(), parse_date(q.getColumn(1).getString()), q.getColumn(2).getString(),
                     q.getColumn(3).getString(), q.getColumn(4).getString(), Instant{q.getColumn(5).getInt64()}});
    return out;
  });
}

RuleBook stored_rule_book(const EventStore& store) {
  std::vector<RuleSet> versions = with_store_errors(store, "cannot read rule versions", [&] {
    SQLite::Statement q(connection_of(store), "SELECT version, yaml FROM rule_versions ORDER BY effective_at");
    std::vector<RuleSet> out;
    while (q.executeStep())
      out.push_back(parse_stored_rule_set(q.getColumn(1).getString(), "rule version " + q.getColumn(0).getString()));
    return out;
  });
  if (versions.empty())
    throw ConfigError({store.path().string(), 0, "rules"},
                      "no rule versions are loaded; run 'slaclock init' to load the shipped ones (from " +
                          default_rules_dir().string() + "), or 'slaclock rules load FILE'");
  return RuleBook(std::move(versions));
}

}  // namespace slaclock
