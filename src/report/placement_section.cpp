// The placement report section: before/after maps and table (texts from the catalogue).
#include "praksis/report/placement_section.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "praksis/report/html_report.hpp"

namespace praksis {
namespace {

const auto html_text = html_escape;

// Equirectangular projection of the survey's grid cells into `width` pixels.
struct Frame {
  double west = 180, east = -180, south = 90, north = -90, scale = 1, width = 0, height = 0;
  double x(double lon) const { return (lon - west) * scale * std::cos(56.0 * 3.14159265 / 180); }
  double y(double lat) const { return (north - lat) * scale; }
};

Frame frame_of(const Survey& s, double width) {
  Frame f;
  for (const GridCellFigures& g : s.grid) {
    f.west = std::min(f.west, g.west);
    f.east = std::max(f.east, g.east);
    f.south = std::min(f.south, g.south);
    f.north = std::max(f.north, g.north);
  }
  if (s.grid.empty()) f = {0, 1, 0, 1, 1, 0, 0};
  const double aspect = std::cos(56.0 * 3.14159265 / 180);
  f.scale = width / std::max(1e-9, (f.east - f.west) * aspect);
  f.width = width;
  f.height = (f.north - f.south) * f.scale;
  return f;
}

std::string map(const Survey& s, const Frame& f, const std::vector<PlannedSite>& sites,
                std::string_view label) {
  std::string lacking, fine;
  for (const GridCellFigures& g : s.grid) {
    const double x = f.x(g.west), y = f.y(g.north);
    const double w = std::max(0.4, f.x(g.east) - x), h = std::max(0.4, f.y(g.south) - y);
    (g.without_two_open_choices > 0 ? lacking : fine) +=
        fmt::format("M{:.1f} {:.1f}h{:.1f}v{:.1f}h-{:.1f}z", x, y, w, h, w);
  }
  std::string svg = fmt::format(
      R"(<svg xmlns="http://www.w3.org/2000/svg" width="{:.0f}" height="{:.0f}" role="img" aria-label="{}">)",
      f.width, f.height, html_text(label));
  svg +=
      fmt::format(R"(<path fill="#d9e6f2" d="{}"/><path fill="#d7301f" d="{}"/>)", fine, lacking);
  for (const PlannedSite& p : sites)
    svg += fmt::format(
        R"(<circle cx="{:.1f}" cy="{:.1f}" r="4" fill="#2166ac" stroke="#fff"><title>{}</title></circle>)",
        f.x(p.site.location.lon()), f.y(p.site.location.lat()), html_text(p.site.name));
  return svg + "</svg>";
}

}  // namespace

std::string placement_section(const PlacementResult& r, Lang lang) {
  const auto t = [lang](std::string_view key) { return html_text(text(key, lang)); };
  const Frame f = frame_of(r.before, 440);
  std::string h = "<section><h2>" + t("placement.report.title") + "</h2><p class=\"note\">" +
                  html_text(textf("placement.report.lead", lang, r.sites.size(), r.gain.citizens)) +
                  "</p><div style=\"display:flex;gap:12px;flex-wrap:wrap\"><figure>" +
                  map(r.before, f, {}, text("placement.report.before", lang)) + "<figcaption>" +
                  t("placement.report.before") + "</figcaption></figure><figure>" +
                  map(r.after, f, r.sites, text("placement.report.after", lang)) + "<figcaption>" +
                  t("placement.report.after") + "</figcaption></figure></div>";
  h += "<table><thead><tr><th>" + t("common.kommune") + "</th><th>" + t("placement.area_name") +
       "</th><th>" + t("placement.without_before") + "</th><th>" + t("placement.without_after") +
       "</th><th>" + t("placement.designated_before") + "</th><th>" +
       t("placement.designated_after") + "</th></tr></thead><tbody>";
  const auto designated = [&](const Designation& d, int kommune) {
    for (const AreaDesignation& x : d.areas)
      if (x.kommune == kommune) return x.designated;
    return false;
  };
  // The kommuner the plan changes: their S4 count or their designation (rules D1-D3).
  for (std::size_t i = 0; i < r.before.kommuner.size(); ++i) {
    const AreaFigures& b = r.before.kommuner[i];
    const AreaFigures& a = r.after.kommuner[i];
    const bool db = designated(r.designation_before, b.code);
    const bool da = designated(r.designation_after, a.code);
    if (b.without_two_open_choices_share.numerator == a.without_two_open_choices_share.numerator &&
        db == da)
      continue;
    h += fmt::format(
        "<tr><td>{}</td><td>{}</td><td>{:.0f}</td><td>{:.0f}</td><td>{}</td><td>{}</td></tr>",
        b.code, html_text(b.name), b.without_two_open_choices_share.numerator,
        a.without_two_open_choices_share.numerator, t(db ? "placement.yes" : "placement.no"),
        t(da ? "placement.yes" : "placement.no"));
  }
  return h + "</tbody></table></section>";
}

}  // namespace praksis
