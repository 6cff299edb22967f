// libFuzzer target: the rules YAML loader (config/rule_loader.h). Calendar
// names are looked up in the repository's calendars/ folder.
#include <slaclock/config/rule_loader.h>

#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace slaclock;
  const std::string text = fuzz::as_text(data, size);
  fuzz::expect_only_slaclock_errors([&] { parse_rule_set(text, "fuzz.yaml", SLACLOCK_FUZZ_CALENDAR_DIR); },
                                    "fuzz.yaml");
  return 0;
}
