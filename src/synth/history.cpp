// The synthetic history: one year of births, deaths, moves, GP retirements and clinic changes.
#include "praksis/synth/history.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

#include "praksis/core/error.hpp"
#include "praksis/core/random.hpp"
#include "praksis/forecast/rates.hpp"
#include "praksis/io/interchange.hpp"
#include "synth_internal.hpp"

namespace praksis {
namespace {

// Shares the history assumes where no data file states one (docs/synthetic-data.md).
constexpr double kReplacementShare = 0.85;   // a leaving GP's capacity is taken over by a new GP
constexpr double kFillUnfilledShare = 0.25;  // an unfilled capacity gets a GP within the year
constexpr double kNewClinicsPer1000Capacities = 3.0;  // clinics opening a year
constexpr double kMoveShare = 0.6;  // households moving = this x the F3 internal out-rate at 35

double rate_at(const AgeArray& a, int age) {
  return a[static_cast<std::size_t>(std::clamp(age, 0, kForecastTopAge))];
}

}  // namespace

void HistoryOptions::validate() const {
  if (from > to)
    throw InputError(InputLocation{"--years", 0, 0, {}},
                     message("input.generate.years_order", from, to));
  if (from < 1990 || to > 2100)
    throw InputError(InputLocation{"--years", 0, 0, {}},
                     message("input.generate.years_range", from, to));
}

Date history_date(int year) {
  return Date::from_ymd(year, 1, 1);
}

void advance_year(World& w, int year, std::uint64_t seed, const Settings& settings) {
  const ForecastRates& rates = ForecastRates::embedded();
  const auto& fs = settings.forecast;
  Rng rng(seed, 0x415700000ULL + static_cast<std::uint64_t>(year));
  CitizenTable& ct = w.citizens;
  const std::size_t n = ct.size();
  // Listings by ydernummer while clinics come and go.
  std::vector<Ydernummer> yder(n, 0);
  for (std::size_t i = 0; i < n; ++i)
    if (ct.listing[i] != kNoClinic) yder[i] = w.clinics[ct.listing[i]].ydernummer;

  // GPs: leaving (F3 exit rates), replaced or leaving an unfilled capacity; unfilled capacities
  // filled.
  std::unordered_map<Ydernummer, std::size_t> clinic_at;
  for (std::size_t j = 0; j < w.clinics.size(); ++j) clinic_at[w.clinics[j].ydernummer] = j;
  DoctorId next_doctor = 1;
  for (const Doctor& d : w.doctors) next_doctor = std::max(next_doctor, d.id + 1);
  const auto new_gp_birth = static_cast<std::uint16_t>(year - static_cast<int>(fs.new_gp_age));
  std::vector<Doctor> doctors;
  doctors.reserve(w.doctors.size());
  for (const Doctor& d : w.doctors) {
    const double p = rate_at(rates.gp_exit, year - d.birth_year) * fs.retirement_factor;
    if (rng.uniform() >= p) {
      doctors.push_back(d);
      continue;
    }
    if (rng.uniform() < kReplacementShare) {
      doctors.push_back(
          {next_doctor++, d.ydernummer, new_gp_birth, d.role, static_cast<std::uint16_t>(year)});
      continue;
    }
    Clinic& c = w.clinics[clinic_at.at(d.ydernummer)];
    if (c.capacities > 0) {
      --c.capacities;
      ++c.unfilled_capacities;
    }
  }
  for (Clinic& c : w.clinics) {
    for (unsigned u = c.unfilled_capacities; u > 0; --u) {
      if (rng.uniform() >= kFillUnfilledShare) continue;
      --c.unfilled_capacities;
      ++c.capacities;
      doctors.push_back({next_doctor++, c.ydernummer, new_gp_birth, DoctorRole::owner,
                         static_cast<std::uint16_t>(year)});
    }
  }
  // A clinic without a GP closes; its patients go to the clinic of a neighbour in the kommune.
  std::unordered_map<Ydernummer, int> staffed;
  for (const Doctor& d : doctors) ++staffed[d.ydernummer];
  std::vector<Ydernummer> closed;
  for (const Clinic& c : w.clinics)
    if (!staffed.count(c.ydernummer)) closed.push_back(c.ydernummer);
  std::sort(closed.begin(), closed.end());
  const auto is_closed = [&](Ydernummer y) {
    return y != 0 && std::binary_search(closed.begin(), closed.end(), y);
  };

  // New clinics in the kommuner with the most patients per capacity.
  std::uint64_t total_capacities = 0;
  for (const Clinic& c : w.clinics) total_capacities += c.total_capacities();
  const double expect_new =
      kNewClinicsPer1000Capacities * static_cast<double>(total_capacities) / 1000.0;
  int opening = static_cast<int>(expect_new);
  if (rng.uniform() < expect_new - opening) ++opening;
  std::unordered_map<KommuneCode, std::pair<double, double>> load;  // patients, capacities
  for (std::size_t i = 0; i < n; ++i)
    if (yder[i] != 0) load[w.clinics[clinic_at.at(yder[i])].kommune].first += 1;
  for (const Clinic& c : w.clinics) load[c.kommune].second += c.total_capacities();
  std::vector<std::pair<double, KommuneCode>> pressure;
  for (const auto& [k, pc] : load)
    if (pc.second > 0) pressure.push_back({pc.first / pc.second, k});
  std::sort(pressure.rbegin(), pressure.rend());
  Ydernummer next_yder = 1;
  for (const Clinic& c : w.clinics) next_yder = std::max(next_yder, c.ydernummer + 1);
  std::vector<std::size_t> residents_of_new;  // a resident whose home the new clinic takes
  for (int o = 0; o < opening && o < static_cast<int>(pressure.size()); ++o) {
    const KommuneCode k = pressure[static_cast<std::size_t>(o)].second;
    // The clinic's address: a resident's home in the kommune (on land by construction).
    std::size_t home = n;
    for (int tries = 0; tries < 200 && n > 0; ++tries) {
      const auto i = static_cast<std::size_t>(rng.below(n));
      if (ct.kommune[i] == k) {
        home = i;
        break;
      }
    }
    if (home == n || next_yder >= 1'000'000) continue;
    Clinic c;
    c.ydernummer = next_yder++;
    c.name = fmt::format("Lægehuset {} {}", w.find_kommune(k) ? w.find_kommune(k)->name : "",
                         c.ydernummer);
    c.form = PracticeForm::kompagniskab;
    c.kommune = k;
    c.location = ct.home[home];
    c.open = true;
    c.established = Date::from_ymd(year, 7, 1);
    c.capacities = 2;
    c.unfilled_capacities = 0;
    for (int g = 0; g < 2; ++g)
      doctors.push_back({next_doctor++, c.ydernummer, new_gp_birth, DoctorRole::owner,
                         static_cast<std::uint16_t>(year)});
    w.clinics.push_back(std::move(c));
  }
  w.doctors = std::move(doctors);
  if (!closed.empty()) {
    std::erase_if(w.clinics, [&](const Clinic& c) { return is_closed(c.ydernummer); });
    for (NursingHome& h : w.nursing_homes)
      if (h.attached && is_closed(*h.attached)) h.attached.reset();
  }
  w.build_indexes();
  // Per kommune the open clinics, for those who must choose a new GP.
  std::unordered_map<KommuneCode, std::vector<Ydernummer>> clinics_in;
  for (const Clinic& c : w.clinics)
    if (c.total_capacities() > 0) clinics_in[c.kommune].push_back(c.ydernummer);
  std::vector<Ydernummer> all_clinics;
  for (const Clinic& c : w.clinics) all_clinics.push_back(c.ydernummer);
  const auto choose = [&](KommuneCode k, Rng& r) -> Ydernummer {
    auto it = clinics_in.find(k);
    const auto& pool = it != clinics_in.end() && !it->second.empty() ? it->second : all_clinics;
    return pool.empty() ? 0 : pool[static_cast<std::size_t>(r.below(pool.size()))];
  };

  // Citizens: households move (from the household's own stream, so every member moves
  // together), the patients of closed clinics choose anew, people die and are born.
  const double move_rate =
      kMoveShare * rate_at(rates.internal_out_rate, 35) * fs.internal_migration_factor;
  std::vector<bool> keep(n, true);
  CitizenTable born;
  std::vector<Ydernummer> born_yder;
  for (std::size_t i = 0; i < n; ++i) {
    Rng hh(seed ^ mix64(ct.household[i]), static_cast<std::uint64_t>(year));
    if (hh.uniform() < move_rate && n > 1) {
      const auto j = static_cast<std::size_t>(hh.below(n));
      ct.home[i] = ct.home[j];
      ct.kommune[i] = ct.kommune[j];
      if (ct.group[i] == InsuranceGroup::group1)
        yder[i] = yder[j] != 0 && !is_closed(yder[j]) ? yder[j] : choose(ct.kommune[i], hh);
    }
    if (is_closed(yder[i])) {
      Rng r(seed ^ mix64(ct.household[i] + 1), static_cast<std::uint64_t>(year));
      yder[i] = choose(ct.kommune[i], r);
    }
    const int age = year - ct.birth_year[i];
    const double death =
        rate_at(ct.sex[i] == Sex::female ? rates.death_female : rates.death_male, age) *
        fs.mortality_level;
    if (rng.uniform() < death) {
      keep[i] = false;
      continue;
    }
    if (ct.sex[i] == Sex::female &&
        rng.uniform() < rate_at(rates.fertility_share, age) * fs.total_fertility) {
      Citizen c;
      do c.id = rng.next();
      while (w.find_citizen(c.id) != kNoCitizen);
      c.household = ct.household[i];
      c.birth_year = static_cast<std::uint16_t>(year);
      c.sex = rng.uniform() < fs.male_birth_share ? Sex::male : Sex::female;
      c.home = ct.home[i];
      c.kommune = ct.kommune[i];
      c.group = ct.group[i];
      c.conditions = 0;
      c.labour = LabourStatus::child;
      c.listing = kNoClinic;
      c.home_visit_right = ct.home_visit_right[i];
      born.push_back(c);
      born_yder.push_back(c.group == InsuranceGroup::group1 ? yder[i] : 0);
    }
  }
  // The new table: survivors in their order, then the newborn.
  CitizenTable next;
  next.reserve(n + born.size());
  std::vector<Ydernummer> next_yder_of;
  next_yder_of.reserve(n + born.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (!keep[i]) continue;
    Citizen c = ct.get(static_cast<CitizenIndex>(i));
    // Ageing: at 15 a child leaves the child status; at 67 a worker retires (folkepension).
    const int age = year + 1 - c.birth_year;
    if (c.labour == LabourStatus::child && age >= settings.listing.adult_age)
      c.labour = LabourStatus::student;
    if (age >= 67 && c.labour != LabourStatus::retired && c.labour != LabourStatus::child)
      c.labour = LabourStatus::retired;
    c.listing = kNoClinic;
    next.push_back(c);
    next_yder_of.push_back(c.group == InsuranceGroup::group1 ? yder[i] : 0);
  }
  for (std::size_t b = 0; b < born.size(); ++b) {
    next.push_back(born.get(static_cast<CitizenIndex>(b)));
    next_yder_of.push_back(born_yder[b]);
  }
  w.citizens = std::move(next);
  w.build_indexes();
  for (std::size_t i = 0; i < w.citizens.size(); ++i) {
    if (next_yder_of[i] == 0) continue;
    const auto j = w.find_clinic(next_yder_of[i]);
    w.citizens.listing[i] = j ? *j : kNoClinic;
  }
}

void generate_history(const HistoryOptions& options, const Settings& settings,
                      const std::function<void(int, const World&)>& sink) {
  options.validate();
  Settings s = settings;
  s.dataset.reference_date = history_date(options.from);
  World w = generate_world(options.base, s);
  sink(options.from, w);
  for (int y = options.from; y < options.to; ++y) {
    advance_year(w, y, options.base.seed, settings);
    s.dataset.reference_date = history_date(y + 1);
    // Each survey year has its own hearing and pipeline.
    w.capacity_pipeline.clear();
    w.hearing.clear();
    synth::add_planning_inputs(w, s, options.base.seed + static_cast<std::uint64_t>(y + 1));
    IssueCollector issues(10);
    validate_world(w, s, issues, fmt::format("history year {}", y + 1));
    if (!issues.empty()) {
      try {
        issues.throw_if_any();
      } catch (const InputError& e) {
        throw Error(fmt::format("history produced an invalid world:\n{}", e.what()));
      }
    }
    sink(y + 1, w);
  }
}

std::vector<PlausibilityCheck> history_checks(const World& before, const World& after, int year,
                                              const Settings& settings) {
  std::vector<PlausibilityCheck> out;
  for (const Region& r : after.regions) {
    double a = 0, b = 0;
    for (const Clinic& c : before.clinics)
      if (before.region_of(c.kommune) == r.code) a += c.total_capacities();
    for (const Clinic& c : after.clinics)
      if (after.region_of(c.kommune) == r.code) b += c.total_capacities();
    // 4 % a year, or 4 capacities in a small world, where one clinic is several per cent.
    const double band = a > 0 ? std::max(0.04, 4.0 / a) : 1.0;
    out.push_back({fmt::format("capacities change, {} {}", r.name, year + 1),
                   a > 0 ? (b - a) / a : 0.0, -band, band});
  }
  const double pa = static_cast<double>(before.citizens.size());
  const double pb = static_cast<double>(after.citizens.size());
  out.push_back(
      {fmt::format("population change {}", year + 1), pa > 0 ? (pb - pa) / pa : 0.0, -0.02, 0.02});
  double senior = 0;
  for (const Doctor& d : after.doctors) senior += (year + 1 - d.birth_year) >= 60;
  out.push_back({fmt::format("share of GPs aged 60+ {}", year + 1),
                 after.doctors.empty() ? 0.0 : senior / static_cast<double>(after.doctors.size()),
                 0.10, 0.50});
  double unlisted = 0;
  const auto& ct = after.citizens;
  for (std::size_t i = 0; i < ct.size(); ++i)
    unlisted += ct.group[i] == InsuranceGroup::group1 && ct.listing[i] == kNoClinic &&
                year + 1 - ct.birth_year[i] >= settings.listing.adult_age;
  out.push_back(
      {fmt::format("group-1 citizens aged 15+ without a GP {}", year + 1), unlisted, 0, 0});
  return out;
}

}  // namespace praksis
