// The coverage survey: S1-S6 per kommune, region and nation (DOMAIN.md section 5).
#include "praksis/survey/survey.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <limits>
#include <memory>
#include <optional>
#include <unordered_map>

#include "grid_index.hpp"
#include "praksis/core/error.hpp"
#include "praksis/core/parallel.hpp"
#include "praksis/demand/demand_model.hpp"
#include "praksis/model/planning_areas.hpp"
#include "praksis/survey/accessibility.hpp"
#include "praksis/survey/choice_distances.hpp"
#include "praksis/survey/crossing_distances.hpp"
#include "praksis/survey/distribution.hpp"
#include "praksis/survey/home_locations.hpp"
#include "praksis/survey/location_grid.hpp"
#include "praksis/survey/metric_pairs.hpp"
#include "praksis/survey/survey_basis.hpp"
#include "praksis/survey/travel_matrix.hpp"
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

using ResidentTotals = CitizenCounts::Area;
using CitizenPass = CitizenCounts;

bool in_working_status(LabourStatus s) {
  return s != LabourStatus::child && s != LabourStatus::retired;
}
bool outside_labour_market(LabourStatus s) {
  return s == LabourStatus::unemployed || s == LabourStatus::disability_pension ||
         s == LabourStatus::other;
}

}  // namespace

void CitizenCounts::Area::add(const Area& o) {
  listed_outside += o.listed_outside;
  other_region += o.other_region;
  citizens += o.citizens;
  group1 += o.group1;
  listed += o.listed;
  temporary += o.temporary;
  working += o.working;
  outside += o.outside;
  weight_q += o.weight_q;
}

CitizenCounts count_citizens(const World& w, const PlanningAreas& areas,
                             const std::vector<double>& weights, unsigned threads) {
  const CitizenTable& t = w.citizens;
  const std::size_t K = areas.areas().size(), M = w.clinics.size();
  std::vector<std::uint8_t> temporary(M);
  for (std::size_t j = 0; j < M; ++j) temporary[j] = is_temporary(w.clinics[j].form);
  // S1: residents listed across the region's border.
  std::vector<RegionCode> region_of_kommune(1000, 0), clinic_region(M, 0);
  for (const Kommune& k : w.kommuner)
    if (k.code < 1000) region_of_kommune[k.code] = k.region;
  for (std::size_t j = 0; j < M; ++j)
    clinic_region[j] = w.clinics[j].kommune < 1000 ? region_of_kommune[w.clinics[j].kommune] : 0;
  std::vector<CitizenPass> partial(threads);
  for (auto& p : partial) {
    p.area.assign(K, {});
    p.clinic_listed.assign(M, 0);
    p.clinic_weight_q.assign(M, 0);
    p.home_residents.assign(w.nursing_homes.size(), 0);
    p.home_with_doctor.assign(w.nursing_homes.size(), 0);
  }
  const bool homes = !w.nursing_homes.empty();
  // Bit 0: in a working status, bit 1: outside the labour market (D1), by status value.
  std::array<std::uint8_t, 256> labour_bits{};
  for (std::size_t v = 0; v < labour_bits.size(); ++v) {
    const auto s = static_cast<LabourStatus>(v);
    labour_bits[v] = static_cast<std::uint8_t>((in_working_status(s) ? 1 : 0) |
                                               (outside_labour_market(s) ? 2 : 0));
  }
  std::vector<std::size_t> unknown(threads, 0), outside(threads, 0);
  parallel_chunks(t.size(), 1 << 18, threads, [&](std::size_t b, std::size_t e, unsigned wk) {
    CitizenPass& p = partial[wk];
    // The nursing home at the citizen's address, looked up once per run of one address.
    GeoPoint last_home = t.home[b];  // b < e: a chunk is never empty
    const NursingHome* home_here = homes ? w.nursing_home_at(last_home) : nullptr;
    for (std::size_t i = b; i < e; ++i) {
      if (homes) {
        if (!(t.home[i] == last_home)) {
          last_home = t.home[i];
          home_here = w.nursing_home_at(last_home);
        }
        if (home_here) {
          const auto k = static_cast<std::size_t>(home_here - w.nursing_homes.data());
          ++p.home_residents[k];
          p.home_with_doctor[k] += home_here->attached && t.listing[i] != kNoClinic &&
                                   w.clinics[t.listing[i]].ydernummer == *home_here->attached;
        }
      }
      const int a = areas.index_of(t.kommune[i], t.home[i]);
      if (a < 0) {
        ++(a == -1 ? unknown : outside)[wk];
        continue;
      }
      ResidentTotals& r = p.area[static_cast<std::size_t>(a)];
      const std::int64_t wq = HomeLocations::quantise_weight(weights[i]);
      ++r.citizens;
      r.weight_q += wq;
      const std::uint8_t lb = labour_bits[static_cast<std::uint8_t>(t.labour[i])];
      r.working += lb & 1u;
      r.outside += lb >> 1;
      if (t.group[i] != InsuranceGroup::group1) continue;
      ++r.group1;
      const ClinicIndex c = t.listing[i];
      if (c == kNoClinic && !w.listed_outside.empty()) {
        // Listed outside the extract (docs/extract.md): a listed resident all the same.
        const auto it = w.listed_outside.find(t.id[i]);
        if (it == w.listed_outside.end()) continue;
        const OutsideClinic* oc = w.extract ? w.extract->find_outside(it->second) : nullptr;
        ++r.listed;
        ++r.listed_outside;
        r.temporary += oc && is_temporary(oc->form);
        r.other_region += oc && oc->region != region_of_kommune[t.kommune[i]];
        continue;
      }
      if (c == kNoClinic || c >= M) continue;
      ++r.listed;
      r.temporary += temporary[c];
      r.other_region += clinic_region[c] != region_of_kommune[t.kommune[i]];
      ++p.clinic_listed[c];
      p.clinic_weight_q[c] += wq;
    }
  });
  std::size_t unknown_total = 0, outside_total = 0;
  for (auto u : unknown) unknown_total += u;
  for (auto u : outside) outside_total += u;
  if (unknown_total > 0) {
    throw Error(fmt::format("survey: {} citizens live in a kommune that is not in the world",
                            unknown_total));
  }
  if (outside_total > 0) {
    throw Error(fmt::format("survey: {} citizens live in no district of their split kommune ({})",
                            outside_total, areas.source()));
  }
  for (unsigned wk = 1; wk < threads; ++wk) {
    for (std::size_t a = 0; a < K; ++a) partial[0].area[a].add(partial[wk].area[a]);
    for (std::size_t j = 0; j < M; ++j) {
      partial[0].clinic_listed[j] += partial[wk].clinic_listed[j];
      partial[0].clinic_weight_q[j] += partial[wk].clinic_weight_q[j];
    }
    for (std::size_t k = 0; k < w.nursing_homes.size(); ++k) {
      partial[0].home_residents[k] += partial[wk].home_residents[k];
      partial[0].home_with_doctor[k] += partial[wk].home_with_doctor[k];
    }
  }
  return std::move(partial[0]);
}

