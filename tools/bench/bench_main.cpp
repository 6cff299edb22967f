// slaclock-bench: the cost of business-time arithmetic on england-and-wales.
// Inputs are pre-generated (fixed seed) so only the engine call is timed; a
// checksum over the results keeps the compiler from dropping the work.
//
//   $ slaclock-bench [N]        (default N = 1,000,000)
//   add_business_hours_4: 12.3 ns/op
#include <slaclock/calendar/calendar.h>
#include <slaclock/config/calendar_loader.h>
#include <slaclock/time/timestamp.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

namespace {

using slaclock::Instant;

template <class Op>
std::uint64_t time_op(const char* name, std::size_t n, Op op) {
  std::uint64_t checksum = 0;
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < n; ++i) checksum += static_cast<std::uint64_t>(op(i));
  const auto stop = std::chrono::steady_clock::now();
  const double ns = std::chrono::duration<double, std::nano>(stop - start).count() / static_cast<double>(n);
  std::printf("%s: %.1f ns/op\n", name, ns);
  return checksum;
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1'000'000;
  const slaclock::Calendar cal = slaclock::load_calendar("england-and-wales");
  std::mt19937_64 rng(20240328);
  const std::int64_t from = slaclock::parse_instant("2018-01-01T00:00:00Z").utc_seconds;
  const std::int64_t to = slaclock::parse_instant("2028-01-01T00:00:00Z").utc_seconds;
  std::uniform_int_distribution<std::int64_t> when(from, to - 1), gap(0, 60 * 86400);
  std::vector<Instant> a(n), b(n);
  for (std::size_t i = 0; i < n; ++i) {
    a[i] = Instant{when(rng)};
    b[i] = Instant{a[i].utc_seconds + gap(rng)};
  }
  const slaclock::BusinessSeconds four_hours = slaclock::BusinessSeconds::hours(4);

  std::uint64_t checksum = 0;
  checksum +=
      time_op("add_business_hours_4", n, [&](std::size_t i) { return cal.add_business(a[i], four_hours).utc_seconds; });
  checksum +=
      time_op("business_days_after_7", n, [&](std::size_t i) { return cal.business_days_after(a[i], 7).utc_seconds; });
  checksum += time_op("business_between_60d", n, [&](std::size_t i) { return cal.business_between(a[i], b[i]).count; });
  std::printf("checksum: %llu\n", static_cast<unsigned long long>(checksum));
  return 0;
}
