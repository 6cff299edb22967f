#pragma once
// An entity's attributes (priority, category, ...) for readers that walk
// many entities in id order, such as `slaclock results` beside the stored
// results: one ordered query over the events instead of a timeline read per
// entity.
//
//   AttributeTimelines attributes(store, sweep_as_of);   // as that sweep knew them
//   for each row in entity_id order:
//     std::optional<std::string> p = attribute_at(attributes.of(row.entity_id), "priority", instant);
#include <slaclock/clock/event.h>
#include <slaclock/store/event_store.h>

#include <memory>
#include <optional>
#include <string>

namespace slaclock {

/// Each entity's events that can record an attribute: its opening events
/// and the events that update attributes (updates_attributes), in timeline
/// order, read by one query in entity_id order. attribute_at gives the same
/// answer on this timeline as on the whole one: it reads nothing else.
/// Throws StoreError.
class AttributeTimelines {
 public:
  /// Only events recorded by `recorded_by` when given (as a sweep then knew them).
  AttributeTimelines(const EventStore& store, std::optional<Instant> recorded_by);
  AttributeTimelines(AttributeTimelines&&) noexcept;
  AttributeTimelines& operator=(AttributeTimelines&&) noexcept;
  ~AttributeTimelines();

  /// The entity's attribute events (none for an unknown id). Ask in
  /// increasing entity_id order (asking the same id again is free); an id
  /// before the last one asked is a logic error and answers nothing.
  const Timeline& of(const std::string& entity_id);

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace slaclock
