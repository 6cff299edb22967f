#pragma once
// An import profile: how one ticket system's export (a CSV file, or a JSON
// document) maps to slaclock's events (docs/import.md). Plain data, read from
// YAML by read_import_profile; the transformation itself is the importer's
// (import/profile_mapping.cpp).
//
//   ImportProfile p = find_import_profile("servicenow-incident-audit");  // config/import/
//   ImportProfile q = find_import_profile("site/my-desk.yaml");         // a file of the site's own
#include <slaclock/time/time_zone.h>

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace slaclock {

enum class ProfileFormat { csv, json };

/// What entering a state of the ticket system means to slaclock's clocks.
enum class StateMeaning {
  new_case,   ///< not yet picked up (the first move out of it is the acknowledgement)
  active,     ///< being worked on
  waiting,    ///< awaiting someone else: the contact is on hold, the state's name the reason
  resolved,   ///< resolved
  closed,     ///< closed
  cancelled,  ///< withdrawn: closed (a close with no resolution counts as the resolution)
  ignored,    ///< changes nothing (the state before it stands)
};

/// Where one value comes from: a column (CSV) or a dotted path (JSON), or a
/// fixed value for every case; `fallback` when the source is empty or null.
struct ProfileValue {
  std::string source;
  std::string fixed;
  std::string fallback;
  bool given() const noexcept { return !source.empty() || !fixed.empty(); }
};

/// A JSON record that holds its history as a list of changes (Jira's
/// changelog.histories, Zendesk's audit events). Paths are relative to the
/// record (`list`), to one change (`time`, `items`) and to one item.
struct ProfileChanges {
  std::string list;   ///< the record's list of changes; empty: the record is itself one change
  std::string time;   ///< a change's time; empty: the record's `time`
  std::string items;  ///< a change's list of field changes
  std::string field;  ///< an item's field name
  std::string from;   ///< an item's old value
  std::string to;     ///< an item's new value
  std::string state_field = "status";
  std::string priority_field = "priority";
};

struct ImportProfile {
  std::string name;
  std::string file;  ///< where it was read from (for messages)
  std::string description;
  ProfileFormat format = ProfileFormat::csv;
  /// JSON: the dotted path of the array of records (cases, or audit entries);
  /// empty: the document itself is the array.
  std::string records;
  bool has_changes = false;
  ProfileChanges changes;

  std::string case_id;    ///< column/path of the case's id (required)
  std::string time;       ///< column/path of the row's time (CSV and JSON records without `changes.list`)
  std::string opened_at;  ///< column/path of the case's creation time; empty: its first row's time
  std::string state;      ///< column/path of the state after the row (a snapshot)
  std::string priority;   ///< column/path of the priority after the row (a snapshot)
  /// JSON records with changes: the record's current state and priority,
  /// used as the initial one when no change of that field is listed.
  std::string current_state;
  std::string current_priority;

  std::string entity_prefix;    ///< entity_id = prefix + case id
  std::string event_id_prefix;  ///< event_id = prefix + case id + "/" + UTC time + "/" + what + "/" + type
  /// Fields of the `received` event: customer, customer_class, category,
  /// channel, calendar (native field name -> where its value comes from).
  std::map<std::string, ProfileValue> received;

  /// "iso8601", or a pattern of d, dd, m, mm, yyyy, H, HH, MM, SS and literal characters.
  std::string time_format = "iso8601";
  std::string zone;  ///< IANA zone of times without an offset; empty: every time must carry one
  Disambiguation ambiguous = Disambiguation::reject;  ///< earliest/latest for the repeated autumn hour
  bool gap_shift_forward = false;                     ///< a time in the spring gap moves on by the gap
  std::vector<std::string> nulls;                     ///< cell texts that mean "no value" (besides empty)

  /// State names (as the export writes them, exact) and what entering each means.
  std::map<std::string, StateMeaning> states;
  /// Export priority values -> the rule version's priority keys (P1..P4).
  std::map<std::string, std::string> priorities;
};

/// Reads and checks a profile file. Throws ConfigError naming file, line, key and why.
ImportProfile read_import_profile(const std::filesystem::path& file);
/// A name without '/' or ".yaml" is a shipped profile in `dir` (default
/// config/import in the data folder); anything else is a file. Throws
/// ConfigError (an unknown name lists the shipped ones).
ImportProfile find_import_profile(const std::string& name_or_file, const std::filesystem::path& dir = {});
/// The shipped profiles' names, sorted.
std::vector<std::string> shipped_import_profiles(const std::filesystem::path& dir = {});
const char* state_meaning_name(StateMeaning m) noexcept;

}  // namespace slaclock
