#include <slaclock/base/error.h>
#include <slaclock/base/paths.h>
#include <slaclock/config/calendar_loader.h>
#include <slaclock/time/timestamp.h>

#include "config/yaml_reading.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>

namespace slaclock {

namespace {

Weekday read_weekday(const detail::YamlReader& y, const YAML::Node& n, const std::string& field) {
  const std::string s = y.text(n, field);
  for (int w = 0; w < 7; ++w)
    if (s == weekday_short_name(static_cast<Weekday>(w))) return static_cast<Weekday>(w);
  y.fail(n, field, "'" + s + "' is not a weekday (mon, tue, wed, thu, fri, sat, sun)");
}

std::int32_t read_clock_time(const detail::YamlReader& y, const YAML::Node& n, const std::string& field,
                             const std::string& s) {
  // "HH:MM", 00:00-24:00
  if (s.size() != 5 || s[2] != ':' || !isdigit(s[0]) || !isdigit(s[1]) || !isdigit(s[3]) || !isdigit(s[4]))
    y.fail(n, field, "'" + s + "' is not a time HH:MM");
  const int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
  if (h > 24 || m > 59 || (h == 24 && m != 0)) y.fail(n, field, "'" + s + "' is not a time of day");
  return h * 3600 + m * 60;
}

WorkingWindow read_window(const detail::YamlReader& y, const YAML::Node& n, const std::string& field) {
  const std::string s = y.text(n, field);
  // Exactly HH:MM-HH:MM: '-9:00-17:00' or '09:00-' is named whole, not as an empty time.
  const auto dash = s.find('-');
  if (dash != 5 || s.size() != 11) y.fail(n, field, "'" + s + "' is not a window HH:MM-HH:MM like 09:00-17:00");
  WorkingWindow w{read_clock_time(y, n, field, s.substr(0, dash)), read_clock_time(y, n, field, s.substr(dash + 1))};
  if (w.open_seconds >= w.close_seconds) y.fail(n, field, "window '" + s + "' must open before it closes");
  return w;
}

CivilDate read_date(const detail::YamlReader& y, const YAML::Node& n, const std::string& field) {
  try {
    return parse_date(y.text(n, field));
  } catch (const InputError& e) {
    y.fail(n, field, e.why());
  }
}

HolidayRule read_rule(const detail::YamlReader& y, const YAML::Node& n, const std::string& field) {
  y.only_keys(n, field,
              {"name", "fixed", "substitute", "easter_offset", "nth_weekday", "last_weekday", "weekday_on_or_after",
               "from_year", "to_year"});
  HolidayRule r;
  r.name = y.text(y.required(n, "name", field), field + ".name");
  int kinds = 0;
  if (const auto f = n["fixed"]) {
    ++kinds;
    y.only_keys(f, field + ".fixed", {"month", "day"});
    r.kind = HolidayRule::Kind::fixed;
    r.month = static_cast<unsigned>(y.integer(y.required(f, "month", field + ".fixed"), field + ".fixed.month", 1, 12));
    r.day = static_cast<unsigned>(y.integer(y.required(f, "day", field + ".fixed"), field + ".fixed.day", 1, 31));
    if (r.day > CivilDate::days_in_month(2000, r.month))
      y.fail(f, field + ".fixed.day", "month " + std::to_string(r.month) + " has no day " + std::to_string(r.day));
  }
  if (const auto e = n["easter_offset"]) {
    ++kinds;
    r.kind = HolidayRule::Kind::easter_offset;
    r.easter_offset = static_cast<int>(y.integer(e, field + ".easter_offset", -100, 100));
  }
  if (const auto w = n["nth_weekday"]) {
    ++kinds;
    y.only_keys(w, field + ".nth_weekday", {"month", "weekday", "n"});
    r.kind = HolidayRule::Kind::nth_weekday;
    r.month = static_cast<unsigned>(
        y.integer(y.required(w, "month", field + ".nth_weekday"), field + ".nth_weekday.month", 1, 12));
    r.weekday = read_weekday(y, y.required(w, "weekday", field + ".nth_weekday"), field + ".nth_weekday.weekday");
    r.n = static_cast<int>(y.integer(y.required(w, "n", field + ".nth_weekday"), field + ".nth_weekday.n", 1, 5));
  }
  if (const auto w = n["last_weekday"]) {
    ++kinds;
    y.only_keys(w, field + ".last_weekday", {"month", "weekday"});
    r.kind = HolidayRule::Kind::last_weekday;
    r.month = static_cast<unsigned>(
        y.integer(y.required(w, "month", field + ".last_weekday"), field + ".last_weekday.month", 1, 12));
    r.weekday = read_weekday(y, y.required(w, "weekday", field + ".last_weekday"), field + ".last_weekday.weekday");
  }
  if (const auto w = n["weekday_on_or_after"]) {
    ++kinds;
    const std::string f = field + ".weekday_on_or_after";
    y.only_keys(w, f, {"weekday", "month", "day"});
    r.kind = HolidayRule::Kind::weekday_on_or_after;
    r.weekday = read_weekday(y, y.required(w, "weekday", f), f + ".weekday");
    r.month = static_cast<unsigned>(y.integer(y.required(w, "month", f), f + ".month", 1, 12));
    r.day = static_cast<unsigned>(y.integer(y.required(w, "day", f), f + ".day", 1, 31));
    // 29 February would name a day most years lack.
    if (r.day > CivilDate::days_in_month(2001, r.month))
      y.fail(w["day"], f + ".day",
             "month " + std::to_string(r.month) + " has no day " + std::to_string(r.day) + " every year");
  }
  if (kinds != 1)
    y.fail(n, field,
           "a rule needs exactly one of fixed, easter_offset, nth_weekday, last_weekday, weekday_on_or_after");
  if (const auto s = n["substitute"]) {
    const std::string v = y.text(s, field + ".substitute");
    if (v != "next_weekday" && v != "none") y.fail(s, field + ".substitute", "must be next_weekday or none");
    if (r.kind != HolidayRule::Kind::fixed) y.fail(s, field + ".substitute", "only fixed-date rules are substituted");
    r.substitute = v == "next_weekday";
  }
  if (const auto f = n["from_year"]) r.from_year = static_cast<int>(y.integer(f, field + ".from_year", 1800, 2400));
  if (const auto t = n["to_year"]) r.to_year = static_cast<int>(y.integer(t, field + ".to_year", 1800, 2400));
  return r;
}

std::vector<DatedNote> read_dated_notes(const detail::YamlReader& y, const YAML::Node& list, const std::string& field,
                                        const char* text_key) {
  std::vector<DatedNote> out;
  if (!list) return out;
  if (!list.IsSequence()) y.fail(list, field, "expected a list");
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string f = field + "[" + std::to_string(i) + "]";
    y.only_keys(list[i], f, {"date", text_key});
    DatedNote note{read_date(y, y.required(list[i], "date", f), f + ".date"), ""};
    if (const auto t = list[i][text_key]) note.text = y.text(t, f + "." + text_key);
    if (note.text.empty()) note.text = std::string(text_key) == "name" ? "Non-business day" : "";
    out.push_back(note);
  }
  return out;
}

}  // namespace

