// libFuzzer target: the calendar YAML loader (config/calendar_loader.h), then
// Calendar::build on what it accepts, as load_calendar_file does.
#include <slaclock/calendar/calendar.h>
#include <slaclock/config/calendar_loader.h>

#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace slaclock;
  const std::string text = fuzz::as_text(data, size);
  CalendarDefinition def;
  bool parsed = false;
  fuzz::expect_only_slaclock_errors(
      [&] {
        def = parse_calendar_definition(text, "fuzz.yaml");
        parsed = true;
      },
      "fuzz.yaml");
  if (parsed) fuzz::expect_only_slaclock_errors([&] { Calendar::build(def); });
  return 0;
}
