// What-if scenarios: parse a change file, apply it to a copy of the world, re-list, survey.
#include "praksis/placement/what_if.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <toml++/toml.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <functional>
#include <future>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unordered_map>

#include "core/toml_input.hpp"
#include "praksis/designation/threatened_areas.hpp"
#include "praksis/geo/point_index.hpp"
#include "praksis/model/registry_rules.hpp"
#include "praksis/survey/survey_basis.hpp"

namespace praksis {
namespace {

using Action = ClinicChange::Action;

constexpr std::string_view kActions[] = {"add",        "capacities", "open_list",
                                         "close_list", "move",       "close"};

class ChangeReader {
 public:
  ChangeReader(std::string source, IssueCollector& issues)
      : source_(std::move(source)), issues_(issues) {}

  InputLocation at(const toml::node& n, std::string key) const {
    return {source_, static_cast<std::int64_t>(n.source().begin.line),
            static_cast<std::int64_t>(n.source().begin.column), std::move(key)};
  }
  void fail(const toml::node& n, std::string key, Message reason) {
    issues_.add(at(n, std::move(key)), std::move(reason));
  }
  const toml::node* field(const toml::table& t, const std::string& path, const char* name,
                          bool required) {
    const toml::node* n = t.get(name);
    if (!n && required) fail(t, path + "." + name, message("placement.error.missing"));
    return n;
  }
  std::optional<double> number(const toml::node& n, const std::string& key, double lo, double hi) {
    std::optional<double> v;
    if (auto i = n.value_exact<std::int64_t>())
      v = static_cast<double>(*i);
    else if (auto d = n.value_exact<double>())
      v = *d;
    if (!v || !(*v >= lo && *v <= hi)) {
      fail(n, key, message("placement.error.number", lo, hi));
      return std::nullopt;
    }
    return v;
  }
  std::optional<std::int64_t> integer(const toml::node& n, const std::string& key, std::int64_t lo,
                                      std::int64_t hi) {
    auto i = n.value_exact<std::int64_t>();
    if (!i || *i < lo || *i > hi) {
      fail(n, key, message("placement.error.integer", lo, hi));
      return std::nullopt;
    }
    return i;
  }
  std::optional<std::string> text(const toml::node& n, const std::string& key) {
    auto s = n.value_exact<std::string>();
    if (!s) fail(n, key, message("placement.error.string"));
    return s;
  }
  std::optional<bool> boolean(const toml::node& n, const std::string& key) {
    auto b = n.value_exact<bool>();
    if (!b) fail(n, key, message("placement.error.bool"));
    return b;
  }

