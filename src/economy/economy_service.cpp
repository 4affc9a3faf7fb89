// Economy use cases: claim import, parallel claim aggregation, settling a year.
#include "praksis/economy/economy_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "praksis/core/csv.hpp"
#include "praksis/core/error.hpp"
#include "praksis/core/parse.hpp"
#include "praksis/economy/claim_codec.hpp"

namespace praksis {

namespace {
double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

/// A bounded queue of chunks between the store reader and the decoding workers.
class ChunkQueue {
 public:
  explicit ChunkQueue(std::size_t capacity) : capacity_(capacity) {}
  void push(std::string chunk) {
    std::unique_lock lock(m_);
    not_full_.wait(lock, [&] { return q_.size() < capacity_ || aborted_; });
    if (aborted_) return;
    q_.push_back(std::move(chunk));
    not_empty_.notify_one();
  }
  bool pop(std::string& out) {
    std::unique_lock lock(m_);
    not_empty_.wait(lock, [&] { return !q_.empty() || closed_ || aborted_; });
    if (aborted_ || q_.empty()) return false;
    out = std::move(q_.front());
    q_.pop_front();
    not_full_.notify_one();
    return true;
  }
  void close() {
    std::lock_guard lock(m_);
    closed_ = true;
    not_empty_.notify_all();
  }
  void abort() {
    std::lock_guard lock(m_);
    aborted_ = true;
    not_empty_.notify_all();
    not_full_.notify_all();
  }