namespace {

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

/// Rule S1's capacities in the pipeline and S5's stated retirements, per planning area: a row
/// with a clinic counts where the clinic is; a row of only a kommune counts in its area, or, when
/// the kommune is split into districts, in its first district (docs/planning_areas.md).
void add_planning_inputs(const World& w, const Settings& settings, const PlanningAreas& areas,
                         Survey& out) {
  const auto at = [&](int a) -> AreaFigures* {
    return a < 0 ? nullptr : &out.kommuner[static_cast<std::size_t>(a)];
  };
  const auto of_kommune = [&](KommuneCode k) -> AreaFigures* {
    const auto& all = areas.areas();
    for (std::size_t a = 0; a < all.size(); ++a)
      for (KommuneCode m : all[a].kommuner)
        if (m == k) return at(static_cast<int>(a));
    return nullptr;
  };
  for (const PipelineCapacity& pc : w.capacity_pipeline) {
    if (!in_pipeline_on(pc, out.reference_date)) continue;
    const auto c = pc.ydernummer ? w.find_clinic(*pc.ydernummer) : std::nullopt;
    AreaFigures* f =
        c ? at(areas.index_of(pc.kommune, w.clinics[*c].location)) : of_kommune(pc.kommune);
    if (!f) continue;
    f->capacities_in_pipeline += pc.capacities;
    if (pc.status == PipelineStatus::i_opslag) f->capacities_in_opslag += pc.capacities;
  }
  const int last = out.year + settings.survey.stated_retirement_years;
  for (const HearingEntry& h : w.hearing) {
    if (h.doctor == 0 || !h.retirement_year || *h.retirement_year > last) continue;
    const auto c = w.find_clinic(h.ydernummer);
    if (!c) continue;
    if (AreaFigures* f = at(areas.index_of(w.clinics[*c].kommune, w.clinics[*c].location)))
      ++f->stated_retirements;
  }
}

/// Adds every additive figure of `from` (counts, ratio parts, histograms, maxima) to `to`.
void add_area(AreaFigures& to, const AreaFigures& from) {
  to.citizens += from.citizens;
  to.group1_citizens += from.group1_citizens;
  to.listed_residents += from.listed_residents;
  to.listed_outside_extract += from.listed_outside_extract;
  to.listed_other_region += from.listed_other_region;
  to.clinics += from.clinics;
  to.doctors += from.doctors;
  to.capacities_filled += from.capacities_filled;
  to.capacities_unfilled += from.capacities_unfilled;
  to.capacities_in_pipeline += from.capacities_in_pipeline;
  to.capacities_in_opslag += from.capacities_in_opslag;
  to.stated_retirements += from.stated_retirements;
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
  to.nursing_homes += from.nursing_homes;
  add_ratio(to.attached_doctor_share, from.attached_doctor_share);
  add_ratio(to.residents_with_attached_doctor, from.residents_with_attached_doctor);
  for (std::size_t r = 0; r < kServiceRequirements; ++r)
    add_ratio(to.service_compliance[r], from.service_compliance[r]);
  add_ratio(to.all_service_requirements, from.all_service_requirements);
}

/// Rules L8 and A1-A2 per planning area: the nursing homes and the clinics' service data.
void add_homes_and_services(const World& w, const Settings& settings, const PlanningAreas& areas,
                            const CitizenPass& cp, Survey& out) {
  auto area = [&](KommuneCode k, GeoPoint p) -> AreaFigures* {
    const int a = areas.index_of(k, p);
    return a < 0 ? nullptr : &out.kommuner[static_cast<std::size_t>(a)];
  };
  const std::vector<std::uint32_t>& residents = cp.home_residents;
  const std::vector<std::uint32_t>& with_doctor = cp.home_with_doctor;
  for (std::size_t k = 0; k < w.nursing_homes.size(); ++k) {
    const NursingHome& h = w.nursing_homes[k];
    AreaFigures* f = area(h.kommune, h.location);
    if (!f) continue;
    ++f->nursing_homes;
    f->attached_doctor_share.numerator += h.attached.has_value();
    f->attached_doctor_share.denominator += 1;
    if (h.attached) {
      f->residents_with_attached_doctor.numerator += with_doctor[k];
      f->residents_with_attached_doctor.denominator += residents[k];
    }
  }
  const ServiceSettings& sv = settings.service;
  for (const Clinic& c : w.clinics) {
    AreaFigures* f = area(c.kommune, c.location);
    if (!f || !c.services) continue;
    const auto met = meets_requirements(*c.services, sv);
    bool all = true;
    for (std::size_t r = 0; r < kServiceRequirements; ++r) {
      f->service_compliance[r].numerator += met[r];
      f->service_compliance[r].denominator += 1;
      if (requirement_applies(static_cast<ServiceRequirement>(r), out.reference_date, sv))
        all = all && met[r];
    }
    f->all_service_requirements.numerator += all;
    f->all_service_requirements.denominator += 1;
  }
}

// ---------------------------------------------------------------------------------------------
// Distances (S4): exact citizen quantiles through a fine histogram. Each location's distance falls
// in a ~20 m bin (by chord, monotone in distance); a quantile's bin is found from the (additive)
// histogram, and only the locations in that bin are ranked exactly.

constexpr std::size_t kFineBins = 4096;
constexpr double kFineBinsPerChord = GreatCircle::kEarthRadiusKm * 50;  // about 20 m per bin

std::uint16_t fine_bin_of_chord(double chord) {
  return static_cast<std::uint16_t>(std::min<double>(kFineBins - 1, chord * kFineBinsPerChord));
}

/// Kilometres from a chord: the arcsine series for short chords (exact to rounding below about
/// 120 km), the library arcsine beyond.
double km_of_chord(double chord) {
  const double h = chord * 0.5;
  if (h >= 0.01) return GreatCircle::km_from_chord2(chord * chord);
  const double h2 = h * h;
  return 2.0 * GreatCircle::kEarthRadiusKm * h *
         (1.0 + h2 * (1.0 / 6.0 + h2 * (3.0 / 40.0 + h2 * (5.0 / 112.0 + h2 * (35.0 / 1152.0)))));
}

double km_of(double c2) {
  return km_of_chord(std::sqrt(c2));
}

// Sums over locations are integers (distances in mm, accessibility at a power-of-two scale), so
// partial sums of any number of workers add up to the same figures: the survey does not depend
// on `threads`.
constexpr double kMmPerKm = 1e6;

std::int64_t round_up_half(double v) {
  return static_cast<std::int64_t>(v + 0.5);
}  // v >= 0

/// A power-of-two scale at which sum_i n_i * round(v_i * scale) stays below 2^62.
double sum_scale(double max_value, std::uint64_t total_count) {
  const double bound = max_value * static_cast<double>(std::max<std::uint64_t>(1, total_count));
  if (!(bound > 0)) return 1;
  int exp = 0;
  std::frexp(bound, &exp);  // bound < 2^exp
  return std::ldexp(1.0, 62 - exp);
}

struct DistanceAcc {
  std::uint64_t reach = 0, unreachable = 0;
  std::int64_t sum_mm = 0;
  double max_km = -1;
  std::vector<std::uint64_t> coarse;
  std::vector<std::uint32_t> fine;
  DistanceAcc(std::size_t bins) : coarse(bins, 0), fine(kFineBins, 0) {}
  void add(const DistanceAcc& o) {
    reach += o.reach;
    unreachable += o.unreachable;
    sum_mm += o.sum_mm;
    max_km = std::max(max_km, o.max_km);
    for (std::size_t b = 0; b < coarse.size(); ++b) coarse[b] += o.coarse[b];
    for (std::size_t b = 0; b < kFineBins; ++b) fine[b] += o.fine[b];
  }
};

struct AreaAcc {
  std::uint64_t citizens = 0, without = 0;
  std::int64_t a2 = 0, ae = 0;
  DistanceAcc near, second;
  AreaAcc(std::size_t bins) : near(bins), second(bins) {}
  void add(const AreaAcc& o) {
    citizens += o.citizens;
    without += o.without;
    a2 += o.a2;
    ae += o.ae;
    near.add(o.near);
    second.add(o.second);
  }
};

struct CellAcc {
  std::uint64_t citizens = 0, without = 0, reach1 = 0, reach2 = 0;
  std::int64_t near_mm = 0, second_mm = 0, a2 = 0, ae = 0;
  void add(const CellAcc& o) {
    citizens += o.citizens;
    without += o.without;
    reach1 += o.reach1;
    reach2 += o.reach2;
    near_mm += o.near_mm;
    second_mm += o.second_mm;
    a2 += o.a2;
    ae += o.ae;
  }
};

DistanceSummary summarize(const DistanceAcc& a) {
  DistanceSummary s;
  s.mean_km = {static_cast<double>(a.sum_mm) / kMmPerKm, static_cast<double>(a.reach)};
  s.unreachable = a.unreachable;
  s.histogram = a.coarse;
  if (a.reach > 0) s.max_km = a.max_km;
  return s;
}

/// Where the citizen of a quantile is: the fine bin and the rank inside it (none when empty).
struct QuantileTarget {
  std::size_t bin = kFineBins;  // kFineBins: no citizens
  std::uint64_t rank = 0;
};

QuantileTarget locate(double q, const std::vector<std::uint32_t>& hist) {
  std::uint64_t total = 0;
  for (auto h : hist) total += h;
  if (total == 0) return {};
  auto rank = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(total)));
  rank = std::clamp<std::uint64_t>(rank, 1, total);
  std::size_t b = 0;
  while (rank > hist[b]) rank -= hist[b++];
  return {b, rank};
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

