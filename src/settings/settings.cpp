// Loading, validating and printing the settings (TOML, via toml++).
#include "praksis/settings/settings.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include "core/toml_input.hpp"
#include "praksis/core/error.hpp"

namespace praksis {
namespace {

std::string number_text(double v) {
  std::string s = fmt::format("{}", v);
  if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
  return s;
}

/// Reads fields from a parsed TOML document, collecting every problem with its line.
class Loader {
 public:
  Loader(const toml::table& root, std::string source, IssueCollector& issues)
      : root_(root), source_(std::move(source)), issues_(issues) {}

  template <class S>
  void section(std::string_view name, S& s) {
    known_sections_.insert(std::string(name));
    const toml::node* node = root_.get(name);
    if (!node) return;
    if (!node->is_table()) {
      error(*node, std::string(name), message("input.settings.table", name));
      return;
    }
    visit_table(*node->as_table(), std::string(name), s);
  }

  void finish() {
    for (auto&& [k, v] : root_) {
      if (!known_sections_.count(std::string(k.str()))) {
        error(v, std::string(k.str()), message("input.settings.unknown_section"));
      }
    }
  }

  void operator()(std::string_view name, int& out, const FieldInfo& info) {
    const toml::node* n = field(name);
    if (!n) return;
    if (auto v = n->value_exact<std::int64_t>()) {
      if (check_bounds(*n, name, static_cast<double>(*v), info)) out = static_cast<int>(*v);
    } else {
      error(*n, key(name), message("input.settings.integer"));
    }
  }

  void operator()(std::string_view name, double& out, const FieldInfo& info) {
    const toml::node* n = field(name);
    if (!n) return;
    if (auto v = as_number(*n)) {
      if (check_bounds(*n, name, *v, info)) out = *v;
    } else {
      error(*n, key(name), message("input.settings.number"));
    }
  }

  void operator()(std::string_view name, Money& out, const FieldInfo& info) {
    const toml::node* n = field(name);
    if (!n) return;
    if (auto v = n->value_exact<std::int64_t>()) {
      if (check_bounds(*n, name, static_cast<double>(*v), info)) out = Money::kr(*v);
    } else if (auto d = n->value_exact<double>()) {
      if (check_bounds(*n, name, *d, info)) out = Money::from_kr_rounded(*d);
    } else {
      error(*n, key(name), message("input.settings.money"));
    }
  }

  void operator()(std::string_view name, bool& out, const FieldInfo&) {
    const toml::node* n = field(name);
    if (!n) return;
    if (auto v = n->value_exact<bool>())
      out = *v;
    else
      error(*n, key(name), message("input.settings.bool"));
  }

  void operator()(std::string_view name, std::string& out, const FieldInfo&) {
    const toml::node* n = field(name);
    if (!n) return;
    if (auto v = n->value_exact<std::string>())
      out = *v;
    else
      error(*n, key(name), message("input.settings.string"));
  }

  /// An array of tables ([[section.name]]); each element is read with T::visit over T's defaults.
  /// When present in the file it replaces the default list.
  template <class T>
  void tables(std::string_view name, std::vector<T>& out, const FieldInfo&) {
    const toml::node* n = field(name);
    if (!n) return;
    const toml::array* a = n->as_array();
    if (a && a->empty()) {
      out.clear();
      return;
    }
    if (!a || !a->is_array_of_tables()) {
      error(*n, key(name), message("input.settings.tables", key(name)));
      return;
    }
    std::vector<T> tmp(a->size());
    const toml::table* outer_table = table_;
    const std::string outer_section = section_;
    auto outer_seen = std::move(seen_);
    for (std::size_t i = 0; i < a->size(); ++i) {
      visit_table(*a->get(i)->as_table(), fmt::format("{}.{}[{}]", outer_section, name, i), tmp[i]);
    }
    table_ = outer_table;
    section_ = outer_section;
    seen_ = std::move(outer_seen);
    out = std::move(tmp);
  }

  void operator()(std::string_view name, Date& out, const FieldInfo&) {
    const toml::node* n = field(name);
    if (!n) return;
    if (auto d = n->value_exact<toml::date>()) {
      out = Date::from_ymd(d->year, d->month, d->day);
    } else if (auto s = n->value_exact<std::string>()) {
      if (auto p = Date::parse(*s))
        out = *p;
      else
        error(*n, key(name), message("input.settings.date"));
    } else {
      error(*n, key(name), message("input.settings.date"));
    }
  }

