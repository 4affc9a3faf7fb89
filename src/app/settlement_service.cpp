// The settlement use case: the options checked once, the year settled, shown or re-priced.
#include "praksis/app/settlement_service.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

#include "praksis/app/coverage_service.hpp"
#include "praksis/core/error.hpp"
#include "praksis/economy/settlement_report.hpp"
#include "praksis/listing/listing_repository.hpp"
#include "praksis/output/log.hpp"
#include "praksis/store/store.hpp"

namespace praksis::app {

namespace {

double seconds(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

std::optional<bool> yes_no(const std::string& text) {
  if (text == "yes") return true;
  if (text == "no") return false;
  if (!text.empty())
    throw InputError(InputLocation{"--previous-small-overrun", 0, 0, {}},
                     message("app.error.yes_no"));
  return std::nullopt;
}

}  // namespace

std::string SettlementParameters::csv_table() const {
  const bool sc = !scenario.empty();
  if (level.empty()) return sc ? "threatened" : "regions";
  if (level == "nation") return sc ? "scenario" : "summary";
  if (level == "region" && !sc) return "regions";
  if (level == "frame" && !sc) return "frame";
  if (level == "kommune" && sc) return "kommuner";
  if (level == "threatened" && sc) return "threatened";
  if (level == "clinic") return "clinics";
  throw InputError(InputLocation{"--level", 0, 0, {}},
                   message(sc ? "app.error.levels_scenario" : "app.error.levels"));
}

void SettlementParameters::validate() const {
  if (year < 1900 || year > 2200)
    throw InputError(InputLocation{"--year", 0, 0, {}}, message("app.error.settlement_year", year));
  csv_table();
  yes_no(previous_small_overrun);
  if (forgiveness.ore < 0)
    throw InputError(InputLocation{"--forgiveness-kr", 0, 0, {}}, message("app.error.forgiveness"));
}

std::vector<ReportTable> SettlementResult::tables(bool clinics, Lang lang) const {
  if (explained) {
    const ClinicExplanation& e = *explained;
    return {explain_clinic(e.clinic, e.lines, e.tariffs, e.region, economy, world, lang)};
  }
  if (scenario) return scenario_tables(*scenario, world, lang);
  auto t = settlement_tables(*settlement, world, economy, lang);
  if (clinics) t.push_back(clinic_table(*settlement, world, lang));
  return t;
}

SettlementResult SettlementService::run(const SettlementParameters& p) const {
  const Settings& s = settings_;
  const TariffTable tariffs = TariffTable::load_or_embedded(p.tariffs);
  p.validate();
  std::optional<Scenario> sc;
  if (!p.scenario.empty()) sc = Scenario::load(p.scenario, tariffs);

  auto store = open_store(p.store, false);
  auto repo = open_economy_repository(*store);
  auto t0 = std::chrono::steady_clock::now();
  SettlementResult r{store->load_world(), s.economy, {}, {}, {}, false};
  const World& world = r.world;
  log_info("log.world_loaded", decimal_arg(seconds(t0), 2));

  if (p.show) {
    auto stored = repo->load_settlement(p.year);
    if (!stored)
      throw InputError(InputLocation{"--year", 0, 0, {}}, message("app.error.not_settled", p.year));
    r.settlement = std::move(stored->settlement);
    return r;
  }

  std::optional<std::size_t> clinic;
  if (p.clinic != 0 && !sc) {
    clinic = world.find_clinic(p.clinic);
    if (!clinic)
      throw InputError(InputLocation{"--clinic", 0, 0, {}},
                       message("app.error.no_ydernummer", p.clinic));
  }

  SettleOptions so;
  so.year = p.year;
  so.threatened = CoverageService(s).threatened_kommuner(world, *store,
                                                         {.list = p.threatened,
                                                          .file = p.threatened_file,
                                                          .year = p.year,
                                                          .settings_source = p.settings_source});
  so.forgiveness = p.forgiveness;
  so.previous_small_overrun = yes_no(p.previous_small_overrun);
  so.threads = p.threads;
  so.listing_changes = listing::load_dated_listings(*store, world);
  if (so.threatened.empty()) {
    log_warn("log.settle.no_threatened");
  }

  if (sc) {
    t0 = std::chrono::steady_clock::now();
    r.scenario = run_scenario_year(*repo, world, s, tariffs, *sc, so);
    log_info("log.settle.scenario", p.year, decimal_arg(seconds(t0), 2));
    return r;
  }

  so.persist = !p.dry_run;
  SettleRun run = settle_year(*repo, world, s, tariffs, so);
  log_info("log.settle.settled", p.year, decimal_arg(run.seconds_claims, 2),
           decimal_arg(run.seconds_compute, 2), decimal_arg(run.seconds_save, 2));
  // E5: frame_kr is Denmark's frame; praksis does not scale it to a smaller dataset.
  const FrameResult& fr = run.settlement.frame;
  r.frame_is_national = fr.frame.ore > 0 && fr.expenditure.ore < fr.frame.ore / 2;
  if (clinic) {
    const ClinicSettlement& cs = run.settlement.clinics[*clinic];
    ClinicExplanation e{cs, {}, {}, run.fees.tariffs};
    for (const auto& l : service_lines(run.activity, run.fees, *clinic))
      e.lines.push_back(
          {run.fees.tariffs[l.service].code, l.paid_units, l.replaced_units, l.amount});
    e.region = *std::find_if(run.settlement.regions.begin(), run.settlement.regions.end(),
                             [&](const RegionSettlement& x) { return x.code == cs.region; });
    r.explained = std::move(e);
  }
  r.settlement = std::move(run.settlement);
  return r;
}

}  // namespace praksis::app
