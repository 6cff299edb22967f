#pragma once
// What each address of `slaclock serve` answers, without HTTP: the server
// (dashboard_server.cpp) matches the address, checks the method and the
// token, and calls one of these; each opens the database read-only, asks the
// engine, and renders a page (report/dashboard.h) or the CLI's JSON.
#include <slaclock/clock/clock_result.h>
#include <slaclock/report/compliance_report.h>
#include <slaclock/report/dashboard.h>
#include <slaclock/serve/dashboard_server.h>
#include <slaclock/store/event_store.h>
#include <slaclock/time/time_zone.h>

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

namespace slaclock::detail {

using Params = std::multimap<std::string, std::string>;
class QueryParams;

struct Reply {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::string body;
  std::string location;              ///< a redirect's target
  bool pack_page = false;            ///< the committee pack: inline styles, no script (its own CSP)
  std::optional<std::size_t> total;  ///< API lists cut at a limit: how many there were
};

/// Per request: the CSP nonce its page must carry, and whether a login cookie is in use.
struct RequestInfo {
  std::string nonce;
  bool signed_in = false;
};

class Dashboard {
 public:
  explicit Dashboard(const ServeOptions& options);

  Reply overdue_page(const Params& p, const RequestInfo& r) const;
  Reply overdue_api(const Params& p) const;
  Reply entity_page(const std::string& id, const Params& p, const RequestInfo& r) const;
  Reply entity_api(const std::string& id, const Params& p) const;
  /// /entity?id=X: a redirect to /entities/X (the search box).
  Reply entity_jump(const Params& p) const;
  Reply scorecard_page(const Params& p, const RequestInfo& r) const;
  Reply kvi_pack(const std::string& month, const Params& p) const;
  Reply kvi_api(const std::string& month, const Params& p) const;
  Reply compliance_page(const Params& p, const RequestInfo& r) const;
  Reply compliance_api(const Params& p) const;
  Reply sweeps_page(const Params& p, const RequestInfo& r) const;
  Reply sweeps_api(const Params& p) const;
  Reply notices_page(const Params& p, const RequestInfo& r) const;
  Reply notices_api(const Params& p) const;

  Reply error_page(int status, const std::string& message, const RequestInfo& r) const;
  static Reply error_json(int status, const std::string& message);
  Reply login_page(int status, const std::string& message, const std::string& next, const RequestInfo& r) const;

 private:
  Instant now() const;
  const TimeZone& zone() const noexcept { return zone_; }
  /// A clock's own calendar zone (cached), for the CLI's JSON shape.
  const TimeZone* clock_zone(const ClockResult& c) const;

  /// The compliance report the page and the API answer with (parameters
  /// from, to, by, as_of; `default_by` when by is absent); months local to `zone`.
  ComplianceView compliance(const QueryParams& q, const char* default_by, const TimeZone& zone) const;
  /// The history of sweeps, each sealed run's counts kept once read.
  SweepHistory sweep_history(const EventStore& store, std::size_t offset, std::size_t limit) const;

  const ServeOptions& options_;
  TimeZone zone_;
  mutable std::mutex zones_mutex_;
  mutable std::map<std::string, TimeZone> zones_;
  /// (sweep id, seal) -> its results by status: a sealed run never changes.
  mutable std::mutex counts_mutex_;
  mutable std::map<std::pair<std::int64_t, std::string>, std::map<ClockStatus, std::size_t>> sweep_counts_;
};

}  // namespace slaclock::detail
