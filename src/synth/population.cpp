// Step 1-3 of the synthetic Denmark: people, households and where they live.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "synth_internal.hpp"

namespace praksis::synth {
namespace {

constexpr double kUnknownTownPopulation = 1500;  // GeoNames towns without a figure are small
constexpr double kUrbanShareCap = 0.85;          // at most this share of a region lives in towns
constexpr double kUrbanDensityPerKm2 = 2500;     // sets each town's built-up radius
constexpr double kNeighbourKm = 30, kRuralNeighbourKm = 25, kIsolatedRuralKm = 6;
constexpr double kTownOnLandKm = 1.0;
constexpr int kPlacementAttempts = 24;          // a coastal town's draws often fall in the sea
constexpr std::size_t kZoneTownCandidates = 8;  // nearest towns searched for one on the same zone

double bearing_deg(GeoPoint a, GeoPoint b) {
  const double dx = (b.lon() - a.lon()) * std::cos(a.lat() * std::numbers::pi / 180.0);
  const double dy = b.lat() - a.lat();
  return std::atan2(dx, dy) * 180.0 / std::numbers::pi;
}

GeoPoint lerp(GeoPoint a, GeoPoint b, double f) {
  return {static_cast<std::int32_t>(std::lround(a.lat_e5 + f * (b.lat_e5 - a.lat_e5))),
          static_cast<std::int32_t>(std::lround(a.lon_e5 + f * (b.lon_e5 - a.lon_e5)))};
}

double couple_probability(int age) {
  if (age < 20) return 0.03;
  if (age < 25) return 0.22;
  if (age < 30) return 0.48;
  if (age < 75) return 0.64;
  if (age < 85) return 0.48;
  return 0.25;
}

double single_male_share(int age) {
  if (age < 60) return 0.55;
  if (age < 70) return 0.46;
  if (age < 80) return 0.36;
  return 0.24;
}

/// Labour-market status by age (shares in docs/synthetic-data.md).
LabourStatus draw_labour(int age, Rng& rng) {
  using L = LabourStatus;
  struct Share {
    L status;
    double p;
  };
  auto pick = [&](std::initializer_list<Share> shares) {
    double u = rng.uniform();
    for (const auto& s : shares) {
      if (u < s.p) return s.status;
      u -= s.p;
    }
    return shares.begin()->status;
  };
  if (age < 15) return L::child;
  if (age < 18) return pick({{L::student, 0.95}, {L::employed, 0.03}, {L::other, 0.02}});
  if (age < 25)
    return pick({{L::student, 0.50},
                 {L::employed, 0.40},
                 {L::unemployed, 0.04},
                 {L::other, 0.05},
                 {L::disability_pension, 0.01}});
  if (age < 30)
    return pick({{L::employed, 0.68},
                 {L::student, 0.20},
                 {L::unemployed, 0.05},
                 {L::other, 0.05},
                 {L::disability_pension, 0.02}});
  if (age < 50)
    return pick({{L::employed, 0.84},
                 {L::unemployed, 0.04},
                 {L::disability_pension, 0.05},
                 {L::other, 0.05},
                 {L::student, 0.02}});
  if (age < 60)
    return pick({{L::employed, 0.80},
                 {L::unemployed, 0.04},
                 {L::disability_pension, 0.09},
                 {L::other, 0.06},
                 {L::retired, 0.01}});
  if (age < 67)
    return pick({{L::employed, 0.55},
                 {L::retired, 0.25},
                 {L::disability_pension, 0.12},
                 {L::unemployed, 0.03},
                 {L::other, 0.05}});
  return pick({{L::retired, 0.90}, {L::employed, 0.10}});
}

double condition_scale(const std::array<double, 21>& profile, double target) {
  double total = 0, expected = 0;
  for (std::size_t b = 0; b < kAgeBands.size(); ++b) {
    total += kAgeBands[b];
    expected += kAgeBands[b] * profile[b];
  }
  return expected > 0 ? target * total / expected : 0;
}

}  // namespace

std::vector<long long> apportion(long long total, const std::vector<double>& weights) {
  std::vector<long long> out(weights.size(), 0);
  double sum = 0;
  for (double w : weights) sum += w;
  if (weights.empty() || sum <= 0) return out;
  std::vector<std::pair<double, std::size_t>> rest;
  long long used = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const double exact = static_cast<double>(total) * weights[i] / sum;
    out[i] = static_cast<long long>(std::floor(exact));
    used += out[i];
    rest.emplace_back(exact - static_cast<double>(out[i]), i);
  }
  std::stable_sort(rest.begin(), rest.end(), [](auto& a, auto& b) { return a.first > b.first; });
  for (std::size_t k = 0; used < total && k < rest.size(); ++k, ++used) ++out[rest[k].second];
  return out;
}

