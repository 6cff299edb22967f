#pragma once
// The month's KVI scorecard from a database, as `slaclock kvi` and the
// dashboard's scorecard page compute it: the KVI settings version in force
// on the month's first day (or a what-if file that is not stored), the
// stored rule versions, the stored calendars (else the shipped files), every
// stored timeline.
//
//   KviPack p = kvi_pack_from_store(store, {.month = parse_kvi_month("2026-09")});
//   std::string html = render_kvi_html(p.card, p.trend);   // with trend_months = 12
#include <slaclock/kvi/scorecard.h>
#include <slaclock/store/event_store.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace slaclock {

struct KviPackOptions {
  KviMonth month;
  std::optional<Instant> as_of;  ///< default: the end of the month
  /// A KVI settings file to use instead of the stored version (a what-if).
  std::optional<std::filesystem::path> settings_file;
  std::filesystem::path calendars_dir;  ///< for calendars never stored (default: the shipped folder)
  /// Rules to judge by instead of the stored versions (a what-if, as
  /// `rules impact` uses); not owned, must outlive the call.
  const RuleBook* rules = nullptr;
  int trend_months = 0;  ///< also the trend of this many months ending at `month`
};

struct KviPack {
  KviScorecard card;
  std::vector<KviScorecard> trend;  ///< oldest first; empty when trend_months is 0
  /// The card's month starts before every stored KVI settings version: it was
  /// judged by the shipped settings in force then (or, before those too, the
  /// earliest shipped), whose version this names. Empty otherwise, and for a what-if.
  std::string settings_not_stored;
};

/// Throws ConfigError when no rule version is stored, InputError for a bad
/// settings file, StoreError when the database cannot be read.
KviPack kvi_pack_from_store(const EventStore& store, const KviPackOptions& options);

}  // namespace slaclock