namespace {

// `check_name`: a file's `name:` must be a plain name (yaml_reading.h). Text
// stored by an older version is read as stored, so that its sweeps go on.
CalendarDefinition read_definition(const detail::YamlReader& y, const YAML::Node& root, bool check_name) {
  y.only_keys(root, "", {"name", "time_zone", "years", "working_week", "holidays"});
  CalendarDefinition def;
  def.name = y.text(y.required(root, "name", ""), "name");
  if (check_name) {
    if (const std::string why = detail::YamlReader::name_problem(def.name); !why.empty())
      y.fail(root["name"], "name", "'" + printable_calendar_name(def.name.substr(0, 64)) + "' " + why);
  }
  if (const auto tz = root["time_zone"]) def.time_zone = y.text(tz, "time_zone");
  if (const auto years = root["years"]) {
    y.only_keys(years, "years", {"from", "to"});
    def.first_year = static_cast<int>(y.integer(y.required(years, "from", "years"), "years.from", 1901, 2199));
    def.last_year = static_cast<int>(y.integer(y.required(years, "to", "years"), "years.to", 1901, 2199));
    if (def.first_year > def.last_year) y.fail(years, "years", "from must not be after to");
  }
  const YAML::Node week = y.required(root, "working_week", "");
  if (!week.IsSequence()) y.fail(week, "working_week", "expected a list of {days, windows}");
  for (std::size_t i = 0; i < week.size(); ++i) {
    const std::string f = "working_week[" + std::to_string(i) + "]";
    y.only_keys(week[i], f, {"days", "windows"});
    const auto days = y.required(week[i], "days", f);
    const auto windows = y.required(week[i], "windows", f);
    if (!days.IsSequence()) y.fail(days, f + ".days", "expected a list of weekdays");
    if (!windows.IsSequence()) y.fail(windows, f + ".windows", "expected a list like [\"09:00-17:00\"]");
    std::vector<WorkingWindow> parsed;
    for (std::size_t j = 0; j < windows.size(); ++j)
      parsed.push_back(read_window(y, windows[j], f + ".windows[" + std::to_string(j) + "]"));
    std::sort(parsed.begin(), parsed.end(),
              [](const WorkingWindow& a, const WorkingWindow& b) { return a.open_seconds < b.open_seconds; });
    for (std::size_t j = 1; j < parsed.size(); ++j)
      if (parsed[j].open_seconds < parsed[j - 1].close_seconds) y.fail(windows, f + ".windows", "windows overlap");
    for (std::size_t j = 0; j < days.size(); ++j) {
      const Weekday w = read_weekday(y, days[j], f + ".days[" + std::to_string(j) + "]");
      auto& slot = def.week[static_cast<std::size_t>(w)];
      if (!slot.empty()) y.fail(days[j], f + ".days", std::string(weekday_short_name(w)) + " is listed twice");
      slot = parsed;
    }
  }
  if (const auto holidays = root["holidays"]) {
    y.only_keys(holidays, "holidays", {"rules", "additions", "removals"});
    if (const auto rules = holidays["rules"]) {
      if (!rules.IsSequence()) y.fail(rules, "holidays.rules", "expected a list");
      for (std::size_t i = 0; i < rules.size(); ++i)
        def.rules.push_back(read_rule(y, rules[i], "holidays.rules[" + std::to_string(i) + "]"));
    }
    def.additions = read_dated_notes(y, holidays["additions"], "holidays.additions", "name");
    def.removals = read_dated_notes(y, holidays["removals"], "holidays.removals", "reason");
  }
  return def;
}

Calendar build_naming(const CalendarDefinition& def, const std::string& source) {
  try {
    return Calendar::build(def);
  } catch (const ConfigError& e) {  // semantic checks (zone, ranges): name the source
    throw ConfigError({source, 0, e.where().field}, e.why());
  }
}

// A calendar is found by its file name and stored under its `name:`: were
// they different, `rules check` would find one calendar and a sweep another.
// Checked after the rest, so a file's other errors are named first.
void check_file_name(const CalendarDefinition& def, const std::filesystem::path& file) {
  if (file.extension() != ".yaml") return;  // no file name to find it by (standard input, a test's text)
  const std::string stem = file.stem().string();
  if (def.name != stem)
    throw ConfigError({file.string(), 0, "name"}, "is '" + printable_calendar_name(def.name) +
                                                      "' but the file is named '" + printable_calendar_name(stem) +
                                                      ".yaml': a calendar file's name must be its name: plus .yaml");
}

CalendarDefinition read_file_definition(const std::filesystem::path& file) {
  const detail::YamlReader y(file.string());
  return read_definition(y, y.load(), true);
}

}  // namespace

