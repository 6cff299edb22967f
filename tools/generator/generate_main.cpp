// slaclock-generate: seeded, realistic, valid event data for demos, tests and
// the import benchmark. Output is in time order (by `at`), each entity opened
// before its other events, times mostly inside business hours in Europe/London.
//
//   slaclock-generate --seed 42 --contacts 300 --from 2026-06-01 --months 5 --out samples/sample-events.jsonl
//
// Entities are generated in opening order and their events go through a heap
// keyed by time, so memory holds only the events still to come, not the file.
#include "servicenow_export.h"

#include <slaclock/base/error.h>
#include <slaclock/config/calendar_loader.h>
#include <slaclock/time/timestamp.h>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <initializer_list>
#include <iostream>
#include <queue>
#include <random>
#include <string>
#include <vector>

namespace {

using namespace slaclock;

struct GenEvent {
  Instant at;
  std::uint64_t order = 0;  // generation order: keeps an entity's same-second events in sequence
  const char* kind = "";
  std::string entity_id;
  const char* type = "";
  std::vector<std::pair<const char*, std::string>> fields;
  Instant recorded_at;
};

struct Later {
  bool operator()(const GenEvent& a, const GenEvent& b) const { return a.at != b.at ? a.at > b.at : a.order > b.order; }
};

// Every column a CSV needs, in a readable order.
const char* const csv_columns[] = {"event_id",
                                   "kind",
                                   "entity_id",
                                   "type",
                                   "at",
                                   "recorded_at",
                                   "customer",
                                   "customer_class",
                                   "gemini",
                                   "gas_day",
                                   "category",
                                   "expected_resolution",
                                   "complexity",
                                   "priority",
                                   "revised_resolution",
                                   "parties",
                                   "rating",
                                   "severity",
                                   "customers",
                                   "kpi",
                                   "period",
                                   "met",
                                   "kvi",
                                   "due",
                                   "channel",
                                   "score",
                                   "communication",
                                   "impact_score",
                                   "title",
                                   "plan"};

class Generator {
 public:
  Generator(std::uint64_t seed, const Calendar& cal, CivilDate from, CivilDate to)
      : rng_(seed),
        extra_rng_(seed ^ 0x2020'1100'0000'0000ULL),
        cal_(cal),
        zone_(cal.zone()),
        from_(from),
        to_(to),
        end_(local_instant(to, 0)) {}

  std::uniform_int_distribution<int> uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi); }
  int pick(int lo, int hi) { return uniform(lo, hi)(*active_); }
  bool chance(double p) { return std::bernoulli_distribution(p)(*active_); }

  /// The events of issue 14 (issues, communication scores, parties marked
  /// affected, channels) draw from their own stream, so the events an older
  /// generator wrote for a seed come out the same.
  struct ExtraStream {
    Generator& g;
    std::mt19937_64* was;
    explicit ExtraStream(Generator& gen) : g(gen), was(gen.active_) { g.active_ = &g.extra_rng_; }
    ~ExtraStream() { g.active_ = was; }
    ExtraStream(const ExtraStream&) = delete;
    ExtraStream& operator=(const ExtraStream&) = delete;
  };
  template <class T, std::size_t N>
  const T& choose(const T (&items)[N]) {
    return items[static_cast<std::size_t>(pick(0, static_cast<int>(N) - 1))];
  }
  const char* choose_of(std::initializer_list<const char*> items) {
    return items.begin()[pick(0, static_cast<int>(items.size()) - 1)];
  }

  Instant local_instant(CivilDate d, int seconds_of_day) const {
    return zone_.from_local(d, seconds_of_day, Disambiguation::earliest);
  }

  // A random moment on a business day, 08:00-18:00 local, or out of hours now and then.
  Instant business_moment(CivilDate d) {
    const CivilDate day = cal_.next_business_day(d);
    const int second = chance(0.04) ? pick(18 * 3600, 21 * 3600) : pick(8 * 3600, 18 * 3600 - 1);
    return local_instant(day, second);
  }
  Instant random_business_moment() { return business_moment(from_ + pick(0, (to_ - from_) - 1)); }

