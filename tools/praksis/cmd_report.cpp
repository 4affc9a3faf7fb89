// `praksis report`: the coverage report as one self-contained HTML file.
#include <spdlog/spdlog.h>

#include <filesystem>

#include "command.hpp"
#include "praksis/app/coverage_service.hpp"
#include "praksis/app/forecast_service.hpp"
#include "praksis/core/error.hpp"
#include "praksis/output/log.hpp"
#include "praksis/report/html_report.hpp"
#include "praksis/report/pdf.hpp"
#include "praksis/report/trend_section.hpp"
#include "survey_io.hpp"

namespace praksis::cli {
namespace cmd_report {  // this command's own names: the CLI is compiled as a unity build

struct ReportOptions {
  std::string db;
  std::string out;
  std::string pdf;
  app::ReportForecast forecast;
  ScopeOptions scope;
  int trend_from = 0, trend_to = 0;  // the survey years' section (0: none)
  std::string areas;
};

Register reg{
    {"report",
     "the coverage report: one self-contained HTML file with map, tables and designations", 32,
     [](CLI::App& app, const GlobalOptions& g) {
       auto o = std::make_shared<ReportOptions>();
       app.add_option("--db", o->db, "the store (SQLite file)")->required();
       app.add_option("--out", o->out, "the HTML file to write");
       app.add_option("--pdf", o->pdf,
                      "also (or only) print the report to this PDF file on A4, through headless "
                      "Chromium (Debian package chromium)");
       app.add_option("--forecast-to", o->forecast.to,
                      "last year of the forecast section (default [forecast] "
                      "national_horizon)");
       app.add_option("--forecast-runs", o->forecast.runs,
                      "Monte Carlo paths of the forecast section's bands (0: none)");
       app.add_option("--forecast-seed", o->forecast.seed,
                      "seed of the forecast section's Monte Carlo paths");
       app.add_option("--trend-from", o->trend_from,
                      "first survey year of the trend section (with --trend-to; the years' "
                      "snapshots must be in the store: praksis snapshot/import --as-of)");
       app.add_option("--trend-to", o->trend_to, "last survey year of the trend section");
       add_scope_options(app, o->scope,
                         "their rows, designations and forecast (computed on the whole world)");
       add_areas_option(app, o->areas);
       return [o, &g]() {
         if (o->out.empty() && o->pdf.empty())
           throw InputError(InputLocation{"--out", 0, 0, {}},
                            "needs a file name (--out report.html, --pdf report.pdf or both)");
         // Before the survey: a missing browser is reported at once, not after the work.
         if (!o->pdf.empty()) require_chromium();
         if ((o->trend_from == 0) != (o->trend_to == 0))
           throw InputError(
               InputLocation{o->trend_from == 0 ? "--trend-from" : "--trend-to", 0, 0, {}},
               "--trend-from and --trend-to go together");
         const Settings& settings = g.settings();
         // The trend first: a year without a snapshot is an input error before the survey.
         std::vector<std::string> sections;
         if (o->trend_from != 0) {
           if (o->trend_to < o->trend_from)
             throw InputError(InputLocation{"--trend-to", 0, 0, {}},
                              "must not be before --trend-from");
           TrendParameters tp;
           for (int y = o->trend_from; y <= o->trend_to; ++y) tp.years.push_back(y);
           tp.years_option = "--trend-from";
           if (o->scope.regions.size() == 1) tp.region = o->scope.regions.front();
           tp.validate();
           sections.push_back(
               trend_section(app::CoverageService(settings).trend(o->db, tp), g.lang));
         }
         app::CoverageParameters p;
         p.store = o->db;
         p.scope = o->scope;
         p.areas_file = o->areas;
         p.designate = true;
         p.settings_source = settings_source(g.settings_file);
         const app::CoverageResult c = app::CoverageService(settings).run(p);
         app::ReportForecast fo = o->forecast;
         fo.scope = c.scope;
         const ForecastResult forecast = app::ForecastService(settings).of_coverage(c.world, c, fo);
         const std::string html = html_report(
             c.scoped_survey(), c.scoped_designation(), settings,
             {o->db, p.settings_source, report_timestamp(), &forecast, g.lang}, sections);
         if (!o->out.empty()) {
           write_output(o->out, html);
           log_info("log.report.written", o->out);
         }
         if (!o->pdf.empty()) {
           // The browser prints a file: the HTML written, or a temporary copy of it.
           std::filesystem::path page = o->out;
           std::filesystem::path tmp;
           if (page.empty()) {
             tmp = std::filesystem::path(o->pdf).parent_path() /
                   (std::filesystem::path(o->pdf).filename().string() + ".html.tmp");
             write_output(tmp.string(), html);
             page = tmp;
           }
           try {
             print_to_pdf(page, o->pdf);
           } catch (...) {
             if (!tmp.empty()) std::filesystem::remove(tmp);
             throw;
           }
           if (!tmp.empty()) std::filesystem::remove(tmp);
           log_info("log.report.printed", o->pdf);
         }
         return 0;
       };
     }}};

}  // namespace cmd_report
}  // namespace praksis::cli
