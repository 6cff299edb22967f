#pragma once
// Reading the CLI's JSON output in end-to-end tests.
//
//   const auto clocks = json_of(w.run("overdue --format json"));
//   CHECK(clock_of(clocks, "C-1", "acknowledge")["status"] == "breached");
#include "cli_runner.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <string>

namespace slaclock {

/// The command's stdout parsed as JSON (its stderr shown when parsing fails).
inline nlohmann::json json_of(const CliResult& r) {
  INFO(r.err);
  return nlohmann::json::parse(r.out);
}

/// The clock object of `entity` named `clock` in an array of clocks, or null.
inline nlohmann::json clock_of(const nlohmann::json& clocks, const std::string& entity, const std::string& clock) {
  for (const auto& c : clocks)
    if (c["entity_id"] == entity && c["clock"] == clock) return c;
  return nullptr;
}

}  // namespace slaclock
