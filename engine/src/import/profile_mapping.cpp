// ProfileMapping: an export's rows grouped by case, ordered by time, and each
// case's state changes turned into native contact events (docs/import.md).
//
// Reading keeps only what the events need per row (time, state, priority,
// where it was read) and per case (its id, opening time and the received
// event's fields, taken from the case's first row by time); the
// source rows themselves are kept only for a reject file.
#include "import/profile_mapping.h"

#include <slaclock/base/error.h>
#include <slaclock/clock/event.h>
#include <slaclock/time/timestamp.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <iterator>
#include <map>
#include <optional>
#include <unordered_map>
#include <unordered_set>

namespace slaclock::detail {

namespace {

using Json = nlohmann::ordered_json;

// The received event's fields a profile may fill, in the order written.
constexpr std::array<const char*, 5> attribute_names = {"customer", "customer_class", "category", "channel",
                                                        "calendar"};

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> out;
  if (path.empty()) return out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t dot = path.find('.', start);
    out.push_back(path.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return out;
}

const Json* at_path(const Json& j, const std::vector<std::string>& parts) {
  const Json* cur = &j;
  for (const auto& p : parts) {
    if (!cur->is_object()) return nullptr;
    const auto it = cur->find(p);
    if (it == cur->end()) return nullptr;
    cur = &*it;
  }
  return cur;
}

std::string csv_cell(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

struct Observation {
  Instant time;
  std::uint32_t order = 0;  // read order: rows at the same time keep it
  std::uint32_t file = 0, line = 0;
  std::int32_t state = -1;     // index into Impl::states
  std::int32_t priority = -1;  // index into Impl::priority_keys
};

struct Case {
  std::string id;
  std::vector<Observation> rows;
  std::uint32_t file = 0, line = 0;  // where it was first read (the received event's line)
  std::optional<Instant> opened;
  std::optional<Instant> opened_from;  // the time of the row it came from
  std::array<std::string, attribute_names.size()> attr;
  std::optional<Instant> attr_at;  // the time of the row they came from
  // A JSON source that lists changes with their old value: the state and
  // priority before the earliest change (or the record's current ones).
  std::int32_t initial_state = -1, initial_priority = -1;
  std::optional<Instant> initial_state_at, initial_priority_at;
  std::optional<Instant> first_state_at;  // the earliest change of state listed
  bool bad = false;
  std::vector<std::uint32_t> sources;  // indices into Impl::sources (keep_rows only)
};

// A source row kept for the reject file: a CSV row's cells, or a JSON record.
struct SourceRow {
  std::uint32_t file = 0, line = 0;
  std::vector<std::pair<std::string, std::string>> cells;  // CSV
  const Json* record = nullptr;                            // JSON
  std::int64_t case_index = -1;
  bool rejected = false;
};

}  // namespace

struct ProfileMapping::Impl {
  const ImportProfile profile;  // a copy: the mapping outlives the caller's profile (reject_text after import)
  SourceTimeRule times;
  bool keep_rows;

  std::vector<std::string> file_names;
  std::size_t row_count = 0;
  std::vector<SourceProblem> problem_list;
  std::uint32_t order = 0;

  // States and priorities as indices: a row holds two small numbers.
  std::vector<std::pair<std::string, StateMeaning>> states;
  std::unordered_map<std::string, std::int32_t> state_index;
  std::vector<std::string> priority_keys;  // the export's value, index -> P key
  std::unordered_map<std::string, std::int32_t> priority_index;
  std::unordered_set<std::string> nulls;

  std::vector<Case> cases;
  std::unordered_map<std::string, std::uint32_t> case_of;

  // Reject file.
  std::vector<SourceRow> sources;
  std::vector<std::string> header;  // the union of the CSV headers, in order
  std::vector<std::unique_ptr<Json>> documents;
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::string> messages;  // (file, line) -> why

  // Paths, split once.
  std::vector<std::string> p_records, p_case, p_time, p_opened, p_state, p_priority, p_current_state,
      p_current_priority, p_list, p_change_time, p_items, p_field, p_from, p_to;
  std::array<std::vector<std::string>, attribute_names.size()> p_attr;

