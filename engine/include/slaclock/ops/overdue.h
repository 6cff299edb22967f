#pragma once
// The service desk's question: which running clocks are past due, or due
// soon, as of an instant. Read from the clock state the last sweep stored.
//
//   std::vector<ClockResult> late = overdue_clocks(store, {.as_of = t});
//   OverdueQuery q{.as_of = t, .due_within = parse_due_within("1bd")};  // and due by today's close
#include <slaclock/calendar/calendar.h>
#include <slaclock/clock/clock_result.h>
#include <slaclock/store/event_store.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace slaclock {

/// How far past as_of `overdue` also looks: nothing (past due only), elapsed
/// time, business time, or to the close of a number of business days. The
/// business kinds are counted on each clock's own calendar.
class DueWithin {
 public:
  enum class Unit : std::uint8_t { none, elapsed, business_time, business_days };

  DueWithin() = default;
  /// Elapsed time (24x7); zero is no window.
  DueWithin(Seconds s) noexcept : unit_(s.count > 0 ? Unit::elapsed : Unit::none), amount_(s.count) {}
  /// Business time on the clock's calendar; zero is no window.
  DueWithin(BusinessSeconds s) noexcept : unit_(s.count > 0 ? Unit::business_time : Unit::none), amount_(s.count) {}
  /// To the close of the n-th business day (n >= 1), the current one counting
  /// as the first while it is open: at Fri 10:00, 1 is Fri 17:00 and 2 Mon
  /// 17:00; at Fri 18:00, 1 is Mon 17:00. Throws InputError when n < 1.
  static DueWithin business_days(std::int64_t n);

  Unit unit() const noexcept { return unit_; }
  std::int64_t amount() const noexcept { return amount_; }  ///< seconds, or business days
  bool empty() const noexcept { return unit_ == Unit::none; }
  bool in_business_time() const noexcept { return unit_ == Unit::business_time || unit_ == Unit::business_days; }
  /// The latest due instant listed when judging at as_of on `cal`: as_of - 1s
  /// for no window (past due is strictly after due), else the window's end,
  /// inclusive. Throws RangeError outside the calendar's years.
  Instant last_due(Instant as_of, const Calendar& cal) const;
  /// The same for a window in elapsed time, or none, which need no calendar;
  /// a business window throws std::logic_error.
  Instant last_due(Instant as_of) const;

 private:
  Unit unit_ = Unit::none;
  std::int64_t amount_ = 0;
};

/// "1bd" (business days: to the close of the n-th), "4bh", "30bm", "1bh30bm"
/// (business hours and minutes), or elapsed "1d", "4h", "90m", "45s", "1d4h"
/// (a bare number is seconds). Business and elapsed units do not mix, and
/// business days stand alone. Throws InputError saying what is wrong.
DueWithin parse_due_within(std::string_view text);

struct OverdueQuery {
  Instant as_of;
  DueWithin due_within;  ///< also list running clocks due within this window after as_of
  std::optional<std::string> customer;
  std::optional<std::string> priority;  ///< the entity's priority when judged (a contact's, a KPI result's)
  std::optional<ClockId> clock;
  std::optional<ClockStatus> status;    ///< after re-judging at as_of
  std::optional<std::string> calendar;  ///< only clocks judged on this calendar
  /// Where a calendar the database never stored is read from (default: the data folder's calendars/).
  std::filesystem::path calendars_dir;
  /// At most this many clocks listed (the soonest due); 0 lists every one.
  std::size_t limit = 0;
  /// With a limit: still judge every matching clock, for the total and the
  /// counts by status (the dashboard's board), or stop at the first one past
  /// the limit (the CLI, which only says that more match).
  bool count_all = false;
};

/// A page of overdue_clocks and what it leaves out.
struct OverdueList {
  std::vector<ClockResult> clocks;  ///< the first `limit` matching clocks, soonest due first
  bool more = false;                ///< more clocks match than are listed
  /// Every matching clock (listed or not) by status, and their number: only
  /// when every one was judged (no limit, or count_all).
  std::map<ClockStatus, std::size_t> counts;
  std::size_t total = 0;
  /// Where the clocks came from: the clock state of the latest sweep, or
  /// (as_of before the latest sweep) the timelines as the sweep in force at
  /// as_of knew them.
  enum class Source { latest_sweep, timelines_as_known };
  Source source = Source::latest_sweep;
  /// timelines_as_known: the sweep whose versions judged them, if any was in force.
  std::optional<Instant> versions_of_sweep;
};

/// Running clocks from the latest stored state, judged again at as_of from
/// what the sweep stored (start, due, at-risk instant, measure, allowance,
/// due basis): status (breached strictly after due, at_risk from the at-risk
/// instant), used and remaining time and the reason sentence are those at
/// as_of, never the sweep's. Business time is counted on each clock's own
/// calendar, the version its sweep recorded. Soonest due first. Reflects
/// events as of the last sweep; says nothing of events imported since.
/// At an as_of before the latest sweep the stored state is not the state then
/// (a clock met since is no longer running), so the clocks are judged at
/// as_of from the timelines as the sweep in force at as_of knew them, with
/// the rule and calendar versions it recorded (before the first sweep: as
/// known at as_of, with every stored version). That reads every timeline.
std::vector<ClockResult> overdue_clocks(const EventStore& store, const OverdueQuery& query);

/// The same, a page at a time: clocks past the limit are judged for their
/// status (counted, when count_all) but never worded, so a page costs a
/// fraction of the whole list on a large site.
OverdueList overdue_list(const EventStore& store, const OverdueQuery& query);

}  // namespace slaclock
