#pragma once
// Turning one clock's start, due and stop into a status and a reason, the
// same way for every clock.
#include <slaclock/calendar/calendar.h>
#include <slaclock/clock/clock_engine.h>

#include <optional>
#include <string>

namespace slaclock::detail {

/// Business clocks measure at-risk use in business time; clock-hour and
/// Gemini clocks in elapsed time.
enum class Measure { business, elapsed };

struct ClockRun {
  Instant start;
  Instant due;
  std::optional<Instant> stopped_at;  ///< only stops that happened by as_of
  std::string stopped_by;
  Measure measure = Measure::business;
  std::string allowance_text;  ///< "4 business hours", "end of gas day 2024-10-27"
};

/// Fills status, start, due, stop and reason of `r`.
void settle_clock(ClockResult& r, const ClockRun& run, Instant as_of, const Calendar& cal, double at_risk_share);

}  // namespace slaclock::detail
