#include "store/clock_rows.h"

#include <slaclock/base/error.h>
#include <slaclock/time/timestamp.h>

namespace slaclock::detail {

namespace {

void bind_optional(SQLite::Statement& st, int i, const std::optional<Instant>& t) {
  if (t)
    st.bind(i, static_cast<std::int64_t>(t->utc_seconds));
  else
    st.bind(i);
}

std::optional<Instant> optional_instant(SQLite::Statement& st, int i) {
  const auto c = st.getColumn(i);
  if (c.isNull()) return std::nullopt;
  return Instant{c.getInt64()};
}

}  // namespace

void bind_clock_columns(SQLite::Statement& st, int first, const ClockResult& r) {
  st.bindNoCopy(first, r.entity_id);
  st.bindNoCopy(first + 1, clock_name(r.clock));  // static table entries
  st.bindNoCopy(first + 2, entity_kind_name(r.kind));
  st.bindNoCopy(first + 3, clock_status_name(r.status));
  bind_optional(st, first + 4, r.started_at);
  bind_optional(st, first + 5, r.due_at);
  bind_optional(st, first + 6, r.at_risk_at);
  bind_optional(st, first + 7, r.stopped_at);
  st.bindNoCopy(first + 8, r.rule_version);
  st.bindNoCopy(first + 9, r.calendar);
  if (r.band)
    st.bindNoCopy(first + 10, gemini_band_name(*r.band));
  else
    st.bind(first + 10);
  st.bindNoCopy(first + 11, r.reason);
  if (r.customer.empty())
    st.bind(first + 12);
  else
    st.bindNoCopy(first + 12, r.customer);
}

ClockResult read_clock_columns(SQLite::Statement& st, int first) {
  ClockResult r;
  r.entity_id = st.getColumn(first).getString();
  const std::string clock = st.getColumn(first + 1).getString();
  const auto id = ClockId::try_named(clock);  // a site clock is interned when read back
  if (!id) throw StoreError({"", 0, "clock"}, "stored clock '" + clock + "' is not a clock name");
  r.clock = *id;
  r.kind = parse_entity_kind(st.getColumn(first + 2).getString()).value_or(EntityKind::contact);
  r.status = parse_clock_status(st.getColumn(first + 3).getString()).value_or(ClockStatus::not_applicable);
  r.started_at = optional_instant(st, first + 4);
  r.due_at = optional_instant(st, first + 5);
  r.at_risk_at = optional_instant(st, first + 6);
  r.stopped_at = optional_instant(st, first + 7);
  r.rule_version = st.getColumn(first + 8).getString();
  r.calendar = st.getColumn(first + 9).getString();
  if (!st.getColumn(first + 10).isNull()) r.band = parse_gemini_band(st.getColumn(first + 10).getString());
  r.reason = st.getColumn(first + 11).getString();
  if (!st.getColumn(first + 12).isNull()) r.customer = st.getColumn(first + 12).getString();
  return r;
}

void clock_row_text(const ClockResult& r, std::string& out) {
  const auto text = [&out](std::string_view v) { out.append(v); };
  const auto instant = [&out](const std::optional<Instant>& t) {
    if (t)
      out += std::to_string(t->utc_seconds);
    else
      out += '\x1e';
  };
  out.clear();
  text(r.entity_id), out += '\x1f';
  text(clock_name(r.clock)), out += '\x1f';
  text(entity_kind_name(r.kind)), out += '\x1f';
  text(clock_status_name(r.status)), out += '\x1f';
  instant(r.started_at), out += '\x1f';
  instant(r.due_at), out += '\x1f';
  instant(r.at_risk_at), out += '\x1f';
  instant(r.stopped_at), out += '\x1f';
  text(r.rule_version), out += '\x1f';
  text(r.calendar), out += '\x1f';
  if (r.band)
    text(gemini_band_name(*r.band));
  else
    out += '\x1e';
  out += '\x1f';
  text(r.reason), out += '\x1f';
  if (r.customer.empty())
    out += '\x1e';
  else
    text(r.customer);
  out += '\n';
}

void bind_clock_figures(SQLite::Statement& st, int first, const ClockResult& r) {
  st.bind(first, measure_name(r.measure));
  st.bind(first + 1, r.allowance_seconds);
  st.bind(first + 2, due_basis_kind_name(r.basis.kind));
  st.bind(first + 3, allowance_unit_name(r.basis.allowance.unit));
  st.bind(first + 4, r.basis.allowance.amount);
  if (r.basis.gas_day)
    st.bind(first + 5, format_date(*r.basis.gas_day));
  else
    st.bind(first + 5);
  st.bind(first + 6, r.basis.limit);
  bind_optional(st, first + 7, r.late_contact_at);
  st.bind(first + 8, r.held_seconds);
  bind_optional(st, first + 9, r.held_since);
  for (const auto& [i, v] : {std::pair{10, &r.target}, std::pair{11, &r.priority}})
    if (v->empty())
      st.bind(first + i);
    else
      st.bindNoCopy(first + i, *v);
}

bool read_clock_figures(SQLite::Statement& st, int first, ClockResult& r) {
  if (st.getColumn(first).isNull()) return false;
  const auto word = [&](int i, const char* column, auto parse) {
    const std::string text = st.getColumn(first + i).getString();
    const auto parsed = parse(text);
    if (!parsed)
      throw StoreError({"", 0, column},
                       "stored " + std::string(column) + " '" + text + "' is not one this version knows");
    return *parsed;
  };
  r.measure = word(0, "measure", parse_measure);
  r.allowance_seconds = st.getColumn(first + 1).getInt64();
  r.basis.kind = word(2, "basis", parse_due_basis_kind);
  r.basis.allowance.unit = word(3, "allowance_unit", parse_allowance_unit);
  r.basis.allowance.amount = st.getColumn(first + 4).getInt64();
  if (!st.getColumn(first + 5).isNull()) {
    try {
      r.basis.gas_day = parse_date(st.getColumn(first + 5).getString());
    } catch (const InputError& e) {
      throw StoreError({"", 0, "gas_day"}, "stored gas_day: " + e.why());
    }
  }
  r.basis.limit = st.getColumn(first + 6).getInt();
  r.late_contact_at = optional_instant(st, first + 7);
  // NULL before migration 5: never held.
  r.held_seconds = st.getColumn(first + 8).isNull() ? 0 : st.getColumn(first + 8).getInt64();
  r.held_since = optional_instant(st, first + 9);
  // NULL before migration 7: one target, no priority recorded.
  r.target = st.getColumn(first + 10).isNull() ? "" : st.getColumn(first + 10).getString();
  r.priority = st.getColumn(first + 11).isNull() ? "" : st.getColumn(first + 11).getString();
  return true;
}

}  // namespace slaclock::detail
