// The text catalogue: the per-area tables in src/output/texts/ joined into one index.
#include "praksis/output/text.hpp"

#include <fmt/args.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <unordered_map>
#include <vector>

#include "praksis/core/csv.hpp"
#include "praksis/core/error.hpp"
#include "praksis/core/text_table.hpp"

namespace praksis {
namespace {

// One table per area; an area adds its file here and nowhere else.
#include "texts/cli.inc"
#include "texts/cli_options.inc"
#include "texts/cli_output.inc"
#include "texts/cli_parse.inc"
#include "texts/clinic_lifecycle.inc"
#include "texts/common.inc"
#include "texts/demo.inc"
#include "texts/economy.inc"
#include "texts/errors_app.inc"
#include "texts/errors_input.inc"
#include "texts/extract.inc"
#include "texts/forecast.inc"
#include "texts/input.inc"
#include "texts/island.inc"
#include "texts/listing.inc"
#include "texts/log.inc"
#include "texts/metric.inc"
#include "texts/placement.inc"
#include "texts/planning_areas.inc"
#include "texts/planning_inputs.inc"
#include "texts/service.inc"
#include "texts/store.inc"
#include "texts/survey.inc"
#include "texts/trend.inc"
#include "texts/web.inc"
// The refusals of the server and the services (HTTP 4xx, store, what-if, listing).
#include "texts/errors_listing.inc"
#include "texts/errors_server.inc"
#include "texts/errors_service.inc"

const std::vector<TextEntry>& all_entries() {
  static const std::vector<TextEntry> entries = [] {
    std::vector<TextEntry> v;
    for (std::span<const TextEntry> area : {std::span<const TextEntry>(kCommonTexts),
                                            std::span<const TextEntry>(kServerErrorTexts),
                                            std::span<const TextEntry>(kListingErrorTexts),
                                            std::span<const TextEntry>(kServiceErrorTexts),
                                            std::span<const TextEntry>(kDemoTexts),
                                            std::span<const TextEntry>(kEconomyTexts),
                                            std::span<const TextEntry>(kAppErrorTexts),
                                            std::span<const TextEntry>(kForecastTexts),
                                            std::span<const TextEntry>(kPlacementTexts),
                                            std::span<const TextEntry>(kWhatIfTexts),
                                            std::span<const TextEntry>(kPlacementReportTexts),
                                            std::span<const TextEntry>(kClinicLifecycleTexts),
                                            std::span<const TextEntry>(kServiceTexts),
                                            std::span<const TextEntry>(kMetricTexts),
                                            std::span<const TextEntry>(kIslandTexts),
                                            std::span<const TextEntry>(kTrendTexts),
                                            std::span<const TextEntry>(kStoreTexts),
                                            std::span<const TextEntry>(kExtractTexts),
                                            std::span<const TextEntry>(kWebTexts),
                                            std::span<const TextEntry>(kPlanningAreaTexts),
                                            std::span<const TextEntry>(kPlanningInputTexts),
                                            std::span<const TextEntry>(kSurveyTexts),
                                            std::span<const TextEntry>(kListingTexts),
                                            std::span<const TextEntry>(kLogTexts),
                                            std::span<const TextEntry>(kCliTexts),
                                            std::span<const TextEntry>(kCliOptionTexts),
                                            std::span<const TextEntry>(kCliOutputTexts),
                                            std::span<const TextEntry>(kCliParseTexts),
                                            std::span<const TextEntry>(kInputTexts),
                                            std::span<const TextEntry>(kInputErrorTexts)}) {
      v.insert(v.end(), area.begin(), area.end());
    }
    return v;
  }();
  return entries;
}

const std::unordered_map<std::string_view, const TextEntry*>& index() {
  static const auto map = [] {
    std::unordered_map<std::string_view, const TextEntry*> m;
    for (const auto& e : all_entries()) m.emplace(e.key, &e);  // duplicates: first wins, test fails
    return m;
  }();
  return map;
}

}  // namespace

Lang parse_lang(std::string_view value, std::string_view option) {
  if (value == "da") return Lang::da;
  if (value == "en") return Lang::en;
  throw InputError(InputLocation{std::string(option), 0, 0, {}},
                   message("input.unknown_lang", value));
}

std::string_view lang_code(Lang lang) {
  return lang == Lang::da ? "da" : "en";
}

std::string_view text(std::string_view key, Lang lang) {
  auto it = index().find(key);
  if (it == index().end()) throw std::logic_error("text catalogue has no key " + std::string(key));
  return lang == Lang::da ? it->second->da : it->second->en;
}

std::string csv_column(std::string_view prefix, std::string_view key, CsvDialect dialect,
                       Lang lang) {
  if (dialect == CsvDialect::standard) return std::string(key);
  return std::string(text(std::string(prefix) + std::string(key), lang));
}

namespace {
// A double as fmt's "{}" writes it (shortest round trip), with a decimal comma in Danish.
std::string shortest(double v, Lang lang) {
  std::string t = fmt::format("{}", v);
  if (lang == Lang::da) std::replace(t.begin(), t.end(), '.', ',');
  return t;
}
}  // namespace

std::string render(const Message& m, Lang lang) {
  fmt::dynamic_format_arg_store<fmt::format_context> store;
  for (const MessageArg& a : m.args)
    store.push_back(a.decimals >= 0 ? format_decimal(a.number, a.decimals, lang)
                    : a.decimals == MessageArg::kShortest ? shortest(a.number, lang)
                                                          : a.text);
  return fmt::vformat(text(m.key, lang), store);
}

std::string issue_reason(const InputIssue& issue, Lang lang) {
  return issue.message.empty() ? issue.reason : render(issue.message, lang);
}

std::string issue_text(const InputIssue& issue, Lang lang) {
  return issue.where.to_string() + ": " + issue_reason(issue, lang);
}

std::string error_text(const InputError& e, Lang lang) {
  std::string s;
  for (const auto& i : e.issues()) {
    if (!s.empty()) s += '\n';
    s += issue_text(i, lang);
  }
  return s;
}

std::vector<InputIssue> localized(const std::vector<InputIssue>& issues, Lang lang) {
  std::vector<InputIssue> out = issues;
  for (InputIssue& i : out) i.reason = issue_reason(i, lang);
  return out;
}

std::optional<std::string_view> find_text(std::string_view key, Lang lang) {
  auto it = index().find(key);
  if (it == index().end()) return std::nullopt;
  return lang == Lang::da ? it->second->da : it->second->en;
}

std::span<const TextEntry> text_catalogue() {
  return all_entries();
}

std::string format_integer(long long v, Lang lang) {
  return group_thousands(v, lang == Lang::da ? '.' : ',');
}

std::string format_decimal(double v, int decimals, Lang lang) {
  const double scale = std::pow(10.0, decimals);
  const double r = std::round(v * scale) / scale;
  const double whole = std::trunc(r);
  std::string s = format_integer(std::llround(whole), lang);
  if (whole == 0 && r < 0) s = "-0";
  if (decimals <= 0) return s;
  const auto frac = static_cast<long long>(std::llround(std::abs(r - whole) * scale));
  return s + (lang == Lang::da ? "," : ".") + fmt::format("{:0{}}", frac, decimals);
}

}  // namespace praksis
