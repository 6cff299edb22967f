// AttributeTimelines: the events that record attributes, read in entity
// order beside another ordered read (a merge join), so a million entities
// cost one scan of the events_by_entity index, not a million lookups.
#include <slaclock/store/entity_attributes.h>

#include "store/event_rows.h"
#include "store/event_store_internal.h"

#include <SQLiteCpp/Statement.h>

#include <limits>

namespace slaclock {

struct AttributeTimelines::Impl {
  const EventStore& store;
  SQLite::Statement query;
  std::string path;
  bool has_row = false;  ///< `query` stands on a row not taken yet
  bool done = false;
  Timeline current;

  Impl(const EventStore& s, std::optional<Instant> recorded_by)
      : store(s),
        query(connection_of(s), std::string("SELECT ") + detail::event_columns +
                                    " FROM events WHERE recorded_at <= ?1 ORDER BY entity_id, at, seq"),
        path(s.path().string()) {
    query.bind(1, recorded_by ? recorded_by->utc_seconds : std::numeric_limits<std::int64_t>::max());
  }

  void step() {
    has_row = !done && query.executeStep();
    done = !has_row;
  }

  // Whether the row is one attribute_at reads; decided from the type column
  // before the fields are parsed, since most events are neither.
  bool records_attributes() {
    const auto type = parse_event_type(query.getColumn(4).getText());
    const auto kind = parse_entity_kind(query.getColumn(2).getText());
    if (!type || !kind) return true;  // event_from_row names the bad word
    return updates_attributes(*type) || *type == opening_event_type(*kind);
  }

  const Timeline& of(const std::string& id) {
    if (id == current.entity_id) return current;
    current.entity_id = id;
    current.events.clear();
    if (!has_row && !done) step();
    // Rows come in entity_id order (SQLite's binary collation, which
    // std::string's comparison matches byte for byte).
    while (has_row && query.getColumn(3).getString() < id) step();
    while (has_row && query.getColumn(3).getString() == id) {
      if (records_attributes()) {
        current.events.push_back(detail::event_from_row(query, path));
        current.kind = current.events.back().kind;
      }
      step();
    }
    return current;
  }
};

AttributeTimelines::AttributeTimelines(const EventStore& store, std::optional<Instant> recorded_by)
    : impl_(
          with_store_errors(store, "cannot read events", [&] { return std::make_unique<Impl>(store, recorded_by); })) {}
AttributeTimelines::AttributeTimelines(AttributeTimelines&&) noexcept = default;
AttributeTimelines& AttributeTimelines::operator=(AttributeTimelines&&) noexcept = default;
AttributeTimelines::~AttributeTimelines() = default;

const Timeline& AttributeTimelines::of(const std::string& entity_id) {
  return with_store_errors(impl_->store, "cannot read events",
                           [&]() -> const Timeline& { return impl_->of(entity_id); });
}

}  // namespace slaclock