  template <class T>
  void operator()(std::string_view name, std::vector<T>& out, const FieldInfo& info) {
    const toml::node* n = field(name);
    if (!n) return;
    const toml::array* a = n->as_array();
    if (!a) {
      error(*n, key(name), message("input.settings.array"));
      return;
    }
    std::vector<T> tmp;
    bool ok = true;
    for (std::size_t i = 0; i < a->size(); ++i) {
      const toml::node& e = *a->get(i);
      const std::string k = fmt::format("{}[{}]", key(name), i);
      std::optional<double> v;
      if constexpr (std::is_integral_v<T>) {
        if (auto iv = e.value_exact<std::int64_t>())
          v = static_cast<double>(*iv);
        else {
          error(e, k, message("input.settings.integer"));
          ok = false;
          continue;
        }
      } else {
        v = as_number(e);
        if (!v) {
          error(e, k, message("input.settings.number"));
          ok = false;
          continue;
        }
      }
      if (*v < info.bounds.min || *v > info.bounds.max) {
        error(e, k, bounds_text(*v, info));
        ok = false;
        continue;
      }
      tmp.push_back(static_cast<T>(*v));
    }
    if (ok) out = std::move(tmp);
  }

  template <class E, std::size_t N>
  void choice(std::string_view name, E& out, const std::array<std::string_view, N>& names,
              const FieldInfo&) {
    const toml::node* n = field(name);
    if (!n) return;
    auto s = n->value_exact<std::string>();
    std::string valid;
    for (auto nm : names) valid += (valid.empty() ? "" : ", ") + std::string(nm);
    if (s) {
      for (std::size_t i = 0; i < N; ++i) {
        if (names[i] == *s) {
          out = static_cast<E>(i);
          return;
        }
      }
    }
    error(*n, key(name), message("input.settings.choice", valid));
  }

  /// The line where `dotted` (section.key) is, for cross-field errors.
  std::int64_t line_of(std::string_view dotted) const {
    const toml::node_view<const toml::node> v = root_.at_path(dotted);
    return v ? static_cast<std::int64_t>(v.node()->source().begin.line) : 0;
  }

 private:
  template <class S>
  void visit_table(const toml::table& t, std::string name, S& s) {
    table_ = &t;
    section_ = std::move(name);
    seen_.clear();
    s.visit(*this);
    for (auto&& [k, v] : *table_) {
      if (!seen_.count(std::string(k.str()))) {
        error(v, key(k.str()), message("input.settings.unknown_key"));
      }
    }
    table_ = nullptr;
  }
  static std::optional<double> as_number(const toml::node& n) {
    if (auto i = n.value_exact<std::int64_t>()) return static_cast<double>(*i);
    if (auto d = n.value_exact<double>()) {
      if (std::isfinite(*d)) return *d;
    }
    return std::nullopt;
  }
  static Message bounds_text(double v, const FieldInfo& info) {
    if (info.bounds.max == std::numeric_limits<double>::infinity()) {
      return message("input.settings.at_least", info.bounds.min, v);
    }
    return message("input.settings.between", info.bounds.min, info.bounds.max, v);
  }
  bool check_bounds(const toml::node& n, std::string_view name, double v, const FieldInfo& info) {
    if (v < info.bounds.min || v > info.bounds.max) {
      error(n, key(name), bounds_text(v, info));
      return false;
    }
    return true;
  }
  const toml::node* field(std::string_view name) {
    seen_.insert(std::string(name));
    return table_->get(name);
  }
  std::string key(std::string_view name) const { return fmt::format("{}.{}", section_, name); }
  void error(const toml::node& n, std::string k, Message reason) {
    issues_.add(InputLocation{source_, static_cast<std::int64_t>(n.source().begin.line),
                              static_cast<std::int64_t>(n.source().begin.column), std::move(k)},
                std::move(reason));
  }

