// `praksis copayment` and `praksis specialist-cap`: rule E6 for the other practice areas.
#include "command.hpp"
#include "economy_cli.hpp"
#include "praksis/app/practice_area_service.hpp"

namespace praksis::cli {
namespace cmd_copayment {  // this command's own names: the CLI is compiled as a unity build

struct CopaymentOptions {
  std::string area, category = "standard", fee, format = "table";
  int age = 0;
  bool referral = false;
};

Register copay{
    {"copayment", "who pays what of a visit in another practice area (E6)", 71,
     [](CLI::App& app, const GlobalOptions& g) {
       auto o = std::make_shared<CopaymentOptions>();
       std::vector<std::string> areas(kPracticeAreaNames.begin(), kPracticeAreaNames.end());
       std::vector<std::string> cats(kVisitCategoryNames.begin(), kVisitCategoryNames.end());
       app.add_option("--area", o->area, "practice area")->required()->check(CLI::IsMember(areas));
       app.add_option("--category", o->category, "kind of visit")->check(CLI::IsMember(cats));
       app.add_option("--fee-kr", o->fee, "full fee of the visit")->required();
       app.add_option("--age", o->age, "patient's age")->required()->check(CLI::Range(0, 130));
       app.add_flag("--referral", o->referral, "referred by a GP");
       app.add_option("--format", o->format, "table, csv or json")
           ->check(CLI::IsMember({"table", "csv", "json"}));
       return [o, &g]() {
         const app::CopaymentResult res =
             app::PracticeAreaService(g.settings())
                 .copayment({.area = o->area,
                             .category = o->category,
                             .fee = parse_kr_option(o->fee, "--fee-kr"),
                             .age = o->age,
                             .referral = o->referral});
         const AreaVisit& v = res.visit;
         const VisitPrice& p = res.price;
         ReportTable t{"visit", std::string(text("economy.title.visit", g.lang)), {}, {}, true};
         t.column("fee_kr", CellKind::money)
             .column("subsidised", CellKind::text)
             .column("subsidy_kr", CellKind::money)
             .column("copayment_kr", CellKind::money)
             .column("copayment_share", CellKind::share)
             .column("rule", CellKind::text);
         auto& r = t.row();
         r.emplace_back(v.fee);
         r.emplace_back(std::string(text(p.subsidised ? "economy.yes" : "economy.no", g.lang)));
         r.emplace_back(p.subsidy);
         r.emplace_back(p.copayment);
         r.emplace_back(p.copayment_share);
         r.emplace_back(render(p.rule, g.lang));
         label_columns(t, "economy.col.", g.lang);
         emit_tables({t}, o->format, "en", "visit", "", g.lang);
         return 0;
       };
     }}};

struct CapOptions {
  std::string kind = "full_time", turnover, threshold, format = "table";
};

Register cap{
    {"specialist-cap", "a specialist practice's fees after the knækgrænse or omsætningsloft (E6)",
     72, [](CLI::App& app, const GlobalOptions& g) {
       auto o = std::make_shared<CapOptions>();
       app.add_option("--kind", o->kind, "full_time (soft cap) or part_time (hard cap)")
           ->check(CLI::IsMember({"full_time", "part_time"}));
       app.add_option("--turnover-kr", o->turnover, "fees claimed in the year")->required();
       app.add_option("--threshold-kr", o->threshold,
                      "knækgrænse (full time) or omsætningsloft (part time)")
           ->required();
       app.add_option("--format", o->format, "table, csv or json")
           ->check(CLI::IsMember({"table", "csv", "json"}));
       return [o, &g]() {
         const TurnoverSettlement r =
             app::PracticeAreaService(g.settings())
                 .turnover_cap({.kind = o->kind,
                                .turnover = parse_kr_option(o->turnover, "--turnover-kr"),
                                .threshold = parse_kr_option(o->threshold, "--threshold-kr")});
         ReportTable t{
             "turnover", std::string(text("economy.title.turnover", g.lang)), {}, {}, true};
         t.column("turnover_kr", CellKind::money)
             .column("paid_kr", CellKind::money)
             .column("cut_kr", CellKind::money);
         auto& row = t.row();
         row.emplace_back(r.turnover);
         row.emplace_back(r.paid);
         row.emplace_back(r.cut);
         label_columns(t, "economy.col.", g.lang);
         emit_tables({t}, o->format, "en", "turnover", "", g.lang);
         return 0;
       };
     }}};

}  // namespace cmd_copayment
}  // namespace praksis::cli
