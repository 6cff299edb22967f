#pragma once
// Small helpers for reading YAML config with errors that say file, line and
// field. Internal: yaml-cpp stays out of the public headers.
#include <slaclock/base/error.h>

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <string>

namespace slaclock::detail {

class YamlReader {
 public:
  explicit YamlReader(std::string file) : file_(std::move(file)) {}
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

  /// Parses text already in hand (errors still name `file()`).
  YAML::Node load_text(const std::string& text) const {
    try {
      return YAML::Load(text);
    } catch (const YAML::DeepRecursion& e) {
      throw too_deep(e);
    } catch (const YAML::Exception& e) {
      throw ConfigError({file_, static_cast<std::size_t>(e.mark.line) + 1, ""}, e.msg);
    }
  }
  /// Loads a file, turning yaml-cpp's parse errors into ConfigError with the line.
  YAML::Node load() const {
    try {
      return YAML::LoadFile(file_);
    } catch (const YAML::BadFile&) {
      throw ConfigError({file_, 0, ""}, "cannot read file");
    } catch (const YAML::DeepRecursion& e) {
      throw too_deep(e);
    } catch (const YAML::Exception& e) {
      throw ConfigError({file_, static_cast<std::size_t>(e.mark.line) + 1, ""}, e.msg);
    }
  }

 private:
  // yaml-cpp stops at 2000 levels of nesting but says only "bad file".
  ConfigError too_deep(const YAML::DeepRecursion& e) const {
    return ConfigError(
        {file_, static_cast<std::size_t>(e.mark.line) + 1, ""},
        "nested more than " + std::to_string(e.depth() - 1) +
            " levels deep (lists or mappings inside each other); no slaclock file needs more than a few");
  }

  std::string file_;
};

}  // namespace slaclock::detail