Geography::Geography(const ReferenceData& data) : ref(data) {
  const auto n = ref.towns.size();
  near_any.resize(n);
  near_region.resize(n);
  const LandOutline& land = LandOutline::denmark();
  part_group = fixed_link_groups(land, denmark_crossings());
  for (const NamedIsland& island : denmark_islands()) {
    if (!island.population || island.part == LandOutline::kSea) continue;
    StatedIsland si;
    si.part = island.part;
    si.zone = static_cast<int>(land.parts()) + island.part;  // no fixed-link group has this id
    si.population = *island.population;
    si.box = {90, -90, 180, -180};
    for (const GeoPoint v : land.ring(island.part)) {
      si.box.min_lat = std::min(si.box.min_lat, v.lat());
      si.box.max_lat = std::max(si.box.max_lat, v.lat());
      si.box.min_lon = std::min(si.box.min_lon, v.lon());
      si.box.max_lon = std::max(si.box.max_lon, v.lon());
    }
    part_group[static_cast<std::size_t>(island.part)] = si.zone;
    stated_islands.push_back(si);
  }
  town_group.assign(n, LandOutline::kSea);
  for (std::uint32_t i = 0; i < n; ++i) {
    // A town's point may lie in its harbour, off the generalised coast.
    const int part = land.nearest_part(ref.towns[i].location, kTownOnLandKm);
    if (part != LandOutline::kSea) town_group[i] = part_group[static_cast<std::size_t>(part)];
  }
  // A stated population is its island kommune's: the towns on the island name the kommune.
  for (StatedIsland& si : stated_islands) {
    for (std::uint32_t i = 0; i < n; ++i) {
      if (town_group[i] != si.zone) continue;
      if (si.kommune != 0 && si.kommune != ref.towns[i].kommune)
        throw Error(
            fmt::format("dk_towns.csv: the towns on a stated island are in kommuner {} and {}",
                        si.kommune, ref.towns[i].kommune));
      si.kommune = ref.towns[i].kommune;
    }
  }
  std::erase_if(stated_islands, [](const StatedIsland& si) { return si.kommune == 0; });
  for (std::uint32_t i = 0; i < n; ++i) {
    const int ri = region_pos(ref.towns[i].region);
    if (ri >= 0 && ri < 5) region_towns[ri].push_back(i);
    for (std::uint32_t j = 0; j < n; ++j) {
      if (i == j || town_group[i] != town_group[j]) continue;
      const double d = GreatCircle::distance_km(ref.towns[i].location, ref.towns[j].location);
      if (d <= kNeighbourKm && d > 0.5) near_any[i].push_back(j);
      if (d <= kRuralNeighbourKm && d > 0.5 && ref.towns[i].region == ref.towns[j].region) {
        near_region[i].push_back(j);
      }
    }
  }
  for (int r = 0; r < 5; ++r) {
    std::vector<GeoPoint> pts;
    for (auto t : region_towns[r]) pts.push_back(ref.towns[t].location);
    region_index.emplace_back(pts, region_towns[r]);
  }
}

bool Geography::on_land_of(GeoPoint p, int group) const {
  const int part = LandOutline::denmark().part_at(p);
  return part != LandOutline::kSea && part_group[static_cast<std::size_t>(part)] == group;
}

GeoPoint Geography::land_near(GeoPoint centre, int group, Rng& rng) const {
  for (int attempt = 0; attempt < 200; ++attempt) {
    if (on_land_of(centre, group)) return centre;
    const GeoPoint p = GreatCircle::destination(centre, rng.uniform(0, 360), 0.05 + 0.02 * attempt);
    if (on_land_of(p, group)) return p;
  }
  return centre;
}

const Geography::StatedIsland* Geography::stated_island(int zone) const {
  for (const StatedIsland& si : stated_islands)
    if (si.zone == zone) return &si;
  return nullptr;
}

std::uint32_t Geography::nearest_town(int region, GeoPoint p) const {
  const auto hit = region_index[static_cast<std::size_t>(region)].nearest(p, kZoneTownCandidates);
  if (hit.empty()) return 0;
  const int part = LandOutline::denmark().part_at(p);
  if (part != LandOutline::kSea) {
    const int zone = part_group[static_cast<std::size_t>(part)];
    for (const auto& h : hit)
      if (town_group[h.id] == zone) return h.id;
  }
  return hit[0].id;
}

