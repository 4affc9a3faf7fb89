// The claim use cases: a year of claims drawn, stored, imported or written as a claim file.
#include "praksis/app/claims_service.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>

#include "praksis/core/csv.hpp"
#include "praksis/core/error.hpp"
#include "praksis/economy/claim_codec.hpp"
#include "praksis/economy/economy_service.hpp"
#include "praksis/output/log.hpp"
#include "praksis/store/store.hpp"

namespace praksis::app {

namespace {

double seconds(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

std::vector<std::string> codes_of(const TariffTable& t) {
  std::vector<std::string> codes;
  for (const auto& s : t.services()) codes.push_back(s.code);
  return codes;
}

void require_store(const std::string& store) {
  if (store.empty())
    throw InputError(InputLocation{"--db", 0, 0, {}}, message("app.error.give_store"));
}

void require_year(int year) {
  if (year < 1900 || year > 2200)
    throw InputError(InputLocation{"--year", 0, 0, {}}, message("app.error.settlement_year", year));
}

}  // namespace

void ClaimGenerationParameters::validate() const {
  require_store(store);
  require_year(year);
}

void ClaimImportParameters::validate() const {
  if (file.empty())
    throw InputError(InputLocation{"FILE", 0, 0, {}}, message("app.error.give_claim_file"));
  require_store(store);
  require_year(year);
}

void ClaimExportParameters::validate() const {
  require_store(store);
  if (out.empty())
    throw InputError(InputLocation{"--out", 0, 0, {}}, message("app.error.give_out_file"));
}

ClaimGenerationResult ClaimsService::generate(const ClaimGenerationParameters& p) const {
  p.validate();
  const TariffTable tariffs = TariffTable::load_or_embedded(p.tariffs);
  auto store = open_store(p.store, false);
  auto repo = open_economy_repository(*store);
  if (p.out.empty() && !p.replace) {
    for (const auto& y : repo->claim_years()) {
      if (y.year == p.year) {
        throw InputError(InputLocation{"--year", 0, 0, {}},
                         message("app.error.claims_exist", p.year, y.lines));
      }
    }
  }
  auto t0 = std::chrono::steady_clock::now();
  const World world = store->load_world();
  log_info("log.world_loaded", decimal_arg(seconds(t0), 1));
  t0 = std::chrono::steady_clock::now();
  ClaimGenerationResult r;
  const ClaimColumns claims =
      generate_claims(world, settings_.demand, tariffs, p.year, p.seed, {}, &r.stats, p.threads);
  log_info("log.claims.generated", log_count(static_cast<long long>(claims.size())),
           decimal_arg(seconds(t0), 1));
  t0 = std::chrono::steady_clock::now();
  if (!p.out.empty()) {
    CsvWriter w(p.out);
    write_claims_csv(w, world, claims, codes_of(tariffs));
    w.close();
  } else {
    repo->write_claims(p.year, claims, codes_of(tariffs), p.replace);
  }
  if (p.out.empty()) {
    log_info("log.claims.stored", decimal_arg(seconds(t0), 1));
  } else {
    log_info("log.claims.written", decimal_arg(seconds(t0), 1));
  }
  r.written_to = p.out.empty() ? p.store : p.out;
  return r;
}

std::int64_t ClaimsService::import(const ClaimImportParameters& p) const {
  p.validate();
  const TariffTable tariffs = TariffTable::load_or_embedded(p.tariffs);
  auto store = open_store(p.store, false);
  auto repo = open_economy_repository(*store);
  const World world = store->load_world();
  return import_claims(*repo, world, tariffs, p.file, p.year, p.replace);
}

std::int64_t ClaimsService::export_year(const ClaimExportParameters& p) const {
  p.validate();
  auto store = open_store(p.store, false);
  auto repo = open_economy_repository(*store);
  const World world = store->load_world();
  require_claims(*repo, p.year);  // before the file is created
  const auto codes = repo->service_codes();
  CsvWriter w(p.out);
  w.header(claim_file_columns());
  std::int64_t n = 0;
  ClaimColumns c;
  repo->for_each_claim_chunk(p.year, [&](std::string_view chunk) {
    claim_codec::decode(chunk, c);
    write_claim_rows(w, world, c, codes);
    n += static_cast<std::int64_t>(c.size());
  });
  w.close();
  return n;
}

}  // namespace praksis::app
