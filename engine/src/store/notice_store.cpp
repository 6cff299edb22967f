// Notices and their deliveries: every statement `notices`, `notices
// mark-sent` and the sweep's notify step run. The sweep inserts notices
// itself, in its own transaction (clock_store.cpp).
#include <slaclock/store/notice_store.h>

#include <slaclock/base/error.h>

#include "store/event_store_internal.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <algorithm>
#include <cstddef>

namespace slaclock {

const char* delivery_via_name(DeliveryVia v) noexcept {
  return v == DeliveryVia::mark_sent ? "mark_sent" : "notify_cmd";
}

std::optional<DeliveryVia> parse_delivery_via(std::string_view word) noexcept {
  for (auto v : {DeliveryVia::mark_sent, DeliveryVia::notify_cmd})
    if (word == delivery_via_name(v)) return v;
  return std::nullopt;
}

namespace {

// At most this many ids are bound in one statement (SQLite limits variables).
constexpr std::size_t ids_per_statement = 500;

template <class T>
T stored_word(std::optional<T> parsed, const std::string& word, const char* column) {
  if (!parsed)
    throw StoreError({"", 0, column},
                     "stored " + std::string(column) + " '" + word + "' is not one this version knows");
  return *parsed;
}

StoredNotice read_notice(SQLite::Statement& q) {
  StoredNotice n;
  n.id = q.getColumn(0).getInt64();
  const std::string kind = q.getColumn(1).getString();
  n.kind = stored_word(parse_notice_kind(kind), kind, "notice");
  n.entity_id = q.getColumn(2).getString();
  const std::string entity_kind = q.getColumn(3).getString();
  n.entity_kind = stored_word(parse_entity_kind(entity_kind), entity_kind, "kind");
  const std::string clock = q.getColumn(4).getString();
  n.clock = stored_word(ClockId::try_named(clock), clock, "clock");
  if (!q.getColumn(5).isNull()) n.due_at = Instant{q.getColumn(5).getInt64()};
  if (!q.getColumn(6).isNull()) n.customer = q.getColumn(6).getString();
  n.reason = q.getColumn(7).getString();
  n.sweep_id = q.getColumn(8).getInt64();
  n.raised_at = Instant{q.getColumn(9).getInt64()};
  if (!q.getColumn(10).isNull()) n.calendar = q.getColumn(10).getString();
  if (!q.getColumn(11).isNull()) {
    NoticeDelivery d;
    d.sent_at = Instant{q.getColumn(11).getInt64()};
    d.sent_by = q.getColumn(12).getString();
    const std::string via = q.getColumn(13).getString();
    d.via = stored_word(parse_delivery_via(via), via, "via");
    if (!q.getColumn(14).isNull()) d.command = q.getColumn(14).getString();
    n.sent = std::move(d);
  }
  return n;
}

void select_notices(SQLite::Database& db, const NoticeQuery& query, const std::int64_t* ids, std::size_t id_count,
                    std::vector<StoredNotice>& out) {
  // A notice's first delivery, its entity's kind, and its clock's calendar
  // (from the clock's stored state, or its last result once it stopped, to
  // print its instants in local time).
  std::string sql =
      "SELECT n.id, n.notice, n.entity_id, coalesce(e.kind, ''), n.clock, n.due_at, n.customer, n.reason, "
      "n.first_sweep_id, r.as_of, coalesce(cs.calendar, (SELECT calendar FROM clock_results WHERE entity_id = "
      "n.entity_id AND clock = n.clock ORDER BY sweep_id DESC LIMIT 1)), d.sent_at, d.sent_by, d.via, d.command "
      "FROM notices n JOIN sweep_runs r ON r.id = n.first_sweep_id "
      "LEFT JOIN entities e ON e.entity_id = n.entity_id "
      "LEFT JOIN clock_state cs ON cs.entity_id = n.entity_id AND cs.clock = n.clock "
      "LEFT JOIN notice_deliveries d ON d.id = (SELECT min(id) FROM notice_deliveries WHERE notice_id = n.id) "
      "WHERE 1";
  if (query.since) sql += " AND r.as_of >= ?";
  if (query.kind) sql += " AND n.notice = ?";
  if (query.customer) sql += " AND n.customer = ?";
  if (query.unsent_only) sql += " AND d.id IS NULL";
  if (ids) {
    sql += " AND n.id IN (";
    for (std::size_t i = 0; i < id_count; ++i) sql += i ? ", ?" : "?";
    sql += ")";
  }
  sql += " ORDER BY n.id";
  SQLite::Statement q(db, sql);
  int p = 1;
  if (query.since) q.bind(p++, static_cast<std::int64_t>(query.since->utc_seconds));
  if (query.kind) q.bind(p++, notice_kind_name(*query.kind));
  if (query.customer) q.bind(p++, *query.customer);
  for (std::size_t i = 0; ids && i < id_count; ++i) q.bind(p++, ids[i]);
  while (q.executeStep()) out.push_back(read_notice(q));
}

}  // namespace

std::vector<StoredNotice> list_notices(const EventStore& store, const NoticeQuery& query) {
  return with_store_errors(store, "cannot read notices", [&] {
    SQLite::Database& db = connection_of(store);
    std::vector<StoredNotice> out;
    if (query.ids.empty()) {
      select_notices(db, query, nullptr, 0, out);
      return out;
    }
    std::vector<std::int64_t> ids = query.ids;
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    for (std::size_t i = 0; i < ids.size(); i += ids_per_statement)
      select_notices(db, query, ids.data() + i, std::min(ids_per_statement, ids.size() - i), out);
    return out;
  });
}

std::vector<std::int64_t> record_notice_deliveries(EventStore& store, const std::vector<std::int64_t>& ids,
                                                   const NoticeDelivery& delivery) {
  require_writable(store, "recording a notice delivery");
  return with_store_errors(store, "cannot record notice deliveries", [&] {
    SQLite::Database& db = connection_of(store);
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement exists(db, "SELECT EXISTS (SELECT 1 FROM notices WHERE id = ?)");
    SQLite::Statement sent(db, "SELECT EXISTS (SELECT 1 FROM notice_deliveries WHERE notice_id = ?)");
    std::string unknown;
    std::vector<std::int64_t> already, to_record;
    for (const std::int64_t id : ids) {
      exists.bind(1, id);
      exists.executeStep();
      const bool known = exists.getColumn(0).getInt() != 0;
      exists.reset();
      if (!known) {
        unknown += (unknown.empty() ? "" : ", ") + std::to_string(id);
        continue;
      }
      sent.bind(1, id);
      sent.executeStep();
      const bool was_sent = sent.getColumn(0).getInt() != 0;
      sent.reset();
      const bool listed_twice = std::find(to_record.begin(), to_record.end(), id) != to_record.end();
      (was_sent || listed_twice ? already : to_record).push_back(id);
    }
    if (!unknown.empty()) throw InputError({"", 0, "ID"}, "no notice " + unknown + "; nothing recorded");
    SQLite::Statement insert(db,
                             "INSERT INTO notice_deliveries(notice_id, sent_at, sent_by, via, command) "
                             "VALUES (?, ?, ?, ?, ?)");
    for (const std::int64_t id : to_record) {
      insert.bind(1, id);
      insert.bind(2, static_cast<std::int64_t>(delivery.sent_at.utc_seconds));
      insert.bind(3, delivery.sent_by);
      insert.bind(4, delivery_via_name(delivery.via));
      if (delivery.command.empty())
        insert.bind(5);
      else
        insert.bind(5, delivery.command);
      insert.exec();
      insert.reset();
    }
    tx.commit();
    return already;
  });
}

}  // namespace slaclock
