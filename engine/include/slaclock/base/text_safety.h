#pragma once
// Which characters may never reach a terminal or a stored text field, and
// how a table shows them when older data still holds them. One list, so the
// importer refuses exactly what the CLI escapes (docs/events.md lists it).
//
//   if (auto cp = first_unsafe_code_point(value, {.tab = true})) ...;   // refused at import
//   std::cout << terminal_safe(cell);                                  // \x1b, \u{9b}, \u{202e}
#include <optional>
#include <string>
#include <string_view>

namespace slaclock {

/// Characters a text field may hold although they are controls.
struct AllowedControls {
  bool tab = false;          ///< TAB (free text)
  bool line_breaks = false;  ///< LF and CR (free text)
};

/// Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
bool is_valid_utf8(std::string_view text) noexcept;

/// C0 controls and DEL, C1 controls (U+0080-U+009F: U+009B is a terminal's
/// CSI, U+0085 a line break to some readers), the bidirectional embeddings,
/// overrides and isolates (U+202A-U+202E, U+2066-U+2069, which reorder how
/// the text around them prints) and the line and paragraph separators
/// (U+2028, U+2029: line breaks to JavaScript and some editors).
bool is_unsafe_code_point(char32_t cp) noexcept;

/// The first such character in `text` (decoded as UTF-8; bytes that are not
/// UTF-8 are skipped: whether text must be UTF-8 is the caller's check).
std::optional<char32_t> first_unsafe_code_point(std::string_view text, AllowedControls allowed = {}) noexcept;

/// How a message names a character: "\x1b" below U+0080, else "U+009B".
std::string code_point_name(char32_t cp);

/// Why the character may not be in a text field, for a message.
std::string why_unsafe(char32_t cp);

/// Text for a terminal: C0 controls and DEL as \xNN, the other unsafe
/// characters as \u{NN}, bytes that are not UTF-8 as \xNN (a lone 0x9b byte
/// is CSI to an 8-bit terminal); everything else as it is.
std::string terminal_safe(std::string_view text);

}  // namespace slaclock
