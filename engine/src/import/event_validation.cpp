#include "import/event_validation.h"

#include "import/accepted_events.h"

#include <slaclock/base/error.h>
#include <slaclock/base/text_safety.h>
#include <slaclock/time/timestamp.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string_view>

namespace slaclock::detail {

namespace {

enum class Check {
  text,       // one line: names, codes, ids
  free_text,  // prose from a ticket's free-text fields: line breaks allowed
  instant,
  date,
  boolean,
  choice,
  month,
  month_or_quarter,
  quarter,
  priority,
  parties,
  whole_number,    // 0-1000000
  score_out_of_10  // 0-10, decimals allowed
};

struct FieldSpec {
  const char* name;
  bool required;
  Check check;
  const char* const* choices = nullptr;  // null-terminated, for Check::choice
};

// Which event types each kind accepts and their fields. Which type opens an
// entity is not stated here: opening_event_type (clock/event.h) names it once.
struct TypeSpec {
  EntityKind kind;
  EventType type;
  std::vector<FieldSpec> fields;
};

constexpr const char* complexities[] = {"standard", "complex", "very_complex", nullptr};
constexpr const char* ratings[] = {"exceeded", "met", "met_some", "not_met", nullptr};
constexpr const char* trust_ratings[] = {"trust", "starting_to_trust", "dont_trust", nullptr};
constexpr const char* severities[] = {"critical", "high", "medium", "low", nullptr};
constexpr const char* survey_kvis[] = {"change_management",
                                       "data_services",
                                       "relationship_strategic",
                                       "relationship_operational",
                                       "relationship_customer_first",
                                       "communication",
                                       nullptr};
constexpr const char* report_kvis[] = {"financial_reporting", nullptr};
// Checked against the kvi after the per-field pass: which scale depends on the question.
constexpr const char* any_rating[] = {"exceeded",          "met",        "met_some", "not_met", "trust",
                                      "starting_to_trust", "dont_trust", nullptr};

const std::vector<TypeSpec>& type_specs() {
  static const std::vector<TypeSpec> specs = {
      {EntityKind::contact,
       EventType::received,
       {{"customer", true, Check::text},
        {"customer_class", false, Check::text},
        {"priority", false, Check::text},
        {"gemini", false, Check::boolean},
        {"gas_day", false, Check::date},
        {"category", false, Check::text},
        {"calendar", false, Check::text},
        {"channel", false, Check::text}}},
      {EntityKind::contact, EventType::acknowledged, {{"expected_resolution", false, Check::instant}}},
      {EntityKind::contact,
       EventType::categorised,
       {{"complexity", false, Check::choice, complexities},
        {"priority", false, Check::text},
        {"category", false, Check::text}}},
      {EntityKind::contact, EventType::prioritised, {{"priority", true, Check::text}}},
      {EntityKind::contact, EventType::update_sent, {{"revised_resolution", false, Check::instant}}},
      {EntityKind::contact, EventType::explanation_provided, {{"revised_resolution", true, Check::instant}}},
      {EntityKind::contact, EventType::parties_affected, {{"parties", true, Check::parties}}},
      {EntityKind::contact, EventType::parties_notified, {{"parties", true, Check::parties}}},
      {EntityKind::contact, EventType::resolved, {}},
      {EntityKind::contact, EventType::reopened, {}},
      {EntityKind::contact, EventType::closed, {}},
      {EntityKind::contact, EventType::feedback, {{"rating", true, Check::choice, ratings}}},
      {EntityKind::contact, EventType::on_hold, {{"reason", true, Check::free_text}}},
      {EntityKind::contact, EventType::off_hold, {{"reason", false, Check::free_text}}},
      {EntityKind::breach,
       EventType::identified,
       {{"severity", true, Check::choice, severities},
        {"customers", false, Check::text},
        {"calendar", false, Check::text}}},
      {EntityKind::breach, EventType::customers_notified, {}},
      {EntityKind::breach, EventType::resolved, {}},
      {EntityKind::kpi,
       EventType::result,
       {{"kpi", true, Check::text},
        {"priority", true, Check::priority},
        {"period", true, Check::month},
        {"met", true, Check::boolean},
        {"calendar", false, Check::text}}},
      {EntityKind::kpi, EventType::customers_notified, {}},
      {EntityKind::survey,
       EventType::response,
       {{"kvi", true, Check::choice, survey_kvis},
        {"period", true, Check::month_or_quarter},
        {"rating", false, Check::choice, any_rating},
        {"score", false, Check::score_out_of_10},
        {"communication", false, Check::free_text}}},
      {EntityKind::report,
       EventType::delivered,
       {{"kvi", true, Check::choice, report_kvis}, {"period", true, Check::quarter}, {"due", true, Check::date}}},
      {EntityKind::issue,
       EventType::raised,
       {{"impact_score", true, Check::whole_number},
        {"title", false, Check::free_text},
        {"customers", false, Check::text}}},
      {EntityKind::issue, EventType::customers_notified, {}},
      {EntityKind::issue, EventType::plan_provided, {{"plan", false, Check::free_text}}},
      {EntityKind::issue, EventType::resolved, {}},
      {EntityKind::issue, EventType::closed, {}},
  };
  return specs;
}

const TypeSpec* find_spec(EntityKind kind, std::string_view word) {
  const auto type = parse_event_type(word);
  if (!type) return nullptr;
  for (const auto& s : type_specs())
    if (s.kind == kind && s.type == *type) return &s;
  return nullptr;
}

std::string list_choices(const char* const* choices) {
  std::string out;
  for (auto c = choices; *c; ++c) out += (out.empty() ? "" : "|") + std::string(*c);
  return out;
}

bool in_choices(const char* const* choices, std::string_view v) {
  for (auto c = choices; *c; ++c)
    if (v == *c) return true;
  return false;
}

[[noreturn]] void fail(const std::string& field, const std::string& why) {
  throw InputError({"", 0, field}, why);
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_month(std::string_view v) {
  if (v.size() != 7 || v[4] != '-' || !all_digits(v.substr(0, 4)) || !all_digits(v.substr(5, 2))) return false;
  const int m = (v[5] - '0') * 10 + (v[6] - '0');
  return m >= 1 && m <= 12;
}

bool is_quarter(std::string_view v) {
  return v.size() == 7 && all_digits(v.substr(0, 4)) && v[4] == '-' && v[5] == 'Q' && v[6] >= '1' && v[6] <= '4';
}

// Checks a value of the type's own fields. An instant given as a local time
// is stored with its offset (`stored`), so what is stored never depends on a
// zone; `stored` is left alone otherwise.
void check_value(const FieldSpec& spec, const std::string& v, const LocalTimeReading& local, std::string& stored) {
  switch (spec.check) {
    case Check::text:
    case Check::free_text:
      return;
    case Check::instant:
      try {
        bool was_local = false;
        const Instant t = parse_instant(v, local, &was_local);
        if (was_local) stored = format_instant(t, *local.zone);
      } catch (const InputError& e) {
        fail(spec.name, e.why());
      }
      return;
    case Check::date:
      try {
        parse_date(v);
      } catch (const InputError& e) {
        fail(spec.name, e.why());
      }
      return;
    case Check::boolean:
      if (v != "true" && v != "false") fail(spec.name, "'" + v + "' is not true or false");
      return;
    case Check::choice:
      if (!in_choices(spec.choices, v)) fail(spec.name, "'" + v + "' is not one of " + list_choices(spec.choices));
      return;
    case Check::month:
      if (!is_month(v)) fail(spec.name, "'" + v + "' is not a month YYYY-MM");
      return;
    case Check::month_or_quarter:
      if (!is_month(v) && !is_quarter(v)) fail(spec.name, "'" + v + "' is not a month YYYY-MM or a quarter YYYY-Qn");
      return;
    case Check::quarter:
      if (!is_quarter(v)) fail(spec.name, "'" + v + "' is not a quarter YYYY-Qn");
      return;
    case Check::priority:
      if (v.size() < 2 || v[0] != 'P' || !all_digits(std::string_view(v).substr(1)) || v[1] == '0')
        fail(spec.name, "'" + v + "' is not a priority P1, P2, P3...");
      return;
    case Check::parties: {
      // "NG;DN;IGT": a list of party codes, none of them empty.
      std::size_t start = 0;
      for (;;) {
        const std::size_t end = v.find(';', start);
        const std::string_view part =
            std::string_view(v).substr(start, end == std::string::npos ? v.npos : end - start);
        if (part.empty() || part.find_first_of(" \t") != std::string_view::npos)
          fail(spec.name, "'" + v + "' is not a ';'-separated list of parties (e.g. NG;DN;IGT)");
        if (end == std::string::npos) return;
        start = end + 1;
      }
    }
    case Check::whole_number:
      if (!all_digits(v) || v.size() > 7 || std::stol(v) > 1000000)
        fail(spec.name, "'" + v + "' is not a whole number 0-1000000");
      return;
    case Check::score_out_of_10: {
      double score = -1;
      std::size_t used = 0;
      try {
        score = std::stod(v, &used);
      } catch (const std::logic_error&) {
        used = 0;
      }
      const bool plain = !v.empty() && v.find_first_not_of("0123456789.") == std::string::npos;
      if (!plain || used != v.size() || !(score >= 0 && score <= 10))
        fail(spec.name, "'" + v + "' is not a score from 0 to 10");
      return;
    }
  }
}

Instant instant_field(const std::string& field, const std::string& text, const LocalTimeReading& local) {
  try {
    return parse_instant(text, local);
  } catch (const InputError& e) {
    fail(field, e.why());
  }
}

std::string expected_types(EntityKind kind) {
  std::string out;
  for (const auto& s : type_specs())
    if (s.kind == kind) out += (out.empty() ? "" : ", ") + std::string(event_type_name(s.type));
  return out;
}

std::string expected_fields(const TypeSpec& spec) {
  std::string out;
  for (const auto& f : spec.fields) out += (out.empty() ? "" : ", ") + std::string(f.name);
  return out.empty() ? "none" : out;
}

const std::string* value_of(const FieldList& fields, std::string_view name) {
  for (const auto& [k, v] : fields)
    if (k == name) return &v;
  return nullptr;
}

}  // namespace

std::vector<AcceptedEventType> accepted_event_fields() {
  const auto kind_word = [](Check c) -> std::string {
    switch (c) {
      case Check::text:
        return "text";
      case Check::free_text:
        return "free_text";
      case Check::instant:
        return "instant";
      case Check::date:
        return "date";
      case Check::boolean:
        return "boolean";
      case Check::choice:
        return "choice";
      case Check::month:
        return "month";
      case Check::month_or_quarter:
        return "month_or_quarter";
      case Check::quarter:
        return "quarter";
      case Check::priority:
        return "priority";
      case Check::parties:
        return "parties";
      case Check::whole_number:
        return "whole_number";
      case Check::score_out_of_10:
        return "score_out_of_10";
    }
    return "";
  };
  std::vector<AcceptedEventType> out;
  for (const TypeSpec& s : type_specs()) {
    AcceptedEventType t{s.kind, s.type, is_opening_type(s.kind, s.type), {}};
    for (const FieldSpec& f : s.fields) {
      AcceptedField a{f.name, f.required, kind_word(f.check), {}};
      for (auto c = f.choices; c && *c; ++c) a.choices.emplace_back(*c);
      t.fields.push_back(std::move(a));
    }
    out.push_back(std::move(t));
  }
  return out;
}

std::vector<AcceptedField> common_event_fields() {
  std::vector<std::string> kinds;
  for (EntityKind k : all_entity_kinds) kinds.emplace_back(entity_kind_name(k));
  // The names validate_event reads before the type's own fields.
  return {{"event_id", true, "text", {}}, {"kind", true, "choice", kinds}, {"entity_id", true, "text", {}},
          {"type", true, "choice", {}},   {"at", true, "instant", {}},     {"recorded_at", false, "instant", {}}};
}

bool is_opening_type(EntityKind kind, EventType type) noexcept {
  return opening_event_type(kind) == type;
}

namespace {

bool is_line_break(char c) {
  return c == '\n' || c == '\r';
}

bool has_line_break(std::string_view v) {
  return v.find_first_of("\r\n") != std::string_view::npos;
}

// The free-text fields of every type, for messages: "reason, title, ...".
const std::string& free_text_fields() {
  static const std::string names = [] {
    std::vector<std::string> seen;
    for (const auto& t : type_specs())
      for (const auto& f : t.fields)
        if (f.check == Check::free_text && std::find(seen.begin(), seen.end(), f.name) == seen.end())
          seen.emplace_back(f.name);
    std::string out;
    for (const auto& n : seen) out += (out.empty() ? "" : ", ") + n;
    return out;
  }();
  return names;
}

[[noreturn]] void fail_line_break(const std::string& field) {
  fail(field, "contains a line break (only the free-text fields " + free_text_fields() + " may hold line breaks)");
}

// Size, control characters, UTF-8, then the other characters that would
// reorder or split text on a terminal (base/text_safety.h: C1 controls,
// bidi overrides and isolates, U+2028/U+2029). TAB and line breaks (LF, CR)
// pass when `free_text_controls` is true: whether the field may hold them is
// decided once its type is known (fail_line_break, fail_tab).
void check_text(const std::string& field, const std::string& v, std::size_t max_bytes, bool free_text_controls) {
  if (v.size() > max_bytes)
    fail(field, "is " + std::to_string(v.size()) + " bytes, more than the limit of " + std::to_string(max_bytes) +
                    " (see --max-field-bytes)");
  const AllowedControls allowed{.tab = free_text_controls, .line_breaks = free_text_controls};
  bool ascii = true;  // the usual case: no character beyond U+007F to decode
  for (char c : v) {
    const auto u = static_cast<unsigned char>(c);
    ascii = ascii && u < 0x80;
    if ((u < 0x20 || u == 0x7F) && !(free_text_controls && (is_line_break(c) || c == '\t'))) {
      if (is_line_break(c)) fail_line_break(field);
      fail(field, "contains the control character " + code_point_name(u) +
                      " (text fields may not hold control characters; only the free-text fields " + free_text_fields() +
                      " may hold line breaks and tabs)");
    }
  }
  if (ascii) return;
  if (!is_valid_utf8(v)) fail(field, "is not valid UTF-8 text");
  if (const auto cp = first_unsafe_code_point(v, allowed))
    fail(field, "contains " + code_point_name(*cp) + ", " + why_unsafe(*cp) +
                    " (text fields may not hold it: see docs/events.md, Files)");
}

[[noreturn]] void fail_tab(const std::string& field) {
  fail(field, "contains the control character \\x09 (a tab; only the free-text fields " + free_text_fields() +
                  " may hold tabs and line breaks)");
}

bool has_tab(std::string_view v) {
  return v.find('\t') != std::string_view::npos;
}

// An id becomes a dashboard address, a file name in a pack and a table
// cell: one limit for every id, checked here (docs/events.md).
void check_id_length(const char* field, const std::string& v) {
  if (v.size() > max_id_bytes)
    fail(field, "is " + std::to_string(v.size()) + " bytes, more than the " + std::to_string(max_id_bytes) +
                    " an id may be (docs/events.md)");
}

}  // namespace

void validate_event(RawRecord& record, std::optional<Instant> file_recorded_at, Instant now, ValidatedEvent& out,
                    const ValidationOptions& options) {
  auto& values = record.values;
  for (const auto& [k, v] : values) {
    check_text("(a field name)", k, 256, false);
    // Line breaks pass here: they are checked per field below, before any
    // message quotes the value.
    check_text(k, v, options.max_field_bytes, true);
  }
  // Repeated names would make "the" value ambiguous.
  std::sort(values.begin(), values.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (std::size_t i = 1; i < values.size(); ++i)
    if (values[i].first == values[i - 1].first) fail(values[i].first, "given more than once");

  const std::string *event_id = nullptr, *kind = nullptr, *entity_id = nullptr, *type = nullptr, *at = nullptr,
                    *recorded_at = nullptr;
  for (const auto& [k, v] : values) {
    if (k == "event_id")
      event_id = &v;
    else if (k == "kind")
      kind = &v;
    else if (k == "entity_id")
      entity_id = &v;
    else if (k == "type")
      type = &v;
    else if (k == "at")
      at = &v;
    else if (k == "recorded_at")
      recorded_at = &v;
  }
  if (!event_id) fail("event_id", "is required");
  if (!kind) fail("kind", "is required");
  if (!entity_id) fail("entity_id", "is required");
  if (!type) fail("type", "is required");
  if (!at) fail("at", "is required");
  const std::pair<const char*, const std::string*> common[] = {
      {"event_id", event_id}, {"kind", kind}, {"entity_id", entity_id},
      {"type", type},         {"at", at},     {"recorded_at", recorded_at}};
  for (const auto& [name, v] : common) {
    if (v && has_line_break(*v)) fail_line_break(name);
    if (v && has_tab(*v)) fail_tab(name);
  }
  check_id_length("event_id", *event_id);
  check_id_length("entity_id", *entity_id);

  const auto parsed_kind = parse_entity_kind(*kind);
  if (!parsed_kind) fail("kind", "'" + *kind + "' is not one of contact, breach, kpi, survey, report, issue");
  const TypeSpec* spec = find_spec(*parsed_kind, *type);
  if (!spec)
    fail("type",
         "'" + *type + "' is not a " + *kind + " event type (expected one of " + expected_types(*parsed_kind) + ")");

  out.kind = *parsed_kind;
  out.at = instant_field("at", *at, options.local_times);
  // recorded_at may be neither before `at` nor after now (docs/events.md), so
  // an `at` after now is refused whatever recorded_at says or defaults to:
  // with or without an explicit recorded_at, the same line, the same answer.
  if (out.at > now)
    fail("at", "is after the import's time (" + format_utc(now) +
                   "): an event cannot have happened in the future (check the date and its UTC offset)");
  if (recorded_at) {
    out.recorded_at = instant_field("recorded_at", *recorded_at, options.local_times);
    out.recorded_at_given = true;
  } else if (file_recorded_at) {
    out.recorded_at = *file_recorded_at;
    out.recorded_at_given = true;
  } else if (options.recorded_at_as_event) {  // a history back-loaded as known when it happened
    out.recorded_at = out.at;
    out.recorded_at_given = true;
  } else {
    out.recorded_at = now;
    out.recorded_at_given = false;
  }
  // Learned of before it happened: the line, or the file-wide default, is wrong.
  if (out.recorded_at_given && out.recorded_at < out.at)
    fail("recorded_at", "is before 'at' (an event cannot be recorded before it happened)");
  // Nor can slaclock learn of it later than now: every judgement "as known
  // at T" (and events_recorded_after) relies on it.
  if (out.recorded_at > now)
    fail("recorded_at", "is after the import's time (" + format_utc(now) + "): an event cannot be known in the future");

  out.event_id = *event_id;
  out.entity_id = *entity_id;
  out.type = spec->type;
  out.fields.clear();
  for (auto& [k, v] : values) {
    if (k == "event_id" || k == "kind" || k == "entity_id" || k == "type" || k == "at" || k == "recorded_at") continue;
    // A reject file's annotations, so that a fixed reject file imports as is.
    if (k == "_file" || k == "_line" || k == "_error") continue;
    const FieldSpec* f = nullptr;
    for (const auto& candidate : spec->fields)
      if (k == candidate.name) f = &candidate;
    if (!f) fail(k, "unknown field for " + *kind + " " + *type + " (allowed: " + expected_fields(*spec) + ")");
    if (f->check != Check::free_text && has_line_break(v)) fail_line_break(k);
    if (f->check != Check::free_text && has_tab(v)) fail_tab(k);
    // Copied (into reused buffers): a rejected line is written out as read.
    auto& field = out.fields.add();
    field.first = k;
    field.second = v;
    check_value(*f, v, options.local_times, field.second);
  }
  for (const auto& f : spec->fields)
    if (f.required && !value_of(out.fields, f.name)) fail(f.name, "is required for " + *kind + " " + *type);

  // Real exports carry no complexity: a categorisation may set the priority
  // alone, but it must set something.
  if (out.kind == EntityKind::contact && out.type == EventType::categorised && !value_of(out.fields, "complexity") &&
      !value_of(out.fields, "priority") && !value_of(out.fields, "category"))
    fail("complexity", "a categorised event needs complexity, priority, category or more than one");
  if (out.kind == EntityKind::contact && out.type == EventType::received) {
    const std::string* gemini = value_of(out.fields, "gemini");
    const bool is_gemini = gemini && *gemini == "true";
    const bool has_gas_day = value_of(out.fields, "gas_day") != nullptr;
    if (is_gemini && !has_gas_day) fail("gas_day", "is required when gemini is true");
    if (!is_gemini && has_gas_day) fail("gas_day", "is only allowed when gemini is true");
  }
  if (out.kind == EntityKind::survey) {
    const std::string& kvi = *value_of(out.fields, "kvi");
    // Communications are scored out of 10; every other question is rated.
    const bool scored = kvi == "communication";
    if (scored && value_of(out.fields, "rating")) fail("rating", "is not used for communication (give score, 0-10)");
    if (!scored && value_of(out.fields, "score")) fail("score", "is only used for communication (give rating)");
    if (!scored && value_of(out.fields, "communication")) fail("communication", "is only used for communication");
    if (scored) {
      if (!value_of(out.fields, "score")) fail("score", "is required for survey response communication");
      return;
    }
    if (!value_of(out.fields, "rating")) fail("rating", "is required for survey response " + kvi);
    const std::string& rating = *value_of(out.fields, "rating");
    const bool relationship = kvi.rfind("relationship_", 0) == 0;
    const char* const* scale = relationship ? trust_ratings : ratings;
    if (!in_choices(scale, rating))
      fail("rating", "'" + rating + "' is not one of " + list_choices(scale) + " for " + kvi);
  }
}

}  // namespace slaclock::detail