SurveyBasis SurveyBasis::of(const World& w, const Settings& settings) {
  const SurveySettings& ss = settings.survey;
  Stopwatch clock;
  SurveyBasis b;
  const DemandModel demand(settings.demand, settings.dataset.reference_date.year());
  b.weights = demand.weights(w, resolve_threads(ss.threads));
  b.weights_ms = clock.lap_ms();
  b.bounds = PointBounds::of(w.citizens.home);
  b.layout = GridLayout::fit(b.bounds, ss.index_cell_km, ss.index_block_cells);
  b.locations = HomeLocations::build(w, b.weights, resolve_threads(ss.threads), &b.layout);
  b.locations_ms = clock.lap_ms();
  b.grid = detail::index_grid(b.locations, b.layout, resolve_threads(ss.threads));
  b.grid_ms = clock.lap_ms();
  return b;
}

std::array<bool, kServiceRequirements> meets_requirements(const ClinicServices& s,
                                                          const ServiceSettings& settings) {
  // Rules A1 and A2, in the order of ServiceRequirement.
  return {s.weekdays_8_16,
          s.evening_per_week >= settings.min_evening_per_week,
          s.daily_phone_hour,
          s.same_day_acute,
          s.booking_weekdays <= settings.max_booking_weekdays,
          s.e_booking,
          s.e_prescription_renewal,
          s.e_consultation,
          s.video};
}

