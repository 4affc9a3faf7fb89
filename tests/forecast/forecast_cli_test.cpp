// The forecast through the command line (rule F1): the report's forecast section shows the
// figures of `praksis forecast --format json`, and `--region` restricts the output.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "praksis/output/text.hpp"
#include "support/cli.hpp"
#include "support/test_world.hpp"

namespace praksis {
namespace {
namespace fs = std::filesystem;
using nlohmann::ordered_json;
using testing::CliRun;

const fs::path kData = PRAKSIS_TEST_DATA_DIR;

CliRun run(const std::string& args) {
  return testing::run_praksis(args, testing::Stderr::merged);
}

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

std::string unescape(std::string s) {
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&amp;", "&"}}) {
    for (std::size_t i = s.find(from); i != std::string::npos; i = s.find(from, i + to.size()))
      s.replace(i, from.size(), to);
  }
  return s;
}

/// The `data-v` values of the table with `id`, row by row.
std::vector<std::vector<std::string>> table_values(const std::string& html, const std::string& id) {
  const auto start = html.find("<table id=\"" + id + "\">");
  if (start == std::string::npos) return {};
  const auto end = html.find("</table>", start);
  const std::string table = html.substr(start, end - start);
  std::vector<std::vector<std::string>> rows;
  const std::string open = "<td data-v=\"";
  for (std::size_t r = table.find("<tr>"); r != std::string::npos; r = table.find("<tr>", r + 1)) {
    const std::size_t row_end = table.find("</tr>", r);
    std::vector<std::string> cells;
    for (std::size_t c = table.find(open, r); c != std::string::npos && c < row_end;
         c = table.find(open, c + 1)) {
      const std::size_t v = c + open.size();
      cells.push_back(unescape(table.substr(v, table.find('"', v) - v)));
    }
    if (!cells.empty()) rows.push_back(std::move(cells));
  }
  return rows;
}

/// Every value of a JSON row (in column order) equals the report's cell.
void expect_row(const ordered_json& row, const std::vector<std::string>& cells,
                const std::string& where) {
  ASSERT_EQ(row.size(), cells.size()) << where;
  std::size_t i = 0;
  for (const auto& [key, value] : row.items()) {
    const std::string& cell = cells[i++];
    if (value.is_string()) {
      EXPECT_EQ(value.get<std::string>(), cell) << where << " " << key;
    } else if (value.is_number_integer()) {
      EXPECT_EQ(std::to_string(value.get<std::int64_t>()), cell) << where << " " << key;
    } else {
      EXPECT_EQ(value.get<double>(), std::stod(cell)) << where << " " << key;
    }
  }
}

struct Store {
  fs::path dir;
  std::string db;
};

Store imported(const std::string& name) {
  Store s{testing::temp_dir(name), {}};
  s.db = (s.dir / "p.db").string();
  const CliRun imp = run("import " + (kData / "valid").string() + " --db " + s.db);
  EXPECT_EQ(imp.code, 0) << imp.out;
  return s;
}

TEST(ForecastCli, F1_ReportSectionShowsTheFiguresOfForecastJson) {
  const Store s = imported("forecast_report");
  const std::string html_path = (s.dir / "r.html").string();
  const std::string json_path = (s.dir / "f.json").string();
  const CliRun report =
      run("report --db " + s.db + " --out " + html_path + " --forecast-runs 25 --forecast-seed 4");
  ASSERT_EQ(report.code, 0) << report.out;
  const CliRun forecast =
      run("forecast --db " + s.db + " --format json --runs 25 --seed 4 --out " + json_path);
  ASSERT_EQ(forecast.code, 0) << forecast.out;
  const std::string html = read(html_path);
  const ordered_json json = ordered_json::parse(read(json_path));

  // Danish by default, from the catalogue; a chart for the nation and each region with bands.
  EXPECT_NE(html.find("<section id=\"forecast\"><h2>" +
                      std::string(text("forecast.report.heading", Lang::da)) + "</h2>"),
            std::string::npos);
  EXPECT_NE(html.find("Region Sjælland</title>"), std::string::npos);
  EXPECT_NE(html.find("Region Hovedstaden</title>"), std::string::npos);
  std::size_t bands_drawn = 0;
  for (auto i = html.find("class=\"band\""); i != std::string::npos;
       i = html.find("class=\"band\"", i + 1))
    ++bands_drawn;
  EXPECT_EQ(bands_drawn, 2u * 3u);  // need and filled capacities for Denmark and two regions

  const auto kommuner = table_values(html, "forecast-kommuner");
  ASSERT_EQ(kommuner.size(), json["kommuner"].size());
  ASSERT_EQ(kommuner.size(), 3u);
  for (std::size_t i = 0; i < kommuner.size(); ++i)
    expect_row(json["kommuner"][i], kommuner[i], "kommuner row " + std::to_string(i));

  const auto bands = table_values(html, "forecast-bands");
  ASSERT_EQ(bands.size(), json["bands"].size());
  for (std::size_t i = 0; i < bands.size(); ++i)
    expect_row(json["bands"][i], bands[i], "bands row " + std::to_string(i));

  const auto assumptions = table_values(html, "forecast-assumptions");
  std::vector<std::string> column;
  for (const auto& row : assumptions) column.push_back(row.at(0));
  // The scenario and source are words in the report's language; JSON holds the same words.
  expect_row(json["assumptions"], column, "assumptions");

  // English on request.
  const CliRun en =
      run("--lang en report --db " + s.db + " --out " + html_path + " --forecast-runs 0");
  ASSERT_EQ(en.code, 0) << en.out;
  const std::string english = read(html_path);
  EXPECT_NE(english.find(std::string(text("forecast.report.heading", Lang::en))),
            std::string::npos);
  EXPECT_EQ(english.find("class=\"band\""), std::string::npos);  // no runs, no bands
}

TEST(ForecastCli, F1_RegionOption_RestrictsTheOutput_BadRegionExitsTwoAndWritesNothing) {
  const Store s = imported("forecast_region");
  const CliRun ok = run("forecast --db " + s.db + " --region 1085 --runs 5 --format json");
  ASSERT_EQ(ok.code, 0) << ok.out;
  const ordered_json json = ordered_json::parse(ok.out.substr(ok.out.find('{')));
  EXPECT_FALSE(json.contains("national"));
  ASSERT_FALSE(json["regions"].empty());
  for (const auto& row : json["regions"]) EXPECT_EQ(row["region"], 1085);
  ASSERT_EQ(json["kommuner"].size(), 1u);
  EXPECT_EQ(json["kommuner"][0]["kommune"], 259);
  ASSERT_FALSE(json["bands"].empty());
  for (const auto& row : json["bands"]) EXPECT_EQ(row["region"], 1085);

  const CliRun csv = run("forecast --db " + s.db + " --region 1084 --format csv");
  ASSERT_EQ(csv.code, 0) << csv.out;
  EXPECT_NE(csv.out.find("\n1084,Region Hovedstaden,2023,"), std::string::npos) << csv.out;
  EXPECT_EQ(csv.out.find("1085"), std::string::npos);

  const std::string out = (s.dir / "never.json").string();
  const CliRun bad = run("forecast --db " + s.db + " --region 1090 --out " + out);
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.out.find("--region"), std::string::npos) << bad.out;
  EXPECT_NE(bad.out.find("1081 (Nordjylland) til 1085 (Sjælland), ikke 1090"), std::string::npos)
      << bad.out;
  const CliRun absent = run("forecast --db " + s.db + " --region 1081 --out " + out);
  EXPECT_EQ(absent.code, 2);
  EXPECT_NE(absent.out.find("region 1081 findes ikke i lageret"), std::string::npos) << absent.out;
  EXPECT_FALSE(fs::exists(out));
}

}  // namespace
}  // namespace praksis