  // Deriving.
  std::size_t next_case = 0;
  std::vector<MappedEvent> pending;
  std::size_t pending_size = 0, pending_next = 0;

  Impl(const ImportProfile& p, SourceTimeRule t, bool keep) : profile(p), times(std::move(t)), keep_rows(keep) {
    for (const auto& [name, meaning] : p.states) {
      state_index.emplace(name, static_cast<std::int32_t>(states.size()));
      states.emplace_back(name, meaning);
    }
    for (const auto& [from, key] : p.priorities) {
      priority_index.emplace(from, static_cast<std::int32_t>(priority_keys.size()));
      priority_keys.push_back(key);
    }
    nulls.insert(p.nulls.begin(), p.nulls.end());
    p_records = split_path(p.records);
    p_case = split_path(p.case_id);
    p_time = split_path(p.time);
    p_opened = split_path(p.opened_at);
    p_state = split_path(p.state);
    p_priority = split_path(p.priority);
    p_current_state = split_path(p.current_state);
    p_current_priority = split_path(p.current_priority);
    p_list = split_path(p.changes.list);
    p_change_time = split_path(p.changes.time);
    p_items = split_path(p.changes.items);
    p_field = split_path(p.changes.field);
    p_from = split_path(p.changes.from);
    p_to = split_path(p.changes.to);
    for (std::size_t i = 0; i < attribute_names.size(); ++i)
      if (const auto it = p.received.find(attribute_names[i]); it != p.received.end())
        p_attr[i] = split_path(it->second.source);
  }

  bool is_null(const std::string& v) const { return v.empty() || nulls.count(v) > 0; }

  void problem(std::uint32_t file, std::uint32_t line, const std::string& column, const std::string& why) {
    problem_list.push_back({file, line, column, why});
    messages[{file, line}] = format_error_message({"", 0, column}, why);
  }

  // A state name as the export writes it -> its index; -1 with `why` set.
  std::int32_t state_of(const std::string& name, std::string& why) const {
    if (const auto it = state_index.find(name); it != state_index.end()) return it->second;
    std::string known;
    for (const auto& s : states) known += (known.empty() ? "" : ", ") + s.first;
    why = "state '" + name + "' is not in the profile's states (" + known + ")";
    return -1;
  }
  std::int32_t priority_of(const std::string& value, std::string& why) const {
    if (const auto it = priority_index.find(value); it != priority_index.end()) return it->second;
    std::string known;
    for (const auto& [from, key] : profile.priorities) known += (known.empty() ? "" : ", ") + from;
    why = "priority '" + value + "' is not in the profile's priorities (" + known + ")";
    return -1;
  }
  std::string read_time(const std::string& text, Instant& out) const { return parse_source_time(text, times, out); }

  Case& case_named(const std::string& id, std::uint32_t file, std::uint32_t line) {
    const auto [it, fresh] = case_of.try_emplace(id, static_cast<std::uint32_t>(cases.size()));
    if (fresh) {
      Case c;
      c.id = id;
      c.file = file;
      c.line = line;
      cases.push_back(std::move(c));
    }
    return cases[it->second];
  }

  // The received event's fields: those of the case's first row (by time).
  template <typename Get>
  void take_attributes(Case& c, Instant row_time, Get get) {
    if (c.attr_at && *c.attr_at <= row_time) return;
    c.attr_at = row_time;
    for (std::size_t i = 0; i < attribute_names.size(); ++i) {
      const std::string* v = get(i);
      c.attr[i] = v && !is_null(*v) ? *v : std::string();
    }
  }

  // ---- CSV ----

