#pragma once
// Recomputes the content and chain hash of every event after `after_seq`,
// starting from `chain_before` (the link of event `after_seq`; 32 zero bytes
// before the first), then checks the imports log's newest head against it.
#include <slaclock/store/event_store.h>

#include "base/sha256.h"

#include <SQLiteCpp/Database.h>

#include <cstdint>

namespace slaclock::detail {

VerifyReport verify_event_chain(SQLite::Database& db, std::int64_t after_seq, const Digest& chain_before);

}  // namespace slaclock::detail
