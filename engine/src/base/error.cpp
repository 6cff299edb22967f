#include <slaclock/base/error.h>

namespace slaclock {

std::string format_error_message(const ErrorContext& where, const std::string& why) {
  std::string out;
  if (!where.file.empty()) {
    out += where.file;
    if (where.line > 0) out += ":" + std::to_string(where.line);
    out += ": ";
  } else if (where.line > 0) {
    out += "line " + std::to_string(where.line) + ": ";
  }
  if (!where.field.empty())
    out += where.field.front() == '-' ? "option " + where.field + ": " : "field '" + where.field + "': ";
  out += why;
  return out;
}

Error::Error(ErrorContext where, const std::string& why)
    : std::runtime_error(format_error_message(where, why)), where_(std::move(where)), why_(why) {}

}  // namespace slaclock
