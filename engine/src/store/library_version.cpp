// The SQLite library's version, for `slaclock --version`.
#include <slaclock/store/event_store.h>

#include <sqlite3.h>

namespace slaclock {

std::string sqlite_library_version() {
  return sqlite3_libversion();
}

}  // namespace slaclock