  Instant after_business_hours(Instant t, double hours) {
    return cal_.add_business(t, BusinessSeconds{static_cast<std::int64_t>(hours * 3600)});
  }
  // Some time on the n-th business day after t, during working hours.
  Instant on_business_day_after(Instant t, int n) {
    const Instant close = cal_.business_days_after(t, n);
    return close - Seconds{pick(600, 7 * 3600)};
  }

  std::string next_event_id() {
    char buf[32];
    std::snprintf(buf, sizeof buf, "EV-%08llu", static_cast<unsigned long long>(++event_counter_));
    return buf;
  }

  void emit(GenEvent e) {
    if (!(e.at < end_)) return;  // the data is cut at the end of the window: later events have not happened yet
    e.order = ++order_;
    // Mostly recorded within minutes; now and then learned of a day or two late.
    e.recorded_at = e.at + Seconds{chance(0.03) ? pick(86400, 3 * 86400) : pick(30, 1800)};
    if (!(e.recorded_at < end_)) e.recorded_at = e.at;
    pending_.push(std::move(e));
  }

  GenEvent event(Instant at, const char* kind, const std::string& entity, const char* type) {
    GenEvent e;
    e.at = at;
    e.kind = kind;
    e.entity_id = entity;
    e.type = type;
    return e;
  }

