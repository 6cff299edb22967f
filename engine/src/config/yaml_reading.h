#pragma once
// Small helpers for reading YAML config with errors that say file, line and
// field. Internal: yaml-cpp stays out of the public headers.
#include <slaclock/base/error.h>

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <map>
#include <sstream>
#include <string>

namespace slaclock::detail {

class YamlReader {
 public:
  /// `stored`: text a database holds, written by an older version perhaps.
  /// It is read as it was accepted then (a repeated key, a name the checks
  /// below refuse today), so that a sweep over it never stops; the checks on
  /// new input apply to files and text not yet stored.
  explicit YamlReader(std::string file, bool stored = false) : file_(std::move(file)), stored_(stored) {}
  const std::string& file() const { return file_; }

  [[noreturn]] void fail(const YAML::Node& at, const std::string& field, const std::string& why) const {
    const std::size_t line = at.IsDefined() && !at.Mark().is_null() ? static_cast<std::size_t>(at.Mark().line) + 1 : 0;
    throw ConfigError({file_, line, field}, why);
  }
  /// A mapping key as text: a list or mapping used as a key is an error, not a crash.
  std::string key(const YAML::Node& k, const std::string& field) const {
    if (!k.IsScalar()) fail(k, field, "expected a plain text key, not a list, mapping or empty key");
    return k.Scalar();
  }
  void only_keys(const YAML::Node& map, const std::string& field, std::initializer_list<const char*> allowed) const {
    if (!map.IsMap()) fail(map, field, "expected a mapping");
    for (const auto& kv : map) {
      const auto key = this->key(kv.first, field);
      bool ok = false;
      for (const char* a : allowed) ok = ok || key == a;
      if (!ok) {
        std::string list;
        for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
        fail(kv.first, field.empty() ? key : field + "." + key, "unknown key (expected one of: " + list + ")");
      }
    }
  }
  YAML::Node required(const YAML::Node& map, const char* key, const std::string& field) const {
    const YAML::Node n = map[key];
    if (!n) fail(map, field.empty() ? key : field + "." + key, "is required");
    return n;
  }
  std::string text(const YAML::Node& n, const std::string& field) const {
    if (!n.IsScalar()) fail(n, field, "expected a text value");
    return n.Scalar();
  }
  long long integer(const YAML::Node& n, const std::string& field, long long lo, long long hi) const {
    if (!n.IsScalar()) fail(n, field, "expected a whole number");
    long long v = 0;
    try {
      std::size_t used = 0;
      v = std::stoll(n.Scalar(), &used);
      if (used != n.Scalar().size()) throw std::invalid_argument("trailing");
    } catch (const std::exception&) {
      fail(n, field, "'" + n.Scalar() + "' is not a whole number");
    }
    if (v < lo || v > hi)
      fail(n, field, std::to_string(v) + " is out of range " + std::to_string(lo) + "-" + std::to_string(hi));
    return v;
  }
  double number(const YAML::Node& n, const std::string& field, double lo, double hi) const {
    if (!n.IsScalar()) fail(n, field, "expected a number");
    double v = 0;
    try {
      std::size_t used = 0;
      v = std::stod(n.Scalar(), &used);
      if (used != n.Scalar().size()) throw std::invalid_argument("trailing");
    } catch (const std::exception&) {
      fail(n, field, "'" + n.Scalar() + "' is not a number");
    }
    if (!(v >= lo && v <= hi))
      fail(n, field, n.Scalar() + " is out of range " + std::to_string(lo) + "-" + std::to_string(hi));
    return v;
  }
  bool boolean(const YAML::Node& n, const std::string& field) const {
    const std::string s = text(n, field);
    if (s == "true" || s == "yes") return true;
    if (s == "false" || s == "no") return false;
    fail(n, field, "'" + s + "' is not true or false");
  }

  /// A calendar's or a version's name (docs/settings.md): 1-64 of the
  /// letters A-Z a-z, digits, '.', '_', '-', starting with a letter or digit.
  /// So a name is safe as a file name (no '/', no "..", no control
  /// character), in a dashboard page (no '<', '&', quotes) and on a terminal.
  std::string name_text(const YAML::Node& n, const std::string& field) const {
    const std::string s = text(n, field);
    if (stored_) {
      if (s.empty() || s.size() > 64) fail(n, field, "must be 1-64 characters");  // the rule before names were checked
      return s;
    }
    if (const std::string why = name_problem(s); !why.empty()) fail(n, field, why);
    return s;
  }
  /// Why `s` is not such a name; empty when it is.
  static std::string name_problem(const std::string& s) {
    if (s.empty() || s.size() > 64) return "is " + std::to_string(s.size()) + " characters: a name is 1-64 characters";
    const auto alnum = [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    };
    if (!alnum(s[0])) return "must start with a letter or a digit";
    for (char c : s)
      if (!alnum(c) && c != '.' && c != '_' && c != '-')
        return "may hold only the letters A-Z and a-z, digits, '.', '_' and '-' (so it is safe as a file name, "
               "in a web page and on a terminal)";
    return {};
  }

