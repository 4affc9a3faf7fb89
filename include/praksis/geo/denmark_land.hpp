// What the reference data says about whether a point can be a Danish home: foreign land inside
// Denmark's bounding box (data/dk_foreign_land.csv) and how far the point is from the towns of a
// kommune (data/dk_towns.csv). There is no land polygon yet: sea points pass, see docs/listing.md.
#pragma once

#include <optional>
#include <string_view>

#include "praksis/geo/geo_point.hpp"
#include "praksis/model/codes.hpp"

namespace praksis {

/// The neighbouring country whose land (as drawn, with sea midlines, in dk_foreign_land.csv)
/// contains `p` (e.g. "Sverige" for Malmö), or an empty view when none does.
std::string_view foreign_land_at(GeoPoint p);

/// Great-circle km from `p` to the nearest town of `kommune` in dk_towns.csv; nullopt when the data
/// has no town of that kommune.
std::optional<double> km_to_kommune_town(KommuneCode kommune, GeoPoint p);

}  // namespace praksis
