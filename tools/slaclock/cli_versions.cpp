// slaclock calendar load | versions and kvi-settings load | list: calendar and
// KVI-settings versions stored in the database, like `rules load | list`.
#include "cli_versions.h"

#include <slaclock/config/calendar_loader.h>
#include <slaclock/store/event_store.h>
#include <slaclock/store/version_store.h>
#include <slaclock/time/timestamp.h>

#include <iostream>
#include <memory>

namespace slaclock::cli {

namespace {

struct VersionArgs {
  std::vector<std::string> files;
};

void run_calendar_load(const CommonOptions& o, const VersionArgs& a) {
  EventStore store = EventStore::open(o.database_path(), OpenMode::read_write);
  const CalendarsOfStore calendars_of_store(o, store);
  // Every file is read and built before the first is stored.
  std::vector<CalendarFile> calendars;
  for (const auto& f : a.files) calendars.push_back(read_calendar_file(f));
  for (const CalendarFile& f : calendars) {
    const CalendarVersionLoad c = load_calendar_version(store, f, wall_clock_now());
    std::cout << (c.already_loaded ? "already loaded: " : "loaded: ") << "calendar " << c.stored.name << " (version "
              << c.stored.id << ", sha256 " << c.stored.content_sha256.substr(0, 16) << ")"
              << (c.already_loaded ? "" : "; sweeps from now on judge by it, earlier sweeps keep theirs") << "\n";
  }
}

void run_calendar_versions(const CommonOptions& o) {
  const EventStore store = EventStore::open(o.database_path(), OpenMode::read_only);
  const CalendarsOfStore calendars_of_store(o, store);
  std::vector<std::vector<std::string>> rows;
  for (const auto& v : stored_calendar_versions(store))
    rows.push_back({std::to_string(v.id), v.name, v.content_sha256, v.source_file, format_utc(v.loaded_at)});
  const Format format = o.output_format();
  if (format == Format::table)
    for (auto& r : rows) r[2] = r[2].substr(0, 16);  // a hash prefix is enough on screen
  print_records(std::cout, format, {"id", "name", "content_sha256", "source_file", "loaded_at"}, rows);
}

void run_kvi_load(const CommonOptions& o, const VersionArgs& a) {
  EventStore store = EventStore::open(o.database_path(), OpenMode::read_write);
  const CalendarsOfStore calendars_of_store(o, store);
  for (const auto& f : a.files) {
    const KviVersionLoad k = load_kvi_settings_version(store, f, wall_clock_now());
    std::cout << (k.already_loaded ? "already loaded: " : "loaded: ") << "KVI settings " << k.stored.version
              << " (effective " << format_date(k.stored.effective_from) << ", sha256 "
              << k.stored.content_sha256.substr(0, 16) << ")\n";
  }
}

void run_kvi_list(const CommonOptions& o) {
  const EventStore store = EventStore::open(o.database_path(), OpenMode::read_only);
  const CalendarsOfStore calendars_of_store(o, store);
  std::vector<std::vector<std::string>> rows;
  for (const auto& v : stored_kvi_settings_versions(store))
    rows.push_back(
        {v.version, format_date(v.effective_from), v.content_sha256, v.source_file, format_utc(v.loaded_at)});
  const Format format = o.output_format();
  if (format == Format::table)
    for (auto& r : rows) r[2] = r[2].substr(0, 16);
  print_records(std::cout, format, {"version", "effective_from", "content_sha256", "source_file", "loaded_at"}, rows);
}

}  // namespace

void register_version_commands(CLI::App& app, CommonOptions& o) {
  auto args = std::make_shared<VersionArgs>();
  CLI::App* calendar = app.get_subcommand("calendar");
  auto* load = calendar->add_subcommand("load", "store calendar files as versions (content and hash) in the database");
  load->add_option("FILE", args->files, "calendar YAML files")->required()->check(CLI::ExistingFile);
  add_common_options(*load, o, db_option);
  load->footer("A changed file becomes a new version of its calendar, never an edit; sweeps record which they used.");
  load->callback([&o, args] { run_calendar_load(o, *args); });
  auto* versions = calendar->add_subcommand("versions", "the calendar versions stored in the database");
  add_common_options(*versions, o, db_option | format_option);
  versions->callback([&o] { run_calendar_versions(o); });

  auto* kvi = app.add_subcommand("kvi-settings", "versioned KVI scorecard settings: load into the database, list");
  kvi->require_subcommand(1);
  auto* kload = kvi->add_subcommand("load", "store KVI settings files (version, effective_from, content hash)");
  kload->add_option("FILE", args->files, "KVI settings YAML files")->required()->check(CLI::ExistingFile);
  add_common_options(*kload, o, db_option);
  kload->callback([&o, args] { run_kvi_load(o, *args); });
  auto* klist = kvi->add_subcommand("list", "the KVI settings versions in the database");
  add_common_options(*klist, o, db_option | format_option);
  klist->callback([&o] { run_kvi_list(o); });
}

}  // namespace slaclock::cli
