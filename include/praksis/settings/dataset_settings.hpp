// Settings about the data itself: reference date and the plausible geography.
#pragma once

#include "praksis/core/date.hpp"
#include "praksis/settings/settings_visitor.hpp"

namespace praksis {

struct DatasetSettings {
  Date reference_date = Date::from_ymd(2023, 1, 1);
  // Denmark including Bornholm and Christiansø, with a small margin.
  double min_lat = 54.50;
  double max_lat = 57.80;
  double min_lon = 8.00;
  double max_lon = 15.25;
  // A stated kommune is plausible for a home within this distance of one of its towns in
  // data/dk_towns.csv (Anholt lies 52 km from Grenaa, the nearest listed town of Norddjurs).
  double max_km_from_kommune_town = 55.0;
  // data/dk_land.csv is a generalised coastline: København's town point lies 0.17 km off it.
  double coast_tolerance_km = 0.25;

  template <class V>
  void visit(V& v) {
    v("reference_date", reference_date,
      {"",
       "date the dataset describes; import, survey and settlement take ages on it, while a "
       "GP choice decision takes ages on its notification date (rules L1, L6)"});
    v("min_lat", min_lat,
      {"", "southernmost accepted latitude (Denmark's bounding box)", {-90, 90}});
    v("max_lat", max_lat, {"", "northernmost accepted latitude", {-90, 90}});
    v("min_lon", min_lon, {"", "westernmost accepted longitude", {-180, 180}});
    v("max_lon", max_lon, {"", "easternmost accepted longitude", {-180, 180}});
    v("max_km_from_kommune_town", max_km_from_kommune_town,
      {"", "a move's home must lie within this many km of a town of its stated kommune", {1, 500}});
    v("coast_tolerance_km", coast_tolerance_km,
      {"",
       "a home or clinic farther than this from Denmark's land outline (data/dk_land.csv) is "
       "refused as in the sea or abroad",
       {0, 50}});
  }
};

}  // namespace praksis
