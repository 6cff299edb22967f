// The contact clocks: acknowledge, initial_response, resolution (or
// gemini_resolution), revised_resolution and regular_updates. One pass over
// the events records what happened (ContactHistory); then one function per
// clock judges it.
#include <slaclock/time/timestamp.h>

#include <algorithm>

#include "clock/clock_context.h"

namespace slaclock::detail {

namespace {

// What a contact's events say, as of the evaluation instant.
struct ContactHistory {
  StoppableClock acknowledge, initial_response, resolution, revised, gemini;
  std::optional<Instant> revised_due, revised_start;
  bool very_complex = false;
  bool open = true;
  std::optional<Instant> closed_at;
  // Regular updates: the last acknowledgement/update while open, and the
  // first gap that broke the allowance (its start, deadline and the contact
  // that came too late).
  std::optional<Instant> last_touch, first_gap_start, first_gap_due, first_gap_broken_at;
};

bool is_touch(EventType t) {
  return t == EventType::acknowledged || t == EventType::update_sent || t == EventType::explanation_provided;
}

void agree_revised_date(ContactHistory& h, const Event& e) {
  if (auto rv = e.field("revised_resolution")) {
    h.revised_due = parse_instant(*rv);
    if (!h.revised_start) h.revised_start = e.at;
  }
}

ContactHistory read_history(const std::vector<const Event*>& events, const Event* received, const RuleSet& rules,
                            const Calendar& cal) {
  ContactHistory h;
  for (const Event* e : events) {
    if (e == received) continue;
    const Instant x = e->at;
    const bool ends = e->type == EventType::resolved || (e->type == EventType::closed && h.open);
    if (h.open && h.last_touch && !h.first_gap_due && (is_touch(e->type) || ends)) {
      if (const Instant deadline = due_after(*h.last_touch, rules.regular_update_gap, cal); x > deadline) {
        h.first_gap_start = h.last_touch;
        h.first_gap_due = deadline;
        h.first_gap_broken_at = x;
      }
    }
    switch (e->type) {
      case EventType::acknowledged:
        h.acknowledge.stop(x, StopCause::acknowledged, false);
        break;
      case EventType::categorised:
        if (auto c = e->field("complexity")) h.very_complex = *c == "very_complex";
        break;
      case EventType::update_sent:
        if (e->field("revised_resolution")) h.initial_response.stop(x, StopCause::update_with_revised_date, false);
        agree_revised_date(h, *e);
        break;
      case EventType::explanation_provided:
        agree_revised_date(h, *e);
        if (h.very_complex) h.resolution.stop(x, StopCause::explanation_very_complex, false);
        break;
      case EventType::reopened:
        for (StoppableClock* c : {&h.initial_response, &h.resolution, &h.revised, &h.gemini}) c->reopen();
        h.open = true;
        h.closed_at.reset();
        h.last_touch = x;  // the update gap restarts at the reopening
        break;
      default:
        break;
    }
    if (ends) {
      // A close without a resolution counts as the resolution.
      const bool resolved = e->type == EventType::resolved;
      const StopCause by = resolved ? StopCause::resolved : StopCause::closed;
      for (StoppableClock* c : {&h.initial_response, &h.resolution, &h.revised, &h.gemini}) c->stop(x, by, true);
      // Resolving a contact that was never acknowledged answers the customer
      // too: the acknowledgement clock stops there (met or missed on that
      // instant) instead of reading breached forever. A reopen leaves it.
      h.acknowledge.stop(x, resolved ? StopCause::resolved_unacknowledged : StopCause::closed_unacknowledged, false);
      h.open = false;
      h.closed_at = x;
    }
    if (is_touch(e->type)) h.last_touch = x;
  }
  return h;
}

DueBasis allowance_basis(const Allowance& a) {
  return {DueBasis::Kind::allowance, a, std::nullopt, 0};
}

ClockResult allowance_clock(const ClockContext& cx, ClockId id, Instant received, const Allowance& a,
                            const StoppableClock& stop) {
  return cx.settle(id, received, due_after(received, a, cx.cal), stop, measure_of(a), allowance_basis(a));
}

ClockResult gemini_resolution_clock(const ClockContext& cx, const Event& received, const ContactHistory& h) {
  const Instant r = received.at;
  const CivilDate gas_day = parse_date(received.field("gas_day").value_or(""));
  const GeminiBand band = gemini_band_of(r, gas_day, cx.rules.exit_close_out_business_days, cx.cal);
  const GeminiDueRule& rule = cx.rules.gemini_bands[static_cast<std::size_t>(band)];
  DueBasis basis{DueBasis::Kind::allowance, rule.allowance, gas_day, 0};
  Instant due = r;
  Measure m = Measure::elapsed;  // Gemini runs 24x7
  switch (rule.kind) {
    case GeminiDueRule::Kind::gas_day_start:
      due = gas_day_start(gas_day, cx.cal.zone());
      basis.kind = DueBasis::Kind::gas_day_start;
      break;
    case GeminiDueRule::Kind::gas_day_end:
      due = gas_day_end(gas_day, cx.cal.zone());
      basis.kind = DueBasis::Kind::gas_day_end;
      break;
    case GeminiDueRule::Kind::exit_close_out:
      due = exit_close_out_deadline(gas_day, cx.rules.exit_close_out_business_days, cx.cal);
      basis.kind = DueBasis::Kind::exit_close_out;
      break;
    case GeminiDueRule::Kind::allowance:
      due = due_after(r, rule.allowance, cx.cal);
      m = measure_of(rule.allowance);
      break;
  }
  ClockResult g = cx.settle(ClockId::gemini_resolution, r, due, h.gemini, m, basis);
  g.band = band;
  return g;
}

// Runs only once the contact is marked as affecting NG, DNs or iGTs (the
// first parties_affected): from then until the first parties_notified. A
// notice sent before the marking already answers it, at the marking.
std::optional<ClockResult> parties_notification_clock(const ClockContext& cx, const std::vector<const Event*>& events) {
  const Event* marked = nullptr;
  const Event* notified = nullptr;
  for (const Event* e : events) {
    if (e->type == EventType::parties_affected && !marked) marked = e;
    if (e->type == EventType::parties_notified && !notified) notified = e;
  }
  if (!marked) return std::nullopt;
  const Allowance& a = cx.rules.parties_notification;
  StoppableClock stop;
  if (notified) stop.stop(std::max(notified->at, marked->at), StopCause::parties_notified, false);
  ClockResult c = cx.settle(ClockId::parties_notification, marked->at, due_after(marked->at, a, cx.cal), stop,
                            measure_of(a), allowance_basis(a));
  c.subject = marked->field("parties").value_or("");
  return c;
}

ClockResult revised_resolution_clock(const ClockContext& cx, const ContactHistory& h) {
  if (!h.revised_due) return cx.not_applicable(ClockId::revised_resolution, NotApplicableCause::no_revised_date);
  return cx.settle(ClockId::revised_resolution, *h.revised_start, *h.revised_due, h.revised, Measure::elapsed,
                   {DueBasis::Kind::revised_date, {}, std::nullopt, 0});
}

// Breached at the first gap that exceeds the allowance, and it stays so: a
// later update does not undo a broken promise.
ClockResult regular_updates_clock(const ClockContext& cx, const ContactHistory& h) {
  const Allowance& gap = cx.rules.regular_update_gap;
  const DueBasis basis{DueBasis::Kind::update_gap, gap, std::nullopt, 0};
  if (!h.last_touch && !h.first_gap_due)
    return cx.not_applicable(ClockId::regular_updates, NotApplicableCause::not_acknowledged_yet);
  if (h.first_gap_due) {
    ClockResult u = cx.blank(ClockId::regular_updates);
    // Keep the start of the gap that broke the limit: the clock has a start
    // like every other, and it must not vanish once a later update closes the
    // gap (while still open it was reported with this start).
    u.started_at = h.first_gap_start;
    u.due_at = h.first_gap_due;
    u.stopped_at = h.open ? std::nullopt : h.closed_at;
    u.stopped_by = h.open ? StopCause::none : StopCause::contact_ended;
    u.status = h.open ? ClockStatus::breached : ClockStatus::missed;
    u.measure = measure_of(gap);
    u.basis = basis;
    u.allowance_seconds = cx.measured(*h.first_gap_start, *h.first_gap_due, u.measure);
    u.used_seconds = cx.measured(*h.first_gap_start, *h.first_gap_broken_at, u.measure);
    u.late_contact_at = h.first_gap_broken_at;
    return u;
  }
  if (h.open) {
    const StoppableClock none;
    return cx.settle(ClockId::regular_updates, *h.last_touch, due_after(*h.last_touch, gap, cx.cal), none,
                     measure_of(gap), basis);
  }
  ClockResult u = cx.blank(ClockId::regular_updates);
  u.started_at = h.last_touch;
  u.stopped_at = h.closed_at;
  u.stopped_by = StopCause::contact_ended;
  u.status = ClockStatus::met;
  u.measure = measure_of(gap);
  u.basis = basis;
  return u;
}

}  // namespace

std::vector<ClockResult> evaluate_contact(const Timeline& t, Instant as_of, const EvaluationInputs& in) {
  const auto events = events_by(t, as_of);
  const Event* received = t.opening(as_of);
  if (!received) return {};  // not received by as_of: no clocks yet
  const Instant r = received->at;
  const RuleSet* in_force = in.rules.find_in_force_at(r);
  if (!in_force) return unjudged(t, as_of, NotApplicableCause::no_rule_version);
  const RuleSet& rules = *in_force;
  const Calendar cal = in.calendar_named(calendar_of_entity(*received, rules));
  // Holds matter only under a version that pauses something (none shipped).
  const ContactHolds holds = rules.pausable_clocks.empty() ? ContactHolds{} : contact_holds(t, as_of);
  const ClockContext cx{t, as_of, rules, cal, received->field("customer").value_or(""), &holds.periods};
  const ContactHistory h = read_history(events, received, rules, cal);

  std::vector<ClockResult> out;
  out.push_back(allowance_clock(cx, ClockId::acknowledge, r, rules.acknowledge, h.acknowledge));
  if (received->field("gemini").value_or("false") == "true") {
    out.push_back(gemini_resolution_clock(cx, *received, h));
  } else {
    out.push_back(allowance_clock(cx, ClockId::initial_response, r, rules.initial_response, h.initial_response));
    out.push_back(allowance_clock(cx, ClockId::resolution, r, rules.resolution, h.resolution));
  }
  out.push_back(revised_resolution_clock(cx, h));
  out.push_back(regular_updates_clock(cx, h));
  if (auto parties = parties_notification_clock(cx, events)) out.push_back(std::move(*parties));
  return out;
}

}  // namespace slaclock::detail
