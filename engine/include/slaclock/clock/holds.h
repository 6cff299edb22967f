#pragma once
// Pause and resume: a contact's hold periods (on_hold ... off_hold), read from
// its timeline. A rule version names the clocks a hold pauses
// (RuleSet::pausable_clocks; none by default): such a clock does not count
// the time held, in its own measure, and its due and at-risk instants move
// on by that time. Figures only; report/clock_reason.h words them.
//
//   const ContactHolds h = contact_holds(timeline, as_of);
//   for (const HoldPeriod& p : h.periods) ... p.from, p.to, p.reason
#include <slaclock/clock/event.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace slaclock {

/// One hold: from an on_hold to the off_hold, or to the resolution or closure
/// that ended the contact while held; still open (no `to`) when the contact
/// was held at the instant judged.
struct HoldPeriod {
  Instant from;
  std::optional<Instant> to;
  EventType ended_by = EventType::off_hold;  ///< off_hold, resolved or closed; meaningful with `to`
  std::string reason;                        ///< the on_hold's reason
  std::string resume_reason;                 ///< the off_hold's reason, if any
  std::string event_id;                      ///< the on_hold event
  friend bool operator==(const HoldPeriod&, const HoldPeriod&) = default;
};

/// Why an on_hold or off_hold event changed nothing. They are kept (events
/// are append-only) and shown by replay, never rejected: their order may only
/// be known once later lines arrive.
enum class HoldIgnoredCause : std::uint8_t {
  already_on_hold,   ///< on_hold while a hold is open
  not_on_hold,       ///< off_hold with no open hold
  contact_not_open,  ///< on_hold after the contact was resolved or closed
};
/// "already_on_hold", "not_on_hold", "contact_not_open".
const char* hold_ignored_cause_name(HoldIgnoredCause c) noexcept;

struct IgnoredHoldEvent {
  std::string event_id;
  EventType type = EventType::on_hold;
  Instant at;
  HoldIgnoredCause why = HoldIgnoredCause::already_on_hold;
  friend bool operator==(const IgnoredHoldEvent&, const IgnoredHoldEvent&) = default;
};

struct ContactHolds {
  std::vector<HoldPeriod> periods;  ///< in order; at most the last one open
  std::vector<IgnoredHoldEvent> ignored;
};

/// The hold periods of a contact from its events that happened by as_of
/// (empty for other kinds). A reopened contact is not held until a new on_hold.
ContactHolds contact_holds(const Timeline& t, Instant as_of);

}  // namespace slaclock
