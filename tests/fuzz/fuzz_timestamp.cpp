// libFuzzer target: parse_instant (with and without a zone for local times),
// parse_date and parse_duration (time/timestamp.h), each on the whole input.
#include <slaclock/time/time_zone.h>
#include <slaclock/time/timestamp.h>

#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace slaclock;
  static const TimeZone london = TimeZone::named("Europe/London");
  const std::string text = fuzz::as_text(data, size);
  fuzz::expect_only_slaclock_errors([&] { format_utc(parse_instant(text)); });
  fuzz::expect_only_slaclock_errors([&] { format_instant(parse_instant(text, &london), london); });
  fuzz::expect_only_slaclock_errors([&] { format_date(parse_date(text)); });
  fuzz::expect_only_slaclock_errors([&] { format_duration(parse_duration(text).count); });
  return 0;
}
