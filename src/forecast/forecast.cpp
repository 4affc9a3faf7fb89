// The forecast service: deterministic path, Monte Carlo bands, aggregation and the projected
// designation (rules F1-F3, D3).
#include "praksis/forecast/forecast.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "forecast/cohort_model.hpp"
#include "praksis/core/error.hpp"
#include "praksis/core/parallel.hpp"
#include "praksis/core/random.hpp"
#include "praksis/designation/designation.hpp"
#include "praksis/model/planning_areas.hpp"

namespace praksis {
namespace {

using detail::CohortBase;
using detail::KommuneState;
using detail::PathDraw;

void add(ForecastYear& into, const ForecastYear& f) {
  into.population += f.population;
  into.aged_65 += f.aged_65;
  into.aged_85 += f.aged_85;
  into.contacts += f.contacts;
  into.contacts_0_64 += f.contacts_0_64;
  into.contacts_65_84 += f.contacts_65_84;
  into.contacts_85 += f.contacts_85;
  into.weighted_residents += f.weighted_residents;
  into.need += f.need;
  into.gps += f.gps;
  into.senior_gps += f.senior_gps;
  into.owners += f.owners;
  into.owner_departures += f.owner_departures;
  into.capacities_filled += f.capacities_filled;
  into.capacities_unfilled += f.capacities_unfilled;
  into.listed_patients += f.listed_patients;
  into.weighted_listed += f.weighted_listed;
  into.kommuner_short += f.kommuner_short;
  into.citizens_in_short_kommuner += f.citizens_in_short_kommuner;
}

std::vector<double> needs(const std::vector<ForecastYear>& figures) {
  std::vector<double> out;
  out.reserve(figures.size());
  for (const ForecastYear& f : figures) out.push_back(f.need);
  return out;
}

/// Runs one path from the base year to `to_year`; calls sink(year, kommune figures) each year.
template <class Sink>
void simulate(const CohortBase& b, const Settings& s, const PathDraw& d, int to_year,
              const PopulationProjection* population, Sink&& sink) {
  KommuneState st;
  st.persons = b.persons;
  if (population) {
    for (std::size_t k = 0; k < b.kommuner; ++k) {
      for (std::size_t sx = 0; sx < 2; ++sx) {
        st.persons[k * 2 + sx] = population->at(b.base_year, k, static_cast<Sex>(sx));
      }
    }
  }
  st.doctors = b.doctors;
  st.owners = b.owners;
  st.year = b.base_year;
  st.stated.assign(b.kommuner, AgeArray{});
  st.stated_owners.assign(b.kommuner, AgeArray{});
  for (const detail::CohortBase::StatedRetirement& r : b.stated) {
    st.stated[r.kommune][r.age0] += 1;
    if (r.owner) st.stated_owners[r.kommune][r.age0] += 1;
  }
  st.held.resize(b.kommuner);
  for (std::size_t k = 0; k < b.kommuner; ++k) st.held[k] = b.filled0[k] + b.unfilled0[k];
  std::vector<ForecastYear> figures = detail::kommune_figures(b, s, st, b.base_year);
  sink(b.base_year, figures);
  for (int year = b.base_year + 1; year <= to_year; ++year) {
    if (population) {
      for (std::size_t k = 0; k < b.kommuner; ++k) {
        for (std::size_t sx = 0; sx < 2; ++sx) {
          st.persons[k * 2 + sx] = population->at(year, k, static_cast<Sex>(sx));
        }
      }
    } else {
      detail::step_population(b, s.forecast, d, year - 1 - b.base_year, st.persons);
    }
    // The supply responds to the new year's need (computed on the new population).
    const std::vector<double> need = needs(detail::kommune_figures(b, s, st, year));
    detail::step_supply(b, s.forecast, d, need, st);
    figures = detail::kommune_figures(b, s, st, year);
    sink(year, figures);
  }
}

}  // namespace

double gp_exit_probability(const ForecastRates& rates, const ForecastSettings& s, int age,
                           double multiplier) {
  const int shifted = std::clamp(age - s.retirement_age_shift, 0, kForecastTopAge);
  return std::min(
      1.0, rates.gp_exit[static_cast<std::size_t>(shifted)] * s.retirement_factor * multiplier);
}

double mean_owner_tenure(const ForecastRates& rates, const ForecastSettings& s, double hazard) {
  // Discrete years: the owner is in the clinic after t years with probability S(t), S(0) = 1;
  // the mean completed stay is the sum of S(t). Long enough for any hazard the bisection tries.
  double mean = 0, still = 1;
  for (int t = 0; t < 2000 && still > 1e-16; ++t) {
    mean += still;
    still *= (1.0 - gp_exit_probability(rates, s, s.new_gp_age + t)) * (1.0 - hazard);
  }
  return mean;
}

double owner_tenure_hazard(const ForecastRates& rates, const ForecastSettings& s) {
  const double target = s.owner_tenure_years;
  if (target <= 0 || mean_owner_tenure(rates, s, 0) <= target) return 0;
  double lo = 0, hi = 1;  // the mean falls as the hazard grows: bisection
  for (int i = 0; i < 200 && hi - lo > 1e-15; ++i) {
    const double mid = 0.5 * (lo + hi);
    (mean_owner_tenure(rates, s, mid) > target ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

const ForecastArea& ForecastResult::selected() const {
  if (region) {
    for (const ForecastArea& a : regions) {
      if (a.code == *region) return a;
    }
  }
  return nation;
}

double forecast_band_value(const ForecastYear& f, std::size_t metric) {
  switch (metric) {
    case 0:
      return f.population;
    case 1:
      return f.population > 0 ? f.aged_65 / f.population : 0;
    case 2:
      return f.population > 0 ? f.aged_85 / f.population : 0;
    case 3:
      return f.contacts;
    case 4:
      return f.need;
    case 5:
      return f.gps;
    case 6:
      return f.capacities_filled;
    default:
      return f.gap();
  }
}

namespace {

PathDraw draw(const ForecastSettings& s, std::uint64_t seed, std::uint64_t run) {
  Rng rng(seed, run);  // one stream per run index: independent of the thread that runs it
  PathDraw d;
  d.mortality = rng.lognormal(1.0, s.mc_mortality_sigma);
  d.fertility = rng.lognormal(1.0, s.mc_fertility_sigma);
  d.net_immigration = rng.normal(s.net_immigration, s.mc_immigration_sd);
  d.retirement = rng.lognormal(1.0, s.mc_retirement_sigma);
  d.inflow = rng.lognormal(1.0, s.mc_inflow_sigma);
  return d;
}

/// The survey's kommune figures with the projectable D3 criteria replaced by the year's
/// projection: patients and weighted patients per capacity, unfilled share, senior doctors.
/// The others (S4 choices, temporary forms, open clinics, labour market, E2SFCA) keep their
/// base-year values: they cannot be projected from the cohort arrays.
Survey projected_survey(const Survey& base, const std::vector<ForecastYear>& figures) {
  Survey s;
  s.year = figures.empty() ? base.year : figures.front().year;
  s.kommuner = base.kommuner;
  for (std::size_t k = 0; k < s.kommuner.size() && k < figures.size(); ++k) {
    AreaFigures& a = s.kommuner[k];
    const ForecastYear& f = figures[k];
    a.patients_per_capacity = {f.listed_patients, f.capacities()};
    a.weighted_patients_per_capacity = {f.weighted_listed, f.capacities()};
    a.unfilled_capacity_share = {f.capacities_unfilled, f.capacities()};
    a.senior_doctor_share = {f.senior_gps, f.gps};
  }
  return s;
}

/// P10/P50/P90 per area (nation, then the regions), metric and year over `params.runs` paths.
void monte_carlo(const CohortBase& b, const Settings& settings, const ForecastParameters& params,
                 ForecastResult& r) {
  const ForecastSettings& fs = settings.forecast;
  const std::size_t years = static_cast<std::size_t>(params.to_year - b.base_year + 1);
  const std::size_t metrics = kForecastBandMetrics.size();
  const std::size_t areas = 1 + r.regions.size();
  const auto runs = static_cast<std::size_t>(params.runs);
  // values[((area * metrics + metric) * years + year) * runs + run]: each run writes only its
  // own slots, so the result does not depend on the threads.
  std::vector<double> values(areas * metrics * years * runs);
  parallel_chunks(runs, 8, resolve_threads(fs.threads),
                  [&](std::size_t begin, std::size_t end, unsigned) {
                    std::vector<ForecastYear> sums(areas);
                    for (std::size_t run = begin; run < end; ++run) {
                      const PathDraw d = draw(fs, params.seed, run);
                      simulate(b, settings, d, params.to_year, params.population,
                               [&](int year, const std::vector<ForecastYear>& figures) {
                                 std::fill(sums.begin(), sums.end(), ForecastYear{});
                                 for (std::size_t k = 0; k < figures.size(); ++k) {
                                   add(sums[0], figures[k]);
                                   if (areas > 1) add(sums[1 + b.region_of[k]], figures[k]);
                                 }
                                 const auto y = static_cast<std::size_t>(year - b.base_year);
                                 for (std::size_t a = 0; a < areas; ++a) {
                                   for (std::size_t m = 0; m < metrics; ++m) {
                                     values[((a * metrics + m) * years + y) * runs + run] =
                                         forecast_band_value(sums[a], m);
                                   }
                                 }
                               });
                    }
                  });
  std::vector<double> v(runs);
  for (std::size_t a = 0; a < areas; ++a) {
    ForecastArea& area = a == 0 ? r.nation : r.regions[a - 1];
    for (std::size_t m = 0; m < metrics; ++m) {
      for (std::size_t y = 0; y < years; ++y) {
        std::copy_n(
            values.begin() + static_cast<std::ptrdiff_t>(((a * metrics + m) * years + y) * runs),
            runs, v.begin());
        ForecastBand band;
        band.metric = std::string(kForecastBandMetrics[m]);
        band.year = b.base_year + static_cast<int>(y);
        band.p10 = percentile_inc(v, 0.10);
        band.p50 = percentile_inc(v, 0.50);
        band.p90 = percentile_inc(v, 0.90);
        area.bands.push_back(std::move(band));
      }
    }
  }
}

}  // namespace

double percentile_inc(std::vector<double>& values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const double pos = p * static_cast<double>(values.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(values.size() - 1, lo + 1);
  return values[lo] + (pos - static_cast<double>(lo)) * (values[hi] - values[lo]);
}

void ForecastParameters::validate(int base_year, const ForecastSettings& s) const {
  if (to_year < base_year || to_year > s.last_year) {
    throw InputError(InputLocation{"--to", 0, 0, {}},
                     message("forecast.error.to", base_year, s.last_year, to_year));
  }
  if (runs < 0 || runs > 100000) {
    throw InputError(InputLocation{"--runs", 0, 0, {}}, message("forecast.error.runs", runs));
  }
  if (region && (*region < 1081 || *region > 1085)) {
    throw InputError(InputLocation{"--region", 0, 0, {}},
                     message("forecast.error.region", *region));
  }
  if (population && (population->first_year > base_year || population->last_year < to_year)) {
    throw InputError(InputLocation{population->source, 0, 0, "year"},
                     message("forecast.error.projection", population->first_year,
                             population->last_year, base_year, to_year));
  }
}

ForecastResult run_forecast(const World& world, const Survey& survey, const Settings& settings,
                            const ForecastParameters& params) {
  const auto start = std::chrono::steady_clock::now();
  params.validate(survey.year, settings.forecast);
  if (params.region && world.region_index(static_cast<RegionCode>(*params.region)) < 0) {
    throw InputError(InputLocation{"--region", 0, 0, {}},
                     message("forecast.error.region_not_in_store", *params.region));
  }
  const CohortBase b = detail::build_base(world, survey, settings);
  const ForecastSettings& fs = settings.forecast;

  ForecastResult r;
  r.base_year = b.base_year;
  r.to_year = params.to_year;
  r.runs = params.runs;
  r.seed = params.seed;
  r.scenario = params.scenario;
  r.region = params.region;
  r.scope = params.scope;
  if (!r.region && params.scope.regions.size() == 1 && params.scope.kommuner.empty())
    r.region = params.scope.regions.front();
  r.external_population = params.population != nullptr;
  r.assumptions = fs;
  r.normtal = settings.capacity.normtal;
  r.nation.level = AreaLevel::nation;
  r.nation.name = "";
  for (const Region& reg : world.regions) {
    ForecastArea a;
    a.level = AreaLevel::region;
    a.code = reg.code;
    a.name = reg.name;
    r.regions.push_back(std::move(a));
  }
  for (const Kommune& k : world.kommuner) {
    ForecastArea a;
    a.level = AreaLevel::kommune;
    a.code = k.code;
    a.name = k.name;
    a.region = k.region;
    r.kommuner.push_back(std::move(a));
  }

  PathDraw deterministic;
  deterministic.net_immigration = fs.net_immigration;
  simulate(b, settings, deterministic, params.to_year, params.population,
           [&](int year, const std::vector<ForecastYear>& figures) {
             ForecastYear nation{};
             nation.year = year;
             std::vector<ForecastYear> regions(r.regions.size());
             for (ForecastYear& y : regions) y.year = year;
             for (std::size_t k = 0; k < figures.size(); ++k) {
               r.kommuner[k].years.push_back(figures[k]);
               if (figures[k].kommuner_short && !r.kommuner[k].first_short_year) {
                 r.kommuner[k].first_short_year = year;
               }
               add(nation, figures[k]);
               if (!regions.empty()) add(regions[b.region_of[k]], figures[k]);
             }
             r.nation.years.push_back(nation);
             for (std::size_t i = 0; i < regions.size(); ++i)
               r.regions[i].years.push_back(regions[i]);
             const Designation d =
                 designate(projected_survey(survey, figures), settings.designation);
             for (std::size_t k = 0; k < d.areas.size() && k < r.kommuner.size(); ++k) {
               if (d.areas[k].designated && !r.kommuner[k].first_designated_year) {
                 r.kommuner[k].first_designated_year = year;
               }
             }
           });

  if (params.runs > 0) monte_carlo(b, settings, params, r);
  r.elapsed_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return r;
}

namespace {

/// A district's base-year shares of its kommune: residents, filled and unfilled capacities,
/// doctors and listed patients (0 where the kommune has none).
struct DistrictShares {
  double residents = 0, filled = 0, unfilled = 0, doctors = 0, listed = 0;
};

/// Every district's shares (indexed as areas.areas(); zero for areas of whole kommuner), in one
/// pass over the clinics, doctors and citizens: each split kommune's whole against its districts.
std::vector<DistrictShares> district_shares(const World& w, const PlanningAreas& areas) {
  const auto& list = areas.areas();
  std::vector<DistrictShares> part(list.size());
  std::vector<DistrictShares> whole(1000);  // by kommunekode (three digits)
  std::vector<char> split(1000, 0);
  for (const PlanningAreas::Area& a : list)
    if (a.district) split[a.kommuner.front()] = 1;
  const auto add = [](DistrictShares& d, double residents, double filled, double unfilled,
                      double doctors, double listed) {
    d.residents += residents;
    d.filled += filled;
    d.unfilled += unfilled;
    d.doctors += doctors;
    d.listed += listed;
  };
  // Per clinic of a split kommune its district (-1 none); -2 for the other clinics.
  std::vector<int> clinic_area(w.clinics.size(), -2);
  const auto count = [&](KommuneCode k, int area, double residents, double filled, double unfilled,
                         double doctors, double listed) {
    add(whole[k], residents, filled, unfilled, doctors, listed);
    if (area >= 0)
      add(part[static_cast<std::size_t>(area)], residents, filled, unfilled, doctors, listed);
  };
  for (std::size_t j = 0; j < w.clinics.size(); ++j) {
    const Clinic& c = w.clinics[j];
    if (!split[c.kommune]) continue;
    clinic_area[j] = areas.index_of(c.kommune, c.location);
    count(c.kommune, clinic_area[j], 0, c.capacities, c.unfilled_capacities, 0, 0);
  }
  for (const Doctor& d : w.doctors) {
    const auto j = w.find_clinic(d.ydernummer);
    if (j && clinic_area[*j] != -2) count(w.clinics[*j].kommune, clinic_area[*j], 0, 0, 0, 1, 0);
  }
  const auto& ct = w.citizens;
  for (std::size_t i = 0; i < ct.size(); ++i) {
    const KommuneCode k = ct.kommune[i];
    if (split[k]) count(k, areas.index_of(k, ct.home[i]), 1, 0, 0, 0, 0);
    const ClinicIndex c = ct.listing[i];
    if (c != kNoClinic && c < clinic_area.size() && clinic_area[c] != -2)
      count(w.clinics[c].kommune, clinic_area[c], 0, 0, 0, 0, 1);
  }
  const auto share = [](double p, double all) { return all > 0 ? p / all : 0.0; };
  for (std::size_t a = 0; a < list.size(); ++a) {
    if (!list[a].district) continue;
    const DistrictShares& all = whole[list[a].kommuner.front()];
    DistrictShares& d = part[a];
    d = {share(d.residents, all.residents), share(d.filled, all.filled),
         share(d.unfilled, all.unfilled), share(d.doctors, all.doctors),
         share(d.listed, all.listed)};
  }
  return part;
}

/// The kommune's year `f` apportioned to a district by its shares.
ForecastYear apportion(const ForecastYear& f, const DistrictShares& s) {
  ForecastYear d;
  d.year = f.year;
  d.population = f.population * s.residents;
  d.aged_65 = f.aged_65 * s.residents;
  d.aged_85 = f.aged_85 * s.residents;
  d.contacts = f.contacts * s.residents;
  d.contacts_0_64 = f.contacts_0_64 * s.residents;
  d.contacts_65_84 = f.contacts_65_84 * s.residents;
  d.contacts_85 = f.contacts_85 * s.residents;
  d.weighted_residents = f.weighted_residents * s.residents;
  d.need = f.need * s.residents;
  d.gps = f.gps * s.doctors;
  d.senior_gps = f.senior_gps * s.doctors;
  d.owners = f.owners * s.doctors;
  d.owner_departures = f.owner_departures * s.doctors;
  d.capacities_filled = f.capacities_filled * s.filled;
  d.capacities_unfilled = f.capacities_unfilled * s.unfilled;
  d.listed_patients = f.listed_patients * s.listed;
  d.weighted_listed = f.weighted_listed * s.listed;
  d.kommuner_short = d.gap() > 0 ? 1 : 0;
  d.citizens_in_short_kommuner = d.kommuner_short ? d.population : 0;
  return d;
}

}  // namespace

ForecastResult forecast_by_areas(ForecastResult r, const PlanningAreas& areas, const World& world) {
  if (!areas.defined()) return r;
  std::vector<ForecastArea> rows;
  const std::vector<DistrictShares> shares = district_shares(world, areas);
  for (std::size_t ai = 0; ai < areas.areas().size(); ++ai) {
    const PlanningAreas::Area& pa = areas.areas()[ai];
    ForecastArea a;
    a.level = AreaLevel::planning_area;
    a.code = pa.id;
    a.name = pa.name;
    a.region = pa.region;
    for (KommuneCode k : pa.kommuner) {
      const auto it = std::find_if(r.kommuner.begin(), r.kommuner.end(),
                                   [&](const ForecastArea& f) { return f.code == k; });
      if (it == r.kommuner.end())
        throw Error(
            fmt::format("forecast: kommune {} of area {} is not in the forecast", k, pa.id));
      if (a.years.empty()) {
        a.years.resize(it->years.size());
        for (std::size_t y = 0; y < a.years.size(); ++y) a.years[y].year = it->years[y].year;
      }
      if (pa.district) {
        for (std::size_t y = 0; y < a.years.size() && y < it->years.size(); ++y)
          a.years[y] = apportion(it->years[y], shares[ai]);
        continue;
      }
      for (std::size_t y = 0; y < a.years.size() && y < it->years.size(); ++y)
        add(a.years[y], it->years[y]);
    }
    for (const ForecastYear& y : a.years) {
      if (y.gap() > 0) {
        a.first_short_year = y.year;
        break;
      }
    }
    rows.push_back(std::move(a));
  }
  r.kommuner = std::move(rows);
  return r;
}

}  // namespace praksis