  void contact(int n, Instant r) {
    static const char* const customers[] = {"British Gas Trading",
                                            "EDF Energy",
                                            "E.ON UK",
                                            "Octopus Energy",
                                            "Scottish Power",
                                            "Ovo Energy",
                                            "Cadent Gas",
                                            "Northern Gas Networks",
                                            "SGN",
                                            "Wales & West Utilities",
                                            "Smith, Jones & Co Gas Ltd",
                                            "ES Pipelines",
                                            "National Gas Transmission"};
    static const char* const classes[] = {"shipper", "shipper", "shipper", "supplier", "dn", "igt", "ng"};
    static const char* const categories[] = {"meter_read",      "supply_point",  "invoice",
                                             "data_correction", "portal_access", "reconciliation"};
    char id[32];
    std::snprintf(id, sizeof id, "C-%06d", n);
    const std::string entity = id;
    GenEvent rec = event(r, "contact", entity, "received");
    rec.fields.emplace_back("customer", choose(customers));
    rec.fields.emplace_back("customer_class", choose(classes));
    if (chance(0.7)) rec.fields.emplace_back("category", choose(categories));
    {
      const ExtraStream extra(*this);
      if (chance(0.08))
        rec.fields.emplace_back("channel", choose_of({"cms", "service_desk", "m_number_helpline", "email", "phone"}));
    }
    if (chance(0.12)) {
      // The four Gemini bands: before the gas day, on it, within exit close-out, after it.
      const CivilDate today = gas_day_of(r, zone_);
      CivilDate gas_day = today;
      switch (n % 4) {
        case 0:
          gas_day = today + pick(1, 10);
          break;
        case 1:
          gas_day = today;
          break;
        case 2: {
          const auto ymd = cal_.local_date(r).ymd();
          const int py = ymd.month == 1 ? ymd.year - 1 : ymd.year;
          const unsigned pm = ymd.month == 1 ? 12 : ymd.month - 1;
          gas_day = CivilDate::from_ymd(py, pm, static_cast<unsigned>(pick(1, 28)));
          break;
        }
        default:
          gas_day = today - pick(40, 70);
          break;
      }
      rec.fields.emplace_back("gemini", "true");
      rec.fields.emplace_back("gas_day", format_date(gas_day));
    } else if (chance(0.05)) {
      rec.fields.emplace_back("gemini", "false");
    }
    emit(std::move(rec));

    // Acknowledged with an expected resolution date, usually inside 4 business hours.
    const bool late_ack = chance(0.08);
    const Instant ack = after_business_hours(r, late_ack ? pick(45, 100) / 10.0 : pick(2, 30) / 10.0);
    GenEvent a = event(ack, "contact", entity, "acknowledged");
    a.fields.emplace_back("expected_resolution", format_instant(cal_.business_days_after(r, pick(3, 7)), zone_));
    emit(std::move(a));

    static const char* const complexities[] = {"standard", "standard", "standard", "standard",    "standard",
                                               "complex",  "complex",  "complex",  "very_complex"};
    const std::string complexity = choose(complexities);
    GenEvent c = event(after_business_hours(ack, pick(1, 20) / 10.0), "contact", entity, "categorised");
    c.fields.emplace_back("complexity", complexity);
    if (chance(0.6)) c.fields.emplace_back("priority", choose_of({"P1", "P2", "P2", "P3", "P3", "P3"}));
    emit(std::move(c));

    if (chance(0.3)) {
      GenEvent p = event(after_business_hours(ack, pick(5, 60) / 10.0), "contact", entity, "parties_notified");
      p.fields.emplace_back("parties", choose_of({"NG", "NG;DN", "NG;DN;IGT", "DN;IGT"}));
      {
        // Marked as affecting those parties first (starts parties_notification).
        const ExtraStream extra(*this);
        GenEvent m =
            event(std::min(p.at, after_business_hours(ack, pick(1, 10) / 10.0)), "contact", entity, "parties_affected");
        m.fields.emplace_back("parties", p.fields.back().second);
        emit(std::move(m));
      }
      emit(std::move(p));
    }

    // Resolution: quick for standard issues, slower and sometimes late for complex ones.
    int resolve_days = 0;
    if (complexity == "standard")
      resolve_days = chance(0.1) ? pick(5, 9) : pick(0, 3);
    else if (complexity == "complex")
      resolve_days = chance(0.2) ? pick(8, 12) : pick(3, 6);
    else
      resolve_days = pick(6, 15);
    if (resolve_days >= 4 || complexity != "standard") {
      // An update with a revised date, mostly before the 4-business-day mark.
      GenEvent u = event(std::max(ack, on_business_day_after(r, chance(0.85) ? pick(1, 3) : 5)), "contact", entity,
                         "update_sent");
      if (chance(0.85))
        u.fields.emplace_back("revised_resolution",
                              format_instant(cal_.business_days_after(r, resolve_days + pick(0, 3)), zone_));
      emit(std::move(u));
    }
    if (complexity == "very_complex") {
      GenEvent x = event(std::max(ack, on_business_day_after(r, chance(0.8) ? pick(4, 6) : pick(8, 9))), "contact",
                         entity, "explanation_provided");
      x.fields.emplace_back("revised_resolution", format_instant(cal_.business_days_after(r, resolve_days + 2), zone_));
      emit(std::move(x));
      if (resolve_days > 10) {
        GenEvent u2 = event(on_business_day_after(r, 10), "contact", entity, "update_sent");
        emit(std::move(u2));
      }
    }
    Instant resolved =
        resolve_days == 0 ? after_business_hours(ack, pick(10, 30) / 10.0) : on_business_day_after(r, resolve_days);
    if (resolved < ack) resolved = ack;
    emit(event(resolved, "contact", entity, "resolved"));
    if (chance(0.07)) {
      const Instant reopened = on_business_day_after(resolved, pick(1, 3));
      emit(event(reopened, "contact", entity, "reopened"));
      resolved = on_business_day_after(reopened, pick(1, 2));
      emit(event(resolved, "contact", entity, "resolved"));
    }
    const Instant closed = on_business_day_after(resolved, pick(1, 5));
    emit(event(closed, "contact", entity, "closed"));
    if (chance(0.7)) {
      // About nine in ten positive, so months land either side of the 90% target.
      static const char* const ratings[] = {"exceeded", "exceeded", "exceeded", "exceeded", "met",    "met", "met",
                                            "met",      "met",      "met",      "met",      "met",    "met", "met",
                                            "met",      "met",      "met",      "met_some", "not_met"};
      GenEvent f = event(closed + Seconds{pick(3600, 3 * 86400)}, "contact", entity, "feedback");
      f.fields.emplace_back("rating", choose(ratings));
      emit(std::move(f));
    }
  }

