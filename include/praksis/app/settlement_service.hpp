// The settlement use case (rules E1-E5): settle a year from its stored claims, show a stored
// settlement, explain one clinic's lines, or re-price the year under a fee scenario.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "praksis/economy/economy_service.hpp"
#include "praksis/economy/report.hpp"
#include "praksis/economy/scenario.hpp"
#include "praksis/model/world.hpp"
#include "praksis/settings/settings.hpp"

namespace praksis::app {

/// What `praksis settle` asks, as given (the forgiveness already read as kr).
struct SettlementParameters {
  std::string store{};                   // `--db`
  int year = 0;                          // `--year`
  std::string threatened{};              // `--threatened 101,147` or "none" (E3 model 1)
  std::string threatened_file{};         // `--threatened-file`: CSV with a kommunekode column
  Money forgiveness{};                   // `--forgiveness-kr` (E5)
  std::string previous_small_overrun{};  // `--previous-small-overrun`: yes, no or empty (store)
  std::string tariffs{};                 // `--tariffs` (empty: the embedded table)
  std::string scenario{};                // `--scenario`: re-price under this fee scenario (TOML)
  std::string level{};                   // `--level`: the rows CSV writes and the detail shown
  Ydernummer clinic = 0;                 // `--clinic`: explain this ydernummer's settlement
  bool dry_run = false;                  // `--dry-run`: compute without storing
  bool show = false;                     // `--show`: the stored settlement, not recomputed
  unsigned threads = 0;                  // `--threads` for decoding claims (0: all cores)
  std::string settings_source = "defaults";  // the settings file's name, for the designation

  /// InputError naming the option: a level that does not belong to the mode, a
  /// --previous-small-overrun other than yes/no, a year outside 1900-2200, a negative
  /// forgiveness.
  void validate() const;
  /// The table CSV writes for `level` (validated).
  std::string csv_table() const;
};

/// One clinic's settlement line by line (`--clinic`).
struct ClinicExplanation {
  ClinicSettlement clinic;
  std::vector<StoredSettlement::Line> lines;
  RegionSettlement region;
  TariffTable tariffs;
};

struct SettlementResult {
  World world;
  EconomySettings economy;
  /// Exactly one of these: the stored settlement (--show), the re-priced year (--scenario) or
  /// the year settled now (stored unless --dry-run).
  std::optional<Settlement> settlement;
  std::optional<ScenarioResult> scenario;
  std::optional<ClinicExplanation> explained;  // with --clinic
  /// E5: the frame is Denmark's and the dataset spent less than half of it (the setting
  /// economy.frame_kr is not scaled to a smaller dataset).
  bool frame_is_national = false;

  /// The result as report tables: the settlement's summary, frame and regions (with `clinics`
  /// also every clinic), the scenario's, or the one clinic's lines.
  std::vector<ReportTable> tables(bool clinics, Lang lang) const;
};

class SettlementService {
 public:
  explicit SettlementService(const Settings& settings) : settings_(settings) {}

  /// Validates `p`, loads the store's world and settles, shows or re-prices the year. The E3
  /// threatened list comes from the coverage service; the listings from the store's dated
  /// changes (rule L6). An unknown --clinic is refused before anything is stored.
  SettlementResult run(const SettlementParameters& p) const;

 private:
  const Settings& settings_;
};

}  // namespace praksis::app
