// Business-time arithmetic (SPEC section 2): hand-worked examples, the
// boundary rules, both DST weeks, the gas day, and a property test against a
// deliberately simple minute-by-minute reference.
#include <slaclock/base/error.h>
#include <slaclock/calendar/calendar.h>
#include <slaclock/config/calendar_loader.h>
#include <slaclock/time/timestamp.h>

#include <doctest/doctest.h>
#include <unistd.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace slaclock {

namespace {

Instant at(const char* iso) {
  return parse_instant(iso);
}
constexpr Seconds second{1};
BusinessSeconds bhours(std::int64_t h) {
  return BusinessSeconds::hours(h);
}

const Calendar& england() {
  static const Calendar cal = load_calendar("england-and-wales");
  return cal;
}

std::string local(Instant t) {
  return format_instant(t, england().zone());
}

// A deliberately simple model of a calendar: per weekday, windows in local
// seconds; business days from Calendar::is_business_day. It answers "is this
// instant inside business hours?" by converting it to local time, nothing more.
struct Reference {
  const Calendar& cal;
  std::array<std::vector<std::pair<int, int>>, 7> windows;

  bool inside(Instant t) const {
    const LocalTime lt = cal.zone().to_local(t);
    if (!cal.is_business_day(lt.date)) return false;
    for (const auto& [open, close] : windows[static_cast<std::size_t>(lt.date.weekday())])
      if (lt.seconds_of_day >= open && lt.seconds_of_day < close) return true;
    return false;
  }
  // Walks [a, b) in steps; exact when a, b, every window edge and every zone
  // offset are multiples of the step.
  std::int64_t between(Instant a, Instant b, std::int64_t step) const {
    std::int64_t total = 0;
    for (Instant t = a; t < b; t = t + Seconds{step})
      if (inside(t)) total += step;
    return total;
  }
  // The end of the step in which the d-th business second is reached.
  Instant add(Instant t, std::int64_t d, std::int64_t step) const {
    std::int64_t total = 0;
    while (total < d) {
      if (inside(t)) total += step;
      t = t + Seconds{step};
    }
    return t;
  }
  Instant close_of(CivilDate d) const {
    const int close = windows[static_cast<std::size_t>(d.weekday())].back().second;
    return close == 86400 ? cal.zone().from_local(d + 1, 0, Disambiguation::earliest)
                          : cal.zone().from_local(d, close, Disambiguation::latest);
  }
  Instant business_days_after(Instant t, int n) const {
    CivilDate d = cal.zone().to_local(t).date;
    if (!(cal.is_business_day(d) && t < close_of(d))) {
      d = d + 1;
      while (!cal.is_business_day(d)) d = d + 1;
    }
    for (int i = 0; i < n; ++i) {
      d = d + 1;
      while (!cal.is_business_day(d)) d = d + 1;
    }
    return close_of(d);
  }
};

Reference england_reference() {
  Reference r{england(), {}};
  for (std::size_t w = 0; w < 5; ++w) r.windows[w] = {{9 * 3600, 17 * 3600}};
  return r;
}

// A second calendar with a different zone (US DST changes at 02:00 local on
// other dates), lunch breaks, a Saturday window and a whole-day Sunday window
// that meets Monday's midnight, so the reference is exercised on more shapes.
const Calendar& new_york() {
  static const Calendar cal = [] {
    const auto dir = std::filesystem::temp_directory_path() / ("slaclock-bt-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto file = dir / "new-york-desk.yaml";  // a calendar file is named by its name:
    std::ofstream(file) << "name: new-york-desk\n"
                           "time_zone: America/New_York\n"
                           "years: {from: 2012, to: 2033}\n"
                           "working_week:\n"
                           "  - days: [mon, tue, wed, thu, fri]\n"
                           "    windows: [\"08:00-12:00\", \"13:00-18:30\"]\n"
                           "  - days: [sat]\n"
                           "    windows: [\"10:00-14:00\"]\n"
                           "  - days: [sun]\n"
                           "    windows: [\"00:00-24:00\"]\n"
                           "holidays:\n"
                           "  rules:\n"
                           "    - name: Independence Day\n"
                           "      fixed: {month: 7, day: 4}\n"
                           "      substitute: next_weekday\n"
                           "    - name: Thanksgiving\n"
                           "      nth_weekday: {month: 11, weekday: thu, n: 4}\n"
                           "    - name: Memorial Day\n"
                           "      last_weekday: {month: 5, weekday: mon}\n";
    Calendar c = load_calendar_file(file);
    std::filesystem::remove_all(dir);
    return c;
  }();
  return cal;
}

Reference new_york_reference() {
  Reference r{new_york(), {}};
  for (std::size_t w = 0; w < 5; ++w) r.windows[w] = {{8 * 3600, 12 * 3600}, {13 * 3600, 18 * 3600 + 1800}};
  r.windows[5] = {{10 * 3600, 14 * 3600}};
  r.windows[6] = {{0, 86400}};
  return r;
}

}  // namespace

TEST_SUITE("business time") {
  TEST_CASE("the SPEC's worked example: received Thu 2024-03-28 16:00Z before Easter") {
    const Calendar& cal = england();
    const Instant received = at("2024-03-28T16:00:00Z");
    // 1h on Thursday; Good Friday, the weekend (clocks go forward) and Easter Monday skipped; 3h on Tuesday.
    const Instant four_hours = cal.add_business(received, bhours(4));
    CHECK(local(four_hours) == "2024-04-02T12:00:00+01:00");
    CHECK(four_hours == at("2024-04-02T11:00:00Z"));
    CHECK(cal.business_between(received, four_hours) == bhours(4));
    const Instant four_days = cal.business_days_after(received, 4);
    CHECK(local(four_days) == "2024-04-05T17:00:00+01:00");
    CHECK(cal.business_days_after(received, 7) == at("2024-04-10T17:00:00+01:00"));
    CHECK(cal.business_days_after(received, 2) == at("2024-04-03T17:00:00+01:00"));
    // Plain hours are 24x7 and cross the DST change as elapsed time.
    CHECK(local(received + Seconds::hours(4)) == "2024-03-28T20:00:00+00:00");
    CHECK(local(at("2024-03-30T12:00:00Z") + Seconds::hours(24)) == "2024-03-31T13:00:00+01:00");
    CHECK(local(at("2024-10-26T12:00:00+01:00") + Seconds::hours(24)) == "2024-10-27T11:00:00+00:00");
  }

  TEST_CASE("add_business boundary rules") {
    const Calendar& cal = england();
    SUBCASE("time running out exactly at a close gives the close, not the next opening") {
      CHECK(cal.add_business(at("2024-03-26T09:00:00Z"), bhours(8)) == at("2024-03-26T17:00:00Z"));
      CHECK(cal.add_business(at("2024-03-26T13:00:00Z"), bhours(4)) == at("2024-03-26T17:00:00Z"));
      CHECK(cal.add_business(at("2024-03-26T09:00:00Z"), bhours(16)) == at("2024-03-27T17:00:00Z"));
      CHECK(cal.add_business(at("2024-03-22T16:59:59Z"), {1}) == at("2024-03-22T17:00:00Z"));  // a Friday
      CHECK(cal.add_business(at("2024-03-22T16:59:59Z"), {2}) == at("2024-03-25T09:00:01Z"));
    }
    SUBCASE("starting outside business hours counts from the next opening") {
      CHECK(cal.add_business(at("2024-03-26T07:00:00Z"), bhours(1)) == at("2024-03-26T10:00:00Z"));  // before open
      CHECK(cal.add_business(at("2024-03-26T18:00:00Z"), bhours(1)) == at("2024-03-27T10:00:00Z"));  // after close
      CHECK(cal.add_business(at("2024-03-23T12:00:00Z"), bhours(1)) == at("2024-03-25T10:00:00Z"));  // Saturday
      CHECK(cal.add_business(at("2024-03-29T10:00:00Z"), bhours(1)) ==
            at("2024-04-02T09:00:00Z"));  // Good Friday, BST after
      CHECK(cal.add_business(at("2024-03-26T00:00:00Z"), bhours(1)) == at("2024-03-26T10:00:00Z"));  // midnight
      CHECK(cal.add_business(at("2024-03-25T23:59:59Z"), {1}) == at("2024-03-26T09:00:01Z"));
    }
    SUBCASE("exactly at open and exactly at close") {
      CHECK(cal.add_business(at("2024-03-26T09:00:00Z"), bhours(1)) == at("2024-03-26T10:00:00Z"));
      CHECK(cal.add_business(at("2024-03-26T09:00:00Z"), {1}) == at("2024-03-26T09:00:01Z"));
      CHECK(cal.add_business(at("2024-03-26T17:00:00Z"), {1}) == at("2024-03-27T09:00:01Z"));
      CHECK(cal.add_business(at("2024-03-26T17:00:00Z"), bhours(8)) == at("2024-03-27T17:00:00Z"));
      CHECK(cal.add_business(at("2024-03-26T16:00:00Z"), bhours(1)) == at("2024-03-26T17:00:00Z"));
    }
    SUBCASE("d = 0 is the starting instant itself, inside or outside hours") {
      for (const char* t : {"2024-03-26T12:34:56Z", "2024-03-26T17:00:00Z", "2024-03-23T12:00:00Z",
                            "2024-03-26T09:00:00Z", "2024-03-29T10:00:00Z"})
        CHECK(cal.add_business(at(t), {0}) == at(t));
    }
    SUBCASE("a long addition crosses years without walking") {
      // 2024 has 262 weekdays, 8 of them bank holidays: 254 business days.
      const Instant from = at("2024-01-01T00:00:00Z");
      const Instant to = at("2025-01-01T00:00:00Z");
      CHECK(cal.business_between(from, to) == bhours(254 * 8));
      CHECK(cal.add_business(from, bhours(254 * 8)) == at("2024-12-31T17:00:00Z"));
      CHECK(cal.add_business(at("2024-12-31T17:00:00Z"), {1}) == at("2025-01-02T09:00:01Z"));
    }
    SUBCASE("a negative duration is an input error") {
      CHECK_THROWS_AS(cal.add_business(at("2024-03-26T12:00:00Z"), {-1}), InputError);
      CHECK_THROWS_AS(cal.business_days_after(at("2024-03-26T12:00:00Z"), -1), InputError);
    }
  }

  TEST_CASE("business_between boundary rules") {
    const Calendar& cal = england();
    CHECK(cal.business_between(at("2024-03-26T09:00:00Z"), at("2024-03-26T17:00:00Z")) == bhours(8));
    CHECK(cal.business_between(at("2024-03-26T00:00:00Z"), at("2024-03-27T00:00:00Z")) == bhours(8));
    CHECK(cal.business_between(at("2024-03-26T17:00:00Z"), at("2024-03-27T09:00:00Z")) == BusinessSeconds{0});
    CHECK(cal.business_between(at("2024-03-26T16:59:59Z"), at("2024-03-27T09:00:01Z")) == BusinessSeconds{2});
    CHECK(cal.business_between(at("2024-03-22T12:00:00Z"), at("2024-03-25T12:00:00Z")) == bhours(8));  // over a weekend
    CHECK(cal.business_between(at("2024-03-26T12:00:00Z"), at("2024-03-26T12:00:00Z")) == BusinessSeconds{0});
    CHECK(cal.business_between(at("2024-03-27T12:00:00Z"), at("2024-03-26T12:00:00Z")) == BusinessSeconds{0});  // b < a
    // A whole Easter: Thu 28 noon to Tue 2 April noon BST = 5h + 3h.
    CHECK(cal.business_between(at("2024-03-28T12:00:00Z"), at("2024-04-02T12:00:00+01:00")) == bhours(8));
  }

  TEST_CASE("N business days after t") {
    const Calendar& cal = england();
    SUBCASE("on a business day before close: that day is d0") {
      CHECK(cal.business_days_after(at("2024-03-26T12:00:00Z"), 0) == at("2024-03-26T17:00:00Z"));
      CHECK(cal.business_days_after(at("2024-03-26T12:00:00Z"), 1) == at("2024-03-27T17:00:00Z"));
      CHECK(cal.business_days_after(at("2024-03-26T16:59:59Z"), 1) == at("2024-03-27T17:00:00Z"));
    }
    SUBCASE("before opening on a business day: that day is d0") {
      CHECK(cal.business_days_after(at("2024-03-26T07:00:00Z"), 0) == at("2024-03-26T17:00:00Z"));
      CHECK(cal.business_days_after(at("2024-03-26T07:00:00Z"), 1) == at("2024-03-27T17:00:00Z"));
      CHECK(cal.business_days_after(at("2024-03-26T00:00:00Z"), 1) == at("2024-03-27T17:00:00Z"));
    }
    SUBCASE("after close (or exactly at it): the next business day is d0") {
      CHECK(cal.business_days_after(at("2024-03-26T17:00:00Z"), 0) == at("2024-03-27T17:00:00Z"));
      CHECK(cal.business_days_after(at("2024-03-26T17:00:00Z"), 1) == at("2024-03-28T17:00:00Z"));
      CHECK(cal.business_days_after(at("2024-03-26T23:59:59Z"), 1) == at("2024-03-28T17:00:00Z"));
      // Thursday after close: Good Friday and Easter Monday skipped, d0 = Tue 2 April.
      CHECK(cal.business_days_after(at("2024-03-28T18:00:00Z"), 1) == at("2024-04-03T17:00:00+01:00"));
    }
    SUBCASE("on a holiday: the next business day is d0") {
      CHECK(cal.business_days_after(at("2024-03-29T10:00:00Z"), 0) == at("2024-04-02T17:00:00+01:00"));
      CHECK(cal.business_days_after(at("2024-03-29T10:00:00Z"), 1) == at("2024-04-03T17:00:00+01:00"));
      CHECK(cal.business_days_after(at("2024-12-25T10:00:00Z"), 1) == at("2024-12-30T17:00:00Z"));
    }
    SUBCASE("on a weekend: the next business day is d0") {
      CHECK(cal.business_days_after(at("2024-03-23T12:00:00Z"), 1) == at("2024-03-26T17:00:00Z"));
      CHECK(cal.business_days_after(at("2024-03-24T23:59:59Z"), 0) == at("2024-03-25T17:00:00Z"));
    }
    SUBCASE("the local day decides, not the UTC day") {
      // 23:30Z on Monday 1 July is 00:30 BST on Tuesday: d0 = Tuesday.
      CHECK(cal.business_days_after(at("2024-07-01T23:30:00Z"), 0) == at("2024-07-02T17:00:00+01:00"));
      // 16:30Z on a summer Monday is 17:30 BST, after close: d0 = Tuesday.
      CHECK(cal.business_days_after(at("2024-07-01T16:30:00Z"), 0) == at("2024-07-02T17:00:00+01:00"));
      CHECK(cal.business_days_after(at("2024-07-01T15:59:59Z"), 0) == at("2024-07-01T17:00:00+01:00"));
    }
  }

  TEST_CASE("the spring DST week (clocks forward Sun 2024-03-31 01:00Z)") {
    const Calendar& cal = england();
    using W = std::vector<std::pair<Instant, Instant>>;
    CHECK(cal.windows_on(CivilDate::from_ymd(2024, 3, 28)) ==
          W{{at("2024-03-28T09:00:00Z"), at("2024-03-28T17:00:00Z")}});
    CHECK(cal.windows_on(CivilDate::from_ymd(2024, 3, 29)).empty());  // Good Friday
    CHECK(cal.windows_on(CivilDate::from_ymd(2024, 3, 31)).empty());
    CHECK(cal.windows_on(CivilDate::from_ymd(2024, 4, 2)) ==
          W{{at("2024-04-02T08:00:00Z"), at("2024-04-02T16:00:00Z")}});
    // Easter Monday is a working day in Scotland, already on BST.
    const Calendar scotland = load_calendar("scotland");
    CHECK(scotland.windows_on(CivilDate::from_ymd(2024, 4, 1)) ==
          W{{at("2024-04-01T08:00:00Z"), at("2024-04-01T16:00:00Z")}});
    CHECK(scotland.windows_on(CivilDate::from_ymd(2024, 3, 29)).empty());
    // Mon 25 to Sat 6 April: 4 days before Easter and 4 after, 8h each.
    CHECK(cal.business_between(at("2024-03-25T00:00:00Z"), at("2024-04-06T00:00:00Z")) == bhours(64));
    CHECK(cal.business_between(at("2024-03-30T00:00:00Z"), at("2024-04-02T12:00:00+01:00")) == bhours(3));
    CHECK(scotland.business_between(at("2024-03-28T16:00:00Z"), at("2024-04-02T09:00:00Z")) == bhours(10));
    CHECK(cal.add_business(at("2024-03-28T16:30:00Z"), BusinessSeconds::minutes(30)) == at("2024-03-28T17:00:00Z"));
    CHECK(cal.add_business(at("2024-03-28T16:30:00Z"), BusinessSeconds::minutes(31)) == at("2024-04-02T08:01:00Z"));
    // Instants in the night of the change.
    for (const char* t : {"2024-03-31T00:59:59Z", "2024-03-31T01:00:00Z", "2024-03-31T02:30:00+01:00"}) {
      CAPTURE(t);
      CHECK(cal.local_date(at(t)) == CivilDate::from_ymd(2024, 3, 31));
      CHECK(cal.add_business(at(t), bhours(1)) == at("2024-04-02T10:00:00+01:00"));
      CHECK(cal.business_days_after(at(t), 0) == at("2024-04-02T17:00:00+01:00"));
    }
  }

  TEST_CASE("the autumn DST week (clocks back Sun 2024-10-27 01:00Z)") {
    const Calendar& cal = england();
    using W = std::vector<std::pair<Instant, Instant>>;
    CHECK(cal.windows_on(CivilDate::from_ymd(2024, 10, 25)) ==
          W{{at("2024-10-25T08:00:00Z"), at("2024-10-25T16:00:00Z")}});
    CHECK(cal.windows_on(CivilDate::from_ymd(2024, 10, 28)) ==
          W{{at("2024-10-28T09:00:00Z"), at("2024-10-28T17:00:00Z")}});
    CHECK(cal.business_between(at("2024-10-21T00:00:00Z"), at("2024-11-02T00:00:00Z")) == bhours(80));
    CHECK(cal.business_between(at("2024-10-25T15:00:00Z"), at("2024-10-28T10:00:00Z")) == bhours(2));
    // Friday 16:00 BST = 15:00Z: 1h on Friday, 3h on Monday (GMT).
    CHECK(cal.add_business(at("2024-10-25T16:00:00+01:00"), bhours(4)) == at("2024-10-28T12:00:00Z"));
    CHECK(cal.business_days_after(at("2024-10-25T16:00:00+01:00"), 1) == at("2024-10-28T17:00:00Z"));

    SUBCASE("the repeated hour 01:00-02:00 local: two distinct instants, both on Sunday") {
      const Instant first = at("2024-10-27T01:30:00+01:00");
      const Instant second = at("2024-10-27T01:30:00+00:00");
      CHECK(second - first == Seconds::hours(1));
      CHECK(local(first) == "2024-10-27T01:30:00+01:00");
      CHECK(local(second) == "2024-10-27T01:30:00+00:00");
      const LocalTime a = cal.zone().to_local(first), b = cal.zone().to_local(second);
      CHECK(a.date == b.date);
      CHECK(a.seconds_of_day == 5400);
      CHECK(b.seconds_of_day == 5400);
      CHECK(a.utc_offset_seconds == 3600);
      CHECK(b.utc_offset_seconds == 0);
      CHECK(cal.business_between(first, second) == BusinessSeconds{0});
      for (const Instant t : {first, second}) {
        CHECK(cal.local_date(t) == CivilDate::from_ymd(2024, 10, 27));
        CHECK(cal.add_business(t, bhours(1)) == at("2024-10-28T10:00:00Z"));
        CHECK(cal.business_days_after(t, 1) == at("2024-10-29T17:00:00Z"));
        CHECK(cal.business_between(t, at("2024-10-28T17:00:00Z")) == bhours(8));
      }
    }
  }

  TEST_CASE("gas day: 05:00 local on D to 05:00 local on D+1") {
    const TimeZone london = england().zone();
    const CivilDate mar30 = CivilDate::from_ymd(2024, 3, 30), mar31 = CivilDate::from_ymd(2024, 3, 31);
    const CivilDate oct26 = CivilDate::from_ymd(2024, 10, 26), oct27 = CivilDate::from_ymd(2024, 10, 27);
    SUBCASE("an ordinary winter and summer day") {
      CHECK(gas_day_start(CivilDate::from_ymd(2024, 1, 15), london) == at("2024-01-15T05:00:00Z"));
      CHECK(gas_day_start(CivilDate::from_ymd(2024, 7, 15), london) == at("2024-07-15T04:00:00Z"));
      CHECK(gas_day_of(at("2024-07-15T03:59:59Z"), london) == CivilDate::from_ymd(2024, 7, 14));
      CHECK(gas_day_of(at("2024-07-15T04:00:00Z"), london) == CivilDate::from_ymd(2024, 7, 15));
      CHECK(gas_day_of(at("2024-07-15T23:30:00Z"), london) == CivilDate::from_ymd(2024, 7, 15));  // 00:30 BST on 16th
      CHECK(gas_day_of(at("2024-01-15T04:59:59Z"), london) == CivilDate::from_ymd(2024, 1, 14));
    }
    SUBCASE("spring: gas day 2024-03-30 is 23 hours long") {
      CHECK(gas_day_start(mar30, london) == at("2024-03-30T05:00:00Z"));
      CHECK(gas_day_start(mar31, london) == at("2024-03-31T05:00:00+01:00"));
      CHECK(gas_day_start(mar31, london) == at("2024-03-31T04:00:00Z"));
      CHECK(gas_day_end(mar30, london) == gas_day_start(mar31, london));
      CHECK(gas_day_end(mar30, london) - gas_day_start(mar30, london) == Seconds::hours(23));
      CHECK(gas_day_of(at("2024-03-31T03:59:59Z"), london) == mar30);
      CHECK(gas_day_of(at("2024-03-31T04:00:00Z"), london) == mar31);
      CHECK(gas_day_of(at("2024-03-31T00:30:00Z"), london) == mar30);
    }
    SUBCASE("autumn: gas day 2024-10-26 is 25 hours long and holds the repeated hour") {
      CHECK(gas_day_start(oct26, london) == at("2024-10-26T04:00:00Z"));
      CHECK(gas_day_start(oct27, london) == at("2024-10-27T05:00:00Z"));
      CHECK(gas_day_end(oct26, london) - gas_day_start(oct26, london) == Seconds::hours(25));
      CHECK(gas_day_of(at("2024-10-27T01:30:00+01:00"), london) == oct26);
      CHECK(gas_day_of(at("2024-10-27T01:30:00+00:00"), london) == oct26);
      CHECK(gas_day_of(at("2024-10-27T04:59:59Z"), london) == oct26);
      CHECK(gas_day_of(at("2024-10-27T05:00:00Z"), london) == oct27);
    }
  }

  TEST_CASE("instants and dates outside the precomputed years are a RangeError") {
    const Calendar& cal = england();
    const Instant ok = at("2024-03-26T12:00:00Z");
    for (const char* text :
         {"1800-06-01T12:00:00Z", "2300-06-01T12:00:00Z", "1989-12-31T23:59:59Z", "2101-01-01T00:00:00Z"}) {
      CAPTURE(text);
      const Instant far = at(text);
      CHECK_THROWS_AS(cal.add_business(far, bhours(1)), RangeError);
      CHECK_THROWS_AS(cal.add_business(far, {0}), RangeError);
      CHECK_THROWS_AS(cal.business_days_after(far, 1), RangeError);
      CHECK_THROWS_AS(cal.business_between(far, ok), RangeError);
      CHECK_THROWS_AS(cal.business_between(ok, far), RangeError);
      CHECK_THROWS_AS(cal.business_between(far, far + Seconds::hours(1)), RangeError);
      CHECK_THROWS_AS(cal.is_business_day(cal.zone().to_local(far).date), RangeError);
      CHECK_THROWS_AS(cal.next_business_day(cal.zone().to_local(far).date), RangeError);
    }
    CHECK_NOTHROW(cal.business_between(at("1990-01-01T00:00:00Z"), at("2100-12-31T23:59:59Z")));
    // Running past the last precomputed year is a RangeError too, not a wrong answer.
    CHECK_THROWS_AS(cal.add_business(at("2100-12-31T12:00:00Z"), bhours(100)), RangeError);
    CHECK_THROWS_AS(cal.business_days_after(at("2100-12-31T12:00:00Z"), 5), RangeError);
    CHECK(cal.next_business_day(CivilDate::from_ymd(2100, 12, 31)) == CivilDate::from_ymd(2100, 12, 31));  // a Friday
    CHECK_THROWS_AS(cal.next_business_day(CivilDate::from_ymd(2101, 1, 1)), RangeError);
  }

  TEST_CASE("property: add_business, business_between and business_days_after agree with a simple reference") {
    std::mt19937_64 rng(20240328);
    const std::int64_t from = at("2015-01-01T00:00:00Z").utc_seconds, to = at("2030-12-20T00:00:00Z").utc_seconds;
    auto random_minute = [&] {
      return Instant{std::uniform_int_distribution<std::int64_t>(from / 60, to / 60)(rng) * 60};
    };
    auto random_second = [&] { return Instant{std::uniform_int_distribution<std::int64_t>(from, to)(rng)}; };
    for (const Reference& ref : {england_reference(), new_york_reference()}) {
      const Calendar& cal = ref.cal;
      CAPTURE(cal.name());

      // business_between on minute-aligned pairs up to 10 days apart, walked a minute at a time.
      for (int i = 0; i < 1500; ++i) {
        const Instant a = random_minute();
        const Instant b = a + Seconds::minutes(std::uniform_int_distribution<std::int64_t>(0, 10 * 24 * 60)(rng));
        CAPTURE(a);
        CAPTURE(b);
        REQUIRE(cal.business_between(a, b).count == ref.between(a, b, 60));
        REQUIRE(cal.business_between(b, a).count == 0);
      }
      // Unaligned pairs, walked a second at a time over shorter spans.
      for (int i = 0; i < 20; ++i) {
        const Instant a = random_second();
        const Instant b = a + Seconds{std::uniform_int_distribution<std::int64_t>(0, 2 * 86400)(rng)};
        CAPTURE(a);
        CAPTURE(b);
        REQUIRE(cal.business_between(a, b).count == ref.between(a, b, 1));
      }
      // add_business: the result holds exactly d and is the earliest such instant.
      for (int i = 0; i < 2000; ++i) {
        const Instant t = i % 2 ? random_second() : random_minute();
        const BusinessSeconds d{std::uniform_int_distribution<std::int64_t>(0, 60 * 3600)(rng)};
        CAPTURE(t);
        CAPTURE(d);
        const Instant u = cal.add_business(t, d);
        REQUIRE(u >= t);
        REQUIRE(cal.business_between(t, u) == d);
        if (d.count > 0) {
          REQUIRE(cal.business_between(t, u - second) == d - BusinessSeconds{1});
          REQUIRE(ref.inside(u - second));
        }
      }
      // add_business against the reference's own minute walk.
      for (int i = 0; i < 300; ++i) {
        const Instant t = random_minute();
        const std::int64_t d = std::uniform_int_distribution<std::int64_t>(1, 24 * 60)(rng) * 60;
        CAPTURE(t);
        CAPTURE(d);
        REQUIRE(cal.add_business(t, {d}) == ref.add(t, d, 60));
      }
      // business_days_after against a day-walking reference, with instants near closes.
      for (int i = 0; i < 2000; ++i) {
        Instant t = random_second();
        if (i % 4 == 0) {
          const CivilDate d = cal.local_date(t);
          if (cal.is_business_day(d))
            t = ref.close_of(d) - Seconds{std::uniform_int_distribution<std::int64_t>(-1, 1)(rng)};
        }
        const int n = std::uniform_int_distribution<int>(0, 30)(rng);
        CAPTURE(t);
        CAPTURE(n);
        REQUIRE(cal.business_days_after(t, n) == ref.business_days_after(t, n));
      }
    }
  }

  // The tables convert most days' local times by one subtraction of the
  // offset; they must equal resolving every window edge through the zone, as
  // the build once did for every day: zones with DST at 01:00, at 02:00, at
  // local midnight (Havana, Santiago), negative (Dublin), half an hour (Lord
  // Howe), southern (Sydney) and none, over the whole range of years.
  TEST_CASE("precomputed windows and day starts equal the zone's own resolution, every day of the range") {
    for (const std::string zone_name : {"Europe/London", "America/New_York", "America/Havana", "Europe/Dublin",
                                        "Australia/Lord_Howe", "Australia/Sydney", "Asia/Kolkata", "UTC"}) {
      CAPTURE(zone_name);
      CalendarDefinition def;
      def.name = "every-shape";
      def.time_zone = zone_name;
      def.first_year = 1990;
      def.last_year = 2100;
      for (std::size_t w = 0; w < 5; ++w) def.week[w] = {{9 * 3600, 17 * 3600}};
      def.week[5] = {{0, 86400}};
      def.week[6] = {{0, 1800}, {5400, 9000}, {23 * 3600, 86400}};
      HolidayRule christmas;
      christmas.name = "Christmas Day";
      christmas.month = 12;
      christmas.day = 25;
      christmas.substitute = true;
      def.rules = {christmas};
      const Calendar cal = Calendar::build(def);
      const TimeZone& zone = cal.zone();
      const auto start_of = [&](CivilDate d) { return zone.from_local(d, 0, Disambiguation::earliest); };
      int days = 0, windows = 0;
      for (CivilDate d = CivilDate::from_ymd(1990, 1, 1); d < CivilDate::from_ymd(2101, 1, 1); d = d + 1) {
        std::vector<std::pair<Instant, Instant>> expected;
        if (!cal.holiday_name(d))
          for (const WorkingWindow& w : def.week[static_cast<std::size_t>(d.weekday())]) {
            const Instant open = zone.from_local(d, w.open_seconds, Disambiguation::earliest);
            const Instant close = w.close_seconds == 86400
                                      ? start_of(d + 1)
                                      : zone.from_local(d, w.close_seconds, Disambiguation::latest);
            if (open < close) expected.emplace_back(open, close);
          }
        const auto got = cal.windows_on(d);
        ++days;
        windows += static_cast<int>(got.size());
        if (got != expected) {
          CAPTURE(d);
          REQUIRE(got == expected);
        }
        // The day's start: business time from it to the next day's start is
        // the day's windows, and from a second before it reaches back a day.
        std::int64_t total = 0;
        for (const auto& [open, close] : expected) total += close.utc_seconds - open.utc_seconds;
        if (d + 1 < CivilDate::from_ymd(2101, 1, 1) &&
            cal.business_between(start_of(d), start_of(d + 1)).count != total) {
          CAPTURE(d);
          REQUIRE(cal.business_between(start_of(d), start_of(d + 1)).count == total);
        }
        if (cal.local_date(start_of(d)) != d) {
          CAPTURE(d);
          REQUIRE(cal.local_date(start_of(d)) == d);
        }
      }
      CHECK(days == CivilDate::from_ymd(2101, 1, 1) - CivilDate::from_ymd(1990, 1, 1));
      CHECK(windows > days);
    }
  }

  TEST_CASE("several windows a day: lunch is not business time") {
    const Calendar& cal = new_york();
    // Tue 2024-03-12 (after the US change on 10 March): EDT, UTC-4.
    const Instant morning = at("2024-03-12T11:30:00-04:00");
    CHECK(cal.add_business(morning, BusinessSeconds::minutes(30)) == at("2024-03-12T12:00:00-04:00"));
    CHECK(cal.add_business(morning, BusinessSeconds::minutes(31)) == at("2024-03-12T13:01:00-04:00"));
    CHECK(cal.business_between(at("2024-03-12T00:00:00-04:00"), at("2024-03-13T00:00:00-04:00")).count ==
          (4 * 60 + 5 * 60 + 30) * 60);
    CHECK(cal.business_days_after(morning, 0) == at("2024-03-12T18:30:00-04:00"));
    // Sunday is open all day: 23 hours on the spring-forward Sunday, 25 in autumn.
    CHECK(cal.business_between(at("2024-03-10T00:00:00-05:00"), at("2024-03-11T00:00:00-04:00")) ==
          BusinessSeconds::hours(23));
    CHECK(cal.business_between(at("2024-11-03T00:00:00-04:00"), at("2024-11-04T00:00:00-05:00")) ==
          BusinessSeconds::hours(25));
    CHECK_FALSE(cal.is_business_day(CivilDate::from_ymd(2024, 11, 28)));  // Thanksgiving
    CHECK_FALSE(cal.is_business_day(CivilDate::from_ymd(2026, 7, 6)));    // 4 July on a Saturday -> Monday
  }

}  // TEST_SUITE

}  // namespace slaclock
