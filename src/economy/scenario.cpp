// Fee scenarios: parsing, budget-neutral re-pricing, comparison with the baseline.
#include "praksis/economy/scenario.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "core/toml_input.hpp"
#include "praksis/core/error.hpp"

namespace praksis {

namespace {

class ScenarioReader {
 public:
  ScenarioReader(std::string source, IssueCollector& issues)
      : source_(std::move(source)), issues_(issues) {}

  void fail(const toml::node& n, std::string key, Message reason) {
    issues_.add(InputLocation{source_, static_cast<std::int64_t>(n.source().begin.line),
                              static_cast<std::int64_t>(n.source().begin.column), std::move(key)},
                std::move(reason));
  }
  std::optional<double> number(const toml::node& n, const std::string& key, double lo, double hi) {
    std::optional<double> v;
    if (auto i = n.value_exact<std::int64_t>())
      v = static_cast<double>(*i);
    else if (auto d = n.value_exact<double>())
      v = *d;
    if (!v || !(*v >= lo && *v <= hi)) {
      fail(n, key,
           hi == std::numeric_limits<double>::infinity()
               ? message("input.scenario.at_least", lo)
               : message("input.scenario.between", lo, hi));
      return std::nullopt;
    }
    return v;
  }
  std::optional<Money> kr(const toml::node& n, const std::string& key) {
    auto v = number(n, key, 0, 1e13);
    if (!v) return std::nullopt;
    return Money::from_kr_rounded(*v);
  }
  std::optional<bool> boolean(const toml::node& n, const std::string& key) {
    auto b = n.value_exact<bool>();
    if (!b) fail(n, key, message("input.scenario.bool"));
    return b;
  }
  std::optional<std::string> text(const toml::node& n, const std::string& key) {
    auto s = n.value_exact<std::string>();
    if (!s) fail(n, key, message("input.scenario.string"));
    return s;
  }

 private:
  std::string source_;
  IssueCollector& issues_;
};

}  // namespace

Scenario Scenario::parse(std::string_view text, std::string source, const TariffTable& tariffs) {
  const toml::table root = detail::parse_toml(text, source);
  Scenario sc;
  sc.source = source;
  IssueCollector issues;
  ScenarioReader r(source, issues);
  const double inf = std::numeric_limits<double>::infinity();
  for (auto&& [k, node] : root) {
    const std::string key(k.str());
    if (key == "name") {
      if (auto s = r.text(node, key)) sc.name = *s;
    } else if (key == "description") {
      if (auto s = r.text(node, key)) sc.description = *s;
    } else if (key == "basic_fee_kr_per_month") {
      sc.basic_fee_per_month = r.kr(node, key);
    } else if (key == "basic_share") {
      if (auto v = r.number(node, key, 0, 1)) sc.basic_share = Rate::from_double(*v);
    } else if (key == "risk_adjusted_basic") {
      if (auto b = r.boolean(node, key)) sc.risk_adjusted_basic = *b;
    } else if (key == "chronic_fee") {
      sc.chronic_fee_enabled = r.boolean(node, key);
    } else if (key == "chronic_fee_kr_per_year") {
      sc.chronic_fee_per_year = r.kr(node, key);
    } else if (key == "activity_fee_factor") {
      if (auto v = r.number(node, key, 0, 100)) sc.activity_factor = Rate::from_double(*v);
    } else if (key == "differentiated_pool_kr") {
      sc.differentiated_pool = r.kr(node, key);
    } else if (key == "model1_kr_per_doctor") {
      sc.model1_per_doctor = r.kr(node, key);
    } else if (key == "model2_cap_kr_per_capacity") {
      sc.model2_cap_per_capacity = r.kr(node, key);
    } else if (key == "cap_above_regional_average") {
      sc.cap_above_regional_average = r.number(node, key, 0, inf);
    } else if (key == "fees") {
      const toml::table* t = node.as_table();
      if (!t) {
        r.fail(node, key, message("input.scenario.fees"));
        continue;
      }
      for (auto&& [code, fee] : *t) {
        const std::string k2 = fmt::format("fees.{}", code.str());
        const auto pos = tariffs.find(code.str());
        if (!pos) {
          r.fail(fee, k2, message("input.claims.unknown_service", code.str(), tariffs.source()));
          continue;
        }
        if (tariffs[*pos].kind == ServiceKind::basic) {
          r.fail(fee, k2, message("input.scenario.basic_fee"));
          continue;
        }
        if (auto m = r.kr(fee, k2)) sc.fees.emplace_back(std::string(code.str()), *m);
      }
    } else {
      r.fail(node, key, message("input.scenario.unknown_key"));
    }
  }
  if (sc.basic_share && (sc.basic_fee_per_month || sc.activity_factor)) {
    issues.add(InputLocation{source, 0, 0, "basic_share"},
               message("input.scenario.basic_share_alone"));
  }
  issues.throw_if_any();
  if (sc.name.empty()) sc.name = std::filesystem::path(source).stem().string();
  return sc;
}

Scenario Scenario::load(const std::filesystem::path& path, const TariffTable& tariffs) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw InputError(InputLocation{path.string(), 0, 0, {}}, message("input.scenario.cannot_open"));
  std::stringstream ss;
  ss << in.rdbuf();
  return parse(ss.str(), path.string(), tariffs);
}

