// EventStore against real SQLite files: schema and migrations, validated
// atomic import, duplicates, entity order rules, CSV, queries, tamper evidence.
#include "test_support.h"

#include <slaclock/import/event_import.h>
#include <slaclock/store/event_store.h>
#include <slaclock/time/timestamp.h>

// White-box: the raw connection, to tamper with rows and build old layouts.
#include "../engine/src/store/event_store_internal.h"
#include "../engine/src/store/schema_migrations.h"

#include <SQLiteCpp/Statement.h>
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <sys/stat.h>

#include <sstream>

namespace slaclock {

namespace {

const Instant import_time = parse_instant("2026-11-01T12:00:00Z");

std::string received(const std::string& id, const std::string& entity, const std::string& at,
                     const std::string& extra = "") {
  return R"({"event_id":")" + id + R"(","kind":"contact","entity_id":")" + entity + R"(","type":"received","at":")" +
         at + R"(","customer":"ACME","customer_class":"shipper")" + extra + "}\n";
}
std::string contact_event(const std::string& id, const std::string& entity, const std::string& type,
                          const std::string& at, const std::string& extra = "") {
  return R"({"event_id":")" + id + R"(","kind":"contact","entity_id":")" + entity + R"(","type":")" + type +
         R"(","at":")" + at + "\"" + extra + "}\n";
}

const std::string good_contact = received("E1", "C1", "2026-06-01T09:00:00+01:00") +
                                 contact_event("E2", "C1", "acknowledged", "2026-06-01T10:00:00+01:00",
                                               R"(,"expected_resolution":"2026-06-05T17:00:00+01:00")") +
                                 contact_event("E3", "C1", "categorised", "2026-06-01T10:00:00+01:00",
                                               R"(,"complexity":"complex","priority":"P2")") +
                                 contact_event("E4", "C1", "resolved", "2026-06-03T15:00:00+01:00");

ImportSummary import_text(EventStore& store, const TempDir& dir, const std::string& name, const std::string& text,
                          std::optional<std::string> quarantine = {}) {
  write_file(dir / name, text);
  ImportRequest req;
  req.files = {(dir / name).string()};
  req.now = import_time;
  req.quarantine_file = std::move(quarantine);
  return import_events(store, req);
}

// The problems of an import expected to be rejected.
std::vector<ImportProblem> rejected_problems(EventStore& store, const TempDir& dir, const std::string& name,
                                             const std::string& text) {
  try {
    import_text(store, dir, name, text);
  } catch (const ImportError& e) {
    return e.problems();
  }
  FAIL("import was not rejected");
  return {};
}

std::int64_t count_rows(EventStore& store, const char* table) {
  SQLite::Statement q(connection_of(store), std::string("SELECT count(*) FROM ") + table);
  q.executeStep();
  return q.getColumn(0).getInt64();
}

}  // namespace

