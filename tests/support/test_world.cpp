// Small hand-made worlds for tests.
#include "support/test_world.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>

namespace praksis::testing {

GeoPoint offset_km(GeoPoint from, double north_km, double east_km) {
  GeoPoint p = from;
  if (north_km != 0) p = GreatCircle::destination(p, north_km > 0 ? 0 : 180, std::abs(north_km));
  if (east_km != 0) p = GreatCircle::destination(p, east_km > 0 ? 90 : 270, std::abs(east_km));
  return p;
}

GeoPoint at_distance(GeoPoint from, double bearing_deg, double km) {
  const GeoPoint guess = GreatCircle::destination(from, bearing_deg, km);
  GeoPoint best = guess;
  double best_err = std::abs(GreatCircle::distance_km(from, guess) - km);
  for (int dl = -3; dl <= 3; ++dl) {
    for (int dn = -3; dn <= 3; ++dn) {
      const GeoPoint p{guess.lat_e5 + dl, guess.lon_e5 + dn};
      const double err = std::abs(GreatCircle::distance_km(from, p) - km);
      if (err < best_err) {
        best = p;
        best_err = err;
      }
    }
  }
  return best;
}

WorldBuilder::WorldBuilder() {
  w_.regions = {{1084, "Region Hovedstaden"}, {1085, "Region Sjælland"}};
  w_.kommuner = {{101, "København", 1084}, {147, "Frederiksberg", 1084}, {259, "Køge", 1085}};
}

WorldBuilder& WorldBuilder::kommune(KommuneCode code, std::string name, RegionCode region) {
  w_.kommuner.push_back({code, std::move(name), region});
  return *this;
}

ClinicIndex WorldBuilder::clinic(Ydernummer y, GeoPoint where, unsigned capacities, bool open,
                                 PracticeForm form, KommuneCode kommune) {
  Clinic c;
  c.ydernummer = y;
  c.name = "Lægehuset " + std::to_string(y);
  c.form = form;
  c.kommune = kommune;
  c.location = where;
  c.open = open;
  c.established = Date::from_ymd(2000, 1, 1);
  c.capacities = static_cast<std::uint16_t>(capacities);
  w_.clinics.push_back(c);
  return static_cast<ClinicIndex>(w_.clinics.size() - 1);
}

CitizenIndex WorldBuilder::citizen(CitizenId id, GeoPoint home, ClinicIndex listing, int birth_year,
                                   KommuneCode kommune) {
  Citizen c;
  c.id = id;
  c.household = id;
  c.birth_year = static_cast<std::uint16_t>(birth_year);
  c.home = home;
  c.kommune = kommune;
  c.listing = listing;
  c.labour = LabourStatus::employed;
  pending_.push_back(c);
  return static_cast<CitizenIndex>(pending_.size() - 1);
}

Doctor& WorldBuilder::doctor(DoctorId id, Ydernummer y, int birth_year, DoctorRole role) {
  w_.doctors.push_back(Doctor{id, y, static_cast<std::uint16_t>(birth_year), role,
                              static_cast<std::uint16_t>(birth_year + 35)});
  return w_.doctors.back();
}

World WorldBuilder::build() const {
  World w = w_;
  for (const auto& c : pending_) w.citizens.push_back(c);
  w.build_indexes();
  return w;
}

std::filesystem::path temp_dir(const std::string& name) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string base = "praksis-test-" + std::to_string(::getpid());
  if (info) base += std::string("-") + info->test_suite_name() + "-" + info->name();
  auto dir = std::filesystem::temp_directory_path() / base / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace praksis::testing
