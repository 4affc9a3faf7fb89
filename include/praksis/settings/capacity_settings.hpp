// Settings for capacity and open/closed lists (DOMAIN.md section 3, rules C1-C7).
#pragma once

#include <array>
#include <string_view>

#include "praksis/settings/settings_visitor.hpp"

namespace praksis {

/// What "gross income of the last three financial years" means in rule C6.
enum class GoodwillBasis { average, sum };
inline constexpr std::array<std::string_view, 2> kGoodwillBasisNames = {"average", "sum"};

struct CapacitySettings {
  int normtal = 1600;
  int may_close_above = 1600;
  int approval_required_above = 2700;
  int max_ydernumre_per_doctor = 6;
  double max_employed_share = 0.5;
  int regionsklinik_transfer_years = 4;
  double goodwill_cap_share = 1.36;
  int goodwill_years = 3;
  GoodwillBasis goodwill_basis = GoodwillBasis::average;

  template <class V>
  void visit(V& v) {
    v("normtal", normtal, {"C1", "listed group-1 patients per capacity (normtal)", {1, 100000}});
    v("may_close_above", may_close_above, {"C1", "a clinic with more listed patients per capacity than this may close its list", {0, 100000}});
    v("approval_required_above", approval_required_above, {"C1", "above this many patients per capacity a clinic needs approval to stay open", {0, 100000}});
    v("max_ydernumre_per_doctor", max_ydernumre_per_doctor, {"C3", "ydernumre one doctor may own", {1, 100}});
    v("max_employed_share", max_employed_share, {"C4", "largest share of a clinic's capacities held by employed doctors (outside threatened areas)", kShare});
    v("regionsklinik_transfer_years", regionsklinik_transfer_years, {"C5", "age of a regionsklinik after which a GP's takeover must be agreed", {0, 100}});
    v("goodwill_cap_share", goodwill_cap_share, {"C6", "goodwill cap as a share of gross income", kNonNegative});
    v("goodwill_years", goodwill_years, {"C6", "financial years of gross income behind the goodwill cap", {1, 20}});
    v.choice("goodwill_basis", goodwill_basis, kGoodwillBasisNames, {"C6", "ambiguous in the source: 'average' annual or 'sum' of the years' gross income"});
  }
};

}  // namespace praksis
