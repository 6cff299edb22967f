#pragma once
// A request's query parameters, checked the way the CLI checks its options
// and with the same words: a bad value is a 400 naming the parameter
// ("parameter clock: 'x' is not a clock; use one of ..."), never a 500.
// Unknown and repeated parameters are refused too, so a typo never vanishes.
#include <slaclock/clock/clock_result.h>
#include <slaclock/ops/overdue.h>
#include <slaclock/time/time_types.h>
#include <slaclock/time/time_zone.h>

#include <cstddef>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>

namespace slaclock::detail {

class QueryParams {
 public:
  /// Throws HttpError 400 for a parameter not in `allowed`, one given twice,
  /// or a value longer than 200 bytes.
  QueryParams(const std::multimap<std::string, std::string>& params, std::initializer_list<const char*> allowed);

  /// The value, or "" when absent.
  const std::string& text(const std::string& name) const;
  /// An instant with an offset, or a local time in `zone` (the dashboard's
  /// calendar zone), as `--zone calendar` takes it.
  std::optional<Instant> instant(const std::string& name, const TimeZone& zone) const;
  /// A due-within window in the CLI's grammar ("1bd", "4bh", "90m"); none when empty.
  DueWithin due_within(const std::string& name) const;
  std::optional<ClockId> clock(const std::string& name) const;
  /// pending, at_risk or breached.
  std::optional<ClockStatus> running_status(const std::string& name) const;
  /// A whole number in [min, max]; `fallback` when absent.
  std::size_t number(const std::string& name, std::size_t min, std::size_t max, std::size_t fallback) const;
  /// true/false, 1/0, yes/no, on/off; false when absent.
  bool flag(const std::string& name) const;

 private:
  [[noreturn]] static void bad(const std::string& name, const std::string& why);
  std::map<std::string, std::string> values_;
};

}  // namespace slaclock::detail
