#pragma once
// A ticket system's time text read as an instant: ISO 8601 (with an offset,
// or a local time in the profile's zone) or a pattern such as
// "d/m/yyyy HH:MM"; a local time in the repeated autumn hour or in the
// spring gap is an error unless the rule says which (docs/import.md).
//
//   SourceTimeRule rule{"d/m/yyyy HH:MM", TimeZone::named("Europe/London"), Disambiguation::reject, false};
//   Instant t;
//   if (std::string why = parse_source_time("27/10/2024 01:30", rule, t); !why.empty()) ... // repeated hour
#include <slaclock/time/time_zone.h>

#include <optional>
#include <string>
#include <string_view>

namespace slaclock::detail {

struct SourceTimeRule {
  std::string format = "iso8601";  ///< "iso8601" or a pattern (config/import_profile.h)
  std::optional<TimeZone> zone;    ///< for times without an offset; none: an offset is required
  Disambiguation ambiguous = Disambiguation::reject;
  bool gap_shift_forward = false;
};

/// Sets `out` and returns "" when `text` reads; otherwise returns why not.
std::string parse_source_time(std::string_view text, const SourceTimeRule& rule, Instant& out);

}  // namespace slaclock::detail
