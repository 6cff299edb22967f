#include "servicenow_export.h"

#include <slaclock/base/error.h>
#include <slaclock/time/timestamp.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <random>
#include <vector>

namespace slaclock::generator {

namespace {

struct Row {
  Instant at;
  std::uint64_t order = 0;
  int incident = 0;
  const char* state = "";
  int priority = 0;  // index into priorities
};

const char* const priorities[] = {"1 - Critical", "2 - High", "3 - Moderate", "4 - Low"};
const char* const priority_keys[] = {"P1", "P2", "P3", "P4"};
const char* const categories[] = {"meter_read", "supply_point", "invoice", "data_correction", "portal_access"};

struct Incident {
  std::string number, caller, category;  // category empty: "?"
  Instant opened;
};

std::string csv_cell(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

std::string local_text(Instant t, const TimeZone& zone) {
  const LocalTime lt = zone.to_local(t);
  const auto ymd = lt.date.ymd();
  char buf[32];
  std::snprintf(buf, sizeof buf, "%u/%u/%04d %02d:%02d", ymd.day, ymd.month, ymd.year, lt.seconds_of_day / 3600,
                lt.seconds_of_day / 60 % 60);
  return buf;
}

class Writer {
 public:
  Writer(const ServiceNowExport& spec, const Calendar& cal) : spec_(spec), cal_(cal), rng_(spec.seed) {}

  std::pair<std::size_t, std::size_t> run() {
    for (int n = 1; n <= spec_.incidents; ++n) incident(n);
    std::sort(rows_.begin(), rows_.end(),
              [](const Row& a, const Row& b) { return a.at != b.at ? a.at < b.at : a.order < b.order; });
    std::ofstream csv(spec_.csv_path, std::ios::binary | std::ios::trunc);
    if (!csv) throw InputError({spec_.csv_path, 0, "--out"}, "cannot write");
    csv << "number,incident_state,opened_at,sys_updated_at,priority,resolved_at,closed_at,caller_id,category,"
           "contact_type,short_description\r\n";
    std::string line;
    for (const Row& r : rows_) {
      const Incident& inc = incidents_[static_cast<std::size_t>(r.incident - 1)];
      line = inc.number + "," + r.state + "," + local_text(inc.opened, cal_.zone()) + "," +
             local_text(r.at, cal_.zone()) + "," + priorities[r.priority] + ",?,?," + csv_cell(inc.caller) + "," +
             (inc.category.empty() ? "?" : inc.category) + ",?," + csv_cell("Generated incident, " + inc.number) +
             "\r\n";
      csv << line;
    }
    if (!csv.flush()) throw InputError({spec_.csv_path, 0, "--out"}, "write failed");
    std::size_t events = 0;
    if (!spec_.native_path.empty()) events = write_native();
    return {rows_.size(), events};
  }

 private:
  int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool chance(double p) { return std::bernoulli_distribution(p)(rng_); }
  // To the minute, as the export writes times; never before `after` + 1 minute.
  static Instant minute(Instant t, Instant after) {
    Instant m{t.utc_seconds - t.utc_seconds % 60};
    if (!(after < m)) m = Instant{after.utc_seconds - after.utc_seconds % 60 + 60};
    return m;
  }
  Instant business_moment(CivilDate d) {
    const CivilDate day = cal_.next_business_day(d);
    return cal_.zone().from_local(day, pick(8 * 3600, 18 * 3600 - 1), Disambiguation::earliest);
  }
  Instant later(Instant t, double business_hours) {
    return cal_.add_business(t, BusinessSeconds{static_cast<std::int64_t>(business_hours * 3600)});
  }

  void row(Instant& prev, Instant t, int n, const char* state, int priority) {
    prev = minute(t, prev);
    rows_.push_back({prev, ++order_, n, state, priority});
  }

  void incident(int n) {
    Incident inc;
    char number[16];
    std::snprintf(number, sizeof number, "INC%07d", n);
    inc.number = number;
    inc.caller = "Caller Example " + std::to_string(pick(1, 400));
    if (chance(0.8)) inc.category = categories[pick(0, 4)];
    const Instant r = minute(business_moment(spec_.from + pick(0, (spec_.to - spec_.from) - 1)), Instant{0});
    inc.opened = r;
    incidents_.push_back(inc);
    int priority = pick(0, 9) < 1 ? 0 : pick(1, 3);
    Instant t = Instant{r.utc_seconds - 60};
    row(t, r, n, "New", priority);
    if (chance(0.03)) {  // withdrawn before anyone picked it up
      row(t, later(t, pick(1, 20) / 10.0), n, "Canceled", priority);
      return;
    }
    row(t, later(t, pick(2, 40) / 10.0), n, "In Progress", priority);
    if (chance(0.15)) {
      priority = std::max(0, priority - 1);
      row(t, later(t, pick(5, 40) / 10.0), n, "In Progress", priority);
    }
    if (chance(0.3)) {
      row(t, later(t, pick(5, 60) / 10.0), n, "Awaiting User Info", priority);
      if (chance(0.3)) row(t, later(t, pick(5, 80) / 10.0), n, "Awaiting Vendor", priority);
      row(t, later(t, pick(5, 120) / 10.0), n, "In Progress", priority);
    }
    row(t, later(t, pick(4, 200) / 10.0), n, "Resolved", priority);
    if (chance(0.07)) {
      row(t, later(t, pick(4, 40) / 10.0), n, "Active", priority);
      row(t, later(t, pick(4, 60) / 10.0), n, "Resolved", priority);
    }
    row(t, later(t, pick(8, 40)), n, "Closed", priority);
  }

  // The events the profile makes of the rows (docs/import.md), in time order.
  std::size_t write_native() {
    std::ofstream out(spec_.native_path, std::ios::binary | std::ios::trunc);
    if (!out) throw InputError({spec_.native_path, 0, "--native-out"}, "cannot write");
    struct State {
      std::string meaning = "new";
      std::string name;
      int priority = -1;
      bool acknowledged = false;
    };
    std::vector<State> states(incidents_.size());
    std::size_t events = 0;
    std::string line;
    const auto event = [&](const Incident& inc, Instant at, const std::string& what, const char* type,
                           const std::string& fields) {
      const std::string when = format_utc(at);
      line = "{\"event_id\":\"servicenow:" + inc.number + "/" + when + "/" + what + "/" + type +
             "\",\"kind\":\"contact\",\"entity_id\":\"" + inc.number + "\",\"type\":\"" + type + "\",\"at\":\"" + when +
             "\"" + fields + "}\n";
      out << line;
      ++events;
    };
    for (const Row& r : rows_) {
      const Incident& inc = incidents_[static_cast<std::size_t>(r.incident - 1)];
      State& s = states[static_cast<std::size_t>(r.incident - 1)];
      if (s.priority < 0) {
        std::string f = ",\"customer\":\"" + inc.caller + "\"";
        if (!inc.category.empty()) f += ",\"category\":\"" + inc.category + "\"";
        f += ",\"channel\":\"service_desk\",\"priority\":\"" + std::string(priority_keys[r.priority]) + "\"";
        event(inc, inc.opened, "received", "received", f);
        s.priority = r.priority;
      } else if (r.priority != s.priority) {
        s.priority = r.priority;
        event(inc, r.at, std::string("priority ") + priority_keys[r.priority], "categorised",
              ",\"priority\":\"" + std::string(priority_keys[r.priority]) + "\"");
      }
      const std::string name = r.state;
      const std::string meaning = name == "New"                                               ? "new"
                                  : name == "In Progress" || name == "Active"                 ? "active"
                                  : name == "Awaiting User Info" || name == "Awaiting Vendor" ? "waiting"
                                  : name == "Resolved"                                        ? "resolved"
                                  : name == "Closed"                                          ? "closed"
                                                                                              : "cancelled";
      if (name == s.name && meaning == s.meaning) continue;
      const std::string reason = ",\"reason\":\"" + name + "\"";
      if (!s.acknowledged && meaning != "new") {
        event(inc, r.at, name, "acknowledged", "");
        s.acknowledged = true;
      }
      const bool was_done = s.meaning == "resolved" || s.meaning == "closed" || s.meaning == "cancelled";
      const bool was_closed = s.meaning == "closed" || s.meaning == "cancelled";
      if (meaning == "new" || meaning == "active") {
        if (was_done)
          event(inc, r.at, name, "reopened", "");
        else if (s.meaning == "waiting")
          event(inc, r.at, name, "off_hold", reason);
      } else if (meaning == "waiting") {
        if (was_done)
          event(inc, r.at, name, "reopened", "");
        else if (s.meaning == "waiting")
          event(inc, r.at, name, "off_hold", reason);
        event(inc, r.at, name, "on_hold", reason);
      } else if (meaning == "resolved") {
        if (!was_done) event(inc, r.at, name, "resolved", "");
      } else if (!was_closed) {
        event(inc, r.at, name, "closed", "");
      }
      s.meaning = meaning;
      s.name = name;
    }
    if (!out.flush()) throw InputError({spec_.native_path, 0, "--native-out"}, "write failed");
    return events;
  }

  const ServiceNowExport& spec_;
  const Calendar& cal_;
  std::mt19937_64 rng_;
  std::uint64_t order_ = 0;
  std::vector<Incident> incidents_;
  std::vector<Row> rows_;
};

}  // namespace

std::pair<std::size_t, std::size_t> write_servicenow_export(const ServiceNowExport& spec, const Calendar& calendar) {
  return Writer(spec, calendar).run();
}

}  // namespace slaclock::generator
