// Report tables of a settlement.
#include "praksis/economy/settlement_report.hpp"

#include <fmt/format.h>

namespace praksis {

namespace {
Money per(Money m, std::int64_t n) {
  return n > 0 ? scale(m, 1, n) : Money{};
}

std::string kommune_name(const World& w, KommuneCode k) {
  const Kommune* km = w.find_kommune(k);
  return km ? km->name : std::string();
}

std::string cap_state_text(const CapState& s, Lang lang) {
  if (!s.imposed) return std::string(text("economy.cap.none", lang));
  return s.years_below == 0 ? std::string(text("economy.cap.imposed", lang))
                            : textf("economy.cap.imposed_below", lang, s.years_below);
}

std::string yes_no(bool b, Lang lang) {
  return std::string(text(b ? "economy.yes" : "economy.no", lang));
}

/// Why the overrun is (not) offset (rule E5), in `lang`: from the result's figures, so a stored
/// settlement reads in the reader's language too.
std::string frame_reason(const FrameResult& f, const EconomySettings& economy, Lang lang) {
  const std::string pct = format_share(f.overrun_share, 3, lang);
  const std::string tol = format_share(Rate::from_double(economy.offset_tolerance), 3, lang);
  if (f.overrun.ore <= 0) return textf("economy.frame.within", lang, pct);
  if (f.offset && !f.small_overrun)
    return textf("economy.frame.above_tolerance", lang, pct, tol,
                 kOffsetModeNames[static_cast<int>(economy.offset_mode)]);
  if (f.offset) return textf("economy.frame.small_repeated", lang, pct, tol);
  return textf("economy.frame.small_single", lang, pct, tol);
}

void money_columns(ReportTable& t) {
  t.column("basic_kr", CellKind::money)
      .column("chronic_kr", CellKind::money)
      .column("model1_kr", CellKind::money)
      .column("model2_kr", CellKind::money)
      .column("activity_kr", CellKind::money)
      .column("cap_repayment_kr", CellKind::money)
      .column("total_kr", CellKind::money);
}
void money_cells(std::vector<Cell>& r, const FeeTotals& f) {
  for (Money m : {f.basic, f.chronic, f.model1, f.model2, f.activity, f.cap_repayment, f.total()}) {
    r.emplace_back(m);
  }
}
}  // namespace

std::vector<ReportTable> settlement_tables(const Settlement& s, const World& world,
                                           const EconomySettings& economy, Lang lang) {
  std::vector<ReportTable> out;
  const FeeTotals& n = s.nation;
  {
    ReportTable t{"summary", textf("economy.title.summary", lang, s.year), {}, {}, true};
    t.column("year", CellKind::code)
        .column("clinics", CellKind::integer)
        .column("capacities", CellKind::integer)
        .column("listed_patients", CellKind::integer)
        .column("chronic_patients", CellKind::integer)
        .column("claim_lines", CellKind::integer)
        .column("contacts", CellKind::integer)
        .column("basic_kr", CellKind::money)
        .column("chronic_kr", CellKind::money)
        .column("model1_kr", CellKind::money)
        .column("model2_kr", CellKind::money)
        .column("basic_part_kr", CellKind::money)
        .column("activity_kr", CellKind::money)
        .column("replaced_by_chronic_kr", CellKind::money)
        .column("gross_kr", CellKind::money)
        .column("cap_repayment_kr", CellKind::money)
        .column("total_kr", CellKind::money)
        .column("basic_share", CellKind::share)
        .column("basic_share_target", CellKind::share)
        .column("total_per_capacity_kr", CellKind::money)
        .column("total_per_citizen_kr", CellKind::money)
        .column("clinics_above_cap", CellKind::integer)
        .column("clinics_repaying", CellKind::integer)
        .column("model1_doctors", CellKind::integer)
        .column("differentiated_unused_kr", CellKind::money)
        .column("threatened_kommuner", CellKind::integer)
        .column("fee_factor_applied", CellKind::factor)
        .column("tariffs", CellKind::text);
    auto& r = t.row();
    for (std::int64_t v : {std::int64_t{s.year}, n.clinics, n.capacities, n.listed_patients,
                           n.chronic_patients, n.claim_lines, n.contacts}) {
      r.emplace_back(v);
    }
    for (Money m : {n.basic, n.chronic, n.model1, n.model2, n.basic_part(), n.activity,
                    n.replaced_by_chronic, n.gross(), n.cap_repayment, n.total()}) {
      r.emplace_back(m);
    }
    r.emplace_back(n.basic_share());
    r.emplace_back(Rate::from_double(economy.basic_share_target));
    r.emplace_back(per(n.total(), n.capacities));
    r.emplace_back(per(n.total(), static_cast<std::int64_t>(world.citizens.size())));
    for (std::int64_t v : {n.clinics_above_cap, n.clinics_repaying, n.model1_doctors})
      r.emplace_back(v);
    r.emplace_back(s.differentiated_unused);
    r.emplace_back(static_cast<std::int64_t>(s.threatened.size()));
    r.emplace_back(s.fee_factor);
    r.emplace_back(s.tariffs_source);
    label_columns(t, "economy.col.", lang);
    out.push_back(std::move(t));
  }
  {
    const FrameResult& f = s.frame;
    ReportTable t{"frame", textf("economy.title.frame", lang, s.year), {}, {}, true};
    t.column("expenditure_in_frame_kr", CellKind::money)
        .column("frame_kr", CellKind::money)
        .column("overrun_kr", CellKind::money)
        .column("overrun_share", CellKind::share)
        .column("small_overrun", CellKind::text)
        .column("offset", CellKind::text)
        .column("offset_amount_kr", CellKind::money)
        .column("forgiveness_kr", CellKind::money)
        .column("to_repay_kr", CellKind::money)
        .column("next_year_fee_factor", CellKind::factor)
        .column("reason", CellKind::text);
    auto& r = t.row();
    r.emplace_back(f.expenditure);
    r.emplace_back(f.frame);
    r.emplace_back(f.overrun);
    r.emplace_back(f.overrun_share);
    r.emplace_back(yes_no(f.small_overrun, lang));
    r.emplace_back(yes_no(f.offset, lang));
    r.emplace_back(f.offset_amount);
    r.emplace_back(f.forgiveness);
    r.emplace_back(f.to_repay);
    r.emplace_back(f.next_year_factor);
    r.emplace_back(frame_reason(f, economy, lang));
    label_columns(t, "economy.col.", lang);
    out.push_back(std::move(t));
  }
  {
    ReportTable t{"regions", std::string(text("economy.title.regions", lang)), {}, {}, false};
    t.column("region", CellKind::code)
        .column("name", CellKind::text)
        .column("clinics", CellKind::integer)
        .column("capacities", CellKind::integer)
        .column("listed_patients", CellKind::integer);
    money_columns(t);
    t.column("per_capacity_kr", CellKind::money)
        .column("basic_share", CellKind::share)
        .column("cap_average_per_patient_kr", CellKind::money)
        .column("cap_limit_per_patient_kr", CellKind::money)
        .column("clinics_repaying", CellKind::integer);
    auto add = [&](std::int64_t code, std::string name, const FeeTotals& f, Money avg, Money lim) {
      auto& r = t.row();
      r.emplace_back(code);
      r.emplace_back(std::move(name));
      for (std::int64_t v : {f.clinics, f.capacities, f.listed_patients}) r.emplace_back(v);
      money_cells(r, f);
      r.emplace_back(per(f.total(), f.capacities));
      r.emplace_back(f.basic_share());
      r.emplace_back(avg);
      r.emplace_back(lim);
      r.emplace_back(f.clinics_repaying);
    };
    for (const auto& reg : s.regions) {
      const Region* wr = world.find_region(reg.code);
      add(reg.code, wr ? wr->name : reg.name, reg.fees, reg.average_per_patient_year,
          reg.limit_per_patient_year);
    }
    add(0, std::string(text("common.nation", lang)), n, {}, {});
    label_columns(t, "economy.col.", lang);
    out.push_back(std::move(t));
  }
  return out;
}

ReportTable clinic_table(const Settlement& s, const World& world, Lang lang) {
  ReportTable t{"clinics", textf("economy.title.clinics", lang, s.year), {}, {}, false};
  t.column("ydernummer", CellKind::code)
      .column("name", CellKind::text)
      .column("kommune", CellKind::code)
      .column("kommune_name", CellKind::text)
      .column("region", CellKind::code)
      .column("capacities", CellKind::integer)
      .column("listed_patients", CellKind::integer)
      .column("patient_months", CellKind::integer)
      .column("chronic_patients", CellKind::integer)
      .column("claim_lines", CellKind::integer)
      .column("contacts", CellKind::integer);
  money_columns(t);
  t.column("cap_base_kr", CellKind::money)
      .column("cap_limit_kr", CellKind::money)
      .column("cap_before", CellKind::text)
      .column("cap_after", CellKind::text);
  for (const auto& c : s.clinics) {
    auto& r = t.row();
    const auto idx = world.find_clinic(c.ydernummer);
    r.emplace_back(std::int64_t{c.ydernummer});
    r.emplace_back(idx ? world.clinics[*idx].name : std::string());
    r.emplace_back(std::int64_t{c.kommune});
    r.emplace_back(kommune_name(world, c.kommune));
    r.emplace_back(std::int64_t{c.region});
    const FeeTotals& f = c.fees;
    for (std::int64_t v : {f.capacities, f.listed_patients, f.patient_months, f.chronic_patients,
                           f.claim_lines, f.contacts}) {
      r.emplace_back(v);
    }
    money_cells(r, f);
    r.emplace_back(f.activity_cap_base);
    r.emplace_back(c.cap.subject ? c.cap.limit : Money{});
    r.emplace_back(cap_state_text(c.cap_before, lang));
    r.emplace_back(c.cap.lapsed ? std::string(text("economy.cap.lapsed", lang))
                                : cap_state_text(c.cap.after, lang));
  }
  label_columns(t, "economy.col.", lang);
  return t;
}

ReportTable explain_clinic(const ClinicSettlement& c,
                           const std::vector<StoredSettlement::Line>& lines,
                           const TariffTable& tariffs, const RegionSettlement& region,
                           const EconomySettings& economy, const World& world, Lang lang) {
  const auto idx = world.find_clinic(c.ydernummer);
  ReportTable t{"clinic",
                textf("economy.title.clinic", lang, c.ydernummer,
                      idx ? world.clinics[*idx].name : std::string(),
                      kommune_name(world, c.kommune), c.months),
                {},
                {},
                false};
  t.column("item", CellKind::text)
      .column("rule", CellKind::text)
      .column("units", CellKind::integer)
      .column("replaced_units", CellKind::integer)
      .column("fee_kr", CellKind::money)
      .column("amount_kr", CellKind::money);
  const FeeTotals& f = c.fees;
  auto add = [&](std::string item, std::string rule, std::int64_t units, std::int64_t replaced,
                 Money fee, Money amount) {
    auto& r = t.row();
    r.emplace_back(std::move(item));
    r.emplace_back(std::move(rule));
    r.emplace_back(units);
    r.emplace_back(replaced);
    r.emplace_back(fee);
    r.emplace_back(amount);
  };
  add(textf("economy.item.basic", lang, f.listed_patients), "E1", f.patient_months, 0,
      tariffs.basic_fee_per_month(), f.basic);
  add(textf("economy.item.chronic", lang, f.chronic_patients, c.months), "E2", f.chronic_patients,
      0, economy.chronic_fee_per_year, f.chronic);
  for (const auto& l : lines) {
    const auto s = tariffs.find(l.code);
    const std::string name = s ? tariffs[*s].name : std::string("?");
    add(fmt::format("{} {}", l.code, name), "E1", l.paid_units, l.replaced_units,
        s ? tariffs[*s].fee : Money{}, l.amount);
  }
  add(textf("economy.item.model1", lang, f.model1_doctors), "E3", f.model1_doctors, 0,
      economy.model1_per_doctor, f.model1);
  add(std::string(text("economy.item.model2", lang)), "E3", 0, 0, {}, f.model2);
  add(textf("economy.item.cap", lang, format_money(f.activity_cap_base, lang),
            format_money(c.cap.limit, lang), format_money(region.average_per_patient_year, lang),
            format_decimal(
                (Rate::one() + Rate::from_double(economy.cap_above_regional_average)).to_double(),
                4, lang)),
      "E4", 0, 0, {}, -f.cap_repayment);
  add(std::string(text("economy.item.total", lang)), "", 0, 0, {}, f.total());
  label_columns(t, "economy.col.", lang);
  return t;
}

}  // namespace praksis
