#pragma once
// A ticket system's export turned into native event records through an
// import profile (docs/import.md): rows (CSV) or records and their changes
// (a JSON document) are grouped by case and ordered by time, and each case's
// state changes become contact events (received, acknowledged, on_hold,
// off_hold, resolved, reopened, closed, categorised with a priority). The
// records then go through the importer's own validation unchanged.
//
//   ProfileMapping m(profile, times, /*keep_rows=*/quarantine);
//   m.read("export.csv", in, limits);           // every file of the import
//   for (const SourceProblem& p : m.problems()) ...  // bad rows: their case gives no events
//   MappedEvent ev;
//   while (m.next(ev)) ... validate_event(ev.record, ...) ...
//   m.reject_case(ev.case_index, ev.file, ev.record.line, message);  // an event refused later
//   std::string rejects = m.reject_text();      // in the source's own format
#include "import/record_reader.h"
#include "import/source_time.h"

#include <slaclock/config/import_profile.h>

#include <cstddef>
#include <istream>
#include <memory>
#include <string>
#include <vector>

namespace slaclock::detail {

/// A row (or JSON record or change) the profile cannot read.
struct SourceProblem {
  std::size_t file = 0;  ///< index into files()
  std::size_t line = 0;  ///< physical line where the row (or the JSON object) starts
  std::string column;    ///< the column or JSON path
  std::string why;
};

/// One native event derived from the export.
struct MappedEvent {
  RawRecord record;  ///< native fields; line = the source row's physical line
  std::size_t file = 0;
  std::size_t case_index = 0;
};

class ProfileMapping {
 public:
  /// `keep_rows`: keep every source row so that reject_text() can write them.
  ProfileMapping(const ImportProfile& profile, SourceTimeRule times, bool keep_rows);
  ~ProfileMapping();
  ProfileMapping(const ProfileMapping&) = delete;
  ProfileMapping& operator=(const ProfileMapping&) = delete;

  /// Reads one export (all of it: a case's rows may be anywhere in it, or in
  /// another file of the import). Throws InputError with the file for what
  /// makes the whole file unreadable: a column the profile names that the
  /// header lacks, a document that is not JSON, records that are not a list.
  void read(const std::string& file, std::istream& in, ReaderLimits limits);

  const std::vector<std::string>& files() const noexcept;
  /// Source rows read: CSV rows, or JSON records and the changes they hold.
  std::size_t rows() const noexcept;
  /// The bad rows, in the order read: at most one problem per row.
  const std::vector<SourceProblem>& problems() const noexcept;

  /// The next event, case by case (a case's events in time order, `received`
  /// first); a case with a bad row gives none. False when all are given.
  bool next(MappedEvent& out);

  /// The column or path a native field's value came from, for messages.
  std::string source_of(const std::string& native_field) const;
  /// An event of this case was refused (`message` says where and why): the
  /// case's rows go to the reject file.
  void reject_case(std::size_t case_index, std::size_t file, std::size_t line, const std::string& message);
  /// Every row of each case with a bad row or a refused event, in the
  /// source's format: CSV with the header (plus _file, _line and _error), or
  /// a JSON document holding the rejected records at the profile's records
  /// path (plus "_errors"). Importable as it is with the same profile.
  std::string reject_text() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace slaclock::detail
