// The shipped calendars against the published UK bank holiday lists
// (tests/data/bank-holidays, hand-transcribed from GOV.UK), extrapolation by
// rule beyond the published years, a site's own additions and removals, and
// the errors a malformed calendar file gets (SPEC section 2).
#include <slaclock/base/error.h>
#include <slaclock/calendar/calendar.h>
#include <slaclock/config/calendar_loader.h>
#include <slaclock/time/timestamp.h>

#include "test_support.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

namespace slaclock {

namespace {

// The published list: date -> name, for every year it covers.
std::map<CivilDate, std::string> read_published(const std::string& calendar_name) {
  const std::string path = std::string(SLACLOCK_TEST_DATA) + "/bank-holidays/" + calendar_name + ".txt";
  std::ifstream in(path);
  REQUIRE_MESSAGE(in.good(), "cannot read " << path);
  std::map<CivilDate, std::string> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line.front() == '#') continue;
    const std::string name = line.size() > 12 ? line.substr(12) : std::string();
    out.emplace(parse_date(line.substr(0, 10)), name);
  }
  return out;
}

std::set<CivilDate> holiday_dates(const Calendar& cal, int year) {
  std::set<CivilDate> out;
  for (const auto& h : cal.holidays_in(year)) out.insert(h.date);
  return out;
}

std::string show(const std::set<CivilDate>& dates) {
  std::ostringstream os;
  for (const auto d : dates) os << d << ' ';
  return os.str();
}

// A scratch folder for calendar files written by a test, removed afterwards.
class ScratchDir {
 public:
  std::filesystem::path write(const std::string& file_name, const std::string& text) const {
    const auto p = dir_ / file_name;
    write_file(p, text);
    return p;
  }
  const std::filesystem::path& path() const { return dir_.path; }

 private:
  TempDir dir_;
};

// The header of a minimal valid calendar; tests append or break parts of it.
const std::string minimal_header =
    "name: custom\n"                         // 1
    "time_zone: Europe/London\n"             // 2
    "years: {from: 2000, to: 2040}\n"        // 3
    "working_week:\n"                        // 4
    "  - days: [mon, tue, wed, thu, fri]\n"  // 5
    "    windows: [\"09:00-17:00\"]\n";      // 6

}  // namespace

