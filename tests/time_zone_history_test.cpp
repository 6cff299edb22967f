// A zone's full history (SPEC section 2: zones from the system tzdata): every
// change zdump lists, from the TZif file's transitions and, after the last of
// them, its POSIX footer, seen the same way through TimeZone.
#include <slaclock/base/error.h>
#include <slaclock/time/time_zone.h>
#include <slaclock/time/timestamp.h>

#include <doctest/doctest.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace slaclock {

namespace {
// One line of `zdump -v`: "Zone  Sun Mar 26 00:59:59 1995 UT = Sun Mar 26 00:59:59 1995 GMT isdst=0 gmtoff=0".
struct ZdumpLine {
  std::string text;
  Instant utc;
  CivilDate local_date;
  std::int32_t local_seconds = 0;
  std::int32_t gmtoff = 0;
};

unsigned month_number(const char* name) {
  static const char* names[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (unsigned m = 0; m < 12; ++m)
    if (std::strcmp(name, names[m]) == 0) return m + 1;
  return 0;
}

std::vector<ZdumpLine> zdump(const std::string& zone, int from_year, int to_year) {
  const std::string command =
      "zdump -v -c " + std::to_string(from_year) + "," + std::to_string(to_year) + " " + zone + " 2>/dev/null";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  REQUIRE(pipe);
  std::vector<ZdumpLine> lines;
  std::array<char, 512> buf{};
  while (std::fgets(buf.data(), buf.size(), pipe.get())) {
    char um[4], lm[4];
    int ud, uh, umi, us, uy, ld, lh, lmi, ls, ly, isdst, gmtoff;
    if (std::sscanf(buf.data(), "%*s %*s %3s %d %d:%d:%d %d UT = %*s %3s %d %d:%d:%d %d %*s isdst=%d gmtoff=%d", um,
                    &ud, &uh, &umi, &us, &uy, lm, &ld, &lh, &lmi, &ls, &ly, &isdst, &gmtoff) != 14)
      continue;  // the "= NULL" lines at the ends of time
    ZdumpLine line;
    line.text = buf.data();
    const CivilDate utc_date = CivilDate::from_ymd(uy, month_number(um), static_cast<unsigned>(ud));
    line.utc = Instant{std::int64_t{utc_date.days_since_epoch()} * 86400 + uh * 3600 + umi * 60 + us};
    line.local_date = CivilDate::from_ymd(ly, month_number(lm), static_cast<unsigned>(ld));
    line.local_seconds = lh * 3600 + lmi * 60 + ls;
    line.gmtoff = gmtoff;
    lines.push_back(line);
  }
  return lines;
}
}  // namespace

TEST_SUITE("time zone history") {
  TEST_CASE("every change zdump lists is the same through TimeZone") {
    // Lord Howe moves half an hour; Jerusalem, Santiago and Nuuk have footers
    // with transition times beyond 24:00 or before 00:00; Sydney ends each
    // year in DST. 1900-2100 covers the files' transitions and the footers.
    for (const std::string name : {"Europe/London", "America/New_York", "Australia/Lord_Howe", "Australia/Sydney",
                                   "Asia/Jerusalem", "America/Santiago", "America/Nuuk", "Europe/Dublin"}) {
      CAPTURE(name);
      const TimeZone zone = TimeZone::named(name);
      const std::vector<ZdumpLine> lines = zdump(name, 1900, 2100);
      REQUIRE(lines.size() > 100);
      for (const ZdumpLine& line : lines) {
        CAPTURE(line.text);
        CHECK(zone.offset_at(line.utc) == line.gmtoff);
        const LocalTime local = zone.to_local(line.utc);
        CHECK(local.date == line.local_date);
        CHECK(local.seconds_of_day == line.local_seconds);
        CHECK(local.utc_offset_seconds == line.gmtoff);
        const auto span = zone.steady_span(line.utc);
        CHECK(span.first <= line.utc);
        CHECK(line.utc < span.second);
      }
      // zdump lists each change as the second before and the change itself;
      // the local time the change lands on means the change's instant.
      for (std::size_t i = 1; i < lines.size(); ++i) {
        if (lines[i].utc.utc_seconds != lines[i - 1].utc.utc_seconds + 1) continue;
        const ZdumpLine& at = lines[i];
        CAPTURE(at.text);
        const LocalResolution r = zone.resolve_local(at.local_date, at.local_seconds);
        CHECK(r.kind != LocalResolution::Kind::gap);
        CHECK((r.earliest == at.utc || r.latest == at.utc));
      }
    }
  }

  TEST_CASE("pinned moments of London's history") {
    const TimeZone london = TimeZone::named("Europe/London");
    // BST ended on Sunday 22 October 1995 (zdump: 01:00 UT), not on the last
    // Sunday of October that today's rule would give (the 29th).
    CHECK(london.offset_at(parse_instant("1995-10-25T12:00:00Z")) == 0);
    CHECK(london.offset_at(parse_instant("1995-10-22T00:59:59Z")) == 3600);
    CHECK(london.offset_at(parse_instant("1995-10-22T01:00:00Z")) == 0);
    CHECK(format_instant(parse_instant("1995-10-25T12:00:00Z"), london) == "1995-10-25T12:00:00+00:00");
    // British Standard Time: +01:00 all year from 27 October 1968 to 31 October 1971.
    CHECK(london.offset_at(parse_instant("1970-06-01T12:00:00Z")) == 3600);
    CHECK(london.offset_at(parse_instant("1970-01-15T12:00:00Z")) == 3600);
    CHECK(london.offset_at(parse_instant("1971-10-31T01:59:59Z")) == 3600);
    CHECK(london.offset_at(parse_instant("1971-10-31T02:00:00Z")) == 0);
    // Double summer time in 1941; the rule goes on after the file's last transition (2037).
    CHECK(london.offset_at(parse_instant("1941-06-01T12:00:00Z")) == 7200);
    CHECK(london.offset_at(parse_instant("2050-07-01T12:00:00Z")) == 3600);
    CHECK(london.offset_at(parse_instant("2050-01-01T12:00:00Z")) == 0);
    // New York before 2007 moved on the first Sunday of April and the last of October.
    const TimeZone new_york = TimeZone::named("America/New_York");
    CHECK(new_york.offset_at(parse_instant("2006-03-20T12:00:00Z")) == -5 * 3600);
    CHECK(new_york.offset_at(parse_instant("2006-04-02T06:59:59Z")) == -5 * 3600);
    CHECK(new_york.offset_at(parse_instant("2006-04-02T07:00:00Z")) == -4 * 3600);
    CHECK(new_york.offset_at(parse_instant("2006-11-01T12:00:00Z")) == -5 * 3600);
    const auto gap = new_york.resolve_local(CivilDate::from_ymd(2006, 4, 2), 2 * 3600 + 1800);
    CHECK(gap.kind == LocalResolution::Kind::gap);
    CHECK(gap.earliest == parse_instant("2006-04-02T07:00:00Z"));
  }

  TEST_CASE("a POSIX rule alone holds from 1900 to 2200") {
    const TimeZone rule = TimeZone::from_posix_rule("Test", "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0");
    CHECK(rule.offset_at(parse_instant("2024-01-15T00:00:00Z")) == 11 * 3600);
    CHECK(rule.offset_at(parse_instant("2024-07-15T00:00:00Z")) == 10 * 3600 + 1800);
    CHECK(rule.offset_at(parse_instant("2300-01-15T00:00:00Z")) == 10 * 3600 + 1800);
    CHECK_THROWS_AS(TimeZone::from_posix_rule("Bad", "GMT0BST,M13.1.0,M10.5.0"), ConfigError);
    CHECK_THROWS_AS(TimeZone::from_posix_rule("Bad", "0"), ConfigError);
  }

  TEST_CASE("TZDIR chooses the zoneinfo folder") {
    // A folder holding one zone under a made-up name, copied from the system's.
    const std::filesystem::path dir = std::filesystem::temp_directory_path() / "slaclock-tzdir-test";
    std::filesystem::create_directories(dir / "Test");
    std::filesystem::copy_file("/usr/share/zoneinfo/Asia/Tokyo", dir / "Test" / "Tokyo",
                               std::filesystem::copy_options::overwrite_existing);
    const char* before = std::getenv("TZDIR");
    const std::string saved = before ? before : "";
    setenv("TZDIR", dir.c_str(), 1);
    CHECK(TimeZone::named("Test/Tokyo").offset_at(parse_instant("2024-07-01T00:00:00Z")) == 9 * 3600);
    CHECK_THROWS_AS(TimeZone::named("Europe/London"), ConfigError);
    if (before)
      setenv("TZDIR", saved.c_str(), 1);
    else
      unsetenv("TZDIR");
    std::filesystem::remove_all(dir);
    CHECK(TimeZone::named("Europe/London").offset_at(parse_instant("2024-07-01T00:00:00Z")) == 3600);
  }
}

}  // namespace slaclock
