// slaclock notices [--since T] [--kind K] [--customer C] [--unsent]
// slaclock notices mark-sent ID... [--by WHO]
// and the notify command the sweep runs for each unsent notice.
#include "cli_notices.h"

#include <slaclock/base/error.h>
#include <slaclock/config/calendar_loader.h>
#include <slaclock/store/event_store.h>
#include <slaclock/time/timestamp.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <map>
#include <memory>

namespace slaclock::cli {

namespace {

struct NoticeArgs {
  std::string since, kind, customer, by;
  bool unsent = false;
  std::vector<std::int64_t> ids;
};

// Each notice prints in its clock's calendar zone; calendars are loaded once.
const TimeZone& zone_of(const StoredNotice& n, const CommonOptions& o) {
  static std::map<std::string, TimeZone> zones;
  const std::string name = n.calendar.empty() ? o.calendar : n.calendar;
  auto it = zones.find(name);
  if (it == zones.end()) it = zones.emplace(name, o.zone_of_calendar(name)).first;
  return it->second;
}

const std::vector<std::string> columns = {"id",      "kind",     "entity_id", "entity_kind", "clock",
                                          "due_at",  "customer", "reason",    "raised_at",   "sweep_id",
                                          "sent_at", "sent_by",  "sent_via"};

std::vector<std::string> notice_row(const StoredNotice& n, const CommonOptions& o) {
  const TimeZone& zone = zone_of(n, o);
  return {std::to_string(n.id),
          notice_kind_name(n.kind),
          n.entity_id,
          entity_kind_name(n.entity_kind),
          clock_name(n.clock),
          n.due_at ? o.format_time(*n.due_at, zone) : "",
          n.customer,
          n.reason,
          o.format_time(n.raised_at, zone),
          std::to_string(n.sweep_id),
          n.sent ? o.format_time(n.sent->sent_at, zone) : "",
          n.sent ? n.sent->sent_by : "",
          n.sent ? delivery_via_name(n.sent->via) : ""};
}

void run_list(const CommonOptions& o, const NoticeArgs& a) {
  // Every option is checked before the store is touched.
  const Format format = o.output_format();
  NoticeQuery q;
  if (!a.since.empty()) q.since = o.parse_time(a.since, "--since");
  if (!a.kind.empty()) {
    q.kind = parse_notice_kind(a.kind);
    if (!q.kind)
      throw InputError({"", 0, "--kind"}, "'" + a.kind + "' is not one of breached, at_risk, notify_customers");
  }
  if (!a.customer.empty()) q.customer = a.customer;
  q.unsent_only = a.unsent;
  const EventStore store = EventStore::open(o.database_path(), OpenMode::read_only);
  const CalendarsOfStore calendars_of_store(o, store);
  const std::vector<StoredNotice> notices = list_notices(store, q);
  switch (format) {
    case Format::json: {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& n : notices) out.push_back(notice_json(n, o));
      std::cout << json_text(out, 2) << '\n';
      return;
    }
    case Format::csv: {
      std::vector<std::vector<std::string>> rows;
      for (const auto& n : notices) rows.push_back(notice_row(n, o));
      print_csv(std::cout, columns, rows);
      return;
    }
    case Format::table: {
      if (notices.empty()) {
        std::cout << "no notices\n";
        return;
      }
      std::vector<std::vector<std::string>> rows;
      for (const auto& n : notices) {
        const auto r = notice_row(n, o);
        rows.push_back({r[0], r[8], r[1], r[2], r[4], r[5], r[6], n.sent ? r[10] + " by " + r[11] : "unsent", r[7]});
      }
      print_table(std::cout, {"id", "raised", "kind", "entity", "clock", "due", "customer", "sent", "reason"}, rows);
      return;
    }
  }
}

void run_mark_sent(const CommonOptions& o, const NoticeArgs& a) {
  const std::string who = who_delivers(a.by);
  if (who.empty()) throw InputError({"", 0, "--by"}, "say who sent the notices (USER is not set)");
  EventStore store = EventStore::open(o.database_path(), OpenMode::read_write);
  const CalendarsOfStore calendars_of_store(o, store);
  const auto already = record_notice_deliveries(store, a.ids, {wall_clock_now(), who, DeliveryVia::mark_sent, ""});
  for (const std::int64_t id : already)
    std::cerr << "slaclock: note: notice " << id << " was already sent; not recorded again\n";
  const std::size_t recorded = a.ids.size() - already.size();
  std::cout << "marked " << recorded << " notice" << (recorded == 1 ? "" : "s") << " sent by " << who << "\n";
}

// Writes all of `bytes` to fd; false on an error other than an interruption
// (a command that does not read its input closes the pipe: not our failure).
bool write_all(int fd, const std::string& bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

std::string who_delivers(const std::string& by) {
  if (!by.empty()) return by;
  for (const char* name : {"USER", "LOGNAME"})
    if (const char* v = std::getenv(name); v && *v) return v;
  return "";
}

nlohmann::json notice_json(const StoredNotice& n, const CommonOptions& o) {
  const TimeZone& zone = zone_of(n, o);
  const auto instant = [&](const std::optional<Instant>& t) {
    return t ? nlohmann::json(o.format_time(*t, zone)) : nlohmann::json(nullptr);
  };
  nlohmann::json j;
  j["id"] = n.id;
  j["kind"] = notice_kind_name(n.kind);
  j["entity_id"] = n.entity_id;
  j["entity_kind"] = entity_kind_name(n.entity_kind);
  j["clock"] = clock_name(n.clock);
  j["due_at"] = instant(n.due_at);
  j["customer"] = n.customer.empty() ? nlohmann::json(nullptr) : nlohmann::json(n.customer);
  j["reason"] = n.reason;
  j["raised_at"] = o.format_time(n.raised_at, zone);
  j["sweep_id"] = n.sweep_id;
  j["sent_at"] = instant(n.sent ? std::optional<Instant>(n.sent->sent_at) : std::nullopt);
  j["sent_by"] = n.sent ? nlohmann::json(n.sent->sent_by) : nlohmann::json(nullptr);
  j["sent_via"] = n.sent ? nlohmann::json(delivery_via_name(n.sent->via)) : nlohmann::json(nullptr);
  return j;
}

bool run_notify_command(const std::string& command, const StoredNotice& n, const CommonOptions& o) {
  const std::string input = json_text(notice_json(n, o), -1) + "\n";
  const std::string what = "notice " + std::to_string(n.id) + " (" + notice_kind_name(n.kind) + ", " + n.entity_id +
                           " " + clock_name(n.clock) + ")";
  const auto fail = [&](const std::string& why) {
    std::cerr << "slaclock: " << what << ": notify command " << why
              << "; it stays unsent and the next sweep tries it again\n";
    return false;
  };
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) return fail(std::string("could not start: ") + std::strerror(errno));
  std::cout.flush();
  std::cerr.flush();
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    return fail(std::string("could not start: ") + std::strerror(errno));
  }
  if (pid == 0) {
    // The child: the notice on stdin, its output on our stderr (our stdout
    // may be the sweep's JSON).
    ::dup2(pipe_fds[0], STDIN_FILENO);
    ::dup2(STDERR_FILENO, STDOUT_FILENO);
    ::setenv("SLACLOCK_NOTICE_ID", std::to_string(n.id).c_str(), 1);
    ::setenv("SLACLOCK_NOTICE_KIND", notice_kind_name(n.kind), 1);
    ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(pipe_fds[0]);
  // A command that exits without reading its input must not kill us with SIGPIPE.
  struct sigaction ignore {
  }, previous{};
  ignore.sa_handler = SIG_IGN;
  ::sigaction(SIGPIPE, &ignore, &previous);
  write_all(pipe_fds[1], input);
  ::close(pipe_fds[1]);
  ::sigaction(SIGPIPE, &previous, nullptr);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) return fail(std::string("could not be waited for: ") + std::strerror(errno));
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return true;
  if (WIFEXITED(status)) return fail("exited with status " + std::to_string(WEXITSTATUS(status)));
  return fail("was killed by signal " + std::to_string(WTERMSIG(status)));
}