  /// Parses text already in hand (errors still name `file()`).
  YAML::Node load_text(const std::string& text) const {
    if (!stored_) refuse_nul(text);
    YAML::Node root;
    try {
      root = YAML::Load(text);
    } catch (const YAML::DeepRecursion& e) {
      throw too_deep(e);
    } catch (const YAML::Exception& e) {
      throw ConfigError({file_, static_cast<std::size_t>(e.mark.line) + 1, ""}, e.msg);
    }
    std::size_t budget = max_nodes;
    if (!stored_) refuse_duplicate_keys(root, "", budget);
    return root;
  }
  /// Loads a file, turning yaml-cpp's parse errors into ConfigError with the
  /// line. Every slaclock YAML file (rules, calendars, KVI settings, import
  /// profiles) comes through here or load_text, so the checks on the bytes
  /// (a NUL) and on the tree (a key given twice) are made once for all.
  YAML::Node load() const {
    std::error_code ec;
    if (std::filesystem::is_directory(file_, ec)) throw ConfigError({file_, 0, ""}, "cannot read file: is a directory");
    std::ifstream in(file_, std::ios::binary);
    if (!in) throw ConfigError({file_, 0, ""}, "cannot read file");
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) throw ConfigError({file_, 0, ""}, "cannot read file");
    return load_text(text.str());
  }

 private:
  // More values than any slaclock file holds: a file of aliases that expand
  // to each other (a "billion laughs") is refused instead of walked forever.
  static constexpr std::size_t max_nodes = 1000000;

  // yaml-cpp reads a NUL as the end of the text or as a bad character with a
  // puzzling message; a NUL means the file is not UTF-8 text at all.
  void refuse_nul(const std::string& text) const {
    const std::size_t at = text.find('\0');
    if (at == std::string::npos) return;
    const std::size_t line = 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + at, '\n'));
    throw ConfigError({file_, line, ""},
                      "contains a NUL byte: a YAML file must be UTF-8 text (is it UTF-16, or not a YAML file?); "
                      "save it as UTF-8");
  }

  // YAML says a mapping's keys are unique, but yaml-cpp keeps both pairs and
  // a lookup finds the first while other readers take the last: the file
  // would mean two things. Refused, naming both lines.
  void refuse_duplicate_keys(const YAML::Node& n, const std::string& path, std::size_t& budget) const {
    if (budget == 0) fail(n, path, "holds more than " + std::to_string(max_nodes) + " values (aliases expanding?)");
    --budget;
    if (n.IsSequence()) {
      std::size_t i = 0;
      for (const auto& item : n) refuse_duplicate_keys(item, path + "[" + std::to_string(i++) + "]", budget);
      return;
    }
    if (!n.IsMap()) return;
    std::map<std::string, YAML::Mark> seen;
    for (const auto& kv : n) {
      std::string name;
      if (kv.first.IsScalar()) {
        name = kv.first.Scalar();
        const std::string field = path.empty() ? name : path + "." + name;
        const auto [it, fresh] = seen.emplace(name, kv.first.Mark());
        if (!fresh)
          fail(kv.first, field,
               "key given twice, at lines " + std::to_string(it->second.line + 1) + " and " +
                   std::to_string(kv.first.Mark().line + 1) + " (YAML readers disagree on which counts: keep one)");
      }
      refuse_duplicate_keys(kv.second, path.empty() ? name : path + "." + name, budget);
    }
  }

  // yaml-cpp stops at 2000 levels of nesting but says only "bad file".
  ConfigError too_deep(const YAML::DeepRecursion& e) const {
    return ConfigError(
        {file_, static_cast<std::size_t>(e.mark.line) + 1, ""},
        "nested more than " + std::to_string(e.depth() - 1) +
            " levels deep (lists or mappings inside each other); no slaclock file needs more than a few");
  }

  std::string file_;
  bool stored_ = false;
};

}  // namespace slaclock::detail
