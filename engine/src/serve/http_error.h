#pragma once
// An answer other than 200 decided inside a handler: bad input (400), an
// unknown entity (404). The server turns it into an error page or JSON.
#include <stdexcept>
#include <string>

namespace slaclock::detail {

class HttpError : public std::runtime_error {
 public:
  HttpError(int status, const std::string& message) : std::runtime_error(message), status_(status) {}
  int status() const noexcept { return status_; }

 private:
  int status_;
};

}  // namespace slaclock::detail