TEST_SUITE("calendar holidays") {
  TEST_CASE("shipped calendars reproduce the published bank holidays 2015-2027") {
    for (const char* name : {"england-and-wales", "scotland", "northern-ireland"}) {
      CAPTURE(name);
      const Calendar cal = load_calendar(name);
      CHECK(cal.name() == name);
      const auto published = read_published(name);
      REQUIRE(published.size() > 100);
      for (int year = 2015; year <= 2027; ++year) {
        CAPTURE(year);
        std::set<CivilDate> expected;
        for (const auto& [date, holiday] : published)
          if (date.year() == year) expected.insert(date);
        REQUIRE_FALSE(expected.empty());
        const std::set<CivilDate> actual = holiday_dates(cal, year);
        INFO("published: " << show(expected));
        INFO("calendar:  " << show(actual));
        CHECK(actual == expected);
      }
      for (const auto& [date, holiday] : published) {
        CAPTURE(date);
        CAPTURE(holiday);
        CHECK_FALSE(cal.is_business_day(date));
        CHECK(cal.holiday_name(date).has_value());
        CHECK(cal.windows_on(date).empty());
      }
    }
  }

  TEST_CASE("ordinary weekdays are business days and weekends are not") {
    const Calendar cal = load_calendar("england-and-wales");
    CHECK(cal.is_business_day(CivilDate::from_ymd(2024, 3, 28)));        // Thursday
    CHECK_FALSE(cal.is_business_day(CivilDate::from_ymd(2024, 3, 29)));  // Good Friday
    CHECK_FALSE(cal.is_business_day(CivilDate::from_ymd(2024, 3, 30)));  // Saturday
    CHECK_FALSE(cal.is_business_day(CivilDate::from_ymd(2024, 3, 31)));  // Sunday
    CHECK_FALSE(cal.is_business_day(CivilDate::from_ymd(2024, 4, 1)));   // Easter Monday
    CHECK(cal.is_business_day(CivilDate::from_ymd(2024, 4, 2)));
    CHECK_FALSE(cal.holiday_name(CivilDate::from_ymd(2024, 3, 30)).has_value());  // a weekend is not a holiday
    CHECK(cal.next_business_day(CivilDate::from_ymd(2024, 3, 29)) == CivilDate::from_ymd(2024, 4, 2));
    CHECK(cal.next_business_day(CivilDate::from_ymd(2024, 4, 2)) == CivilDate::from_ymd(2024, 4, 2));
  }

  TEST_CASE("the differences between the three calendars") {
    const Calendar ew = load_calendar("england-and-wales");
    const Calendar sc = load_calendar("scotland");
    const Calendar ni = load_calendar("northern-ireland");
    const CivilDate jan2 = CivilDate::from_ymd(2024, 1, 2);
    CHECK(ew.is_business_day(jan2));
    CHECK_FALSE(sc.is_business_day(jan2));
    CHECK(ni.is_business_day(jan2));
    const CivilDate easter_monday = CivilDate::from_ymd(2024, 4, 1);
    CHECK_FALSE(ew.is_business_day(easter_monday));
    CHECK(sc.is_business_day(easter_monday));
    CHECK_FALSE(ni.is_business_day(easter_monday));
    CHECK(sc.is_business_day(CivilDate::from_ymd(2024, 8, 26)));
    CHECK_FALSE(sc.is_business_day(CivilDate::from_ymd(2024, 8, 5)));
    CHECK(ew.is_business_day(CivilDate::from_ymd(2024, 8, 5)));
    CHECK_FALSE(ni.is_business_day(CivilDate::from_ymd(2024, 3, 18)));  // St Patrick's (Sun 17th) substitute
    CHECK_FALSE(ni.is_business_day(CivilDate::from_ymd(2024, 7, 12)));
    CHECK(ew.is_business_day(CivilDate::from_ymd(2024, 7, 12)));
    CHECK_FALSE(sc.is_business_day(CivilDate::from_ymd(2026, 6, 15)));  // World Cup, Scotland only
    CHECK(ew.is_business_day(CivilDate::from_ymd(2026, 6, 15)));
  }

  TEST_CASE("extrapolation by rule beyond the published years") {
    const Calendar ew = load_calendar("england-and-wales");
    for (int year = 2028; year <= 2100; ++year) {
      CAPTURE(year);
      const auto hs = ew.holidays_in(year);
      CHECK(hs.size() == 8);
      for (const auto& h : hs) {
        CHECK(h.date.weekday() < Weekday::saturday);
        CHECK_FALSE(ew.is_business_day(h.date));
      }
    }
    auto dates = [&](int year) { return holiday_dates(ew, year); };
    auto ymd = [](int y, unsigned m, unsigned d) { return CivilDate::from_ymd(y, m, d); };

    SUBCASE("2032: Christmas on a Saturday, Boxing Day on a Sunday -> Mon 27 and Tue 28") {
      REQUIRE(ymd(2032, 12, 25).weekday() == Weekday::saturday);
      const std::set<CivilDate> expected{ymd(2032, 1, 1),  ymd(2032, 3, 26), ymd(2032, 3, 29),  ymd(2032, 5, 3),
                                         ymd(2032, 5, 31), ymd(2032, 8, 30), ymd(2032, 12, 27), ymd(2032, 12, 28)};
      CHECK(dates(2032) == expected);
      CHECK(ew.is_business_day(ymd(2032, 12, 29)));
    }
    SUBCASE("2033: Christmas on a Sunday -> Boxing Day Mon 26 stays, Christmas moves to Tue 27") {
      REQUIRE(ymd(2033, 12, 25).weekday() == Weekday::sunday);
      const std::set<CivilDate> expected{ymd(2033, 1, 3),  ymd(2033, 4, 15), ymd(2033, 4, 18),  ymd(2033, 5, 2),
                                         ymd(2033, 5, 30), ymd(2033, 8, 29), ymd(2033, 12, 26), ymd(2033, 12, 27)};
      CHECK(dates(2033) == expected);
      CHECK(ew.holiday_name(ymd(2033, 12, 26)).value().find("Boxing") != std::string::npos);
      CHECK(ew.holiday_name(ymd(2033, 12, 27)).value().find("Christmas") != std::string::npos);
    }
    SUBCASE("2038: New Year's Day on a Friday, Christmas on a Saturday") {
      CHECK(dates(2038).count(ymd(2038, 1, 1)) == 1);
      CHECK(dates(2038).count(ymd(2038, 12, 27)) == 1);
      CHECK(dates(2038).count(ymd(2038, 12, 28)) == 1);
    }
    SUBCASE("2034: New Year's Day on a Sunday -> Monday 2 January") {
      CHECK(dates(2034).count(ymd(2034, 1, 2)) == 1);
    }
    SUBCASE("Scotland: New Year on a Saturday -> Mon 3 and Tue 4 January") {
      const Calendar sc = load_calendar("scotland");
      REQUIRE(ymd(2028, 1, 1).weekday() == Weekday::saturday);
      CHECK_FALSE(sc.is_business_day(ymd(2028, 1, 3)));
      CHECK_FALSE(sc.is_business_day(ymd(2028, 1, 4)));
      CHECK(sc.is_business_day(ymd(2028, 1, 5)));
      CHECK(sc.holidays_in(2028).size() == 9);
    }
  }

  TEST_CASE("a site's own calendar: a one-off addition and a removal") {
    ScratchDir dir;
    const auto file = dir.write("custom.yaml", minimal_header +
                                                   "holidays:\n"
                                                   "  rules:\n"
                                                   "    - name: Christmas Day\n"
                                                   "      fixed: {month: 12, day: 25}\n"
                                                   "      substitute: next_weekday\n"
                                                   "    - name: Early May bank holiday\n"
                                                   "      nth_weekday: {month: 5, weekday: mon, n: 1}\n"
                                                   "  additions:\n"
                                                   "    - {date: 2024-03-28, name: \"System cut-over day\"}\n"
                                                   "    - {date: 2024-06-07}\n"
                                                   "  removals:\n"
                                                   "    - {date: 2024-05-06, reason: \"worked this year\"}\n");
    const Calendar cal = load_calendar_file(file);
    CHECK(cal.name() == "custom");
    CHECK(cal.first_year() == 2000);
    CHECK(cal.last_year() == 2040);
    const CivilDate cutover = CivilDate::from_ymd(2024, 3, 28);
    CHECK_FALSE(cal.is_business_day(cutover));
    CHECK(cal.holiday_name(cutover) == std::optional<std::string>("System cut-over day"));
    CHECK(cal.windows_on(cutover).empty());
    CHECK_FALSE(cal.is_business_day(CivilDate::from_ymd(2024, 6, 7)));
    CHECK(cal.holiday_name(CivilDate::from_ymd(2024, 6, 7)).has_value());
    // The removed rule-made holiday is an ordinary working Monday; other years keep it.
    CHECK(cal.is_business_day(CivilDate::from_ymd(2024, 5, 6)));
    CHECK_FALSE(cal.holiday_name(CivilDate::from_ymd(2024, 5, 6)).has_value());
    CHECK_FALSE(cal.is_business_day(CivilDate::from_ymd(2025, 5, 5)));
    CHECK_FALSE(cal.is_business_day(CivilDate::from_ymd(2024, 12, 25)));
    // Business time sees the change: received Wed 27 March 16:00 GMT, 4 business
    // hours skip the cut-over Thursday and land Friday 12:00 GMT.
    const Instant received = parse_instant("2024-03-27T16:00:00Z");
    CHECK(cal.add_business(received, BusinessSeconds::hours(4)) == parse_instant("2024-03-29T12:00:00Z"));
    CHECK(cal.business_days_after(received, 1) == parse_instant("2024-03-29T17:00:00Z"));
    // The shipped calendar is untouched: a changed calendar is a new value.
    CHECK(load_calendar("england-and-wales").is_business_day(cutover));
    // Outside its years the custom calendar refuses.
    CHECK_THROWS_AS(cal.is_business_day(CivilDate::from_ymd(2041, 1, 2)), RangeError);
    CHECK_THROWS_AS(cal.is_business_day(CivilDate::from_ymd(1999, 12, 31)), RangeError);
  }

  TEST_CASE("weekday on or after a date: Midsummer Eve and Thanksgiving against published lists") {
    ScratchDir dir;
    const auto file = dir.write("custom.yaml", minimal_header +
                                                   "holidays:\n"
                                                   "  rules:\n"
                                                   "    - name: Midsummer Eve\n"
                                                   "      weekday_on_or_after: {weekday: fri, month: 6, day: 19}\n"
                                                   "    - name: Thanksgiving Day\n"
                                                   "      weekday_on_or_after: {weekday: thu, month: 11, day: 22}\n");
    const Calendar cal = load_calendar_file(file);
    // Sweden's Midsummer Eve (midsommarafton), the Friday between 19 and 25 June.
    const std::vector<CivilDate> midsummer_eve = {
        CivilDate::from_ymd(2020, 6, 19), CivilDate::from_ymd(2021, 6, 25), CivilDate::from_ymd(2022, 6, 24),
        CivilDate::from_ymd(2023, 6, 23), CivilDate::from_ymd(2024, 6, 21), CivilDate::from_ymd(2025, 6, 20),
        CivilDate::from_ymd(2026, 6, 19), CivilDate::from_ymd(2027, 6, 25), CivilDate::from_ymd(2028, 6, 23),
        CivilDate::from_ymd(2029, 6, 22), CivilDate::from_ymd(2030, 6, 21)};
    // US Thanksgiving, the fourth Thursday of November (the Thursday on or after the 22nd).
    const std::vector<CivilDate> thanksgiving = {
        CivilDate::from_ymd(2020, 11, 26), CivilDate::from_ymd(2021, 11, 25), CivilDate::from_ymd(2022, 11, 24),
        CivilDate::from_ymd(2023, 11, 23), CivilDate::from_ymd(2024, 11, 28), CivilDate::from_ymd(2025, 11, 27),
        CivilDate::from_ymd(2026, 11, 26), CivilDate::from_ymd(2027, 11, 25), CivilDate::from_ymd(2028, 11, 23),
        CivilDate::from_ymd(2029, 11, 22), CivilDate::from_ymd(2030, 11, 28)};
    for (const auto& [name, dates, month] :
         {std::tuple{"Midsummer Eve", midsummer_eve, 6u}, std::tuple{"Thanksgiving Day", thanksgiving, 11u}}) {
      for (const CivilDate d : dates) {
        CAPTURE(d);
        CHECK(cal.holiday_name(d) == std::optional<std::string>(name));
        CHECK_FALSE(cal.is_business_day(d));
        // The only one that month: every other day of it is an ordinary day.
        for (CivilDate o = CivilDate::from_ymd(d.year(), month, 1); o.month() == month; o = o + 1)
          if (o != d) CHECK_FALSE(cal.holiday_name(o).has_value());
      }
    }
  }

  TEST_CASE("a weekday-on-or-after rule with a bad weekday or an impossible date names file, line and field") {
    ScratchDir dir;
    struct Bad {
      std::string rule;
      std::string field;
      std::string why;
    };
    for (const Bad& bad : std::vector<Bad>{
             {"{weekday: friday, month: 6, day: 19}", "holidays.rules[0].weekday_on_or_after.weekday",
              "'friday' is not a weekday"},
             {"{weekday: fri, month: 6, day: 31}", "holidays.rules[0].weekday_on_or_after.day",
              "month 6 has no day 31"},
             {"{weekday: fri, month: 2, day: 29}", "holidays.rules[0].weekday_on_or_after.day", "every year"},
             {"{weekday: fri, month: 13, day: 1}", "holidays.rules[0].weekday_on_or_after.month", ""},
             {"{weekday: fri, month: 6}", "holidays.rules[0].weekday_on_or_after.day", "is required"},
             {"{weekday: fri, month: 6, day: 19, n: 1}", "holidays.rules[0].weekday_on_or_after.n", "unknown key"},
         }) {
      CAPTURE(bad.rule);
      const auto file = dir.write("bad.yaml", minimal_header +
                                                  "holidays:\n  rules:\n    - name: X\n"
                                                  "      weekday_on_or_after: " +
                                                  bad.rule + "\n");
      try {
        load_calendar_file(file);
        FAIL("expected ConfigError");
      } catch (const ConfigError& e) {
        CAPTURE(std::string(e.what()));
        CHECK(e.where().file == file.string());
        CHECK(e.where().line == 10);
        CHECK(e.where().field == bad.field);
        CHECK(e.why().find(bad.why) != std::string::npos);
      }
    }
  }

  TEST_CASE("load_calendar finds calendars by name in a folder and rejects unknown ones") {
    ScratchDir dir;
    // A calendar file's name is its name: (calendar_loader.h).
    dir.write("site.yaml", "name: site\n" + minimal_header.substr(minimal_header.find('\n') + 1));
    const Calendar cal = load_calendar("site", dir.path());
    CHECK(cal.is_business_day(CivilDate::from_ymd(2024, 12, 25)));  // no holidays at all
    CHECK_THROWS_AS(load_calendar("no-such-calendar"), ConfigError);
    CHECK_THROWS_AS(load_calendar("../calendars/england-and-wales"), ConfigError);
    try {
      load_calendar("no-such-calendar");
      FAIL("expected ConfigError");
    } catch (const ConfigError& e) {
      const std::string msg = e.what();
      CHECK(msg.find("no-such-calendar") != std::string::npos);
      CHECK(msg.find("england-and-wales") != std::string::npos);  // lists the known ones
    }
  }

  TEST_CASE("malformed calendar files are rejected naming file and line") {
    ScratchDir dir;
    // Each case: the file text, the 1-based line the error must name, and a
    // word the message must contain.
    struct Bad {
      const char* what;
      std::string text;
      int line;
      const char* mentions;
    };
    const std::vector<Bad> cases = {
        {"unknown top-level key", minimal_header + "colour: blue\n", 7, "colour"},
        {"unknown key in a rule",
         minimal_header +
             "holidays:\n  rules:\n    - name: X\n      fixed: {month: 1, day: 1}\n      substitue: next_weekday\n",
         11, "substitue"},
        {"bad month", minimal_header + "holidays:\n  rules:\n    - name: X\n      fixed: {month: 13, day: 1}\n", 10,
         "month"},
        {"bad day", minimal_header + "holidays:\n  rules:\n    - name: X\n      fixed: {month: 2, day: 30}\n", 10,
         "day"},
        {"window closing before it opens",
         "name: custom\nworking_week:\n  - days: [mon]\n    windows: [\"17:00-09:00\"]\n", 4, "17:00-09:00"},
        {"window that is not a time", "name: custom\nworking_week:\n  - days: [mon]\n    windows: [\"9-5\"]\n", 4,
         "windows[0]"},
        {"bad weekday in the working week",
         "name: custom\nworking_week:\n  - days: [mon, funday]\n    windows: [\"09:00-17:00\"]\n", 3, "funday"},
        {"bad weekday in a rule",
         minimal_header + "holidays:\n  rules:\n    - name: X\n      nth_weekday: {month: 5, weekday: mnd, n: 1}\n", 10,
         "mnd"},
        {"bad date in additions", minimal_header + "holidays:\n  additions:\n    - {date: 2024-02-30}\n", 9,
         "2024-02-30"},
        {"YAML syntax error", minimal_header + "holidays:\n  rules: [\n    - name: X\n", 0, ""},
        {"YAML syntax error: bad indentation", "name: custom\n  working_week: x\n", 2, ""},
    };
    for (const auto& bad : cases) {
      CAPTURE(bad.what);
      const auto file = dir.write("bad.yaml", bad.text);
      try {
        load_calendar_file(file);
        FAIL("expected ConfigError for: " << bad.what);
      } catch (const ConfigError& e) {
        const std::string msg = e.what();
        CAPTURE(msg);
        CHECK(e.where().file == file.string());
        CHECK(msg.find(file.string()) != std::string::npos);
        CHECK(e.where().line > 0);
        if (bad.line > 0) {
          CHECK(e.where().line == static_cast<std::size_t>(bad.line));
          CHECK(msg.find(file.string() + ":" + std::to_string(bad.line) + ":") != std::string::npos);
        }
        CHECK(msg.find(bad.mentions) != std::string::npos);
      }
    }
  }

  TEST_CASE("semantically bad calendars are rejected with the file named") {
    ScratchDir dir;
    SUBCASE("unknown zone") {
      const auto file = dir.write("zone.yaml",
                                  "name: z\ntime_zone: Mars/Olympus\nworking_week:\n"
                                  "  - days: [mon]\n    windows: [\"09:00-17:00\"]\n");
      try {
        load_calendar_file(file);
        FAIL("expected ConfigError");
      } catch (const ConfigError& e) {
        CHECK(std::string(e.what()).find(file.string()) != std::string::npos);
        CHECK(std::string(e.what()).find("Mars/Olympus") != std::string::npos);
      }
    }
    SUBCASE("overlapping windows") {
      const auto file = dir.write("overlap.yaml",
                                  "name: o\nworking_week:\n  - days: [mon]\n"
                                  "    windows: [\"09:00-12:00\", \"11:00-17:00\"]\n");
      CHECK_THROWS_AS(load_calendar_file(file), ConfigError);
    }
    SUBCASE("a day listed twice") {
      const auto file = dir.write("twice.yaml",
                                  "name: t\nworking_week:\n  - days: [mon]\n    windows: [\"09:00-12:00\"]\n"
                                  "  - days: [mon]\n    windows: [\"13:00-17:00\"]\n");
      CHECK_THROWS_AS(load_calendar_file(file), ConfigError);
    }
    SUBCASE("missing file") {
      CHECK_THROWS_AS(load_calendar_file(dir.path() / "absent.yaml"), ConfigError);
    }
  }

}  // TEST_SUITE

}  // namespace slaclock
