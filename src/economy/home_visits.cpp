// Home visits from claims (rule A3): visits, patients, citizens of the age with a visit, the fee
// zone, per region and nation.
#include "praksis/economy/home_visits.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "praksis/core/parse.hpp"
#include "praksis/economy/claim_codec.hpp"
#include "praksis/geo/geo_point.hpp"

namespace praksis {

namespace {

/// Visits are added chunk by chunk (a national year is ~40 M lines); citizens once at the end.
class Tally {
 public:
  Tally(const World& w, const std::vector<bool>& home_visit_service,
        const ServiceSettings& settings, int year)
      : w_(w),
        home_(home_visit_service),
        settings_(settings),
        year_(year),
        out_(1 + w.regions.size()),
        visited_(w.citizens.size(), 0) {
    out_[0].name = text("common.nation", Lang::da);
    for (std::size_t r = 0; r < w.regions.size(); ++r) {
      out_[1 + r].code = w.regions[r].code;
      out_[1 + r].name = w.regions[r].name;
    }
  }

  void add(const ClaimColumns& c) {
    const auto& ct = w_.citizens;
    for (std::size_t k = 0; k < c.size(); ++k) {
      const auto s = c.service[k];
      if (s >= home_.size() || !home_[s]) continue;
      const CitizenIndex i = c.citizen[k];
      if (i >= ct.size() || c.clinic[k] >= w_.clinics.size()) continue;
      // The fee zone is measured from the clinic to the patient's home (rule A3).
      const double km = GreatCircle::distance_km(w_.clinics[c.clinic[k]].location, ct.home[i]);
      const bool in_zone = km <= settings_.home_visit_fee_zone_km;
      for (HomeVisitArea* a : {&out_[0], area_of(i)}) {
        if (!a) continue;
        a->visits += c.quantity[k];
        a->within_zone += in_zone ? c.quantity[k] : 0;
      }
      visited_[i] = 1;
    }
  }

  std::vector<HomeVisitArea> finish() {
    const auto& ct = w_.citizens;
    for (std::size_t i = 0; i < ct.size(); ++i) {
      const bool aged = year_ - ct.birth_year[i] >= settings_.home_visit_age;
      for (HomeVisitArea* a : {&out_[0], area_of(static_cast<CitizenIndex>(i))}) {
        if (!a) continue;
        a->patients += visited_[i];
        a->aged_citizens += aged;
        a->aged_visited += aged && visited_[i];
      }
    }
    return std::move(out_);
  }

 private:
  HomeVisitArea* area_of(CitizenIndex i) {
    const int r = w_.region_index(w_.region_of(w_.citizens.kommune[i]));
    return r < 0 ? nullptr : &out_[1 + static_cast<std::size_t>(r)];
  }
  const World& w_;
  const std::vector<bool>& home_;
  const ServiceSettings& settings_;
  int year_;
  std::vector<HomeVisitArea> out_;
  std::vector<std::uint8_t> visited_;
};

}  // namespace

std::vector<HomeVisitArea> home_visit_figures(const World& w, std::span<const ClaimColumns> claims,
                                              const std::vector<bool>& home_visit_service,
                                              const ServiceSettings& settings, int year) {
  Tally t(w, home_visit_service, settings, year);
  for (const ClaimColumns& c : claims) t.add(c);
  return t.finish();
}

std::vector<HomeVisitArea> stored_home_visit_figures(EconomyRepository& repo, const World& world,
                                                     const ServiceSettings& settings, int year) {
  const auto codes = repo.service_codes();
  std::vector<bool> home(codes.size(), false);
  for (std::size_t s = 0; s < codes.size(); ++s) {
    const auto n = parse_int<int>(codes[s]);
    home[s] = n && std::find(settings.home_visit_codes.begin(), settings.home_visit_codes.end(),
                             *n) != settings.home_visit_codes.end();
  }
  Tally t(world, home, settings, year);
  ClaimColumns cols;
  repo.for_each_claim_chunk(year, [&](std::string_view chunk) {
    claim_codec::decode(chunk, cols);
    t.add(cols);
  });
  return t.finish();
}

std::vector<ReportTable> home_visit_tables(const std::vector<HomeVisitArea>& areas,
                                           const ServiceSettings& settings, int year, Lang lang) {
  auto share = [](std::int64_t n, std::int64_t d) {
    return d > 0 ? Rate::from_double(static_cast<double>(n) / static_cast<double>(d)) : Rate{};
  };
  ReportTable t;
  t.name = "home_visits";
  t.title = textf("service.a3.title", lang, year);
  const auto label = [lang](std::string_view name) {
    return std::string(text("economy.col." + std::string(name), lang));
  };
  const int age = settings.home_visit_age;
  t.column("code", CellKind::code, label("code"))
      .column("area", CellKind::text, label("area"))
      .column("home_visits", CellKind::integer, label("home_visits"))
      .column("patients_visited", CellKind::integer, label("patients_visited"))
      .column(fmt::format("citizens_{}_plus", age), CellKind::integer,
              textf("economy.col.citizens_age_plus", lang, age))
      .column(fmt::format("visited_{}_plus", age), CellKind::integer,
              textf("economy.col.visited_age_plus", lang, age))
      .column(fmt::format("share_{}_plus_visited", age), CellKind::share,
              textf("economy.col.share_age_plus_visited", lang, age))
      .column("reference_share_visited", CellKind::share, label("reference_share_visited"))
      .column("within_fee_zone", CellKind::integer, label("within_fee_zone"))
      .column("share_within_fee_zone", CellKind::share, label("share_within_fee_zone"))
      .column("reference_share_within_fee_zone", CellKind::share,
              label("reference_share_within_fee_zone"));
  for (const HomeVisitArea& a : areas) {
    auto& r = t.row();
    r = {std::int64_t{a.code},
         a.code == 0 ? std::string(text("common.nation", lang)) : a.name,
         a.visits,
         a.patients,
         a.aged_citizens,
         a.aged_visited,
         share(a.aged_visited, a.aged_citizens),
         Rate::from_double(settings.reference_home_visit_share),
         a.within_zone,
         share(a.within_zone, a.visits),
         Rate::from_double(settings.reference_within_fee_zone_share)};
  }
  return {t};
}

}  // namespace praksis
