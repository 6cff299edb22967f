#include <slaclock/clock/event.h>

#include <utility>

namespace slaclock {

const char* entity_kind_name(EntityKind k) noexcept {
  switch (k) {
    case EntityKind::contact:
      return "contact";
    case EntityKind::breach:
      return "breach";
    case EntityKind::kpi:
      return "kpi";
    case EntityKind::survey:
      return "survey";
    case EntityKind::report:
      return "report";
    case EntityKind::issue:
      return "issue";
  }
  return "contact";
}

std::optional<EntityKind> parse_entity_kind(std::string_view word) noexcept {
  for (auto k : all_entity_kinds)
    if (word == entity_kind_name(k)) return k;
  return std::nullopt;
}

namespace {

constexpr std::pair<EventType, const char*> event_type_names[] = {
    {EventType::received, "received"},
    {EventType::acknowledged, "acknowledged"},
    {EventType::categorised, "categorised"},
    {EventType::update_sent, "update_sent"},
    {EventType::explanation_provided, "explanation_provided"},
    {EventType::parties_notified, "parties_notified"},
    {EventType::resolved, "resolved"},
    {EventType::reopened, "reopened"},
    {EventType::closed, "closed"},
    {EventType::feedback, "feedback"},
    {EventType::identified, "identified"},
    {EventType::customers_notified, "customers_notified"},
    {EventType::result, "result"},
    {EventType::response, "response"},
    {EventType::delivered, "delivered"},
    {EventType::on_hold, "on_hold"},
    {EventType::off_hold, "off_hold"},
    {EventType::parties_affected, "parties_affected"},
    {EventType::raised, "raised"},
    {EventType::plan_provided, "plan_provided"},
    {EventType::prioritised, "prioritised"},
};

}  // namespace

const char* event_type_name(EventType t) noexcept {
  for (const auto& [type, name] : event_type_names)
    if (type == t) return name;
  return "";
}

std::optional<EventType> parse_event_type(std::string_view word) noexcept {
  for (const auto& [type, name] : event_type_names)
    if (word == name) return type;
  return std::nullopt;
}

}  // namespace slaclock

namespace slaclock {

bool event_happens_to(EntityKind kind, EventType type) noexcept {
  using T = EventType;
  switch (kind) {
    case EntityKind::contact:
      for (T t : {T::received, T::acknowledged, T::categorised, T::prioritised, T::update_sent, T::explanation_provided,
                  T::parties_affected, T::parties_notified, T::resolved, T::reopened, T::closed, T::feedback,
                  T::on_hold, T::off_hold})
        if (t == type) return true;
      return false;
    case EntityKind::breach:
      return type == T::identified || type == T::customers_notified || type == T::resolved;
    case EntityKind::kpi:
      return type == T::result || type == T::customers_notified;
    case EntityKind::survey:
      return type == T::response;
    case EntityKind::report:
      return type == T::delivered;
    case EntityKind::issue:
      return type == T::raised || type == T::customers_notified || type == T::plan_provided || type == T::resolved ||
             type == T::closed;
  }
  return false;
}

std::optional<std::string> attribute_at(const Timeline& t, std::string_view field, Instant at) {
  const Event* opening = t.opening(at);
  if (!opening) return std::nullopt;
  std::optional<std::string> value = opening->field(std::string(field));
  // The latest updating event by `at` wins; among events at the same instant,
  // the one recorded last (timelines are in recorded order).
  std::optional<Instant> when;
  for (const Event& e : t.events) {
    if (e.at > at || !updates_attributes(e.type) || (when && e.at < *when)) continue;
    if (auto v = e.field(std::string(field))) value = std::move(v), when = e.at;
  }
  return value;
}

}  // namespace slaclock
