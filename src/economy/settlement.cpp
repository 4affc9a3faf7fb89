// Settling a year: rules E1-E4 per clinic, then totals and the frame (E5).
#include "praksis/economy/settlement.hpp"

#include <algorithm>
#include <cmath>

#include "praksis/core/compensated_sum.hpp"
#include "praksis/core/error.hpp"
#include "praksis/demand/demand_model.hpp"
#include "praksis/economy/differentiated.hpp"

namespace praksis {

Rate FeeTotals::basic_share() const {
  const Money g = gross();
  return g.ore == 0 ? Rate::zero() : ratio(basic_part(), g);
}

FeeTotals& FeeTotals::operator+=(const FeeTotals& o) {
  clinics += o.clinics;
  capacities += o.capacities;
  listed_patients += o.listed_patients;
  patient_months += o.patient_months;
  chronic_patients += o.chronic_patients;
  model1_doctors += o.model1_doctors;
  claim_lines += o.claim_lines;
  contacts += o.contacts;
  clinics_above_cap += o.clinics_above_cap;
  clinics_repaying += o.clinics_repaying;
  basic += o.basic;
  chronic += o.chronic;
  model1 += o.model1;
  model2 += o.model2;
  activity += o.activity;
  activity_cap_base += o.activity_cap_base;
  activity_in_frame += o.activity_in_frame;
  replaced_by_chronic += o.replaced_by_chronic;
  cap_repayment += o.cap_repayment;
  return *this;
}

int months_in_year(Date established, int year) {
  const int y = established.year();
  if (y < year) return 12;
  if (y > year) return 0;
  return 13 - static_cast<int>(established.month());
}

namespace {

bool is_paid(const Service& s, bool chronic_fee_enabled) {
  return !(chronic_fee_enabled && s.replaced_by_chronic_fee);
}

}  // namespace

std::vector<ServiceLine> service_lines(const ActivityMatrix& activity, const FeeStructure& fees,
                                       ClinicIndex clinic) {
  std::vector<ServiceLine> out;
  for (std::size_t s = 0; s < fees.tariffs.size(); ++s) {
    const Service& svc = fees.tariffs[s];
    if (svc.kind == ServiceKind::basic) continue;
    ServiceLine l;
    l.service = s;
    const std::int64_t other = activity.other(clinic, s), chronic = activity.chronic(clinic, s);
    if (is_paid(svc, fees.chronic_fee_enabled)) {
      l.paid_units = other + chronic;
    } else {
      l.paid_units = other;
      l.replaced_units = chronic;
    }
    l.amount = svc.fee * l.paid_units;
    if (l.paid_units || l.replaced_units) out.push_back(l);
  }
  return out;
}

FeeStructure with_fee_factor(const FeeStructure& fees, Rate factor) {
  FeeStructure f = fees;
  if (factor == Rate::one()) return f;
  for (std::size_t s = 0; s < f.tariffs.size(); ++s)
    f.tariffs.set_fee(s, apply(f.tariffs[s].fee, factor));
  f.economy.chronic_fee_per_year = apply(f.economy.chronic_fee_per_year, factor);
  if (f.basic_pool) f.basic_pool = apply(*f.basic_pool, factor);
  return f;
}

Settlement compute_settlement(const World& world, const FeeStructure& given_fees,
                              const DemandSettings& demand, const ActivityMatrix& activity,
                              const SettlementParams& params) {
  const FeeStructure fees = with_fee_factor(given_fees, params.fee_factor);
  const std::size_t n = world.clinics.size();
  const TariffTable& tariffs = fees.tariffs;
  const EconomySettings& e = fees.economy;
  if (activity.clinics() != n || activity.services() != tariffs.size()) {
    throw Error("compute_settlement: activity matrix does not match the world and tariffs");
  }
  Settlement st;
  st.year = params.year;
  st.threatened = params.threatened;
  std::sort(st.threatened.begin(), st.threatened.end());
  st.threatened.erase(std::unique(st.threatened.begin(), st.threatened.end()), st.threatened.end());
  st.tariffs_source = tariffs.source();
  st.fee_factor = params.fee_factor;
  st.clinics.resize(n);

  // Listed patients, chronic patients and weighted patients per clinic (E1, E2).
  const auto& ct = world.citizens;
  // S2 weights in full precision (compensated sums: no rounding of a weight, and the sums do not
  // depend on the order of the citizens beyond the last bit).
  std::vector<std::int64_t> listed(n, 0), chronic(n, 0);
  std::vector<CompensatedSum> weighted(n);
  const bool need_weights = fees.risk_adjusted_basic || e.differentiated_pool.ore > 0;
  const std::vector<double> wu =
      need_weights ? DemandModel(demand, params.year).weights(ct) : std::vector<double>{};
  for (std::size_t i = 0; i < ct.size(); ++i) {
    const ClinicIndex c = ct.listing[i];
    if (c == kNoClinic) continue;
    ++listed[c];
    if (ct.conditions[i] & (kType2Diabetes | kCopd)) ++chronic[c];
    if (fees.risk_adjusted_basic) weighted[c] += wu[i];
  }

  for (std::size_t c = 0; c < n; ++c) {
    const Clinic& clinic = world.clinics[c];
    ClinicSettlement& cs = st.clinics[c];
    cs.clinic = static_cast<ClinicIndex>(c);
    cs.ydernummer = clinic.ydernummer;
    cs.kommune = clinic.kommune;
    cs.region = world.region_of(clinic.kommune);
    cs.months = months_in_year(clinic.established, params.year);
    FeeTotals& f = cs.fees;
    f.clinics = 1;
    f.capacities = clinic.total_capacities();
    f.listed_patients = listed[c];
    f.patient_months = params.patient_months ? (*params.patient_months)[c] : listed[c] * cs.months;
    f.chronic_patients = chronic[c];
    f.claim_lines = activity.lines(c);
    if (fees.chronic_fee_enabled)
      f.chronic = scale(e.chronic_fee_per_year * chronic[c], cs.months, 12);
    for (std::size_t s = 0; s < tariffs.size(); ++s) {
      const Service& svc = tariffs[s];
      if (svc.kind == ServiceKind::basic) continue;
      const std::int64_t other = activity.other(c, s), chr = activity.chronic(c, s);
      if (svc.kind == ServiceKind::contact) f.contacts += other + chr;
      std::int64_t paid = other + chr;
      if (!is_paid(svc, fees.chronic_fee_enabled)) {
        paid = other;
        f.replaced_by_chronic += svc.fee * chr;
      }
      const Money amount = svc.fee * paid;
      f.activity += amount;
      if (svc.counts_toward_cap) f.activity_cap_base += amount;
      if (svc.in_frame) f.activity_in_frame += amount;
    }
  }

  // E1 basishonorar: per patient-month, or a pool shared over (weighted) patient-months.
  {
    std::vector<std::int64_t> share(n);
    std::vector<double> weighted_months(n);
    std::int64_t months_total = 0;
    for (std::size_t c = 0; c < n; ++c) {
      const auto& cs = st.clinics[c];
      share[c] = cs.fees.patient_months;
      weighted_months[c] = weighted[c].value() * cs.months;
      months_total += cs.fees.patient_months;
    }
    if (fees.risk_adjusted_basic) share = integer_weights(weighted_months);
    if (!fees.risk_adjusted_basic && !fees.basic_pool) {
      for (auto& cs : st.clinics)
        cs.fees.basic = tariffs.basic_fee_per_month() * cs.fees.patient_months;
    } else {
      const Money pool = fees.basic_pool.value_or(tariffs.basic_fee_per_month() * months_total);
      const auto parts = allocate(pool, share);
      for (std::size_t c = 0; c < n; ++c) st.clinics[c].fees.basic = parts[c];
    }
  }

  // E3 model 1: doctors settling in threatened kommuner; model 2: heavy-weight kommuner.
  {
    std::vector<std::int64_t> doctors(n, 0);
    for (const Doctor& d : world.doctors) {
      const auto c = world.find_clinic(d.ydernummer);
      if (!c) continue;
      const KommuneCode k = world.clinics[*c].kommune;
      if (!std::binary_search(st.threatened.begin(), st.threatened.end(), k)) continue;
      if (!model1_settling(params.year, d.since_year, e.model1_settling_years)) continue;
      ++doctors[*c];
    }
    const auto m1 = allocate_model1(doctors, e.model1_per_doctor, e.differentiated_pool);
    Money m1_total;
    for (std::size_t c = 0; c < n; ++c) {
      st.clinics[c].fees.model1 = m1[c];
      st.clinics[c].fees.model1_doctors = doctors[c];
      m1_total += m1[c];
    }
    const Money budget =
        e.differentiated_pool > m1_total ? e.differentiated_pool - m1_total : Money{};
    // Model 2: each kommune's mean S2 weight of its residents in full precision; the heaviest
    // share of kommuner are areas of high patient weight (allocate_model2_by_weight).
    std::vector<CompensatedSum> ksum(1000);
    std::vector<std::int64_t> kcount(1000, 0);
    if (budget.ore > 0) {
      for (std::size_t i = 0; i < ct.size(); ++i) {
        ksum[ct.kommune[i] % 1000] += wu[i];
        ++kcount[ct.kommune[i] % 1000];
      }
    }
    std::vector<std::int64_t> kpos(1000, -1);
    std::vector<double> kmean;
    for (std::size_t k = 0; k < 1000; ++k) {
      if (kcount[k] == 0) continue;
      kpos[k] = static_cast<std::int64_t>(kmean.size());
      kmean.push_back(ksum[k].value() / static_cast<double>(kcount[k]));
    }
    std::vector<std::int64_t> clinic_kommune(n), caps(n);
    for (std::size_t c = 0; c < n; ++c) {
      clinic_kommune[c] = kpos[world.clinics[c].kommune % 1000];
      caps[c] = st.clinics[c].fees.capacities;
    }
    const auto m2 =
        allocate_model2_by_weight(budget, kmean, clinic_kommune, caps,
                                  Rate::from_double(e.model2_heavy_kommune_share),
                                  e.model2_heavy_kommune_rounding, e.model2_cap_per_capacity)
            .paid;
    Money m2_total;
    for (std::size_t c = 0; c < n; ++c) {
      st.clinics[c].fees.model2 = m2[c];
      m2_total += m2[c];
    }
    st.differentiated_unused = e.differentiated_pool - m1_total - m2_total;
  }

  // Regions, then E4 per clinic against its region's average.
  for (const Region& r : world.regions)
    st.regions.push_back(RegionSettlement{r.code, r.name, {}, {}, {}});
  std::sort(st.regions.begin(), st.regions.end(), [](auto& a, auto& b) { return a.code < b.code; });
  auto region_pos = [&](RegionCode code) -> RegionSettlement& {
    auto it = std::lower_bound(st.regions.begin(), st.regions.end(), code,
                               [](const RegionSettlement& r, RegionCode v) { return r.code < v; });
    if (it == st.regions.end() || it->code != code) {
      throw Error("compute_settlement: a clinic's kommune has no region");
    }
    return *it;
  };
  for (const auto& cs : st.clinics) {
    auto& r = region_pos(cs.region).fees;
    r.activity_cap_base += cs.fees.activity_cap_base;
    r.patient_months += cs.fees.patient_months;
  }
  const CapRules rules = CapRules::from(e);
  for (auto& cs : st.clinics) {
    const auto& r = region_pos(cs.region).fees;
    const auto prev = params.cap_states.find(cs.ydernummer);
    cs.cap_before = prev == params.cap_states.end() ? CapState{} : prev->second;
    cs.cap = decide_cap(cs.fees.activity_cap_base, cs.fees.patient_months, r.activity_cap_base,
                        r.patient_months, cs.cap_before, rules);
    cs.fees.cap_repayment = cs.cap.repayment;
    cs.fees.clinics_above_cap = cs.cap.above ? 1 : 0;
    cs.fees.clinics_repaying = cs.cap.repayment.ore > 0 ? 1 : 0;
  }
  for (auto& r : st.regions) {
    const Money base = r.fees.activity_cap_base;
    const std::int64_t months = r.fees.patient_months;
    r.fees = FeeTotals{};
    if (months > 0) {
      r.average_per_patient_year = scale(base, 12, months);
      r.limit_per_patient_year = apply(base, Rate::one() + rules.above_average, 12, months);
    }
  }
  for (const auto& cs : st.clinics) {
    region_pos(cs.region).fees += cs.fees;
    st.nation += cs.fees;
  }

  st.frame = compare_with_frame(FrameInput{params.year, st.nation.in_frame(), params.forgiveness,
                                           params.previous_small_overrun_not_offset},
                                e);
  return st;
}

void total_regions_and_nation(Settlement& s) {
  for (const auto& c : s.clinics) {
    auto it = std::find_if(s.regions.begin(), s.regions.end(),
                           [&](const RegionSettlement& r) { return r.code == c.region; });
    if (it == s.regions.end()) {
      s.regions.push_back(RegionSettlement{c.region, {}, {}, {}, {}});
      it = s.regions.end() - 1;
    }
    it->fees += c.fees;
    s.nation += c.fees;
  }
  std::sort(s.regions.begin(), s.regions.end(),
            [](const RegionSettlement& a, const RegionSettlement& b) { return a.code < b.code; });
}

}  // namespace praksis
