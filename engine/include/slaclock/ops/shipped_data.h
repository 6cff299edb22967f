#pragma once
// What `init` loads into a database: the shipped rule versions, calendars and
// KVI settings from wherever the program finds its data (base/paths.h), so
// init, import, sweep works on a fresh database with no other step. Each load
// is a no-op when the same content is stored already.
//
//   for (const ShippedLoad& l : load_shipped_data(store, now)) print(l);
#include <slaclock/store/event_store.h>

#include <string>
#include <vector>

namespace slaclock {

struct ShippedLoad {
  enum class Outcome { loaded, already_loaded, skipped };
  std::string kind;  ///< "rules", "calendar", "kvi_settings"
  std::string name;  ///< version or calendar name
  std::string content_sha256;
  std::string file;
  Outcome outcome = Outcome::loaded;
  std::string note;  ///< why a version was skipped
};

/// Loads every shipped rule version, calendar and KVI settings version (a
/// settings version already stored with other content is skipped with a
/// note). A rule
/// version that would be backdated over stored sweeps is skipped with a note
/// (load it with `rules load --allow-backdate`). Throws ConfigError for a
/// shipped file that does not parse.
std::vector<ShippedLoad> load_shipped_data(EventStore& store, Instant now);

}  // namespace slaclock
