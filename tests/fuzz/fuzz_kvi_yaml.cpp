// libFuzzer target: the KVI settings YAML loader (config/kvi_config_loader.h).
#include <slaclock/config/kvi_config_loader.h>

#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace slaclock;
  const std::string text = fuzz::as_text(data, size);
  fuzz::expect_only_slaclock_errors([&] { parse_kvi_config(text, "fuzz.yaml"); }, "fuzz.yaml");
  return 0;
}