 private:
  std::string source_;
  IssueCollector& issues_;
};

// Reads lat/lon of an entry (degrees) into `p`.
void read_point(ChangeReader& r, const toml::table& t, const std::string& path, GeoPoint& p) {
  const toml::node* lat = r.field(t, path, "lat", true);
  const toml::node* lon = r.field(t, path, "lon", true);
  std::optional<double> la, lo;
  if (lat) la = r.number(*lat, path + ".lat", 54.0, 58.0);  // Denmark's latitudes
  if (lon) lo = r.number(*lon, path + ".lon", 7.5, 15.5);
  if (la && lo) p = GeoPoint::from_degrees(*la, *lo);
}

ClinicChange read_change(ChangeReader& r, const toml::table& t, const std::string& path) {
  ClinicChange c;
  c.where = r.at(t, path);
  const std::vector<std::string_view> allowed_common = {"action", "ydernummer"};
  std::vector<std::string_view> allowed = allowed_common;
  if (const toml::node* a = r.field(t, path, "action", true)) {
    if (auto s = r.text(*a, path + ".action")) {
      const auto it = std::find(std::begin(kActions), std::end(kActions), *s);
      if (it == std::end(kActions)) {
        r.fail(*a, path + ".action", message("placement.error.action", *s));
        return c;
      }
      c.action = static_cast<Action>(it - std::begin(kActions));
    } else {
      return c;
    }
  } else {
    return c;
  }
  if (const toml::node* y = r.field(t, path, "ydernummer", c.action != Action::add))
    if (auto v = r.integer(*y, path + ".ydernummer", 1, 999999999))
      c.ydernummer = static_cast<Ydernummer>(*v);
  switch (c.action) {
    case Action::add: {
      allowed.insert(allowed.end(), {"name", "lat", "lon", "kommune", "capacities",
                                     "unfilled_capacities", "open", "form"});
      if (const toml::node* n = r.field(t, path, "name", true))
        if (auto s = r.text(*n, path + ".name")) c.clinic.name = *s;
      read_point(r, t, path, c.clinic.location);
      if (const toml::node* n = r.field(t, path, "kommune", true))
        if (auto v = r.integer(*n, path + ".kommune", 1, 999))
          c.clinic.kommune = static_cast<KommuneCode>(*v);
      if (const toml::node* n = r.field(t, path, "capacities", false))
        if (auto v = r.integer(*n, path + ".capacities", 0, 100))
          c.clinic.capacities = static_cast<std::uint16_t>(*v);
      if (const toml::node* n = r.field(t, path, "unfilled_capacities", false))
        if (auto v = r.integer(*n, path + ".unfilled_capacities", 0, 100))
          c.clinic.unfilled_capacities = static_cast<std::uint16_t>(*v);
      if (c.clinic.total_capacities() == 0)
        r.fail(t, path, message("placement.error.no_capacities"));
      if (const toml::node* n = r.field(t, path, "open", false))
        if (auto b = r.boolean(*n, path + ".open")) c.clinic.open = *b;
      if (const toml::node* n = r.field(t, path, "form", false)) {
        if (auto s = r.text(*n, path + ".form")) {
          if (auto f = parse_practice_form(*s))
            c.clinic.form = *f;
          else
            r.fail(*n, path + ".form", message("placement.error.form", *s));
        }
      }
      break;
    }
    case Action::capacities:
      allowed.push_back("change");
      if (const toml::node* n = r.field(t, path, "change", true))
        if (auto v = r.integer(*n, path + ".change", -100, 100))
          c.capacity_change = static_cast<int>(*v);
      break;
    case Action::move:
      allowed.insert(allowed.end(), {"lat", "lon", "kommune"});
      read_point(r, t, path, c.to);
      if (const toml::node* n = r.field(t, path, "kommune", false))
        if (auto v = r.integer(*n, path + ".kommune", 1, 999))
          c.to_kommune = static_cast<KommuneCode>(*v);
      break;
    case Action::open_list:
    case Action::close_list:
    case Action::close:
      break;
  }
  for (auto&& [k, node] : t) {
    if (std::find(allowed.begin(), allowed.end(), k.str()) == allowed.end())
      r.fail(node, path + "." + std::string(k.str()),
             message("placement.error.key_for_action", kActions[static_cast<int>(c.action)]));
  }
  return c;
}

std::uint32_t normtal_room(const Clinic& c, std::uint32_t listed, int normtal) {
  const std::uint64_t limit = static_cast<std::uint64_t>(normtal) * c.total_capacities();
  return listed < limit ? static_cast<std::uint32_t>(limit - listed) : 0;
}

// Clinic positions by ydernummer while changes add clinics (the world's index is rebuilt once,
// at the end: rebuilding it indexes every citizen again).
class ClinicPositions {
 public:
  explicit ClinicPositions(const World& w) {
    for (std::size_t j = 0; j < w.clinics.size(); ++j)
      pos_.emplace(w.clinics[j].ydernummer, static_cast<ClinicIndex>(j));
  }
  bool contains(Ydernummer y) const { return pos_.contains(y); }
  void add(Ydernummer y, ClinicIndex j) { pos_.emplace(y, j); }
  // The clinic a change refers to, or an issue naming the change.
  std::optional<ClinicIndex> of(const ClinicChange& c, IssueCollector& issues) const {
    const auto it = pos_.find(c.ydernummer);
    if (it != pos_.end()) return it->second;
    issues.add(c.where, message("placement.error.no_clinic", c.ydernummer));
    return std::nullopt;
  }

