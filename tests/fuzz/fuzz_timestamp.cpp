// libFuzzer target: parse_instant, parse_date and parse_duration (time/timestamp.h).
// What it does with the input: fuzz_targets.h. Build and run: tools/fuzz.sh.
#include "fuzz_targets.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  slaclock::fuzz::timestamp(std::string(reinterpret_cast<const char*>(data), size));
  return 0;
}
