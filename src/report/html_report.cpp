// The self-contained HTML coverage report.
#include "praksis/report/html_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

#include "praksis/output/text.hpp"
#include "praksis/report/forecast_section.hpp"
#include "praksis/report/survey_output.hpp"

namespace praksis {

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

namespace {

const auto escape = html_escape;

/// 5932654 -> "5.932.654" (Danish thousands separator).
std::string da_int(double v) {
  return format_integer(std::llround(v), Lang::da);
}

/// 1670.46 -> "1.670,5" with `decimals` decimals (Danish marks).
std::string da_dec(double v, int decimals) {
  return format_decimal(v, decimals, Lang::da);
}

std::string da_ratio(const Ratio& r, int decimals, double scale = 1.0) {
  const auto v = r.value();
  return v ? da_dec(*v * scale, decimals) : "–";
}

std::string da_opt(const std::optional<double>& v, int decimals) {
  return v ? da_dec(*v, decimals) : "–";
}

/// data-v attribute for sorting: the plain number, or empty.
std::string sort_key(const std::optional<double>& v) {
  return v ? fmt::format("{:.6g}", *v) : "";
}

constexpr std::string_view kStyle = R"css(
body{font-family:"Segoe UI",Helvetica,Arial,sans-serif;margin:0;color:#1d2733;background:#f6f7f9}
header{background:#12355b;color:#fff;padding:18px 32px}header h1{margin:0;font-size:26px}
header p{margin:4px 0 0;opacity:.85}main{padding:16px 32px;max-width:1400px}
section{background:#fff;border-radius:6px;padding:14px 20px;margin:14px 0;box-shadow:0 1px 3px rgba(0,0,0,.12)}
h2{font-size:19px;margin:4px 0 10px;color:#12355b}.cards{display:flex;flex-wrap:wrap;gap:12px}
.card{background:#eef3f8;border-radius:6px;padding:10px 14px;min-width:150px}.card b{display:block;font-size:22px}
.card span{font-size:13px;color:#4a5a6a}table{border-collapse:collapse;font-size:13px;width:100%}
th,td{padding:4px 6px;border-bottom:1px solid #e2e6ea;text-align:right;white-space:nowrap}
th{background:#eef3f8;cursor:pointer;position:sticky;top:0}th:first-child,td:first-child{text-align:left}
tr.region td{font-weight:600;background:#f3f6fa}tr.nation td{font-weight:700;background:#e4ecf5}
tr.designated td:first-child::after{content:" ●";color:#c0392b}.note{font-size:12px;color:#5a6a7a}
.chart-legend{font-size:11px;max-width:320px}.chart-legend span{margin-right:6px;white-space:nowrap}.chart-legend i{display:inline-block;width:10px;height:3px;margin-right:3px;vertical-align:middle}
.legend{font-size:12px;display:flex;flex-wrap:wrap;gap:14px;margin-top:6px}.legend i{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:-1px;border-radius:2px}
pre{background:#f3f5f7;padding:10px;overflow:auto;font-size:12px;max-height:480px}.area{margin:8px 0}
.area b{color:#c0392b}.area ul{margin:2px 0 0 18px;padding:0}.excluded b{color:#4a5a6a}
.scroll{max-height:640px;overflow:auto}#map{background:#dbe9f5;border-radius:4px}
@page{size:A4;margin:10mm}
@media print{body{background:#fff}header{padding:0 0 6px;background:none;color:#000}main{padding:0;max-width:none}
section{box-shadow:none;padding:0;margin:8px 0;break-inside:auto}.scroll,pre{max-height:none;overflow:visible}
table{font-size:7pt;width:100%;table-layout:auto}th,td{padding:1px 2px;white-space:normal;overflow-wrap:anywhere}
th{position:static;cursor:auto}thead{display:table-header-group}tr{break-inside:avoid}
#map{width:100%;height:auto;max-height:250mm}svg{max-width:100%;height:auto}}
)css";

constexpr std::string_view kScript = R"js(
function sortTable(th){const t=th.closest('table'),i=[...th.parentNode.children].indexOf(th),b=t.tBodies[0];
const asc=th.dataset.dir!=='asc';th.dataset.dir=asc?'asc':'desc';
const rows=[...b.querySelectorAll('tr.kommune')];rows.sort((x,y)=>{const a=x.children[i].dataset.v,c=y.children[i].dataset.v;
if(a===undefined||c===undefined)return asc?x.children[i].textContent.localeCompare(y.children[i].textContent,'da'):y.children[i].textContent.localeCompare(x.children[i].textContent,'da');
const p=a===''?Infinity:+a,q=c===''?Infinity:+c;return asc?p-q:q-p});rows.forEach(r=>b.appendChild(r));}
document.querySelectorAll('#kommuner th').forEach(th=>th.addEventListener('click',()=>sortTable(th)));
(function(){const m=document.getElementById('map'),bb=m.getBoundingClientRect();
const drawn=[...m.querySelectorAll('circle')].filter(c=>c.getBBox().width>0).length;
const cells=m.querySelectorAll('path.cells').length;const rows=document.querySelectorAll('#kommuner tbody tr.kommune').length;
const hist=document.querySelectorAll('#load rect.bar').length;const c=document.getElementById('render-check');
c.dataset.mapWidth=Math.round(bb.width);c.dataset.mapHeight=Math.round(bb.height);c.dataset.clinicsDrawn=drawn;
c.dataset.cellPaths=cells;c.dataset.tableRows=rows;c.dataset.histogramBars=hist;c.dataset.ok=(bb.width>0&&drawn>0&&rows>0)?'yes':'no';
c.textContent='Kontrol: kortet viser '+drawn+' klinikker, tabellen '+rows+' kommuner.';})();
)js";

// Share of a cell's citizens without two open clinics within the radius: colour classes.
constexpr std::array<double, 4> kShareEdges = {0.25, 0.5, 0.75, 1.0};
constexpr std::array<std::string_view, 5> kCellColours = {"#c9d3dc", "#fdd49e", "#fc8d59",
                                                          "#e34a33", "#99000d"};

struct Projection {
  double lon0 = 0, lat1 = 0, kx = 1, ky = 1;
  double width = 0, height = 0;
  double x(double lon) const { return (lon - lon0) * kx; }
  double y(double lat) const { return (lat1 - lat) * ky; }
};

Projection fit(const Survey& s, double width) {
  double lat0 = 90, lat1 = -90, lon0 = 180, lon1 = -180;
  auto extend = [&](double la, double lo) {
    lat0 = std::min(lat0, la);
    lat1 = std::max(lat1, la);
    lon0 = std::min(lon0, lo);
    lon1 = std::max(lon1, lo);
  };
  for (const auto& g : s.grid) {
    extend(g.south, g.west);
    extend(g.north, g.east);
  }
  for (const auto& c : s.clinics) extend(c.location.lat(), c.location.lon());
  if (lat0 > lat1) {  // nothing to draw
    lat0 = 54.5;
    lat1 = 57.8;
    lon0 = 8;
    lon1 = 15.2;
  }
  const double pad = 0.05;
  lat0 -= pad;
  lat1 += pad;
  lon0 -= pad;
  lon1 += pad;
  Projection p;
  p.lon0 = lon0;
  p.lat1 = lat1;
  const double aspect = std::cos((lat0 + lat1) / 2 * std::numbers::pi / 180);
  p.kx = width / std::max(1e-9, lon1 - lon0);
  p.ky = p.kx / aspect;
  p.width = width;
  p.height = (lat1 - lat0) * p.ky;
  return p;
}

std::string map_svg(const Survey& s) {
  const Projection p = fit(s, 920);
  std::array<std::string, kCellColours.size()> paths;
  std::array<std::uint64_t, kCellColours.size()> citizens{};
  for (const auto& g : s.grid) {
    const double share =
        static_cast<double>(g.without_two_open_choices) / static_cast<double>(g.citizens);
    std::size_t cls = 0;
    if (g.without_two_open_choices > 0) {
      cls = 1;
      while (cls < kShareEdges.size() && share > kShareEdges[cls - 1]) ++cls;
    }
    citizens[cls] += g.citizens;
    const double x = p.x(g.west), y = p.y(g.north);
    const double w = std::max(0.4, p.x(g.east) - x), h = std::max(0.4, p.y(g.south) - y);
    paths[cls] += fmt::format("M{:.1f} {:.1f}h{:.1f}v{:.1f}h-{:.1f}z", x, y, w, h, w);
  }
  std::string svg = fmt::format(
      R"(<svg id="map" xmlns="http://www.w3.org/2000/svg" width="{:.0f}" height="{:.0f}" viewBox="0 0 {:.0f} {:.0f}" role="img" aria-label="Kort over Danmark med klinikker og dækning">)",
      p.width, p.height, p.width, p.height);
  for (std::size_t c = 0; c < paths.size(); ++c) {
    if (paths[c].empty()) continue;
    svg += fmt::format(R"(<path class="cells" fill="{}" d="{}"/>)", kCellColours[c], paths[c]);
  }
  for (bool open : {false, true}) {
    svg += fmt::format(R"(<g class="{}" fill="{}" stroke="#fff" stroke-width="0.6">)",
                       open ? "open" : "closed", open ? "#1a9850" : "#3b4a5a");
    for (const auto& c : s.clinics) {
      if (c.open != open) continue;
      svg += fmt::format(
          R"(<circle cx="{:.1f}" cy="{:.1f}" r="2.6"><title>{} ({}), {} – {} patienter pr. kapacitet</title></circle>)",
          p.x(c.location.lon()), p.y(c.location.lat()), escape(c.name), c.ydernummer,
          open ? "åben for tilgang" : "lukket for tilgang", da_ratio(c.patients_per_capacity, 0));
    }
    svg += "</g>";
  }
  svg += "</svg>";
  std::string legend = R"(<div class="legend">)";
  legend +=
      R"(<span><i style="background:#1a9850;border-radius:6px"></i>klinik, åben for tilgang</span>)";
  legend +=
      R"(<span><i style="background:#3b4a5a;border-radius:6px"></i>klinik, lukket for tilgang</span>)";
  const std::array<std::string, 5> labels = {"alle kan vælge mellem to åbne klinikker",
                                             "op til 25 % kan ikke", "25–50 % kan ikke",
                                             "50–75 % kan ikke", "over 75 % kan ikke"};
  for (std::size_t c = 0; c < labels.size(); ++c) {
    legend += fmt::format(R"(<span><i style="background:{}"></i>{} ({} borgere)</span>)",
                          kCellColours[c], labels[c], da_int(static_cast<double>(citizens[c])));
  }
  legend += "</div>";
  return svg + legend;
}

std::string load_histogram_svg(const ClinicLoadDistribution& d) {
  const double W = 900, H = 260, left = 50, bottom = 30, top = 24;
  if (d.histogram.empty()) return "<p>Ingen klinikker med kapaciteter.</p>";
  std::uint32_t peak = 1;
  for (auto c : d.histogram) peak = std::max(peak, c);
  const double max_x =
      std::max<double>(static_cast<double>(d.histogram.size()) * d.histogram_step,
                       std::max(d.reference_p90, d.p90.value_or(0)) + d.histogram_step);
  auto X = [&](double v) { return left + (W - left - 10) * v / max_x; };
  auto Y = [&](double c) { return top + (H - top - bottom) * (1 - c / peak); };
  std::string svg = fmt::format(
      R"(<svg id="load" xmlns="http://www.w3.org/2000/svg" width="{:.0f}" height="{:.0f}">)",
      W + 24, H);  // room for the last axis label
  for (std::size_t b = 0; b < d.histogram.size(); ++b) {
    if (d.histogram[b] == 0) continue;
    const double x0 = X(static_cast<double>(b) * d.histogram_step),
                 x1 = X(static_cast<double>(b + 1) * d.histogram_step);
    svg += fmt::format(
        R"(<rect class="bar" x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="#7fa7cf"><title>{}–{}: {} klinikker</title></rect>)",
        x0, Y(d.histogram[b]), std::max(0.5, x1 - x0 - 0.5), Y(0) - Y(d.histogram[b]),
        da_int(static_cast<double>(b) * d.histogram_step),
        da_int(static_cast<double>(b + 1) * d.histogram_step), d.histogram[b]);
  }
  svg += fmt::format(R"(<line x1="{0}" y1="{1:.1f}" x2="{2:.1f}" y2="{1:.1f}" stroke="#333"/>)",
                     left, Y(0), W - 10);
  for (double v = 0; v <= max_x; v += 500) {
    svg +=
        fmt::format(R"(<text x="{:.1f}" y="{:.1f}" font-size="11" text-anchor="middle">{}</text>)",
                    X(v), H - 10, da_int(v));
  }
  auto marker = [&](double v, std::string_view colour, std::string_view dash,
                    std::string_view label, int row) {
    svg += fmt::format(
        R"(<line x1="{0:.1f}" y1="{1:.1f}" x2="{0:.1f}" y2="{2:.1f}" stroke="{3}" stroke-width="2" stroke-dasharray="{4}"/>)",
        X(v), top - 4, Y(0), colour, dash);
    svg += fmt::format(R"(<text x="{:.1f}" y="{}" font-size="11" fill="{}">{} {}</text>)", X(v) + 3,
                       10 + 11 * row, colour, label, da_int(v));
  };
  if (d.p10) marker(*d.p10, "#12355b", "6 3", "P10", 0);
  if (d.p90) marker(*d.p90, "#12355b", "6 3", "P90", 0);
  marker(d.reference_p10, "#d35400", "2 2", "ref. P10", 1);
  marker(d.reference_p90, "#d35400", "2 2", "ref. P90", 1);
  return svg + "</svg>";
}

std::string area_cells(const AreaFigures& a) {
  auto td = [](const std::optional<double>& v, const std::string& text) {
    return fmt::format(R"(<td data-v="{}">{}</td>)", sort_key(v), text);
  };
  auto pct = [&](const Ratio& r) {
    const auto v = r.value();
    return td(v ? std::optional<double>(*v * 100) : std::nullopt, da_ratio(r, 1, 100));
  };
  std::string s;
  s += td(static_cast<double>(a.citizens), da_int(static_cast<double>(a.citizens)));
  s += td(a.clinics, std::to_string(a.clinics));
  s += td(
      static_cast<double>(a.capacities_filled + a.capacities_unfilled),
      fmt::format("{} ({})", a.capacities_filled + a.capacities_unfilled, a.capacities_unfilled));
  s += td(a.patients_per_capacity.value(), da_ratio(a.patients_per_capacity, 0));
  s += td(a.weighted_patients_per_capacity.value(), da_ratio(a.weighted_patients_per_capacity, 0));
  s += pct(a.open_clinic_share);
  s += pct(a.without_two_open_choices_share);
  s += td(a.nearest_open.median_km, da_opt(a.nearest_open.median_km, 1));
  s += td(a.second_open.median_km, da_opt(a.second_open.median_km, 1));
  s += td(a.second_open.p90_km, da_opt(a.second_open.p90_km, 1));
  s += pct(a.senior_doctor_share);
  s += td(a.mean_doctor_age.value(), da_ratio(a.mean_doctor_age, 1));
  s += pct(a.temporary_form_share);
  s += td(a.e2sfca_relative.value(), da_ratio(a.e2sfca_relative, 2));
  return s;
}

std::string area_table(const Survey& s, const Designation& d, int senior_age) {
  std::string h = R"(<div class="scroll"><table id="kommuner"><thead><tr>)";
  for (const std::string& c :
       {std::string("Område"), std::string("Borgere"), std::string("Klinikker"),
        std::string("Kapaciteter (ubesatte)"), std::string("Patienter pr. kap."),
        std::string("Vægtede pr. kap."), std::string("Åbne klinikker %"),
        fmt::format("Uden {} åbne valg %", s.min_open_choices), std::string("Nærmeste åbne km"),
        std::string("Næstnærmeste km"), std::string("Næstnærmeste P90 km"),
        fmt::format("Læger {}+ %", senior_age), std::string("Lægers gns.-alder"),
        std::string("I midlertidig form %"), std::string("E2SFCA rel.")}) {
    h += fmt::format("<th>{}</th>", c);
  }
  h += "</tr></thead><tbody>";
  h += fmt::format(R"(<tr class="nation"><td>{}</td>{}</tr>)", escape(s.nation.name),
                   area_cells(s.nation));
  for (const auto& r : s.regions)
    h += fmt::format(R"(<tr class="region"><td>{}</td>{}</tr>)", escape(r.name), area_cells(r));
  for (std::size_t i = 0; i < s.kommuner.size(); ++i) {
    const auto& k = s.kommuner[i];
    const bool designated = i < d.areas.size() && d.areas[i].designated;
    h += fmt::format(R"(<tr class="kommune{}"><td>{} {}</td>{}</tr>)",
                     designated ? " designated" : "", k.code, escape(k.name), area_cells(k));
  }
  return h + "</tbody></table></div>";
}

std::string criterion_label(CriterionId id, const Survey& s, int senior_age) {
  switch (id) {
    case CriterionId::no_two_open_choices_share:
      return fmt::format("andel borgere uden {} åbne klinikker inden for {} km", s.min_open_choices,
                         da_dec(s.choice_radius_km, 0));
    case CriterionId::weighted_patients_per_capacity:
      return "sygdomsvægtede patienter pr. kapacitet";
    case CriterionId::patients_per_capacity:
      return "patienter pr. kapacitet";
    case CriterionId::senior_doctor_share:
      return fmt::format("andel læger {}+", senior_age);
    case CriterionId::temporary_form_share:
      return "andel tilmeldt midlertidige praksisformer";
    case CriterionId::unfilled_capacity_share:
      return "andel ubesatte kapaciteter";
    case CriterionId::open_clinic_share:
      return "andel klinikker åbne for tilgang";
    case CriterionId::outside_labour_market_share:
      return "andel uden for arbejdsmarkedet";
    case CriterionId::e2sfca_relative:
      return "tilgængelighed (E2SFCA) i forhold til landet";
  }
  return "";
}

/// A figure or its parts readably: counts as integers, from 100 without decimals, else three
/// decimals; tiny ones (accessibility in capacities per weighted citizen) with 4 significant
/// digits.
std::string fmt_figure(double v) {
  if (v == std::floor(v) && std::abs(v) < 1e15) return da_int(v);
  if (std::abs(v) >= 100) return da_dec(v, 0);
  if (std::abs(v) >= 0.01) return da_dec(v, 3);
  std::string t = fmt::format("{:.4g}", v);
  std::replace(t.begin(), t.end(), '.', ',');
  return t;
}

std::string designation_section(const Designation& d, const Survey& s, int senior_age, Lang lang) {
  std::string h = fmt::format(
      "<p>{} af {} kommuner er udpeget. Et område udpeges, når de udløste kriterier vejer mindst "
      "{}; manuelle "
      "udpegninger og undtagelser (regel D1) går forud for kriterierne (regel D3).</p>",
      d.designated_count(), d.areas.size(), da_dec(d.min_score, 1));
  if (!d.planning_areas.empty()) {  // the rows are planning areas (`--areas`)
    const std::string of =
        fmt::format("{} af {} kommuner er udpeget.", d.designated_count(), d.areas.size());
    h.replace(h.find(of), of.size(),
              textf("areas.report.designated_of", lang, d.designated_count(), d.areas.size()));
  }
  std::string designated, excluded, below;
  for (const auto& a : d.areas) {
    const auto fired = a.triggered();
    std::string reasons = "<ul>";
    for (const CriterionResult* c : fired) {
      reasons += fmt::format("<li>{}: {} {} {} (= {} / {}; vægt {})</li>",
                             criterion_label(c->criterion.id, s, senior_age), fmt_figure(*c->value),
                             escape(comparison_symbol(c->criterion)),
                             fmt_figure(c->criterion.threshold), fmt_figure(c->figure.numerator),
                             fmt_figure(c->figure.denominator), da_dec(c->criterion.weight, 2));
    }
    if (a.manual) {
      reasons += fmt::format("<li>manuel {}: {}</li>",
                             a.manual == ManualAction::designate ? "udpegning" : "undtagelse",
                             escape(a.manual_reason));
    }
    reasons += "</ul>";
    const std::string line = fmt::format(R"(<div class="area{}"><b>{} {}</b> – score {}{})",
                                         a.designated ? "" : " excluded", a.kommune, escape(a.name),
                                         da_dec(a.score, 2), reasons) +
                             "</div>";
    if (a.designated)
      designated += line;
    else if (a.manual)
      excluded += line;
    else if (!fired.empty())
      below += line;
  }
  h += "<h3>Udpegede områder</h3>" + (designated.empty() ? "<p>Ingen.</p>" : designated);
  if (!excluded.empty()) h += "<h3>Manuelt undtaget</h3>" + excluded;
  if (!below.empty()) h += "<h3>Kriterier udløst, men under minimumsscoren</h3>" + below;
  return h;
}

}  // namespace

std::string html_report(const Survey& s, const Designation& d, const Settings& settings,
                        const ReportContext& ctx) {
  return html_report(s, d, settings, ctx, {});
}

std::string html_report(const Survey& s, const Designation& d, const Settings& settings,
                        const ReportContext& ctx, const std::vector<std::string>& extra_sections) {
  const AreaFigures& n = s.nation;
  std::string h;
  h.reserve(1 << 20);
  h += "<!DOCTYPE html>\n<html lang=\"da\"><head><meta charset=\"utf-8\">";
  h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">";
  h += fmt::format("<title>Lægedækningsundersøgelse {}</title><style>{}</style></head><body>",
                   s.reference_date.to_string(), kStyle);
  h += fmt::format(
      "<header><h1>Lægedækningsundersøgelse</h1><p>Opgjort pr. {} · datagrundlag: {} · "
      "indstillinger: {} · dannet {}</p></header><main>",
      s.reference_date.to_string(), escape(ctx.store), escape(ctx.settings_source),
      escape(ctx.generated));

  auto card = [&](const std::string& value, std::string_view label) {
    return fmt::format("<div class=\"card\"><b>{}</b><span>{}</span></div>", value, label);
  };
  h += "<section><h2>Nøgletal for hele landet</h2><div class=\"cards\">";
  h += card(da_int(static_cast<double>(n.citizens)), "borgere");
  h += card(da_int(n.clinics), "klinikker");
  h += card(fmt::format("{} ({} ubesatte)",
                        da_int(static_cast<double>(n.capacities_filled + n.capacities_unfilled)),
                        da_int(static_cast<double>(n.capacities_unfilled))),
            "lægekapaciteter");
  h += card(textf("report.card.pipeline_value", ctx.lang,
                  da_int(static_cast<double>(n.capacities_in_pipeline)),
                  da_int(static_cast<double>(n.capacities_in_opslag))),
            text("report.card.pipeline", ctx.lang));
  h += card(da_ratio(n.patients_per_capacity, 0), "patienter pr. kapacitet (S1)");
  h += card(da_ratio(n.weighted_patients_per_capacity, 0),
            "sygdomsvægtede patienter pr. kapacitet (S2)");
  h += card(da_ratio(n.open_clinic_share, 1, 100) + " %", "klinikker åbne for tilgang (S3)");
  h += card(fmt::format("{} ({} %)", da_int(n.without_two_open_choices_share.numerator),
                        da_ratio(n.without_two_open_choices_share, 1, 100)),
            fmt::format("borgere uden {} åbne klinikker inden for {} km (S4)", s.min_open_choices,
                        da_dec(s.choice_radius_km, 0)));
  h += card(da_ratio(n.senior_doctor_share, 1, 100) + " %",
            fmt::format("læger på {} år og derover (S5)", settings.survey.senior_doctor_age));
  h += card(da_int(static_cast<double>(d.designated_count())),
            s.planning_areas.empty() ? std::string_view("udpegede lægedækningstruede kommuner")
                                     : text("areas.report.designated_card", ctx.lang));
  h += "</div></section>";

  h += "<section><h2>Kort: klinikker og valgmuligheder</h2>";
  h += fmt::format(
      "<p class=\"note\">Hver flade er en celle på ca. {} km; farven viser andelen af cellens "
      "borgere, der ikke kan "
      "vælge mellem {} åbne klinikker inden for {} km (regel L2). Celler med færre end {} borgere "
      "vises ikke.</p>",
      da_dec(settings.survey.grid_cell_km, 1), s.min_open_choices, da_dec(s.choice_radius_km, 0),
      settings.survey.grid_min_citizens);
  h += map_svg(s) + "</section>";

  h += "<section><h2>Sygdomsvægtede patienter pr. kapacitet på tværs af klinikker (S2)</h2>";
  h += fmt::format(
      "<p>{} klinikker med kapaciteter: P10 {}, median {}, P90 {} – referencen (1. januar 2023, "
      "figur 4.11) er P10 {} og "
      "P90 {}.</p>",
      da_int(s.load.clinics), da_opt(s.load.p10, 0), da_opt(s.load.median, 0),
      da_opt(s.load.p90, 0), da_int(s.load.reference_p10), da_int(s.load.reference_p90));
  h += load_histogram_svg(s.load) + "</section>";

  if (s.planning_areas.empty()) {
    h += "<section><h2>Kommuner og regioner</h2><p class=\"note\">Klik på en kolonne for at "
         "sortere "
         "kommunerne. ● = udpeget "
         "som lægedækningstruet. Borgere tælles, hvor de bor; klinikker, kapaciteter, læger og "
         "tilmeldte patienter, hvor "
         "klinikken ligger. Afstande er medianer over borgerne.</p>";
  } else {  // `--areas`: the rows are planning areas
    h += fmt::format(
        "<section><h2>{}</h2><p class=\"note\">{}</p>", text("areas.report.heading", ctx.lang),
        escape(textf("areas.report.note", ctx.lang, s.planning_areas, s.kommuner.size())));
  }
  h += area_table(s, d, settings.survey.senior_doctor_age) + "</section>";

  h += "<section><h2>Lægedækningstruede områder</h2>" +
       designation_section(d, s, settings.survey.senior_doctor_age, ctx.lang) + "</section>";

  // The forecast (issue 9), when the caller ran one.
  if (ctx.forecast) h += forecast_section(*ctx.forecast, ctx.lang);
  for (const std::string& extra : extra_sections) h += extra;  // placement (issue 10)
  h += "<section><h2>Sådan er tallene opgjort</h2><ul class=\"note\">";
  h += "<li>S1: borgere, tilmeldte gruppe 1-patienter, klinikker, læger og kapaciteter (besatte og "
       "ubesatte); patienter pr. kapacitet = tilmeldte patienter hos områdets klinikker / alle "
       "deres kapaciteter.</li>";
  h +=
      "<li>S2: hver borger vægtes med sit forventede antal kontakter (alder, køn, type 2-diabetes, "
      "KOL, tilknytning til arbejdsmarkedet) i forhold til landsgennemsnittet (middelvægt 1,0); "
      "P10/P90 er percentiler på tværs af klinikker (som Excels PERCENTIL.MEDTAG).</li>";
  h += "<li>S3: andel klinikker åbne for tilgang.</li>";
  h += fmt::format(
      "<li>S4: afstand i fugleflugt (storcirkel) fra bopæl til nærmeste og næstnærmeste åbne "
      "klinik; præcis {} km tæller som inden for.</li>",
      da_dec(s.choice_radius_km, 3));
  h += fmt::format(
      "<li>S5: læger på {} år og derover, lægernes gennemsnitsalder og klinikkernes alder; "
      "klinikker i midlertidige former (regionsklinik, udbudsklinik) og borgere tilmeldt dem.</li>",
      settings.survey.senior_doctor_age);
  h += "<li>S6: to-trins flydende opland (2SFCA) og den forbedrede variant med afstandsbånd "
       "(E2SFCA): kapaciteter pr. sygdomsvægtet borger inden for oplandet; »rel.« er kommunens "
       "gennemsnit i forhold til landets.</li>";
  h += "<li>Rapporten viser kun samlede tal; ingen enkeltpersoner indgår.</li></ul></section>";

  h += "<section><h2>Anvendte indstillinger</h2><details><summary>Vis alle regler og tal "
       "(TOML)</summary><pre>";
  h += escape(settings.to_toml());
  h += "</pre></details></section>";
  h += "<p id=\"render-check\" class=\"note\"></p></main><script>";
  h += kScript;
  h += "</script></body></html>\n";
  return h;
}

}  // namespace praksis