  const toml::table& root_;
  std::string source_;
  IssueCollector& issues_;
  const toml::table* table_ = nullptr;
  std::string section_;
  std::set<std::string> seen_;
  std::set<std::string> known_sections_;
};

/// Writes the settings as TOML with the rule and meaning of every key as a comment.
class Printer {
 public:
  template <class S>
  void section(std::string_view name, S& s) {
    out_ << "\n[" << name << "]\n";
    section_ = name;
    s.visit(*this);
    out_ << tables_.str();  // arrays of tables after the section's plain keys (TOML scoping)
    tables_.str({});
  }
  void operator()(std::string_view k, int v, const FieldInfo& i) { line(k, std::to_string(v), i); }
  void operator()(std::string_view k, bool v, const FieldInfo& i) {
    line(k, v ? "true" : "false", i);
  }
  void operator()(std::string_view k, const std::string& v, const FieldInfo& i) {
    line(k, toml_string(v), i);
  }
  template <class T>
  void tables(std::string_view k, std::vector<T>& v, const FieldInfo& i) {
    tables_ << "\n# " << (i.rule.empty() ? "" : std::string(i.rule) + ": ") << i.doc << "\n";
    bool first = true;
    for (auto& element : v) {
      Printer nested;
      nested.comments_ = first;  // explain the keys once, not for every element
      first = false;
      element.visit(nested);
      tables_ << "[[" << section_ << "." << k << "]]\n" << nested.str() << "\n";
    }
    // An empty list must still override a default list when this file is loaded again.
    if (v.empty())
      out_ << "# " << i.rule << ": " << k << " (none; see the note below)\n" << k << " = []\n";
  }
  void operator()(std::string_view k, double v, const FieldInfo& i) { line(k, number_text(v), i); }
  void operator()(std::string_view k, Money v, const FieldInfo& i) {
    line(k, v.ore % 100 == 0 ? std::to_string(v.ore / 100) : v.to_kr_string(), i);
  }
  void operator()(std::string_view k, Date v, const FieldInfo& i) { line(k, v.to_string(), i); }
  template <class T>
  void operator()(std::string_view k, const std::vector<T>& v, const FieldInfo& i) {
    std::string s = "[";
    for (std::size_t j = 0; j < v.size(); ++j) {
      if (j) s += ", ";
      if constexpr (std::is_integral_v<T>)
        s += std::to_string(v[j]);
      else
        s += number_text(v[j]);
    }
    line(k, s + "]", i);
  }
  template <class E, std::size_t N>
  void choice(std::string_view k, E v, const std::array<std::string_view, N>& names,
              const FieldInfo& i) {
    line(k, fmt::format("\"{}\"", names[static_cast<std::size_t>(v)]), i);
  }
  std::string str() const { return out_.str(); }

