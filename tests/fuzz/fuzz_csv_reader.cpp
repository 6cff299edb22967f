// libFuzzer target: the CSV event reader (import/record_reader.h).
// What it does with the input: fuzz_targets.h. Build and run: tools/fuzz.sh.
#include "fuzz_targets.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  slaclock::fuzz::csv_reader(std::string(reinterpret_cast<const char*>(data), size));
  return 0;
}
