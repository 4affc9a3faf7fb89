// The coverage use case: the survey (S1-S6) of a stored world, its designation (D1-D3), a what-if
// before/after and the survey years; the CLI and the HTTP server only parse, call and format.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "praksis/core/date.hpp"
#include "praksis/designation/designation.hpp"
#include "praksis/model/area_scope.hpp"
#include "praksis/model/planning_areas.hpp"
#include "praksis/model/world.hpp"
#include "praksis/placement/what_if.hpp"
#include "praksis/settings/settings.hpp"
#include "praksis/store/store.hpp"
#include "praksis/survey/headline.hpp"
#include "praksis/survey/metric_comparison.hpp"
#include "praksis/survey/survey.hpp"
#include "praksis/survey/trend.hpp"

namespace praksis::app {

/// `--region CODE` (repeatable) and `--kommune 101,147` (commas or repeated) as given: the areas
/// whose rows are output; checked against the world by area_scope().
struct AreaSelection {
  std::vector<int> regions{};
  std::vector<std::string> kommuner{};
};

/// What a coverage run reads and computes. Plain values as the user gave them; validate() checks
/// the combinations once, the world-dependent parts are checked when the world is loaded.
struct CoverageParameters {
  std::string store{};       // `--db`: a SQLite file or a postgresql:// URI
  AreaSelection scope{};     // the rows shown (the survey is always of the whole world)
  std::string areas_file{};  // `--areas`: planning areas (empty: one per kommune)
  std::string as_of{};       // `--as-of YYYY-MM-DD`: the listings in force that day (rule L6)
  int year = 0;              // `--year`: the stored snapshot of this survey year (0: none)
  std::string scenario{};    // `--scenario`: a what-if change file (survey before and after)
  bool apply = false;        // `--apply`: commit the what-if's changed world
  bool designate = false;    // also the designation of the survey (rules D1-D3)
  int save_year = 0;         // `--save YEAR`: keep the designation as the one decided for YEAR
  std::string settings_source = "defaults";  // the settings file's name, for the designation
  /// Take (and keep) the survey basis's home locations from a SQLite store's cache, as `praksis
  /// survey` does; otherwise the basis is computed from the world and the store is not written.
  bool cache_basis = false;

  /// InputError naming the option when the options do not go together (e.g. --year with
  /// --as-of, --apply without --scenario, --save with --areas).
  void validate() const;
};

/// What a coverage run found. The survey and the designation are of the whole world (citizens
/// choose across borders); scoped_survey()/scoped_designation() give the rows of `scope`.
struct CoverageResult {
  /// The world surveyed when the service loaded it from the store (empty for a world given to
  /// run_on, and for a what-if: see what_if->changed).
  World world;
  Settings settings;  // the settings in force (those of the survey date with --year)
  AreaScope scope{};
  PlanningAreas areas;
  Survey survey;
  double survey_seconds = 0;  // wall-clock time of the survey itself
  std::optional<Designation> designation;
  /// With a scenario: the change file and the surveys and designations before and after.
  std::optional<WhatIfScenario> scenario;
  std::optional<WhatIfResult> what_if;

