// The cohort-component steps of the forecast (rules F2, F3) on kommune x sex x age arrays.
#include "forecast/cohort_model.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "praksis/demand/demand_model.hpp"

namespace praksis::detail {
namespace {

std::size_t age_index(int age) {
  return static_cast<std::size_t>(std::clamp(age, 0, kForecastTopAge));
}

double sum(const AgeArray& a) {
  double s = 0;
  for (double x : a) s += x;
  return s;
}

}  // namespace

CohortBase build_base(const World& world, const Survey& survey, const Settings& settings) {
  CohortBase b;
  b.base_year = survey.year;
  b.kommuner = world.kommuner.size();
  b.rates = ForecastRates::embedded();
  const std::size_t n = b.kommuner;
  for (const Kommune& k : world.kommuner) {
    const int r = world.region_index(k.region);
    b.region_of.push_back(r < 0 ? 0 : static_cast<std::size_t>(r));
  }
  b.persons.assign(n * 2, AgeArray{});
  b.contacts_rate.assign(n * 2, AgeArray{});
  b.weight_rate.assign(n * 2, AgeArray{});

  // S2 through the weight model's own functions, so the forecast follows its calibration.
  const DemandModel demand(settings.demand, b.base_year);
  const std::vector<float> contacts = demand.contacts(world.citizens);
  const std::vector<double> weights = demand.weights(world);
  const CitizenTable& t = world.citizens;
  std::vector<AgeArray> national(2), national_c(2), national_w(2);
  for (std::size_t i = 0; i < t.size(); ++i) {
    const int k = world.kommune_index(t.kommune[i]);
    if (k < 0) continue;
    const std::size_t a = age_index(t.age_in(static_cast<CitizenIndex>(i), b.base_year));
    const std::size_t cell = static_cast<std::size_t>(k) * 2 + static_cast<std::size_t>(t.sex[i]);
    b.persons[cell][a] += 1;
    b.contacts_rate[cell][a] += contacts[i];
    b.weight_rate[cell][a] += weights[i];
    const auto s = static_cast<std::size_t>(t.sex[i]);
    national[s][a] += 1;
    national_c[s][a] += contacts[i];
    national_w[s][a] += weights[i];
  }
  // Rates per person; an empty cell takes the national rate of its sex and age (then the
  // demand model's own figure for a cell empty nationally).
  for (std::size_t cell = 0; cell < n * 2; ++cell) {
    const auto s = static_cast<Sex>(cell % 2);
    for (std::size_t a = 0; a < kForecastAges; ++a) {
      const double p = b.persons[cell][a];
      const double np = national[cell % 2][a];
      if (p > 0) {
        b.contacts_rate[cell][a] /= p;
        b.weight_rate[cell][a] /= p;
      } else if (np > 0) {
        b.contacts_rate[cell][a] = national_c[cell % 2][a] / np;
        b.weight_rate[cell][a] = national_w[cell % 2][a] / np;
      } else {
        b.contacts_rate[cell][a] = demand.expected_contacts(
            static_cast<int>(a), s, 0, a < 15 ? LabourStatus::child : LabourStatus::employed);
        b.weight_rate[cell][a] = 0;
      }
    }
  }
  // Movers and immigrants settle like the base year's residents of their sex and age (the
  // geographic age profile is kept; docs/forecast.md).
  double total = 0;
  for (const AgeArray& c : b.persons) total += sum(c);
  b.destination.assign(2 * n, AgeArray{});
  for (std::size_t s = 0; s < 2; ++s) {
    for (std::size_t a = 0; a < kForecastAges; ++a) {
      for (std::size_t k = 0; k < n; ++k) {
        double share = 0;
        if (national[s][a] > 0) {
          share = b.persons[k * 2 + s][a] / national[s][a];
        } else if (total > 0) {
          share = (sum(b.persons[k * 2]) + sum(b.persons[k * 2 + 1])) / total;
        }
        b.destination[s * n + k][a] = share;
      }
    }
  }

  // Supply where the clinic is (as the survey counts it).
  b.doctors.assign(n, AgeArray{});
  b.owners.assign(n, AgeArray{});
  b.filled0.assign(n, 0);
  b.unfilled0.assign(n, 0);
  b.doctors0.assign(n, 0);
  for (const Clinic& c : world.clinics) {
    const int k = world.kommune_index(c.kommune);
    if (k < 0) continue;
    b.filled0[static_cast<std::size_t>(k)] += c.capacities;
    b.unfilled0[static_cast<std::size_t>(k)] += c.unfilled_capacities;
  }
  // Retirement years stated in the hearing come before the model (a doctor of several clinics
  // states one year, at any of them).
  std::unordered_map<DoctorId, int> stated_year;
  for (const HearingEntry& h : world.hearing)
    if (h.doctor != 0 && h.retirement_year) stated_year[h.doctor] = *h.retirement_year;
  for (const Doctor& d : world.doctors) {
    const auto c = world.find_clinic(d.ydernummer);
    if (!c) continue;
    const int k = world.kommune_index(world.clinics[*c].kommune);
    if (k < 0) continue;
    const std::size_t a = age_index(b.base_year - d.birth_year);
    b.doctors[static_cast<std::size_t>(k)][a] += 1;
    if (d.role == DoctorRole::owner) b.owners[static_cast<std::size_t>(k)][a] += 1;
    b.doctors0[static_cast<std::size_t>(k)] += 1;
    if (auto it = stated_year.find(d.id); it != stated_year.end())
      b.stated.push_back({static_cast<std::size_t>(k), a, d.role == DoctorRole::owner, it->second});
  }
  // New GPs become owners in the base year's proportion (F3 tenure applies to owners only).
  double all_owners = 0;
  for (const AgeArray& o : b.owners) all_owners += sum(o);
  double all_doctors0 = 0;
  for (double d : b.doctors0) all_doctors0 += d;
  b.new_owner_share = all_doctors0 > 0 ? all_owners / all_doctors0 : 1;
  b.owner_hazard = owner_tenure_hazard(b.rates, settings.forecast);
  double all_doctors = 0, all_filled = 0;
  for (std::size_t k = 0; k < n; ++k) all_doctors += b.doctors0[k], all_filled += b.filled0[k];
  const double national_ratio = all_filled > 0 && all_doctors > 0 ? all_doctors / all_filled : 1;
  b.doctors_per_capacity.assign(n, national_ratio);
  for (std::size_t k = 0; k < n; ++k) {
    if (b.doctors0[k] > 0 && b.filled0[k] > 0)
      b.doctors_per_capacity[k] = b.doctors0[k] / b.filled0[k];
  }

  // Listed patients from the survey itself, so year 0 agrees with it (S1, S2).
  b.listed0.assign(n, 0);
  b.weighted_listed0.assign(n, 0);
  b.residents0.assign(n, 0);
  b.weighted0.assign(n, 0);
  for (std::size_t k = 0; k < n && k < survey.kommuner.size(); ++k) {
    b.listed0[k] = survey.kommuner[k].patients_per_capacity.numerator;
    b.weighted_listed0[k] = survey.kommuner[k].weighted_patients_per_capacity.numerator;
  }
  for (std::size_t k = 0; k < n; ++k) {
    for (std::size_t s = 0; s < 2; ++s) {
      for (std::size_t a = 0; a < kForecastAges; ++a) {
        b.residents0[k] += b.persons[k * 2 + s][a];
        b.weighted0[k] += b.persons[k * 2 + s][a] * b.weight_rate[k * 2 + s][a];
      }
    }
  }
  return b;
}

std::vector<ForecastYear> kommune_figures(const CohortBase& b, const Settings& s,
                                          const KommuneState& st, int year) {
  std::vector<ForecastYear> out(b.kommuner);
  const auto senior =
      static_cast<std::size_t>(std::clamp(s.survey.senior_doctor_age, 0, kForecastTopAge));
  for (std::size_t k = 0; k < b.kommuner; ++k) {
    ForecastYear& f = out[k];
    f.year = year;
    // Local sums by age band (the hot loop of the Monte Carlo), added in age order.
    double population = 0, aged_65 = 0, aged_85 = 0, contacts = 0, weighted = 0;
    double contacts_0_64 = 0, contacts_65_84 = 0, contacts_85 = 0;
    for (std::size_t sx = 0; sx < 2; ++sx) {
      const AgeArray& p = st.persons[k * 2 + sx];
      const AgeArray& cr = b.contacts_rate[k * 2 + sx];
      const AgeArray& wr = b.weight_rate[k * 2 + sx];
      for (std::size_t a = 0; a < 65; ++a) {
        population += p[a];
        const double c = p[a] * cr[a];
        contacts += c;
        contacts_0_64 += c;
        weighted += p[a] * wr[a];
      }
      for (std::size_t a = 65; a < 85; ++a) {
        population += p[a];
        aged_65 += p[a];
        const double c = p[a] * cr[a];
        contacts += c;
        contacts_65_84 += c;
        weighted += p[a] * wr[a];
      }
      for (std::size_t a = 85; a < kForecastAges; ++a) {
        population += p[a];
        aged_65 += p[a];
        aged_85 += p[a];
        const double c = p[a] * cr[a];
        contacts += c;
        contacts_85 += c;
        weighted += p[a] * wr[a];
      }
    }
    f.population = population;
    f.aged_65 = aged_65;
    f.aged_85 = aged_85;
    f.contacts = contacts;
    f.contacts_0_64 = contacts_0_64;
    f.contacts_65_84 = contacts_65_84;
    f.contacts_85 = contacts_85;
    f.weighted_residents = weighted;
    const double basis =
        s.forecast.need_basis == NeedBasis::weighted ? f.weighted_residents : f.population;
    f.need = basis / s.capacity.normtal;  // rule C1 normtal
    for (std::size_t a = 0; a < kForecastAges; ++a) {
      f.gps += st.doctors[k][a];
      f.owners += st.owners[k][a];
      if (a >= senior) f.senior_gps += st.doctors[k][a];
    }
    if (k < st.owner_departures.size()) f.owner_departures = st.owner_departures[k];
    const double doctor_capacities = f.gps / b.doctors_per_capacity[k];
    f.capacities_filled = std::min(st.held[k], doctor_capacities);
    f.capacities_unfilled = st.held[k] - f.capacities_filled;
    // Listed patients follow the residents of the clinic's kommune.
    f.listed_patients =
        b.residents0[k] > 0 ? b.listed0[k] * f.population / b.residents0[k] : b.listed0[k];
    f.weighted_listed = b.weighted0[k] > 0
                            ? b.weighted_listed0[k] * f.weighted_residents / b.weighted0[k]
                            : b.weighted_listed0[k];
    f.kommuner_short = f.gap() > 0 ? 1 : 0;
    f.citizens_in_short_kommuner = f.kommuner_short ? f.population : 0;
  }
  return out;
}

void step_population(const CohortBase& b, const ForecastSettings& s, const PathDraw& d,
                     int years_from_base, std::vector<AgeArray>& persons) {
  const std::size_t n = b.kommuner;
  const double improvement = std::pow(1.0 - s.mortality_improvement, years_from_base);
  const double death_factor = s.mortality_level * d.mortality * improvement;
  std::vector<AgeArray> pool(2);
  for (std::size_t k = 0; k < n; ++k) {
    AgeArray& women = persons[k * 2];
    // Births to the women alive at the start of the year, by their age.
    double births = 0;
    for (std::size_t a = 0; a < kForecastAges; ++a) {
      births += women[a] * b.rates.fertility_share[a];
    }
    births *= s.total_fertility * d.fertility;
    for (std::size_t sx = 0; sx < 2; ++sx) {
      AgeArray& p = persons[k * 2 + sx];
      const AgeArray& q = sx == 0 ? b.rates.death_female : b.rates.death_male;
      // Deaths, then one year older; 100+ is an open group.
      AgeArray next{};
      for (std::size_t a = 0; a < kForecastAges; ++a) {
        const double survivors = p[a] * (1.0 - std::min(1.0, q[a] * death_factor));
        next[std::min<std::size_t>(a + 1, kForecastTopAge)] += survivors;
      }
      next[0] = births * (sx == 0 ? 1.0 - s.male_birth_share : s.male_birth_share);
      // Movers leave for the national pool of their sex and age.
      for (std::size_t a = 0; a < kForecastAges; ++a) {
        const double out =
            next[a] * std::min(1.0, b.rates.internal_out_rate[a] * s.internal_migration_factor);
        next[a] -= out;
        pool[sx][a] += out;
      }
      p = next;
    }
  }
  // Movers and net immigrants settle by the destination shares.
  for (std::size_t sx = 0; sx < 2; ++sx) {
    for (std::size_t a = 0; a < kForecastAges; ++a) {
      const double arriving = pool[sx][a] + 0.5 * d.net_immigration * b.rates.immigration_share[a];
      for (std::size_t k = 0; k < n; ++k) {
        double& p = persons[k * 2 + sx][a];
        p = std::max(0.0, p + arriving * b.destination[sx * n + k][a]);
      }
    }
  }
}

void step_supply(const CohortBase& b, const ForecastSettings& s, const PathDraw& d,
                 const std::vector<double>& need, KommuneState& st) {
  const std::size_t n = b.kommuner;
  std::vector<double> after_exits(n, 0), moved_from(n, 0);
  // Owners still in practice who leave their clinic at the end of a tenure (F3), by age.
  AgeArray movers{};
  st.owner_departures.assign(n, 0);
  AgeArray exits{};
  for (std::size_t a = 0; a < kForecastAges; ++a)
    exits[a] = gp_exit_probability(b.rates, s, static_cast<int>(a), d.retirement);
  // Doctors with a stated retirement year leave at the end of that year, and only then.
  std::vector<AgeArray> retiring(n, AgeArray{}), retiring_owners(n, AgeArray{});
  for (const CohortBase::StatedRetirement& r : b.stated) {
    if (r.year != st.year) continue;
    const std::size_t a = std::min<std::size_t>(
        r.age0 + static_cast<std::size_t>(st.year - b.base_year), kForecastTopAge);
    retiring[r.kommune][a] += 1;
    if (r.owner) retiring_owners[r.kommune][a] += 1;
  }
  for (std::size_t k = 0; k < n; ++k) {
    AgeArray next{}, next_owners{}, next_stated{}, next_stated_owners{};
    for (std::size_t a = 0; a < kForecastAges; ++a) {
      const double exit = exits[a];
      const std::size_t to = std::min<std::size_t>(a + 1, kForecastTopAge);
      const double stated = st.stated[k][a], stated_owners = st.stated_owners[k][a];
      const double modelled_owners = st.owners[k][a] - stated_owners;
      const double owners_staying = modelled_owners * (1.0 - exit);
      const double moving = owners_staying * b.owner_hazard;
      const double staying = stated - retiring[k][a];
      const double staying_owners = stated_owners - retiring_owners[k][a];
      next[to] += (st.doctors[k][a] - stated) * (1.0 - exit) - moving + staying;
      next_owners[to] += owners_staying - moving + staying_owners;
      next_stated[to] += staying;
      next_stated_owners[to] += staying_owners;
      movers[to] += moving;
      moved_from[k] += moving;
      st.owner_departures[k] += modelled_owners * exit + moving + retiring_owners[k][a];
    }
    st.doctors[k] = next;
    st.owners[k] = next_owners;
    st.stated[k] = next_stated;
    st.stated_owners[k] = next_stated_owners;
    for (double x : next) after_exits[k] += x;
  }
  ++st.year;
  // New specialists in general practice (F3): posts x filled x choosing general practice.
  const double inflow =
      s.training_posts * s.training_fill_share * s.general_practice_share * d.inflow;
  std::vector<double> share(n, 0);
  double total = 0;
  if (s.placement == NewCapacityPlacement::need) {
    for (std::size_t k = 0; k < n; ++k) {
      share[k] = std::max(0.0, need[k] - after_exits[k] / b.doctors_per_capacity[k]);
      total += share[k];
    }
  } else {
    for (std::size_t k = 0; k < n; ++k) total += share[k] = b.doctors0[k];
  }
  if (total <= 0) {  // nobody short (or no doctors today): in proportion to need
    total = 0;
    for (std::size_t k = 0; k < n; ++k) total += share[k] = need[k];
  }
  if (total <= 0) {  // no need anywhere: the movers stay where they were
    total = 0;
    for (std::size_t k = 0; k < n; ++k) total += share[k] = moved_from[k];
  }
  // Tenure movers keep practising and settle like the new GPs (docs/forecast.md).
  const std::size_t entry = age_index(s.new_gp_age);
  double moving = 0;
  for (double x : movers) moving += x;
  for (std::size_t k = 0; k < n && total > 0; ++k) {
    const double f = share[k] / total;
    st.doctors[k][entry] += inflow * f;
    st.owners[k][entry] += inflow * f * b.new_owner_share;
    for (std::size_t a = 0; a < kForecastAges; ++a) {
      st.doctors[k][a] += movers[a] * f;
      st.owners[k][a] += movers[a] * f;
    }
    // A region creates a capacity for a doctor beyond the capacities it holds (C2); a held
    // capacity whose doctor left stays, unfilled.
    const double doctor_capacities =
        (after_exits[k] + (inflow + moving) * f) / b.doctors_per_capacity[k];
    st.held[k] = std::max(st.held[k], doctor_capacities);
  }
}

}  // namespace praksis::detail
