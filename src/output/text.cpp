// The text catalogue: the per-area tables in src/output/texts/ joined into one index.
#include "praksis/output/text.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <unordered_map>
#include <vector>

#include "praksis/core/error.hpp"
#include "praksis/core/text_table.hpp"

namespace praksis {
namespace {

// One table per area; an area adds its file here and nowhere else.
#include "texts/clinic_lifecycle.inc"
#include "texts/common.inc"
#include "texts/demo.inc"
#include "texts/extract.inc"
#include "texts/forecast.inc"
#include "texts/island.inc"
#include "texts/metric.inc"
#include "texts/placement.inc"
#include "texts/planning_areas.inc"
#include "texts/planning_inputs.inc"
#include "texts/service.inc"
#include "texts/store.inc"
#include "texts/trend.inc"
#include "texts/web.inc"

const std::vector<TextEntry>& all_entries() {
  static const std::vector<TextEntry> entries = [] {
    std::vector<TextEntry> v;
    for (std::span<const TextEntry> area :
         {std::span<const TextEntry>(kCommonTexts), std::span<const TextEntry>(kDemoTexts),
          std::span<const TextEntry>(kForecastTexts), std::span<const TextEntry>(kPlacementTexts),
          std::span<const TextEntry>(kWhatIfTexts),
          std::span<const TextEntry>(kPlacementReportTexts),
          std::span<const TextEntry>(kClinicLifecycleTexts),
          std::span<const TextEntry>(kServiceTexts), std::span<const TextEntry>(kMetricTexts),
          std::span<const TextEntry>(kIslandTexts),
          std::span<const TextEntry>(kTrendTexts), std::span<const TextEntry>(kStoreTexts),
          std::span<const TextEntry>(kExtractTexts), std::span<const TextEntry>(kWebTexts),
          std::span<const TextEntry>(kPlanningAreaTexts),
          std::span<const TextEntry>(kPlanningInputTexts)}) {
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
                   text("common.error.lang", Lang::da).data() + std::string(" (\"") +
                       std::string(value) + "\")");
}

std::string_view lang_code(Lang lang) {
  return lang == Lang::da ? "da" : "en";
}

std::string_view text(std::string_view key, Lang lang) {
  auto it = index().find(key);
  if (it == index().end()) throw std::logic_error("text catalogue has no key " + std::string(key));
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
