// The one typed settings object: every rulebook number with its rule ID, loadable from TOML.
#pragma once

#include <filesystem>
#include <string>

#include "praksis/core/error.hpp"
#include "praksis/settings/capacity_settings.hpp"
#include "praksis/settings/dataset_settings.hpp"
#include "praksis/settings/demand_settings.hpp"
#include "praksis/settings/designation_settings.hpp"
#include "praksis/settings/economy_settings.hpp"
#include "praksis/settings/forecast_settings.hpp"
#include "praksis/settings/listing_settings.hpp"
#include "praksis/settings/practice_area_settings.hpp"
#include "praksis/settings/server_settings.hpp"
#include "praksis/settings/service_settings.hpp"
#include "praksis/settings/survey_settings.hpp"
#include "praksis/settings/synthetic_settings.hpp"

namespace praksis {

/// Every number of the rulebook, grouped by section. Defaults are DOMAIN.md's values; a TOML file
/// overrides any subset (`praksis settings --print` writes a complete, loadable file).
struct Settings {
  DatasetSettings dataset;
  ListingSettings listing;
  CapacitySettings capacity;
  DemandSettings demand;
  SurveySettings survey;
  EconomySettings economy;
  PracticeAreaSettings practice_areas;
  SyntheticSettings synthetic;
  ServerSettings server;
  DesignationSettings designation;
  ForecastSettings forecast;
  ServiceSettings service;

  template <class V>
  void visit(V& v) {
    v.section("dataset", dataset);
    v.section("listing", listing);
    v.section("capacity", capacity);
    v.section("demand", demand);
    v.section("survey", survey);
    v.section("economy", economy);
    v.section("practice_areas", practice_areas);
    v.section("synthetic", synthetic);
    v.section("server", server);
    v.section("designation", designation);
    v.section("forecast", forecast);
    v.section("service", service);
  }

  /// The defaults overridden by `path` (TOML). Throws InputError naming the file, line, key and
  /// reason for unknown keys, wrong types, values out of bounds and inconsistent sections.
  static Settings load(const std::filesystem::path& path);
  /// Same, from TOML text; `source` names it in errors.
  static Settings parse(std::string_view toml_text, std::string_view source);
  /// `base` overridden by the TOML text (a scenario file: the same sections and checks).
  static Settings parse_over(Settings base, std::string_view toml_text, std::string_view source);
  /// Checks cross-field consistency; throws InputError naming `source`.
  void validate(std::string_view source) const;
  /// The effective values as a TOML document with rule IDs and meanings as comments.
  std::string to_toml() const;
};

}  // namespace praksis
