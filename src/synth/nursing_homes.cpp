// The synthetic Denmark's nursing homes (rule L8) and the clinics' service data (rules A1-A2).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "synth_internal.hpp"

namespace praksis::synth {
namespace {

ClinicIndex nearest_clinic(const std::vector<Clinic>& clinics, GeoPoint p) {
  ClinicIndex best = kNoClinic;
  double best_km = 0;
  for (std::size_t c = 0; c < clinics.size(); ++c) {
    const double km = GreatCircle::distance_km(p, clinics[c].location);
    if (best == kNoClinic || km < best_km) {
      best = static_cast<ClinicIndex>(c);
      best_km = km;
    }
  }
  return best;
}

}  // namespace

void place_nursing_homes(World& w, std::vector<RegionPopulation>& pops, const Settings& s,
                         double scale, std::uint64_t seed) {
  const auto& syn = s.synthetic;
  Rng rng(seed, 0x9E11E40ULL);
  w.build_indexes();  // kommune and clinic lookups (no citizens yet)
  // Candidates: group-1 citizens aged 65+ living alone, by kommune, 80+ and 65-79 apart.
  struct Candidate {
    std::size_t region;
    std::uint32_t household;
  };
  std::vector<std::vector<Candidate>> old(w.kommuner.size()), young_old(w.kommuner.size());
  std::vector<double> aged_80(w.kommuner.size(), 0);
  for (std::size_t r = 0; r < pops.size(); ++r) {
    const auto& pop = pops[r];
    for (std::uint32_t h = 0; h < pop.households.size(); ++h) {
      const Household& hh = pop.households[h];
      const int k = w.kommune_index(hh.kommune);
      if (k < 0) continue;
      for (std::uint32_t i = hh.first; i < hh.first + hh.size; ++i)
        if (pop.persons[i].age >= 80) aged_80[static_cast<std::size_t>(k)] += 1;
      const Person& p = pop.persons[hh.first];
      if (hh.size != 1 || p.group2 || p.age < 65) continue;
      (p.age >= 80 ? old : young_old)[static_cast<std::size_t>(k)].push_back({r, h});
    }
  }
  // Homes per kommune in proportion to its citizens aged 80+ (exact national total).
  const auto counts = apportion(std::llround(syn.nursing_homes * scale), aged_80);
  // Group-1 patients per clinic, so a resident's move to the attached doctor keeps rule C1: an
  // open clinic stays at most at the approval limit, a closed one stays above the close limit.
  std::vector<std::int64_t> listed(w.clinics.size(), 0);
  for (const auto& pop : pops)
    for (const Household& hh : pop.households)
      for (std::uint32_t i = hh.first; i < hh.first + hh.size; ++i)
        if (hh.clinic != kNoClinic && !pop.persons[i].group2) ++listed[hh.clinic];
  const auto may_move = [&](ClinicIndex from, ClinicIndex to) {
    if (from == to) return true;  // already the attached doctor's patient
    const Clinic& t = w.clinics[to];
    if (t.open && listed[to] + 1 > static_cast<std::int64_t>(s.capacity.approval_required_above *
                                                             t.total_capacities()))
      return false;
    if (from == kNoClinic) return true;
    const Clinic& f = w.clinics[from];
    return f.open || static_cast<double>(listed[from] - 1) >
                         s.capacity.may_close_above * f.total_capacities();
  };
  std::unordered_set<std::int64_t> taken;
  std::uint32_t next_id = 1;
  for (std::size_t k = 0; k < w.kommuner.size(); ++k) {
    auto& a = old[k];
    auto& b = young_old[k];
    for (auto* pool : {&a, &b}) {  // Fisher-Yates: residents drawn without repetition
      for (std::size_t i = pool->size(); i > 1; --i)
        std::swap((*pool)[i - 1], (*pool)[rng.below(i)]);
    }
    for (long long n = 0; n < counts[k] && !(a.empty() && b.empty()); ++n) {
      NursingHome home;
      home.id = next_id++;
      home.kommune = w.kommuner[k].code;
      home.name = fmt::format("Plejecenter {} {}", w.kommuner[k].name, n + 1);
      const int places = std::max(
          8, static_cast<int>(std::lround(syn.nursing_home_places * rng.uniform(0.5, 1.5))));
      home.places = static_cast<std::uint16_t>(places);
      // The home stands where one of its residents lived (a place on land in the kommune).
      const Candidate first = !a.empty() ? a.back() : b.back();
      home.location = pops[first.region].households[first.household].home;
      while (!taken
                  .insert((std::int64_t{home.location.lat_e5} << 32) ^
                          static_cast<std::uint32_t>(home.location.lon_e5))
                  .second)
        ++home.location.lat_e5;  // one home per address (1 m north)
      ClinicIndex attached = kNoClinic;
      if (rng.uniform() < syn.nursing_home_attached_share) {
        attached = nearest_clinic(w.clinics, home.location);
        if (attached != kNoClinic) home.attached = w.clinics[attached].ydernummer;
      }
      // Occupancy: every place taken; 80+ by the settings' share, the rest 65-79.
      const int want_old = static_cast<int>(std::lround(places * syn.nursing_home_80_plus_share));
      for (int p = 0; p < places && !(a.empty() && b.empty()); ++p) {
        auto& pool = (p < want_old && !a.empty()) || b.empty() ? a : b;
        const Candidate c = pool.back();
        pool.pop_back();
        Household& hh = pops[c.region].households[c.household];
        hh.home = home.location;
        if (attached != kNoClinic && rng.uniform() < syn.residents_with_attached_doctor &&
            may_move(hh.clinic, attached)) {
          if (hh.clinic != attached) {
            if (hh.clinic != kNoClinic) --listed[hh.clinic];
            ++listed[attached];
          }
          hh.clinic = attached;
          hh.home_visit = true;  // the attached doctor sees the residents at the home
        }
      }
      w.nursing_homes.push_back(std::move(home));
    }
  }
}

void add_service_data(World& w, const Settings& s, std::uint64_t seed) {
  const auto& syn = s.synthetic;
  const auto& sv = s.service;
  Rng rng(seed, 0x5E41CE5ULL);
  for (Clinic& c : w.clinics) {
    ClinicServices d;
    d.weekdays_8_16 = rng.uniform() < syn.weekdays_8_16_share;
    d.evening_per_week = static_cast<std::uint8_t>(
        rng.uniform() < syn.evening_share ? sv.min_evening_per_week + static_cast<int>(rng.below(2))
                                          : 0);
    d.daily_phone_hour = rng.uniform() < syn.phone_hour_share;
    d.same_day_acute = rng.uniform() < syn.same_day_acute_share;
    d.booking_weekdays = static_cast<std::uint8_t>(
        rng.uniform() < syn.booking_within_share
            ? 1 + rng.below(static_cast<std::uint64_t>(std::max(1, sv.max_booking_weekdays)))
            : sv.max_booking_weekdays + 1 + static_cast<int>(rng.below(10)));
    d.e_booking = rng.uniform() < syn.e_booking_share;
    d.e_prescription_renewal = rng.uniform() < syn.e_renewal_share;
    d.e_consultation = rng.uniform() < syn.e_consultation_share;
    d.video = rng.uniform() < syn.video_share;
    c.services = d;
  }
}

void add_planning_inputs(World& w, const Settings& s, std::uint64_t seed) {
  const auto& syn = s.synthetic;
  const Date ref = s.dataset.reference_date;
  const int ref_year = ref.year();
  Rng rng(seed, 0x9190E11EULL);
  // Capacities in the pipeline: about pipeline_capacity_share of each kommune's capacities, one
  // row each, advertised in the year before the reference date.
  std::vector<std::vector<Ydernummer>> clinics_in(w.kommuner.size());
  std::vector<double> caps(w.kommuner.size(), 0);
  for (const Clinic& c : w.clinics) {
    const int k = w.kommune_index(c.kommune);
    clinics_in[static_cast<std::size_t>(k)].push_back(c.ydernummer);
    caps[static_cast<std::size_t>(k)] += c.total_capacities();
  }
  std::uint32_t next_id = 1;
  for (std::size_t k = 0; k < w.kommuner.size(); ++k) {
    const double expected = caps[k] * syn.pipeline_capacity_share;
    int n = static_cast<int>(expected);
    if (rng.uniform() < expected - n) ++n;
    for (int i = 0; i < n; ++i) {
      PipelineCapacity pc;
      pc.id = next_id++;
      pc.kommune = w.kommuner[k].code;
      const double u = rng.uniform();
      pc.status = u < 0.4   ? PipelineStatus::i_opslag
                  : u < 0.7 ? PipelineStatus::tildelt
                            : PipelineStatus::afventer_etablering;
      const auto ago = static_cast<std::int32_t>(30 + rng.below(300));
      pc.advertised = ref.plus_days(-ago);
      if (pc.status != PipelineStatus::i_opslag) {
        pc.assigned = pc.advertised.plus_days(
            static_cast<std::int32_t>(rng.below(static_cast<std::uint64_t>(ago))));
        if (!clinics_in[k].empty() && rng.uniform() < 0.5)
          pc.ydernummer = clinics_in[k][rng.below(clinics_in[k].size())];
      }
      if (pc.status == PipelineStatus::afventer_etablering)
        pc.expected_start = ref.plus_days(static_cast<std::int32_t>(30 + rng.below(335)));
      w.capacity_pipeline.push_back(pc);
    }
  }
  // The hearing: most clinics answer with their wishes; their doctors aged 60+ mostly state a
  // retirement year, the same at every clinic of a doctor (drawn from the doctor's id).
  std::vector<std::uint32_t> listed(w.clinics.size(), 0);
  for (ClinicIndex c : w.citizens.listing)
    if (c != kNoClinic) ++listed[c];
  std::vector<std::vector<const Doctor*>> staff(w.clinics.size());
  for (const Doctor& d : w.doctors) staff[*w.find_clinic(d.ydernummer)].push_back(&d);
  for (std::size_t i = 0; i < w.clinics.size(); ++i) {
    const Clinic& c = w.clinics[i];
    if (rng.uniform() >= syn.hearing_answer_share) continue;
    HearingEntry h;
    h.ydernummer = c.ydernummer;
    if (rng.uniform() < 0.6)
      h.wished_list_size = static_cast<std::uint32_t>(listed[i] * (0.9 + 0.2 * rng.uniform()));
    if (rng.uniform() < 0.5)
      h.wished_open =
          listed[i] < static_cast<std::uint32_t>(s.capacity.normtal) * c.total_capacities();
    if (rng.uniform() < 0.03) {
      const RegionCode r = w.region_of(c.kommune);
      std::vector<KommuneCode> same;
      for (const Kommune& k : w.kommuner)
        if (k.region == r) same.push_back(k.code);
      h.move_to = same[rng.below(same.size())];
    }
    if (rng.uniform() < 0.05) h.extra_capacities = static_cast<std::uint16_t>(1 + rng.below(2));
    w.hearing.push_back(h);
    for (const Doctor* d : staff[i]) {
      const int age = ref_year - d->birth_year;
      if (age < 60) continue;
      const std::uint64_t x = mix64(seed ^ (0x8E71AEULL << 32) ^ d->id);
      if (static_cast<double>(x % 1000) / 1000.0 >= syn.stated_retirement_share) continue;
      const int in = std::max(0, 67 - age + static_cast<int>((x >> 20) % 6) - 2);
      HearingEntry r;
      r.ydernummer = c.ydernummer;
      r.doctor = d->id;
      r.retirement_year = static_cast<std::uint16_t>(ref_year + std::min(in, 40));
      w.hearing.push_back(r);
    }
  }
}

}  // namespace praksis::synth
