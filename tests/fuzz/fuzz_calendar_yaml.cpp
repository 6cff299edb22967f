// libFuzzer target: the calendar YAML loader, then Calendar::build (config/calendar_loader.h).
// What it does with the input: fuzz_targets.h. Build and run: tools/fuzz.sh.
#include "fuzz_targets.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  slaclock::fuzz::calendar_yaml(std::string(reinterpret_cast<const char*>(data), size));
  return 0;
}