 private:
  static std::string toml_string(const std::string& v) {
    std::string s = "\"";
    for (char c : v) {
      if (c == '"' || c == '\\') s += '\\';
      if (c == '\n') {
        s += "\\n";
        continue;
      }
      s += c;
    }
    return s + "\"";
  }
  void line(std::string_view k, const std::string& value, const FieldInfo& i) {
    if (comments_)
      out_ << "# " << (i.rule.empty() ? "" : std::string(i.rule) + ": ") << i.doc << "\n";
    out_ << k << " = " << value << "\n";
  }
  std::ostringstream out_;
  std::ostringstream tables_;
  std::string_view section_;
  bool comments_ = true;
};

/// Cross-field checks; each problem names the dotted key it is about.
std::vector<std::pair<std::string, Message>> consistency_problems(const Settings& s) {
  std::vector<std::pair<std::string, Message>> p;
  const auto& d = s.demand;
  if (d.age_band_starts.empty() || d.age_band_starts.front() != 0) {
    p.emplace_back("demand.age_band_starts", message("input.settings.starts_at_0"));
  }
  for (std::size_t i = 1; i < d.age_band_starts.size(); ++i) {
    if (d.age_band_starts[i] <= d.age_band_starts[i - 1]) {
      p.emplace_back("demand.age_band_starts", message("input.settings.ascending"));
      break;
    }
  }
  if (d.contacts_female.size() != d.age_band_starts.size()) {
    p.emplace_back(
        "demand.contacts_female",
        message("input.settings.band_values", d.contacts_female.size(), d.age_band_starts.size()));
  }
  if (d.contacts_male.size() != d.age_band_starts.size()) {
    p.emplace_back(
        "demand.contacts_male",
        message("input.settings.band_values", d.contacts_male.size(), d.age_band_starts.size()));
  }
  const auto& sv = s.survey;
  if (sv.decay_band_ends_km.empty())
    p.emplace_back("survey.decay_band_ends_km", message("input.settings.not_empty"));
  if (sv.decay_band_ends_km.size() > kMaxDecayBands) {
    p.emplace_back("survey.decay_band_ends_km",
                   message("input.settings.max_bands", kMaxDecayBands));
  }
  for (std::size_t i = 1; i < sv.decay_band_ends_km.size(); ++i) {
    if (sv.decay_band_ends_km[i] <= sv.decay_band_ends_km[i - 1]) {
      p.emplace_back("survey.decay_band_ends_km", message("input.settings.ascending"));
      break;
    }
  }
  if (!sv.decay_band_ends_km.empty() &&
      std::abs(sv.decay_band_ends_km.back() - sv.catchment_km) > 1e-9) {
    p.emplace_back("survey.decay_band_ends_km",
                   message("input.settings.last_band", sv.catchment_km));
  }
  if (sv.decay_band_weights.size() != sv.decay_band_ends_km.size()) {
    p.emplace_back("survey.decay_band_weights",
                   message("input.settings.band_weights", sv.decay_band_weights.size(),
                           sv.decay_band_ends_km.size()));
  }
  if (sv.distance_histogram_km.empty()) {
    p.emplace_back("survey.distance_histogram_km", message("input.settings.not_empty"));
  }
  for (std::size_t i = 1; i < sv.distance_histogram_km.size(); ++i) {
    if (sv.distance_histogram_km[i] <= sv.distance_histogram_km[i - 1]) {
      p.emplace_back("survey.distance_histogram_km", message("input.settings.ascending"));
      break;
    }
  }
  const auto& dz = s.designation;
  for (std::size_t i = 0; i < dz.criteria.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (dz.criteria[j].id == dz.criteria[i].id) {
        p.emplace_back(fmt::format("designation.criteria[{}].id", i),
                       message("input.settings.designation.criterion_twice",
                               kCriterionNames[static_cast<std::size_t>(dz.criteria[i].id)], j));
        break;
      }
    }
  }
  for (std::size_t i = 0; i < dz.manual.size(); ++i) {
    if (dz.manual[i].reason.find_first_not_of(" \t\r\n") == std::string::npos) {
      p.emplace_back(fmt::format("designation.manual[{}].reason", i),
                     message("input.settings.D1.manual_reason"));
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (dz.manual[j].kommune == dz.manual[i].kommune) {
        p.emplace_back(fmt::format("designation.manual[{}].kommune", i),
                       message("input.settings.D1.manual_twice", dz.manual[i].kommune, j));
        break;
      }
    }
  }
  if (s.capacity.approval_required_above < s.capacity.may_close_above) {
    p.emplace_back("capacity.approval_required_above",
                   message("input.settings.below", "may_close_above"));
  }
  const auto& pa = s.practice_areas;
  if (pa.psychologist_free_max_age > 0 &&
      pa.psychologist_free_min_age > pa.psychologist_free_max_age) {
    p.emplace_back("practice_areas.psychologist_free_max_age",
                   message("input.settings.below", "psychologist_free_min_age"));
  }
  if (pa.psychologist_anxiety_max_age > 0 &&
      pa.psychologist_anxiety_min_age > pa.psychologist_anxiety_max_age) {
    p.emplace_back("practice_areas.psychologist_anxiety_max_age",
                   message("input.settings.zero_or_not_below", "psychologist_anxiety_min_age"));
  }
  if (s.forecast.national_horizon > s.forecast.last_year)
    p.emplace_back("forecast.national_horizon", message("input.settings.after", "last_year"));
  if (s.dataset.min_lat >= s.dataset.max_lat)
    p.emplace_back("dataset.max_lat", message("input.settings.exceed", "min_lat"));
  if (s.dataset.min_lon >= s.dataset.max_lon)
    p.emplace_back("dataset.max_lon", message("input.settings.exceed", "min_lon"));
  return p;
}

}  // namespace

Settings Settings::parse(std::string_view text, std::string_view source) {
  return parse_over(Settings{}, text, source);
}

Settings Settings::parse_over(Settings s, std::string_view text, std::string_view source) {
  const toml::table root = detail::parse_toml(text, std::string(source));
  IssueCollector issues;
  Loader loader(root, std::string(source), issues);
  s.visit(loader);
  loader.finish();
  issues.throw_if_any();
  for (auto& [k, reason] : consistency_problems(s)) {
    issues.add(InputLocation{std::string(source), loader.line_of(k), 0, k}, reason);
  }
  issues.throw_if_any();
  return s;
}

Settings Settings::load(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw InputError(InputLocation{path.string(), 0, 0, {}}, message("input.settings.cannot_open"));
  std::stringstream ss;
  ss << in.rdbuf();
  return parse(ss.str(), path.string());
}

void Settings::validate(std::string_view source) const {
  IssueCollector issues;
  for (auto& [k, reason] : consistency_problems(*this)) {
    issues.add(InputLocation{std::string(source), 0, 0, k}, reason);
  }
  issues.throw_if_any();
}

std::string Settings::to_toml() const {
  Printer p;
  const_cast<Settings*>(this)->visit(p);  // Printer only reads
  return "# praksis settings: effective values. Rule IDs refer to docs/rules.md (DOMAIN.md).\n" +
         p.str();
}

}  // namespace praksis
