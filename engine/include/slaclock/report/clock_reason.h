#pragma once
// The one-line reason an auditor reads beside a clock, rendered from the
// engine's figures at a given instant, in the calendar's time zone. Rendering
// again at a later instant gives that instant's sentence, never a stale one.
//
//   std::string why = clock_reason(result, as_of, calendar.zone());
//   // "running; due 2024-04-02T12:00:00+01:00 (4 business hours), 57% used in business time"
#include <slaclock/clock/clock_result.h>
#include <slaclock/clock/holds.h>
#include <slaclock/time/time_zone.h>

#include <string>

namespace slaclock {

/// "4 business hours", "7 business days", "4 hours".
std::string describe(const Allowance& a);
/// What a clock's due instant is, in words: "4 business hours", "end of gas
/// day 2024-10-27", "the agreed revised date 2024-04-05T17:00:00+01:00".
std::string describe_due_basis(const ClockResult& c, const TimeZone& zone);
/// What stopped a clock, in words: "acknowledged", "resolved without an acknowledgement".
const char* stop_cause_text(StopCause cause) noexcept;
/// Why an on_hold or off_hold changed nothing, in words: "ignored: already on hold".
std::string hold_ignored_text(HoldIgnoredCause cause);
/// The reason sentence for `c` as judged at `as_of`.
std::string clock_reason(const ClockResult& c, Instant as_of, const TimeZone& zone);

}  // namespace slaclock
