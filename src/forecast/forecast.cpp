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
  into.weighted_residents += f.weighted_residents;
  into.need += f.need;
  into.gps += f.gps;
  into.senior_gps += f.senior_gps;
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
                     fmt::format("must be a year from {} (the survey's) to {} ([forecast] "
                                 "last_year), got {}",
                                 base_year, s.last_year, to_year));
  }
  if (runs < 0 || runs > 100000) {
    throw InputError(InputLocation{"--runs", 0, 0, {}},
                     fmt::format("must be between 0 and 100000, got {}", runs));
  }
  if (population && (population->first_year > base_year || population->last_year < to_year)) {
    throw InputError(
        InputLocation{population->source, 0, 0, "year"},
        fmt::format("the projection covers {}-{}; the forecast needs {}-{}", population->first_year,
                    population->last_year, base_year, to_year));
  }
}

ForecastResult run_forecast(const World& world, const Survey& survey, const Settings& settings,
                            const ForecastParameters& params) {
  const auto start = std::chrono::steady_clock::now();
  params.validate(survey.year, settings.forecast);
  const CohortBase b = detail::build_base(world, survey, settings);
  const ForecastSettings& fs = settings.forecast;

  ForecastResult r;
  r.base_year = b.base_year;
  r.to_year = params.to_year;
  r.runs = params.runs;
  r.seed = params.seed;
  r.scenario = params.scenario;
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

  if (params.runs > 0) {
    const std::size_t years = static_cast<std::size_t>(params.to_year - b.base_year + 1);
    const std::size_t metrics = kForecastBandMetrics.size();
    // values[(metric * years + year) * runs + run]: each run writes only its own slots.
    std::vector<double> values(metrics * years * static_cast<std::size_t>(params.runs));
    const auto runs = static_cast<std::size_t>(params.runs);
    parallel_chunks(
        runs, 8, resolve_threads(fs.threads), [&](std::size_t begin, std::size_t end, unsigned) {
          for (std::size_t run = begin; run < end; ++run) {
            const PathDraw d = draw(fs, params.seed, run);
            simulate(b, settings, d, params.to_year, params.population,
                     [&](int year, const std::vector<ForecastYear>& figures) {
                       ForecastYear nation{};
                       for (const ForecastYear& f : figures) add(nation, f);
                       const auto y = static_cast<std::size_t>(year - b.base_year);
                       for (std::size_t m = 0; m < metrics; ++m) {
                         values[(m * years + y) * runs + run] = forecast_band_value(nation, m);
                       }
                     });
          }
        });
    std::vector<double> v(runs);
    for (std::size_t m = 0; m < metrics; ++m) {
      for (std::size_t y = 0; y < years; ++y) {
        std::copy_n(values.begin() + static_cast<std::ptrdiff_t>((m * years + y) * runs), runs,
                    v.begin());
        ForecastBand band;
        band.metric = std::string(kForecastBandMetrics[m]);
        band.year = b.base_year + static_cast<int>(y);
        band.p10 = percentile_inc(v, 0.10);
        band.p50 = percentile_inc(v, 0.50);
        band.p90 = percentile_inc(v, 0.90);
        r.bands.push_back(std::move(band));
      }
    }
  }
  r.elapsed_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return r;
}

}  // namespace praksis