  void read_csv(std::uint32_t file, std::istream& in, ReaderLimits limits) {
    std::unique_ptr<RecordReader> reader;
    try {
      reader = make_csv_reader(in, limits);
    } catch (const InputError& e) {
      throw InputError({file_names[file], e.where().line, e.where().field}, e.why());
    }
    const std::vector<std::string>& names = reader->column_names();
    for (const auto& n : names)
      if (std::find(header.begin(), header.end(), n) == header.end()) header.push_back(n);
    // Every column the profile names must be in the header.
    std::vector<std::string> wanted = {profile.case_id, profile.time, profile.opened_at, profile.state,
                                       profile.priority};
    for (const auto& [field, v] : profile.received) wanted.push_back(v.source);
    for (const auto& w : wanted)
      if (!w.empty() && std::find(names.begin(), names.end(), w) == names.end())
        throw InputError({file_names[file], 1, w},
                         "the profile '" + profile.name + "' reads column '" + w + "', which this file's header lacks");

    RawRecord rec;
    for (;;) {
      try {
        if (!reader->next(rec)) break;
      } catch (const InputError& e) {
        throw InputError({file_names[file], e.where().line, e.where().field}, e.why());
      }
      ++row_count;
      csv_row(file, rec);
    }
  }

  static const std::string* cell(const RawRecord& rec, const std::string& column) {
    if (column.empty()) return nullptr;
    for (const auto& [k, v] : rec.values)
      if (k == column) return &v;
    return nullptr;
  }

  void csv_row(std::uint32_t file, const RawRecord& rec) {
    const auto line = static_cast<std::uint32_t>(rec.line);
    std::int64_t source = -1;
    if (keep_rows) {
      SourceRow s;
      s.file = file;
      s.line = line;
      for (const auto& kv : rec.values) s.cells.emplace_back(kv.first, kv.second);
      source = static_cast<std::int64_t>(sources.size());
      sources.push_back(std::move(s));
    }
    const auto bad_row = [&](const std::string& column, const std::string& why) {
      problem(file, line, column, why);
      if (source >= 0 && sources[static_cast<std::size_t>(source)].case_index < 0)
        sources[static_cast<std::size_t>(source)].rejected = true;
    };
    if (!rec.error.empty()) return bad_row("", rec.error);
    const std::string* id = cell(rec, profile.case_id);
    if (!id || is_null(*id)) return bad_row(profile.case_id, "no case id");
    Case& c = case_named(*id, file, line);
    const auto ci = static_cast<std::int64_t>(&c - cases.data());
    if (source >= 0) {
      sources[static_cast<std::size_t>(source)].case_index = ci;
      c.sources.push_back(static_cast<std::uint32_t>(source));
    }
    const auto bad = [&](const std::string& column, const std::string& why) {
      c.bad = true;
      problem(file, line, column, why);
    };

    Observation o;
    o.order = order++;
    o.file = file;
    o.line = line;
    const std::string* t = cell(rec, profile.time);
    if (!t || is_null(*t)) return bad(profile.time, "no time");
    if (std::string why = read_time(*t, o.time); !why.empty()) return bad(profile.time, why);
    if (!profile.opened_at.empty())
      if (const std::string* op = cell(rec, profile.opened_at); op && !is_null(*op)) {
        Instant opened;
        if (std::string why = read_time(*op, opened); !why.empty()) return bad(profile.opened_at, why);
        if (!c.opened_from || o.time < *c.opened_from) {
          c.opened = opened;
          c.opened_from = o.time;
        }
      }
    const std::string* st = cell(rec, profile.state);
    if (!st || is_null(*st)) return bad(profile.state, "no state");
    std::string why;
    o.state = state_of(*st, why);
    if (o.state < 0) return bad(profile.state, why);
    if (const std::string* pr = cell(rec, profile.priority); pr && !is_null(*pr)) {
      o.priority = priority_of(*pr, why);
      if (o.priority < 0) return bad(profile.priority, why);
    }
    take_attributes(c, o.time, [&](std::size_t i) { return cell(rec, p_attr_column(i)); });
    c.rows.push_back(o);
  }

  const std::string& p_attr_column(std::size_t i) const {
    static const std::string none;
    const auto it = profile.received.find(attribute_names[i]);
    return it == profile.received.end() ? none : it->second.source;
  }

  // ---- JSON ----