 private:
  std::size_t capacity_;
  std::deque<std::string> q_;
  bool closed_ = false, aborted_ = false;
  std::mutex m_;
  std::condition_variable not_empty_, not_full_;
};
}  // namespace

std::int64_t import_claims(EconomyRepository& repo, const World& world, const TariffTable& tariffs,
                           const std::filesystem::path& file, int year, bool replace) {
  const auto existing = replace ? std::vector<std::uint64_t>{} : repo.claim_ids(year);
  const ClaimColumns claims = read_claims_csv(file, world, tariffs, year, existing);
  std::vector<std::string> codes;
  for (const auto& s : tariffs.services()) codes.push_back(s.code);
  repo.write_claims(year, claims, codes, replace);
  return static_cast<std::int64_t>(claims.size());
}

std::int64_t require_claims(EconomyRepository& repo, int year) {
  for (const auto& y : repo.claim_years()) {
    if (y.year == year && y.lines > 0) return y.lines;
  }
  throw InputError(InputLocation{"--year", 0, 0, {}}, message("economy.error.no_claims", year));
}

ActivityMatrix load_activity(EconomyRepository& repo, const World& world,
                             const TariffTable& tariffs, int year, unsigned threads) {
  // Dictionary position -> tariff position; a stored code the tariffs lack is an input error.
  const auto dict = repo.service_codes();
  std::vector<std::uint16_t> map(dict.size(), 0);
  std::vector<bool> known(dict.size(), false);
  for (std::size_t i = 0; i < dict.size(); ++i) {
    if (auto t = tariffs.find(dict[i])) {
      map[i] = static_cast<std::uint16_t>(*t);
      known[i] = true;
    }
  }
  const auto chronic = chronic_clinic_of(world.citizens);
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  const std::size_t workers = std::max<std::size_t>(1, threads);
  std::vector<ActivityMatrix> partial(workers,
                                      ActivityMatrix(world.clinics.size(), tariffs.size()));
  std::vector<std::exception_ptr> errors(workers);
  std::vector<std::vector<bool>> used(workers, std::vector<bool>(dict.size(), false));
  ChunkQueue queue(2 * workers + 2);
  std::vector<std::thread> pool;
  for (std::size_t w = 0; w < workers; ++w) {
    pool.emplace_back([&, w] {
      try {
        ClaimColumns cols;
        std::string chunk;
        while (queue.pop(chunk)) {
          claim_codec::decode(chunk, cols);
          for (auto s : cols.service) {
            if (s < used[w].size()) used[w][s] = true;
          }
          aggregate_claims(cols, map, chronic, partial[w]);
        }
      } catch (...) {
        errors[w] = std::current_exception();
        queue.abort();
      }
    });
  }
  try {
    repo.for_each_claim_chunk(year,
                              [&](std::string_view chunk) { queue.push(std::string(chunk)); });
  } catch (...) {
    queue.abort();
    for (auto& t : pool) t.join();
    throw;
  }
  queue.close();
  for (auto& t : pool) t.join();
  for (auto& e : errors) {
    if (e) std::rethrow_exception(e);
  }
  for (std::size_t w = 1; w < workers; ++w) partial[0].merge(partial[w]);
  for (std::size_t i = 0; i < dict.size(); ++i) {
    bool u = false;
    for (std::size_t w = 0; w < workers; ++w) u = u || used[w][i];
    if (u && !known[i]) {
      throw InputError(InputLocation{tariffs.source(), 0, 0, "code"},
                       message("economy.error.unknown_code", year, dict[i]));
    }
  }
  return std::move(partial[0]);
}

std::vector<KommuneCode> parse_threatened_kommuner(std::string_view list, std::string_view source,
                                                   const World& world) {
  std::vector<KommuneCode> out;
  IssueCollector issues;
  std::string_view s = list;
  while (!s.empty()) {
    const auto comma = s.find(',');
    const auto item = s.substr(0, comma);
    const auto k = parse_int<int>(item);
    if (!k || !world.find_kommune(static_cast<KommuneCode>(*k)) || *k < 100 || *k > 999) {
      issues.add(InputLocation{std::string(source), 0, 0, {}},
                 message("economy.error.kommune", item));
    } else {
      out.push_back(static_cast<KommuneCode>(*k));
    }
    if (comma == std::string_view::npos) break;
    s.remove_prefix(comma + 1);
  }
  issues.throw_if_any();
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<KommuneCode> read_threatened_kommuner(const std::filesystem::path& file,
                                                  const World& world) {
  FileView view(file);
  CsvReader reader(file.string(), view.data());
  const auto header = reader.read_header();
  const auto col = std::find(header.begin(), header.end(), "kommunekode");
  if (col == header.end()) {
    throw InputError(InputLocation{file.string(), 1, 0, {}},
                     message("economy.error.kommune_column"));
  }
  const auto c = static_cast<std::size_t>(col - header.begin());
  IssueCollector issues;
  std::vector<KommuneCode> out;
  CsvRow row;
  while (reader.next(row)) {
    if (row.fields.size() != header.size()) {
      issues.add(InputLocation{file.string(), row.line, 0, {}},
                 message("economy.error.columns", header.size(), row.fields.size()));
      continue;
    }
    const auto k = parse_int<int>(row.fields[c]);
    if (!k || *k < 100 || *k > 999 || !world.find_kommune(static_cast<KommuneCode>(*k))) {
      issues.add(reader.at(row, c, "kommunekode"), message("economy.error.kommune", row.fields[c]));
      continue;
    }
    out.push_back(static_cast<KommuneCode>(*k));
  }
  issues.throw_if_any();
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

namespace {
/// The settlement inputs of `options.year` that come from the store: the højestegrânse state and
/// the frame result of the year before.
SettlementParams params_for(EconomyRepository& repo, const SettleOptions& options) {
  SettlementParams p;
  p.year = options.year;
  p.threatened = options.threatened;
  p.cap_states = repo.cap_states(options.year - 1);
  p.forgiveness = options.forgiveness;
  p.previous_small_overrun_not_offset = options.previous_small_overrun;
  const auto prev = repo.frame_result(options.year - 1);
  if (!p.previous_small_overrun_not_offset && prev) {
    p.previous_small_overrun_not_offset = prev->small_overrun && !prev->offset;
  }
  if (prev && prev->offset) p.fee_factor = prev->next_year_factor;
  return p;
}
}  // namespace

SettleRun settle_year(EconomyRepository& repo, const World& world, const Settings& settings,
                      const TariffTable& tariffs, const SettleOptions& options) {
  const int year = options.year;
  const auto settled = repo.settled_years();
  if (options.persist && !settled.empty()) {
    if (settled.back() > year) {
      throw InputError(InputLocation{"--year", 0, 0, {}},
                       message("economy.error.settled", settled.back(), year, settled.back()));
    }
    if (settled.back() < year - 1) {
      throw InputError(InputLocation{"--year", 0, 0, {}},
                       message("economy.error.settle_first", settled.back(), settled.back() + 1));
    }
  }
  require_claims(repo, year);
  SettleRun run;
  run.fees = FeeStructure::from(tariffs, settings.economy);
  SettlementParams p = params_for(repo, options);
  // Rule L6: the listings in force on the year's last day; patient-months follow the changes.
  std::optional<World> dated;
  if (!options.listing_changes.empty()) {
    dated = world;
    listing_as_of(*dated, options.listing_changes, Date::from_ymd(year, 12, 31));
    p.patient_months = patient_months(world, options.listing_changes, year);
  }
  const World& w = dated ? *dated : world;
  auto t0 = std::chrono::steady_clock::now();
  run.activity = load_activity(repo, w, tariffs, year, options.threads);
  run.seconds_claims = seconds_since(t0);

  t0 = std::chrono::steady_clock::now();
  run.settlement = compute_settlement(w, run.fees, settings.demand, run.activity, p);
  run.fees = with_fee_factor(run.fees, p.fee_factor);  // the fees the settlement paid
  run.seconds_compute = seconds_since(t0);

  if (options.persist) {
    t0 = std::chrono::steady_clock::now();
    repo.save_settlement(run.settlement, run.fees, run.activity, w, settings.to_toml());
    run.seconds_save = seconds_since(t0);
  }
  return run;
}

ScenarioResult run_scenario_year(EconomyRepository& repo, const World& world,
                                 const Settings& settings, const TariffTable& tariffs,
                                 const Scenario& scenario, const SettleOptions& options) {
  require_claims(repo, options.year);
  const ActivityMatrix activity =
      load_activity(repo, world, tariffs, options.year, options.threads);
  return run_scenario(scenario, FeeStructure::from(tariffs, settings.economy), world,
                      settings.demand, activity, params_for(repo, options));
}

}  // namespace praksis
