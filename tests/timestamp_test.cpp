// ISO 8601 at the edges (SPEC section 2): offsets required unless a zone is
// named; gap and repeated-hour local times rejected; output in local time or UTC.
#include <slaclock/base/error.h>
#include <slaclock/time/time_zone.h>
#include <slaclock/time/timestamp.h>

#include <doctest/doctest.h>

#include <string>

namespace slaclock {

TEST_SUITE("timestamps") {
  // 2024-03-28T16:00:00Z as seconds since the epoch.
  constexpr std::int64_t thu_1600z = 1711641600;

  TEST_CASE("parse_instant accepts ISO 8601 with an offset") {
    CHECK(parse_instant("2024-03-28T16:00:00Z").utc_seconds == thu_1600z);
    CHECK(parse_instant("2024-03-28T16:00:00z").utc_seconds == thu_1600z);
    CHECK(parse_instant("2024-03-28T16:00:00+00:00").utc_seconds == thu_1600z);
    CHECK(parse_instant("2024-03-28T17:00:00+01:00").utc_seconds == thu_1600z);
    CHECK(parse_instant("2024-03-28T17:00:00+0100").utc_seconds == thu_1600z);
    CHECK(parse_instant("2024-03-28T11:00:00-05:00").utc_seconds == thu_1600z);
    CHECK(parse_instant("2024-03-28T21:30:00+05:30").utc_seconds == thu_1600z);
    CHECK(parse_instant("2024-03-28T16:00Z").utc_seconds == thu_1600z);     // seconds optional
    CHECK(parse_instant("2024-03-28 16:00:00Z").utc_seconds == thu_1600z);  // space separator
    SUBCASE("fractions of a second are accepted and dropped") {
      CHECK(parse_instant("2024-03-28T16:00:00.999Z").utc_seconds == thu_1600z);
      CHECK(parse_instant("2024-03-28T16:00:00,5+00:00").utc_seconds == thu_1600z);
      CHECK(parse_instant("2024-03-28T17:00:00.123456789+01:00").utc_seconds == thu_1600z);
    }
    SUBCASE("calendar edges") {
      CHECK(parse_instant("1970-01-01T00:00:00Z").utc_seconds == 0);
      CHECK(parse_instant("2024-02-29T00:00:00Z").utc_seconds == 1709164800);  // leap day
      CHECK(parse_instant("2024-12-31T23:59:59Z").utc_seconds == 1735689599);
      CHECK(parse_instant("2024-03-28T24:00:00Z") == parse_instant("2024-03-29T00:00:00Z"));
      CHECK(parse_instant("2024-01-01T00:30:00+01:00") == parse_instant("2023-12-31T23:30:00Z"));
    }
  }

  TEST_CASE("parse_instant rejects what it cannot be sure of") {
    for (const char* bad : {
             "2024-03-28T16:00:00",         // no offset and no zone named
             "2024-13-01T00:00:00Z",        // month 13
             "2024-00-10T00:00:00Z",        // month 0
             "2024-02-30T00:00:00Z",        // Feb 30
             "2023-02-29T00:00:00Z",        // not a leap year
             "2024-04-31T00:00:00Z",        // April has 30 days
             "2024-03-28T25:00:00Z",        // hour 25
             "2024-03-28T24:00:01Z",        // past the end of the day
             "2024-03-28T16:60:00Z",        // minute 60
             "2024-03-28T16:00:60Z",        // second 60
             "2024-03-28T16:00:00+25:00",   // offset out of range
             "2024-03-28T16:00:00+1",       // offset too short
             "2024-03-28T16:00:00Zjunk",    // trailing text
             "2024-03-28T16:00:00+01:00 ",  // trailing space
             "2024-03-28T16:00:00.Z",       // a point without digits
             "2024-03-28",                  // a date is not an instant
             "28/03/2024 16:00",            // not ISO 8601
             "yesterday",                   // garbage
             "",                            //
         }) {
      CAPTURE(bad);
      CHECK_THROWS_AS(parse_instant(bad), InputError);
    }
    try {
      parse_instant("2024-03-28T16:00:00");
      FAIL("expected InputError");
    } catch (const InputError& e) {
      CHECK(std::string(e.what()).find("offset") != std::string::npos);
    }
  }

  TEST_CASE("local times with a named zone") {
    const TimeZone london = TimeZone::named("Europe/London");
    SUBCASE("ordinary winter and summer times") {
      CHECK(parse_instant("2024-03-28T16:00:00", &london).utc_seconds == thu_1600z);
      CHECK(parse_instant("2024-07-01T09:00:00", &london) == parse_instant("2024-07-01T08:00:00Z"));
      CHECK(parse_instant("2024-03-31T00:59:59", &london) == parse_instant("2024-03-31T00:59:59Z"));
      CHECK(parse_instant("2024-03-31T02:00:00", &london) == parse_instant("2024-03-31T01:00:00Z"));
      CHECK(parse_instant("2024-10-27T00:59:59", &london) == parse_instant("2024-10-26T23:59:59Z"));
      CHECK(parse_instant("2024-10-27T02:00:00", &london) == parse_instant("2024-10-27T02:00:00Z"));
    }
    SUBCASE("an explicit offset wins over the zone") {
      CHECK(parse_instant("2024-10-27T01:30:00+01:00", &london) == parse_instant("2024-10-27T00:30:00Z"));
      CHECK(parse_instant("2024-10-27T01:30:00+00:00", &london) == parse_instant("2024-10-27T01:30:00Z"));
    }
    SUBCASE("the spring-forward gap does not exist") {
      for (const char* t : {"2024-03-31T01:00:00", "2024-03-31T01:30:00", "2024-03-31T01:59:59"}) {
        CAPTURE(t);
        CHECK_THROWS_AS(parse_instant(t, &london), InputError);
      }
      try {
        parse_instant("2024-03-31T01:30:00", &london);
        FAIL("expected InputError");
      } catch (const InputError& e) {
        CHECK(std::string(e.what()).find("does not exist") != std::string::npos);
      }
    }
    SUBCASE("the repeated autumn hour is ambiguous") {
      for (const char* t : {"2024-10-27T01:00:00", "2024-10-27T01:30:00", "2024-10-27T01:59:59"}) {
        CAPTURE(t);
        CHECK_THROWS_AS(parse_instant(t, &london), InputError);
      }
      try {
        parse_instant("2024-10-27T01:30:00", &london);
        FAIL("expected InputError");
      } catch (const InputError& e) {
        CHECK(std::string(e.what()).find("twice") != std::string::npos);
      }
    }
    SUBCASE("the zone's own resolution of those times") {
      const auto gap = london.resolve_local(CivilDate::from_ymd(2024, 3, 31), 5400);
      CHECK(gap.kind == LocalResolution::Kind::gap);
      CHECK(gap.earliest == parse_instant("2024-03-31T01:00:00Z"));
      const auto twice = london.resolve_local(CivilDate::from_ymd(2024, 10, 27), 5400);
      CHECK(twice.kind == LocalResolution::Kind::ambiguous);
      CHECK(twice.earliest == parse_instant("2024-10-27T00:30:00Z"));
      CHECK(twice.latest == parse_instant("2024-10-27T01:30:00Z"));
      CHECK(london.from_local(CivilDate::from_ymd(2024, 10, 27), 5400, Disambiguation::earliest) == twice.earliest);
      CHECK(london.from_local(CivilDate::from_ymd(2024, 10, 27), 5400, Disambiguation::latest) == twice.latest);
    }
  }

  TEST_CASE("format_instant in the zone's local time, and format_utc") {
    const TimeZone london = TimeZone::named("Europe/London");
    CHECK(format_instant(Instant{thu_1600z}, london) == "2024-03-28T16:00:00+00:00");
    CHECK(format_instant(parse_instant("2024-04-05T16:00:00Z"), london) == "2024-04-05T17:00:00+01:00");
    CHECK(format_instant(parse_instant("2024-10-27T00:30:00Z"), london) == "2024-10-27T01:30:00+01:00");
    CHECK(format_instant(parse_instant("2024-10-27T01:30:00Z"), london) == "2024-10-27T01:30:00+00:00");
    CHECK(format_instant(parse_instant("2024-03-31T00:59:59Z"), london) == "2024-03-31T00:59:59+00:00");
    CHECK(format_instant(parse_instant("2024-03-31T01:00:00Z"), london) == "2024-03-31T02:00:00+01:00");
    CHECK(format_utc(parse_instant("2024-04-05T17:00:00+01:00")) == "2024-04-05T16:00:00Z");
    CHECK(format_utc(Instant{0}) == "1970-01-01T00:00:00Z");
    CHECK(format_date(CivilDate::from_ymd(2024, 4, 5)) == "2024-04-05");
    SUBCASE("round trip") {
      for (const char* t : {"2024-04-05T17:00:00+01:00", "2024-12-25T09:00:00+00:00", "2019-06-30T23:59:59+01:00"})
        CHECK(format_instant(parse_instant(t), london) == t);
    }
    SUBCASE("zones west and east of Greenwich (tzdata footers use POSIX signs)") {
      const TimeZone new_york = TimeZone::named("America/New_York");
      CHECK(format_instant(Instant{thu_1600z}, new_york) == "2024-03-28T12:00:00-04:00");
      CHECK(format_instant(parse_instant("2024-01-15T12:00:00Z"), new_york) == "2024-01-15T07:00:00-05:00");
      CHECK(format_instant(parse_instant("2024-03-10T07:00:00Z"), new_york) == "2024-03-10T03:00:00-04:00");
      CHECK(format_instant(parse_instant("2024-03-10T06:59:59Z"), new_york) == "2024-03-10T01:59:59-05:00");
      const TimeZone paris = TimeZone::named("Europe/Paris");
      CHECK(format_instant(parse_instant("2024-01-15T12:00:00Z"), paris) == "2024-01-15T13:00:00+01:00");
      CHECK(format_instant(parse_instant("2024-07-15T12:00:00Z"), paris) == "2024-07-15T14:00:00+02:00");
      const TimeZone sydney = TimeZone::named("Australia/Sydney");
      CHECK(format_instant(parse_instant("2024-01-15T12:00:00Z"), sydney) == "2024-01-15T23:00:00+11:00");
      CHECK(format_instant(parse_instant("2024-07-15T12:00:00Z"), sydney) == "2024-07-15T22:00:00+10:00");
      const TimeZone dublin = TimeZone::named("Europe/Dublin");  // negative DST in the footer
      CHECK(format_instant(parse_instant("2024-01-15T12:00:00Z"), dublin) == "2024-01-15T12:00:00+00:00");
      CHECK(format_instant(parse_instant("2024-07-15T12:00:00Z"), dublin) == "2024-07-15T13:00:00+01:00");
      const TimeZone st_johns = TimeZone::named("America/St_Johns");
      CHECK(format_instant(parse_instant("2024-01-15T12:00:00Z"), st_johns) == "2024-01-15T08:30:00-03:30");
      CHECK(parse_instant("2024-01-15T08:30:00", &st_johns) == parse_instant("2024-01-15T12:00:00Z"));
      CHECK(format_instant(parse_instant("2024-01-15T12:00:00Z"), TimeZone::utc()) == "2024-01-15T12:00:00+00:00");
    }
    SUBCASE("unknown zones are a ConfigError") {
      CHECK_THROWS_AS(TimeZone::named("Mars/Olympus_Mons"), ConfigError);
      CHECK_THROWS_AS(TimeZone::named("../etc/passwd"), ConfigError);
    }
  }

  TEST_CASE("parse_date") {
    CHECK(parse_date("2024-04-05") == CivilDate::from_ymd(2024, 4, 5));
    CHECK_THROWS_AS(parse_date("2024-4-5"), InputError);
    CHECK_THROWS_AS(parse_date("2024-02-30"), InputError);
    CHECK_THROWS_AS(parse_date("2024-04-05T00:00:00Z"), InputError);
    CHECK_THROWS_AS(parse_date(""), InputError);
  }

  TEST_CASE("parse_duration") {
    CHECK(parse_duration("4h") == Seconds::hours(4));
    CHECK(parse_duration("90m") == Seconds::minutes(90));
    CHECK(parse_duration("2d") == Seconds{2 * 86400});
    CHECK(parse_duration("1d4h") == Seconds{86400 + 4 * 3600});
    CHECK(parse_duration("1h30m15s") == Seconds{5415});
    CHECK(parse_duration("45s") == Seconds{45});
    CHECK(parse_duration("3600") == Seconds{3600});
    CHECK(parse_duration("0") == Seconds{0});
    for (const char* bad : {"", "h", "4x", "-4h", "4h30", "4.5h", "four hours", "4 h"}) {
      CAPTURE(bad);
      CHECK_THROWS_AS(parse_duration(bad), InputError);
    }
  }

}  // TEST_SUITE

}  // namespace slaclock
