#pragma once
// Delivering notices: after a sweep has committed, each notice not yet sent
// (new, or left unsent by an earlier failure) is handed to a delivery
// function, oldest first; each success is recorded as a delivery in its own
// small transaction, so a failure loses nothing: the notice stays unsent and
// the next run tries it again. At least once: a delivery that succeeded but
// could not be recorded is tried again.
//
//   NotifyOutcome o = deliver_unsent_notices(store, {.deliver = send, .now = clock, .sent_by = "ops"});
#include <slaclock/store/event_store.h>
#include <slaclock/store/notice_store.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace slaclock {

struct NotifyOptions {
  /// Sends one notice; true when it was delivered. Reports its own failures.
  std::function<bool(const StoredNotice&)> deliver;
  /// The wall clock, read for each recorded delivery.
  std::function<Instant()> now;
  std::string sent_by;  ///< who the deliveries are recorded as
  std::string command;  ///< recorded with each delivery (the notify command)
};

struct NotifyOutcome {
  std::size_t attempted = 0;
  std::size_t delivered = 0;
  std::vector<std::int64_t> failed;  ///< ids left unsent, to be tried again
};

/// Hands every unsent notice to options.deliver, oldest first, and records
/// each success (DeliveryVia::notify_cmd). Throws StoreError on a read-only
/// store or when a delivery cannot be recorded.
NotifyOutcome deliver_unsent_notices(EventStore& store, const NotifyOptions& options);

}  // namespace slaclock
