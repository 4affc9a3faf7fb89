// The goodwill use case: may a ydernummer be sold for this goodwill? (rule C6; a specialist's
// under rule E6). The gross incomes are given or taken from the store's settled years.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "praksis/economy/goodwill.hpp"
#include "praksis/model/codes.hpp"
#include "praksis/settings/settings.hpp"

namespace praksis::app {

/// What `praksis goodwill` asks, as given (amounts already read as kr).
struct GoodwillParameters {
  Money price{};                          // `--price-kr`: the agreed goodwill
  std::vector<Money> incomes{};           // `--income-kr`: the GP's gross incomes, oldest first
  std::string store{};                    // `--db`: take the incomes from the settled years instead
  Ydernummer ydernummer = 0;              // `--ydernummer` (with --db)
  int sale_year = 0;                      // `--sale-year` (0: after the last settled year)
  bool specialist = false;                // `--specialist`: rule E6 instead of C6
  std::vector<Money> profits{};           // `--profit-kr` (specialist)
  std::vector<std::int64_t> indices{};    // `--index`: price index of each profit year, x100
  std::vector<std::int64_t> index_now{};  // `--index-now`: one value, x100

  /// InputError naming the option: a specialist check without its profits and indices, more
  /// than one --index-now, a GP check with neither incomes nor --db and --ydernummer.
  void validate() const;
};

struct GoodwillResult {
  GoodwillCheck check;
  /// With --db: the settled years the incomes were taken from, oldest first.
  std::vector<std::pair<int, Money>> income_by_year;
};

class GoodwillService {
 public:
  explicit GoodwillService(const Settings& settings) : settings_(settings) {}

  /// Validates `p`, reads the incomes from the store when asked (InputError naming --ydernummer
  /// when one of the last goodwill_years years is not settled) and checks the price.
  GoodwillResult check(const GoodwillParameters& p) const;

 private:
  const Settings& settings_;
};

}  // namespace praksis::app