 private:
  std::unordered_map<Ydernummer, ClinicIndex> pos_;
};

// Applies every change; returns, per clinic of the new world, whether it was closed (removed
// clinics are dropped at the end, so indexes stay valid while changing).
std::vector<char> apply_changes(World& w, const WhatIfScenario& sc, const Settings& settings,
                                std::vector<Ydernummer>& added) {
  IssueCollector issues;
  Ydernummer next = 0;
  for (const Clinic& c : w.clinics) next = std::max(next, c.ydernummer);
  std::vector<char> closed(w.clinics.size(), 0);
  ClinicPositions pos(w);
  for (const ClinicChange& ch : sc.changes) {
    if (ch.action == Action::add) {
      Clinic c = ch.clinic;
      c.ydernummer = ch.ydernummer != 0 ? ch.ydernummer : next + 1;
      if (pos.contains(c.ydernummer)) {
        issues.add(ch.where, message("placement.error.ydernummer_taken", c.ydernummer));
        continue;
      }
      if (!w.find_kommune(c.kommune)) {
        issues.add(ch.where, message("placement.error.unknown_kommune", c.kommune));
        continue;
      }
      next = std::max(next, c.ydernummer);
      c.established = settings.dataset.reference_date;
      w.clinics.push_back(std::move(c));
      closed.push_back(0);
      added.push_back(w.clinics.back().ydernummer);
      pos.add(added.back(), static_cast<ClinicIndex>(w.clinics.size() - 1));
      continue;
    }
    const auto j = pos.of(ch, issues);
    if (!j) continue;
    Clinic& c = w.clinics[*j];
    if (closed[*j]) {
      issues.add(ch.where, message("placement.error.closed_earlier", c.ydernummer));
      continue;
    }
    switch (ch.action) {
      case Action::capacities: {
        int unfilled = c.unfilled_capacities + std::max(0, ch.capacity_change);
        int filled = c.capacities;
        int remove = std::max(0, -ch.capacity_change);
        const int from_unfilled = std::min(unfilled, remove);  // unfilled capacities go first
        unfilled -= from_unfilled;
        filled -= remove - from_unfilled;
        if (filled < 0 || filled + unfilled == 0) {
          issues.add(ch.where,
                     message("placement.error.use_close", c.ydernummer, c.total_capacities()));
          continue;
        }
        c.capacities = static_cast<std::uint16_t>(filled);
        c.unfilled_capacities = static_cast<std::uint16_t>(unfilled);
        break;
      }
      case Action::open_list:
        c.open = true;
        break;
      case Action::close_list:
        c.open = false;
        break;
      case Action::move:
        c.location = ch.to;
        if (ch.to_kommune != 0) {
          if (!w.find_kommune(ch.to_kommune)) {
            issues.add(ch.where, message("placement.error.unknown_kommune", ch.to_kommune));
            continue;
          }
          c.kommune = ch.to_kommune;
        }
        break;
      case Action::close:
        closed[*j] = 1;
        break;
      case Action::add:
        break;
    }
  }
  issues.throw_if_any();
  // No index rebuild here: clinics were only appended (positions stay valid) and drop_closed
  // rebuilds once at the end.
  return closed;
}

// The nearest open clinic with room below the normtal, other than `not_this`; none: kNoClinic.
class RoomFinder {
 public:
  RoomFinder(const World& w, const std::vector<char>& closed, std::vector<std::uint32_t>& listed,
             int normtal)
      : w_(w), listed_(listed), normtal_(normtal) {
    std::vector<GeoPoint> pts;
    for (std::size_t j = 0; j < w.clinics.size(); ++j) {
      if (!w.clinics[j].open || closed[j]) continue;
      pts.push_back(w.clinics[j].location);
      ids_.push_back(static_cast<ClinicIndex>(j));
    }
    index_ = PointIndex(pts);
  }
  /// Within `radius_km` of `home` when given (rule L2), else anywhere.
  ClinicIndex take(GeoPoint home, ClinicIndex not_this, std::optional<double> radius_km) {
    const UnitVector u = UnitVector::from(home);
    if (radius_km) {
      index_.within(u, *radius_km, hits_);
      return first_with_room(not_this);
    }
    for (std::size_t k = 8;; k *= 4) {
      index_.nearest(u, std::min(k, ids_.size()), hits_);
      const ClinicIndex j = first_with_room(not_this);
      if (j != kNoClinic || k >= ids_.size()) return j;
    }
  }

