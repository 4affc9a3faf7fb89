// The goodwill cap on the sale of a ydernummer: GPs (rule C6) and specialists (rule E6).
#pragma once

#include <span>
#include <string>

#include "praksis/core/message.hpp"
#include "praksis/core/money.hpp"
#include "praksis/settings/capacity_settings.hpp"
#include "praksis/settings/practice_area_settings.hpp"

namespace praksis {

struct GoodwillCheck {
  Money basis;           // the income the cap is a share of (average or sum, by the setting)
  Money cap;             // the highest goodwill allowed
  Money price;           // the agreed goodwill
  bool allowed = false;  // price <= cap
  Message rule;          // which rule caps it and how, in no language yet (render it)
};

/// Rule C6: goodwill for a GP ydernummer at most 136 % of the gross income of the last three
/// financial years; by default of their average, or of their sum (setting goodwill_basis).
/// `gross_incomes` are the last `goodwill_years` years' gross incomes; throws InputError naming
/// `source` when the count differs or an income is negative.
GoodwillCheck check_gp_goodwill(Money price, std::span<const Money> gross_incomes,
                                const CapacitySettings& s, std::string_view source = "--income");

/// Rule E6: goodwill for a specialist ydernummer at most 150 % of the average price-indexed
/// profit of the last three years. Each year's profit is brought to the sale year's price level
/// with `index_of_year[i]` and `index_now` (any consistent index, e.g. net price index x 100).
GoodwillCheck check_specialist_goodwill(Money price, std::span<const Money> profits,
                                        std::span<const std::int64_t> index_of_year,
                                        std::int64_t index_now, const PracticeAreaSettings& s,
                                        std::string_view source = "--profit");

}  // namespace praksis