void register_notice_commands(CLI::App& app, CommonOptions& o) {
  auto args = std::make_shared<NoticeArgs>();
  auto* notices = app.add_subcommand("notices", "the notices sweeps raised, and whether each was sent");
  notices->require_subcommand(0, 1);
  notices->add_option("--since", args->since, "only notices raised by sweeps as of this instant or later");
  notices->add_option("--kind", args->kind, "only breached, at_risk or notify_customers");
  notices->add_option("--customer", args->customer, "only this customer's");
  notices->add_flag("--unsent", args->unsent, "only notices not sent yet");
  add_common_options(*notices, o, db_option | calendar_option | format_option | time_options);
  notices->footer(
      "Oldest first. A notice is sent once a delivery is recorded: by 'notices mark-sent' or by the command\n"
      "'sweep --notify-cmd' runs. The database is opened read-only.");

  auto* mark = notices->add_subcommand("mark-sent", "record that notices were sent (who and when; append-only)");
  mark->add_option("ID", args->ids, "notice ids, as 'notices' lists them")->required();
  mark->add_option("--by", args->by, "who sent them (default $USER)");
  add_common_options(*mark, o, db_option);
  mark->footer(
      "Every id is checked first: an unknown one records nothing (exit 2). An id already sent is noted\n"
      "and not recorded again.");
  mark->callback([&o, args] { run_mark_sent(o, *args); });

  notices->callback([&o, args, mark] {
    if (!mark->parsed()) run_list(o, *args);
  });
}

}  // namespace slaclock::cli