  // The physical line of every object, in document order: the k-th '{'
  // outside strings opens the k-th object met walking the document in order.
  static std::vector<std::uint32_t> object_lines(const std::string& text) {
    std::vector<std::uint32_t> out;
    std::uint32_t line = 1;
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
      const char c = text[i];
      if (c == '\n') ++line;
      if (in_string) {
        if (c == '\\')
          ++i;
        else if (c == '"')
          in_string = false;
      } else if (c == '"') {
        in_string = true;
      } else if (c == '{') {
        out.push_back(line);
      }
    }
    return out;
  }
  static void number_objects(const Json& j, std::size_t& k, const std::vector<std::uint32_t>& lines,
                             std::unordered_map<const Json*, std::uint32_t>& out) {
    if (j.is_object()) {
      out[&j] = k < lines.size() ? lines[k] : 0;
      ++k;
      for (const auto& kv : j.items()) number_objects(kv.value(), k, lines, out);
    } else if (j.is_array()) {
      for (const auto& v : j) number_objects(v, k, lines, out);
    }
  }

  // A JSON value as text: strings as they are, numbers and booleans by their
  // literal; null, missing, and the profile's null markers are none.
  std::optional<std::string> json_text(const Json& at, const std::vector<std::string>& path, std::string& why) const {
    if (path.empty()) return std::nullopt;
    const Json* v = at_path(at, path);
    if (!v || v->is_null()) return std::nullopt;
    std::string s;
    if (v->is_string())
      s = v->get<std::string>();
    else if (v->is_boolean())
      s = v->get<bool>() ? "true" : "false";
    else if (v->is_number())
      s = v->dump();
    else {
      why = std::string("is ") + (v->is_object() ? "an object" : "a list") + ", not a value";
      return std::nullopt;
    }
    if (is_null(s)) return std::nullopt;
    return s;
  }

