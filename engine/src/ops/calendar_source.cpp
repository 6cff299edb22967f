#include <slaclock/base/error.h>
#include <slaclock/base/paths.h>
#include <slaclock/config/calendar_loader.h>
#include <slaclock/ops/calendar_source.h>
#include <slaclock/store/version_store.h>

#include "base/sha256.h"

#include <mutex>
#include <optional>
#include <set>

namespace slaclock {

namespace {

// A stored calendar version is immutable (named by its content's hash), so
// it is built once per process: the dashboard judges every request's clocks
// on the versions the latest sweep recorded, and building one (years of
// working windows and the zone's rules) cost more than the rest of a board.
// Calendar is a shared handle to immutable tables: copies are cheap and
// safe across the server's threads.
std::optional<Calendar> built_version(const EventStore& store, const std::string& name, const std::string& sha256) {
  static std::mutex lock;
  static std::map<std::pair<std::string, std::string>, Calendar> built;
  const auto key = std::pair{name, sha256};
  {
    const std::lock_guard<std::mutex> held(lock);
    if (const auto it = built.find(key); it != built.end()) return it->second;
  }
  auto stored = stored_calendar(store, name, sha256);
  if (!stored) return std::nullopt;
  const std::lock_guard<std::mutex> held(lock);
  return built.emplace(key, stored->calendar).first->second;
}

}  // namespace

const char* calendar_origin_name(FoundCalendar::Origin origin) noexcept {
  switch (origin) {
    case FoundCalendar::Origin::sweep_version:
      return "sweep version";
    case FoundCalendar::Origin::calendars_dir:
      return "--calendars-dir";
    case FoundCalendar::Origin::stored_version:
      return "stored version";
    case FoundCalendar::Origin::data_folder:
      return "data folder";
  }
  return "?";
}

// name -> content hash of its latest stored version.
struct CalendarSource::Stored {
  std::once_flag read;
  std::map<std::string, std::string> latest;
};

CalendarSource::CalendarSource(const EventStore* store, std::filesystem::path calendars_dir,
                               std::map<std::string, std::string> recorded)
    : store_(store),
      dir_(std::move(calendars_dir)),
      recorded_(std::move(recorded)),
      stored_(std::make_shared<Stored>()) {}

namespace {

FoundCalendar from_version(const EventStore& store, FoundCalendar::Origin origin, const std::string& name,
                           const std::string& sha256) {
  auto built = built_version(store, name, sha256);
  if (!built)
    throw StoreError({store.path().string(), 0, "calendar_versions"},
                     "calendar '" + name + "' version " + sha256.substr(0, 16) +
                         (origin == FoundCalendar::Origin::sweep_version ? " recorded by a sweep" : "") +
                         " is missing; run 'slaclock verify'");
  return {origin, std::move(*built), sha256, {}, {}};
}

FoundCalendar from_file(FoundCalendar::Origin origin, const std::filesystem::path& file) {
  CalendarFile f = read_calendar_file(file);
  std::string sha = detail::to_hex(detail::Sha256().of(f.text));
  return {origin, std::move(f.calendar), std::move(sha), std::move(f.text), std::move(f.source_file)};
}

}  // namespace

FoundCalendar CalendarSource::find(const std::string& name) const {
  if (store_)
    if (const auto it = recorded_.find(name); it != recorded_.end())
      return from_version(*store_, FoundCalendar::Origin::sweep_version, name, it->second);
  if (const auto file = calendar_file_in(name, dir_)) return from_file(FoundCalendar::Origin::calendars_dir, *file);
  if (const std::string* sha = latest_stored(name))
    return from_version(*store_, FoundCalendar::Origin::stored_version, name, *sha);
  if (const auto file = calendar_file_in(name, default_calendar_dir()))
    return from_file(FoundCalendar::Origin::data_folder, *file);
  std::string known;
  for (const auto& n : known_names()) known += (known.empty() ? "" : ", ") + n;
  throw ConfigError({"", 0, "calendar"}, "unknown calendar '" + printable_calendar_name(name) +
                                             "' (known: " + (known.empty() ? "none" : known) +
                                             "); load a site's own with 'slaclock calendar load FILE'");
}

const std::map<std::string, std::string>& CalendarSource::latest_versions() const {
  std::call_once(stored_->read, [&] {
    for (const StoredCalendarVersion& v : stored_calendar_versions(*store_)) stored_->latest[v.name] = v.content_sha256;
  });
  return stored_->latest;
}

const std::string* CalendarSource::latest_stored(const std::string& name) const {
  if (!store_) return nullptr;
  const auto& latest = latest_versions();
  const auto it = latest.find(name);
  return it == latest.end() ? nullptr : &it->second;
}

std::vector<std::string> CalendarSource::known_names() const {
  std::set<std::string> names;
  for (const auto& n : calendar_file_names(dir_)) names.insert(n);
  if (store_) {
    for (const auto& [name, sha] : latest_versions()) names.insert(name);
  }
  return {names.begin(), names.end()};
}

TimeZone CalendarSource::zone(const std::string& name) const {
  // A file's zone is its definition's: reading it skips building years of
  // working windows (a third of what `overdue` cost). A stored version is
  // built once per process anyway.
  if (!(store_ && recorded_.count(name))) {
    if (const auto file = calendar_file_in(name, dir_)) return load_calendar_zone(name, dir_);
    if (!latest_stored(name) && calendar_file_in(name, default_calendar_dir())) return load_calendar_zone(name);
  }
  return find(name).calendar.zone();
}

CalendarCheck CalendarSource::check() const {
  return [source = *this](const std::string& name) { source.find(name); };
}

}  // namespace slaclock