 private:
  ClinicIndex first_with_room(ClinicIndex not_this) {
    for (const Neighbor& h : hits_) {
      const ClinicIndex j = ids_[h.id];
      if (j == not_this || normtal_room(w_.clinics[j], listed_[j], normtal_) == 0) continue;
      ++listed_[j];
      return j;
    }
    return kNoClinic;
  }

  const World& w_;
  std::vector<std::uint32_t>& listed_;
  int normtal_;
  std::vector<ClinicIndex> ids_;
  PointIndex index_;
  std::vector<Neighbor> hits_;
};

// Where supply grew: added and moved clinics, capacities added, lists opened. The over-normtal
// rule applies only to clinics within the choice radius of one of these.
std::vector<UnitVector> grown_sites(const World& w, const WhatIfScenario& sc) {
  const ClinicPositions pos(w);
  IssueCollector unused;
  std::vector<UnitVector> out;
  for (const ClinicChange& ch : sc.changes) {
    if (ch.action == Action::add)
      out.push_back(UnitVector::from(ch.clinic.location));
    else if (ch.action == Action::move)
      out.push_back(UnitVector::from(ch.to));
    else if (ch.action == Action::open_list ||
             (ch.action == Action::capacities && ch.capacity_change > 0))
      if (const auto j = pos.of(ch, unused))
        out.push_back(UnitVector::from(w.clinics[*j].location));
  }
  return out;
}

void relist(World& w, const std::vector<char>& closed, const WhatIfScenario& sc,
            const Settings& settings, WhatIfResult& r) {
  const RelistingRule& rule = sc.relisting;
  const int normtal = settings.capacity.normtal;
  const double radius = settings.survey.choice_radius_km;
  const double threshold = GreatCircle::within_threshold(radius);
  const std::vector<UnitVector> grown = grown_sites(w, sc);
  auto& listing = w.citizens.listing;
  std::vector<std::uint32_t> listed(w.clinics.size(), 0);
  for (ClinicIndex j : listing)
    if (j != kNoClinic) ++listed[j];
  RoomFinder finder(w, closed, listed, normtal);
  // Patients of closed clinics first (rule L7), in citizen order.
  for (std::size_t i = 0; i < listing.size(); ++i) {
    const ClinicIndex j = listing[i];
    if (j == kNoClinic || !closed[j]) continue;
    --listed[j];
    listing[i] = finder.take(w.citizens.home[i], j, std::nullopt);
    if (listing[i] == kNoClinic)
      ++r.left_unlisted;
    else
      ++r.moved_from_closed;
  }
  // Then a share of the patients above the normtal (rule C1), farthest first, at the clinics
  // above it near a site whose supply grew (their patients gathered in one pass).
  std::vector<char> overfull(w.clinics.size(), 0);
  for (std::size_t j = 0; j < w.clinics.size(); ++j) {
    const Clinic& c = w.clinics[j];
    const std::uint64_t limit = static_cast<std::uint64_t>(normtal) * c.total_capacities();
    if (closed[j] || listed[j] <= limit) continue;
    const UnitVector at = UnitVector::from(c.location);
    overfull[j] = std::any_of(grown.begin(), grown.end(),
                              [&](const UnitVector& g) { return chord2(g, at) <= threshold; });
  }
  std::vector<std::vector<std::uint32_t>> patients(w.clinics.size());
  for (std::size_t i = 0; i < listing.size(); ++i)
    if (listing[i] != kNoClinic && overfull[listing[i]])
      patients[listing[i]].push_back(static_cast<std::uint32_t>(i));
  for (std::size_t j = 0; j < w.clinics.size(); ++j) {
    if (!overfull[j]) continue;
    const Clinic& c = w.clinics[j];
    const std::uint64_t limit = static_cast<std::uint64_t>(normtal) * c.total_capacities();
    const UnitVector at = UnitVector::from(c.location);
    const auto movers = static_cast<std::size_t>(
        std::floor(rule.overfull_share * static_cast<double>(listed[j] - limit)));
    auto& p = patients[j];
    std::vector<std::pair<double, std::uint32_t>> by_distance;
    by_distance.reserve(p.size());
    for (std::uint32_t i : p)
      by_distance.emplace_back(-chord2(UnitVector::from(w.citizens.home[i]), at), i);
    std::sort(by_distance.begin(), by_distance.end());  // farthest first, then citizen order
    std::size_t moved = 0;
    for (const auto& [neg_c2, i] : by_distance) {
      if (moved == movers) break;
      const ClinicIndex to = finder.take(w.citizens.home[i], static_cast<ClinicIndex>(j), radius);
      if (to == kNoClinic) continue;  // no open clinic with room within the radius: stays
      listing[i] = to;
      --listed[j];
      ++moved;
      ++r.moved_from_overfull;
    }
  }
}

// Drops closed clinics and their doctors; listings follow the new clinic positions.
void drop_closed(World& w, const std::vector<char>& closed) {
  std::vector<ClinicIndex> new_index(w.clinics.size(), kNoClinic);
  std::vector<Clinic> kept;
  for (std::size_t j = 0; j < w.clinics.size(); ++j) {
    if (closed[j]) continue;
    new_index[j] = static_cast<ClinicIndex>(kept.size());
    kept.push_back(std::move(w.clinics[j]));
  }
  std::erase_if(w.doctors, [&](const Doctor& d) {
    const auto j = w.find_clinic(d.ydernummer);
    return j && closed[*j];
  });
  // As the stores do (apply_world_changes): a closed clinic's hearing rows go with it, capacities
  // on the way to it stay in their kommune without a clinic.
  const auto is_closed = [&](Ydernummer y) {
    const auto j = w.find_clinic(y);
    return j && closed[*j];
  };
  std::erase_if(w.hearing, [&](const HearingEntry& h) { return is_closed(h.ydernummer); });
  for (PipelineCapacity& p : w.capacity_pipeline)
    if (p.ydernummer && is_closed(*p.ydernummer)) p.ydernummer.reset();
  for (ClinicIndex& l : w.citizens.listing)
    if (l != kNoClinic) l = new_index[l];
  w.clinics = std::move(kept);
  w.build_indexes();
}

}  // namespace

WhatIfScenario WhatIfScenario::parse(std::string_view toml_text, std::string source) {
  const toml::table root = detail::parse_toml(toml_text, source);
  WhatIfScenario sc;
  sc.source = source;
  sc.text = std::string(toml_text);
  IssueCollector issues;
  ChangeReader r(source, issues);
  for (auto&& [k, node] : root) {
    const std::string key(k.str());
    if (key == "relisting") {
      const toml::table* t = node.as_table();
      if (!t) {
        r.fail(node, key, message("placement.error.table"));
        continue;
      }
      for (auto&& [k2, v] : *t) {
        if (k2.str() == "overfull_share") {
          if (auto s = r.number(v, "relisting.overfull_share", 0, 1))
            sc.relisting.overfull_share = *s;
        } else {
          r.fail(v, "relisting." + std::string(k2.str()), message("placement.error.relisting_key"));
        }
      }
    } else if (key == "change") {
      const toml::array* a = node.as_array();
      if (!a) {
        r.fail(node, key, message("placement.error.change_list"));
        continue;
      }
      for (std::size_t i = 0; i < a->size(); ++i) {
        const std::string path = fmt::format("change[{}]", i + 1);
        const toml::table* t = (*a)[i].as_table();
        if (!t) {
          r.fail((*a)[i], path, message("placement.error.table"));
          continue;
        }
        sc.changes.push_back(read_change(r, *t, path));
      }
    } else {
      r.fail(node, key, message("placement.error.top_key"));
    }
  }
  issues.throw_if_any();
  return sc;
}

WhatIfScenario WhatIfScenario::load(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw InputError(InputLocation{path.string(), 0, 0, {}},
                     message("placement.error.cannot_open"));
  std::ostringstream ss;
  ss << in.rdbuf();
  return parse(ss.str(), path.string());
}

namespace {

// Rule C4 after the changes: a clinic that loses capacities or moves out of a threatened area
// must still have at most the employed doctors the rule allows. The threatened areas are those
// of the world as it is (the designation is made once a year, rule D2). Named at the change.
void check_registry(const World& world, const World& changed, const std::vector<char>& closed,
                    const WhatIfScenario& sc, const Settings& settings) {
  std::unordered_map<Ydernummer, const ClinicChange*> last_change;
  for (const ClinicChange& ch : sc.changes)
    if (ch.action == Action::capacities || ch.action == Action::move)
      last_change[ch.ydernummer] = &ch;
  if (last_change.empty()) return;
  ThreatenedAreas threatened(world, settings);
  IssueCollector issues;
  for (const RegistryBreach& b :
       registry_breaches(changed, settings.capacity, std::ref(threatened))) {
    if (b.rule != RegistryBreach::Rule::c4_employed_share || closed[b.clinic]) continue;
    if (auto it = last_change.find(b.ydernummer); it != last_change.end())
      issues.add(it->second->where, b.reason());
  }
  issues.throw_if_any();
}

}  // namespace

WhatIfResult run_what_if(const World& world, const Settings& settings, const WhatIfScenario& sc,
                         const std::function<SurveyBasis()>& basis_of) {
  auto t = std::chrono::steady_clock::now();
  const auto lap = [&t] {
    const auto now = std::chrono::steady_clock::now();
    const double ms = std::chrono::duration<double, std::milli>(now - t).count();
    t = now;
    return ms;
  };
  WhatIfResult r;
  // The changed world (a copy of 6 M citizens, the changes and the re-listing) is built while
  // the survey of the world as it is runs: both only read `world`.
  double copy_ms = 0, change_ms = 0;
  std::future<void> changed = std::async(std::launch::async, [&] {
    auto t1 = std::chrono::steady_clock::now();
    r.changed = world;
    auto t2 = std::chrono::steady_clock::now();
    const std::vector<char> closed = apply_changes(r.changed, sc, settings, r.added);
    check_registry(world, r.changed, closed, sc, settings);
    relist(r.changed, closed, sc, settings, r);
    drop_closed(r.changed, closed);
    copy_ms = std::chrono::duration<double, std::milli>(t2 - t1).count();
    change_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t2).count();
  });
  // The citizens do not move: one survey basis (S2 weights, home locations, grid) serves both.
  SurveyBasis basis;
  SurveyState state;  // the before-survey's S4 and S6, for the after-survey near the changes
  try {
    basis = basis_of ? basis_of() : SurveyBasis::of(world, settings);
  } catch (...) {
    changed.wait();
    throw;
  }
  const double basis_ms = lap();
  try {
    r.before = run_survey(world, settings, basis, &state);
  } catch (...) {
    changed.wait();
    throw;
  }
  const double before_ms = lap();
  changed.get();  // a bad change file throws here
  lap();
  r.after = run_survey_changed(r.changed, settings, basis, state);
  const double after_ms = lap();
  r.designation_before = designate(r.before, settings.designation);
  r.designation_after = designate(r.after, settings.designation);
  spdlog::debug(
      "what-if timings (ms): beside the survey before: copy {:.0f}, changes+relisting {:.0f}; "
      "basis {:.0f} (weights {:.0f}, locations {:.0f}, grid {:.0f}), before {:.0f} (citizens "
      "{:.0f}, s4 {:.0f}, s6 {:.0f}), "
      "after {:.0f} (citizens {:.0f}, s4 {:.0f}, s6 {:.0f}), designation {:.0f}",
      copy_ms, change_ms, basis_ms, basis.weights_ms, basis.locations_ms, basis.grid_ms, before_ms,
      r.before.timings.citizens_ms, r.before.timings.s4_ms, r.before.timings.s6_ms, after_ms,
      r.after.timings.citizens_ms, r.after.timings.s4_ms, r.after.timings.s6_ms, lap());
  return r;
}

