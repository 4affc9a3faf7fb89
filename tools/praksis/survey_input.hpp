// The world and the survey basis of `praksis survey`, the basis's home locations from the store.
#pragma once

#include <optional>
#include <string>

#include "praksis/core/date.hpp"
#include "praksis/settings/settings.hpp"
#include "praksis/survey/survey_basis.hpp"

namespace praksis::cli {

struct SurveyInput {
  World world;
  SurveyBasis basis;
};

/// load_survey_world(db, as_of) and the survey basis of its citizens; with a SQLite store the
/// grouped home locations come from (or go into) the store's cache (survey_basis_cached).
SurveyInput load_survey_input(const std::string& db, std::optional<Date> as_of,
                              const Settings& settings);

}  // namespace praksis::cli
