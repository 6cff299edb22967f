// libFuzzer target: the rules YAML loader (config/rule_loader.h).
// What it does with the input: fuzz_targets.h. Build and run: tools/fuzz.sh.
#include "fuzz_targets.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  slaclock::fuzz::rules_yaml(std::string(reinterpret_cast<const char*>(data), size), SLACLOCK_FUZZ_CALENDAR_DIR);
  return 0;
}
