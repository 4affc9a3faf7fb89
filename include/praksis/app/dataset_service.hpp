// The dataset use cases: the synthetic Denmark generated (`praksis generate`, `demo`), a synthetic
// history of survey years (`generate --years`), a dataset checked against the calibration
// (`generate --check`), and interchange directories read and written (`import`, `export`).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "praksis/economy/report.hpp"
#include "praksis/model/citizen_rows.hpp"
#include "praksis/model/world.hpp"
#include "praksis/output/text.hpp"
#include "praksis/settings/settings.hpp"
#include "praksis/synth/generator.hpp"
#include "praksis/synth/history.hpp"

namespace praksis::app {

/// What `praksis generate` (and `demo`'s generation) asks, as given.
struct GenerateParameters {
  double scale = 1.0;      // `--scale`: share of Denmark's population
  std::uint64_t seed = 1;  // `--seed`
  unsigned threads = 2;    // `--threads`: the output does not depend on it
  std::string out{};       // `--out`: the directory to write
  std::string years{};     // `--years 2015..2023`: a synthetic history (empty: one world)

  /// The history's years; InputError naming --years when `years` is not a range such as
  /// 2015..2023 the forecast's rates cover.
  HistoryOptions history() const;
  /// InputError naming the option: no --out, threads outside 1-64, a bad --years.
  void validate() const;
};

struct GenerateResult {
  std::size_t citizens = 0, clinics = 0, doctors = 0;
  long long generate_ms = 0, write_ms = 0;
};

struct HistoryResult {
  int from = 0, to = 0;
  int written = 0;  // the years written, one directory each
};

/// A dataset beside the calibration targets and the islands' populations (`generate --check`).
struct CalibrationResult {
  std::vector<CalibrationRow> targets;
  IslandReport islands;
  double coast_tolerance_km = 0;  // how far off land a citizen or clinic may lie
  /// The targets met.
  std::size_t targets_met() const;
  /// The targets missed, the islands outside their tolerance and one more when a citizen or
  /// clinic is off land: 0 when the dataset passes.
  int failures() const;
  ReportTable island_table(Lang lang) const;
};

class DatasetService {
 public:
  explicit DatasetService(const Settings& settings) : settings_(settings) {}

  /// The synthetic world of `p` (scale, seed, threads), not written; InputError for a scale
  /// outside (0, 2].
  World generate(const GenerateParameters& p) const;
  /// Validates `p`, generates the world and writes it to `p.out` as interchange CSV files.
  GenerateResult generate_and_write(const GenerateParameters& p) const;
  /// Validates `p` and writes the history of `p.years`, one dataset per year in `p.out`/YEAR.
  HistoryResult write_history(const GenerateParameters& p) const;
  /// Reads and validates the dataset in `dir` (messages in `lang`) and compares it with the
  /// calibration targets.
  CalibrationResult check(const std::filesystem::path& dir, Lang lang) const;

  /// Reads and validates an interchange directory (every issue at once, InputError naming the
  /// file, line and column). With a `sink` (a store's WorldImport) the citizens' rows are handed
  /// to it while the rest is still read and validated.
  World read(const std::filesystem::path& dir, Lang lang, CitizenRowSink* sink = nullptr) const;
  /// Writes `world` as interchange CSV files to `dir`.
  void write(const World& world, const std::filesystem::path& dir) const;

 private:
  const Settings& settings_;
};

}  // namespace praksis::app