  void breach(int n, Instant identified) {
    static const char* const severities[] = {"low",    "low",    "low",  "low",     "medium",
                                             "medium", "medium", "high", "critical"};
    static const char* const order[] = {"critical", "high", "medium", "low"};
    char id[32];
    std::snprintf(id, sizeof id, "B-%05d", n);
    const std::string entity = id;
    GenEvent i = event(identified, "breach", entity, "identified");
    i.fields.emplace_back("severity", n <= 4 ? order[n - 1] : choose(severities));  // every severity at least once
    if (chance(0.6))
      i.fields.emplace_back("customers", choose_of({"EDF Energy", "SGN;Cadent Gas", "Octopus Energy;E.ON UK"}));
    emit(std::move(i));
    const bool late_notice = chance(0.15);
    emit(event(identified + Seconds{late_notice ? pick(5 * 3600, 10 * 3600) : pick(1800, 3 * 3600)}, "breach", entity,
               "customers_notified"));
    const bool late_fix = chance(0.2);
    emit(event(on_business_day_after(identified, late_fix          ? pick(3, 4)
                                                 : pick(0, 2) == 0 ? 1
                                                                   : 2),
               "breach", entity, "resolved"));
  }

  void kpi_result(const std::string& kpi, const char* priority, CivilDate month_start, bool met, int late_notice) {
    const auto ymd = month_start.ymd();
    char period[16];
    std::snprintf(period, sizeof period, "%04d-%02u", ymd.year, ymd.month);
    const std::string entity = "KPI-" + kpi + "-" + period;
    // Results for a month are published a few business days into the next one.
    const CivilDate next_month =
        CivilDate::from_ymd(ymd.month == 12 ? ymd.year + 1 : ymd.year, ymd.month == 12 ? 1 : ymd.month + 1, 1);
    const Instant at = business_moment(next_month + pick(2, 6));
    GenEvent r = event(at, "kpi", entity, "result");
    r.fields.emplace_back("kpi", kpi);
    r.fields.emplace_back("priority", priority);
    r.fields.emplace_back("period", period);
    r.fields.emplace_back("met", met ? "true" : "false");
    emit(std::move(r));
    if (!met) emit(event(on_business_day_after(at, late_notice ? 3 : pick(1, 2)), "kpi", entity, "customers_notified"));
  }

  void survey(int n, Instant at) {
    static const char* const kvis[] = {"change_management", "data_services", "relationship_strategic",
                                       "relationship_operational", "relationship_customer_first"};
    static const char* const ratings[] = {"exceeded", "exceeded", "exceeded", "met", "met",
                                          "met",      "met",      "met",      "met", "met_some"};
    static const char* const trust[] = {"trust", "trust", "trust", "trust", "trust", "trust",
                                        "trust", "trust", "trust", "trust", "trust", "starting_to_trust"};
    char id[32];
    std::snprintf(id, sizeof id, "SRV-%06d", n);
    const char* kvi = kvis[n % 5];
    const auto ymd = cal_.local_date(at).ymd();
    char period[16];
    std::snprintf(period, sizeof period, "%04d-%02u", ymd.year, ymd.month);
    GenEvent s = event(at, "survey", id, "response");
    s.fields.emplace_back("kvi", kvi);
    s.fields.emplace_back("period", period);
    s.fields.emplace_back("rating", std::string(kvi).rfind("relationship_", 0) == 0 ? choose(trust) : choose(ratings));
    emit(std::move(s));
  }

