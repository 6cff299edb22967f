#pragma once
// A time zone's full history from the system tzdata: every offset change the
// zoneinfo (TZif) file records, then the POSIX TZ rule in its footer expanded
// up to 2200, in one sorted table, so that converting an instant costs a
// binary search.
//
//   TimeZone london = TimeZone::named("Europe/London");
//   LocalTime lt = london.to_local(t);
//   LocalResolution r = london.resolve_local(CivilDate::from_ymd(2024, 10, 27), 5400);
#include <slaclock/time/time_types.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace slaclock {

/// What a zone said about a moment: its local date, seconds since local
/// midnight, and the UTC offset in force.
struct LocalTime {
  CivilDate date;
  std::int32_t seconds_of_day = 0;
  std::int32_t utc_offset_seconds = 0;
};

/// How a local wall-clock time maps to instants.
struct LocalResolution {
  enum class Kind { unique, ambiguous, gap };
  Kind kind = Kind::unique;
  Instant earliest;  ///< unique: the instant; ambiguous: the first of the two; gap: the transition instant
  Instant latest;    ///< unique: same as earliest; ambiguous: the second; gap: the transition instant
};

/// How to settle a local time that is ambiguous (the repeated autumn hour) or
/// does not exist (the spring-forward gap). Expected ambiguity is a parameter.
enum class Disambiguation { reject, earliest, latest };

class TimeZone {
 public:
  /// Reads the zone's history from the system zoneinfo ($TZDIR, else
  /// /usr/share/zoneinfo). Throws ConfigError when the zone is unknown or
  /// its file cannot be read.
  static TimeZone named(const std::string& iana_name);
  /// Builds a zone from a POSIX TZ rule such as "GMT0BST,M3.5.0/1,M10.5.0",
  /// as if it had always held (from 1900 to 2200; standard time outside).
  /// Throws ConfigError when the rule cannot be parsed.
  static TimeZone from_posix_rule(const std::string& display_name, const std::string& posix_rule);
  static TimeZone utc();

  const std::string& name() const noexcept;
  std::int32_t offset_at(Instant t) const noexcept;
  LocalTime to_local(Instant t) const noexcept;
  LocalResolution resolve_local(CivilDate date, std::int32_t seconds_of_day) const noexcept;
  /// A span [first, second) holding t within which the offset does not
  /// change (from one change to the next), so that code converting many
  /// times can do the lookup once per span. Before the first change and
  /// after the last, its open end is a bound far beyond any date (2^61 s).
  std::pair<Instant, Instant> steady_span(Instant t) const noexcept;
  /// Resolves a local time; with Disambiguation::reject an ambiguous or
  /// non-existent time throws InputError naming the problem.
  Instant from_local(CivilDate date, std::int32_t seconds_of_day, Disambiguation how) const;

 private:
  struct Rules;
  explicit TimeZone(std::shared_ptr<const Rules> rules) : rules_(std::move(rules)) {}
  std::shared_ptr<const Rules> rules_;  // immutable, shared by copies
};

/// The version of the tzdata zones are read from, e.g. "2025b" (the first
/// line of tzdata.zi in the zoneinfo folder), or "unknown" (for --version).
std::string tzdata_version();

}  // namespace slaclock