bool requirement_applies(ServiceRequirement r, Date day, const ServiceSettings& settings) {
  // Rule A2: pre-booked video consultation only from its start day.
  return r != ServiceRequirement::video || !(day < settings.video_required_from);
}

Survey run_survey(const World& w, const Settings& settings) {
  return run_survey(w, settings, PlanningAreas::per_kommune(w));
}

Survey run_survey(const World& w, const Settings& settings, const PlanningAreas& areas) {
  const SurveyBasis basis = SurveyBasis::of(w, settings);
  Survey out = run_survey(w, settings, basis, areas);
  out.timings.total_ms += basis.weights_ms + basis.locations_ms + basis.grid_ms;
  return out;
}

namespace {

Survey survey_with(const World& w, const Settings& settings, const SurveyBasis& basis,
                   const PlanningAreas& areas, const SurveyState* before, SurveyState* keep);

// The clinics' positions in `before` when the same ydernummer sits at the same place (else -1),
// and the open choices S4 lost and gained.
struct ClinicDiff {
  std::vector<std::int32_t> same;
  std::vector<UnitVector> removed_open, added_open;
};

ClinicDiff diff_clinics(const SurveyState& before, const World& w,
                        const std::vector<char>& open_choice,
                        const std::vector<UnitVector>& units) {
  std::unordered_map<Ydernummer, std::int32_t> was;
  for (std::size_t b = 0; b < before.ydernummer.size(); ++b)
    was.emplace(before.ydernummer[b], static_cast<std::int32_t>(b));
  ClinicDiff d;
  d.same.assign(w.clinics.size(), -1);
  std::vector<char> still_open(before.ydernummer.size(), 0);
  for (std::size_t j = 0; j < w.clinics.size(); ++j) {
    const auto it = was.find(w.clinics[j].ydernummer);
    const bool here = it != was.end() && before.location[static_cast<std::size_t>(it->second)] ==
                                             w.clinics[j].location;
    if (here) d.same[j] = it->second;
    if (!open_choice[j]) continue;
    if (here && before.open_choice[static_cast<std::size_t>(it->second)])
      still_open[static_cast<std::size_t>(it->second)] = 1;
    else
      d.added_open.push_back(units[j]);
  }
  for (std::size_t b = 0; b < before.ydernummer.size(); ++b)
    if (before.open_choice[b] && !still_open[b]) d.removed_open.push_back(before.unit[b]);
  return d;
}

}  // namespace

Survey run_survey(const World& w, const Settings& settings, const SurveyBasis& basis) {
  return survey_with(w, settings, basis, PlanningAreas::per_kommune(w), nullptr, nullptr);
}

Survey run_survey(const World& w, const Settings& settings, const SurveyBasis& basis,
                  const PlanningAreas& areas) {
  return survey_with(w, settings, basis, areas, nullptr, nullptr);
}

Survey run_survey(const World& w, const Settings& settings, const SurveyBasis& basis,
                  SurveyState* keep) {
  return survey_with(w, settings, basis, PlanningAreas::per_kommune(w), nullptr, keep);
}

Survey run_survey_changed(const World& w, const Settings& settings, const SurveyBasis& basis,
                          const SurveyState& before) {
  return survey_with(w, settings, basis, PlanningAreas::per_kommune(w), &before, nullptr);
}

