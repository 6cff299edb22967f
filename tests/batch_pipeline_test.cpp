// detail::BatchPipeline, the sweep's two threads: items consumed in the order
// produced, never more than the queue holds waiting, tasks run on the
// consumer's thread, and an exception on either side stops both and reaches
// the caller after the items produced before it (as on one thread).
#include "ops/batch_pipeline.h"

#include <doctest/doctest.h>

#include <atomic>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace slaclock {
namespace {

using Pipe = detail::BatchPipeline<int>;

}  // namespace

TEST_SUITE("batch pipeline") {
  TEST_CASE("every item is consumed once, in order, on the calling thread, threaded or not") {
    for (const bool threaded : {false, true}) {
      CAPTURE(threaded);
      Pipe pipe(7, 2);
      std::vector<int> got;
      const auto caller = std::this_thread::get_id();
      bool on_caller = true;
      pipe.run(
          threaded,
          [&] {
            for (int i = 0; i < 1000; ++i) pipe.emit(i);
          },
          [&](int& i) {
            on_caller = on_caller && std::this_thread::get_id() == caller;
            got.push_back(i);
          });
      REQUIRE(got.size() == 1000);
      for (int i = 0; i < 1000; ++i) CHECK(got[static_cast<std::size_t>(i)] == i);
      CHECK(on_caller);
    }
  }

  TEST_CASE("the producer waits while the queue is full") {
    Pipe pipe(10, 3);
    std::atomic<int> produced{0};
    int most_ahead = 0, consumed = 0;
    pipe.run(
        true,
        [&] {
          for (int i = 0; i < 500; ++i) {
            pipe.emit(i);
            ++produced;
          }
        },
        [&](int&) {
          ++consumed;
          most_ahead = std::max(most_ahead, produced.load() - consumed);
        });
    CHECK(consumed == 500);
    // Three full batches waiting, one being consumed, one being filled.
    CHECK(most_ahead <= 5 * 10);
  }

  TEST_CASE("a task asked by the producer runs on the consumer's thread, and its exception comes back") {
    for (const bool threaded : {false, true}) {
      CAPTURE(threaded);
      Pipe pipe(4, 2);
      const auto caller = std::this_thread::get_id();
      std::vector<int> got;
      bool task_on_caller = false;
      std::string caught;
      pipe.run(
          threaded,
          [&] {
            for (int i = 0; i < 20; ++i) {
              if (i == 9) pipe.on_consumer_thread([&] { task_on_caller = std::this_thread::get_id() == caller; });
              if (i == 13) {
                try {
                  pipe.on_consumer_thread([] { throw std::runtime_error("no such calendar"); });
                } catch (const std::runtime_error& e) {
                  caught = e.what();
                }
              }
              pipe.emit(i);
            }
          },
          [&](int& i) { got.push_back(i); });
      CHECK(task_on_caller);
      CHECK(caught == "no such calendar");
      CHECK(got.size() == 20);
    }
  }

  TEST_CASE("a producer's exception reaches the caller after what it produced before") {
    for (const bool threaded : {false, true}) {
      CAPTURE(threaded);
      Pipe pipe(8, 2);
      std::vector<int> got;
      CHECK_THROWS_WITH_AS(pipe.run(
                               threaded,
                               [&] {
                                 for (int i = 0; i < 100; ++i) {
                                   if (i == 37) throw std::runtime_error("unreadable event");
                                   pipe.emit(i);
                                 }
                               },
                               [&](int& i) { got.push_back(i); }),
                           "unreadable event", std::runtime_error);
      CHECK(got.size() == 37);
    }
  }

  TEST_CASE("a consumer's exception stops the producer and reaches the caller") {
    for (const bool threaded : {false, true}) {
      CAPTURE(threaded);
      Pipe pipe(8, 2);
      std::atomic<int> produced{0};
      CHECK_THROWS_WITH_AS(pipe.run(
                               threaded,
                               [&] {
                                 for (int i = 0; i < 100000; ++i) {
                                   pipe.emit(i);
                                   ++produced;
                                 }
                               },
                               [&](int& i) {
                                 if (i == 20) throw std::runtime_error("disk full");
                               }),
                           "disk full", std::runtime_error);
      CHECK(produced.load() < 100000);
    }
  }
}

}  // namespace slaclock
