#pragma once
// The notices sweeps raise (a clock at risk or breached, a customer
// notification due, a KPI run missed) and their deliveries: who sent which
// notice when, by `notices mark-sent` or a sweep's notify command. Deliveries
// are append-only (the database refuses to change or delete one). All SQL
// here; SQLite errors leave as StoreError.
//
//   NoticeQuery unsent;
//   unsent.unsent_only = true;
//   for (const StoredNotice& n : list_notices(store, unsent)) send(n);
//   record_notice_deliveries(store, {n.id}, {now, "ops", DeliveryVia::mark_sent, ""});
#include <slaclock/clock/clock_definition.h>
#include <slaclock/clock/clock_id.h>
#include <slaclock/clock/event.h>
#include <slaclock/store/event_store.h>
#include <slaclock/time/time_types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace slaclock {

// NoticeKind (breached, at_risk, notify_customers) is a clock definition's
// word: clock/clock_definition.h.

/// How a delivery was recorded: by hand (`notices mark-sent`) or by the
/// command a sweep ran (`sweep --notify-cmd`).
enum class DeliveryVia : std::uint8_t { mark_sent, notify_cmd };
const char* delivery_via_name(DeliveryVia v) noexcept;  ///< "mark_sent", "notify_cmd"
std::optional<DeliveryVia> parse_delivery_via(std::string_view word) noexcept;

struct NoticeDelivery {
  Instant sent_at;
  std::string sent_by;
  DeliveryVia via = DeliveryVia::mark_sent;
  std::string command;  ///< notify_cmd: the command that sent it; empty otherwise
};

struct StoredNotice {
  std::int64_t id = 0;
  NoticeKind kind = NoticeKind::breached;
  std::string entity_id;
  EntityKind entity_kind = EntityKind::contact;
  ClockId clock = ClockId::acknowledge;
  std::optional<Instant> due_at;
  std::string customer;  ///< may be empty
  std::string reason;    ///< the clock's reason when the notice was raised
  std::int64_t sweep_id = 0;
  Instant raised_at;                   ///< the as_of of the sweep that raised it
  std::string calendar;                ///< the clock's calendar (its stored state); may be empty
  std::optional<NoticeDelivery> sent;  ///< the first delivery; empty while unsent
};

struct NoticeQuery {
  std::optional<Instant> since;  ///< raised by a sweep as of this instant or later
  std::optional<NoticeKind> kind;
  std::optional<std::string> customer;
  bool unsent_only = false;
  std::vector<std::int64_t> ids;  ///< only these notices (empty: every one)
};
/// Stored notices matching the query, oldest (lowest id) first.
std::vector<StoredNotice> list_notices(const EventStore& store, const NoticeQuery& query);

/// Records a delivery of each notice in `ids`, in one transaction that checks
/// every id before it writes anything: an id that is not a stored notice is
/// an InputError naming it, and nothing is recorded. A notice already sent is not
/// recorded again: its id is returned. Throws StoreError on a read-only store.
std::vector<std::int64_t> record_notice_deliveries(EventStore& store, const std::vector<std::int64_t>& ids,
                                                   const NoticeDelivery& delivery);

}  // namespace slaclock
