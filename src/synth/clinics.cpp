// Step 4 of the synthetic Denmark: clinics per region and practice form, sized and placed.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <unordered_map>

#include "synth_internal.hpp"

namespace praksis::synth {
namespace {

std::string_view name_prefix(PracticeForm f) {
  switch (f) {
    case PracticeForm::kompagniskab:
      return "Lægehuset";
    case PracticeForm::solo_uden_samarbejde:
    case PracticeForm::solo_med_samarbejde:
      return "Lægepraksis";
    case PracticeForm::delepraksis:
      return "Lægecentret";
    case PracticeForm::partnerskabsklinik:
      return "Lægeklinikken";
    case PracticeForm::udbudsklinik:
      return "Udbudsklinik";
    case PracticeForm::regionsklinik:
      return "Regionsklinik";
    case PracticeForm::licensklinik:
      return "Licensklinik";
  }
  return "Lægepraksis";
}

constexpr double kPpcSpread = 0.12;       // log-normal spread of patients per capacity (C1)
constexpr double kCapacitySpread = 0.40;  // log-normal spread of capacities within a form
constexpr double kSoloTwoCapacityShare = 0.05;
constexpr int kTemporaryCandidates = 64;  // sites tried for each temporary clinic

}  // namespace

ClinicPlan plan_clinics(const Geography& geo, const std::vector<RegionPopulation>& pops,
                        const Settings& s, double scale, std::uint64_t seed) {
  const auto& ref = geo.ref;
  Rng rng(seed, 0xC11);
  const int ref_year = s.dataset.reference_date.year();

  struct Draft {
    int region;
    PracticeForm form;
    int capacities;
    double ppc;  // patients per capacity before raking
  };
  std::vector<Draft> drafts;
  std::vector<double> group1(5, 0);
  for (std::size_t r = 0; r < pops.size(); ++r) {
    for (const auto& p : pops[r].persons) group1[r] += p.group2 ? 0 : 1;
  }
  for (int r = 0; r < 5; ++r) {
    const auto& facts = ref.regions[static_cast<std::size_t>(r)];
    std::vector<double> w(facts.clinics_by_form.begin(), facts.clinics_by_form.end());
    double total = 0;
    for (double x : w) total += x;
    const long long n = std::max<long long>(1, std::llround(total * scale));
    const auto counts = apportion(n, w);
    for (std::size_t f = 0; f < kPracticeFormCount; ++f) {
      for (long long k = 0; k < counts[f]; ++k) {
        drafts.push_back({r, static_cast<PracticeForm>(f), 0, 0});
      }
    }
  }

  // List sizes: each clinic gets capacities (around its form's 2022 mean list size divided by the
  // national patients per capacity) and a patients-per-capacity level (log-normal around the
  // national level, rule C1); list size = capacities x level x region factor x form factor, raked
  // so the regions' sizes add up to their group-1 populations and the forms' to their 2022 shares.
  std::array<double, kPracticeFormCount> mean{}, form_target{};
  double patients_present = 0, group1_total = 0;
  std::array<bool, kPracticeFormCount> present{};
  for (const auto& d : drafts) present[static_cast<std::size_t>(d.form)] = true;
  for (std::size_t f = 0; f < kPracticeFormCount; ++f) {
    if (ref.clinics_by_form[f] > 0) mean[f] = ref.patients_by_form[f] / ref.clinics_by_form[f];
    if (present[f]) patients_present += ref.patients_by_form[f];
  }
  for (double g : group1) group1_total += g;
  for (std::size_t f = 0; f < kPracticeFormCount; ++f) {
    form_target[f] = present[f] ? ref.patients_by_form[f] / patients_present * group1_total : 0;
  }
  const double level = s.synthetic.patients_per_capacity;
  for (auto& d : drafts) {
    const double mean_caps = mean[static_cast<std::size_t>(d.form)] / level;
    const bool solo =
        d.form == PracticeForm::solo_uden_samarbejde || d.form == PracticeForm::solo_med_samarbejde;
    if (solo) {
      // A solo practice is one doctor: one capacity, rarely two (an employed colleague).
      d.capacities = rng.chance(kSoloTwoCapacityShare) ? 2 : 1;
    } else {
      const int floor_caps =
          d.form == PracticeForm::kompagniskab || d.form == PracticeForm::delepraksis ? 2 : 1;
      d.capacities = std::max(
          floor_caps, static_cast<int>(std::lround(rng.lognormal(mean_caps, kCapacitySpread))));
    }
    d.ppc = rng.lognormal(level, kPpcSpread);
  }
  // Non-solo forms: capacities add up to the form's patients at the national level, so the
  // forms share one patients-per-capacity level (solo practices stay one doctor, above it).
  for (std::size_t f = 0; f < kPracticeFormCount; ++f) {
    const auto form = static_cast<PracticeForm>(f);
    if (!present[f] || form == PracticeForm::solo_uden_samarbejde ||
        form == PracticeForm::solo_med_samarbejde)
      continue;
    const int floor_caps =
        form == PracticeForm::kompagniskab || form == PracticeForm::delepraksis ? 2 : 1;
    std::vector<Draft*> members;
    long long have = 0;
    for (auto& d : drafts) {
      if (d.form == form) {
        members.push_back(&d);
        have += d.capacities;
      }
    }
    const long long want = std::max<long long>(static_cast<long long>(members.size()) * floor_caps,
                                               std::llround(form_target[f] / level));
    for (int guard = 0; have != want && guard < 100000; ++guard) {
      Draft& d = *members[rng.below(members.size())];
      if (have < want) {
        ++d.capacities;
        ++have;
      } else if (d.capacities > floor_caps) {
        --d.capacities;
        --have;
      }
    }
  }
  ClinicPlan plan;
  std::set<Ydernummer> used_numbers;
  std::unordered_map<std::string, int> name_count;
  // Regular forms first, then the temporary ones where coverage is thinnest.
  std::stable_sort(drafts.begin(), drafts.end(), [](const Draft& x, const Draft& y) {
    if (x.region != y.region) return x.region < y.region;
    return !is_temporary(x.form) && is_temporary(y.form);
  });
  std::vector<GeoPoint> placed;
  std::vector<int> zone_of;  // per draft (in placing order): the zone of its site
  int placed_region = -1;
  for (const auto& d : drafts) {
    if (d.region != placed_region) {
      placed.clear();
      placed_region = d.region;
    }
    const auto& pop = pops[static_cast<std::size_t>(d.region)];
    auto random_home = [&]() {
      // A random resident's home: clinics follow where people live (rule C7).
      const auto person = static_cast<std::uint32_t>(rng.below(pop.persons.size()));
      auto it = std::upper_bound(pop.households.begin(), pop.households.end(), person,
                                 [](std::uint32_t v, const Household& h) { return v < h.first; });
      return std::prev(it)->home;
    };
    GeoPoint site = random_home();
    if (is_temporary(d.form) && !placed.empty()) {
      double best = -1;
      for (int k = 0; k < kTemporaryCandidates; ++k) {
        const GeoPoint cand = random_home();
        double nearest = 1e9;
        for (auto p : placed) nearest = std::min(nearest, GreatCircle::distance_km(cand, p));
        if (nearest > best) {
          best = nearest;
          site = cand;
        }
      }
    }
    // A few metres off a resident's home, still on the same land (the home is on land).
    const int part = LandOutline::denmark().part_at(site);
    const int group = part < 0 ? LandOutline::kSea : geo.part_group[static_cast<std::size_t>(part)];
    {
      for (int attempt = 0; attempt < 8; ++attempt) {
        const GeoPoint p =
            GreatCircle::destination(site, rng.uniform(0, 360), rng.uniform(0, 0.15));
        if (group == LandOutline::kSea || geo.on_land_of(p, group)) {
          site = p;
          break;
        }
      }
    }
    placed.push_back(site);

    Clinic c;
    do c.ydernummer = static_cast<Ydernummer>(100000 + rng.below(900000));
    while (!used_numbers.insert(c.ydernummer).second);
    c.form = d.form;
    c.location = site;
    c.kommune = geo.kommune_at(d.region, site);
    const auto& town = ref.towns[geo.nearest_town(d.region, site)];
    std::string name = fmt::format("{} {}", name_prefix(d.form), town.name);
    const int seen = ++name_count[name];
    if (seen > 1) name += fmt::format(" {}", seen);
    c.name = std::move(name);
    int first_year = 1975;
    if (d.form == PracticeForm::regionsklinik) first_year = 2008;
    if (d.form == PracticeForm::udbudsklinik) first_year = 2010;
    const int year =
        first_year + static_cast<int>(rng.below(static_cast<std::uint64_t>(ref_year - first_year)));
    c.established = Date::from_ymd(year, static_cast<unsigned>(1 + rng.below(12)),
                                   static_cast<unsigned>(1 + rng.below(28)));
    plan.clinics.push_back(std::move(c));
    plan.capacities.push_back(d.capacities);
    zone_of.push_back(group);
  }
  // A clinic on an island apart from the mainland's zone (Bornholm, Samsø, Læsø, Ærø, Fanø, and
  // Mors and Langeland, whose kommuner are zones of their own) lists its island's people: the
  // island's clinics are raked to its group-1 residents as a third margin, so that a clinic
  // there is not sized for more people than can reach it (the mainland's clinics take up the
  // form's remainder).
  std::unordered_map<int, double> zone_people;
  for (const auto& pop : pops) {
    for (const auto& h : pop.households) {
      const int part = LandOutline::denmark().part_at(h.home);
      if (part == LandOutline::kSea) continue;
      double g1 = 0;
      for (std::uint32_t i = h.first; i < h.first + h.size; ++i)
        g1 += pop.persons[i].group2 ? 0 : 1;
      zone_people[geo.part_group[static_cast<std::size_t>(part)]] += g1;
    }
  }
  int mainland = LandOutline::kSea;  // the zone most people live on
  double mainland_people = -1;
  for (const auto& [zone, people] : zone_people) {
    if (people > mainland_people || (people == mainland_people && zone < mainland)) {
      mainland = zone;
      mainland_people = people;
    }
  }
  // Per draft: the position of its zone's margin in `zone_target`, or -1 (not raked by zone).
  std::vector<int> margin(drafts.size(), -1);
  std::vector<int> margin_zone;
  std::vector<double> zone_target;
  for (std::size_t i = 0; i < drafts.size(); ++i) {
    const int z = zone_of[i];
    if (z == LandOutline::kSea || z == mainland) continue;
    const auto people = zone_people.find(z);
    if (people == zone_people.end() || people->second <= 0) continue;
    auto it = std::find(margin_zone.begin(), margin_zone.end(), z);
    if (it == margin_zone.end()) {
      margin_zone.push_back(z);
      zone_target.push_back(people->second);
      it = margin_zone.end() - 1;
    }
    margin[i] = static_cast<int>(it - margin_zone.begin());
  }
  std::array<double, 5> a{1, 1, 1, 1, 1};
  std::array<double, kPracticeFormCount> b{};
  b.fill(1.0);
  std::vector<double> c(zone_target.size(), 1.0);
  auto size_of = [&](std::size_t i) {
    const Draft& d = drafts[i];
    return d.capacities * d.ppc * a[static_cast<std::size_t>(d.region)] *
           b[static_cast<std::size_t>(d.form)] *
           (margin[i] < 0 ? 1.0 : c[static_cast<std::size_t>(margin[i])]);
  };
  for (int iter = 0; iter < 200; ++iter) {
    std::array<double, 5> by_region{};
    for (std::size_t i = 0; i < drafts.size(); ++i)
      by_region[static_cast<std::size_t>(drafts[i].region)] += size_of(i);
    for (std::size_t r = 0; r < 5; ++r) {
      if (by_region[r] > 0) a[r] *= group1[r] / by_region[r];
    }
    std::array<double, kPracticeFormCount> by_form{};
    for (std::size_t i = 0; i < drafts.size(); ++i)
      by_form[static_cast<std::size_t>(drafts[i].form)] += size_of(i);
    for (std::size_t f = 0; f < kPracticeFormCount; ++f) {
      if (by_form[f] > 0) b[f] *= form_target[f] / by_form[f];
    }
    std::vector<double> by_zone(zone_target.size(), 0);
    for (std::size_t i = 0; i < drafts.size(); ++i)
      if (margin[i] >= 0) by_zone[static_cast<std::size_t>(margin[i])] += size_of(i);
    for (std::size_t z = 0; z < zone_target.size(); ++z) {
      if (by_zone[z] > 0) c[z] *= zone_target[z] / by_zone[z];
    }
  }

  for (std::size_t i = 0; i < drafts.size(); ++i) plan.target.push_back(size_of(i));
  return plan;
}

}  // namespace praksis::synth
