#pragma once
// Turns holiday rules into dated holidays for a range of years.
#include <slaclock/calendar/calendar_definition.h>

#include <map>
#include <string>

namespace slaclock::detail {

/// Holidays from first_year-1 to last_year (the year before catches a
/// substitute day that spills into January), after additions and removals.
std::map<CivilDate, std::string> expand_holidays(const CalendarDefinition& def);

}  // namespace slaclock::detail
