#pragma once
// One root error type for everything slaclock reports to a user. It carries
// where the problem is (file, line, field) so the message can say so:
//   calendars/x.yaml:12: field 'holidays.rules[3].month': must be 1-12
#include <cstddef>
#include <stdexcept>
#include <string>

namespace slaclock {

struct ErrorContext {
  std::string file;      ///< file name, or empty
  std::size_t line = 0;  ///< 1-based line, or 0 when unknown
  std::string field;     ///< field or option name, or empty
};

class Error : public std::runtime_error {
 public:
  Error(ErrorContext where, const std::string& why);
  explicit Error(const std::string& why) : Error(ErrorContext{}, why) {}
  const ErrorContext& where() const noexcept { return where_; }
  const std::string& why() const noexcept { return why_; }

 private:
  ErrorContext where_;
  std::string why_;
};

/// Input that cannot be understood: a timestamp, a number, an event line.
class InputError : public Error {
  using Error::Error;
};
/// A calendar or rules file that is malformed or inconsistent.
class ConfigError : public Error {
  using Error::Error;
};
/// An instant outside the years a calendar was precomputed for.
class RangeError : public Error {
  using Error::Error;
};
/// A database that cannot be opened, migrated or written.
class StoreError : public Error {
  using Error::Error;
};

/// "file:line: field 'f': why" with the parts that are known.
std::string format_error_message(const ErrorContext& where, const std::string& why);

}  // namespace slaclock
