#pragma once
// A producer and a consumer of items on two threads, the items handed over
// in batches through a bounded queue (so memory stays bounded however many
// items there are), consumed in the order produced. The sweep judges on the
// producer's thread and writes on the consumer's (the thread that calls run).
//
//   BatchPipeline<Item> pipe(256, 4);
//   pipe.run(threaded, [&] { for (...) pipe.emit(make()); }, [&](Item& i) { store(i); });
//
// Unthreaded, run() does the same work on one thread, each item consumed as
// soon as it is emitted: what the threaded run must match exactly.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace slaclock::detail {

template <class Item>
class BatchPipeline {
 public:
  BatchPipeline(std::size_t batch_size, std::size_t max_batches)
      : batch_size_(batch_size < 1 ? 1 : batch_size), max_batches_(max_batches < 1 ? 1 : max_batches) {}
  BatchPipeline(const BatchPipeline&) = delete;
  BatchPipeline& operator=(const BatchPipeline&) = delete;

  /// Runs `produce` (which calls emit) and `consume` on every item emitted,
  /// in order. An exception from either side stops both; it is rethrown
  /// here once the producer's thread has ended, after the items emitted
  /// before a producer's exception were consumed (as on one thread).
  void run(bool threaded, const std::function<void()>& produce, const std::function<void(Item&)>& consume) {
    consume_ = &consume;
    threaded_ = threaded;
    if (!threaded) {
      produce();
      return;
    }
    std::thread producer([this, &produce] { produce_on_thread(produce); });
    struct Joiner {
      BatchPipeline& p;
      std::thread& t;
      ~Joiner() {
        {
          std::lock_guard<std::mutex> lock(p.mutex_);
          p.stop_ = true;
        }
        p.changed_.notify_all();
        t.join();
        p.threaded_ = false;
      }
    } joiner{*this, producer};
    consume_until_done();
    // The producer has handed over everything it will; joined by joiner.
    if (producer_error_) std::rethrow_exception(producer_error_);
  }

  /// Producer side: hands one item over.
  void emit(Item item) {
    if (!threaded_) {
      (*consume_)(item);
      return;
    }
    filling_.push_back(std::move(item));
    if (filling_.size() >= batch_size_) hand_over(false);
  }

  /// Producer side: runs `task` on the consumer's thread (between batches)
  /// and returns when it has; its exception is rethrown here. For work that
  /// needs what only the consumer's thread may touch (its connection).
  void on_consumer_thread(const std::function<void()>& task) {
    if (!threaded_) {
      task();
      return;
    }
    std::unique_lock<std::mutex> lock(mutex_);
    task_ = &task;
    task_done_ = false;
    task_error_ = nullptr;
    changed_.notify_all();
    changed_.wait(lock, [&] { return task_done_ || stop_; });
    task_ = nullptr;
    if (!task_done_) throw Stopped{};
    if (task_error_) std::rethrow_exception(std::exchange(task_error_, nullptr));
  }

 private:
  // Thrown on the producer's thread when the consumer has stopped.
  struct Stopped {};

  void hand_over(bool last) {
    std::deque<std::vector<Item>> spent;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      if (!last) changed_.wait(lock, [&] { return full_.size() < max_batches_ || stop_; });
      if (stop_) throw Stopped{};
      if (!filling_.empty()) full_.push_back(std::move(filling_));
      filling_.clear();
      spent.swap(spent_);
      changed_.notify_all();
    }
    // Consumed items are freed here, off the consumer's thread.
  }

  void produce_on_thread(const std::function<void()>& produce) {
    std::exception_ptr error;
    try {
      produce();
    } catch (const Stopped&) {
      return;  // the consumer failed: its error is the one reported
    } catch (...) {
      error = std::current_exception();
    }
    try {
      hand_over(true);  // what was emitted before the end (or the error) is consumed
    } catch (const Stopped&) {
      return;
    }
    std::lock_guard<std::mutex> lock(mutex_);
    producer_error_ = error;
    producer_done_ = true;
    changed_.notify_all();
  }

  void consume_until_done() {
    for (;;) {
      std::vector<Item> batch;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        changed_.wait(lock, [&] { return !full_.empty() || producer_done_ || (task_ && !task_done_); });
        if (task_ && !task_done_) {
          const std::function<void()>* task = task_;
          lock.unlock();
          std::exception_ptr error;
          try {
            (*task)();
          } catch (...) {
            error = std::current_exception();
          }
          lock.lock();
          task_error_ = error;
          task_done_ = true;
          changed_.notify_all();
          continue;
        }
        if (full_.empty()) return;  // producer_done_
        batch = std::move(full_.front());
        full_.pop_front();
        changed_.notify_all();
      }
      for (Item& item : batch) (*consume_)(item);
      std::lock_guard<std::mutex> lock(mutex_);
      if (!producer_done_) spent_.push_back(std::move(batch));  // freed by the producer
    }
  }

  const std::size_t batch_size_, max_batches_;
  const std::function<void(Item&)>* consume_ = nullptr;
  bool threaded_ = false;
  std::vector<Item> filling_;  // the producer's

  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::vector<Item>> full_, spent_;
  bool stop_ = false, producer_done_ = false, task_done_ = false;
  std::exception_ptr producer_error_, task_error_;
  const std::function<void()>* task_ = nullptr;
};

}  // namespace slaclock::detail