  /// A market-wide issue scored for customer impact; customers notified and a
  /// rectification plan given, now and then late for the score's band.
  void issue(int n, Instant raised) {
    const ExtraStream extra(*this);
    char id[32];
    std::snprintf(id, sizeof id, "ISS-%04d", n);
    const std::string entity = id;
    GenEvent r = event(raised, "issue", entity, "raised");
    static const int scores[] = {3, 6, 9, 12, 16, 20};  // every default band (low < 8 <= medium < 15 <= high)
    r.fields.emplace_back("impact_score", std::to_string(n <= 6 ? scores[n - 1] : pick(1, 25)));
    r.fields.emplace_back("title", choose_of({"AQ defect: incorrect annual quantities", "Invoice file missing records",
                                              "Meter read rejections", "Supply point data mismatch"}));
    if (chance(0.7)) r.fields.emplace_back("customers", choose_of({"all shippers", "EDF Energy;SGN", "iGTs"}));
    emit(std::move(r));
    emit(event(chance(0.85) ? after_business_hours(raised, pick(1, 60) / 10.0) : on_business_day_after(raised, 6),
               "issue", entity, "customers_notified"));
    GenEvent p = event(on_business_day_after(raised, chance(0.85) ? pick(1, 4) : 25), "issue", entity, "plan_provided");
    p.fields.emplace_back("plan", "tasks, timescales and owners agreed");
    emit(std::move(p));
    if (chance(0.6)) emit(event(on_business_day_after(raised, pick(10, 30)), "issue", entity, "resolved"));
  }

  /// A customer communication scored out of 10 by a few recipients.
  void communication(int n, Instant sent, int& response) {
    const ExtraStream extra(*this);
    const auto ymd = cal_.local_date(sent).ymd();
    char period[16], comm[32];
    std::snprintf(period, sizeof period, "%04d-%02u", ymd.year, ymd.month);
    std::snprintf(comm, sizeof comm, "COMM-%04d", n);
    for (int k = pick(2, 6); k > 0; --k) {
      char id[32];
      std::snprintf(id, sizeof id, "CSC-%06d", ++response);
      GenEvent s = event(after_business_hours(sent, pick(2, 40) / 2.0), "survey", id, "response");
      s.fields.emplace_back("kvi", "communication");
      s.fields.emplace_back("period", period);
      s.fields.emplace_back("score", std::to_string(pick(5, 10)));
      s.fields.emplace_back("communication", comm);
      emit(std::move(s));
    }
  }

  void report(int year, int quarter, CivilDate due, bool late) {
    char period[32];  // room for any int, so no truncation warning under any flags
    std::snprintf(period, sizeof period, "%04d-Q%d", year, quarter);
    GenEvent r =
        event(business_moment(late ? due + 3 : due - pick(1, 4)), "report", std::string("FIN-") + period, "delivered");
    r.fields.emplace_back("kvi", "financial_reporting");
    r.fields.emplace_back("period", period);
    r.fields.emplace_back("due", format_date(due));
    emit(std::move(r));
  }

  // Writes every pending event dated before t (all of them when t is the end).
  template <class Write>
  void flush_before(Instant t, Write&& write) {
    while (!pending_.empty() && pending_.top().at < t) {
      GenEvent e = pending_.top();
      pending_.pop();
      write(e, next_event_id());
    }
  }

  const TimeZone& zone() const { return zone_; }
  Instant end() const { return end_; }
  CivilDate from() const { return from_; }
  CivilDate to() const { return to_; }

 private:
  std::mt19937_64 rng_, extra_rng_;
  std::mt19937_64* active_ = &rng_;
  const Calendar& cal_;
  const TimeZone& zone_;
  CivilDate from_, to_;
  Instant end_;
  std::uint64_t order_ = 0, event_counter_ = 0;
  std::priority_queue<GenEvent, std::vector<GenEvent>, Later> pending_;
};

void append_json_string(std::string& out, const std::string& s) {
  out += '"';
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
}

