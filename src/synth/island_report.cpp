// `praksis generate --check`: the citizens and clinics on each island beside its population.
#include <fmt/format.h>

#include <cmath>

#include "praksis/geo/crossings.hpp"
#include "praksis/geo/land.hpp"
#include "praksis/synth/generator.hpp"
#include "praksis/synth/reference_data.hpp"

namespace praksis {

IslandReport island_report(const World& w, const Settings& settings) {
  const LandOutline& land = LandOutline::denmark();
  const auto& islands = denmark_islands();
  const double tolerance = settings.dataset.coast_tolerance_km;
  double national = 0;
  for (const auto& r : ReferenceData::get().regions) national += r.population_2023;
  IslandReport out;
  out.scale = static_cast<double>(w.citizens.size()) / national;
  std::vector<int> row_of_part(land.parts(), static_cast<int>(islands.size()));
  for (std::size_t i = 0; i < islands.size(); ++i) {
    row_of_part[static_cast<std::size_t>(islands[i].part)] = static_cast<int>(i);
    IslandRow row{islands[i].name, std::nullopt, 0, 0};
    if (islands[i].population) row.target = static_cast<double>(*islands[i].population) * out.scale;
    out.islands.push_back(std::move(row));
  }
  out.islands.push_back({"", std::nullopt, 0, 0});  // the unnamed parts
  // A point off the outline but within the tolerance counts on the nearest part.
  auto row_at = [&](GeoPoint p) -> IslandRow* {
    int part = land.part_at(p);
    if (part == LandOutline::kSea) part = land.nearest_part(p, tolerance);
    if (part == LandOutline::kSea) return nullptr;
    return &out.islands[static_cast<std::size_t>(row_of_part[static_cast<std::size_t>(part)])];
  };
  for (const GeoPoint home : w.citizens.home) {
    if (IslandRow* r = row_at(home))
      r->citizens += 1;
    else
      ++out.citizens_off_land;
  }
  for (const Clinic& c : w.clinics) {
    if (IslandRow* r = row_at(c.location))
      r->clinics += 1;
    else
      ++out.clinics_off_land;
  }
  return out;
}

ReportTable island_table(const IslandReport& rep, Lang lang) {
  ReportTable t;
  t.name = "islands";
  t.title = std::string(text("island.title", lang));
  t.column(std::string(text("island.name", lang)), CellKind::text)
      .column(std::string(text("island.target", lang)), CellKind::text)
      .column(std::string(text("island.citizens", lang)), CellKind::integer)
      .column(std::string(text("island.deviation", lang)), CellKind::text)
      .column(std::string(text("island.clinics", lang)), CellKind::integer)
      .column(std::string(text("island.status", lang)), CellKind::text);
  for (const auto& r : rep.islands) {
    if (r.citizens == 0 && r.clinics == 0 && !r.target) continue;
    std::string target, dev;
    if (r.target)
      target = fmt::format("{} ±{:.0f} %", std::llround(*r.target), 100 * kIslandTolerance);
    if (r.target && *r.target > 0)
      dev = fmt::format("{:+.2f} %", 100.0 * (r.citizens - *r.target) / *r.target);
    t.row() = {
        r.name.empty() ? std::string(text("island.unnamed", lang)) : r.name,
        target,
        static_cast<std::int64_t>(std::llround(r.citizens)),
        dev,
        static_cast<std::int64_t>(std::llround(r.clinics)),
        r.target ? std::string(text(r.ok() ? "island.ok" : "island.fail", lang)) : std::string()};
  }
  return t;
}

}  // namespace praksis
