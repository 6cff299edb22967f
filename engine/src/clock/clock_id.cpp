// The process's clock-name table. Names are entered when a rule version's
// definitions are read or a stored row names a site clock, from any thread
// (the sweep reads stored rows on its judging thread), and never removed, so
// a name's text, once entered, stays where it is: readers take it without a
// lock through an atomic pointer per slot.
#include <slaclock/clock/clock_id.h>

#include <slaclock/base/error.h>

#include <atomic>
#include <mutex>

namespace slaclock {

namespace {

constexpr std::size_t max_clocks = 4096;
constexpr const char* dsc_names[] = {
    "acknowledge",          "initial_response",      "resolution",         "revised_resolution", "regular_updates",
    "gemini_resolution",    "breach_notification",   "breach_resolution",  "kpi_miss_notice",    "kpi_consecutive",
    "parties_notification", "breach_monthly_report", "issue_notification", "issue_plan"};
static_assert(std::size(dsc_names) == dsc_clock_ids.size());

struct NameTable {
  std::array<std::atomic<const std::string*>, max_clocks> slots{};
  std::atomic<std::size_t> size{0};
  std::mutex adding;

  NameTable() {
    for (const char* n : dsc_names) slots[size++].store(new std::string(n), std::memory_order_release);
  }
  std::optional<std::uint16_t> find(std::string_view name) const noexcept {
    const std::size_t n = size.load(std::memory_order_acquire);
    for (std::size_t i = 0; i < n; ++i)
      if (const std::string* s = slots[i].load(std::memory_order_acquire); s && *s == name)
        return static_cast<std::uint16_t>(i);
    return std::nullopt;
  }
};

NameTable& table() {
  static NameTable* t = new NameTable;  // never destroyed: names outlive every static that holds a ClockId
  return *t;
}

bool valid_name(std::string_view name) noexcept {
  if (name.empty() || name.size() > 64 || name[0] < 'a' || name[0] > 'z') return false;
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

}  // namespace

std::optional<ClockId> ClockId::try_named(std::string_view name) noexcept {
  if (!valid_name(name)) return std::nullopt;
  NameTable& t = table();
  if (auto i = t.find(name)) return ClockId(*i);
  std::lock_guard lock(t.adding);
  if (auto i = t.find(name)) return ClockId(*i);
  const std::size_t n = t.size.load(std::memory_order_relaxed);
  if (n >= max_clocks) return std::nullopt;
  t.slots[n].store(new std::string(name), std::memory_order_release);
  t.size.store(n + 1, std::memory_order_release);
  return ClockId(static_cast<std::uint16_t>(n));
}

ClockId ClockId::named(std::string_view name) {
  if (auto id = try_named(name)) return *id;
  if (!valid_name(name))
    throw ConfigError("'" + std::string(name) +
                      "' is not a clock name: 1-64 characters of a-z, 0-9 and _, starting with a letter");
  throw ConfigError("too many clock names (at most " + std::to_string(max_clocks) + ")");
}

const char* clock_name(ClockId id) noexcept {
  const NameTable& t = table();
  if (id.index() >= t.size.load(std::memory_order_acquire)) return "";
  const std::string* s = t.slots[id.index()].load(std::memory_order_acquire);
  return s ? s->c_str() : "";
}

std::optional<ClockId> parse_clock_id(std::string_view word) noexcept {
  if (table().find(word)) return ClockId::try_named(word);
  return std::nullopt;
}

std::string list_clock_names() {
  std::string out;
  const NameTable& t = table();
  const std::size_t n = t.size.load(std::memory_order_acquire);
  for (std::size_t i = 0; i < n; ++i) out += (out.empty() ? "" : ", ") + *t.slots[i].load(std::memory_order_acquire);
  return out;
}

}  // namespace slaclock
