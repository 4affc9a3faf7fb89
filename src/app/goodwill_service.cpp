// The goodwill use case (C6, E6): the options checked once, the incomes found, the cap applied.
#include "praksis/app/goodwill_service.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "praksis/core/error.hpp"
#include "praksis/economy/economy_repository.hpp"
#include "praksis/store/store.hpp"

namespace praksis::app {

void GoodwillParameters::validate() const {
  if (specialist) {
    if (profits.empty() || indices.empty() || index_now.empty())
      throw InputError(InputLocation{"--specialist", 0, 0, {}},
                       message("app.error.specialist_needs"));
    if (index_now.size() != 1)
      throw InputError(InputLocation{"--index-now", 0, 0, {}}, message("app.error.one_index"));
    return;
  }
  if (incomes.empty() && (store.empty() || ydernummer == 0))
    throw InputError(InputLocation{"--income-kr", 0, 0, {}}, message("app.error.give_incomes"));
}

GoodwillResult GoodwillService::check(const GoodwillParameters& p) const {
  p.validate();
  GoodwillResult r;
  if (p.specialist) {
    r.check = check_specialist_goodwill(p.price, p.profits, p.indices, p.index_now[0],
                                        settings_.practice_areas, "--profit-kr");
    return r;
  }
  std::vector<Money> incomes = p.incomes;
  if (incomes.empty()) {
    // Gross income from the store: what the region paid the ydernummer in each settled year.
    auto store = open_store(p.store, false);
    auto repo = open_economy_repository(*store);
    const auto totals = repo->clinic_totals(p.ydernummer);
    const int years = settings_.capacity.goodwill_years;
    const int last = p.sale_year ? p.sale_year - 1 : (totals.empty() ? 0 : totals.back().first);
    for (int y = last - years + 1; y <= last; ++y) {
      const auto it =
          std::find_if(totals.begin(), totals.end(), [&](auto& t) { return t.first == y; });
      if (it == totals.end())
        throw InputError(InputLocation{"--ydernummer", 0, 0, {}},
                         message("app.error.no_settlement_year", p.ydernummer, y, years));
      incomes.push_back(it->second);
      r.income_by_year.emplace_back(y, it->second);
    }
  }
  r.check = check_gp_goodwill(p.price, incomes, settings_.capacity, "--income-kr");
  return r;
}

}  // namespace praksis::app
