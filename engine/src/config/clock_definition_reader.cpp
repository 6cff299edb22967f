// The clock language: a rule version's `clocks:` mapping, each clock's
// definition checked in full (file, line, key and why) before anything is
// stored. docs/settings.md documents it.
#include "config/rule_reading.h"

#include <slaclock/base/error.h>

#include <algorithm>

namespace slaclock::detail {

namespace {

// The fields a condition or a target may read, by entity kind: those some
// event of the kind carries (docs/events.md). A misspelt field is an error,
// not a condition that silently never holds.
const std::set<std::string>& fields_of(EntityKind k) {
  static const std::set<std::string> contact{"customer",
                                             "customer_class",
                                             "priority",
                                             "gemini",
                                             "gas_day",
                                             "category",
                                             "calendar",
                                             "channel",
                                             "complexity",
                                             "revised_resolution",
                                             "expected_resolution",
                                             "parties",
                                             "rating",
                                             "reason"};
  static const std::set<std::string> breach{"severity", "customers", "calendar"};
  static const std::set<std::string> kpi{"kpi", "priority", "period", "met", "calendar"};
  static const std::set<std::string> issue{"impact_score", "title", "customers", "plan"};
  static const std::set<std::string> none;
  switch (k) {
    case EntityKind::contact:
      return contact;
    case EntityKind::breach:
      return breach;
    case EntityKind::kpi:
      return kpi;
    case EntityKind::issue:
      return issue;
    default:
      return none;
  }
}

std::string words(const std::set<std::string>& s) {
  std::string out;
  for (const auto& w : s) out += (out.empty() ? "" : ", ") + w;
  return out;
}

EventType read_event(const YamlReader& y, const YAML::Node& n, const std::string& field, EntityKind entity) {
  const std::string word = y.text(n, field);
  const auto t = parse_event_type(word);
  if (!t) y.fail(n, field, "'" + word + "' is not an event type");
  if (!event_happens_to(entity, *t))
    y.fail(n, field, "'" + word + "' cannot happen to a " + std::string(entity_kind_name(entity)));
  return *t;
}

NotApplicableCause read_otherwise(const YamlReader& y, const YAML::Node& n, const std::string& field) {
  const std::string word = y.text(n, field);
  if (word == "omit") return NotApplicableCause::applies;
  const auto c = parse_not_applicable_cause(word);
  if (!c || *c == NotApplicableCause::applies || *c == NotApplicableCause::no_rule_version ||
      *c == NotApplicableCause::outside_calendar)
    y.fail(n, field,
           "'" + word +
               "' is not omit, not_applicable, severity_reported_monthly, kpi_met, priority_not_counted, "
               "no_revised_date or not_acknowledged_yet");
  return *c;
}

std::string read_field_name(const YamlReader& y, const YAML::Node& n, const std::string& field, EntityKind entity) {
  const std::string name = y.key(n, field);
  if (!fields_of(entity).count(name))
    y.fail(n, field,
           "'" + name + "' is not a field of a " + entity_kind_name(entity) + " (one of: " + words(fields_of(entity)) +
               ")");
  return name;
}

// `{field: [values]}`, `{field: present}`, `{field: absent}` (when), or the
// same negated (unless); or the long form, a list of
// `{field: F, in|not_in: [...], otherwise: CAUSE}`.
std::vector<FieldCondition> read_conditions(const YamlReader& y, const YAML::Node& n, const std::string& field,
                                            EntityKind entity, bool negate, NotApplicableCause otherwise) {
  std::vector<FieldCondition> out;
  if (n.IsSequence()) {
    if (negate) y.fail(n, field, "unless takes a mapping of fields to values; write the long form under when");
    for (std::size_t i = 0; i < n.size(); ++i) {
      const std::string f = field + "[" + std::to_string(i) + "]";
      const YAML::Node c = n[i];
      y.only_keys(c, f, {"field", "in", "not_in", "present", "absent", "otherwise"});
      FieldCondition fc;
      fc.field = read_field_name(y, y.required(c, "field", f), f + ".field", entity);
      const int tests = (c["in"] ? 1 : 0) + (c["not_in"] ? 1 : 0) + (c["present"] ? 1 : 0) + (c["absent"] ? 1 : 0);
      if (tests != 1) y.fail(c, f, "give exactly one of in, not_in, present: true, absent: true");
      if (c["in"]) fc.test = FieldCondition::Test::in, fc.values = read_word_set(y, c["in"], f + ".in", {});
      if (c["not_in"])
        fc.test = FieldCondition::Test::not_in, fc.values = read_word_set(y, c["not_in"], f + ".not_in", {});
      if (c["present"]) fc.test = FieldCondition::Test::present;
      if (c["absent"]) fc.test = FieldCondition::Test::absent;
      if ((c["in"] || c["not_in"]) && fc.values.empty()) y.fail(c, f, "an empty list can never match");
      fc.otherwise = c["otherwise"] ? read_otherwise(y, c["otherwise"], f + ".otherwise") : otherwise;
      out.push_back(std::move(fc));
    }
    return out;
  }
  if (!n.IsMap()) y.fail(n, field, "expected a mapping of fields to a list of values, present or absent");
  for (const auto& kv : n) {
    FieldCondition fc;
    fc.field = read_field_name(y, kv.first, field, entity);
    const std::string f = field + "." + fc.field;
    if (kv.second.IsScalar() && (kv.second.Scalar() == "present" || kv.second.Scalar() == "absent")) {
      const bool present = (kv.second.Scalar() == "present") != negate;
      fc.test = present ? FieldCondition::Test::present : FieldCondition::Test::absent;
    } else {
      fc.values = read_word_set(y, kv.second, f, {});
      if (fc.values.empty()) y.fail(kv.second, f, "an empty list can never match");
      fc.test = negate ? FieldCondition::Test::not_in : FieldCondition::Test::in;
    }
    fc.otherwise = otherwise;
    out.push_back(std::move(fc));
  }
  return out;
}

// An event name, or {event, when, unless, otherwise (start), cause (stop)}.
ClockEvent read_clock_event(const YamlReader& y, const YAML::Node& n, const std::string& field, EntityKind entity,
                            bool is_stop) {
  ClockEvent e;
  if (n.IsScalar()) {
    e.event = read_event(y, n, field, entity);
  } else {
    if (is_stop)
      y.only_keys(n, field, {"event", "when", "unless", "cause"});
    else
      y.only_keys(n, field, {"event", "when", "unless", "otherwise"});
    e.event = read_event(y, y.required(n, "event", field), field + ".event", entity);
    const NotApplicableCause otherwise =
        n["otherwise"] ? read_otherwise(y, n["otherwise"], field + ".otherwise") : NotApplicableCause::applies;
    if (n["when"]) e.when = read_conditions(y, n["when"], field + ".when", entity, false, otherwise);
    if (n["unless"]) {
      auto more = read_conditions(y, n["unless"], field + ".unless", entity, true, otherwise);
      e.when.insert(e.when.end(), more.begin(), more.end());
    }
    if (n["otherwise"] && e.when.empty())
      y.fail(n["otherwise"], field + ".otherwise", "says what happens when a condition fails; give when or unless");
    if (const auto c = n["cause"]) {
      const std::string word = y.text(c, field + ".cause");
      const auto cause = parse_stop_cause(word);
      if (!cause || *cause == StopCause::none || *cause == StopCause::event)
        y.fail(c, field + ".cause", "'" + word + "' is not a stop cause");
      e.cause = *cause;
    }
  }
  if (is_stop && e.cause == StopCause::none) e.cause = default_stop_cause(e.event);
  return e;
}

ClockTarget read_target(const YamlReader& y, const YAML::Node& n, const std::string& field) {
  ClockTarget t;
  if (!n.IsMap()) y.fail(n, field, "expected a duration or a table by priority, category or customer_class");
  if (!n["by"]) {
    t.fallback = read_allowance(y, n, field, false);
    return t;
  }
  t.by = y.text(n["by"], field + ".by");
  if (t.by != "priority" && t.by != "category" && t.by != "customer_class")
    y.fail(n["by"], field + ".by", "'" + t.by + "' is not priority, category or customer_class");
  bool has_default = false;
  for (const auto& kv : n) {
    const std::string key = y.key(kv.first, field);
    if (key == "by") continue;
    const std::string f = field + "." + key;
    const Allowance a = read_allowance(y, kv.second, f, false);
    if (key == "default") {
      t.fallback = a, has_default = true;
      continue;
    }
    if (t.has_key(key)) y.fail(kv.first, f, "is listed twice");
    t.table.emplace_back(key, a);
  }
  if (!has_default)
    y.fail(n, field + ".default",
           "is required: a " + t.by + " the table does not name (or none recorded) needs a target too");
  if (t.table.empty()) y.fail(n, field, "names no " + t.by + "; give a plain duration instead");
  return t;
}

std::vector<IssueBand> read_issue_bands(const YamlReader& y, const YAML::Node& bands, const std::string& field) {
  if (!bands.IsSequence() || bands.size() == 0) y.fail(bands, field, "expected a non-empty list of bands");
  std::vector<IssueBand> out;
  for (std::size_t n = 0; n < bands.size(); ++n) {
    const std::string f = field + "[" + std::to_string(n) + "]";
    const YAML::Node b = bands[n];
    y.only_keys(b, f, {"name", "min_score", "target"});
    IssueBand band;
    band.name = y.text(y.required(b, "name", f), f + ".name");
    band.min_score = static_cast<int>(y.integer(y.required(b, "min_score", f), f + ".min_score", 0, 1000000));
    band.allowance = read_allowance(y, y.required(b, "target", f), f + ".target", false);
    if (!out.empty() && band.min_score >= out.back().min_score)
      y.fail(b["min_score"], f + ".min_score", "bands must be listed highest min_score first, each lower");
    for (const IssueBand& other : out)
      if (other.name == band.name) y.fail(b["name"], f + ".name", "'" + band.name + "' is named twice");
    out.push_back(std::move(band));
  }
  if (out.back().min_score != 0)
    y.fail(bands[bands.size() - 1]["min_score"], field + "[" + std::to_string(bands.size() - 1) + "].min_score",
           "the last band must start at 0, so that every score falls in a band");
  return out;
}

ClockDefinition read_definition(const YamlReader& y, const std::string& name, const YAML::Node& n,
                                const std::string& field, const CalendarNameCheck& check_calendar) {
  ClockDefinition d;
  const auto id = ClockId::try_named(name);
  if (!id) y.fail(n, field, "'" + name + "' is not a clock name: 1-64 characters of a-z, 0-9 and _, from a letter");
  d.id = *id;
  if (!n.IsMap()) y.fail(n, field, "expected a clock definition (a mapping)");
  if (const auto k = n["kind"]) {
    const std::string word = y.text(k, field + ".kind");
    const auto kind = parse_clock_kind(word);
    if (!kind) {
      std::set<std::string> known;
      for (const ClockKindFacts& f : all_clock_kinds()) known.insert(f.name);
      y.fail(k, field + ".kind", "'" + word + "' is not a clock kind (one of: " + words(known) + ")");
    }
    d.kind = *kind;
  }
  const ClockKindFacts& facts = clock_kind_facts(d.kind);
  d.entity = facts.entities.front();
  if (const auto e = n["entity"]) {
    const std::string word = y.text(e, field + ".entity");
    const auto kind = parse_entity_kind(word);
    if (!kind) y.fail(e, field + ".entity", "'" + word + "' is not an entity kind");
    if (std::find(facts.entities.begin(), facts.entities.end(), *kind) == facts.entities.end())
      y.fail(e, field + ".entity", std::string("a ") + facts.name + " clock cannot run on a " + word);
    d.entity = *kind;
  }

  // The keys each kind takes: the generic ones, then its own parameters.
  std::vector<const char*> keys{"kind", "entity", "start", "at_risk_share", "calendar", "subject", "notices"};
  const bool has_stops = d.kind != ClockKind::regular_updates && d.kind != ClockKind::kpi_consecutive;
  if (has_stops) keys.insert(keys.end(), {"stop", "restart_on_reopen"});
  if (facts.may_pause) keys.push_back("pause_on_hold");
  if (facts.has_target) keys.push_back("target");
  if (d.kind == ClockKind::gemini_resolution) keys.insert(keys.end(), {"exit_close_out_business_days", "bands"});
  if (d.kind == ClockKind::issue_band) keys.push_back("bands");
  if (d.kind == ClockKind::kpi_consecutive) keys.push_back("max_consecutive_misses");
  if (d.kind == ClockKind::breach_monthly_report) keys.push_back("business_day_of_next_month");
  for (const auto& kv : n) {
    const std::string key = y.key(kv.first, field);
    if (std::none_of(keys.begin(), keys.end(), [&](const char* k) { return key == k; })) {
      std::string list;
      for (const char* k : keys) list += (list.empty() ? "" : ", ") + std::string(k);
      y.fail(kv.first, field + "." + key,
             std::string("unknown key for a ") + facts.name + " clock (expected one of: " + list + ")");
    }
  }

  d.start.event = opening_event_type(d.entity);
  if (const auto s = n["start"]) d.start = read_clock_event(y, s, field + ".start", d.entity, false);
  // These kinds read the opening event's own fields (a gas day, a KPI's
  // period) or find their own start from it.
  const bool starts_with_entity = d.kind == ClockKind::revised_resolution || d.kind == ClockKind::regular_updates ||
                                  d.kind == ClockKind::gemini_resolution || d.kind == ClockKind::kpi_consecutive;
  if (starts_with_entity && d.start.event != opening_event_type(d.entity))
    y.fail(n["start"], field + ".start",
           std::string("a ") + facts.name + " clock starts with the " + entity_kind_name(d.entity) + " (" +
               event_type_name(opening_event_type(d.entity)) + ")");
  if (has_stops) {
    const YAML::Node stops = y.required(n, "stop", field);
    const std::string f = field + ".stop";
    if (stops.IsScalar()) {
      d.stops.push_back(read_clock_event(y, stops, f, d.entity, true));
    } else {
      if (!stops.IsSequence() || stops.size() == 0) y.fail(stops, f, "expected an event or a list of events");
      for (std::size_t i = 0; i < stops.size(); ++i)
        d.stops.push_back(read_clock_event(y, stops[i], f + "[" + std::to_string(i) + "]", d.entity, true));
    }
    for (const ClockEvent& s : d.stops)
      if (s.event == d.start.event && s.when.empty() && d.start.when.empty())
        y.fail(stops, f, std::string("'") + event_type_name(s.event) + "' starts the clock and cannot also stop it");
    if (const auto r = n["restart_on_reopen"]) {
      if (d.entity != EntityKind::contact) y.fail(r, field + ".restart_on_reopen", "only a contact can be reopened");
      d.restart_on_reopen = y.boolean(r, field + ".restart_on_reopen");
    }
  }
  if (const auto p = n["pause_on_hold"]) {
    if (d.entity != EntityKind::contact) y.fail(p, field + ".pause_on_hold", "only a contact is put on hold");
    d.pause_on_hold = y.boolean(p, field + ".pause_on_hold");
  }
  if (facts.has_target) d.target = read_target(y, y.required(n, "target", field), field + ".target");
  if (const auto s = n["at_risk_share"]) {
    const double v = y.number(s, field + ".at_risk_share", 0, 1);
    if (v <= 0) y.fail(s, field + ".at_risk_share", "must be more than 0 and at most 1");
    d.at_risk_share = v;
  }
  if (const auto c = n["calendar"]) {
    d.calendar = y.text(c, field + ".calendar");
    try {
      check_calendar(d.calendar);
    } catch (const ConfigError& e) {
      y.fail(c, field + ".calendar", e.why());
    }
  }
  if (const auto s = n["subject"]) d.subject_field = read_field_name(y, s, field + ".subject", d.entity);
  if (const auto ns = n["notices"]) {
    d.notices.clear();
    for (const std::string& w : read_word_set(y, ns, field + ".notices", {"at_risk", "breached", "notify_customers"}))
      d.notices.insert(*parse_notice_kind(w));
  }
  if (d.kind == ClockKind::gemini_resolution) {
    if (const auto x = n["exit_close_out_business_days"])
      d.exit_close_out_business_days = static_cast<int>(y.integer(x, field + ".exit_close_out_business_days", 1, 60));
    if (const auto b = n["bands"]) {
      y.only_keys(b, field + ".bands",
                  {"before_the_day", "on_the_day", "within_exit_close_out", "after_exit_close_out"});
      for (int i = 0; i < 4; ++i) {
        const char* band = gemini_band_name(static_cast<GeminiBand>(i));
        if (b[band]) d.gemini_bands[static_cast<std::size_t>(i)] = read_band(y, b[band], field + ".bands." + band);
      }
    }
  }
  if (d.kind == ClockKind::issue_band)
    d.issue_bands = read_issue_bands(y, y.required(n, "bands", field), field + ".bands");
  if (const auto m = n["max_consecutive_misses"])
    d.max_consecutive_misses = static_cast<int>(y.integer(m, field + ".max_consecutive_misses", 1, 24));
  if (const auto b = n["business_day_of_next_month"])
    d.report_business_day = static_cast<int>(y.integer(b, field + ".business_day_of_next_month", 1, 20));
  if (facts.judged_once) d.notices.erase(NoticeKind::at_risk);
  return d;
}

}  // namespace

std::vector<ClockDefinition> read_clock_definitions(const YamlReader& y, const YAML::Node& clocks,
                                                    const CalendarNameCheck& check_calendar) {
  if (!clocks.IsMap() || clocks.size() == 0)
    y.fail(clocks, "clocks", "expected a mapping of clock names to their definitions");
  std::vector<ClockDefinition> out;
  for (const auto& kv : clocks) {
    const std::string name = y.key(kv.first, "clocks");
    const std::string field = "clocks." + name;
    for (const ClockDefinition& d : out)
      if (clock_name(d.id) == name) y.fail(kv.first, field, "is defined twice");
    out.push_back(read_definition(y, name, kv.second, field, check_calendar));
  }
  return out;
}

}  // namespace slaclock::detail