void apply_what_if(Store& store, const World& before, const WhatIfResult& r,
                   const WhatIfScenario& sc, std::int64_t loaded_version, std::string at) {
  const nlohmann::json summary = {{"changes", sc.changes.size()},
                                  {"overfull_share", sc.relisting.overfull_share},
                                  {"moved_from_closed", r.moved_from_closed},
                                  {"moved_from_overfull", r.moved_from_overfull},
                                  {"left_unlisted", r.left_unlisted},
                                  {"added", r.added}};
  store.apply_world_changes(before, r.changed, {std::move(at), sc.source, sc.text, summary.dump()},
                            loaded_version);
}

}  // namespace praksis

namespace praksis {
namespace {

// One survey figure of an area as a cell, with its column kind.
struct FigureColumn {
  std::string_view key;  // catalogue key of the column heading
  CellKind kind;
  Cell (*of)(const AreaFigures&);
};

Cell ratio_cell(const Ratio& r) {
  return Rate::from_double(r.value().value_or(0.0));
}

const FigureColumn kFigures[] = {
    {"whatif.citizens", CellKind::integer,
     [](const AreaFigures& a) -> Cell { return static_cast<std::int64_t>(a.citizens); }},
    {"whatif.listed", CellKind::integer,
     [](const AreaFigures& a) -> Cell { return static_cast<std::int64_t>(a.listed_patients); }},
    {"whatif.capacities", CellKind::integer,
     [](const AreaFigures& a) -> Cell {
       return static_cast<std::int64_t>(a.capacities_filled + a.capacities_unfilled);
     }},
    {"whatif.ppc", CellKind::factor,
     [](const AreaFigures& a) -> Cell { return ratio_cell(a.patients_per_capacity); }},
    {"whatif.wppc", CellKind::factor,
     [](const AreaFigures& a) -> Cell { return ratio_cell(a.weighted_patients_per_capacity); }},
    {"whatif.open", CellKind::integer,
     [](const AreaFigures& a) -> Cell { return static_cast<std::int64_t>(a.open_clinics); }},
    {"whatif.open_share", CellKind::share,
     [](const AreaFigures& a) -> Cell { return ratio_cell(a.open_clinic_share); }},
    {"whatif.without_two", CellKind::share,
     [](const AreaFigures& a) -> Cell { return ratio_cell(a.without_two_open_choices_share); }},
    {"whatif.nearest_km", CellKind::factor,
     [](const AreaFigures& a) -> Cell { return ratio_cell(a.nearest_open.mean_km); }},
    {"whatif.senior_share", CellKind::share,
     [](const AreaFigures& a) -> Cell { return ratio_cell(a.senior_doctor_share); }},
    {"whatif.e2sfca_relative", CellKind::factor,
     [](const AreaFigures& a) -> Cell { return ratio_cell(a.e2sfca_relative); }},
};

}  // namespace

std::vector<ReportTable> what_if_tables(const WhatIfResult& r, const WhatIfScenario& sc,
                                        Lang lang) {
  const auto t = [lang](std::string_view key) { return std::string(text(key, lang)); };
  std::vector<ReportTable> out;
  ReportTable& s = out.emplace_back();
  s.name = "whatif_summary";
  s.title = t("whatif.summary");
  s.vertical = true;
  s.labelled("whatif.changes", CellKind::integer, lang)
      .labelled("whatif.overfull_share", CellKind::share, lang)
      .labelled("whatif.moved_closed", CellKind::integer, lang)
      .labelled("whatif.moved_overfull", CellKind::integer, lang)
      .labelled("whatif.unlisted", CellKind::integer, lang);
  s.row() = {
      static_cast<std::int64_t>(sc.changes.size()), Rate::from_double(sc.relisting.overfull_share),
      static_cast<std::int64_t>(r.moved_from_closed),
      static_cast<std::int64_t>(r.moved_from_overfull), static_cast<std::int64_t>(r.left_unlisted)};

  // The new and changed clinics' list sizes after re-listing.
  ReportTable& c = out.emplace_back();
  c.name = "whatif_clinics";
  c.title = t("whatif.clinics");
  c.labelled("placement.ydernummer", CellKind::code, lang)
      .labelled("placement.site", CellKind::text, lang)
      .labelled("common.kommune", CellKind::code, lang)
      .labelled("whatif.listed_before", CellKind::integer, lang)
      .labelled("whatif.listed_after", CellKind::integer, lang)
      .labelled("whatif.capacities", CellKind::integer, lang)
      .labelled("whatif.ppc", CellKind::factor, lang);
  std::vector<Ydernummer> shown;
  for (const ClinicChange& ch : sc.changes)
    if (ch.action != ClinicChange::Action::add) shown.push_back(ch.ydernummer);
  shown.insert(shown.end(), r.added.begin(), r.added.end());
  std::sort(shown.begin(), shown.end());
  shown.erase(std::unique(shown.begin(), shown.end()), shown.end());
  for (Ydernummer y : shown) {
    const ClinicFigures* before = nullptr;
    const ClinicFigures* after = nullptr;
    for (const ClinicFigures& f : r.before.clinics)
      if (f.ydernummer == y) before = &f;
    for (const ClinicFigures& f : r.after.clinics)
      if (f.ydernummer == y) after = &f;
    const ClinicFigures& any = after ? *after : *before;
    c.row() = {static_cast<std::int64_t>(y),
               any.name,
               static_cast<std::int64_t>(any.kommune),
               static_cast<std::int64_t>(before ? before->listed_patients : 0),
               static_cast<std::int64_t>(after ? after->listed_patients : 0),
               static_cast<std::int64_t>(
                   after ? after->capacities_filled + after->capacities_unfilled : 0),
               after ? ratio_cell(after->patients_per_capacity) : Cell{Rate::zero()}};
  }

  ReportTable& a = out.emplace_back();
  a.name = "whatif_areas";
  a.title = t("whatif.areas");
  a.labelled("common.kommune", CellKind::code, lang)
      .labelled("placement.area_name", CellKind::text, lang);
  for (const FigureColumn& f : kFigures) {
    const std::string_view figure =
        std::string_view(f.key).substr(std::string_view(f.key).find('.') + 1);
    a.column(fmt::format("{}_before", figure), f.kind, textf("whatif.before", lang, t(f.key)));
    a.column(fmt::format("{}_after", figure), f.kind, textf("whatif.after", lang, t(f.key)));
  }
  a.labelled("placement.designated_before", CellKind::text, lang)
      .labelled("placement.designated_after", CellKind::text, lang);
  const auto designated = [&](const Designation& d, int kommune) -> std::string {
    for (const AreaDesignation& x : d.areas)
      if (x.kommune == kommune) return t(x.designated ? "placement.yes" : "placement.no");
    return {};
  };
  const auto add_area = [&](const AreaFigures& b, const AreaFigures& x, std::string name,
                            bool kommune) {
    auto& row = a.row();
    row = {static_cast<std::int64_t>(b.code), std::move(name)};
    for (const FigureColumn& f : kFigures) {
      row.push_back(f.of(b));
      row.push_back(f.of(x));
    }
    for (const Designation* d : {&r.designation_before, &r.designation_after})
      row.emplace_back(std::in_place_type<std::string>,
                       kommune ? designated(*d, b.code) : std::string());
  };
  for (std::size_t i = 0; i < r.before.kommuner.size(); ++i)
    add_area(r.before.kommuner[i], r.after.kommuner[i], r.before.kommuner[i].name, true);
  for (std::size_t i = 0; i < r.before.regions.size(); ++i)
    add_area(r.before.regions[i], r.after.regions[i], r.before.regions[i].name, false);
  add_area(r.before.nation, r.after.nation, t("common.nation"), false);
  return out;
}

}  // namespace praksis
