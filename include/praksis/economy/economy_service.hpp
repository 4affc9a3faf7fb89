// The economy's use cases over the store: import claims, aggregate them, settle a year.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "praksis/economy/activity.hpp"
#include "praksis/economy/economy_repository.hpp"
#include "praksis/economy/scenario.hpp"
#include "praksis/economy/settlement.hpp"
#include "praksis/listing/dated_listing.hpp"
#include "praksis/settings/settings.hpp"

namespace praksis {

/// Reads, validates and stores a claim file for `year` in one transaction (nothing is written
/// when any line is rejected). Returns the number of lines stored.
std::int64_t import_claims(EconomyRepository& repo, const World& world, const TariffTable& tariffs,
                           const std::filesystem::path& file, int year, bool replace);

/// Aggregates the stored claims of `year` per clinic and `tariffs` service, decoding chunks on
/// `threads` threads (0: all cores). Throws InputError when a stored service code is not in
/// `tariffs`.
ActivityMatrix load_activity(EconomyRepository& repo, const World& world,
                             const TariffTable& tariffs, int year, unsigned threads = 0);

/// The number of claim lines stored for `year`; throws InputError (naming `--year`) when there
/// are none: a year without claims is not settled, re-priced or exported (an empty settlement
/// would store a meaningless frame overrun, an empty export an empty claim file).
std::int64_t require_claims(EconomyRepository& repo, int year);

/// Kommunekoder designated as threatened (lægedækningstruede, rule D1-D3) from a CSV file with a
/// `kommunekode` column (other columns, e.g. a reason, are ignored), checked against `world`.
std::vector<KommuneCode> read_threatened_kommuner(const std::filesystem::path& file,
                                                  const World& world);
/// Same from a comma-separated list ("101,147"); `source` names the option in errors.
std::vector<KommuneCode> parse_threatened_kommuner(std::string_view list, std::string_view source,
                                                   const World& world);

struct SettleOptions {
  int year = 0;
  std::vector<KommuneCode> threatened;
  Money forgiveness;                           // E5
  std::optional<bool> previous_small_overrun;  // E5, overrides the stored previous year
  bool persist = true;                         // false: compute only (dry run)
  /// Rule L6: the store's dated listing changes; the year is settled on the listings of its last
  /// day with patient-months pro-rated by the changes' dates.
  std::vector<DatedListing> listing_changes;
  unsigned threads = 0;
};

struct SettleRun {
  Settlement settlement;
  FeeStructure fees;
  ActivityMatrix activity;
  double seconds_claims = 0, seconds_compute = 0, seconds_save = 0;
};

/// Settles `year` from the stored claims and saves it with the højestegrânse state and the frame
/// result. Years are settled in order: the previous year's state is read from the store, a year
/// after a gap or before an already settled year is refused (InputError naming --year).
SettleRun settle_year(EconomyRepository& repo, const World& world, const Settings& settings,
                      const TariffTable& tariffs, const SettleOptions& options);

/// Re-prices the stored claims of `options.year` under `scenario` against the baseline (the
/// current tariffs and settings), starting from the stored højestegrænse state of the year before.
/// Stores nothing.
ScenarioResult run_scenario_year(EconomyRepository& repo, const World& world,
                                 const Settings& settings, const TariffTable& tariffs,
                                 const Scenario& scenario, const SettleOptions& options);

}  // namespace praksis