CalendarDefinition read_calendar_definition(const std::filesystem::path& file) {
  CalendarDefinition def = read_file_definition(file);
  check_file_name(def, file);
  return def;
}

CalendarDefinition parse_calendar_definition(const std::string& yaml_text, const std::string& source_name) {
  const detail::YamlReader y(source_name, true);  // text as stored
  return read_definition(y, y.load_text(yaml_text), false);
}

Calendar parse_calendar(const std::string& yaml_text, const std::string& source_name) {
  return build_naming(parse_calendar_definition(yaml_text, source_name), source_name);
}

Calendar load_calendar_file(const std::filesystem::path& file) {
  const CalendarDefinition def = read_file_definition(file);
  Calendar cal = build_naming(def, file.string());
  check_file_name(def, file);
  return cal;
}

namespace {

// A NUL would end the file name early ("calendars/" + "\0..." is the folder
// itself), and no calendar's name has control characters, '/' or "..".
bool plain_name(const std::string& name) {
  const bool control =
      std::any_of(name.begin(), name.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
  return !name.empty() && !control && name.find('/') == std::string::npos && name.find("..") == std::string::npos;
}

}  // namespace

std::optional<std::filesystem::path> calendar_file_in(const std::string& name, const std::filesystem::path& folder) {
  if (!plain_name(name) || folder.empty()) return std::nullopt;
  const std::filesystem::path file = folder / (name + ".yaml");
  std::error_code ec;  // a name too long for a file name is unknown too, not a filesystem_error
  if (std::filesystem::is_regular_file(file, ec)) return file;
  return std::nullopt;
}

namespace {

// NAME's file; an unknown name throws ConfigError listing the calendars that exist.
std::filesystem::path calendar_file(const std::string& name, const std::filesystem::path& dir) {
  if (auto file = find_calendar_file(name, dir)) return *file;
  std::string known;
  for (const auto& n : calendar_file_names(dir)) known += (known.empty() ? "" : ", ") + n;
  std::string where = default_calendar_dir().string();
  if (!dir.empty()) where = dir.string() + " or " + where;
  throw ConfigError({"", 0, "calendar"}, "unknown calendar '" + printable_calendar_name(name) + "' (known in " + where +
                                             ": " + (known.empty() ? "none" : known) + ")");
}

}  // namespace

CalendarFile read_calendar_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ConfigError({file.string(), 0, ""}, "cannot read file");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw ConfigError({file.string(), 0, ""}, "cannot read file");
  const detail::YamlReader y(file.string());
  const CalendarDefinition def = read_definition(y, y.load_text(text.str()), true);
  Calendar cal = build_naming(def, file.string());
  check_file_name(def, file);
  return {std::move(cal), text.str(), file.string()};
}

