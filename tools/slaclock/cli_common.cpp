#include "cli_common.h"

#include <slaclock/base/error.h>
#include <slaclock/base/paths.h>
#include <slaclock/base/text_safety.h>
#include <slaclock/config/calendar_loader.h>
#include <slaclock/time/timestamp.h>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>

namespace slaclock::cli {

Instant wall_clock_now() {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return Instant{std::chrono::duration_cast<std::chrono::seconds>(now).count()};
}

std::string CommonOptions::database_path() const {
  if (!db.empty()) return db;
  if (const char* env = std::getenv("SLACLOCK_DB"); env && *env) return env;
  return "./slaclock.db";
}

Format CommonOptions::output_format() const {
  if (format.empty()) return isatty(STDOUT_FILENO) ? Format::table : Format::json;
  if (format == "table") return Format::table;
  if (format == "json") return Format::json;
  if (format == "csv") return Format::csv;
  throw InputError({"", 0, "--format"}, "'" + format + "' is not one of table, json, csv");
}

CalendarSource CommonOptions::calendars() const {
  return CalendarSource(store, calendars_dir);
}

namespace {

// A command that has not opened its database (the calendar commands, or
// printing after a sweep closed it) still finds the calendars stored there:
// the database is opened read-only for the lookup when it exists.
template <typename Find>
auto with_stored_calendars(const CommonOptions& o, Find find) {
  if (o.store == nullptr && std::filesystem::is_regular_file(o.database_path())) {
    const EventStore opened = EventStore::open(o.database_path(), OpenMode::read_only);
    return find(CalendarSource(&opened, o.calendars_dir));
  }
  return find(o.calendars());
}

}  // namespace

Calendar CommonOptions::load_calendar() const {
  return with_stored_calendars(*this, [&](const CalendarSource& s) { return s.find(calendar).calendar; });
}

TimeZone CommonOptions::zone_of_calendar(const std::string& name) const {
  if (!display_zone.empty()) {
    if (!display_tz) display_tz = TimeZone::named(display_zone);  // checked when the option was parsed
    return *display_tz;
  }
  const std::string& wanted = name.empty() ? calendar : name;
  if (const auto it = known_zones.find(wanted); it != known_zones.end()) return it->second;
  TimeZone found = TimeZone::utc();
  try {
    found = with_stored_calendars(*this, [&](const CalendarSource& s) { return s.zone(wanted); });
  } catch (const Error&) {
    found = TimeZone::named("Europe/London");
  }
  known_zones.emplace(wanted, found);
  return found;
}

Instant CommonOptions::parse_time(const std::string& text, const std::string& option) const {
  try {
    if (zone.empty()) return parse_instant(text);
    const TimeZone tz = zone == "calendar" ? calendars().zone(calendar) : TimeZone::named(zone);
    return parse_instant(text, &tz);
  } catch (const InputError& e) {
    throw InputError({"", 0, option}, e.why());
  }
}

std::string CommonOptions::format_time(Instant t, const TimeZone& tz) const {
  if (utc) return format_utc(t);
  if (!display_zone.empty()) {
    if (!display_tz) display_tz = TimeZone::named(display_zone);  // checked when the option was parsed
    return format_instant(t, *display_tz);
  }
  return format_instant(t, tz);
}

void add_common_options(CLI::App& sub, CommonOptions& o, unsigned which) {
  if (which & db_option) sub.add_option("--db", o.db, "SQLite database (default $SLACLOCK_DB or ./slaclock.db)");
  if (which & calendar_option) {
    sub.add_option("--calendar", o.calendar, "business calendar name (default england-and-wales)");
    sub.add_option("--calendars-dir", o.calendars_dir,
                   "folder of calendar YAML files (default: calendars/ in the data folder, see --version)");
  }
  if ((which & calendars_dir_option) && !(which & calendar_option))
    sub.add_option("--calendars-dir", o.calendars_dir,
                   "folder of calendar YAML files read before the data folder's calendars/ (see docs/settings.md)");
  if (which & format_option)
    sub.add_option("--format", o.format, "table, json or csv (default: table on a terminal, json otherwise)");
  if (which & quiet_option)
    sub.add_flag("-q,--quiet", o.quiet,
                 "print nothing on standard output (for cron); errors and warnings still go to standard error and "
                 "the exit status is unchanged");
  if (which & time_options) {
    sub.add_flag("--utc", o.utc, "print instants in UTC instead of the calendar's local time");
    sub.add_option("--display-zone", o.display_zone,
                   "print every instant in this zone (the site's, an IANA name) instead of each calendar's own")
        ->envname("SLACLOCK_DISPLAY_ZONE")
        ->check(CLI::Validator(
            [](const std::string& z) {
              try {
                TimeZone::named(z);
                return std::string();
              } catch (const Error& e) {
                return e.why();
              }
            },
            "ZONE", "ZONE"));
    sub.add_option("--zone", o.zone,
                   "zone for input times given without an offset (an IANA name, or 'calendar'); "
                   "gap and repeated-hour times are rejected");
  }
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

const CLI::Validator& not_empty() {
  static const CLI::Validator v(
      [](const std::string& s) {
        return s.empty() ? std::string("is empty: give a value or leave the option out") : "";
      },
      "", "NOT_EMPTY");
  return v;
}

std::string json_text(const nlohmann::json& j, int indent) {
  // Text that is not valid UTF-8 prints with U+FFFD instead of failing the
  // whole output: one bad byte must not hide every other row.
  return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string printable(const std::string& cell) {
  // Control characters (ESC, CR, LF, U+009B CSI, ...), bidi overrides and
  // line separators would move the cursor, split a row or reorder it on a
  // terminal; older imports may have stored them: shown as \xNN or \u{NN}.
  return terminal_safe(cell);
}

void print_table(std::ostream& os, const std::vector<std::string>& headers,
                 const std::vector<std::vector<std::string>>& raw_rows) {
  std::vector<std::vector<std::string>> rows;
  rows.reserve(raw_rows.size());
  for (const auto& r : raw_rows) {
    std::vector<std::string> cells;
    for (const auto& c : r) cells.push_back(printable(c));
    rows.push_back(std::move(cells));
  }
  std::vector<std::size_t> width(headers.size());
  for (std::size_t c = 0; c < headers.size(); ++c) width[c] = headers[c].size();
  for (const auto& r : rows)
    for (std::size_t c = 0; c < r.size() && c < width.size(); ++c) width[c] = std::max(width[c], r[c].size());
  auto line = [&](const std::vector<std::string>& cells) {
    std::string out;
    for (std::size_t c = 0; c < width.size(); ++c) {
      const std::string& cell = c < cells.size() ? cells[c] : std::string();
      out += cell;
      if (c + 1 < width.size()) out += std::string(width[c] - cell.size() + 2, ' ');
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    os << out << '\n';
  };
  line(headers);
  std::vector<std::string> rule;
  for (auto w : width) rule.push_back(std::string(w, '-'));
  line(rule);
  for (const auto& r : rows) line(r);
}

bool is_plain_number(std::string_view s) {
  // -1800, +3, 12.5, -0.25: what a numeric column holds.
  std::size_t i = s.empty() || (s[0] != '-' && s[0] != '+') ? 0 : 1;
  bool digits = false, point = false;
  for (; i < s.size(); ++i) {
    if (s[i] >= '0' && s[i] <= '9')
      digits = true;
    else if (s[i] == '.' && !point)
      point = true;
    else
      return false;
  }
  return digits;
}

std::string spreadsheet_safe(const std::string& cell) {
  // OWASP's CSV injection advice: a spreadsheet runs a cell starting with
  // = + - @ (or TAB, CR, which some strip first) as a formula, so a customer
  // named =HYPERLINK(...) would be one. A ' before it makes it text. Numbers
  // (remaining_seconds -1800) are no formula and stay numbers.
  if (cell.empty() || std::string_view("=+-@\t\r").find(cell[0]) == std::string_view::npos) return cell;
  if (is_plain_number(cell)) return cell;
  return "'" + cell;
}

void print_csv_line(std::ostream& os, const std::vector<std::string>& cells) {
  auto cell = [](const std::string& raw) {
    const std::string s = spreadsheet_safe(raw);
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string q = "\"";
    for (char ch : s) q += ch == '"' ? std::string("\"\"") : std::string(1, ch);
    return q + "\"";
  };
  for (std::size_t c = 0; c < cells.size(); ++c) os << (c ? "," : "") << cell(cells[c]);
  os << "\r\n";
}

void print_csv(std::ostream& os, const std::vector<std::string>& headers,
               const std::vector<std::vector<std::string>>& rows) {
  print_csv_line(os, headers);
  for (const auto& r : rows) print_csv_line(os, r);
}

void print_records(std::ostream& os, Format format, const std::vector<std::string>& headers,
                   const std::vector<std::vector<std::string>>& rows) {
  switch (format) {
    case Format::json: {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& r : rows) {
        nlohmann::json j = nlohmann::json::object();
        for (std::size_t i = 0; i < headers.size() && i < r.size(); ++i) j[headers[i]] = r[i];
        out.push_back(std::move(j));
      }
      os << json_text(out, 2) << '\n';
      return;
    }
    case Format::csv:
      print_csv(os, headers, rows);
      return;
    case Format::table:
      print_table(os, headers, rows);
      return;
  }
}

}  // namespace slaclock::cli
