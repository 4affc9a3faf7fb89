// `praksis report`: the coverage report as one self-contained HTML file.
#include <spdlog/spdlog.h>

#include <filesystem>

#include "command.hpp"
#include "praksis/core/error.hpp"
#include "praksis/designation/designation.hpp"
#include "praksis/report/html_report.hpp"
#include "praksis/report/pdf.hpp"
#include "praksis/report/trend_section.hpp"
#include "praksis/store/store.hpp"
#include "praksis/survey/trend.hpp"
#include "survey_io.hpp"

namespace praksis::cli {
namespace cmd_report {  // this command's own names: the CLI is compiled as a unity build

struct ReportOptions {
  std::string db;
  std::string out;
  std::string pdf;
  ReportForecast forecast;
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
           auto store = open_store(o->db, false);
           sections.push_back(trend_section(run_trend(*store, settings, tp), g.lang));
         }
         const World world = load_survey_world(o->db);
         const AreaScope scope = scope_of(world, o->scope);
         const PlanningAreas areas = areas_of(world, o->areas, o->scope, settings);
         const Survey survey = run_survey(world, settings, areas);
         const std::string source = settings_source(g.settings_file);
         const Designation d = designate(survey, settings.designation, source);
         ReportForecast fo = o->forecast;
         fo.scope = scope;
         // The forecast works per kommune (its population model is per kommune): with planning
         // areas it starts from the per-kommune survey and is then grouped into the areas (a
         // district gets its kommune's forecast by its shares, forecast_by_areas).
         ForecastResult forecast =
             areas.defined() ? report_forecast(world, run_survey(world, settings), settings, fo)
                             : report_forecast(world, survey, settings, fo);
         forecast = forecast_by_areas(std::move(forecast), areas, world);
         const std::string html =
             html_report(scoped_survey(survey, scope), scoped_designation(d, scope), settings,
                         {o->db, source, report_timestamp(), &forecast, g.lang}, sections);
         if (!o->out.empty()) {
           write_output(o->out, html);
           spdlog::info("wrote the report to {}", o->out);
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
           spdlog::info("printed the report to {}", o->pdf);
         }
         return 0;
       };
     }}};

}  // namespace cmd_report
}  // namespace praksis::cli
