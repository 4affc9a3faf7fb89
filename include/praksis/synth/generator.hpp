// The synthetic Denmark: a realistic, deterministic national dataset built from public facts.
#pragma once

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "praksis/economy/report.hpp"
#include "praksis/model/world.hpp"
#include "praksis/output/text.hpp"
#include "praksis/settings/settings.hpp"

namespace praksis {

struct GeneratorOptions {
  double scale = 1.0;      // 1.0 = Denmark's 5,932,654 citizens and 1,694 clinics
  std::uint64_t seed = 1;  // same seed, scale and settings give byte-identical output
  unsigned threads = 2;    // worker threads; the output does not depend on it
};

/// Generates the world (docs/synthetic-data.md describes every step and rate). Throws InputError
/// for a scale outside (0, 2].
World generate_world(const GeneratorOptions& options, const Settings& settings);

/// One calibration target beside the generated value (`praksis generate --check`).
struct CalibrationRow {
  std::string name;
  std::string source;  // rule ID or data file the target comes from
  double target = 0;
  double value = 0;
  double tolerance = 0.02;  // relative; 0 = must be exact
  bool minimum = false;     // target is a lower bound, not a point
  bool ok() const;
};

/// Compares a world with the calibration targets at the scale its population implies.
std::vector<CalibrationRow> calibration_report(const World& w, const Settings& settings);

/// Where a world's people live on Denmark's land parts (data/dk_islands.csv): per named island
/// the citizens and clinics on it beside its stated population at the world's scale.
/// How far the citizens on an island with a stated population may lie from that population at
/// the dataset's scale (`generate --check`: a wider deviation fails the check).
inline constexpr double kIslandTolerance = 0.10;

struct IslandRow {
  std::string name;
  std::optional<double> target;  // population_2023 x scale, where the data states one
  double citizens = 0;
  double clinics = 0;
  /// Within kIslandTolerance of the target (true without one).
  bool ok() const { return !target || std::abs(citizens - *target) <= kIslandTolerance * *target; }
};
struct IslandReport {
  std::vector<IslandRow> islands;  // in dk_islands.csv order, then the unnamed parts together
  std::uint64_t citizens_off_land = 0, clinics_off_land = 0;  // farther than the coast tolerance
  double scale = 0;
};
IslandReport island_report(const World& w, const Settings& settings);
/// The report as a table: per island its target, citizens, deviation and clinics.
ReportTable island_table(const IslandReport& report, Lang lang);

}  // namespace praksis