std::optional<std::filesystem::path> find_calendar_file(const std::string& name, const std::filesystem::path& dir) {
  if (auto file = calendar_file_in(name, dir)) return file;
  return calendar_file_in(name, default_calendar_dir());
}

std::vector<std::string> calendar_file_names(const std::filesystem::path& dir) {
  std::set<std::string> names;
  for (const auto& folder : {dir, default_calendar_dir()}) {
    if (folder.empty()) continue;
    std::error_code ec;
    for (std::filesystem::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec))
      if (it->path().extension() == ".yaml") names.insert(it->path().stem().string());
  }
  return {names.begin(), names.end()};
}

std::string printable_calendar_name(const std::string& name) {
  std::string shown = name;
  for (char& c : shown)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  return shown;
}

Calendar load_calendar(const std::string& name, const std::filesystem::path& dir) {
  static std::mutex mutex;
  static std::map<std::string, Calendar> cache;
  const std::filesystem::path file = calendar_file(name, dir);
  const std::string key = file.string();
  {
    std::lock_guard lock(mutex);
    if (const auto it = cache.find(key); it != cache.end()) return it->second;
  }
  Calendar cal = load_calendar_file(file);
  std::lock_guard lock(mutex);
  cache.emplace(key, cal);
  return cal;
}

CalendarCheck calendar_files_check(const std::filesystem::path& dir) {
  return [dir](const std::string& name) { load_calendar(name, dir); };
}

TimeZone load_calendar_zone(const std::string& name, const std::filesystem::path& dir) {
  // The definition names the zone; building the calendar's years of working
  // windows is what printing a clock's instants does not need.
  return TimeZone::named(read_calendar_definition(calendar_file(name, dir)).time_zone);
}

}  // namespace slaclock
