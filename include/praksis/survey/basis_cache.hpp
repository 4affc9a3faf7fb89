// The survey basis's grouped, grid-ordered home locations kept in the SQLite store, so that a
// survey does not group the 5.9 M citizens again while the store is unchanged.
#pragma once

#include <cstdint>

#include "praksis/survey/survey_basis.hpp"

namespace praksis {

class SqliteStore;

/// SurveyBasis::of(world, settings), where `world` is the world `store` held at data version
/// `loaded_version`. The home locations and their grid come from the store's cache when it was
/// written at that data version for the same number of citizens, the same S2 settings and
/// reference year and the same index grid settings; otherwise they are computed and, if `write`
/// and the store is still at that version, written to the cache for the next survey. The result
/// is the same either way.
///
/// With `counts`, the basis also holds the citizen pass of `world` per kommune
/// (SurveyBasis::counts), cached the same way; when it is cached the weights are not computed
/// (the survey needs neither). Ask for it only when `world` is the store's world exactly as
/// loaded (not a what-if's changed copy, not the listings of another day) and the survey is per
/// kommune.
SurveyBasis survey_basis_cached(SqliteStore& store, std::int64_t loaded_version, const World& world,
                                const Settings& settings, bool write = true, bool counts = false);

}  // namespace praksis
