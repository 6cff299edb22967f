// docs/events.md against the importer's own table (import/accepted_events.h):
// every kind, event type and field the validator accepts is documented under
// its type with the right type and required column, the doc lists nothing the
// validator refuses, and the CSV header names every field.
#include "../engine/src/import/accepted_events.h"
#include "test_support.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace slaclock {

namespace {

std::vector<std::string> doc_lines() {
  std::istringstream in(read_file(std::string(SLACLOCK_SOURCE_DIR) + "/docs/events.md"));
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.rfind(prefix, 0) == 0;
}

std::string trim(std::string s) {
  while (!s.empty() && s.front() == ' ') s.erase(s.begin());
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

/// The lines after the first heading that starts with `heading`, up to the
/// next heading of the same or a higher level.
std::vector<std::string> section(const std::vector<std::string>& lines, const std::string& heading,
                                 std::size_t from = 0, std::size_t to = std::string::npos) {
  const std::size_t level = heading.find(' ');
  const std::size_t end = std::min(to, lines.size());
  for (std::size_t i = from; i < end; ++i) {
    if (!starts_with(lines[i], heading)) continue;
    std::vector<std::string> out;
    for (std::size_t j = i + 1; j < end; ++j) {
      const std::size_t hashes = lines[j].find_first_not_of('#');
      if (hashes > 0 && hashes <= level && hashes != std::string::npos && lines[j][hashes] == ' ') break;
      out.push_back(lines[j]);
    }
    return out;
  }
  return {};
}

/// Table rows naming a field: "| `name` | type | required | what |".
struct DocRow {
  std::string name, type, required, what;
};
std::vector<DocRow> field_rows(const std::vector<std::string>& lines) {
  std::vector<DocRow> rows;
  for (const auto& l : lines) {
    if (!starts_with(l, "| `")) continue;
    std::vector<std::string> cells;
    std::string cell;
    for (std::size_t i = 1; i < l.size(); ++i) {
      if (l[i] == '|' && l[i - 1] != '\\') {
        cells.push_back(trim(cell));
        cell.clear();
      } else {
        cell += l[i];
      }
    }
    if (cells.size() < 4) continue;
    std::string name = cells[0];
    name.erase(std::remove(name.begin(), name.end(), '`'), name.end());
    rows.push_back({name, cells[1], cells[2], cells[3]});
  }
  return rows;
}

std::string spaced(std::string s) {
  std::replace(s.begin(), s.end(), '_', ' ');
  return s;
}

void check_row(const DocRow& row, const detail::AcceptedField& f, const std::string& where) {
  INFO(where << " field " << f.name);
  CHECK(starts_with(row.type, spaced(f.value_kind)));
  for (const auto& choice : f.choices) CHECK(row.type.find("`" + choice + "`") != std::string::npos);
  if (f.required)
    CHECK(row.required == "yes");
  else
    CHECK(starts_with(row.required, "no"));
  CHECK(!row.what.empty());
}

/// GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens.
std::string anchor_of(const std::string& heading) {
  std::string out;
  for (char c : heading) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '_')
      out += static_cast<char>(std::tolower(u));
    else if (c == ' ')
      out += '-';
  }
  return out;
}

std::set<std::string> anchors_in(const std::filesystem::path& file) {
  std::set<std::string> out;
  std::istringstream in(read_file(file));
  bool code = false;
  for (std::string line; std::getline(in, line);) {
    if (starts_with(line, "```")) code = !code;
    if (code || !starts_with(line, "#")) continue;
    const std::size_t text = line.find_first_not_of('#');
    if (text != std::string::npos && line[text] == ' ') out.insert(anchor_of(line.substr(text + 1)));
  }
  return out;
}

}  // namespace