FeeStructure scenario_fees(const Scenario& sc, const FeeStructure& base, const Settlement& baseline,
                           const World& world, const DemandSettings& demand,
                           const ActivityMatrix& activity, const SettlementParams& params) {
  FeeStructure f = base;
  EconomySettings& e = f.economy;
  if (sc.chronic_fee_enabled) f.chronic_fee_enabled = *sc.chronic_fee_enabled;
  if (sc.chronic_fee_per_year) e.chronic_fee_per_year = *sc.chronic_fee_per_year;
  if (sc.differentiated_pool) e.differentiated_pool = *sc.differentiated_pool;
  if (sc.model1_per_doctor) e.model1_per_doctor = *sc.model1_per_doctor;
  if (sc.model2_cap_per_capacity) e.model2_cap_per_capacity = *sc.model2_cap_per_capacity;
  if (sc.cap_above_regional_average) e.cap_above_regional_average = *sc.cap_above_regional_average;
  f.risk_adjusted_basic = sc.risk_adjusted_basic;
  if (sc.basic_fee_per_month) f.tariffs.set_fee(f.tariffs.basic_index(), *sc.basic_fee_per_month);
  auto scale_activity = [&](Rate factor) {
    for (std::size_t s = 0; s < f.tariffs.size(); ++s) {
      if (f.tariffs[s].kind != ServiceKind::basic)
        f.tariffs.set_fee(s, apply(f.tariffs[s].fee, factor));
    }
  };
  if (sc.activity_factor) scale_activity(*sc.activity_factor);
  for (const auto& [code, fee] : sc.fees) f.tariffs.set_fee(*f.tariffs.find(code), fee);

  if (sc.basic_share) {
    // Price once with the explicit changes to learn the scenario's chronic and differentiated
    // amounts and its activity at unscaled fees, then solve for the pool and the factor.
    const Settlement probe = compute_settlement(world, f, demand, activity, params);
    const Money gross = baseline.nation.gross();
    const Money fixed_target = apply(gross, *sc.basic_share);
    const Money others = probe.nation.chronic + probe.nation.model1 + probe.nation.model2;
    if (others > fixed_target) {
      throw InputError(InputLocation{sc.source, 0, 0, "basic_share"},
                       message("input.scenario.basic_share_too_small", sc.basic_share->to_string(4),
                               decimal_arg(static_cast<double>(fixed_target.ore) / 100, 2),
                               decimal_arg(static_cast<double>(others.ore) / 100, 2)));
    }
    f.basic_pool = fixed_target - others;
    const Money activity_target = gross - fixed_target;
    if (probe.nation.activity.ore > 0)
      scale_activity(ratio(activity_target, probe.nation.activity));
  }
  return f;
}