  void read_json(std::uint32_t file, std::istream& in) {
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (in.bad()) throw InputError({file_names[file], 0, ""}, "read error");
    auto doc = std::make_unique<Json>();
    try {
      *doc = Json::parse(text);
    } catch (const Json::parse_error& e) {
      const auto upto = std::min<std::size_t>(e.byte, text.size());
      const auto line =
          1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<long>(upto), '\n'));
      throw InputError({file_names[file], line, ""}, std::string("not a JSON document: ") + e.what());
    }
    std::unordered_map<const Json*, std::uint32_t> lines;
    {
      std::size_t k = 0;
      number_objects(*doc, k, object_lines(text), lines);
    }
    const auto line_of = [&](const Json& j) -> std::uint32_t {
      const auto it = lines.find(&j);
      return it == lines.end() ? 0 : it->second;
    };
    const Json* records = p_records.empty() ? doc.get() : at_path(*doc, p_records);
    if (!records || !records->is_array())
      throw InputError({file_names[file], 1, profile.records.empty() ? "(document)" : profile.records},
                       profile.records.empty()
                           ? "the document is not a list of records"
                           : "the profile '" + profile.name + "' reads records from '" + profile.records +
                                 "', which is " + (records ? "not a list" : "missing") + " in this file");
    for (const Json& record : *records) json_record(file, record, line_of);
    documents.push_back(std::move(doc));
  }

  template <typename LineOf>
  void json_record(std::uint32_t file, const Json& record, const LineOf& line_of) {
    ++row_count;
    const std::uint32_t line = line_of(record);
    std::int64_t source = -1;
    if (keep_rows) {
      SourceRow s;
      s.file = file;
      s.line = line;
      s.record = &record;
      source = static_cast<std::int64_t>(sources.size());
      sources.push_back(std::move(s));
    }
    const auto bad_row = [&](const std::string& column, const std::string& why) {
      problem(file, line, column, why);
      if (source >= 0) sources[static_cast<std::size_t>(source)].rejected = true;
    };
    if (!record.is_object()) return bad_row("", "a record must be an object");
    std::string why;
    const std::optional<std::string> id = json_text(record, p_case, why);
    if (!id) return bad_row(profile.case_id, why.empty() ? "no case id" : why);
    Case& c = case_named(*id, file, line);
    if (source >= 0) {
      sources[static_cast<std::size_t>(source)].case_index = &c - cases.data();
      c.sources.push_back(static_cast<std::uint32_t>(source));
    }
    const auto bad = [&](std::uint32_t at_line, const std::string& column, const std::string& reason) {
      c.bad = true;
      problem(file, at_line, column, reason);
    };

    // The record's own time (one change per record) and opening time.
    std::optional<Instant> record_time;
    if (!p_time.empty()) {
      const std::optional<std::string> t = json_text(record, p_time, why);
      if (!t) return bad(line, profile.time, why.empty() ? "no time" : why);
      Instant v;
      if (std::string w = read_time(*t, v); !w.empty()) return bad(line, profile.time, w);
      record_time = v;
    }
    if (!p_opened.empty()) {
      const std::optional<std::string> t = json_text(record, p_opened, why);
      if (!why.empty()) return bad(line, profile.opened_at, why);
      if (t) {
        Instant v;
        if (std::string w = read_time(*t, v); !w.empty()) return bad(line, profile.opened_at, w);
        if (!c.opened || v < *c.opened) c.opened = v;
      }
    }
    const Instant attr_time = record_time ? *record_time : c.opened.value_or(Instant{});
    std::array<std::optional<std::string>, attribute_names.size()> attrs;
    for (std::size_t i = 0; i < attribute_names.size(); ++i) {
      attrs[i] = json_text(record, p_attr[i], why);
      if (!why.empty()) return bad(line, p_attr_column(i), why);
    }
    take_attributes(c, attr_time, [&](std::size_t i) { return attrs[i] ? &*attrs[i] : nullptr; });

    if (!profile.has_changes) {  // a snapshot record, like a CSV row
      Observation o;
      o.order = order++;
      o.file = file;
      o.line = line;
      o.time = *record_time;
      const std::optional<std::string> st = json_text(record, p_state, why);
      if (!st) return bad(line, profile.state, why.empty() ? "no state" : why);
      o.state = state_of(*st, why);
      if (o.state < 0) return bad(line, profile.state, why);
      if (const std::optional<std::string> pr = json_text(record, p_priority, why); pr) {
        o.priority = priority_of(*pr, why);
        if (o.priority < 0) return bad(line, profile.priority, why);
      }
      c.rows.push_back(o);
      return;
    }

    // The record's changes: a list of them, or the record is one.
    std::vector<const Json*> changes;
    if (p_list.empty()) {
      changes.push_back(&record);
    } else if (const Json* list = at_path(record, p_list); list && !list->is_null()) {
      if (!list->is_array()) return bad(line, profile.changes.list, "is not a list");
      for (const Json& ch : *list) changes.push_back(&ch);
    }
    const std::string items_path = (p_list.empty() ? "" : profile.changes.list + "[].") + profile.changes.items;
    bool any_state = false, any_priority = false;
    for (const Json* ch : changes) {
      if (!p_list.empty()) ++row_count;
      const std::uint32_t ch_line = line_of(*ch);
      if (!ch->is_object()) return bad(line, profile.changes.list, "a change must be an object");
      Observation o;
      o.order = order++;
      o.file = file;
      o.line = ch_line;
      if (p_list.empty()) {
        o.time = *record_time;
      } else {
        const std::optional<std::string> t = json_text(*ch, p_change_time, why);
        if (!t) return bad(ch_line, profile.changes.time, why.empty() ? "no time" : why);
        if (std::string w = read_time(*t, o.time); !w.empty()) return bad(ch_line, profile.changes.time, w);
      }
      const Json* items = at_path(*ch, p_items);
      if (!items || items->is_null()) continue;
      if (!items->is_array()) return bad(ch_line, items_path, "is not a list");
      for (const Json& item : *items) {
        const std::optional<std::string> field = json_text(item, p_field, why);
        if (!field) continue;
        const bool is_state = *field == profile.changes.state_field;
        const bool is_priority = !profile.priorities.empty() && *field == profile.changes.priority_field;
        if (!is_state && !is_priority) continue;
        const std::string to_path = items_path + "[]." + profile.changes.to;
        const std::string from_path = items_path + "[]." + profile.changes.from;
        const std::optional<std::string> to = json_text(item, p_to, why);
        if (!why.empty()) return bad(ch_line, to_path, why);
        const std::optional<std::string> from = json_text(item, p_from, why);
        if (!why.empty()) return bad(ch_line, from_path, why);
        if (is_state) {
          if (!to) return bad(ch_line, to_path, "a status change with no new status");
          o.state = state_of(*to, why);
          if (o.state < 0) return bad(ch_line, to_path, why);
          any_state = true;
          if (!c.first_state_at || o.time < *c.first_state_at) c.first_state_at = o.time;
          if (from && (!c.initial_state_at || o.time < *c.initial_state_at)) {
            c.initial_state = state_of(*from, why);
            if (c.initial_state < 0) return bad(ch_line, from_path, why);
            c.initial_state_at = o.time;
          }
        } else {
          if (to) {
            o.priority = priority_of(*to, why);
            if (o.priority < 0) return bad(ch_line, to_path, why);
          }
          any_priority = true;
          if (from && (!c.initial_priority_at || o.time < *c.initial_priority_at)) {
            c.initial_priority = priority_of(*from, why);
            if (c.initial_priority < 0) return bad(ch_line, from_path, why);
            c.initial_priority_at = o.time;
          }
        }
      }
      if (o.state >= 0 || o.priority >= 0) c.rows.push_back(o);
    }
    // No change of a field listed: the record's current value was the first.
    if (!any_state && !p_current_state.empty() && c.initial_state < 0) {
      if (const std::optional<std::string> cur = json_text(record, p_current_state, why); cur) {
        c.initial_state = state_of(*cur, why);
        if (c.initial_state < 0) return bad(line, profile.current_state, why);
      }
    }
    if (!any_priority && !p_current_priority.empty() && c.initial_priority < 0) {
      if (const std::optional<std::string> cur = json_text(record, p_current_priority, why); cur) {
        c.initial_priority = priority_of(*cur, why);
        if (c.initial_priority < 0) return bad(line, profile.current_priority, why);
      }
    }
    if (!c.opened && c.rows.empty() && record_time) c.opened = record_time;
  }

  // ---- Deriving a case's events ----

  MappedEvent& emit(const Case& c, std::size_t ci, std::uint32_t file, std::uint32_t line, Instant at,
                    const std::string& what, EventType type) {
    if (pending_size == pending.size()) pending.emplace_back();
    MappedEvent& ev = pending[pending_size++];
    ev.file = file;
    ev.case_index = ci;
    ev.record.line = line;
    ev.record.error.clear();
    ev.record.text.clear();
    FieldList& f = ev.record.values;
    f.clear();
    const std::string when = format_utc(at);
    auto put = [&f](const char* k, const std::string& v) {
      auto& kv = f.add();
      kv.first = k;
      kv.second = v;
    };
    put("event_id", profile.event_id_prefix + c.id + "/" + when + "/" + what + "/" + event_type_name(type));
    put("kind", "contact");
    put("entity_id", profile.entity_prefix + c.id);
    put("type", event_type_name(type));
    put("at", when);
    return ev;
  }
  static void add_field(MappedEvent& ev, const char* k, const std::string& v) {
    auto& kv = ev.record.values.add();
    kv.first = k;
    kv.second = v;
  }

  void derive(std::size_t ci) {
    Case& c = cases[ci];
    std::stable_sort(c.rows.begin(), c.rows.end(), [](const Observation& a, const Observation& b) {
      return a.time < b.time || (a.time == b.time && a.order < b.order);
    });
    const Instant opened = c.opened ? *c.opened : (c.rows.empty() ? Instant{} : c.rows.front().time);
    std::int32_t priority = c.initial_priority;
    if (priority < 0 && !c.rows.empty() && c.rows.front().priority >= 0) priority = c.rows.front().priority;

    MappedEvent& received = emit(c, ci, c.file, c.line, opened, "received", EventType::received);
    for (std::size_t i = 0; i < attribute_names.size(); ++i) {
      const auto it = profile.received.find(attribute_names[i]);
      if (it == profile.received.end()) continue;
      const ProfileValue& v = it->second;
      const std::string& value = !v.fixed.empty() ? v.fixed : !c.attr[i].empty() ? c.attr[i] : v.fallback;
      if (!value.empty()) add_field(received, attribute_names[i], value);
    }
    if (priority >= 0) add_field(received, "priority", priority_keys[static_cast<std::size_t>(priority)]);

    // The state before the first listed change is a change at the opening
    // (from New), unless a change listed earlier than the one it came from
    // says otherwise.
    const bool initial =
        c.initial_state >= 0 && (!c.initial_state_at || !c.first_state_at || *c.initial_state_at <= *c.first_state_at);
    if (initial) {
      Observation o;
      o.time = opened;
      o.file = c.file;
      o.line = c.line;
      o.state = c.initial_state;
      c.rows.insert(c.rows.begin(), o);
    }
    StateMeaning cur = StateMeaning::new_case;
    std::string cur_name;
    bool acknowledged = false;
    for (std::size_t r = 0; r < c.rows.size(); ++r) {
      const Observation& o = c.rows[r];
      if (o.priority >= 0 && o.priority != priority) {
        priority = o.priority;
        const std::string& key = priority_keys[static_cast<std::size_t>(priority)];
        add_field(emit(c, ci, o.file, o.line, o.time, "priority " + key, EventType::categorised), "priority", key);
      }
      if (o.state < 0) continue;
      // Plain references, not a structured binding: a lambda may not capture
      // a binding before C++20 in clang 14 (the fuzz build's compiler).
      const std::string& name = states[static_cast<std::size_t>(o.state)].first;
      const StateMeaning meaning = states[static_cast<std::size_t>(o.state)].second;
      if (meaning == StateMeaning::ignored || (name == cur_name && meaning == cur)) continue;
      const auto event = [&](EventType type) -> MappedEvent& {
        return emit(c, ci, o.file, o.line, o.time, name, type);
      };
      if (!acknowledged && meaning != StateMeaning::new_case) {
        event(EventType::acknowledged);
        acknowledged = true;
      }
      const bool was_done =
          cur == StateMeaning::resolved || cur == StateMeaning::closed || cur == StateMeaning::cancelled;
      const bool was_closed = cur == StateMeaning::closed || cur == StateMeaning::cancelled;
      switch (meaning) {
        case StateMeaning::new_case:
        case StateMeaning::active:
          if (was_done)
            event(EventType::reopened);
          else if (cur == StateMeaning::waiting)
            add_field(event(EventType::off_hold), "reason", name);
          break;
        case StateMeaning::waiting:
          if (was_done) {
            event(EventType::reopened);
          } else if (cur == StateMeaning::waiting) {
            // Still on hold, for a new reason: the hold ends and a new one
            // begins at the same instant (docs/import.md).
            add_field(event(EventType::off_hold), "reason", name);
          }
          add_field(event(EventType::on_hold), "reason", name);
          break;
        case StateMeaning::resolved:
          if (!was_done) event(EventType::resolved);
          break;
        case StateMeaning::closed:
        case StateMeaning::cancelled:
          if (!was_closed) event(EventType::closed);
          break;
        case StateMeaning::ignored:
          break;
      }
      cur = meaning;
      cur_name = name;
    }
  }
};

