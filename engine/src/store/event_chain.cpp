// The events chain walked from a known link: the whole chain for `verify`,
// or only what was added after a recorded head for `verify --since`.
#include "store/event_chain.h"

#include "store/event_canonical.h"

#include <SQLiteCpp/Statement.h>

namespace slaclock::detail {

VerifyReport verify_event_chain(SQLite::Database& db, std::int64_t after_seq, const Digest& chain_before) {
  VerifyReport report;
  Sha256 sha;
  Digest chain = chain_before;  // 32 zero bytes before the first event
  std::string text;
  SQLite::Statement q(db,
                      "SELECT seq, event_id, kind, entity_id, type, at, recorded_at, fields, content_sha256, "
                      "chain_sha256 FROM events WHERE seq > ? ORDER BY seq");
  q.bind(1, after_seq);
  std::int64_t last_seq = after_seq;
  while (q.executeStep()) {
    const std::int64_t seq = q.getColumn(0).getInt64();
    const std::string event_id = q.getColumn(1).getString();
    auto mismatch = [&](std::string what) {
      report.mismatch = ChainMismatch{seq, event_id, std::move(what)};
      return report;
    };
    text.clear();
    canonical_event_text(text, event_id, q.getColumn(2).getString(), q.getColumn(3).getString(),
                         q.getColumn(4).getString(), q.getColumn(5).getInt64(), q.getColumn(6).getInt64(),
                         q.getColumn(7).getString());
    const Digest content = sha.of(text);
    const std::string stored_content = q.getColumn(8).getString();
    if (to_hex(content) != stored_content)
      return mismatch("content_sha256 differs: the stored event was changed after import");
    chain = sha.of_pair(chain, content);
    if (to_hex(chain) != q.getColumn(9).getString())
      return mismatch("chain_sha256 differs: an earlier event was removed, reordered or its hashes rewritten");
    if (seq != last_seq + 1 && (last_seq != 0 || after_seq != 0))
      return mismatch("sequence gap after " + std::to_string(last_seq) + ": events were deleted");
    last_seq = seq;
    ++report.events_checked;
  }
  report.chain_head = report.events_checked || after_seq ? to_hex(chain) : std::string();

  // The imports log records the chain head after each import: a deleted
  // tail (which leaves no broken link behind it) shows up here.
  SQLite::Statement head(
      db, "SELECT last_seq, chain_head FROM imports WHERE last_seq IS NOT NULL ORDER BY last_seq DESC LIMIT 1");
  if (head.executeStep()) {
    const std::int64_t logged_seq = head.getColumn(0).getInt64();
    const std::string logged_head = head.getColumn(1).getString();
    if (logged_seq > last_seq)
      report.mismatch = ChainMismatch{last_seq + 1, "",
                                      "events up to seq " + std::to_string(logged_seq) + " were imported but only " +
                                          std::to_string(last_seq) + " are stored: the newest events were deleted"};
    else if (logged_seq == last_seq && logged_head != report.chain_head)
      report.mismatch = ChainMismatch{last_seq, "", "the chain head differs from the one logged by the last import"};
  }
  return report;
}

}  // namespace slaclock::detail
