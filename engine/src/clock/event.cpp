#include <slaclock/clock/event.h>

namespace slaclock {

const char* entity_kind_name(EntityKind k) noexcept {
  switch (k) {
    case EntityKind::contact: return "contact";
    case EntityKind::breach: return "breach";
    case EntityKind::kpi: return "kpi";
    case EntityKind::survey: return "survey";
    case EntityKind::report: return "report";
  }
  return "contact";
}

std::optional<EntityKind> parse_entity_kind(std::string_view word) noexcept {
  for (auto k : {EntityKind::contact, EntityKind::breach, EntityKind::kpi, EntityKind::survey, EntityKind::report})
    if (word == entity_kind_name(k)) return k;
  return std::nullopt;
}

}  // namespace slaclock
