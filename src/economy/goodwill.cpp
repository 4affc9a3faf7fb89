// Goodwill caps (rules C6 and E6).
#include "praksis/economy/goodwill.hpp"

#include <fmt/format.h>

#include "praksis/core/error.hpp"
#include "praksis/economy/rate.hpp"

namespace praksis {

GoodwillCheck check_gp_goodwill(Money price, std::span<const Money> incomes,
                                const CapacitySettings& s, std::string_view source) {
  if (static_cast<int>(incomes.size()) != s.goodwill_years) {
    throw InputError(InputLocation{std::string(source), 0, 0, {}},
                     message("input.goodwill.C6.years", s.goodwill_years, incomes.size()));
  }
  Money sum;
  for (Money m : incomes) {
    if (m.ore < 0) {
      throw InputError(InputLocation{std::string(source), 0, 0, {}},
                       message("input.goodwill.C6.negative"));
    }
    sum += m;
  }
  const Rate share = Rate::from_double(s.goodwill_cap_share);
  GoodwillCheck g;
  g.price = price;
  const bool average = s.goodwill_basis == GoodwillBasis::average;
  g.basis = average ? scale(sum, 1, s.goodwill_years) : sum;
  // One rounding: share x sum / years.
  g.cap = average ? apply(sum, share, 1, s.goodwill_years) : apply(sum, share);
  g.allowed = price <= g.cap;
  g.rule = message(average ? "economy.rule.c6_average" : "economy.rule.c6_summed",
                   decimal_arg(share.to_double() * 100, 1), s.goodwill_years);
  return g;
}

GoodwillCheck check_specialist_goodwill(Money price, std::span<const Money> profits,
                                        std::span<const std::int64_t> index_of_year,
                                        std::int64_t index_now, const PracticeAreaSettings& s,
                                        std::string_view source) {
  if (static_cast<int>(profits.size()) != s.specialist_goodwill_years ||
      index_of_year.size() != profits.size()) {
    throw InputError(InputLocation{std::string(source), 0, 0, {}},
                     message("input.goodwill.E6.years", s.specialist_goodwill_years, profits.size(),
                             index_of_year.size()));
  }
  if (index_now <= 0)
    throw InputError(InputLocation{std::string(source), 0, 0, "index"},
                     message("input.goodwill.E6.index"));
  Money indexed_sum;
  for (std::size_t i = 0; i < profits.size(); ++i) {
    if (index_of_year[i] <= 0) {
      throw InputError(InputLocation{std::string(source), 0, 0, "index"},
                       message("input.goodwill.E6.index"));
    }
    indexed_sum += scale(profits[i], index_now, index_of_year[i]);
  }
  const Rate share = Rate::from_double(s.specialist_goodwill_share);
  GoodwillCheck g;
  g.price = price;
  g.basis = scale(indexed_sum, 1, s.specialist_goodwill_years);
  g.cap = apply(indexed_sum, share, 1, s.specialist_goodwill_years);
  if (g.cap.ore < 0) g.cap = Money{};
  g.allowed = price <= g.cap;
  g.rule = message("economy.rule.e6_goodwill", decimal_arg(share.to_double() * 100, 1),
                   s.specialist_goodwill_years);
  return g;
}

}  // namespace praksis
