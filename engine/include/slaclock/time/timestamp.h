#pragma once
// ISO 8601 at the edges. In: an offset is required ("Z", "+01:00", "+0100"),
// unless the caller names a zone for offset-less local times, in which case a
// time inside the spring-forward gap or the repeated autumn hour is rejected.
// Fractions of a second are accepted and dropped (slaclock counts whole
// seconds). Out: local time with its offset, or UTC with "Z".
//
//   Instant t = parse_instant("2024-03-28T16:00:00+00:00");
//   std::string s = format_instant(t, TimeZone::named("Europe/London"));
#include <slaclock/time/time_types.h>
#include <slaclock/time/time_zone.h>

#include <optional>
#include <string>
#include <string_view>

namespace slaclock {

/// Throws InputError saying what is wrong with the text.
Instant parse_instant(std::string_view text, const TimeZone* zone_for_local_times = nullptr);

/// How a local time without an offset is read: in which zone, and what a time
/// in the repeated autumn hour or in the spring-forward gap means.
struct LocalTimeReading {
  const TimeZone* zone = nullptr;  ///< null: every instant needs its offset
  /// The repeated hour: rejected, or the earlier or later of the two instants.
  Disambiguation repeated = Disambiguation::reject;
  /// The gap: rejected, or the wall time moved forward by the gap's length
  /// (01:30 on the UK spring day is 02:30 BST, 01:30Z).
  bool gap_shift_forward = false;
  /// Appended to the refusal of a repeated or a gap time (e.g. which option
  /// would settle it); may be empty.
  std::string_view repeated_remedy, gap_remedy;
};
/// As above; `was_local`, when given, says whether the text had no offset.
Instant parse_instant(std::string_view text, const LocalTimeReading& local, bool* was_local = nullptr);
/// "YYYY-MM-DD"; throws InputError.
CivilDate parse_date(std::string_view text);
/// A duration as every option writes it (one grammar, docs/settings.md):
/// business days "7bd" (standing alone), business time "4bh", "30bm",
/// "1bh30bm", or elapsed time "1d", "4h", "90m", "45s", "1d4h" (a bare number
/// is seconds). Business and elapsed units do not mix. What a count of
/// business days means is the caller's: an allowance counts from the next
/// business day, a window from the current one.
struct DurationSpec {
  enum class Unit : std::uint8_t { elapsed, business_time, business_days };
  Unit unit = Unit::elapsed;
  std::int64_t amount = 0;  ///< seconds, or business days
};
/// Throws InputError saying what is wrong with the text.
DurationSpec parse_duration_spec(std::string_view text);
/// An elapsed duration only ("4h", "90m", "2d", "1d4h", "45s", a bare number
/// of seconds); a business unit is an InputError.
Seconds parse_duration(std::string_view text);

/// "2024-04-05T17:00:00+01:00" in the zone's local time.
std::string format_instant(Instant t, const TimeZone& zone);
/// "2024-04-05T16:00:00Z".
std::string format_utc(Instant t);
/// "2024-04-05".
std::string format_date(CivilDate d);
/// "1d 8h 30m" for elapsed seconds; with_days = false gives "32h 30m", for
/// business time, where a "day" is not 24 hours.
std::string format_duration(std::int64_t seconds, bool with_days = true);

}  // namespace slaclock
