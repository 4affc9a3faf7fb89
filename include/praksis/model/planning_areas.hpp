// Planning areas (planlægningsområder, DOMAIN.md): kommuner or groups of them, or districts of a
// split kommune. The survey (S1-S6) and the designation (D1-D3) are per planning area; the default
// is one area per kommune. The definition file is described in docs/planning_areas.md.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "praksis/core/error.hpp"
#include "praksis/geo/geo_point.hpp"
#include "praksis/model/codes.hpp"

namespace praksis {

struct World;

/// A district's shape: GeoJSON Polygon or MultiPolygon rings, vertices rounded to 1e-5 degrees
/// (GeoPoint). A point is inside a polygon by the even-odd rule over its rings (holes are rings
/// too), with the half-open crossing test: of two polygons sharing an edge, a point on it lies in
/// exactly one.
struct DistrictShape {
  std::vector<std::vector<std::vector<GeoPoint>>> polygons;  // polygon -> ring -> vertices
  bool contains(GeoPoint p) const;
};

/// One `[[area]]` of a definition file as written.
struct PlanningAreaDef {
  int id = 0;
  std::string name;
  std::vector<KommuneCode> kommuner;         // whole kommuner (empty for a district)
  KommuneCode district_of = 0;               // a district of this kommune (0: whole kommuner)
  std::optional<DistrictShape> shape;        // a district's polygon; none with `remainder = true`
  bool remainder = false;                    // the district of the kommune's points in no polygon
  InputLocation where;                       // the [[area]] table, for errors
  std::vector<InputLocation> kommune_where;  // where each of `kommuner` is written
  InputLocation district_where;
};

/// A definition file, parsed but not yet checked against a world.
struct PlanningAreaFile {
  std::string source;
  bool full_partition = false;         // every kommune of the world must be in an area
  InputLocation full_partition_where;  // where full_partition is written (for its errors)
  std::vector<PlanningAreaDef> areas;

  /// Parses the TOML `text` read from `source`; a district's `geometry = "FILE"` is read relative
  /// to `base_dir`. InputError naming source:line:column (or the GeoJSON file and JSON path).
  static PlanningAreaFile parse(std::string_view text, const std::string& source,
                                const std::filesystem::path& base_dir);
  /// Reads and parses the file at `path` (`--areas FILE`).
  static PlanningAreaFile load(const std::filesystem::path& path);
};

/// Parses one GeoJSON Polygon, MultiPolygon, Feature or FeatureCollection (the union of its
/// features) read from `source`; InputError naming source:line:column for malformed JSON, the JSON
/// path for a wrong structure.
DistrictShape parse_district_geojson(std::string_view text, const std::string& source);

/// The planning areas of one world: which area every citizen, clinic and nursing home is in.
class PlanningAreas {
 public:
  struct Area {
    int id = 0;  // the kommunekode for the default areas
    std::string name;
    RegionCode region = 0;
    std::vector<KommuneCode> kommuner;  // its kommuner, or the one kommune it is a district of
    bool district = false;              // a district of a split kommune
  };

  /// The default: one area per kommune, in World::kommuner order, id = kommunekode.
  static PlanningAreas per_kommune(const World& world);
  /// The areas of `file` checked against `world`: every kommunekode in the world, no kommune in
  /// two areas (nor whole and split), an area's kommuner in one region, unique ids and names, with
  /// `full_partition` every kommune in an area (else each unlisted kommune is its own area, after
  /// the file's), and every citizen's home, clinic and nursing home of a split kommune in exactly
  /// one district. InputError naming the file and place otherwise.
  static PlanningAreas of(const PlanningAreaFile& file, const World& world);

  const std::vector<Area>& areas() const { return areas_; }
  /// False for per_kommune: the output is today's per-kommune output.
  bool defined() const { return defined_; }
  const std::string& source() const { return source_; }

  /// Position in areas() of the point `p` in kommune `k`: -1 when the kommune is not in the
  /// world, -2 when it is split and `p` is in none of its districts.
  int index_of(KommuneCode k, GeoPoint p) const {
    if (k >= whole_.size()) return -1;
    const int a = whole_[k];
    return a != kSplit ? a : district_of(k, p);
  }
  /// The area's position with this id, or -1.
  int find(int id) const;

 private:
  static constexpr int kSplit = -3;
  int district_of(KommuneCode k, GeoPoint p) const;
  struct District {
    KommuneCode kommune = 0;
    int area = 0;
    std::optional<DistrictShape> shape;  // none: the remainder
  };
  std::vector<Area> areas_;
  std::vector<int> whole_;  // by kommunekode: area position, -1 not in the world, kSplit
  std::vector<District> districts_;
  bool defined_ = false;
  std::string source_;
};

}  // namespace praksis
