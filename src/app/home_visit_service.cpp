// The home-visit use case (A3): the year's claims counted per area.
#include "praksis/app/home_visit_service.hpp"

#include "praksis/core/error.hpp"
#include "praksis/economy/economy_service.hpp"
#include "praksis/store/store.hpp"

namespace praksis::app {

void HomeVisitParameters::validate() const {
  if (store.empty())
    throw InputError(InputLocation{"--db", 0, 0, {}}, message("app.error.give_store"));
  if (year == 0)
    throw InputError(InputLocation{"--year", 0, 0, {}}, message("app.error.give_claim_year"));
}

std::vector<ReportTable> HomeVisitResult::tables(Lang lang) const {
  return home_visit_tables(areas, settings, year, lang);
}

HomeVisitResult HomeVisitService::run(const HomeVisitParameters& p) const {
  p.validate();
  auto store = open_store(p.store, false);
  auto repo = open_economy_repository(*store);
  require_claims(*repo, p.year);
  const World world = store->load_world();
  return {stored_home_visit_figures(*repo, world, settings_.service, p.year), settings_.service,
          p.year};
}

}  // namespace praksis::app
