// Steps 5-8 of the synthetic Denmark: listings, capacities, doctors, list status, home visits.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <set>
#include <thread>

#include "praksis/model/registry_rules.hpp"
#include "synth_internal.hpp"

namespace praksis::synth {
namespace {

constexpr std::size_t kCandidates = 16;  // nearest clinics a household chooses among
constexpr double kDecayKm = 4.0;         // distance decay of the choice
constexpr double kFarPenalty = 0.05;     // extra factor beyond the listing radius
constexpr int kDiffusionPasses = 3;      // rebalancing passes after the draw
constexpr int kBalancingRounds = 40;     // Furness iterations of the gravity model

constexpr std::size_t kChunks = 16;  // fixed work split (results independent of threads)

/// Runs fn(begin, end, thread) over [0, n) split evenly across threads.
template <class Fn>
void parallel_for(std::size_t n, unsigned threads, Fn&& fn) {
  threads = std::max(1u, threads);
  if (threads == 1 || n < 2) {
    fn(0, n, 0u);
    return;
  }
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) {
    const std::size_t b = n * t / threads, e = n * (t + 1) / threads;
    pool.emplace_back([&fn, b, e, t] { fn(b, e, t); });
  }
  for (auto& th : pool) th.join();
}

}  // namespace

void list_and_staff(World& w, std::vector<RegionPopulation>& pops, ClinicPlan& plan,
                    const Settings& s, double scale, std::uint64_t seed, unsigned threads) {
  const std::size_t nc = plan.clinics.size();
  struct Ref {
    std::uint32_t region, h;
  };
  std::vector<Ref> hh;
  std::vector<float> members;  // group-1 members of each household
  for (std::uint32_t r = 0; r < pops.size(); ++r) {
    for (std::uint32_t h = 0; h < pops[r].households.size(); ++h) {
      const auto& x = pops[r].households[h];
      int g1 = 0;
      for (std::uint32_t i = x.first; i < x.first + x.size; ++i)
        g1 += pops[r].persons[i].group2 ? 0 : 1;
      hh.push_back({r, h});
      members.push_back(static_cast<float>(g1));
    }
  }
  const std::size_t nh = hh.size();
  const std::size_t k = std::min(kCandidates, nc);

  // 5. Listing: a doubly constrained gravity model. Each household weighs its k nearest clinics
  //    by exp(-d / 4 km); clinic factors are balanced until every clinic's expected list matches
  //    its planned size; then each household draws its clinic.
  std::vector<GeoPoint> sites;
  for (const auto& c : plan.clinics) sites.push_back(c.location);
  const PointIndex index(sites);
  std::vector<std::uint32_t> cand(nh * k);
  std::vector<float> weight(nh * k);
  parallel_for(nh, threads, [&](std::size_t b, std::size_t e, unsigned) {
    std::vector<Neighbor> out;
    for (std::size_t i = b; i < e; ++i) {
      const auto& x = pops[hh[i].region].households[hh[i].h];
      index.nearest(UnitVector::from(x.home), k, out);
      for (std::size_t j = 0; j < k; ++j) {
        const double d = out[j].km();
        cand[i * k + j] = out[j].id;
        weight[i * k + j] = static_cast<float>(
            std::exp(-d / kDecayKm) * (d > s.synthetic.max_listing_km ? kFarPenalty : 1.0));
      }
    }
  });
  // Balancing sums are taken over a fixed number of chunks and added in chunk order, so the
  // result is the same whatever the number of threads.
  std::vector<double> factor(nc, 1.0);
  const std::size_t chunks = kChunks;
  std::vector<std::vector<double>> load(chunks, std::vector<double>(nc));
  for (int round = 0; round < kBalancingRounds; ++round) {
    std::atomic<std::size_t> next{0};
    parallel_for(threads, threads, [&](std::size_t, std::size_t, unsigned) {
      for (std::size_t ch = next++; ch < chunks; ch = next++) {
        auto& l = load[ch];
        std::fill(l.begin(), l.end(), 0.0);
        const std::size_t b = nh * ch / chunks, e = nh * (ch + 1) / chunks;
        for (std::size_t i = b; i < e; ++i) {
          if (members[i] == 0) continue;
          double denom = 0;
          for (std::size_t j = 0; j < k; ++j) denom += factor[cand[i * k + j]] * weight[i * k + j];
          if (denom <= 0) continue;
          const double m = members[i] / denom;
          for (std::size_t j = 0; j < k; ++j)
            l[cand[i * k + j]] += m * factor[cand[i * k + j]] * weight[i * k + j];
        }
      }
    });
    double dev = 0, tot = 0;
    for (std::size_t c = 0; c < nc; ++c) {
      double total = 0;
      for (std::size_t ch = 0; ch < chunks; ++ch) total += load[ch][c];
      dev += std::abs(total - plan.target[c]);
      tot += plan.target[c];
      if (total > 0) factor[c] *= plan.target[c] / total;
    }
    if (round % 10 == 9)
      spdlog::debug("listing: balancing round {} expected deviation {:.4f}", round + 1, dev / tot);
  }
  std::vector<double> listed(nc, 0);
  for (std::size_t i = 0; i < nh; ++i) {
    if (members[i] == 0) continue;
    Rng rng(seed, 0x5EED0000ULL + i);
    double denom = 0;
    for (std::size_t j = 0; j < k; ++j) denom += factor[cand[i * k + j]] * weight[i * k + j];
    double u = rng.uniform() * denom;
    std::uint32_t pick = cand[i * k];
    for (std::size_t j = 0; j < k; ++j) {
      u -= factor[cand[i * k + j]] * weight[i * k + j];
      if (u < 0) {
        pick = cand[i * k + j];
        break;
      }
    }
    pops[hh[i].region].households[hh[i].h].clinic = pick;
    listed[pick] += members[i];
  }
  auto deviation = [&] {
    double dev = 0, tot = 0;
    for (std::size_t c = 0; c < nc; ++c) {
      dev += std::abs(listed[c] - plan.target[c]);
      tot += plan.target[c];
    }
    return dev / tot;
  };
  spdlog::debug("listing: deviation from plan after sampling {:.4f}", deviation());
  // Sampling and local shortages leave clinics a few per cent off their planned size. Excess
  // diffuses: a household moves to one of its own candidate clinics when that clinic, after the
  // move, is still relatively less full than the one it leaves (chains of moves carry excess to
  // where there is room, each household staying among its nearest clinics).
  {
    std::vector<std::uint32_t> order(nh);
    for (std::uint32_t i = 0; i < nh; ++i) order[i] = i;
    Rng shuffle_rng(seed, 0xBA1);
    shuffle(order.begin(), order.end(), shuffle_rng);
    for (int pass = 0; pass < kDiffusionPasses; ++pass) {
      for (auto i : order) {
        if (members[i] == 0) continue;
        auto& x = pops[hh[i].region].households[hh[i].h];
        const double m = members[i];
        const double here_after =
            (listed[x.clinic] - m - plan.target[x.clinic]) / plan.target[x.clinic];
        if (here_after < 0) continue;
        double best = here_after;
        std::int64_t to = -1;
        for (std::size_t j = 0; j < k; ++j) {
          const auto c = cand[i * k + j];
          if (c == x.clinic) continue;
          const double there_after = (listed[c] + m - plan.target[c]) / plan.target[c];
          if (there_after < best) {
            best = there_after;
            to = c;
          }
        }
        if (to < 0) continue;
        listed[x.clinic] -= m;
        x.clinic = static_cast<ClinicIndex>(to);
        listed[x.clinic] += m;
      }
      spdlog::debug("listing: deviation from plan after diffusion pass {} {:.4f}", pass + 1,
                    deviation());
    }
  }

  Rng rng(seed, 0xCA9);
  // 6. Capacities as planned, nudged so the national total is the geometric compromise between
  //    the capacity target and the patients-per-capacity target (both within a few per cent).
  double listed_total = 0;
  for (double l : listed) listed_total += l;
  const double cap_target = s.synthetic.capacities * scale;
  const long long capacities_total = std::max<long long>(
      static_cast<long long>(nc),
      std::llround(std::sqrt(cap_target * listed_total / s.synthetic.patients_per_capacity)));
  std::vector<int> caps = plan.capacities;
  long long sum = 0;
  for (int c : caps) sum += c;
  auto pick_weighted = [&](auto&& weight_of) -> std::int64_t {
    double total = 0;
    for (std::size_t c = 0; c < nc; ++c) total += weight_of(c);
    if (total <= 0) return -1;
    double u = rng.uniform() * total;
    for (std::size_t c = 0; c < nc; ++c) {
      u -= weight_of(c);
      if (u < 0) return static_cast<std::int64_t>(c);
    }
    return static_cast<std::int64_t>(nc - 1);
  };
  while (sum < capacities_total) {
    // The fullest clinics gain a capacity first.
    const auto c = pick_weighted([&](std::size_t i) {
      const double after = listed[i] / (caps[i] + 1);
      return after >= s.capacity.normtal ? after - s.capacity.normtal : 0.0;
    });
    if (c < 0) break;
    ++caps[static_cast<std::size_t>(c)];
    ++sum;
  }
  while (sum > capacities_total) {
    // The emptiest clinics with more than one capacity lose one first.
    const auto c = pick_weighted([&](std::size_t i) {
      if (caps[i] < 2) return 0.0;
      const double after = listed[i] / (caps[i] - 1);
      return after <= s.capacity.approval_required_above
                 ? s.capacity.approval_required_above - after
                 : 0.0;
    });
    if (c < 0) break;
    --caps[static_cast<std::size_t>(c)];
    --sum;
  }
  std::vector<int> unfilled(nc, 0);
  const auto unfilled_total =
      std::llround(s.synthetic.unfilled_capacity_share * static_cast<double>(sum));
  for (long long u = 0; u < unfilled_total; ++u) {
    const auto c = pick_weighted([&](std::size_t i) {
      const int spare = caps[i] - unfilled[i] - 1;  // keep one capacity filled
      return spare > 0 ? spare * (is_temporary(plan.clinics[i].form) ? 8.0 : 1.0) : 0.0;
    });
    if (c < 0) break;
    ++unfilled[static_cast<std::size_t>(c)];
  }
  for (std::size_t c = 0; c < nc; ++c) {
    plan.clinics[c].capacities = static_cast<std::uint16_t>(caps[c] - unfilled[c]);
    plan.clinics[c].unfilled_capacities = static_cast<std::uint16_t>(unfilled[c]);
  }

  // 7. List status following rule C1: at or below 1,600 per capacity a clinic may not close;
  //    above 2,700 it must be closed (no approvals exist in a fresh dataset); in between, the
  //    least loaded open until the national share of open clinics is reached.
  const auto& cap_rules = s.capacity;
  std::vector<std::pair<double, std::size_t>> middle;
  long long open = 0;
  for (std::size_t c = 0; c < nc; ++c) {
    const double ppc = listed[c] / plan.clinics[c].total_capacities();
    auto& clinic = plan.clinics[c];
    if (ppc <= cap_rules.may_close_above) {
      clinic.open = true;
      ++open;
    } else if (ppc > cap_rules.approval_required_above) {
      clinic.open = false;
    } else {
      clinic.open = false;
      middle.emplace_back(ppc * rng.lognormal(1.0, 0.1), c);
    }
  }
  std::sort(middle.begin(), middle.end());
  const long long open_target =
      std::llround(s.synthetic.open_clinic_share * static_cast<double>(nc));
  for (std::size_t i = 0; i < middle.size() && open < open_target; ++i, ++open) {
    plan.clinics[middle[i].second].open = true;
  }

  // 8. Doctors: one per filled capacity (owners; employed in temporary forms and for some
  //    capacities within the C4 limit), plus part-time partners and employed doctors up to the
  //    national count; exactly the target share aged 60+.
  const int ref_year = s.dataset.reference_date.year();
  long long filled_total = 0;
  for (const auto& c : plan.clinics) filled_total += c.capacities;
  const long long doctors_total =
      std::max<long long>(filled_total, std::llround(s.synthetic.doctors * scale));
  std::vector<Doctor> doctors;
  std::vector<int> employed_at(nc, 0);
  for (std::size_t c = 0; c < nc; ++c) {
    const auto& clinic = plan.clinics[c];
    int& employed = employed_at[c];
    const int employed_cap =
        employed_doctor_limit(clinic.total_capacities(), cap_rules.max_employed_share);
    for (int d = 0; d < clinic.capacities; ++d) {
      Doctor doc;
      doc.ydernummer = clinic.ydernummer;
      if (is_temporary(clinic.form)) {
        doc.role = DoctorRole::employed;
      } else if (d > 0 && employed < employed_cap && rng.chance(0.10)) {
        doc.role = DoctorRole::employed;
        ++employed;
      } else {
        doc.role = DoctorRole::owner;
      }
      doctors.push_back(doc);
    }
  }
  while (static_cast<long long>(doctors.size()) < doctors_total) {
    const auto c = pick_weighted([&](std::size_t i) {
      return is_temporary(plan.clinics[i].form) || plan.clinics[i].total_capacities() < 2
                 ? 0.0
                 : static_cast<double>(plan.clinics[i].total_capacities());
    });
    if (c < 0) break;
    const auto& clinic = plan.clinics[static_cast<std::size_t>(c)];
    Doctor doc;
    doc.ydernummer = clinic.ydernummer;
    doc.role = rng.chance(0.65) ? DoctorRole::owner : DoctorRole::employed;
    // Rule C4: an employed doctor beyond half the capacities joins as a partner instead.
    auto& employed = employed_at[static_cast<std::size_t>(c)];
    if (doc.role == DoctorRole::employed &&
        employed >= employed_doctor_limit(clinic.total_capacities(), cap_rules.max_employed_share))
      doc.role = DoctorRole::owner;
    employed += doc.role == DoctorRole::employed;
    doctors.push_back(doc);
  }
  std::vector<std::size_t> order(doctors.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  shuffle(order.begin(), order.end(), rng);
  const auto seniors = static_cast<std::size_t>(
      std::llround(s.synthetic.senior_doctor_share * static_cast<double>(doctors.size())));
  const int senior_age = s.survey.senior_doctor_age;
  std::set<DoctorId> ids;
  std::vector<std::uint16_t> established_year(1'000'000, 0);
  for (const auto& c : plan.clinics)
    established_year[c.ydernummer] = static_cast<std::uint16_t>(c.established.year());
  for (std::size_t n = 0; n < order.size(); ++n) {
    auto& d = doctors[order[n]];
    const int age = n < seniors
                        ? senior_age + static_cast<int>(std::pow(rng.uniform(), 1.6) * 13)
                        : 33 + static_cast<int>(std::sqrt(rng.uniform()) * (senior_age - 33));
    d.birth_year = static_cast<std::uint16_t>(ref_year - age);
    const int opened = established_year[d.ydernummer];
    const int start = d.role == DoctorRole::owner
                          ? d.birth_year + 33 + static_cast<int>(rng.below(11))
                          : ref_year - static_cast<int>(rng.below(9));
    d.since_year = static_cast<std::uint16_t>(
        std::clamp(std::max(start, opened), d.birth_year + 30, ref_year));
    do d.id = static_cast<DoctorId>(100000 + rng.below(900000));
    while (!ids.insert(d.id).second);
  }
  w.doctors = std::move(doctors);

  // Home-visit right (rule L3): kept when the clinic is within 15 km, or when fewer than two
  // clinics were open within 15 km of home.
  std::vector<GeoPoint> open_sites;
  std::vector<std::uint32_t> open_ids;
  for (std::size_t c = 0; c < nc; ++c) {
    if (plan.clinics[c].open) {
      open_sites.push_back(plan.clinics[c].location);
      open_ids.push_back(static_cast<std::uint32_t>(c));
    }
  }
  const PointIndex open_index(open_sites, open_ids);
  const double radius = s.listing.home_visit_radius_km;
  const double threshold = GreatCircle::within_threshold(radius);
  std::vector<Neighbor> near;
  for (std::size_t i = 0; i < nh; ++i) {
    auto& x = pops[hh[i].region].households[hh[i].h];
    if (x.clinic == kNoClinic) continue;
    const UnitVector home = UnitVector::from(x.home);
    if (chord2(home, UnitVector::from(plan.clinics[x.clinic].location)) <= threshold) continue;
    open_index.within(home, s.listing.choice_radius_km, near);
    x.home_visit = static_cast<int>(near.size()) < s.listing.min_open_choices;
  }
}

}  // namespace praksis::synth
