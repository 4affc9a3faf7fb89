// The coverage survey: S1-S6 per kommune, region and nation (DOMAIN.md section 5).
#include "praksis/survey/survey.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <map>

#include "praksis/core/error.hpp"
#include "praksis/core/parallel.hpp"
#include "praksis/demand/demand_model.hpp"
#include "praksis/survey/accessibility.hpp"
#include "praksis/survey/choice_distances.hpp"
#include "praksis/survey/distribution.hpp"
#include "praksis/survey/home_locations.hpp"
#include "praksis/survey/location_grid.hpp"
#include "spatial_kernels.hpp"

namespace praksis {
namespace {

constexpr double kDaysPerYear = 365.2425;  // Gregorian calendar

class Stopwatch {
 public:
  double lap_ms() {
    const auto now = std::chrono::steady_clock::now();
    const double ms = std::chrono::duration<double, std::milli>(now - last_).count();
    last_ = now;
    return ms;
  }

 private:
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

// ---------------------------------------------------------------------------------------------
// Citizens (S1, S2, S5, D1): one parallel pass, integer partial sums merged exactly.

struct ResidentTotals {
  std::uint64_t citizens = 0, group1 = 0, listed = 0, temporary = 0, working = 0, outside = 0;
  std::int64_t weight_q = 0;
  void add(const ResidentTotals& o) {
    citizens += o.citizens;
    group1 += o.group1;
    listed += o.listed;
    temporary += o.temporary;
    working += o.working;
    outside += o.outside;
    weight_q += o.weight_q;
  }
};

struct CitizenPass {
  std::vector<ResidentTotals> area;          // by kommune position
  std::vector<std::uint32_t> clinic_listed;  // by clinic
  std::vector<std::int64_t> clinic_weight_q;
};

bool in_working_status(LabourStatus s) {
  return s != LabourStatus::child && s != LabourStatus::retired;
}
bool outside_labour_market(LabourStatus s) {
  return s == LabourStatus::unemployed || s == LabourStatus::disability_pension ||
         s == LabourStatus::other;
}

CitizenPass count_citizens(const World& w, const std::vector<int>& area_of_code,
                           const std::vector<float>& weights, unsigned threads) {
  const CitizenTable& t = w.citizens;
  const std::size_t K = w.kommuner.size(), M = w.clinics.size();
  std::vector<std::uint8_t> temporary(M);
  for (std::size_t j = 0; j < M; ++j) temporary[j] = is_temporary(w.clinics[j].form);
  std::vector<CitizenPass> partial(threads);
  for (auto& p : partial) {
    p.area.assign(K, {});
    p.clinic_listed.assign(M, 0);
    p.clinic_weight_q.assign(M, 0);
  }
  std::vector<std::size_t> unknown(threads, 0);
  parallel_chunks(t.size(), 1 << 18, threads, [&](std::size_t b, std::size_t e, unsigned wk) {
    CitizenPass& p = partial[wk];
    for (std::size_t i = b; i < e; ++i) {
      const int a = t.kommune[i] < area_of_code.size() ? area_of_code[t.kommune[i]] : -1;
      if (a < 0) {
        ++unknown[wk];
        continue;
      }
      ResidentTotals& r = p.area[static_cast<std::size_t>(a)];
      const std::int64_t wq = HomeLocations::quantise_weight(weights[i]);
      ++r.citizens;
      r.weight_q += wq;
      r.working += in_working_status(t.labour[i]);
      r.outside += outside_labour_market(t.labour[i]);
      if (t.group[i] != InsuranceGroup::group1) continue;
      ++r.group1;
      const ClinicIndex c = t.listing[i];
      if (c == kNoClinic || c >= M) continue;
      ++r.listed;
      r.temporary += temporary[c];
      ++p.clinic_listed[c];
      p.clinic_weight_q[c] += wq;
    }
  });
  std::size_t unknown_total = 0;
  for (auto u : unknown) unknown_total += u;
  if (unknown_total > 0) {
    throw Error(fmt::format("survey: {} citizens live in a kommune that is not in the world",
                            unknown_total));
  }
  for (unsigned wk = 1; wk < threads; ++wk) {
    for (std::size_t a = 0; a < K; ++a) partial[0].area[a].add(partial[wk].area[a]);
    for (std::size_t j = 0; j < M; ++j) {
      partial[0].clinic_listed[j] += partial[wk].clinic_listed[j];
      partial[0].clinic_weight_q[j] += partial[wk].clinic_weight_q[j];
    }
  }
  return std::move(partial[0]);
}

// ---------------------------------------------------------------------------------------------
// Roll-up of additive figures.

void add_ratio(Ratio& to, const Ratio& from) {
  to.numerator += from.numerator;
  to.denominator += from.denominator;
}

void add_distance(DistanceSummary& to, const DistanceSummary& from) {
  add_ratio(to.mean_km, from.mean_km);
  to.unreachable += from.unreachable;
  if (to.histogram.size() < from.histogram.size()) to.histogram.resize(from.histogram.size(), 0);
  for (std::size_t b = 0; b < from.histogram.size(); ++b) to.histogram[b] += from.histogram[b];
  if (from.max_km && (!to.max_km || *from.max_km > *to.max_km)) to.max_km = from.max_km;
}

/// Adds every additive figure of `from` (counts, ratio parts, histograms, maxima) to `to`.
void add_area(AreaFigures& to, const AreaFigures& from) {
  to.citizens += from.citizens;
  to.group1_citizens += from.group1_citizens;
  to.listed_residents += from.listed_residents;
  to.clinics += from.clinics;
  to.doctors += from.doctors;
  to.capacities_filled += from.capacities_filled;
  to.capacities_unfilled += from.capacities_unfilled;
  to.listed_patients += from.listed_patients;
  add_ratio(to.patients_per_capacity, from.patients_per_capacity);
  add_ratio(to.unfilled_capacity_share, from.unfilled_capacity_share);
  add_ratio(to.weighted_patients_per_capacity, from.weighted_patients_per_capacity);
  add_ratio(to.mean_resident_weight, from.mean_resident_weight);
  to.open_clinics += from.open_clinics;
  add_ratio(to.open_clinic_share, from.open_clinic_share);
  add_ratio(to.without_two_open_choices_share, from.without_two_open_choices_share);
  add_distance(to.nearest_open, from.nearest_open);
  add_distance(to.second_open, from.second_open);
  to.senior_doctors += from.senior_doctors;
  add_ratio(to.senior_doctor_share, from.senior_doctor_share);
  add_ratio(to.mean_doctor_age, from.mean_doctor_age);
  add_ratio(to.mean_clinic_age_years, from.mean_clinic_age_years);
  to.temporary_clinics += from.temporary_clinics;
  to.temporary_clinic_patients += from.temporary_clinic_patients;
  add_ratio(to.temporary_form_share, from.temporary_form_share);
  add_ratio(to.outside_labour_market_share, from.outside_labour_market_share);
  add_ratio(to.mean_2sfca, from.mean_2sfca);
  add_ratio(to.mean_e2sfca, from.mean_e2sfca);
}

// ---------------------------------------------------------------------------------------------
// Distances (S4): exact citizen quantiles through a fine histogram. Each location's distance falls
// in a ~10 m bin (by chord, monotone in distance); a quantile's bin is found from the (additive)
// histogram, and only the locations in that bin are ranked exactly.

constexpr std::size_t kFineBins = 8192;
constexpr double kFineBinsPerChord = GreatCircle::kEarthRadiusKm * 100;  // about 10 m per bin

std::uint16_t fine_bin(double c2) {
  if (std::isinf(c2)) return kFineBins - 1;
  const double b = std::sqrt(c2) * kFineBinsPerChord;
  return static_cast<std::uint16_t>(std::min<double>(kFineBins - 1, b));
}

/// Kilometres from a squared chord: the arcsine series for short chords (exact to rounding below
/// about 120 km), the library arcsine beyond.
double km_of(double c2) {
  const double h = std::sqrt(c2) * 0.5;
  if (h >= 0.01) return GreatCircle::km_from_chord2(c2);
  const double h2 = h * h;
  return 2.0 * GreatCircle::kEarthRadiusKm * h *
         (1.0 + h2 * (1.0 / 6.0 + h2 * (3.0 / 40.0 + h2 * (5.0 / 112.0 + h2 * (35.0 / 1152.0)))));
}

struct DistanceColumn {
  const std::vector<double>* c2 = nullptr;
  std::vector<std::uint16_t> bin;  // by location
};

/// The nearest-rank quantile q over the citizens at `locations` (spans of location indices),
/// given their combined fine histogram.
std::optional<double> quantile(double q, const std::vector<std::uint32_t>& hist,
                               const std::vector<std::span<const std::uint32_t>>& locations,
                               const DistanceColumn& col,
                               const std::vector<std::uint32_t>& citizens) {
  std::uint64_t total = 0;
  for (auto h : hist) total += h;
  if (total == 0) return std::nullopt;
  auto rank = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(total)));
  rank = std::clamp<std::uint64_t>(rank, 1, total);
  std::size_t b = 0;
  while (rank > hist[b]) rank -= hist[b++];
  std::vector<CountedValue> in_bin;
  for (auto span : locations) {
    for (std::uint32_t i : span) {
      if (col.bin[i] == b) in_bin.push_back({(*col.c2)[i], citizens[i]});
    }
  }
  const auto v = counted_rank(in_bin, rank);
  if (!v || std::isinf(*v)) return std::nullopt;
  return km_of(*v);
}

// ---------------------------------------------------------------------------------------------

std::optional<double> ratio_of(double n, double d) {
  if (d > 0) return n / d;
  return std::nullopt;
}

}  // namespace

