// slaclock calendar add | between | business-day | holidays
#include "cli_common.h"

#include <slaclock/base/error.h>
#include <slaclock/time/timestamp.h>

#include <cmath>
#include <iostream>

namespace slaclock::cli {

namespace {

struct CalendarArgs {
  std::string from, to, date, by;
  std::optional<double> business_hours, business_minutes, hours;
  std::optional<int> business_days;
  int year = 0;
};

std::int64_t whole_seconds(double amount, double unit, const char* option) {
  if (!std::isfinite(amount) || amount < 0 || amount * unit > 1e12)
    throw InputError({"", 0, option}, "must be a non-negative number");
  const double s = amount * unit;
  if (std::fabs(s - std::round(s)) > 1e-6) throw InputError({"", 0, option}, "must come to whole seconds");
  return static_cast<std::int64_t>(std::llround(s));
}

// --by in the one duration grammar, as an allowance counts it: "7bd" is the
// close of the 7th business day after the day of --from, as a rule's
// business_days allowance is.
Instant add_duration(const Calendar& cal, Instant from, const std::string& by) {
  DurationSpec d;
  try {
    d = parse_duration_spec(by);
  } catch (const InputError& e) {
    throw InputError({"", 0, "--by"}, e.why());
  }
  switch (d.unit) {
    case DurationSpec::Unit::business_days:
      if (d.amount > 100'000) throw InputError({"", 0, "--by"}, "at most 100000 business days");
      return cal.business_days_after(from, static_cast<int>(d.amount));
    case DurationSpec::Unit::business_time:
      return cal.add_business(from, BusinessSeconds{d.amount});
    case DurationSpec::Unit::elapsed:
      break;
  }
  const Instant end = from + Seconds{d.amount};
  cal.local_date(end);  // outside the calendar's years: a RangeError, as for business time
  return end;
}

void run_add(const CommonOptions& o, const CalendarArgs& a) {
  const int given = !a.by.empty() + a.business_hours.has_value() + a.business_minutes.has_value() +
                    a.business_days.has_value() + a.hours.has_value();
  if (given != 1)
    throw InputError({"", 0, "calendar add"},
                     "give exactly one of --by (e.g. 4bh, 7bd, 4h), --business-hours, --business-minutes, "
                     "--business-days, --hours");
  const Calendar cal = o.load_calendar();
  const Instant from = o.parse_time(a.from, "--from");
  Instant result;
  if (!a.by.empty()) {
    result = add_duration(cal, from, a.by);
  } else if (a.business_hours) {
    result = cal.add_business(from, {whole_seconds(*a.business_hours, 3600, "--business-hours")});
  } else if (a.business_minutes) {
    result = cal.add_business(from, {whole_seconds(*a.business_minutes, 60, "--business-minutes")});
  } else if (a.business_days) {
    if (*a.business_days < 0) throw InputError({"", 0, "--business-days"}, "must not be negative");
    result = cal.business_days_after(from, *a.business_days);
  } else {
    const Instant end = from + Seconds{whole_seconds(*a.hours, 3600, "--hours")};
    cal.local_date(end);
    result = end;
  }
  const std::string out = o.format_time(result, cal.zone());
  switch (o.output_format()) {
    case Format::json:
      std::cout << json_text(nlohmann::json{{"result", out}}, -1) << '\n';
      break;
    case Format::csv:
      print_csv(std::cout, {"result"}, {{out}});
      break;
    case Format::table:
      std::cout << out << '\n';
      break;
  }
}

void run_between(const CommonOptions& o, const CalendarArgs& a) {
  const Calendar cal = o.load_calendar();
  const Instant from = o.parse_time(a.from, "--from");
  const Instant to = o.parse_time(a.to, "--to");
  // Reversed instants give a negative figure, as a subtraction would.
  const BusinessSeconds b =
      to < from ? BusinessSeconds{-cal.business_between(to, from).count} : cal.business_between(from, to);
  switch (o.output_format()) {
    case Format::json:
      std::cout << json_text(nlohmann::json{{"business_seconds", b.count}}, -1) << '\n';
      break;
    case Format::csv:
      print_csv(std::cout, {"business_seconds"}, {{std::to_string(b.count)}});
      break;
    case Format::table:
      std::cout << b.count << " business seconds (" << format_duration(b.count, false) << ")\n";
      break;
  }
}

void run_business_day(const CommonOptions& o, const CalendarArgs& a) {
  const Calendar cal = o.load_calendar();
  CivilDate d;
  try {
    d = parse_date(a.date);
  } catch (const InputError& e) {
    throw InputError({"", 0, "DATE"}, e.why());
  }
  const bool business = cal.is_business_day(d);
  const auto holiday = cal.holiday_name(d);
  const CivilDate next = cal.next_business_day(d + 1);
  nlohmann::json windows = nlohmann::json::array();
  for (const auto& [open, close] : cal.windows_on(d))
    windows.push_back({{"open", o.format_time(open, cal.zone())}, {"close", o.format_time(close, cal.zone())}});
  const Format format = o.output_format();
  if (format == Format::csv) {
    print_csv(std::cout, {"date", "calendar", "weekday", "business_day", "holiday", "next_business_day"},
              {{format_date(d), cal.name(), weekday_short_name(d.weekday()), business ? "true" : "false",
                holiday.value_or(""), format_date(next)}});
    return;
  }
  if (format == Format::json) {
    std::cout << json_text(nlohmann::json{{"date", format_date(d)},
                                          {"calendar", cal.name()},
                                          {"weekday", weekday_short_name(d.weekday())},
                                          {"business_day", business},
                                          {"holiday", holiday ? nlohmann::json(*holiday) : nlohmann::json(nullptr)},
                                          {"windows", windows},
                                          {"next_business_day", format_date(next)}},
                           -1)
              << '\n';
    return;
  }
  std::cout << format_date(d) << " (" << weekday_short_name(d.weekday()) << ") is "
            << (business ? "a business day" : "not a business day") << " in " << cal.name();
  if (holiday) std::cout << ": " << *holiday;
  std::cout << '\n';
  for (const auto& w : windows)
    std::cout << "  open " << w["open"].get<std::string>() << " - " << w["close"].get<std::string>() << '\n';
  std::cout << "next business day: " << format_date(next) << '\n';
}

void run_holidays(const CommonOptions& o, const CalendarArgs& a) {
  const Calendar cal = o.load_calendar();
  if (a.year < cal.first_year() || a.year > cal.last_year())
    throw InputError({"", 0, "--year"}, "must be within " + std::to_string(cal.first_year()) + "-" +
                                            std::to_string(cal.last_year()) + " for calendar " + cal.name());
  std::vector<std::vector<std::string>> rows;
  for (const auto& h : cal.holidays_in(a.year))
    rows.push_back({format_date(h.date), weekday_short_name(h.date.weekday()), h.name});
  print_records(std::cout, o.output_format(), {"date", "weekday", "name"}, rows);
}

}  // namespace

void register_calendar_commands(CLI::App& app, CommonOptions& o) {
  auto* calendar = app.add_subcommand("calendar", "business-calendar arithmetic for scripts");
  calendar->require_subcommand(1);
  auto args = std::make_shared<CalendarArgs>();

  auto* add = calendar->add_subcommand("add", "add business time, business days or plain hours to an instant");
  add->add_option("--from", args->from, "start instant, ISO 8601 with offset")->required();
  add->add_option("--by", args->by,
                  "a duration: 4bh, 30bm (business time), 7bd (close of the 7th business day after the day of "
                  "--from), or elapsed 4h, 1d, 90m")
      ->check(not_empty());
  add->add_option("--business-hours", args->business_hours, "business hours to add (decimals allowed)");
  add->add_option("--business-minutes", args->business_minutes, "business minutes to add");
  add->add_option("--business-days", args->business_days,
                  "N business days: close of the N-th business day after the day of --from");
  add->add_option("--hours", args->hours, "plain elapsed hours (24x7)");
  add_common_options(*add, o, db_option | calendar_option | format_option | time_options);
  add->footer("Prints the due instant; with --format json prints {\"result\": T}.");
  add->callback([&o, args] { run_add(o, *args); });

  auto* between = calendar->add_subcommand("between", "business time inside [from, to)");
  between->add_option("--from", args->from, "start instant")->required();
  between->add_option("--to", args->to, "end instant")->required();
  add_common_options(*between, o, db_option | calendar_option | format_option | time_options);
  between->footer("With --format json prints {\"business_seconds\": N}; negative when --to is before --from.");
  between->callback([&o, args] { run_between(o, *args); });

  auto* bday =
      calendar->add_subcommand("business-day", "is DATE a business day? its windows, holiday and the next one");
  bday->add_option("DATE", args->date, "a date, YYYY-MM-DD")->required();
  add_common_options(*bday, o, db_option | calendar_option | format_option | time_options);
  bday->callback([&o, args] { run_business_day(o, *args); });

  auto* holidays = calendar->add_subcommand("holidays", "list a year's holidays");
  holidays->add_option("--year", args->year, "the year")->required();
  add_common_options(*holidays, o, db_option | calendar_option | format_option);
  holidays->callback([&o, args] { run_holidays(o, *args); });
}

}  // namespace slaclock::cli
