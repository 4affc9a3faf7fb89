// A region's extract (`praksis extract`): the part of a world one region's survey needs, in the
// interchange format, with a small manifest (extract.csv) of the national facts (docs/extract.md).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "praksis/model/area_scope.hpp"
#include "praksis/model/world.hpp"
#include "praksis/settings/settings.hpp"

namespace praksis {

/// The manifest's file name: a dataset directory holding it is an extract.
inline constexpr std::string_view kExtractManifestFile = "extract.csv";

/// The manifest as CSV text (header `key,value`), canonical: it round-trips byte for byte.
std::string extract_manifest_text(const ExtractInfo& info);
/// Parses a manifest; InputError naming `source`:line:column for a bad row.
ExtractInfo parse_extract_manifest(std::string_view text, const std::string& source);

struct ExtractParameters {
  AreaScope scope;  // the regions and kommuner cut (not the whole world)
  // Outside clinics are kept when within (the farther of the S4 radius, the S6 catchment and the
  // resident's own second-nearest open choice) + margin_km of a resident's home.
  double margin_km = 5.0;
};

struct ExtractResult {
  World world;                      // the extract, with world.extract set
  std::size_t scope_clinics = 0;    // clinics in the areas cut
  std::size_t outside_clinics = 0;  // clinics outside the areas kept for the survey
  std::size_t listed_outside = 0;   // residents listed with a clinic not kept
};

/// Cuts `national` to `p.scope`: the areas' residents (whole households: a household shares an
/// address and so a kommune), clinics, their doctors and service data, nursing homes, the outside
/// clinics a resident can reach (see ExtractParameters) or whose doctor is attached to one of the
/// areas' nursing homes, and every region and kommune (the outside clinics' areas). Residents
/// listed with any other clinic are "listed outside the extract". InputError when the scope is
/// the whole world or `national` is itself an extract.
ExtractResult extract_world(const World& national, const Settings& settings,
                            const ExtractParameters& p);

}  // namespace praksis