TEST_SUITE("event_store") {
  TEST_CASE("create makes a private, migrated file and is idempotent") {
    TempDir dir;
    const auto path = dir / "new.db";
    {
      EventStore store = EventStore::create(path);
      CHECK(store.schema_version() == EventStore::latest_schema_version());
      CHECK(store.last_sequence() == 0);
    }
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    EventStore again = EventStore::create(path);  // existing database: just opened and migrated
    CHECK(again.schema_version() == EventStore::latest_schema_version());
  }

  TEST_CASE("open: missing file, read-only refuses writes") {
    TempDir dir;
    CHECK_THROWS_AS(EventStore::open(dir / "missing.db", OpenMode::read_only), StoreError);
    CHECK_THROWS_AS(EventStore::open(dir / "missing.db", OpenMode::read_write), StoreError);
    CHECK_FALSE(std::filesystem::exists(dir / "missing.db"));
    {
      EventStore store = EventStore::create(dir / "t.db");
      import_text(store, dir, "a.jsonl", good_contact);
    }
    EventStore ro = EventStore::open(dir / "t.db", OpenMode::read_only);
    CHECK(ro.timeline("C1").has_value());
    write_file(dir / "b.jsonl", received("E9", "C9", "2026-06-02T09:00:00Z"));
    ImportRequest req;
    req.files = {(dir / "b.jsonl").string()};
    req.now = import_time;
    CHECK_THROWS_AS(import_events(ro, req), StoreError);
    CHECK_THROWS_AS(connection_of(ro).exec("DELETE FROM events"), SQLite::Exception);
    CHECK(ro.last_sequence() == 4);
  }

  TEST_CASE("import and timeline: order, fields, defaulted recorded_at") {
    TempDir dir;
    EventStore store = EventStore::create(dir / "t.db");
    const ImportSummary s = import_text(store, dir, "a.jsonl", good_contact);
    CHECK(s.read == 4);
    CHECK(s.imported == 4);
    CHECK(s.duplicates == 0);
    CHECK(s.rejected == 0);
    CHECK(store.last_sequence() == 4);

    const auto t = store.timeline("C1");
    REQUIRE(t.has_value());
    CHECK(t->kind == EntityKind::contact);
    REQUIRE(t->events.size() == 4);
    CHECK(t->events[0].type == EventType::received);
    CHECK(t->events[1].type == EventType::acknowledged);  // same `at` as categorised: store order breaks the tie
    CHECK(t->events[2].type == EventType::categorised);
    CHECK(t->events[0].at == parse_instant("2026-06-01T08:00:00Z"));
    CHECK(t->events[0].recorded_at == import_time);
    CHECK(t->events[0].field("customer") == "ACME");
    CHECK(t->events[0].fields.count("event_id") == 0);
    CHECK(t->events[1].field("expected_resolution") == "2026-06-05T17:00:00+01:00");
    CHECK(t->events[2].field("priority") == "P2");
    CHECK_FALSE(store.timeline("nope").has_value());
    CHECK_FALSE(store.timeline("C1", parse_instant("2026-10-01T00:00:00Z")).has_value());  // not known yet
  }

  TEST_CASE("atomic: one bad line stores nothing and keeps what was there") {
    TempDir dir;
    EventStore store = EventStore::create(dir / "t.db");
    import_text(store, dir, "a.jsonl", good_contact);
    const std::string bad = received("E10", "C2", "2026-06-02T09:00:00Z") +
                            contact_event("E11", "C2", "resolved", "2026-06-02T10:00:00Z") +
                            contact_event("E12", "C2", "feedback", "2026-06-02T11:00:00Z", R"(,"rating":"superb")");
    const auto problems = rejected_problems(store, dir, "bad.jsonl", bad);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].where.file == (dir / "bad.jsonl").string());
    CHECK(problems[0].where.line == 3);
    CHECK(problems[0].where.field == "rating");
    CHECK(problems[0].message().find("bad.jsonl:3: field 'rating'") != std::string::npos);
    CHECK(store.last_sequence() == 4);
    CHECK_FALSE(store.timeline("C2").has_value());
    CHECK(store.timeline("C1")->events.size() == 4);
    CHECK(count_rows(store, "entities") == 1);
    CHECK(store.verify().intact());
  }

  TEST_CASE("every bad line is listed, up to the cap") {
    TempDir dir;
    EventStore store = EventStore::create(dir / "t.db");
    std::string text;
    for (int i = 0; i < 60; ++i)
      text += contact_event("X" + std::to_string(i), "NOPE", "closed", "2026-06-02T10:00:00Z");
    try {
      import_text(store, dir, "many.jsonl", text);
      FAIL("not rejected");
    } catch (const ImportError& e) {
      CHECK(e.summary().rejected == 60);
      CHECK(e.problems().size() == ImportError::max_listed);
      CHECK(e.problems()[1].where.line == 2);
      CHECK(std::string(e.what()).find("and 10 more") != std::string::npos);
    }
  }

  TEST_CASE("quarantine: good lines land, bad ones go to the reject file") {
    TempDir dir;
    EventStore store = EventStore::create(dir / "t.db");
    const std::string text = good_contact + contact_event("E5", "C404", "closed", "2026-06-04T10:00:00Z") +
                             "this is not json\n" + contact_event("E6", "C1", "closed", "2026-06-04T10:00:00Z");
    const auto rejects = dir / "rejects.jsonl";
    const ImportSummary s = import_text(store, dir, "q.jsonl", text, rejects.string());
    CHECK(s.read == 7);
    CHECK(s.imported == 5);
    CHECK(s.rejected == 2);
    REQUIRE(s.problems.size() == 2);
    CHECK(s.problems[0].where.line == 5);
    CHECK(store.timeline("C1")->events.size() == 5);
    std::istringstream lines(read_file(rejects));
    std::string first, second, third;
    std::getline(lines, first);
    std::getline(lines, second);
    CHECK_FALSE(std::getline(lines, third));
    const auto j1 = nlohmann::json::parse(first);
    CHECK(j1["event_id"] == "E5");
    CHECK(j1["_line"] == 5);
    CHECK(j1["_error"].get<std::string>().find("unknown contact 'C404'") != std::string::npos);
    const auto j2 = nlohmann::json::parse(second);
    CHECK(j2["_raw"] == "this is not json");
    CHECK(j2["_line"] == 6);
    CHECK(store.verify().intact());
  }

  TEST_CASE("duplicates: identical re-import is a no-op, different content is an error") {
    TempDir dir;
    EventStore store = EventStore::create(dir / "t.db");
    import_text(store, dir, "a.jsonl", good_contact);
    // A later import time (defaulted recorded_at) does not make the content differ.
    write_file(dir / "a.jsonl", good_contact);
    ImportRequest again;
    again.files = {(dir / "a.jsonl").string()};
    again.now = import_time + Seconds{3600};
    const ImportSummary s = import_events(store, again);
    CHECK(s.imported == 0);
    CHECK(s.duplicates == 4);
    CHECK(store.last_sequence() == 4);

    // Duplicates inside one file count too.
    const ImportSummary s2 =
        import_text(store, dir, "twice.jsonl",
                    received("E20", "C20", "2026-06-01T09:00:00Z") + received("E20", "C20", "2026-06-01T09:00:00Z"));
    CHECK(s2.imported == 1);
    CHECK(s2.duplicates == 1);

    const auto problems =
        rejected_problems(store, dir, "conflict.jsonl",
                          contact_event("E4", "C1", "resolved", "2026-06-03T16:00:00+01:00"));  // same id, other time
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].where.field == "event_id");
    CHECK(problems[0].reason.find("different content") != std::string::npos);
    CHECK(problems[0].reason.find("at") != std::string::npos);

    // An explicit recorded_at is part of the content.
    import_text(
        store, dir, "rec.jsonl",
        contact_event("E30", "C1", "closed", "2026-06-04T10:00:00Z", R"(,"recorded_at":"2026-06-04T11:00:00Z")"));
    CHECK(rejected_problems(
              store, dir, "rec2.jsonl",
              contact_event("E30", "C1", "closed", "2026-06-04T10:00:00Z", R"(,"recorded_at":"2026-06-04T12:00:00Z")"))
              .size() == 1);
  }

  TEST_CASE("entity rules: unknown entity, impossible order, second opening, kind mismatch") {
    TempDir dir;
    EventStore store = EventStore::create(dir / "t.db");
    import_text(store, dir, "a.jsonl", good_contact);

    auto one = [&](const std::string& line) {
      const auto p = rejected_problems(store, dir, "x.jsonl", line);
      REQUIRE(p.size() == 1);
      return p[0];
    };
    const auto unknown = one(contact_event("N1", "C77", "resolved", "2026-06-03T10:00:00Z"));
    CHECK(unknown.where.field == "entity_id");
    CHECK(unknown.reason.find("unknown contact 'C77'") != std::string::npos);

    const auto before = one(contact_event("N2", "C1", "closed", "2026-05-31T10:00:00Z"));
    CHECK(before.where.field == "at");
    CHECK(before.reason.find("impossible order") != std::string::npos);

    const auto second = one(received("N3", "C1", "2026-06-05T10:00:00Z"));
    CHECK(second.reason.find("already open") != std::string::npos);

    const auto kind =
        one(R"({"event_id":"N4","kind":"breach","entity_id":"C1","type":"resolved","at":"2026-06-05T10:00:00Z"})"
            "\n");
    CHECK(kind.where.field == "kind");

    // The opening line must come first within a file, too.
    const auto p = rejected_problems(
        store, dir, "order.jsonl",
        contact_event("N5", "C8", "closed", "2026-06-05T10:00:00Z") + received("N6", "C8", "2026-06-04T10:00:00Z"));
    REQUIRE(p.size() == 1);
    CHECK(p[0].where.line == 1);
    CHECK(store.last_sequence() == 4);
  }

  TEST_CASE("field validation") {
    TempDir dir;
    EventStore store = EventStore::create(dir / "t.db");
    auto field_of = [&](const std::string& line) {
      const auto p = rejected_problems(store, dir, "v.jsonl", line);
      REQUIRE(p.size() == 1);
      return p[0].where.field + ": " + p[0].reason;
    };
    CHECK(field_of(received("V1", "C1", "2026-06-01T09:00:00")).rfind("at: ", 0) == 0);  // no offset
    CHECK(field_of(R"({"kind":"contact","entity_id":"C1","type":"received","at":"2026-06-01T09:00:00Z"})"
                   "\n")
              .rfind("event_id: is required", 0) == 0);
    CHECK(field_of(received("V2", "C1", "2026-06-01T09:00:00Z", R"(,"custmer":"typo")"))
              .rfind("custmer: unknown field", 0) == 0);
    CHECK(field_of(received("V3", "C1", "2026-06-01T09:00:00Z", R"(,"gemini":true)")).rfind("gas_day: ", 0) == 0);
    CHECK(field_of(received("V4", "C1", "2026-06-01T09:00:00Z", R"(,"gemini":"yes","gas_day":"2026-06-01")"))
              .rfind("gemini: ", 0) == 0);
    CHECK(field_of(R"({"event_id":"V5","kind":"contact","entity_id":"C1","type":"receivd","at":"2026-06-01T09:00:00Z"})"
                   "\n")
              .rfind("type: ", 0) == 0);
    CHECK(
        field_of(R"({"event_id":"V6","kind":"incident","entity_id":"C1","type":"received","at":"2026-06-01T09:00:00Z"})"
                 "\n")
            .rfind("kind: ", 0) == 0);
    CHECK(
        field_of(
            R"({"event_id":"V7","kind":"breach","entity_id":"B1","type":"identified","at":"2026-06-01T09:00:00Z","severity":"severe"})"
            "\n")
            .rfind("severity: ", 0) == 0);
    CHECK(
        field_of(
            R"({"event_id":"V8","kind":"kpi","entity_id":"K1","type":"result","at":"2026-06-01T09:00:00Z","kpi":"K","priority":"P1","period":"2026-13","met":false})"
            "\n")
            .rfind("period: ", 0) == 0);
    CHECK(
        field_of(
            R"({"event_id":"V9","kind":"survey","entity_id":"S1","type":"response","at":"2026-06-01T09:00:00Z","kvi":"relationship_strategic","period":"2026-Q2","rating":"met"})"
            "\n")
            .rfind("rating: ", 0) == 0);
    CHECK(
        field_of(
            R"({"event_id":"V10","kind":"report","entity_id":"R1","type":"delivered","at":"2026-06-01T09:00:00Z","kvi":"financial_reporting","period":"2026-06","due":"2026-07-25"})"
            "\n")
            .rfind("period: ", 0) == 0);
    CHECK(field_of(received("V11", "C1", "2026-06-01T09:00:00Z", R"(,"recorded_at":"2026-06-01T08:00:00Z")"))
              .rfind("recorded_at: ", 0) == 0);
    CHECK(
        field_of(
            R"({"event_id":"V12","kind":"contact","entity_id":"C1","type":"received","at":"2026-06-01T09:00:00Z","customer":{"n":1}})"
            "\n")
            .find("nested") != std::string::npos);

    // Numbers and booleans are normalised to text; every kind opens.
    const ImportSummary s = import_text(
        store, dir, "ok.jsonl",
        R"({"event_id":"K1","kind":"kpi","entity_id":"KPI-1","type":"result","at":"2026-07-03T10:00:00Z","kpi":7,"priority":"P1","period":"2026-06","met":false})"
        "\n"
        R"({"event_id":"K2","kind":"kpi","entity_id":"KPI-1","type":"customers_notified","at":"2026-07-04T10:00:00Z"})"
        "\n"
        R"({"event_id":"S1","kind":"survey","entity_id":"SRV-1","type":"response","at":"2026-07-03T10:00:00Z","kvi":"relationship_strategic","period":"2026-Q2","rating":"starting_to_trust"})"
        "\n"
        R"({"event_id":"R1","kind":"report","entity_id":"FIN-2026-Q2","type":"delivered","at":"2026-07-20T10:00:00Z","kvi":"financial_reporting","period":"2026-Q2","due":"2026-07-25"})"
        "\n"
        R"({"event_id":"G1","kind":"contact","entity_id":"C-G","type":"received","at":"2026-07-20T10:00:00Z","customer":"NG","customer_class":"ng","gemini":true,"gas_day":"2026-07-21"})"
        "\n");
    CHECK(s.imported == 5);
    const auto k = store.timeline("KPI-1");
    REQUIRE(k.has_value());
    CHECK(k->events[0].field("kpi") == "7");
    CHECK(k->events[0].field("met") == "false");
    CHECK(store.timeline("C-G")->events[0].field("gemini") == "true");
  }

  TEST_CASE("CSV: BOM, quoted commas, doubled quotes, CRLF, empty cells, and line breaks only in free text") {
    TempDir dir;
    EventStore store = EventStore::create(dir / "t.db");
    const std::string csv =
        "\xEF\xBB\xBF"
        "event_id,kind,entity_id,type,at,customer,customer_class,category,expected_resolution\r\n"
        "E1,contact,C1,received,2026-06-01T09:00:00+01:00,\"Smith, Jones & Co \"\"Gas\"\"\",shipper,,\r\n"
        "E2,contact,C1,acknowledged,2026-06-01T10:00:00+01:00,,,,2026-06-05T17:00:00+01:00\r\n"
        "\r\n"
        "E3,contact,C2,received,2026-06-01T11:00:00Z,\"Two Words\",dn,portal,\r\n";
    const ImportSummary s = import_text(store, dir, "e.csv", csv);
    CHECK(s.read == 3);
    CHECK(s.imported == 3);
    const auto c1 = store.timeline("C1");
    REQUIRE(c1.has_value());
    CHECK(c1->events[0].field("customer") == "Smith, Jones & Co \"Gas\"");
    CHECK(c1->events[0].fields.count("category") == 0);  // empty cell = absent
    CHECK(c1->events[1].field("expected_resolution") == "2026-06-05T17:00:00+01:00");
    CHECK(store.timeline("C2")->events[0].field("customer") == "Two Words");

    // A row with the wrong number of cells names its line.
    const auto p =
        rejected_problems(store, dir, "short.csv", "event_id,kind,entity_id,type,at\nE9,contact,C9,received\n");
    REQUIRE(p.size() == 1);
    CHECK(p[0].where.line == 2);

    // A line break inside quotes is read as part of the field (RFC 4180),
    // but only a free-text field may keep it: a customer may not, and the
    // error names the field and the line the record starts on.
    const auto broken = rejected_problems(store, dir, "broken.csv",
                                          "event_id,kind,entity_id,type,at,customer,customer_class\n"
                                          "E7,contact,C7,received,2026-06-01T11:00:00Z,\"Two\n"
                                          "Lines\",dn\n");
    REQUIRE(broken.size() == 1);
    CHECK(broken[0].where.line == 2);
    CHECK(broken[0].where.field == "customer");
    CHECK(broken[0].reason.find("contains a line break") != std::string::npos);
    const ImportSummary hold = import_text(store, dir, "hold.csv",
                                           "event_id,kind,entity_id,type,at,reason\r\n"
                                           "E8,contact,C2,on_hold,2026-06-01T12:00:00Z,\"Two\r\nLines\"\r\n");
    CHECK(hold.imported == 1);
    CHECK(store.timeline("C2")->events[1].field("reason") == "Two\r\nLines");
  }

  TEST_CASE("standard input needs an explicit format") {
    TempDir dir;
    EventStore store = EventStore::create(dir / "t.db");
    std::istringstream in(good_contact);
    ImportRequest req;
    req.files = {"-"};
    req.now = import_time;
    req.standard_input = &in;
    CHECK_THROWS_AS(import_events(store, req), InputError);
    req.format = InputFormat::jsonl;
    CHECK(import_events(store, req).imported == 4);
    req.files = {(dir / "events.txt").string()};
    req.format = InputFormat::by_extension;
    write_file(dir / "events.txt", good_contact);
    CHECK_THROWS_AS(import_events(store, req), InputError);
  }

  TEST_CASE("file-wide recorded_at and as-known queries") {
    TempDir dir;
    EventStore store = EventStore::create(dir / "t.db");
    write_file(dir / "a.jsonl", good_contact);
    ImportRequest req;
    req.files = {(dir / "a.jsonl").string()};
    req.now = import_time;
    req.recorded_at = parse_instant("2026-06-03T18:00:00Z");
    import_events(store, req);
    import_text(
        store, dir, "b.jsonl",
        received("B1", "C2", "2026-06-02T09:00:00Z", R"(,"recorded_at":"2026-06-02T09:05:00Z")") +
            contact_event("B2", "C2", "closed", "2026-06-10T09:00:00Z", R"(,"recorded_at":"2026-06-10T09:05:00Z")"));
    CHECK(store.timeline("C1")->events[0].recorded_at == parse_instant("2026-06-03T18:00:00Z"));
    const auto c2 = store.timeline("C2", parse_instant("2026-06-05T00:00:00Z"));
    REQUIRE(c2.has_value());
    CHECK(c2->events.size() == 1);

    std::vector<std::string> seen;
    store.for_each_timeline(
        {}, [&](const Timeline& t) { seen.push_back(t.entity_id + ":" + std::to_string(t.events.size())); });
    CHECK(seen == std::vector<std::string>{"C1:4", "C2:2"});

    seen.clear();
    TimelineQuery as_known;
    as_known.recorded_by = parse_instant("2026-06-05T00:00:00Z");
    store.for_each_timeline(
        as_known, [&](const Timeline& t) { seen.push_back(t.entity_id + ":" + std::to_string(t.events.size())); });
    CHECK(seen == std::vector<std::string>{"C1:4", "C2:1"});

    seen.clear();
    TimelineQuery changed;
    changed.min_last_seq = 4;  // C1's events are 1-4
    store.for_each_timeline(changed, [&](const Timeline& t) { seen.push_back(t.entity_id); });
    CHECK(seen == std::vector<std::string>{"C2"});

    import_text(
        store, dir, "k.jsonl",
        R"({"event_id":"K1","kind":"breach","entity_id":"B-1","type":"identified","at":"2026-07-03T10:00:00Z","severity":"low"})"
        "\n");
    seen.clear();
    TimelineQuery breaches;
    breaches.kinds = {EntityKind::breach};
    store.for_each_timeline(breaches, [&](const Timeline& t) { seen.push_back(t.entity_id); });
    CHECK(seen == std::vector<std::string>{"B-1"});
  }

  TEST_CASE("verify catches a row edited with plain SQL, and a deleted tail") {
    TempDir dir;
    EventStore store = EventStore::create(dir / "t.db");
    import_text(store, dir, "a.jsonl", good_contact);
    VerifyReport ok = store.verify();
    CHECK(ok.intact());
    CHECK(ok.events_checked == 4);
    CHECK(ok.chain_head.size() == 64);

    connection_of(store).exec(
        R"(UPDATE events SET fields = '{"complexity":"standard","priority":"P2"}' WHERE seq = 3)");
    VerifyReport bad = store.verify();
    REQUIRE_FALSE(bad.intact());
    CHECK(bad.mismatch->sequence == 3);
    CHECK(bad.mismatch->event_id == "E3");
    CHECK(bad.mismatch->what.find("content_sha256") != std::string::npos);
    CHECK(bad.events_checked == 2);

    TempDir dir2;
    EventStore store2 = EventStore::create(dir2 / "t.db");
    import_text(store2, dir2, "a.jsonl", good_contact);
    connection_of(store2).exec("DELETE FROM events WHERE seq = 2");
    VerifyReport gap = store2.verify();
    REQUIRE_FALSE(gap.intact());
    CHECK(gap.mismatch->sequence == 3);
    CHECK(gap.mismatch->what.find("chain_sha256") != std::string::npos);

    TempDir dir3;
    EventStore store3 = EventStore::create(dir3 / "t.db");
    import_text(store3, dir3, "a.jsonl", good_contact);
    connection_of(store3).exec("DELETE FROM events WHERE seq = 4");
    CHECK_FALSE(store3.verify().intact());
  }

  TEST_CASE("schema versions: older migrates, newer and foreign are refused") {
    TempDir dir;
    const auto latest = EventStore::latest_schema_version();

    // A database as the first release left it: migration 1 only, with data.
    {
      SQLite::Database db((dir / "v1.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
      db.exec(detail::schema_migrations()[0].sql);
      db.exec("PRAGMA user_version = 1");
    }
    if (latest > 1) {
      CHECK_THROWS_AS(EventStore::open(dir / "v1.db", OpenMode::read_only), StoreError);  // cannot migrate read-only
    }
    {
      EventStore store = EventStore::open(dir / "v1.db", OpenMode::read_write);
      CHECK(store.schema_version() == latest);
      CHECK(import_text(store, dir, "a.jsonl", good_contact).imported == 4);
    }
    CHECK(EventStore::open(dir / "v1.db", OpenMode::read_only).timeline("C1")->events.size() == 4);

    // Newer than this build knows: refused with a clear message, both modes.
    {
      EventStore store = EventStore::create(dir / "future.db");
      connection_of(store).exec("PRAGMA user_version = " + std::to_string(latest + 1));
    }
    try {
      EventStore::open(dir / "future.db", OpenMode::read_write);
      FAIL("opened a newer schema");
    } catch (const StoreError& e) {
      CHECK(std::string(e.what()).find("newer") != std::string::npos);
    }
    CHECK_THROWS_AS(EventStore::open(dir / "future.db", OpenMode::read_only), StoreError);

    // Version 0 with someone else's tables: not ours, left untouched.
    {
      SQLite::Database db((dir / "other.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
      db.exec("CREATE TABLE events(x)");
    }
    try {
      EventStore::create(dir / "other.db");
      FAIL("migrated a foreign database");
    } catch (const StoreError& e) {
      CHECK(std::string(e.what()).find("not a slaclock database") != std::string::npos);
    }

    // An empty file (version 0, no tables) is initialised by read_write, refused by read_only.
    write_file(dir / "empty.db", "");
    CHECK_THROWS_AS(EventStore::open(dir / "empty.db", OpenMode::read_only), StoreError);
    CHECK(EventStore::open(dir / "empty.db", OpenMode::read_write).schema_version() == latest);
  }

  TEST_CASE("migrations are numbered 1..n in order") {
    const auto all = detail::schema_migrations();
    REQUIRE_FALSE(all.empty());
    for (std::size_t i = 0; i < all.size(); ++i) CHECK(all[i].version == static_cast<int>(i + 1));
    CHECK(detail::latest_schema_version() == static_cast<int>(all.size()));
  }
}

}  // namespace slaclock