TEST_SUITE("docs") {
  TEST_CASE("the documents link only to files and headings in the repository") {
    const std::filesystem::path root = SLACLOCK_SOURCE_DIR;
    std::vector<std::filesystem::path> files{root / "README.md", root / "samples" / "README.md"};
    for (const auto& e : std::filesystem::directory_iterator(root / "docs"))
      if (e.path().extension() == ".md") files.push_back(e.path());
    const std::regex link(R"(\]\(([^)\s]+)\))");
    for (const auto& file : files) {
      const std::string text = read_file(file);
      INFO(file.string());
      CHECK(text.find("../shared") == std::string::npos);  // nothing outside the repository
      CHECK(text.find("SPEC.md") == std::string::npos);
      for (auto it = std::sregex_iterator(text.begin(), text.end(), link); it != std::sregex_iterator(); ++it) {
        const std::string target = (*it)[1];
        if (target.rfind("http://", 0) == 0 || target.rfind("https://", 0) == 0) continue;
        const std::size_t hash = target.find('#');
        const std::string path = target.substr(0, hash);
        const std::filesystem::path linked = path.empty() ? file : file.parent_path() / path;
        INFO("link " << target);
        CHECK(std::filesystem::exists(linked));
        if (hash != std::string::npos && linked.extension() == ".md" && std::filesystem::exists(linked))
          CHECK(anchors_in(linked).count(target.substr(hash + 1)) == 1);
      }
    }
  }

  TEST_CASE("docs/events.md documents every field of every line") {
    const auto lines = doc_lines();
    REQUIRE(!lines.empty());
    const auto common = section(lines, "## Fields of every event");
    const auto rows = field_rows(common);
    for (const auto& f : detail::common_event_fields()) {
      const auto it = std::find_if(rows.begin(), rows.end(), [&](const DocRow& r) { return r.name == f.name; });
      INFO("common field " << f.name);
      REQUIRE(it != rows.end());
      check_row(*it, f, "every event");
    }
    CHECK(rows.size() == detail::common_event_fields().size());
  }

  TEST_CASE("docs/events.md documents every kind, event type and field the validator accepts, and no other") {
    const auto lines = doc_lines();
    std::set<std::string> kinds;
    for (const auto& t : detail::accepted_event_fields()) kinds.insert(entity_kind_name(t.kind));
    for (const std::string& kind : kinds) {
      INFO("kind " << kind);
      // "## Contacts (`kind: contact`)"
      std::size_t start = lines.size(), end = lines.size();
      for (std::size_t i = 0; i < lines.size(); ++i)
        if (starts_with(lines[i], "## ") && lines[i].find("(`kind: " + kind + "`)") != std::string::npos) {
          start = i;
          for (end = i + 1; end < lines.size() && !starts_with(lines[end], "## "); ++end) {
          }
          break;
        }
      REQUIRE(start < lines.size());

      std::set<std::string> documented_types;
      for (std::size_t i = start; i < end; ++i)
        if (starts_with(lines[i], "### `")) {
          const std::string rest = lines[i].substr(5);
          documented_types.insert(rest.substr(0, rest.find('`')));
        }
      std::set<std::string> accepted_types;
      for (const auto& t : detail::accepted_event_fields()) {
        if (entity_kind_name(t.kind) != kind) continue;
        const std::string type = event_type_name(t.type);
        accepted_types.insert(type);
        const std::string where = kind + " " + type;
        INFO(where);
        const auto body = section(lines, "### `" + type + "`", start, end);
        REQUIRE(!body.empty());
        const auto rows = field_rows(body);
        for (const auto& f : t.fields) {
          const auto it = std::find_if(rows.begin(), rows.end(), [&](const DocRow& r) { return r.name == f.name; });
          INFO("field " << f.name);
          REQUIRE(it != rows.end());
          check_row(*it, f, where);
        }
        CHECK(rows.size() == t.fields.size());  // nothing the validator would refuse
        if (t.fields.empty()) {
          bool says_so = false;
          for (const auto& l : body) says_so = says_so || l.find("No fields of its own") != std::string::npos;
          CHECK(says_so);
        }
        if (t.opening) {
          bool says_opens = false;
          for (const auto& l : body) says_opens = says_opens || starts_with(l, "Opens");
          CHECK(says_opens);
        }
      }
      CHECK(documented_types == accepted_types);
    }
  }

  TEST_CASE("docs/bad-input.md names only tests that exist") {
    // Every TEST_CASE and SUBCASE name in tests/*.cpp, its C++ literal (or
    // adjacent literals) unescaped.
    std::set<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(std::string(SLACLOCK_SOURCE_DIR) + "/tests")) {
      if (entry.path().extension() != ".cpp") continue;
      const std::string text = read_file(entry.path());
      for (const std::string macro : {"TEST_CASE(", "SUBCASE("})
        for (auto pos = text.find(macro); pos != std::string::npos; pos = text.find(macro, pos + 1)) {
          std::string name;
          std::size_t i = pos + macro.size();
          while (i < text.size()) {
            while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
            if (i >= text.size() || text[i] != '"') break;
            for (++i; i < text.size() && text[i] != '"'; ++i) name += text[i] == '\\' ? text[++i] : text[i];
            ++i;
          }
          if (!name.empty()) names.insert(name);
        }
    }
    REQUIRE(names.count("docs/bad-input.md names only tests that exist") == 1);

    std::istringstream in(read_file(std::string(SLACLOCK_SOURCE_DIR) + "/docs/bad-input.md"));
    std::size_t named = 0;
    for (std::string line; std::getline(in, line);) {
      if (!starts_with(line, "| ") || starts_with(line, "| ---")) continue;
      const std::size_t last_bar = line.rfind(" |");
      const std::size_t cell_start = line.rfind(" | ", last_bar - 1);
      REQUIRE(cell_start != std::string::npos);
      const std::string cell = line.substr(cell_start + 3, last_bar - cell_start - 3);
      if (cell == "test" || cell == "same") continue;
      for (std::size_t open = cell.find('`'); open != std::string::npos; open = cell.find('`', open + 1)) {
        const std::size_t close = cell.find('`', open + 1);
        REQUIRE_MESSAGE(close != std::string::npos, line);
        const std::string name = cell.substr(open + 1, close - open - 1);
        CHECK_MESSAGE(names.count(name) == 1, "docs/bad-input.md names a test that does not exist: " << name);
        ++named;
        open = close;
      }
    }
    CHECK(named >= 30);
  }

  TEST_CASE("the CSV header in docs/events.md names every field once") {
    const auto lines = doc_lines();
    const auto it = std::find_if(lines.begin(), lines.end(),
                                 [](const std::string& l) { return starts_with(l, "event_id,kind,entity_id,type,"); });
    REQUIRE(it != lines.end());
    std::vector<std::string> header;
    std::istringstream in(*it);
    for (std::string name; std::getline(in, name, ',');) header.push_back(name);
    std::set<std::string> expected;
    for (const auto& f : detail::common_event_fields()) expected.insert(f.name);
    for (const auto& t : detail::accepted_event_fields())
      for (const auto& f : t.fields) expected.insert(f.name);
    CHECK(std::set<std::string>(header.begin(), header.end()) == expected);
    CHECK(header.size() == expected.size());
  }
}

}  // namespace slaclock
