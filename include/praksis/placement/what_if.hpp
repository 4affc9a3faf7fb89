// What-if scenarios (rules C1, C2, L2, L7): clinic changes, re-listing of the patients they move,
// and the survey of the changed world next to the survey of the world as it is.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "praksis/core/error.hpp"
#include "praksis/designation/designation.hpp"
#include "praksis/economy/report.hpp"
#include "praksis/output/text.hpp"
#include "praksis/store/store.hpp"
#include "praksis/survey/survey.hpp"
#include "praksis/survey/survey_basis.hpp"

namespace praksis {

/// One change of a change file's `[[change]]` list.
struct ClinicChange {
  enum class Action { add, capacities, open_list, close_list, move, close };
  Action action = Action::add;
  InputLocation where;         // the entry in the change file, for errors found against the world
  Ydernummer ydernummer = 0;   // the clinic changed (add: 0 = the next free ydernummer)
  Clinic clinic;               // add: the new clinic
  int capacity_change = 0;     // capacities: + adds unfilled capacities (C2), - removes
  GeoPoint to;                 // move: the new address
  KommuneCode to_kommune = 0;  // move: the new kommune (0: unchanged)
};

/// Who moves (documented in docs/placement.md): every patient of a closed clinic (rule L7: never
/// left without a GP) to the nearest clinic open for new patients with room below the normtal
/// (rule C1, settings.capacity.normtal), at any distance; and at each clinic above the normtal
/// within the choice radius of a site whose supply grew (new or moved clinic, capacities added,
/// list opened), `overfull_share` of the patients above it, farthest from the clinic first, to
/// the nearest open clinic with room within the choice radius of their home (rule L2). Without
/// such a clinic a patient of a closed clinic stays unlisted and one of an over-full clinic stays.
struct RelistingRule {
  double overfull_share = 0.25;
};

struct WhatIfScenario {
  std::string source;
  std::string text;  // the change file as read (kept in the audit record of --apply)
  RelistingRule relisting;
  std::vector<ClinicChange> changes;

  /// Parses a change file (TOML); InputError names source:line:column and the key.
  static WhatIfScenario parse(std::string_view toml_text, std::string source);
  static WhatIfScenario load(const std::filesystem::path& path);
};

struct WhatIfResult {
  World changed;
  Survey before, after;
  Designation designation_before, designation_after;  // rules D1-D3 on both surveys
  std::uint64_t moved_from_closed = 0, moved_from_overfull = 0, left_unlisted = 0;
  std::vector<Ydernummer> added;  // ydernumre of the new clinics
};

/// Applies the changes to a copy of `world` (InputError naming the change's place for unknown
/// ydernumre or impossible changes), re-lists, and surveys both worlds. Touches no store.
/// `basis_of`, when given, yields the survey basis of `world` (e.g. with the home locations from
/// the store's cache, survey_basis_cached) in place of SurveyBasis::of(world, settings).
WhatIfResult run_what_if(const World& world, const Settings& settings, const WhatIfScenario& sc,
                         const std::function<SurveyBasis()>& basis_of = {});

/// Commits `r.changed` to `store` (rule C2: the region's decision) in one transaction with an
/// audit record of the change file; `before` is the world loaded from the store at data version
/// `loaded_version`. Throws (store unchanged) when the store moved on or a write fails.
void apply_what_if(Store& store, const World& before, const WhatIfResult& r,
                   const WhatIfScenario& sc, std::int64_t loaded_version, std::string at);

/// "whatif_summary", "whatif_clinics" (the new and changed clinics' list sizes) and
/// "whatif_areas" (every kommune, region and the nation, before and after, with each kommune's
/// designation before and after).
std::vector<ReportTable> what_if_tables(const WhatIfResult& r, const WhatIfScenario& sc, Lang lang);

}  // namespace praksis
