#include <slaclock/clock/holds.h>

#include "clock/clock_context.h"

namespace slaclock {

const char* hold_ignored_cause_name(HoldIgnoredCause c) noexcept {
  switch (c) {
    case HoldIgnoredCause::already_on_hold:
      return "already_on_hold";
    case HoldIgnoredCause::not_on_hold:
      return "not_on_hold";
    case HoldIgnoredCause::contact_not_open:
      return "contact_not_open";
  }
  return "";
}

ContactHolds contact_holds(const Timeline& t, Instant as_of) {
  ContactHolds out;
  if (t.kind != EntityKind::contact) return out;
  bool open = true;  // the contact: resolved or closed ends it until a reopen
  const auto held = [&out] { return !out.periods.empty() && !out.periods.back().to; };
  for (const Event* e : detail::events_by(t, as_of)) {
    switch (e->type) {
      case EventType::on_hold:
        if (!open)
          out.ignored.push_back({e->event_id, e->type, e->at, HoldIgnoredCause::contact_not_open});
        else if (held())
          out.ignored.push_back({e->event_id, e->type, e->at, HoldIgnoredCause::already_on_hold});
        else
          out.periods.push_back(
              {e->at, std::nullopt, EventType::off_hold, e->field("reason").value_or(""), "", e->event_id});
        break;
      case EventType::off_hold:
        if (!held()) {
          out.ignored.push_back({e->event_id, e->type, e->at, HoldIgnoredCause::not_on_hold});
        } else {
          out.periods.back().to = e->at;
          out.periods.back().resume_reason = e->field("reason").value_or("");
        }
        break;
      case EventType::resolved:
      case EventType::closed:
        if (held()) {
          out.periods.back().to = e->at;
          out.periods.back().ended_by = e->type;
        }
        open = false;
        break;
      case EventType::reopened:
        open = true;
        break;
      default:
        break;
    }
  }
  return out;
}

}  // namespace slaclock
