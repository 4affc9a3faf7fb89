// The synthetic Denmark: orchestration of the steps and pseudonymous ids.
#include "praksis/synth/generator.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cmath>
#include <thread>

#include "praksis/io/interchange.hpp"
#include "synth_internal.hpp"

namespace praksis {

World generate_world(const GeneratorOptions& o, const Settings& s) {
  if (!(o.scale > 0 && o.scale <= 2.0)) {
    throw InputError(InputLocation{"--scale", 0, 0, {}}, message("input.generate.scale", o.scale));
  }
  const auto& ref = ReferenceData::get();
  const synth::Geography geo(ref);
  World w;
  for (const auto& r : ref.regions) w.regions.push_back({r.code, r.name});
  for (const auto& k : ref.kommuner) w.kommuner.push_back({k.code, k.name, k.region});

  // Regions are independent (own random stream each), so they are built in parallel.
  std::vector<synth::RegionPopulation> pops(ref.regions.size());
  {
    std::vector<std::thread> pool;
    std::atomic<std::size_t> next{0};
    const unsigned nt = std::max(1u, o.threads);
    for (unsigned t = 0; t < nt; ++t) {
      pool.emplace_back([&] {
        for (std::size_t r = next++; r < pops.size(); r = next++) {
          Rng rng(o.seed, r + 1);
          const int people =
              static_cast<int>(std::llround(ref.regions[r].population_2023 * o.scale));
          pops[r] = synth::build_population(geo, static_cast<int>(r), people, s, o.scale, rng);
        }
      });
    }
    for (auto& th : pool) th.join();
  }
  spdlog::debug("generate: population built");
  auto plan = synth::plan_clinics(geo, pops, s, o.scale, o.seed);
  synth::list_and_staff(w, pops, plan, s, o.scale, o.seed, o.threads);
  w.clinics = std::move(plan.clinics);
  synth::place_nursing_homes(w, pops, s, o.scale, o.seed);
  synth::add_service_data(w, s, o.seed);
  spdlog::debug("generate: clinics listed and staffed");

  const int ref_year = s.dataset.reference_date.year();
  const std::uint64_t citizen_key = mix64(o.seed ^ 0xC1712E4ULL);
  const std::uint64_t household_key = mix64(o.seed ^ 0x4005E401DULL);
  std::size_t total = 0;
  for (const auto& p : pops) total += p.persons.size();
  w.citizens.reserve(total);
  std::uint64_t g = 0, gh = 0;
  for (const auto& pop : pops) {
    for (const auto& hh : pop.households) {
      const HouseholdId household = mix64(household_key ^ gh++);
      for (std::uint32_t i = hh.first; i < hh.first + hh.size; ++i) {
        const auto& p = pop.persons[i];
        Citizen c;
        c.id = mix64(citizen_key ^ g++);  // a bijection: distinct rows get distinct pseudonyms
        c.household = household;
        c.birth_year = static_cast<std::uint16_t>(ref_year - p.age);
        c.sex = p.sex;
        c.home = hh.home;
        c.kommune = hh.kommune;
        c.group = p.group2 ? InsuranceGroup::group2 : InsuranceGroup::group1;
        c.conditions = p.conditions;
        c.labour = p.labour;
        c.listing = p.group2 ? kNoClinic : hh.clinic;
        c.home_visit_right = !p.group2 && hh.home_visit;
        w.citizens.push_back(c);
      }
    }
  }
  w.build_indexes();
  synth::add_planning_inputs(w, s, o.seed);
  IssueCollector issues(10);
  validate_world(w, s, issues, "generated world");
  if (!issues.empty()) {
    try {
      issues.throw_if_any();
    } catch (const InputError& e) {
      throw Error(fmt::format("generator produced an invalid world:\n{}", e.what()));
    }
  }
  return w;
}

}  // namespace praksis
