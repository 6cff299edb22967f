#pragma once
// Shared by the libFuzzer targets (docs/fuzzing.md). A target feeds the bytes
// it is given to one parser through expect_only_slaclock_errors(): the
// project's own errors (slaclock::Error and its subclasses) are the expected
// way to refuse bad input; any other exception escapes and aborts, which
// libFuzzer reports as a crash, as it does sanitizer findings and hangs.
#include <slaclock/base/error.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace slaclock::fuzz {

inline std::string as_text(const std::uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

/// Aborts with a message: libFuzzer keeps the input as a crash.
[[noreturn]] inline void finding(const char* what, const Error& e) {
  std::fprintf(stderr, "fuzz finding: %s: %s\n", what, e.what());
  std::abort();
}

/// Runs `parse`; a slaclock::Error is an expected outcome, anything else escapes.
/// `source` non-empty: the error must name it as its file (house style:
/// "file:line: field 'f': why").
template <class F>
void expect_only_slaclock_errors(F&& parse, const std::string& source = {}) {
  try {
    parse();
  } catch (const Error& e) {
    if (e.why().empty()) finding("a slaclock error without a reason", e);
    if (!source.empty() && e.where().file != source) finding("a config error that does not name its file", e);
  }
}

}  // namespace slaclock::fuzz
