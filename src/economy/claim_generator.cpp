// Drawing a synthetic year of claims from the S2 contact model.
#include "praksis/economy/claim_generator.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <thread>

#include "praksis/core/date.hpp"
#include "praksis/core/error.hpp"
#include "praksis/demand/demand_model.hpp"
#include "praksis/economy/distributions.hpp"

namespace praksis {

namespace {

struct Codes {
  std::uint16_t consultation, video, email, phone, annual_control, child_exam, talk_therapy;
  std::uint16_t home[3], blood, urine, ecg, spirometry, swab, minor_surgery, influenza, local;
};

std::uint16_t code_of(const TariffTable& t, const std::string& code) {
  const auto i = t.find(code);
  if (!i || t[*i].kind == ServiceKind::basic) {
    throw InputError(InputLocation{t.source(), 0, 0, "code"},
                     message("input.generate.claim_code", code));
  }
  return static_cast<std::uint16_t>(*i);
}

/// Distance in km by the equirectangular approximation at 56° N (under 3 % off inside Denmark);
/// no library trigonometry, so zones are the same on every platform.
double approx_km(GeoPoint a, GeoPoint b) {
  const double dy = (a.lat_e5 - b.lat_e5) * 1e-5 * 111.2;
  const double dx = (a.lon_e5 - b.lon_e5) * 1e-5 * 111.2 * 0.5592;
  const double d2 = dx * dx + dy * dy;
  // Newton's method for the square root, from basic arithmetic.
  if (d2 <= 0) return 0;
  double r = d2 > 1 ? d2 : 1;
  for (int i = 0; i < 60; ++i) {
    const double next = 0.5 * (r + d2 / r);
    if (next == r) break;
    r = next;
  }
  return r;
}

struct Line {
  ClinicIndex clinic;
  CitizenIndex citizen;
  std::int32_t day;
  std::uint16_t service;
};

}  // namespace

ClaimColumns generate_claims(const World& world, const DemandSettings& demand,
                             const TariffTable& tariffs, int year, std::uint64_t seed,
                             const ClaimMix& mix, ClaimGenerationStats* stats, unsigned threads) {
  const Codes code{code_of(tariffs, mix.codes.consultation),
                   code_of(tariffs, mix.codes.video),
                   code_of(tariffs, mix.codes.email),
                   code_of(tariffs, mix.codes.phone),
                   code_of(tariffs, mix.codes.annual_control),
                   code_of(tariffs, mix.codes.child_exam),
                   code_of(tariffs, mix.codes.talk_therapy),
                   {code_of(tariffs, mix.codes.home_zone1), code_of(tariffs, mix.codes.home_zone2),
                    code_of(tariffs, mix.codes.home_zone3)},
                   code_of(tariffs, mix.codes.blood),
                   code_of(tariffs, mix.codes.urine),
                   code_of(tariffs, mix.codes.ecg),
                   code_of(tariffs, mix.codes.spirometry),
                   code_of(tariffs, mix.codes.swab),
                   code_of(tariffs, mix.codes.minor_surgery),
                   code_of(tariffs, mix.codes.influenza),
                   code_of(tariffs, mix.codes.local_agreement)};
  const DemandModel model(demand, year);
  const auto& ct = world.citizens;

  // Weekdays of the year, and those of the influenza season (October-December).
  std::vector<std::int32_t> weekdays, flu_days;
  const std::int32_t first = Date::from_ymd(year, 1, 1).days();
  const std::int32_t last = Date::from_ymd(year, 12, 31).days();
  const std::int32_t october = Date::from_ymd(year, 10, 1).days();
  for (std::int32_t d = first; d <= last; ++d) {
    const int weekday = ((d + 3) % 7 + 7) % 7;  // 1970-01-01 was a Thursday; 0 = Monday
    if (weekday >= 5) continue;
    weekdays.push_back(d);
    if (d >= october) flu_days.push_back(d);
  }
  // Other clinics of each kommune, for guest contacts.
  std::vector<std::vector<ClinicIndex>> clinics_of_kommune(1000);
  for (std::size_t c = 0; c < world.clinics.size(); ++c) {
    clinics_of_kommune[world.clinics[c].kommune % 1000].push_back(static_cast<ClinicIndex>(c));
  }

  // Each clinic's billing style: a lasting factor on its patients' contacts (mean 1).
  std::vector<double> style(world.clinics.size(), 1.0);
  for (std::size_t c = 0; c < world.clinics.size(); ++c) {
    if (mix.clinic_style_sd <= 0) break;
    Rng crng(seed, 0xC1'1A1C'0000ULL ^ world.clinics[c].ydernummer);
    const double x =
        mix.clinic_style_sd * draw_normal(crng) - 0.5 * mix.clinic_style_sd * mix.clinic_style_sd;
    style[c] = x <= 0 ? exp_nonpositive(x) : 1.0 / exp_nonpositive(-x);
  }

  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  const std::size_t parts = std::max<std::size_t>(1, threads);
  std::vector<std::vector<Line>> out(parts);
  std::vector<ClaimGenerationStats> part_stats(parts);
  auto work = [&](std::size_t part) {
    const std::size_t begin = ct.size() * part / parts, end = ct.size() * (part + 1) / parts;
    auto& lines = out[part];
    auto& st = part_stats[part];
    lines.reserve((end - begin) * 10);
    for (std::size_t i = begin; i < end; ++i) {
      const ClinicIndex own = ct.listing[i];
      if (own == kNoClinic) continue;
      Rng rng(seed, mix64(static_cast<std::uint64_t>(year)) ^ ct.id[i]);
      const auto z = static_cast<CitizenIndex>(i);
      const int age = year - ct.birth_year[i];
      const bool chronic = (ct.conditions[i] & (kType2Diabetes | kCopd)) != 0;
      const bool copd = (ct.conditions[i] & kCopd) != 0;
      const bool outside_work = ct.labour[i] == LabourStatus::unemployed ||
                                ct.labour[i] == LabourStatus::disability_pension ||
                                ct.labour[i] == LabourStatus::other;
      auto day = [&] { return weekdays[rng.below(weekdays.size())]; };
      auto add = [&](ClinicIndex c, std::int32_t d, std::uint16_t s) {
        lines.push_back({c, z, d, s});
      };
      auto additional = [&](ClinicIndex c, std::int32_t d) {
        if (rng.chance(chronic || age >= 65 ? mix.blood_sample_chronic_or_65 : mix.blood_sample))
          add(c, d, code.blood);
        if (rng.chance(mix.urine)) add(c, d, code.urine);
        if (rng.chance(age >= 65 ? mix.ecg_65_plus : mix.ecg)) add(c, d, code.ecg);
        if (copd && rng.chance(mix.spirometry_copd)) add(c, d, code.spirometry);
        if (rng.chance(age < 15 ? mix.swab_child : mix.swab)) add(c, d, code.swab);
        if (rng.chance(mix.minor_surgery)) add(c, d, code.minor_surgery);
      };

      double mean = model.expected_contacts(ct, z) * style[own];
      if (mix.contact_shape > 0) mean *= draw_gamma_mean1(rng, mix.contact_shape);
      const int drawn = draw_poisson(rng, mean);
      const int exams = age >= 0 && age <= 5 ? mix.child_exams_by_age[age] : 0;
      const int control = chronic && rng.chance(mix.annual_control) ? 1 : 0;
      const int ordinary = std::max(0, drawn - exams - control);
      const double home_p = age >= 80   ? mix.home_visit_80_plus
                            : age >= 65 ? mix.home_visit_65_79
                                        : mix.home_visit_other;
      const double talk_p =
          age >= 18 && age <= 74
              ? (outside_work ? mix.talk_therapy_share_outside_work : mix.talk_therapy_share)
              : 0.0;
      for (int k = 0; k < exams; ++k) add(own, day(), code.child_exam);
      if (control) {
        const auto d = day();
        add(own, d, code.annual_control);
        additional(own, d);
      }
      for (int k = 0; k < ordinary; ++k) {
        ClinicIndex c = own;
        if (rng.chance(mix.guest_share)) {
          const auto& others = clinics_of_kommune[world.clinics[own].kommune % 1000];
          if (others.size() > 1) {
            const ClinicIndex g = others[rng.below(others.size())];
            if (g != own) c = g;
          }
        }
        const auto d = day();
        if (rng.chance(home_p)) {
          const double km = approx_km(ct.home[i], world.clinics[c].location);
          add(c, d, code.home[km < mix.home_zone1_km ? 0 : km < mix.home_zone2_km ? 1 : 2]);
          additional(c, d);
        } else if (rng.chance(talk_p)) {
          add(c, d, code.talk_therapy);
        } else {
          const double u = rng.uniform();
          if (u < mix.email_share) {
            add(c, d, code.email);
          } else if (u < mix.email_share + mix.phone_share) {
            add(c, d, code.phone);
          } else if (u < mix.email_share + mix.phone_share + mix.video_share) {
            add(c, d, code.video);
            additional(c, d);
          } else {
            add(c, d, code.consultation);
            additional(c, d);
          }
        }
      }
      const int contacts = exams + control + ordinary;
      if ((age >= 65 || chronic) && rng.chance(mix.influenza_65_or_chronic) && !flu_days.empty()) {
        add(own, flu_days[rng.below(flu_days.size())], code.influenza);
      }
      if (rng.chance(mix.local_agreement)) add(own, day(), code.local);
      st.contacts += contacts;
      st.citizens_with_contacts += contacts > 0;
    }
  };
  std::vector<std::thread> pool;
  for (std::size_t p = 1; p < parts; ++p) pool.emplace_back(work, p);
  work(0);
  for (auto& t : pool) t.join();

  // Stable counting sort by clinic: lines of a clinic stay in citizen order.
  std::vector<std::size_t> count(world.clinics.size() + 1, 0);
  std::size_t total = 0;
  for (const auto& part : out) {
    for (const auto& l : part) ++count[l.clinic + 1];
    total += part.size();
  }
  for (std::size_t c = 1; c < count.size(); ++c) count[c] += count[c - 1];
  ClaimColumns claims;
  claims.resize(total);
  for (auto& part : out) {
    for (const auto& l : part) {
      const std::size_t at = count[l.clinic]++;
      claims.clinic[at] = l.clinic;
      claims.citizen[at] = l.citizen;
      claims.day[at] = l.day;
      claims.service[at] = l.service;
    }
    std::vector<Line>().swap(part);
  }
  const std::uint64_t base = static_cast<std::uint64_t>(year) * 1'000'000'000ULL;
  for (std::size_t i = 0; i < total; ++i) {
    claims.id[i] = base + i + 1;
    claims.quantity[i] = 1;
  }
  if (stats) {
    *stats = {};
    for (const auto& s : part_stats) {
      stats->contacts += s.contacts;
      stats->citizens_with_contacts += s.citizens_with_contacts;
    }
    stats->lines = static_cast<std::int64_t>(total);
  }
  return claims;
}

}  // namespace praksis