ProfileMapping::ProfileMapping(const ImportProfile& profile, SourceTimeRule times, bool keep_rows)
    : impl_(std::make_unique<Impl>(profile, std::move(times), keep_rows)) {}
ProfileMapping::~ProfileMapping() = default;

void ProfileMapping::read(const std::string& file, std::istream& in, ReaderLimits limits) {
  const auto index = static_cast<std::uint32_t>(impl_->file_names.size());
  impl_->file_names.push_back(file);
  if (impl_->profile.format == ProfileFormat::csv)
    impl_->read_csv(index, in, limits);
  else
    impl_->read_json(index, in);
}

const std::vector<std::string>& ProfileMapping::files() const noexcept {
  return impl_->file_names;
}
std::size_t ProfileMapping::rows() const noexcept {
  return impl_->row_count;
}
const std::vector<SourceProblem>& ProfileMapping::problems() const noexcept {
  return impl_->problem_list;
}

bool ProfileMapping::next(MappedEvent& out) {
  Impl& m = *impl_;
  // A case whose event was refused gives no more: its rows go to the reject
  // file whole, and its later events would only be refused as unknown.
  if (m.pending_next < m.pending_size && m.cases[m.pending[m.pending_next].case_index].bad)
    m.pending_next = m.pending_size;
  while (m.pending_next == m.pending_size) {
    m.pending_next = m.pending_size = 0;
    while (m.next_case < m.cases.size() && m.cases[m.next_case].bad) ++m.next_case;
    if (m.next_case == m.cases.size()) return false;
    m.derive(m.next_case++);
  }
  std::swap(out, m.pending[m.pending_next++]);
  return true;
}