std::string csv_cell(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

enum class Opening { contact, breach, kpi, survey, report };
struct Seed {
  Instant at;
  Opening what;
  int n;
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"slaclock-generate: seeded, valid sample events (JSON Lines or CSV)", "slaclock-generate"};
  std::uint64_t seed = 42;
  int contacts = 300, months = 5;
  std::string from_text = "2026-06-01", out_path, format = "native", native_out;
  app.add_option("--seed", seed, "random seed (same seed, same file)");
  app.add_option("--contacts", contacts, "number of contacts; breaches and surveys scale with it")
      ->check(CLI::PositiveNumber);
  app.add_option("--from", from_text, "first day, YYYY-MM-DD");
  app.add_option("--months", months, "number of months covered")->check(CLI::Range(1, 120));
  app.add_option("--out", out_path, "output file; .csv writes CSV, anything else JSON Lines")->required();
  app.add_option("--format", format,
                 "native (events, the default) or servicenow-csv (a ServiceNow incident audit export of --contacts "
                 "incidents, for import --profile servicenow-incident-audit)")
      ->check(CLI::IsMember({"native", "servicenow-csv"}));
  app.add_option("--native-out", native_out,
                 "with --format servicenow-csv: also write the events the profile makes of it, as JSON Lines");
  CLI11_PARSE(app, argc, argv);

  try {
    const Calendar cal = load_calendar("england-and-wales");
    const CivilDate from = parse_date(from_text);
    const auto ymd = from.ymd();
    const int end_month_index = ymd.year * 12 + static_cast<int>(ymd.month) - 1 + months;
    const CivilDate to =
        CivilDate::from_ymd(end_month_index / 12, static_cast<unsigned>(end_month_index % 12 + 1), ymd.day);
    if (format == "servicenow-csv") {
      const auto [rows, events] = slaclock::generator::write_servicenow_export({.seed = seed,
                                                                                .incidents = contacts,
                                                                                .from = from,
                                                                                .to = to,
                                                                                .csv_path = out_path,
                                                                                .native_path = native_out},
                                                                               cal);
      std::cerr << "slaclock-generate: wrote " << rows << " rows to " << out_path;
      if (!native_out.empty()) std::cerr << " and " << events << " events to " << native_out;
      std::cerr << '\n';
      return 0;
    }
    if (!native_out.empty()) throw InputError({"", 0, "--native-out"}, "only with --format servicenow-csv");
    Generator gen(seed, cal, from, to);

    // Opening moments for every entity, sorted, so events can stream out in time order.
    std::vector<Seed> seeds;
    seeds.reserve(static_cast<std::size_t>(contacts) * 11 / 10 + 64);
    for (int i = 1; i <= contacts; ++i) seeds.push_back({gen.random_business_moment(), Opening::contact, 0});
    const int breaches = std::max(8, contacts / 15);
    for (int i = 1; i <= breaches; ++i) seeds.push_back({gen.random_business_moment(), Opening::breach, 0});
    const int surveys = std::max(25, contacts / 6);
    for (int i = 1; i <= surveys; ++i) seeds.push_back({gen.random_business_moment(), Opening::survey, 0});
    std::stable_sort(seeds.begin(), seeds.end(), [](const Seed& a, const Seed& b) { return a.at < b.at; });
    int counters[3] = {0, 0, 0};
    for (auto& s : seeds) s.n = ++counters[s.what == Opening::contact ? 0 : s.what == Opening::breach ? 1 : 2];

    std::ofstream out(out_path, std::ios::binary | std::ios::trunc);
    if (!out) throw InputError({out_path, 0, "--out"}, "cannot write");
    const bool csv = out_path.size() >= 4 && out_path.substr(out_path.size() - 4) == ".csv";
    if (csv) {
      std::string header;
      for (const char* c : csv_columns) header += (header.empty() ? "" : ",") + std::string(c);
      out << header << "\r\n";
    }
    std::string line;
    std::size_t written = 0;
    auto write = [&](const GenEvent& e, const std::string& event_id) {
      const std::string at = format_instant(e.at, gen.zone());
      const std::string recorded = format_instant(e.recorded_at, gen.zone());
      line.clear();
      if (csv) {
        for (const char* col : csv_columns) {
          std::string v;
          const std::string name = col;
          if (name == "event_id")
            v = event_id;
          else if (name == "kind")
            v = e.kind;
          else if (name == "entity_id")
            v = e.entity_id;
          else if (name == "type")
            v = e.type;
          else if (name == "at")
            v = at;
          else if (name == "recorded_at")
            v = recorded;
          else
            for (const auto& [k, fv] : e.fields)
              if (name == k) v = fv;
          if (col != csv_columns[0]) line += ',';
          line += csv_cell(v);
        }
        line += "\r\n";
      } else {
        line += "{\"event_id\":";
        append_json_string(line, event_id);
        line += ",\"kind\":\"";
        line += e.kind;
        line += "\",\"entity_id\":";
        append_json_string(line, e.entity_id);
        line += ",\"type\":\"";
        line += e.type;
        line += "\",\"at\":\"" + at + "\",\"recorded_at\":\"" + recorded + "\"";
        for (const auto& [k, v] : e.fields) {
          line += ",\"";
          line += k;
          line += "\":";
          append_json_string(line, v);
        }
        line += "}\n";
      }
      out << line;
      ++written;
    };

    // KPI results and quarterly reports come on a fixed schedule; queue them first.
    struct Kpi {
      const char* code;
      const char* priority;
    };
    const Kpi kpis[] = {{"DSC-01", "P1"}, {"DSC-02", "P1"}, {"DSC-03", "P2"}, {"DSC-04", "P2"},
                        {"DSC-05", "P2"}, {"DSC-06", "P3"}, {"DSC-07", "P1"}, {"DSC-08", "P2"}};
    int month_index = 0;
    for (CivilDate m = CivilDate::from_ymd(ymd.year, ymd.month, 1); m < to;
         m = m + static_cast<int>(CivilDate::days_in_month(m.year(), m.month())), ++month_index) {
      for (const Kpi& k : kpis) {
        // DSC-04 misses three months running (kpi_consecutive missed); others miss now and then.
        const bool met = std::string(k.code) == "DSC-04" ? month_index >= 3 : gen.chance(0.985);
        gen.kpi_result(k.code, k.priority, m, met, month_index == 1 && std::string(k.code) == "DSC-03");
      }
    }
    // Issues and scored communications, a few a month, on their own random stream.
    int issues = 0, communications = 0, responses = 0;
    for (CivilDate m = CivilDate::from_ymd(ymd.year, ymd.month, 1); m < to;
         m = m + static_cast<int>(CivilDate::days_in_month(m.year(), m.month()))) {
      const int days = static_cast<int>(CivilDate::days_in_month(m.year(), m.month()));
      const Generator::ExtraStream extra(gen);
      for (int i = 0; i < std::max(2, contacts / 100); ++i) {
        const CivilDate d = m + (i * 7 + 3) % days;
        if (!(d < from)) gen.issue(++issues, gen.business_moment(d));
      }
      for (int i = 0; i < 4; ++i)
        if (!(m + i * 7 < from)) gen.communication(++communications, gen.business_moment(m + i * 7), responses);
    }
    int reports = 0;
    for (int y = from.year() - 1; y <= to.year(); ++y)
      for (int q = 1; q <= 4; ++q) {
        // Due on the 25th of the month after the quarter.
        const int due_month = q * 3 + 1;
        const CivilDate due =
            CivilDate::from_ymd(due_month > 12 ? y + 1 : y, static_cast<unsigned>(due_month > 12 ? 1 : due_month), 25);
        if (due < from || !(due + 5 < to)) continue;
        gen.report(y, q, due, ++reports == 2);
      }

    for (const Seed& s : seeds) {
      gen.flush_before(s.at, write);
      switch (s.what) {
        case Opening::contact:
          gen.contact(s.n, s.at);
          break;
        case Opening::breach:
          gen.breach(s.n, s.at);
          break;
        case Opening::survey:
          gen.survey(s.n, s.at);
          break;
        default:
          break;
      }
    }
    gen.flush_before(gen.end(), write);
    out.flush();
    if (!out) throw InputError({out_path, 0, "--out"}, "write failed");
    std::cerr << "slaclock-generate: wrote " << written << " events to " << out_path << '\n';
  } catch (const slaclock::Error& e) {
    std::cerr << "slaclock-generate: " << e.what() << '\n';
    return 2;
  }
  return 0;
}