ScenarioResult run_scenario(const Scenario& sc, const FeeStructure& baseline_fees,
                            const World& world, const DemandSettings& demand,
                            const ActivityMatrix& activity, const SettlementParams& year_params) {
  // The baseline is the year as settled, with an E5 offset's fee factor; the scenario changes
  // those fees (its explicit amounts are taken as they are).
  const FeeStructure base = with_fee_factor(baseline_fees, year_params.fee_factor);
  SettlementParams params = year_params;
  params.fee_factor = Rate::one();
  ScenarioResult r;
  r.scenario = sc;
  r.baseline = compute_settlement(world, base, demand, activity, params);
  r.fees = scenario_fees(sc, base, r.baseline, world, demand, activity, params);
  r.result = compute_settlement(world, r.fees, demand, activity, params);
  r.baseline.fee_factor = r.result.fee_factor = year_params.fee_factor;
  return r;
}

namespace {
void change_columns(ReportTable& t) {
  t.column("baseline_kr", CellKind::money)
      .column("scenario_kr", CellKind::money)
      .column("change_kr", CellKind::money)
      .column("change", CellKind::share);
}
void change_cells(std::vector<Cell>& r, Money before, Money after) {
  r.emplace_back(before);
  r.emplace_back(after);
  r.emplace_back(after - before);
  r.emplace_back(before.ore != 0 ? ratio(after - before, before) : Rate::zero());
}
}  // namespace

