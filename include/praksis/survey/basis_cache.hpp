// The survey basis's grouped, grid-ordered home locations kept in the SQLite store, so that a
// survey does not group the 5.9 M citizens again while the store is unchanged.
#pragma once

#include <cstdint>

#include "praksis/survey/survey_basis.hpp"

namespace praksis {

class SqliteStore;

/// SurveyBasis::of(world, settings), where `world` is the world `store` held at data version
/// `loaded_version`. The home locations come from the store's cache when it was written at that
/// data version for the same S2 weights and the same grid layout (the weights are compared by a
/// hash of their bits); otherwise they are computed and, if `write` and the store is still at
/// that version, written to the cache for the next survey. The result is the same either way.
SurveyBasis survey_basis_cached(SqliteStore& store, std::int64_t loaded_version, const World& world,
                                const Settings& settings, bool write = true);

}  // namespace praksis
