// libFuzzer target: the JSON Lines event reader (import/record_reader.h).
#include "fuzz_support.h"
#include "import/record_reader.h"

#include <sstream>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace slaclock;
  std::istringstream in(fuzz::as_text(data, size));
  fuzz::expect_only_slaclock_errors([&] {
    const auto reader = detail::make_jsonl_reader(in);
    detail::RawRecord record;
    std::size_t last_line = 0;
    while (reader->next(record)) {
      if (record.line <= last_line) std::abort();  // lines only move forward
      last_line = record.line;
    }
  });
  return 0;
}