KommuneCode Geography::kommune_at(int region, GeoPoint p) const {
  return ref.towns[nearest_town(region, p)].kommune;
}

RegionPopulation build_population(const Geography& geo, int region, int people, const Settings& s,
                                  double scale, Rng& rng) {
  RegionPopulation pop;
  pop.code = static_cast<RegionCode>(1081 + region);

  // 1. Ages: exact counts per single year from the pyramid.
  std::vector<double> age_weights(kMaxAge + 1);
  for (int a = 0; a <= kMaxAge; ++a)
    age_weights[static_cast<std::size_t>(a)] =
        kAgeBands[static_cast<std::size_t>(std::min(a / 5, 20))] / 5.0;
  const auto age_counts = apportion(people, age_weights);
  std::vector<Person> persons;
  persons.reserve(static_cast<std::size_t>(people));
  for (int a = 0; a <= kMaxAge; ++a) {
    for (long long k = 0; k < age_counts[static_cast<std::size_t>(a)]; ++k) {
      Person p;
      p.age = static_cast<std::uint8_t>(a);
      persons.push_back(p);
    }
  }
  shuffle(persons.begin(), persons.end(), rng);
  const auto n = static_cast<std::uint32_t>(persons.size());

  // 2. Households: couples of similar age, singles, and children (and most 18-19-year-olds)
  //    living with parents about 31 years older.
  std::vector<std::uint32_t> adults, children;
  for (std::uint32_t i = 0; i < n; ++i) {
    const int a = persons[i].age;
    const bool at_home = a < 18 || (a < 20 && rng.chance(0.75));
    (at_home ? children : adults).push_back(i);
  }
  std::vector<std::vector<std::uint32_t>> bucket(kMaxAge + 1);
  for (auto a : adults) bucket[persons[a].age].push_back(a);
  std::vector<std::uint8_t> used(n, 0);
  std::vector<std::uint32_t> hh_of(n, 0);
  struct Draft {
    std::uint8_t adults = 0, children = 0, head_age = 0;
    bool couple = false;
  };
  std::vector<Draft> drafts;
  drafts.reserve(adults.size());
  for (auto a : adults) {
    if (used[a]) continue;
    used[a] = 1;
    const int age = persons[a].age;
    std::int64_t partner = -1;
    if (rng.chance(couple_probability(age))) {
      for (int k = 0; k <= 12 && partner < 0; ++k) {
        const int delta = (k % 2 == 0) ? k / 2 : -(k + 1) / 2;
        const int pa = age + delta;
        if (pa < 18 || pa > kMaxAge) continue;
        auto& b = bucket[static_cast<std::size_t>(pa)];
        while (!b.empty() && used[b.back()]) b.pop_back();
        if (!b.empty()) {
          partner = b.back();
          b.pop_back();
        }
      }
    }
    const auto h = static_cast<std::uint32_t>(drafts.size());
    Draft d;
    hh_of[a] = h;
    d.adults = 1;
    d.head_age = static_cast<std::uint8_t>(age);
    if (partner >= 0) {
      const auto p = static_cast<std::uint32_t>(partner);
      used[p] = 1;
      hh_of[p] = h;
      d.adults = 2;
      d.couple = true;
      d.head_age = static_cast<std::uint8_t>(std::min<int>(age, persons[p].age));
      const bool first_male = rng.chance(0.5);
      persons[a].sex = first_male ? Sex::male : Sex::female;
      persons[p].sex = first_male ? Sex::female : Sex::male;
    } else {
      persons[a].sex = rng.chance(single_male_share(age)) ? Sex::male : Sex::female;
    }
    drafts.push_back(d);
  }
  std::vector<std::vector<std::uint32_t>> by_age[2];
  by_age[0].resize(kMaxAge + 1);
  by_age[1].resize(kMaxAge + 1);
  for (std::uint32_t h = 0; h < drafts.size(); ++h) {
    if (drafts[h].head_age < 70) by_age[drafts[h].couple ? 1 : 0][drafts[h].head_age].push_back(h);
  }
  auto try_place = [&](std::uint32_t child, int type, int target_age) {
    for (int k = 0; k <= 24; ++k) {
      const int delta = (k % 2 == 0) ? k / 2 : -(k + 1) / 2;
      const int ha = target_age + delta;
      if (ha < 18 || ha > kMaxAge) continue;
      auto& b = by_age[type][static_cast<std::size_t>(ha)];
      while (!b.empty()) {
        const auto pick = static_cast<std::size_t>(rng.below(b.size()));
        const auto h = b[pick];
        if (drafts[h].children >= 4) {
          b[pick] = b.back();
          b.pop_back();
          continue;
        }
        hh_of[child] = h;
        ++drafts[h].children;
        return true;
      }
    }
    return false;
  };
  for (auto c : children) {
    const int age = persons[c].age;
    persons[c].sex = rng.chance(0.513) ? Sex::male : Sex::female;
    const int gap = std::clamp(static_cast<int>(std::lround(rng.normal(31, 5.5))), 19, 50);
    const int type = rng.chance(0.78) ? 1 : 0;
    if (try_place(c, type, age + gap) || try_place(c, 1 - type, age + gap)) continue;
    // No parent of a fitting age left: the child forms a household of its own (rare; young adults).
    hh_of[c] = static_cast<std::uint32_t>(drafts.size());
    Draft d;
    d.adults = 1;
    d.head_age = static_cast<std::uint8_t>(age);
    drafts.push_back(d);
  }

  // Members consecutive: adults first, then children by descending age.
  std::vector<std::uint32_t> start(drafts.size() + 1, 0);
  for (std::uint32_t i = 0; i < n; ++i) ++start[hh_of[i] + 1];
  for (std::size_t h = 0; h < drafts.size(); ++h) start[h + 1] += start[h];
  std::vector<std::uint32_t> order(n), fill(start.begin(), start.end() - 1);
  for (std::uint32_t i = 0; i < n; ++i) order[fill[hh_of[i]]++] = i;
  pop.persons.reserve(n);
  pop.households.resize(drafts.size());
  for (std::size_t h = 0; h < drafts.size(); ++h) {
    auto b = order.begin() + start[h], e = order.begin() + start[h + 1];
    std::sort(b, e,
              [&](std::uint32_t x, std::uint32_t y) { return persons[x].age > persons[y].age; });
    auto& hh = pop.households[h];
    hh.first = static_cast<std::uint32_t>(pop.persons.size());
    hh.size = static_cast<std::uint8_t>(e - b);
    hh.couple = drafts[h].couple;
    hh.head_age = drafts[h].head_age;
    for (auto it = b; it != e; ++it) {
      pop.persons.push_back(persons[*it]);
      if (persons[*it].age >= 18)
        ++hh.adults;
      else
        ++hh.children;
    }
  }

  // 3. Where they live: each town takes its share (town population, capped at 85 % of the region,
  //    plus an equal share of the countryside); homes spread over the built-up area towards
  //    neighbouring towns, or along the roads to the next town for the countryside.
  //    A stated island (an island kommune, data/dk_islands.csv) takes its stated population at
  //    the dataset's scale, shared the same way among its own towns; the region's other towns
  //    share the rest.
  const auto& towns = geo.region_towns[region];
  std::vector<double> urban(towns.size()), target(towns.size());
  auto share_out = [&](const std::vector<std::size_t>& members, double total) {
    if (members.empty()) return;
    double urban_sum = 0;
    for (const std::size_t t : members) {
      const int p = geo.ref.towns[towns[t]].population;
      urban[t] = (p > 0 ? p : kUnknownTownPopulation) * scale;
      urban_sum += urban[t];
    }
    const double f = std::min(1.0, kUrbanShareCap * total / urban_sum);
    const double rural_each = (total - f * urban_sum) / static_cast<double>(members.size());
    for (const std::size_t t : members) {
      urban[t] *= f;
      target[t] = urban[t] + rural_each;
    }
  };
  {
    std::vector<std::vector<std::size_t>> on_island(geo.stated_islands.size());
    std::vector<std::size_t> rest;
    for (std::size_t t = 0; t < towns.size(); ++t) {
      std::size_t k = 0;
      while (k < geo.stated_islands.size() &&
             geo.stated_islands[k].zone != geo.town_group[towns[t]])
        ++k;
      (k < on_island.size() ? on_island[k] : rest).push_back(t);
    }
    double stated = 0;
    for (std::size_t k = 0; k < on_island.size(); ++k) {
      if (on_island[k].empty()) continue;
      const double total = static_cast<double>(geo.stated_islands[k].population) * scale;
      share_out(on_island[k], total);
      stated += total;
    }
    share_out(rest, people - stated);
  }
  const auto town_people = apportion(people, target);
  std::vector<std::uint32_t> hh_order(pop.households.size());
  for (std::uint32_t h = 0; h < hh_order.size(); ++h) hh_order[h] = h;
  shuffle(hh_order.begin(), hh_order.end(), rng);
  pop.town_of_household.assign(pop.households.size(), 0);
  const GeoBox box{s.dataset.min_lat, s.dataset.max_lat, s.dataset.min_lon, s.dataset.max_lon};
  std::size_t t = 0;
  long long filled = 0;
  for (auto h : hh_order) {
    while (t + 1 < towns.size() && filled >= town_people[t]) {
      ++t;
      filled = 0;
    }
    auto& hh = pop.households[h];
    filled += hh.size;
    const std::uint32_t town = towns[t];
    pop.town_of_household[h] = town;
    const GeoPoint centre = geo.ref.towns[town].location;
    const Geography::StatedIsland* island = geo.stated_island(geo.town_group[town]);
    const bool in_town = rng.chance(urban[t] / target[t]);
    const double radius =
        std::max(0.4, std::sqrt(urban[t] / scale / (std::numbers::pi * kUrbanDensityPerKm2)));
    GeoPoint home = centre;
    for (int attempt = 0; attempt < kPlacementAttempts; ++attempt) {
      GeoPoint p;
      if (in_town) {
        const auto& nb = geo.near_any[town];
        if (!nb.empty()) {
          const GeoPoint other = geo.ref.towns[nb[rng.below(nb.size())]].location;
          const double dist = std::min(radius * std::sqrt(rng.uniform()),
                                       0.45 * GreatCircle::distance_km(centre, other));
          p = GreatCircle::destination(centre, bearing_deg(centre, other) + rng.normal(0, 40),
                                       dist);
        } else {
          p = GreatCircle::destination(centre, rng.uniform(0, 360),
                                       radius * std::sqrt(rng.uniform()));
        }
      } else {
        const auto& nb = geo.near_region[town];
        if (!nb.empty()) {
          const GeoPoint other = geo.ref.towns[nb[rng.below(nb.size())]].location;
          const GeoPoint on_road = lerp(centre, other, rng.uniform(0.1, 0.5));
          const double side = rng.normal(0, 1.0);
          p = GreatCircle::destination(on_road, bearing_deg(centre, other) + (side < 0 ? -90 : 90),
                                       std::abs(side));
        } else if (island != nullptr) {
          // The only town of a stated island (Samsø, Læsø, Fanø, Mors): its countryside is the
          // whole island.
          p = GeoPoint::from_degrees(rng.uniform(island->box.min_lat, island->box.max_lat),
                                     rng.uniform(island->box.min_lon, island->box.max_lon));
        } else {
          p = GreatCircle::destination(centre, rng.uniform(0, 360),
                                       kIsolatedRuralKm * std::sqrt(rng.uniform()));
        }
      }
      if (box.contains(p) && geo.on_land_of(p, geo.town_group[town])) {
        home = p;
        break;
      }
    }
    // Every home on land: after the misses (a coastal town) the nearest land to the centre.
    if (home == centre) home = geo.land_near(centre, geo.town_group[town], rng);
    hh.home = home;
    hh.kommune = geo.kommune_at(region, home);
  }

  // Health and labour market.
  const double t2d_scale =
      condition_scale(kType2DiabetesProfile, s.synthetic.type2_diabetes_prevalence);
  const double copd_scale = condition_scale(kCopdProfile, s.synthetic.copd_prevalence);
  for (auto& p : pop.persons) {
    const std::size_t band = static_cast<std::size_t>(std::min(p.age / 5, 20));
    if (rng.chance(kType2DiabetesProfile[band] * t2d_scale)) p.conditions |= kType2Diabetes;
    if (rng.chance(kCopdProfile[band] * copd_scale)) p.conditions |= kCopd;
    p.labour = draw_labour(p.age, rng);
  }

  // Insurance group 2 (rule L1: 99.8 % are in group 1): adults in households without children.
  std::vector<std::uint32_t> candidates;
  for (const auto& hh : pop.households) {
    if (hh.children > 0) continue;
    for (std::uint32_t i = hh.first; i < hh.first + hh.size; ++i) {
      if (pop.persons[i].age >= 18) candidates.push_back(i);
    }
  }
  shuffle(candidates.begin(), candidates.end(), rng);
  const auto g2 = static_cast<std::size_t>(std::llround(people * s.synthetic.group2_share));
  for (std::size_t k = 0; k < g2 && k < candidates.size(); ++k)
    pop.persons[candidates[k]].group2 = true;
  return pop;
}

}  // namespace praksis::synth
