// JSON of the web map (docs/web.md): geometry (land, kommune and region areas) and the figures
// per kommune (survey S1-S6 with their parts, designation D1-D3), clinics and what-if answers.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "praksis/app/coverage_service.hpp"
#include "praksis/geo/land.hpp"
#include "praksis/server/kommune_areas.hpp"

namespace praksis::server {

/// {"land","kommuner","regions"}: three GeoJSON FeatureCollections of MultiPolygons.
std::string map_geometry_json(const World& world, const LandOutline& land,
                              const KommuneAreas& areas);

/// {"kommuner": [{code, name, region, label:[lat,lon], figures, designation}], "regions",
/// "nation", "clinics": [{ydernummer, name, kommune, lat, lon, open}]}; `figures` are the areas'
/// figures in the survey's JSON form (survey_area_json, as `praksis survey --format json`).
nlohmann::ordered_json map_figures_json(const World& world, const Survey& survey,
                                        const Designation& d, const std::vector<bool>& clinic_open);

}  // namespace praksis::server
