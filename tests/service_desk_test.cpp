// The service desk and operations through the library (issue 11): a KPI's
// consecutive-miss rule judged once, overdue re-judged at its instant from the
// stored state, --due-within in business time, and notices.
#include "ops_test_support.h"

#include <slaclock/ops/sweep.h>

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace slaclock {
namespace {

using namespace ops_test;

std::string kpi_notified(const std::string& event_id, const std::string& entity, const std::string& happened) {
  return event_line(event_id, "kpi", entity, "customers_notified", happened, happened);
}

}  // namespace

TEST_SUITE("service desk") {
  TEST_CASE("kpi_consecutive: missed once on the result that makes the run, a breached notice, and no exit 1 after") {
    OpsStore w;
    // KPI-07 missed February, March and April 2024: the April result (Fri 3
    // May 10:00 BST) makes a run of three, more than the limit of two. Each
    // miss notice went out the same day, so no other clock runs past due.
    w.import(kpi_result("K1", "K-FEB", "2024-03-05T10:00:00Z", "2024-03-05T10:00:00Z", "KPI-07", "2024-02", false) +
             kpi_notified("K1n", "K-FEB", "2024-03-05T12:00:00Z") +
             kpi_result("K2", "K-MAR", "2024-04-04T10:00:00+01:00", "2024-04-04T10:00:00+01:00", "KPI-07", "2024-03",
                        false) +
             kpi_notified("K2n", "K-MAR", "2024-04-04T12:00:00+01:00") +
             kpi_result("K3", "K-APR", "2024-05-03T10:00:00+01:00", "2024-05-03T10:00:00+01:00", "KPI-07", "2024-04",
                        false) +
             kpi_notified("K3n", "K-APR", "2024-05-03T12:00:00+01:00"));

    const SweepSummary first = w.sweep("2024-05-03T18:00:00+01:00");
    const ClockResult run = must_find(w.stored("K-APR", "2024-05-03T18:00:00+01:00"), "K-APR", "kpi_consecutive");
    CHECK(status_of(run) == "missed");
    CHECK(utc(run.stopped_at) == "2024-05-03T09:00:00Z");
    CHECK(run.reason == "KPI KPI-07 missed 3 consecutive months (2024-02, 2024-03, 2024-04), more than 2");
    CHECK(status_of(must_find(w.stored("K-MAR", "2024-05-03T18:00:00+01:00"), "K-MAR", "kpi_consecutive")) == "met");
    // Nothing runs past due: cron's exit status is 0, though the KPI was missed.
    CHECK_FALSE(first.anything_breached());
    CHECK(first.new_notices == 1);  // the breached notice for K-APR's run
    REQUIRE(first.new_notice_ids.size() == 1);

    // Months later nothing has changed: still missed, no new notice, exit 0.
    const SweepSummary later = w.sweep("2024-09-03T18:00:00+01:00");
    CHECK_FALSE(later.anything_breached());
    CHECK(later.new_notices == 0);
    CHECK(status_of(must_find(w.stored("K-APR", "2024-09-03T18:00:00+01:00"), "K-APR", "kpi_consecutive")) == "missed");
  }
}

}  // namespace slaclock
