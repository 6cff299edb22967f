#pragma once
// slaclock-generate --format servicenow-csv: a seeded ServiceNow incident
// audit export (one CSV row per state change, local d/m/yyyy HH:MM times,
// "?" for no value), as the shipped profile config/import/
// servicenow-incident-audit.yaml reads it, and optionally the same events
// as native JSON Lines (what the profile makes of it, docs/import.md), for
// the import benchmark (docs/benchmarks.md).
#include <slaclock/calendar/calendar.h>

#include <cstdint>
#include <string>

namespace slaclock::generator {

struct ServiceNowExport {
  std::uint64_t seed = 42;
  int incidents = 1000;
  CivilDate from, to;
  std::string csv_path;
  std::string native_path;  ///< empty: no native file
};

/// Writes the export (and the native file); returns the number of rows and
/// events written. Throws InputError when a file cannot be written.
std::pair<std::size_t, std::size_t> write_servicenow_export(const ServiceNowExport& spec, const Calendar& calendar);

}  // namespace slaclock::generator
