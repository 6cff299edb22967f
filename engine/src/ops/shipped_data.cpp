#include <slaclock/base/error.h>
#include <slaclock/base/paths.h>
#include <slaclock/ops/shipped_data.h>
#include <slaclock/ops/version_files.h>
#include <slaclock/store/rule_store.h>
#include <slaclock/store/version_store.h>

#include <algorithm>
#include <filesystem>

namespace slaclock {

namespace {

std::vector<std::filesystem::path> yaml_files(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> out;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec))
    if (e.path().extension() == ".yaml") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

ShippedLoad::Outcome outcome_of(bool already) {
  return already ? ShippedLoad::Outcome::already_loaded : ShippedLoad::Outcome::loaded;
}

}  // namespace

std::vector<ShippedLoad> load_shipped_data(EventStore& store, Instant now) {
  std::vector<ShippedLoad> out;
  // Calendars first: rule versions name them.
  for (const auto& f : yaml_files(default_calendar_dir())) {
    const CalendarVersionLoad c = load_calendar_file_version(store, f, now);
    out.push_back({"calendar", c.stored.name, c.stored.content_sha256, f.string(), outcome_of(c.already_loaded), ""});
  }
  for (const auto& f : yaml_files(default_rules_dir())) {
    try {
      const RuleVersionLoad r = load_rules_file_version(store, f, now);
      out.push_back({"rules", r.stored.version, r.stored.content_sha256, f.string(), outcome_of(r.already_loaded), ""});
    } catch (const ConfigError& e) {
      if (e.where().field != "effective_from") throw;
      out.push_back({"rules", f.stem().string(), "", f.string(), ShippedLoad::Outcome::skipped, e.why()});
    }
  }
  for (const auto& f : yaml_files(default_kvi_config_dir())) {
    try {
      const KviVersionLoad k = load_kvi_settings_version(store, f, now);
      out.push_back(
          {"kvi_settings", k.stored.version, k.stored.content_sha256, f.string(), outcome_of(k.already_loaded), ""});
    } catch (const ConfigError& e) {
      // A database made before this version of the file keeps what it stored:
      // settings versions are append-only.
      // (A conflict names no line; a file that does not parse does.)
      if (e.where().line != 0 || (e.where().field != "version" && e.where().field != "effective_from")) throw;
      out.push_back({"kvi_settings", f.stem().string(), "", f.string(), ShippedLoad::Outcome::skipped, e.why()});
    }
  }
  return out;
}

}  // namespace slaclock
