// Synthetic claims for the synthetic Denmark: each citizen's contacts from the S2 model.
#pragma once

#include <cstdint>
#include <string>

#include "praksis/economy/claims.hpp"
#include "praksis/economy/tariff.hpp"
#include "praksis/model/world.hpp"
#include "praksis/settings/demand_settings.hpp"

namespace praksis {

/// Assumptions of the synthetic claim generator (not rulebook numbers: how a synthetic year of
/// claims is drawn). docs/economy.md states and justifies each; the tariff table's fees are
/// calibrated against the national totals these produce.
struct ClaimMix {
  // Which code each kind of line uses (must exist in the tariff table).
  struct Codes {
    std::string consultation = "0101", video = "0105", email = "0120", phone = "0201";
    std::string annual_control = "0125", child_exam = "0501", talk_therapy = "0401";
    std::string home_zone1 = "0301", home_zone2 = "0302", home_zone3 = "0303";
    std::string blood = "2101", urine = "2105", ecg = "2110", spirometry = "2115", swab = "2120";
    std::string minor_surgery = "2130", influenza = "8101", local_agreement = "8201";
  } codes;

  // Contacts of a citizen ~ Poisson(S2 expected contacts x clinic style x frailty): frailty is
  // Gamma with mean 1 and this shape (0: none), so some citizens have no contact in a year
  // (DOMAIN.md: ~5.1 M of 5.9 M are in contact); the clinic style is lognormal with mean 1 and
  // this standard deviation of its log (how much a clinic's activity per patient differs).
  double contact_shape = 1.1, clinic_style_sd = 0.12;
  // Ordinary contacts split by channel (the rest are consultations in the clinic).
  double video_share = 0.03, email_share = 0.24, phone_share = 0.25;
  // A contact is a home visit (sygebesøg) with this probability, by age.
  double home_visit_80_plus = 0.060, home_visit_65_79 = 0.010, home_visit_other = 0.0015;
  double home_zone1_km = 4.0, home_zone2_km = 16.0;  // zone limits (A3: 95 % within 16 km)
  // A contact of an adult 18-74 is talk therapy with this probability (higher outside work).
  double talk_therapy_share = 0.012, talk_therapy_share_outside_work = 0.05;
  // Chronic patients have an annual control with this probability.
  double annual_control = 0.90;
  // Preventive child examinations by age 0-5 (7 in all: 3 in the first year, then 1 at 1, 2, 4, 5).
  int child_exams_by_age[6] = {3, 1, 1, 0, 1, 1};
  // Additional services per clinic consultation, video or home visit.
  double blood_sample = 0.20, blood_sample_chronic_or_65 = 0.45;
  double urine = 0.10, ecg = 0.015, ecg_65_plus = 0.06, spirometry_copd = 0.20;
  double swab = 0.05, swab_child = 0.12, minor_surgery = 0.012;
  // Yearly: influenza vaccination of those aged 65+ or chronically ill; a locally agreed service.
  double influenza_65_or_chronic = 0.70, local_agreement = 0.12;
  // Share of contacts at another clinic of the same kommune (gæstekonsultation).
  double guest_share = 0.01;
};

struct ClaimGenerationStats {
  std::int64_t citizens_with_contacts = 0;
  std::int64_t contacts = 0;
  std::int64_t lines = 0;
};

/// Draws a year of claims for every listed citizen: contacts ~ Poisson(expected contacts of the
/// S2 model, varied by clinic and citizen as ClaimMix says), each with a channel, date (a weekday
/// of `year`) and additional services by the mix. Deterministic for (`seed`, `year`, world): each
/// citizen draws from its own stream, so the result does not depend on thread count or platform.
/// Lines are ordered by clinic; claim ids are year x 10^9 + 1, 2, ... `service` in the result
/// indexes `tariffs`.
ClaimColumns generate_claims(const World& world, const DemandSettings& demand,
                             const TariffTable& tariffs, int year, std::uint64_t seed,
                             const ClaimMix& mix = {}, ClaimGenerationStats* stats = nullptr,
                             unsigned threads = 0);

}  // namespace praksis