std::vector<ReportTable> scenario_tables(const ScenarioResult& res, const World& world, Lang lang) {
  std::vector<ReportTable> out;
  const auto yes_no = [lang](bool b) {
    return std::string(text(b ? "economy.yes" : "economy.no", lang));
  };
  const auto& th = res.baseline.threatened;
  auto threatened = [&](KommuneCode k) { return std::binary_search(th.begin(), th.end(), k); };
  {
    ReportTable t{"scenario",
                  textf("economy.title.scenario", lang, res.scenario.name, res.baseline.year),
                  {},
                  {},
                  true};
    t.column("scenario", CellKind::text)
        .column("basic_fee_per_month_kr", CellKind::money)
        .column("risk_adjusted_basic", CellKind::text)
        .column("chronic_fee", CellKind::text)
        .column("baseline_basic_share", CellKind::share)
        .column("scenario_basic_share", CellKind::share)
        .column("baseline_gross_kr", CellKind::money)
        .column("scenario_gross_kr", CellKind::money)
        .column("baseline_total_kr", CellKind::money)
        .column("scenario_total_kr", CellKind::money)
        .column("change_kr", CellKind::money)
        .column("clinics_gaining", CellKind::integer)
        .column("clinics_losing", CellKind::integer);
    std::int64_t up = 0, down = 0;
    for (std::size_t c = 0; c < res.baseline.clinics.size(); ++c) {
      const Money d = res.result.clinics[c].fees.total() - res.baseline.clinics[c].fees.total();
      up += d.ore > 0;
      down += d.ore < 0;
    }
    auto& r = t.row();
    r.emplace_back(res.scenario.name);
    r.emplace_back(res.fees.basic_pool ? Money{} : res.fees.tariffs.basic_fee_per_month());
    r.emplace_back(yes_no(res.fees.risk_adjusted_basic));
    r.emplace_back(yes_no(res.fees.chronic_fee_enabled));
    r.emplace_back(res.baseline.nation.basic_share());
    r.emplace_back(res.result.nation.basic_share());
    r.emplace_back(res.baseline.nation.gross());
    r.emplace_back(res.result.nation.gross());
    r.emplace_back(res.baseline.nation.total());
    r.emplace_back(res.result.nation.total());
    r.emplace_back(res.result.nation.total() - res.baseline.nation.total());
    r.emplace_back(up);
    r.emplace_back(down);
    label_columns(t, "economy.col.", lang);
    out.push_back(std::move(t));
  }
  {
    ReportTable t{"threatened", std::string(text("economy.title.threatened", lang)), {}, {}, false};
    t.column("group", CellKind::text)
        .column("clinics", CellKind::integer)
        .column("capacities", CellKind::integer);
    change_columns(t);
    t.column("baseline_per_capacity_kr", CellKind::money)
        .column("scenario_per_capacity_kr", CellKind::money);
    FeeTotals b[2], s[2];
    for (std::size_t c = 0; c < res.baseline.clinics.size(); ++c) {
      const int g = threatened(res.baseline.clinics[c].kommune) ? 0 : 1;
      b[g] += res.baseline.clinics[c].fees;
      s[g] += res.result.clinics[c].fees;
    }
    for (int g = 0; g < 2; ++g) {
      auto& r = t.row();
      r.emplace_back(
          std::string(text(g == 0 ? "economy.group.threatened" : "economy.group.rest", lang)));
      r.emplace_back(b[g].clinics);
      r.emplace_back(b[g].capacities);
      change_cells(r, b[g].total(), s[g].total());
      r.emplace_back(b[g].capacities ? scale(b[g].total(), 1, b[g].capacities) : Money{});
      r.emplace_back(s[g].capacities ? scale(s[g].total(), 1, s[g].capacities) : Money{});
    }
    label_columns(t, "economy.col.", lang);
    out.push_back(std::move(t));
  }
  {
    ReportTable t{"kommuner", std::string(text("economy.title.kommuner", lang)), {}, {}, false};
    t.column("kommune", CellKind::code)
        .column("name", CellKind::text)
        .column("threatened", CellKind::text)
        .column("clinics", CellKind::integer)
        .column("capacities", CellKind::integer);
    change_columns(t);
    std::map<KommuneCode, std::pair<FeeTotals, FeeTotals>> by;
    for (std::size_t c = 0; c < res.baseline.clinics.size(); ++c) {
      auto& e = by[res.baseline.clinics[c].kommune];
      e.first += res.baseline.clinics[c].fees;
      e.second += res.result.clinics[c].fees;
    }
    for (const auto& [k, v] : by) {
      auto& r = t.row();
      const Kommune* km = world.find_kommune(k);
      r.emplace_back(std::int64_t{k});
      r.emplace_back(km ? km->name : std::string());
      r.emplace_back(yes_no(threatened(k)));
      r.emplace_back(v.first.clinics);
      r.emplace_back(v.first.capacities);
      change_cells(r, v.first.total(), v.second.total());
    }
    label_columns(t, "economy.col.", lang);
    out.push_back(std::move(t));
  }
  {
    ReportTable t{
        "clinics", std::string(text("economy.title.scenario_clinics", lang)), {}, {}, false};
    t.column("ydernummer", CellKind::code)
        .column("kommune", CellKind::code)
        .column("threatened", CellKind::text)
        .column("capacities", CellKind::integer)
        .column("listed_patients", CellKind::integer);
    change_columns(t);
    for (std::size_t c = 0; c < res.baseline.clinics.size(); ++c) {
      const auto& b = res.baseline.clinics[c];
      auto& r = t.row();
      r.emplace_back(std::int64_t{b.ydernummer});
      r.emplace_back(std::int64_t{b.kommune});
      r.emplace_back(yes_no(threatened(b.kommune)));
      r.emplace_back(b.fees.capacities);
      r.emplace_back(b.fees.listed_patients);
      change_cells(r, b.fees.total(), res.result.clinics[c].fees.total());
    }
    label_columns(t, "economy.col.", lang);
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace praksis
