#pragma once
// A scratch folder with one database file, for end-to-end CLI tests: run()
// adds --db to every command, file() writes an input beside it.
//
//   CliDatabase w("ops.db");
//   CHECK(w.run("init").exit_code == 0);
//   w.run("import " + shell_quote(w.file("events.jsonl", lines)));
#include "cli_runner.h"
#include "test_support.h"

#include <string>

namespace slaclock {

struct CliDatabase {
  TempDir dir;
  std::string db;

  explicit CliDatabase(const std::string& file_name = "slaclock.db") : db((dir / file_name).string()) {}
  /// Writes `text` to a file of that name in the folder; returns its path.
  std::string file(const std::string& name, const std::string& text) const {
    write_file(dir / name, text);
    return (dir / name).string();
  }
  CliResult run(const std::string& args) const { return run_slaclock(args + " --db " + shell_quote(db)); }
};

}  // namespace slaclock