  Survey scoped_survey() const&;
  Survey scoped_survey() &&;
  /// The designation's rows of `scope` (the designation must have been asked for).
  Designation scoped_designation() const;
};

/// The world in the store at `store` (`--db`). InputError when the file does not exist or holds
/// no world. With `as_of`, every citizen has the listing in force on that day (rule L6): changes
/// the listing service decided to take effect later are not yet counted.
World load_survey_world(const std::string& store, std::optional<Date> as_of = std::nullopt);
/// The store at `store` with the same checks, for use cases that also write.
std::unique_ptr<Store> open_survey_store(const std::string& store);
/// The store at `store`, which may hold only snapshots (no current world): InputError naming
/// --db when the file does not exist.
std::unique_ptr<Store> open_history_store(const std::string& store);

/// The scope `selection` gives, validated against `world` (InputError naming the option). A
/// region's extract covers its own areas unless told otherwise.
AreaScope area_scope(const World& world, const AreaSelection& selection);
/// The planning areas of the `--areas` file `option` (else of the setting survey.planning_areas)
/// checked against `world`, or one per kommune when neither names a file. InputError naming the
/// file and place; with a file, `--kommune` is refused (its rows are planning areas; `--region`
/// selects their region's).
PlanningAreas planning_areas(const World& world, const std::string& option,
                             const AreaSelection& selection, const Settings& settings);
/// `--as-of YYYY-MM-DD` (empty: none); InputError naming the option otherwise.
std::optional<Date> parse_as_of(const std::string& text);
/// Local time "YYYY-MM-DD HH:MM" (the report's header, the audit record of --apply).
std::string report_timestamp();

/// Where the threatened kommuner of E3 model 1 come from (`praksis settle`).
struct ThreatenedParameters {
  std::string list{};  // `--threatened 101,147` or "none"
  std::string file{};  // `--threatened-file`: a CSV with a kommunekode column
  int year = 0;        // the settled year: its stored designation (`praksis designate --save`)
  std::string settings_source = "defaults";  // the settings file's name, for the designation
};

class CoverageService {
 public:
  explicit CoverageService(const Settings& settings) : settings_(settings) {}

  /// Validates `p`, loads the store's world (or the snapshot of `p.year`, or applies the what-if
  /// of `p.scenario`), surveys it and, when asked, designates (and saves the designation).
  CoverageResult run(const CoverageParameters& p) const;
  /// The survey (and designation when `p.designate`) of a world already in memory (the web map,
  /// `praksis demo`); `p.store`, `p.as_of`, `p.year` and the what-if options are not used.
  CoverageResult run_on(const World& world, const CoverageParameters& p) const;
  /// The what-if `sc` on a copy of `world`: both surveys and designations; nothing is stored.
  CoverageResult what_if_on(const World& world, WhatIfScenario sc) const;

  /// The headline figures (S1, S3) of the nation and each region of `world` counted directly,
  /// e.g. from the listing service's live state; `open` tells whether clinic j accepts new
  /// patients (default: its list is open).
  std::vector<Headline> headlines(const World& world,
                                  const std::function<bool(std::size_t)>& open = {}) const;

  /// The threatened kommuner (lægedækningstruede, rules D1-D3) E3 model 1 pays for: given on
  /// the command line, else the designation stored for the year, else the kommuner the coverage
  /// survey of `world` and the [designation] criteria designate now. InputError naming the
  /// option when both a list and a file are given, or --db when the stored designation names a
  /// kommune the world does not have.
  std::vector<KommuneCode> threatened_kommuner(const World& world, Store& store,
                                               const ThreatenedParameters& p) const;

  /// Rule L2's distance: S4 and the designation per kommune under each metric, of the store's
  /// world (as of `p.as_of`).
  MetricComparison compare_metrics(const CoverageParameters& p) const;

  /// The survey years `tp` from the snapshots in `store` (a year without one is an InputError).
  TrendResult trend(const std::string& store, const TrendParameters& tp) const;
  /// Stores the current world of `store` as the world of `as_of`, with its survey and
  /// designation beside it.
  struct SnapshotSaved {
    std::size_t citizens = 0, clinics = 0;
    std::int64_t bytes = 0;  // the stored snapshot's size
  };
  SnapshotSaved snapshot(const std::string& store, Date as_of) const;
  /// Stores `world` in `store` as the world of `as_of` (the current world is left as it is),
  /// with its survey and designation beside it (`praksis import --as-of`).
  void save_snapshot(Store& store, Date as_of, const World& world) const;

 private:
  CoverageResult survey_of(const World& world, const Settings& settings,
                           const CoverageParameters& p, const SurveyBasis* basis) const;
  const Settings& settings_;
};

}  // namespace praksis::app
