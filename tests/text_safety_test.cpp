// base/text_safety.h: the one list of characters no text field may hold, and
// how a terminal is shown them (docs/events.md, Files).
#include <slaclock/base/text_safety.h>

#include <doctest/doctest.h>

namespace slaclock {

TEST_SUITE("text_safety") {
  TEST_CASE("text safety: the refused characters are C0, DEL, C1, bidi overrides and isolates, U+2028 and U+2029") {
    for (char32_t cp : {U'\x00', U'\x1b', U'\x7f', U'\x80', U'\x85', U'\x9b', U'\x9f', U'\u202a', U'\u202e', U'\u2066',
                        U'\u2069', U'\u2028', U'\u2029'})
      CHECK(is_unsafe_code_point(cp));
    for (char32_t cp : {U' ', U'~', U'\xa0', U'\xe9', U'\u200f', U'\u2030', U'\u2065', U'\u206a', U'\U0001F600'})
      CHECK_FALSE(is_unsafe_code_point(cp));
    CHECK(first_unsafe_code_point("a\tb") == char32_t{'\t'});
    CHECK_FALSE(first_unsafe_code_point("a\tb\r\nc", {.tab = true, .line_breaks = true}));
    CHECK(first_unsafe_code_point("ok \xe2\x80\xae") == char32_t{0x202E});
    CHECK_FALSE(first_unsafe_code_point("caf\xc3\xa9 \xff"));  // not UTF-8: the caller's check
    CHECK(code_point_name(0x1b) == "\\x1b");
    CHECK(code_point_name(0x9b) == "U+009B");
    CHECK(code_point_name(0x202e) == "U+202E");
  }

  TEST_CASE("text safety: a terminal sees escapes, never the raw characters or stray bytes") {
    CHECK(terminal_safe("plain caf\xc3\xa9") == "plain caf\xc3\xa9");
    CHECK(terminal_safe("a\x1b[2Jb") == "a\\x1b[2Jb");
    CHECK(terminal_safe("a\xc2\x9b"
                        "b") == "a\\u{9b}b");
    CHECK(terminal_safe("x\xe2\x80\xaey") == "x\\u{202e}y");
    CHECK(terminal_safe("\xe2\x80\xa8") == "\\u{2028}");
    CHECK(terminal_safe("lone \x9b byte") == "lone \\x9b byte");  // CSI to an 8-bit terminal
    CHECK(terminal_safe("cut \xe2\x80") == "cut \\xe2\\x80");     // a sequence cut short
    CHECK(terminal_safe("\xc0\xaf") == "\\xc0\\xaf");             // overlong '/'
  }
}

}  // namespace slaclock
