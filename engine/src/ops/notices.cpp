#include <slaclock/ops/notices.h>

namespace slaclock {

NotifyOutcome deliver_unsent_notices(EventStore& store, const NotifyOptions& options) {
  NotifyOutcome out;
  NoticeQuery unsent;
  unsent.unsent_only = true;
  for (const StoredNotice& n : list_notices(store, unsent)) {
    ++out.attempted;
    if (!options.deliver(n)) {
      out.failed.push_back(n.id);
      continue;
    }
    // Recorded at once, in its own transaction: a later failure (or a crash)
    // does not send this one again.
    record_notice_deliveries(store, {n.id}, {options.now(), options.sent_by, DeliveryVia::notify_cmd, options.command});
    ++out.delivered;
  }
  return out;
}

}  // namespace slaclock
