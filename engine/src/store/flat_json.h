#pragma once
// Flat JSON objects of string values: an event line's fields as read, and the
// canonical fields JSON stored in events.fields (written by
// event_canonical.h) as read back. Field lists keep their buffers from one
// event to the next.
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace slaclock::detail {

/// (name, text) pairs whose strings keep their buffers from one record to the
/// next, so that reading a million lines does not allocate a million times.
class FieldList {
 public:
  using Field = std::pair<std::string, std::string>;
  void clear() noexcept { size_ = 0; }
  /// A new, empty pair at the end.
  Field& add() {
    if (size_ == items_.size()) items_.emplace_back();
    Field& f = items_[size_++];
    f.first.clear();
    f.second.clear();
    return f;
  }
  void pop_back() noexcept { --size_; }
  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  Field* begin() noexcept { return items_.data(); }
  Field* end() noexcept { return items_.data() + size_; }
  const Field* begin() const noexcept { return items_.data(); }
  const Field* end() const noexcept { return items_.data() + size_; }
  Field& operator[](std::size_t i) noexcept { return items_[i]; }
  const Field& operator[](std::size_t i) const noexcept { return items_[i]; }

 private:
  std::vector<Field> items_;
  std::size_t size_ = 0;
};

/// Parses one flat JSON object (string, number, bool, null values; numbers
/// and booleans kept as their literal text, nulls and empty strings dropped)
/// into `out`; returns an error message, empty on success.
std::string parse_flat_json_object(std::string_view text, FieldList& out);

}  // namespace slaclock::detail