namespace {

Survey survey_with(const World& w, const Settings& settings, const SurveyBasis& basis,
                   const PlanningAreas& areas, const SurveyState* before, SurveyState* keep) {
  const SurveySettings& ss = settings.survey;
  const unsigned threads = resolve_threads(ss.threads);
  Stopwatch total_clock, clock;
  Survey out;
  out.reference_date = settings.dataset.reference_date;
  out.year = out.reference_date.year();
  out.choice_radius_km = ss.choice_radius_km;
  out.min_open_choices = ss.min_open_choices;
  out.senior_doctor_age = ss.senior_doctor_age;
  out.reference_open_share = ss.reference_open_share;
  out.reference_senior_doctor_share = ss.reference_senior_doctor_share;
  out.reference_attached_doctor_share = settings.service.reference_nursing_home_attached_share;
  out.video_required =
      requirement_applies(ServiceRequirement::video, out.reference_date, settings.service);
  out.distance_histogram_km = ss.distance_histogram_km;
  if (areas.defined()) out.planning_areas = areas.source();
  // The output rows: planning areas (by default one per kommune).
  const std::size_t K = areas.areas().size(), M = w.clinics.size();

  // S2 weights (normalised to national mean 1.0), home locations and their grid: the basis.
  out.timings.weights_ms = basis.weights_ms;

  // The citizen pass: the basis's (of this world, per kommune) or counted here.
  std::optional<CitizenPass> counted;
  if (!basis.counts || areas.defined()) {
    if (basis.weights.size() == w.citizens.size()) {
      counted = count_citizens(w, areas, basis.weights, threads);
    } else {
      // A basis whose counts stood in for the weights, surveyed per planning area.
      const DemandModel demand(settings.demand, out.year);
      counted = count_citizens(w, areas, demand.weights(w, threads), threads);
    }
  }
  const CitizenPass& cp = counted ? *counted : *basis.counts;
  if (cp.area.size() != K || cp.clinic_listed.size() != M ||
      cp.home_residents.size() != w.nursing_homes.size())
    throw Error("survey: the survey basis's citizen counts are of another world");

  // Planning areas: residents (S1, S2, S5 share in temporary forms, D1).
  out.kommuner.resize(K);
  for (std::size_t a = 0; a < K; ++a) {
    AreaFigures& f = out.kommuner[a];
    const ResidentTotals& r = cp.area[a];
    const PlanningAreas::Area& pa = areas.areas()[a];
    f.level = areas.defined() ? AreaLevel::planning_area : AreaLevel::kommune;
    f.code = pa.id;
    f.name = pa.name;
    f.region = pa.region;
    f.citizens = r.citizens;
    f.group1_citizens = r.group1;
    f.listed_residents = r.listed;
    f.listed_outside_extract = r.listed_outside;
    f.listed_other_region = r.other_region;
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
  std::vector<std::size_t> clinic_area(M);
  for (std::size_t j = 0; j < M; ++j) {
    const Clinic& c = w.clinics[j];
    const int a = areas.index_of(c.kommune, c.location);
    if (a == -1)
      throw Error(fmt::format("survey: clinic {} is in kommune {} which is not in the world",
                              c.ydernummer, c.kommune));
    if (a < 0)
      throw Error(fmt::format("survey: clinic {} lies in no district of kommune {} ({})",
                              c.ydernummer, c.kommune, areas.source()));
    clinic_area[j] = static_cast<std::size_t>(a);
    AreaFigures& f = out.kommuner[static_cast<std::size_t>(a)];
    out.clinics[j].area = f.code;
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
  add_homes_and_services(w, settings, areas, cp, out);
  add_planning_inputs(w, settings, areas, out);
  out.timings.citizens_ms = clock.lap_ms();

  // S4 and S6 over home locations, sorted into the grid as they are grouped.
  if (basis.weights.size() != w.citizens.size() && !basis.counts)
    throw Error("survey: the survey basis is of another world's citizens");
  const PointBounds& bounds = basis.bounds;
  const HomeLocations& loc = basis.locations;
  out.home_locations = loc.size();
  out.timings.locations_ms = basis.locations_ms;
  const LocationGrid& grid = basis.grid;
  out.timings.grid_ms = basis.grid_ms;
  clock.lap_ms();
  std::vector<UnitVector> clinic_units(M), open_units;
  std::vector<double> supply(M);
  std::vector<char> open_choice(M, 0);
  for (std::size_t j = 0; j < M; ++j) {
    clinic_units[j] = UnitVector::from(w.clinics[j].location);
    supply[j] = w.clinics[j].total_capacities();
    // S4 counts the same open choices as the listing service (is_open_choice, model/clinic.hpp).
    // The world holds no C1 approvals (they live in the listing store), so a clinic above the
    // limit counts as closed here.
    // An extract's clinic takes its national patients into account (rule C1 via S4: patients
    // living outside the extract fill it all the same).
    const NationalListing* national =
        w.extract ? w.extract->find_listing(w.clinics[j].ydernummer) : nullptr;
    open_choice[j] = is_open_choice(w.clinics[j].open, w.clinics[j].total_capacities(),
                                    national ? national->listed_patients : cp.clinic_listed[j],
                                    settings.capacity.approval_required_above, false);
    if (open_choice[j]) open_units.push_back(clinic_units[j]);
  }
  // Rule L2's metric. The great-circle figures stay in the kept state (the what-if updates them).
  const bool other_metric = ss.distance_metric != DistanceMetricKind::great_circle;
  std::optional<TravelMatrix> matrix;
  if (ss.distance_metric == DistanceMetricKind::matrix)
    matrix = load_travel_matrix(w, loc, settings);
  const DecaySpec decay = DecaySpec::from(ss);
  ChoiceDistances choice;
  Accessibility access;
  if (before != nullptr) {
    // A changed world of the same citizens: S4 and S6 only where a changed clinic can matter.
    const ClinicDiff diff = diff_clinics(*before, w, open_choice, clinic_units);
    choice = open_clinic_distances_update(loc, grid, open_units, ss.min_open_choices, threads,
                                          before->choice, diff.removed_open, diff.added_open);
    out.timings.s4_ms = clock.lap_ms();
    access = accessibility_update(loc, grid, clinic_units, supply, decay, threads, before->access,
                                  before->unit, diff.same);
    out.timings.s6_ms = clock.lap_ms();
  } else {
    choice = open_clinic_distances(loc, grid, open_units, ss.min_open_choices, threads);
    out.timings.s4_ms = clock.lap_ms();
    if (!other_metric || keep != nullptr)
      access = accessibility(loc, grid, clinic_units, supply, decay, threads);
    out.timings.s6_ms = clock.lap_ms();
  }
  ChoiceDistances great_circle_choice;
  Accessibility great_circle_access;
  if (other_metric) {
    const CrossingNetwork net = survey_crossing_network(settings);
    const std::vector<int> parts = location_parts(net, loc, grid, threads);
    great_circle_choice = std::move(choice);
    // Without a kept state the great-circle figures are not needed again: moved in, written over.
    choice = choice_under_metric(
        w, settings, loc, keep != nullptr ? great_circle_choice : std::move(great_circle_choice),
        open_choice, threads, matrix ? &*matrix : nullptr, parts, &grid);
    out.timings.s4_ms += clock.lap_ms();
    great_circle_access = std::move(access);
    std::vector<GeoPoint> clinic_points(M);
    for (std::size_t j = 0; j < M; ++j) clinic_points[j] = w.clinics[j].location;
    const CrossingPairs crossing_pairs(net, loc, clinic_points, decay.catchment_km,
                                       settings.dataset.coast_tolerance_km, threads, parts);
    if (matrix) {
      access = accessibility(loc, grid, clinic_units, supply, decay, threads,
                             MatrixPairs(crossing_pairs, *matrix));
    } else {
      access = accessibility(loc, grid, clinic_units, supply, decay, threads, crossing_pairs);
    }
    out.timings.s6_ms += clock.lap_ms();
  }
  for (std::size_t j = 0; j < M; ++j) {
    out.clinics[j].demand_2sfca = access.demand_2sfca[j];
    out.clinics[j].demand_e2sfca = access.demand_e2sfca[j];
    out.clinics[j].ratio_2sfca = access.ratio_2sfca[j];
    out.clinics[j].ratio_e2sfca = access.ratio_e2sfca[j];
  }

  // One parallel pass over the locations: per-kommune S4/S6 sums and histograms, the output grid
  // (e.g. 2 km) and each location's fine distance bins.
  const std::size_t L = loc.size();
  const double radius_c2 = GreatCircle::within_threshold(ss.choice_radius_km);
  std::vector<double> hist_c2;
  for (double e : ss.distance_histogram_km) hist_c2.push_back(GreatCircle::within_threshold(e));
  const std::size_t bins = hist_c2.size() + 1;
  auto coarse_bin = [&](double c2) {
    std::size_t b = 0;
    for (double edge : hist_c2) b += c2 > edge;  // the edges ascend: the count is the bin
    return b;
  };
  // The coarse bin from the fine bin: a distance whose fine bin is below an edge's fine bin is
  // within the edge, one above it beyond (both bins are monotone in the squared chord); only in
  // an edge's own fine bin is the edge compared (kCompare).
  constexpr std::uint16_t kCompare = 0xFFFF;
  std::vector<std::uint16_t> coarse_of_fine(kFineBins, 0);
  for (double edge : hist_c2) {
    const std::size_t eb = fine_bin_of_chord(std::sqrt(edge));
    for (std::size_t fb = eb + 1; fb < kFineBins; ++fb)
      if (coarse_of_fine[fb] != kCompare) ++coarse_of_fine[fb];
    coarse_of_fine[eb] = kCompare;
  }
  auto coarse_bin_in = [&](std::uint16_t fine, double c2) -> std::size_t {
    const std::uint16_t b = coarse_of_fine[fine];
    return b != kCompare ? b : coarse_bin(c2);
  };
  // The largest accessibilities, per worker and then over the workers (a maximum does not depend
  // on the order).
  std::vector<std::array<double, 2>> max_of(threads, std::array<double, 2>{0, 0});
  parallel_chunks(L, 1 << 16, threads, [&](std::size_t b, std::size_t e, unsigned wi) {
    double m2 = max_of[wi][0], me = max_of[wi][1];
    for (std::size_t g = b; g < e; ++g) {
      m2 = std::max(m2, access.a_2sfca[g]);
      me = std::max(me, access.a_e2sfca[g]);
    }
    max_of[wi] = {m2, me};
  });
  double max_a2 = 0, max_ae = 0;
  for (const auto& mx : max_of) {
    max_a2 = std::max(max_a2, mx[0]);
    max_ae = std::max(max_ae, mx[1]);
  }
  const double scale_a2 = sum_scale(max_a2, w.citizens.size());
  const double scale_ae = sum_scale(max_ae, w.citizens.size());
  GridLayout cells_layout = GridLayout::fit(bounds, ss.grid_cell_km, 1);
  while (cells_layout.key_count > (1u << 20)) {
    cells_layout = GridLayout::fit(bounds, cells_layout.cell_km * 2, 1);
  }
  // Each location's fine bins, written for every location by the pass below: left uninitialised
  // so that their first touch is the workers' write, not a serial zeroing of fresh memory.
  const std::unique_ptr<std::uint16_t[]> near_bin(new std::uint16_t[L]),
      second_bin(new std::uint16_t[L]);
  // The planning area of each location (by default its kommune's position, loc.area).
  std::vector<std::uint32_t> location_area;
  if (areas.defined()) {
    location_area.resize(L);
    for (std::size_t g = 0; g < L; ++g) {
      const int a = loc.area[g] < w.kommuner.size()
                        ? areas.index_of(w.kommuner[loc.area[g]].code, loc.point[g])
                        : -1;
      if (a < 0)
        throw Error(
            fmt::format("survey: a home location is in no planning area of {}", areas.source()));
      location_area[g] = static_cast<std::uint32_t>(a);
    }
  }
  auto area_at = [&](std::size_t g) -> std::size_t {
    return location_area.empty() ? loc.area[g] : location_area[g];
  };
  struct Worker {
    std::vector<AreaAcc> areas;
    std::vector<CellAcc> cells;
  };
  std::vector<Worker> workers(threads);
  for (auto& wk : workers) {
    wk.areas.assign(K, AreaAcc(bins));
    wk.cells.assign(cells_layout.key_count, CellAcc{});
  }
  parallel_chunks(L, 1 << 15, threads, [&](std::size_t b, std::size_t e, unsigned wi) {
    Worker& wk = workers[wi];
    auto account = [&](DistanceAcc& acc, std::uint16_t& fine, double c2,
                       std::uint32_t n) -> std::int64_t {
      if (std::isinf(c2)) {
        acc.coarse[coarse_bin(c2)] += n;
        fine = kFineBins - 1;
        acc.fine[fine] += n;
        acc.unreachable += n;
        return -1;
      }
      const double chord = std::sqrt(c2);
      fine = fine_bin_of_chord(chord);
      acc.coarse[coarse_bin_in(fine, c2)] += n;
      acc.fine[fine] += n;
      const double km = km_of_chord(chord);
      const std::int64_t mm = round_up_half(km * kMmPerKm);
      acc.reach += n;
      acc.sum_mm += n * mm;
      acc.max_km = std::max(acc.max_km, km);
      return mm;
    };
    for (std::size_t g = b; g < e; ++g) {
      const std::uint32_t n = loc.citizens[g];
      AreaAcc& a = wk.areas[area_at(g)];
      CellAcc& c = wk.cells[cells_layout.key(loc.point[g])];
      const bool without = !(choice.kth_c2(g) <= radius_c2);
      const std::int64_t a2 = n * round_up_half(access.a_2sfca[g] * scale_a2);
      const std::int64_t ae = n * round_up_half(access.a_e2sfca[g] * scale_ae);
      a.citizens += n;
      a.without += without ? n : 0;
      a.a2 += a2;
      a.ae += ae;
      const std::int64_t near_mm = account(a.near, near_bin[g], choice.nearest_c2[g], n);
      const std::int64_t second_mm = account(a.second, second_bin[g], choice.second_c2[g], n);
      c.citizens += n;
      c.without += without ? n : 0;
      if (near_mm >= 0) {
        c.reach1 += n;
        c.near_mm += n * near_mm;
      }
      if (second_mm >= 0) {
        c.reach2 += n;
        c.second_mm += n * second_mm;
      }
      c.a2 += a2;
      c.ae += ae;
    }
  });
  for (unsigned wi = 1; wi < threads; ++wi) {
    for (std::size_t a = 0; a < K; ++a) workers[0].areas[a].add(workers[wi].areas[a]);
    for (std::size_t c = 0; c < cells_layout.key_count; ++c)
      workers[0].cells[c].add(workers[wi].cells[c]);
  }
  const std::vector<AreaAcc>& area_acc = workers[0].areas;
  for (std::size_t a = 0; a < K; ++a) {
    AreaFigures& f = out.kommuner[a];
    const AreaAcc& x = area_acc[a];
    f.without_two_open_choices_share = {static_cast<double>(x.without),
                                        static_cast<double>(x.citizens)};
    f.nearest_open = summarize(x.near);
    f.second_open = summarize(x.second);
    f.mean_2sfca = {static_cast<double>(x.a2) / scale_a2, static_cast<double>(x.citizens)};
    f.mean_e2sfca = {static_cast<double>(x.ae) / scale_ae, static_cast<double>(x.citizens)};
  }
  for (std::uint32_t key = 0; key < cells_layout.key_count; ++key) {
    const CellAcc& x = workers[0].cells[key];
    if (x.citizens == 0 || x.citizens < static_cast<std::uint64_t>(ss.grid_min_citizens)) continue;
    const std::int64_t r = key / cells_layout.block_cols, c = key % cells_layout.block_cols;
    GridCellFigures gc;
    gc.south = (cells_layout.min_lat + r * cells_layout.lat_step) / GeoPoint::kScale;
    gc.north = (cells_layout.min_lat + (r + 1) * cells_layout.lat_step) / GeoPoint::kScale;
    gc.west = (cells_layout.min_lon + c * cells_layout.lon_step) / GeoPoint::kScale;
    gc.east = (cells_layout.min_lon + (c + 1) * cells_layout.lon_step) / GeoPoint::kScale;
    gc.citizens = x.citizens;
    gc.without_two_open_choices = x.without;
    gc.mean_nearest_km =
        ratio_of(static_cast<double>(x.near_mm) / kMmPerKm, static_cast<double>(x.reach1))
            .value_or(0);
    gc.mean_second_km =
        ratio_of(static_cast<double>(x.second_mm) / kMmPerKm, static_cast<double>(x.reach2))
            .value_or(0);
    gc.mean_2sfca = static_cast<double>(x.a2) / scale_a2 / static_cast<double>(x.citizens);
    gc.mean_e2sfca = static_cast<double>(x.ae) / scale_ae / static_cast<double>(x.citizens);
    out.grid.push_back(gc);
  }

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
    const int r = w.region_index(areas.areas()[a].region);
    if (r < 0) continue;
    add_area(out.regions[static_cast<std::size_t>(r)], out.kommuner[a]);
    region_kommuner[static_cast<std::size_t>(r)].push_back(a);
  }

  // Distance quantiles (median, P90) per kommune, region and nation: locate each quantile's fine
  // bin in the area's histogram, then rank the locations in that bin in one parallel pass.
  const std::size_t R = out.regions.size(), jobs = K + R + 1;  // kommuner, regions, nation
  std::vector<std::size_t> region_of_area(K, R);
  for (std::size_t r = 0; r < R; ++r) {
    for (std::size_t a : region_kommuner[r]) region_of_area[a] = r;
  }
  constexpr double kQuantiles[2] = {0.5, 0.9};
  // targets[((job * 2) + distance) * 2 + quantile]
  std::vector<QuantileTarget> targets(jobs * 4);
  for (int dist = 0; dist < 2; ++dist) {
    std::vector<std::vector<std::uint32_t>> hist(jobs, std::vector<std::uint32_t>(kFineBins, 0));
    for (std::size_t a = 0; a < K; ++a) {
      const auto& fine = dist == 0 ? area_acc[a].near.fine : area_acc[a].second.fine;
      for (std::size_t job : {a, region_of_area[a] < R ? K + region_of_area[a] : jobs, K + R}) {
        if (job >= jobs) continue;
        for (std::size_t bb = 0; bb < kFineBins; ++bb) hist[job][bb] += fine[bb];
      }
    }
    for (std::size_t job = 0; job < jobs; ++job) {
      for (int q = 0; q < 2; ++q)
        targets[(job * 2 + static_cast<std::size_t>(dist)) * 2 + static_cast<std::size_t>(q)] =
            locate(kQuantiles[q], hist[job]);
    }
  }
  // Per kommune and distance, the fine bins any of its targets (its own, its region's, the
  // nation's) lie in: most locations are in none and are skipped after two look-ups.
  std::vector<std::vector<std::uint8_t>> wanted(2 * K, std::vector<std::uint8_t>(kFineBins, 0));
  for (std::size_t a = 0; a < K; ++a) {
    const std::size_t job_list[3] = {a, region_of_area[a] < R ? K + region_of_area[a] : jobs,
                                     K + R};
    for (std::size_t job : job_list) {
      if (job >= jobs) continue;
      for (std::size_t dist = 0; dist < 2; ++dist) {
        for (std::size_t q = 0; q < 2; ++q) {
          const QuantileTarget& t = targets[(job * 2 + dist) * 2 + q];
          if (t.bin < kFineBins) wanted[2 * a + dist][t.bin] = 1;
        }
      }
    }
  }
  std::vector<std::vector<std::vector<CountedValue>>> found(
      threads, std::vector<std::vector<CountedValue>>(targets.size()));
  parallel_chunks(L, 1 << 15, threads, [&](std::size_t b, std::size_t e, unsigned wi) {
    auto& mine = found[wi];
    for (std::size_t g = b; g < e; ++g) {
      const std::size_t a = area_at(g);
      if (!wanted[2 * a][near_bin[g]] && !wanted[2 * a + 1][second_bin[g]]) continue;
      const std::size_t job_list[3] = {a, region_of_area[a] < R ? K + region_of_area[a] : jobs,
                                       K + R};
      for (std::size_t job : job_list) {
        if (job >= jobs) continue;
        for (std::size_t dist = 0; dist < 2; ++dist) {
          const std::uint16_t bin = dist == 0 ? near_bin[g] : second_bin[g];
          for (std::size_t q = 0; q < 2; ++q) {
            const std::size_t t = (job * 2 + dist) * 2 + q;
            if (targets[t].bin == bin) {
              mine[t].push_back(
                  {dist == 0 ? choice.nearest_c2[g] : choice.second_c2[g], loc.citizens[g]});
            }
          }
        }
      }
    }
  });
  for (std::size_t job = 0; job < jobs; ++job) {
    AreaFigures& f = job < K ? out.kommuner[job] : job < K + R ? out.regions[job - K] : out.nation;
    for (std::size_t dist = 0; dist < 2; ++dist) {
      DistanceSummary& ds = dist == 0 ? f.nearest_open : f.second_open;
      for (std::size_t q = 0; q < 2; ++q) {
        const std::size_t t = (job * 2 + dist) * 2 + q;
        std::optional<double> v;
        if (targets[t].bin < kFineBins) {
          std::vector<CountedValue> items;
          for (auto& mine : found) items.insert(items.end(), mine[t].begin(), mine[t].end());
          v = counted_rank(items, targets[t].rank);
        }
        if (v && std::isinf(*v)) v.reset();
        (q == 0 ? ds.median_km : ds.p90_km) = v ? std::optional<double>(km_of(*v)) : std::nullopt;
      }
    }
  }

  // Percentiles of clinic load per area, and national load distribution (S2).
  auto clinic_loads = [&](auto pick) {
    std::vector<double> v;
    for (std::size_t j = 0; j < M; ++j) {
      const ClinicFigures& cf = out.clinics[j];
      if (pick(j) && cf.weighted_patients_per_capacity.value())
        v.push_back(*cf.weighted_patients_per_capacity.value());
    }
    return v;
  };
  auto set_load_percentiles = [&](AreaFigures& f, auto pick) {
    const auto v = clinic_loads(pick);
    f.clinic_weighted_load_p10 = percentile_inclusive(v, 0.10);
    f.clinic_weighted_load_p90 = percentile_inclusive(v, 0.90);
  };
  for (std::size_t a = 0; a < K; ++a)
    set_load_percentiles(out.kommuner[a], [&](std::size_t j) { return clinic_area[j] == a; });
  for (auto& f : out.regions) {
    set_load_percentiles(f, [&](std::size_t j) {
      return w.region_of(static_cast<KommuneCode>(out.clinics[j].kommune)) == f.code;
    });
  }
  set_load_percentiles(out.nation, [](std::size_t) { return true; });
  {
    const auto v = clinic_loads([](std::size_t) { return true; });
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

  out.timings.aggregate_ms = clock.lap_ms();
  out.timings.total_ms = total_clock.lap_ms();
  if (keep != nullptr) {
    if (other_metric) keep->metric_choice = choice;
    keep->choice = other_metric ? std::move(great_circle_choice) : std::move(choice);
    keep->access = other_metric ? std::move(great_circle_access) : std::move(access);
    keep->ydernummer.resize(M);
    keep->location.resize(M);
    for (std::size_t j = 0; j < M; ++j) {
      keep->ydernummer[j] = w.clinics[j].ydernummer;
      keep->location[j] = w.clinics[j].location;
    }
    keep->unit = std::move(clinic_units);
    keep->open_choice = std::move(open_choice);
  }
  return out;
}

}  // namespace

}  // namespace praksis