const AreaFigures* Survey::find_kommune(int code) const {
  for (const auto& k : kommuner) {
    if (k.code == code) return &k;
  }
  return nullptr;
}

Survey run_survey(const World& w, const Settings& settings) {
  const SurveySettings& ss = settings.survey;
  const unsigned threads = resolve_threads(ss.threads);
  Stopwatch total_clock, clock;
  Survey out;
  out.reference_date = settings.dataset.reference_date;
  out.year = out.reference_date.year();
  out.choice_radius_km = ss.choice_radius_km;
  out.min_open_choices = ss.min_open_choices;
  out.distance_histogram_km = ss.distance_histogram_km;
  const std::size_t K = w.kommuner.size(), M = w.clinics.size();

  // S2 weights (normalised to national mean 1.0).
  const DemandModel demand(settings.demand, out.year);
  const std::vector<float> weights = demand.weights(w.citizens);
  out.timings.weights_ms = clock.lap_ms();

  std::vector<int> area_of_code(1000, -1);
  for (std::size_t a = 0; a < K; ++a) {
    if (w.kommuner[a].code < 1000) area_of_code[w.kommuner[a].code] = static_cast<int>(a);
  }
  const CitizenPass cp = count_citizens(w, area_of_code, weights, threads);

  // Kommuner: residents (S1, S2, S5 share in temporary forms, D1).
  out.kommuner.resize(K);
  for (std::size_t a = 0; a < K; ++a) {
    AreaFigures& f = out.kommuner[a];
    const ResidentTotals& r = cp.area[a];
    f.level = AreaLevel::kommune;
    f.code = w.kommuner[a].code;
    f.name = w.kommuner[a].name;
    f.region = w.kommuner[a].region;
    f.citizens = r.citizens;
    f.group1_citizens = r.group1;
    f.listed_residents = r.listed;
    f.mean_resident_weight = {static_cast<double>(r.weight_q) / HomeLocations::kDemandScale,
                              static_cast<double>(r.citizens)};
    f.temporary_form_share = {static_cast<double>(r.temporary), static_cast<double>(r.listed)};
    f.outside_labour_market_share = {static_cast<double>(r.outside),
                                     static_cast<double>(r.working)};
  }

  // Clinics and doctors (S1, S2, S3, S5), by the clinic's kommune.
  out.clinics.resize(M);
  for (std::size_t j = 0; j < M; ++j) {
    const Clinic& c = w.clinics[j];
    ClinicFigures& cf = out.clinics[j];
    cf.ydernummer = c.ydernummer;
    cf.name = c.name;
    cf.kommune = c.kommune;
    cf.form = c.form;
    cf.open = c.open;
    cf.location = c.location;
    cf.capacities_filled = c.capacities;
    cf.capacities_unfilled = c.unfilled_capacities;
    cf.listed_patients = cp.clinic_listed[j];
    const double caps = c.total_capacities();
    cf.patients_per_capacity = {static_cast<double>(cf.listed_patients), caps};
    cf.weighted_patients_per_capacity = {
        static_cast<double>(cp.clinic_weight_q[j]) / HomeLocations::kDemandScale, caps};
  }
  std::vector<double> doctor_age_sum(M, 0);
  for (const Doctor& d : w.doctors) {
    const auto j = w.find_clinic(d.ydernummer);
    if (!j) continue;
    const int age = out.year - d.birth_year;
    ++out.clinics[*j].doctors;
    out.clinics[*j].senior_doctors += age >= ss.senior_doctor_age;
    doctor_age_sum[*j] += age;
  }
  for (std::size_t j = 0; j < M; ++j) {
    const Clinic& c = w.clinics[j];
    const int a = c.kommune < 1000 ? area_of_code[c.kommune] : -1;
    if (a < 0)
      throw Error(fmt::format("survey: clinic {} is in kommune {} which is not in the world",
                              c.ydernummer, c.kommune));
    AreaFigures& f = out.kommuner[static_cast<std::size_t>(a)];
    const ClinicFigures& cf = out.clinics[j];
    const double caps = c.total_capacities();
    ++f.clinics;
    f.doctors += cf.doctors;
    f.capacities_filled += c.capacities;
    f.capacities_unfilled += c.unfilled_capacities;
    f.listed_patients += cf.listed_patients;
    add_ratio(f.patients_per_capacity, cf.patients_per_capacity);
    f.unfilled_capacity_share.numerator += c.unfilled_capacities;
    f.unfilled_capacity_share.denominator += caps;
    add_ratio(f.weighted_patients_per_capacity, cf.weighted_patients_per_capacity);
    f.open_clinics += c.open;
    f.open_clinic_share.numerator += c.open;
    f.open_clinic_share.denominator += 1;
    f.senior_doctors += cf.senior_doctors;
    f.senior_doctor_share.numerator += cf.senior_doctors;
    f.senior_doctor_share.denominator += cf.doctors;
    f.mean_doctor_age.numerator += doctor_age_sum[j];
    f.mean_doctor_age.denominator += cf.doctors;
    f.mean_clinic_age_years.numerator +=
        (out.reference_date.days() - c.established.days()) / kDaysPerYear;
    f.mean_clinic_age_years.denominator += 1;
    if (is_temporary(c.form)) {
      ++f.temporary_clinics;
      f.temporary_clinic_patients += cf.listed_patients;
    }
  }
  out.timings.citizens_ms = clock.lap_ms();

  // S4 and S6 over home locations.
  const HomeLocations loc = HomeLocations::build(w, weights, threads);
  out.home_locations = loc.size();
  out.timings.locations_ms = clock.lap_ms();
  const LocationGrid grid(loc, ss.index_cell_km, ss.index_block_cells);
  out.timings.grid_ms = clock.lap_ms();
  std::vector<UnitVector> clinic_units(M), open_units;
  std::vector<double> supply(M);
  for (std::size_t j = 0; j < M; ++j) {
    clinic_units[j] = UnitVector::from(w.clinics[j].location);
    supply[j] = w.clinics[j].total_capacities();
    if (w.clinics[j].open) open_units.push_back(clinic_units[j]);
  }
  const ChoiceDistances choice =
      open_clinic_distances(loc, grid, open_units, ss.min_open_choices, threads);
  out.timings.s4_ms = clock.lap_ms();
  const Accessibility access =
      accessibility(loc, grid, clinic_units, supply, DecaySpec::from(ss), threads);
  out.timings.s6_ms = clock.lap_ms();
  for (std::size_t j = 0; j < M; ++j) {
    out.clinics[j].demand_2sfca = access.demand_2sfca[j];
    out.clinics[j].demand_e2sfca = access.demand_e2sfca[j];
    out.clinics[j].ratio_2sfca = access.ratio_2sfca[j];
    out.clinics[j].ratio_e2sfca = access.ratio_e2sfca[j];
  }

  // Locations grouped by kommune (counting sort), aggregated per kommune in parallel.
  std::vector<std::uint32_t> group_start(K + 1, 0), by_area(loc.size());
  for (std::size_t i = 0; i < loc.size(); ++i) ++group_start[loc.area[i] + 1u];
  for (std::size_t a = 0; a < K; ++a) group_start[a + 1] += group_start[a];
  {
    std::vector<std::uint32_t> fill(group_start.begin(), group_start.end() - 1);
    for (std::size_t i = 0; i < loc.size(); ++i)
      by_area[fill[loc.area[i]]++] = static_cast<std::uint32_t>(i);
  }
  auto group = [&](std::size_t a) {
    return std::span<const std::uint32_t>(by_area.data() + group_start[a],
                                          group_start[a + 1] - group_start[a]);
  };
  const double radius_c2 = GreatCircle::within_threshold(ss.choice_radius_km);
  std::vector<double> hist_c2;
  for (double e : ss.distance_histogram_km) hist_c2.push_back(GreatCircle::within_threshold(e));
  const std::size_t bins = hist_c2.size() + 1;
  auto coarse_bin = [&](double c2) {
    std::size_t b = 0;
    while (b < hist_c2.size() && c2 > hist_c2[b]) ++b;
    return b;
  };
  DistanceColumn near_col{&choice.nearest_c2, std::vector<std::uint16_t>(loc.size())};
  DistanceColumn second_col{&choice.second_c2, std::vector<std::uint16_t>(loc.size())};
  std::vector<std::vector<std::uint32_t>> near_hist(K, std::vector<std::uint32_t>(kFineBins, 0));
  std::vector<std::vector<std::uint32_t>> second_hist(K, std::vector<std::uint32_t>(kFineBins, 0));
  parallel_chunks(K, 1, threads, [&](std::size_t a0, std::size_t a1, unsigned) {
    for (std::size_t a = a0; a < a1; ++a) {
      AreaFigures& f = out.kommuner[a];
      f.nearest_open.histogram.assign(bins, 0);
      f.second_open.histogram.assign(bins, 0);
      Ratio& without = f.without_two_open_choices_share;
      auto account = [&](DistanceSummary& s, DistanceColumn& col, std::vector<std::uint32_t>& fine,
                         std::uint32_t i, double c2, std::uint32_t n) {
        col.bin[i] = fine_bin(c2);
        fine[col.bin[i]] += n;
        s.histogram[coarse_bin(c2)] += n;
        if (std::isinf(c2)) {
          s.unreachable += n;
          return;
        }
        const double km = km_of(c2);
        s.mean_km.numerator += n * km;
        s.mean_km.denominator += n;
        if (!s.max_km || km > *s.max_km) s.max_km = km;
      };
      for (std::uint32_t i : group(a)) {
        const std::uint32_t n = loc.citizens[i];
        without.denominator += n;
        if (!(choice.kth_c2(i) <= radius_c2)) without.numerator += n;
        account(f.nearest_open, near_col, near_hist[a], i, choice.nearest_c2[i], n);
        account(f.second_open, second_col, second_hist[a], i, choice.second_c2[i], n);
        f.mean_2sfca.numerator += n * access.a_2sfca[i];
        f.mean_2sfca.denominator += n;
        f.mean_e2sfca.numerator += n * access.a_e2sfca[i];
        f.mean_e2sfca.denominator += n;
      }
    }
  });

  // Regions and the nation: additive figures summed from kommuner in a fixed order.
  out.regions.resize(w.regions.size());
  for (std::size_t r = 0; r < w.regions.size(); ++r) {
    out.regions[r].level = AreaLevel::region;
    out.regions[r].code = w.regions[r].code;
    out.regions[r].name = w.regions[r].name;
    out.regions[r].nearest_open.histogram.assign(bins, 0);
    out.regions[r].second_open.histogram.assign(bins, 0);
  }
  out.nation.level = AreaLevel::nation;
  out.nation.name = "Danmark";
  out.nation.nearest_open.histogram.assign(bins, 0);
  out.nation.second_open.histogram.assign(bins, 0);
  std::vector<std::vector<std::size_t>> region_kommuner(w.regions.size());
  for (std::size_t a = 0; a < K; ++a) {
    add_area(out.nation, out.kommuner[a]);
    const int r = w.region_index(w.kommuner[a].region);
    if (r < 0) continue;
    add_area(out.regions[static_cast<std::size_t>(r)], out.kommuner[a]);
    region_kommuner[static_cast<std::size_t>(r)].push_back(a);
  }

  // Distance quantiles per area, region and nation.
  auto quantiles = [&](DistanceSummary& s, DistanceColumn& col,
                       const std::vector<std::vector<std::uint32_t>>& fine,
                       const std::vector<std::size_t>& areas) {
    std::vector<std::uint32_t> hist(kFineBins, 0);
    std::vector<std::span<const std::uint32_t>> spans;
    for (std::size_t a : areas) {
      for (std::size_t b = 0; b < kFineBins; ++b) hist[b] += fine[a][b];
      spans.push_back(group(a));
    }
    s.median_km = quantile(0.5, hist, spans, col, loc.citizens);
    s.p90_km = quantile(0.9, hist, spans, col, loc.citizens);
  };
  std::vector<std::vector<std::size_t>> jobs;  // kommuner, then regions, then the nation
  for (std::size_t a = 0; a < K; ++a) jobs.push_back({a});
  for (auto& rk : region_kommuner) jobs.push_back(rk);
  std::vector<std::size_t> all(K);
  for (std::size_t a = 0; a < K; ++a) all[a] = a;
  jobs.push_back(all);
  parallel_chunks(jobs.size(), 1, threads, [&](std::size_t j0, std::size_t j1, unsigned) {
    for (std::size_t j = j0; j < j1; ++j) {
      AreaFigures& f = j < K                        ? out.kommuner[j]
                       : j < K + out.regions.size() ? out.regions[j - K]
                                                    : out.nation;
      quantiles(f.nearest_open, near_col, near_hist, jobs[j]);
      quantiles(f.second_open, second_col, second_hist, jobs[j]);
    }
  });

  // Percentiles of clinic load per area, and national load distribution (S2).
  auto clinic_loads = [&](auto pick) {
    std::vector<double> v;
    for (const ClinicFigures& cf : out.clinics) {
      if (pick(cf) && cf.weighted_patients_per_capacity.value())
        v.push_back(*cf.weighted_patients_per_capacity.value());
    }
    return v;
  };
  auto set_load_percentiles = [&](AreaFigures& f, auto pick) {
    const auto v = clinic_loads(pick);
    f.clinic_weighted_load_p10 = percentile_inclusive(v, 0.10);
    f.clinic_weighted_load_p90 = percentile_inclusive(v, 0.90);
  };
  for (auto& f : out.kommuner)
    set_load_percentiles(f, [&](const ClinicFigures& cf) { return cf.kommune == f.code; });
  for (auto& f : out.regions) {
    set_load_percentiles(f, [&](const ClinicFigures& cf) {
      return w.region_of(static_cast<KommuneCode>(cf.kommune)) == f.code;
    });
  }
  set_load_percentiles(out.nation, [](const ClinicFigures&) { return true; });
  {
    const auto v = clinic_loads([](const ClinicFigures&) { return true; });
    ClinicLoadDistribution& d = out.load;
    d.clinics = static_cast<std::uint32_t>(v.size());
    d.p10 = out.nation.clinic_weighted_load_p10;
    d.median = percentile_inclusive(v, 0.5);
    d.p90 = out.nation.clinic_weighted_load_p90;
    d.reference_p10 = ss.reference_weighted_p10;
    d.reference_p90 = ss.reference_weighted_p90;
    d.histogram_step = ss.load_histogram_step;
    for (double x : v) {
      const auto b = static_cast<std::size_t>(std::max(0.0, x / d.histogram_step));
      if (b >= d.histogram.size()) d.histogram.resize(b + 1, 0);
      ++d.histogram[b];
    }
  }

  // S6 relative to the nation.
  const auto national_e2sfca = out.nation.mean_e2sfca.value();
  for (auto* list : {&out.kommuner, &out.regions}) {
    for (auto& f : *list)
      f.e2sfca_relative = {f.mean_e2sfca.value().value_or(0), national_e2sfca.value_or(0)};
  }
  out.nation.e2sfca_relative = {national_e2sfca.value_or(0), national_e2sfca.value_or(0)};

  // Output grid (GeoJSON, report map).
  if (loc.size() > 0) {
    std::int32_t min_lat = loc.point[0].lat_e5, max_lat = min_lat, min_lon = loc.point[0].lon_e5,
                 max_lon = min_lon;
    for (const GeoPoint& p : loc.point) {
      min_lat = std::min(min_lat, p.lat_e5);
      max_lat = std::max(max_lat, p.lat_e5);
      min_lon = std::min(min_lon, p.lon_e5);
      max_lon = std::max(max_lon, p.lon_e5);
    }
    const double km_per_deg = GreatCircle::kEarthRadiusKm * std::numbers::pi / 180.0;
    const double mid = (min_lat + max_lat) / 2.0 / GeoPoint::kScale * std::numbers::pi / 180.0;
    double cell = ss.grid_cell_km;
    std::int64_t lat_step = 0, lon_step = 0, rows = 0, cols = 0;
    for (;;) {
      lat_step = std::max<std::int64_t>(1, std::llround(cell / km_per_deg * GeoPoint::kScale));
      lon_step = std::max<std::int64_t>(
          1, std::llround(cell / (km_per_deg * std::max(0.01, std::cos(mid))) * GeoPoint::kScale));
      rows = (std::int64_t{max_lat} - min_lat) / lat_step + 1;
      cols = (std::int64_t{max_lon} - min_lon) / lon_step + 1;
      if (rows * cols <= (std::int64_t{1} << 22)) break;
      cell *= 2;
    }
    struct Acc {
      std::uint64_t citizens = 0, without = 0, reach1 = 0, reach2 = 0;
      double near = 0, second = 0, a2 = 0, ae = 0;
    };
    std::vector<Acc> acc(static_cast<std::size_t>(rows * cols));
    for (std::size_t i = 0; i < loc.size(); ++i) {
      const std::int64_t r = (std::int64_t{loc.point[i].lat_e5} - min_lat) / lat_step;
      const std::int64_t c = (std::int64_t{loc.point[i].lon_e5} - min_lon) / lon_step;
      Acc& x = acc[static_cast<std::size_t>(r * cols + c)];
      const std::uint32_t n = loc.citizens[i];
      x.citizens += n;
      if (!(choice.kth_c2(i) <= radius_c2)) x.without += n;
      if (!std::isinf(choice.nearest_c2[i])) {
        x.reach1 += n;
        x.near += n * km_of(choice.nearest_c2[i]);
      }
      if (!std::isinf(choice.second_c2[i])) {
        x.reach2 += n;
        x.second += n * km_of(choice.second_c2[i]);
      }
      x.a2 += n * access.a_2sfca[i];
      x.ae += n * access.a_e2sfca[i];
    }
    for (std::int64_t r = 0; r < rows; ++r) {
      for (std::int64_t c = 0; c < cols; ++c) {
        const Acc& x = acc[static_cast<std::size_t>(r * cols + c)];
        if (x.citizens < static_cast<std::uint64_t>(ss.grid_min_citizens)) continue;
        GridCellFigures g;
        g.south = (min_lat + r * lat_step) / GeoPoint::kScale;
        g.north = (min_lat + (r + 1) * lat_step) / GeoPoint::kScale;
        g.west = (min_lon + c * lon_step) / GeoPoint::kScale;
        g.east = (min_lon + (c + 1) * lon_step) / GeoPoint::kScale;
        g.citizens = x.citizens;
        g.without_two_open_choices = x.without;
        g.mean_nearest_km = ratio_of(x.near, static_cast<double>(x.reach1)).value_or(0);
        g.mean_second_km = ratio_of(x.second, static_cast<double>(x.reach2)).value_or(0);
        g.mean_2sfca = x.a2 / static_cast<double>(x.citizens);
        g.mean_e2sfca = x.ae / static_cast<double>(x.citizens);
        out.grid.push_back(g);
      }
    }
  }
  out.timings.aggregate_ms = clock.lap_ms();
  out.timings.total_ms = total_clock.lap_ms();
  return out;
}

}  // namespace praksis
