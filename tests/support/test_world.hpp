// Small hand-made worlds for tests: clinics and citizens placed at known distances.
#pragma once

#include <filesystem>
#include <string>

#include "praksis/model/world.hpp"
#include "praksis/settings/settings.hpp"

namespace praksis::testing {

/// Copenhagen City Hall Square, the origin of most test worlds.
inline constexpr GeoPoint kOrigin{5567594, 1256918};

/// The point `north_km` north and `east_km` east of `from` (great-circle, exact to ~1 m).
GeoPoint offset_km(GeoPoint from, double north_km, double east_km);
/// The point at `km` from `from` along `bearing_deg`, with full double precision kept by
/// searching the 1e-5 degree grid for the point whose distance is closest to `km`.
GeoPoint at_distance(GeoPoint from, double bearing_deg, double km);

/// Builds a valid world step by step. Starts with regions 1084 and 1085 and kommuner 101
/// København, 147 Frederiksberg, 259 Køge (1085).
class WorldBuilder {
 public:
  WorldBuilder();
  WorldBuilder& kommune(KommuneCode code, std::string name, RegionCode region);
  ClinicIndex clinic(Ydernummer y, GeoPoint where, unsigned capacities = 1, bool open = true,
                     PracticeForm form = PracticeForm::kompagniskab, KommuneCode kommune = 101);
  /// A citizen with id `id` (household = id unless given) born in `birth_year`.
  CitizenIndex citizen(CitizenId id, GeoPoint home, ClinicIndex listing = kNoClinic,
                       int birth_year = 1980, KommuneCode kommune = 101);
  Citizen& last_citizen() { return pending_.back(); }
  Doctor& doctor(DoctorId id, Ydernummer y, int birth_year = 1970,
                 DoctorRole role = DoctorRole::owner);
  World build() const;

 private:
  World w_;
  std::vector<Citizen> pending_;
};

/// A fresh empty directory under the test temp dir, removed at exit of the process.
std::filesystem::path temp_dir(const std::string& name);

}  // namespace praksis::testing