std::string ProfileMapping::source_of(const std::string& native_field) const {
  const ImportProfile& p = impl_->profile;
  if (const auto it = p.received.find(native_field); it != p.received.end())
    return it->second.source.empty() ? "received." + native_field + " (profile)" : it->second.source;
  if (native_field == "event_id" || native_field == "entity_id") return p.case_id;
  if (native_field == "at") return p.has_changes && !p.changes.time.empty() ? p.changes.time : p.time;
  if (native_field == "priority") return p.has_changes ? p.changes.to : p.priority;
  if (native_field == "reason" || native_field == "type") return p.has_changes ? p.changes.to : p.state;
  return native_field;
}

void ProfileMapping::reject_case(std::size_t case_index, std::size_t file, std::size_t line,
                                 const std::string& message) {
  Impl& m = *impl_;
  if (case_index < m.cases.size()) m.cases[case_index].bad = true;
  auto& msg = m.messages[{static_cast<std::uint32_t>(file), static_cast<std::uint32_t>(line)}];
  msg += (msg.empty() ? "" : "; ") + message;
}

std::string ProfileMapping::reject_text() const {
  const Impl& m = *impl_;
  const auto rejected = [&m](const SourceRow& s) {
    return s.rejected || (s.case_index >= 0 && m.cases[static_cast<std::size_t>(s.case_index)].bad);
  };
  const auto message_of = [&m](const SourceRow& s) -> std::string {
    if (const auto it = m.messages.find({s.file, s.line}); it != m.messages.end()) return it->second;
    if (s.case_index >= 0)
      return "held back with the rest of case '" + m.cases[static_cast<std::size_t>(s.case_index)].id + "'";
    return {};
  };
  std::string out;
  if (m.profile.format == ProfileFormat::csv) {
    std::vector<std::string> columns = m.header;
    for (const char* extra : {"_file", "_line", "_error"})
      if (std::find(columns.begin(), columns.end(), extra) == columns.end()) columns.emplace_back(extra);
    for (std::size_t i = 0; i < columns.size(); ++i) out += (i ? "," : "") + csv_cell(columns[i]);
    out += '\n';
    for (const SourceRow& s : m.sources) {
      if (!rejected(s)) continue;
      for (std::size_t i = 0; i < columns.size(); ++i) {
        std::string v;
        if (columns[i] == "_file")
          v = m.file_names[s.file];
        else if (columns[i] == "_line")
          v = std::to_string(s.line);
        else if (columns[i] == "_error")
          v = message_of(s);
        else
          for (const auto& [k, val] : s.cells)
            if (k == columns[i]) v = val;
        out += (i ? "," : "") + csv_cell(v);
      }
      out += '\n';
    }
    return out;
  }
  Json records = Json::array();
  Json errors = Json::array();
  for (const SourceRow& s : m.sources)
    if (rejected(s) && s.record) records.push_back(*s.record);
  for (const auto& [where, why] : m.messages)
    errors.push_back(m.file_names[where.first] + ":" + std::to_string(where.second) + ": " + why);
  Json doc = records;
  if (!m.p_records.empty()) {
    for (auto it = m.p_records.rbegin(); it != m.p_records.rend(); ++it) {
      Json wrap = Json::object();
      wrap[*it] = std::move(doc);
      doc = std::move(wrap);
    }
    doc["_errors"] = std::move(errors);
  }
  return doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace slaclock::detail
