// The CSV reader as ticket tools export: quoted fields holding line breaks
// and doubled quotes, the line a record starts on, unterminated quotes within
// bounded memory and linear time, empty files; and the import's progress
// callback, through the library.
#include "test_support.h"

#include "import/record_reader.h"

#include <slaclock/import/event_import.h>
#include <slaclock/store/event_store.h>
#include <slaclock/time/timestamp.h>

#include <doctest/doctest.h>

#include <chrono>
#include <sstream>

namespace slaclock {

namespace {

struct Read {
  std::vector<detail::RawRecord> records;
};

// Every record of a CSV text.
Read read_csv(const std::string& text, std::size_t max_line_bytes = std::size_t{1} << 20) {
  std::istringstream in(text);
  const auto reader = detail::make_csv_reader(in, {max_line_bytes});
  Read out;
  detail::RawRecord r;
  while (reader->next(r)) out.records.push_back(r);
  return out;
}

std::string value(const detail::RawRecord& r, const std::string& name) {
  for (const auto& [k, v] : r.values)
    if (k == name) return v;
  return "(absent)";
}

}  // namespace

TEST_SUITE("csv reader") {
  TEST_CASE("csv: quoted fields hold LF and CRLF line breaks and doubled quotes, and lines are counted physically") {
    const Read r = read_csv(
        "id,reason,n\r\n"
        "1,\"first line\r\nsecond \"\"quoted\"\" line\r\n\r\nafter a blank line\",x\r\n"
        "2,\"lf\nonly\",y\n"
        "\n"
        "3,plain,z\n");
    REQUIRE(r.records.size() == 3);
    CHECK(r.records[0].error.empty());
    CHECK(r.records[0].line == 2);
    CHECK(value(r.records[0], "reason") == "first line\r\nsecond \"quoted\" line\r\n\r\nafter a blank line");
    CHECK(value(r.records[0], "n") == "x");
    // The text as read: inner line breaks kept, the final one not.
    CHECK(r.records[0].text == "1,\"first line\r\nsecond \"\"quoted\"\" line\r\n\r\nafter a blank line\",x");
    CHECK(r.records[1].line == 6);
    CHECK(value(r.records[1], "reason") == "lf\nonly");
    CHECK(r.records[1].text == "2,\"lf\nonly\",y");
    CHECK(r.records[2].line == 9);  // the blank line 8 is skipped
    CHECK(value(r.records[2], "reason") == "plain");
  }

  TEST_CASE("csv: an empty file or a BOM alone reads no record, like JSON Lines") {
    CHECK(read_csv("").records.empty());
    CHECK(read_csv("\xEF\xBB\xBF").records.empty());
    CHECK(read_csv("\n\r\n").records.empty());
    CHECK(read_csv("event_id,kind\r\n").records.empty());
  }

  TEST_CASE("csv: a quote never closed is a bad record at its first line and the lines after it are read again") {
    const Read r = read_csv(
        "id,reason\n"
        "1,\"never closed\n"
        "2,fine\n"
        "3,also fine\n");
    // Line 2's quote reaches the end of the file: line 2 is bad, and lines
    // 3-4 are read again one record each.
    REQUIRE(r.records.size() == 3);
    CHECK(r.records[0].line == 2);
    CHECK(r.records[0].error.rfind("unterminated quoted field starting at line 2: no closing quote before the end",
                                   0) == 0);
    CHECK(r.records[0].text == "1,\"never closed");
    CHECK(r.records[1].line == 3);
    CHECK(r.records[1].error.empty());
    CHECK(value(r.records[1], "reason") == "fine");
    CHECK(r.records[2].line == 4);
    CHECK(value(r.records[2], "reason") == "also fine");
    // A second quote closes the first: one record over three lines, bad for its cells.
    const Read closed = read_csv("id,reason\n1,\"open\n2,x\n3,\"y\n");
    REQUIRE(closed.records.size() == 1);
    CHECK(closed.records[0].line == 2);
    CHECK(!closed.records[0].error.empty());
  }

  TEST_CASE("csv: a quoted record stops at the record limit and reading resumes after the bad line") {
    std::string csv = "id,reason\n1,\"open quote\n";
    for (int i = 0; i < 30; ++i) csv += std::to_string(i + 2) + ",line of text " + std::to_string(i) + "\n";
    csv += "99,\"a real\nmulti-line value\"\n";
    const Read r = read_csv(csv, 256);
    REQUIRE(!r.records.empty());
    CHECK(r.records[0].line == 2);
    CHECK(r.records[0].error.find("unterminated quoted field starting at line 2: no closing quote within 256 bytes") ==
          0);
    std::size_t good = 0;
    for (const auto& rec : r.records) good += rec.error.empty() ? 1 : 0;
    CHECK(good == 31);  // the 30 plain lines, and the multi-line record after the re-read lines
    CHECK(r.records.back().line == 33);
    CHECK(value(r.records.back(), "reason") == "a real\nmulti-line value");
  }

  TEST_CASE("csv: many stray quotes in a large file are read in linear time") {
    // Every 200th line opens a quote that never closes: each one stops at the
    // limit (or the next stray quote closes it), nothing is rescanned twice.
    std::string csv = "id,reason\n";
    for (int i = 0; i < 200'000; ++i) csv += (i % 200 == 0 ? "X,\"stray\n" : std::to_string(i) + ",some words here\n");
    const auto start = std::chrono::steady_clock::now();
    const Read r = read_csv(csv, 1024);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    CHECK(r.records.size() >= 199'000);
    CHECK(seconds < 10.0);
  }
}

TEST_SUITE("import progress") {
  TEST_CASE("import progress: the callback is called with monotonic byte counts up to the file's size") {
    TempDir dir;
    EventStore store = EventStore::create(dir / "t.db");
    std::string text;
    for (int i = 0; i < 20'000; ++i)
      text += R"({"event_id":"E)" + std::to_string(i) + R"(","kind":"contact","entity_id":"C)" + std::to_string(i) +
              R"(","type":"received","at":"2026-06-01T09:00:00Z","customer":"ACME","customer_class":"shipper"})"
              "\n";
    write_file(dir / "a.jsonl", text);
    write_file(dir / "b.jsonl", "");
    ImportRequest req;
    req.files = {(dir / "a.jsonl").string(), (dir / "b.jsonl").string()};
    req.now = parse_instant("2026-11-01T12:00:00Z");
    std::vector<ImportProgress> calls;
    req.progress = [&calls](const ImportProgress& p) { calls.push_back(p); };
    const ImportSummary s = import_events(store, req);
    CHECK(s.imported == 20'000);
    REQUIRE(calls.size() >= 3);  // at 8192 and 16384 records, and at each file's end
    for (std::size_t i = 1; i < calls.size(); ++i) {
      CHECK(calls[i].bytes_read >= calls[i - 1].bytes_read);
      CHECK(calls[i].records >= calls[i - 1].records);
    }
    CHECK(calls.front().bytes_read > 0);
    CHECK(calls.front().bytes_read < text.size());
    CHECK(calls.back().bytes_read == text.size());
    CHECK(calls.back().bytes_total == text.size());
    CHECK(calls.back().records == 20'000);

    // Standard input has no size: no share, and no call is required to know one.
    std::istringstream in(text.substr(0, text.find('\n', 2000) + 1));
    ImportRequest piped;
    piped.files = {"-"};
    piped.format = InputFormat::jsonl;
    piped.standard_input = &in;
    piped.now = req.now;
    std::vector<ImportProgress> piped_calls;
    piped.progress = [&piped_calls](const ImportProgress& p) { piped_calls.push_back(p); };
    CHECK(import_events(store, piped).duplicates > 0);
    REQUIRE(!piped_calls.empty());
    CHECK(piped_calls.back().bytes_total == 0);
  }
}

}  // namespace slaclock
