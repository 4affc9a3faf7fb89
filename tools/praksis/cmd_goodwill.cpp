// `praksis goodwill`: may a ydernummer be sold for this goodwill? (rule C6; specialists rule E6)
#include <iostream>

#include "command.hpp"
#include "economy_cli.hpp"
#include "praksis/app/goodwill_service.hpp"

namespace praksis::cli {
namespace cmd_goodwill {  // this command's own names: the CLI is compiled as a unity build

struct GoodwillOptions {
  std::string price, income, profit, index, index_now, db, format = "table";
  Ydernummer ydernummer = 0;
  int sale_year = 0;
  bool specialist = false;
};

std::vector<std::int64_t> parse_indices(const std::string& text, std::string_view option) {
  std::vector<std::int64_t> out;
  for (Money m : parse_kr_list(text, option)) out.push_back(m.ore);  // fixed point, 2 decimals
  return out;
}

int run(const GoodwillOptions& o, const GlobalOptions& g) {
  app::GoodwillParameters p;
  p.price = parse_kr_option(o.price, "--price-kr");
  p.store = o.db;
  p.ydernummer = o.ydernummer;
  p.sale_year = o.sale_year;
  p.specialist = o.specialist;
  // Only the options of the check asked for are read (the others are ignored).
  const bool all_given = !o.profit.empty() && !o.index.empty() && !o.index_now.empty();
  if (o.specialist && all_given) {
    p.profits = parse_kr_list(o.profit, "--profit-kr");
    p.indices = parse_indices(o.index, "--index");
    p.index_now = parse_indices(o.index_now, "--index-now");
  } else if (!o.specialist && !o.income.empty()) {
    p.incomes = parse_kr_list(o.income, "--income-kr");
  }
  const app::GoodwillResult res = app::GoodwillService(g.settings()).check(p);
  const GoodwillCheck& check = res.check;
  std::string basis_note;
  for (const auto& [year, income] : res.income_by_year)
    basis_note += fmt::format("{}{}: {} kr", basis_note.empty() ? "" : ", ", year,
                              format_money(income, g.lang));
  ReportTable t{"goodwill", std::string(text("economy.title.goodwill", g.lang)), {}, {}, true};
  t.column("price_kr", CellKind::money)
      .column("basis_kr", CellKind::money)
      .column("cap_kr", CellKind::money)
      .column("allowed", CellKind::text)
      .column("rule", CellKind::text);
  if (!basis_note.empty()) t.column("income_by_year", CellKind::text);
  auto& r = t.row();
  r.emplace_back(check.price);
  r.emplace_back(check.basis);
  r.emplace_back(check.cap);
  r.emplace_back(std::string(text(check.allowed ? "economy.yes" : "economy.no", g.lang)));
  r.emplace_back(render(check.rule, g.lang));
  if (!basis_note.empty()) r.emplace_back(basis_note);
  label_columns(t, "economy.col.", g.lang);
  emit_tables({t}, o.format, "en", "goodwill", "", g.lang);
  return check.allowed ? 0 : 1;
}

Register reg{
    {"goodwill",
     "check the goodwill of a ydernummer sale against its cap (C6; --specialist: E6); exit 1 when "
     "above",
     70, [](CLI::App& app, const GlobalOptions& g) {
       auto o = std::make_shared<GoodwillOptions>();
       app.add_option("--price-kr", o->price, "agreed goodwill")->required();
       app.add_option("--income-kr", o->income,
                      "gross income of the last three years, oldest first: a,b,c");
       app.add_option("--db", o->db, "store: take the gross income from the settled years");
       app.add_option("--ydernummer", o->ydernummer, "the ydernummer sold (with --db)");
       app.add_option("--sale-year", o->sale_year,
                      "year of the sale (with --db; default: after the last settled year)");
       app.add_flag("--specialist", o->specialist, "a specialist ydernummer (rule E6)");
       app.add_option("--profit-kr", o->profit,
                      "specialist: profit of the last three years, oldest first");
       app.add_option("--index", o->index, "specialist: price index of each of those years");
       app.add_option("--index-now", o->index_now, "specialist: price index at the sale");
       app.add_option("--format", o->format, "table, csv or json")
           ->check(CLI::IsMember({"table", "csv", "json"}));
       return [o, &g]() { return run(*o, g); };
     }}};

}  // namespace cmd_goodwill
}  // namespace praksis::cli
