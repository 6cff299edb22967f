#pragma once
// A clock named on the command line or in a dashboard address: a DSC clock,
// or one a stored rule version defines (its name is known once the stored
// versions are read, which happens here only when the word is not already
// known).
//
//   std::optional<ClockId> id = find_clock(store, "p1_response");
#include <slaclock/clock/clock_id.h>
#include <slaclock/store/event_store.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace slaclock {

/// Nothing when no stored rule version defines a clock of that name.
std::optional<ClockId> find_clock(const EventStore& store, std::string_view word);
/// Every clock the stored rule versions define, then the DSC clocks they do
/// not: what a filter offers.
std::vector<ClockId> known_clocks(const EventStore& store);
/// The same, comma-separated: what an error message offers.
std::string clock_names_of(const EventStore& store);

}  // namespace slaclock
