// Loading and validating the tariff table.
#include "praksis/economy/tariff.hpp"

#include <fmt/format.h>

#include <set>

#include "praksis/core/csv.hpp"
#include "praksis/core/error.hpp"
#include "praksis/core/parse.hpp"

namespace praksis {
namespace embedded {
std::string_view find(std::string_view name);
}

std::string_view to_string(ServiceKind k) {
  return kServiceKindNames[static_cast<int>(k)];
}

namespace {
constexpr std::size_t kMaxCodeLength = 16;

std::vector<std::string_view> header_columns() {
  std::vector<std::string_view> cols;
  std::string_view h = TariffTable::kHeader;
  while (!h.empty()) {
    const auto comma = h.find(',');
    cols.push_back(h.substr(0, comma));
    if (comma == std::string_view::npos) break;
    h.remove_prefix(comma + 1);
  }
  return cols;
}
}  // namespace

TariffTable TariffTable::parse(std::string_view csv_text, std::string source) {
  const auto columns = header_columns();
  CsvReader reader(source, csv_text);
  reader.expect_header(columns);
  IssueCollector issues;
  TariffTable t;
  t.source_ = std::move(source);
  std::set<std::string, std::less<>> codes;
  int basic_rows = 0;
  CsvRow row;
  while (reader.next(row)) {
    if (row.fields.size() != columns.size()) {
      issues.add(InputLocation{t.source_, row.line, 0, {}},
                 message("input.csv.columns", columns.size(), row.fields.size()));
      continue;
    }
    auto at = [&](std::size_t c) { return reader.at(row, c, columns[c]); };
    bool ok = true;
    Service s;
    s.code = std::string(row.fields[0]);
    if (s.code.empty() || s.code.size() > kMaxCodeLength ||
        s.code.find_first_of(" ,;\"") != std::string::npos) {
      issues.add(at(0), message("input.tariff.code", s.code, kMaxCodeLength));
      ok = false;
    } else if (!codes.insert(s.code).second) {
      issues.add(at(0), message("input.tariff.duplicate", s.code));
      ok = false;
    }
    s.name = std::string(row.fields[1]);
    if (s.name.empty()) {
      issues.add(at(1), message("input.csv.required"));
      ok = false;
    }
    const auto fee = parse_fixed(row.fields[2], 2);
    const bool exact = fee && [&] {
      const auto dot = row.fields[2].find('.');
      return dot == std::string_view::npos || row.fields[2].size() - dot - 1 <= 2;
    }();
    if (!fee || !exact || *fee < 0) {
      issues.add(at(2), message("input.tariff.fee", row.fields[2]));
      ok = false;
    } else {
      s.fee = Money::from_ore(*fee);
    }
    bool kind_ok = false;
    for (int k = 0; k < 3; ++k) {
      if (row.fields[3] == kServiceKindNames[k]) {
        s.kind = static_cast<ServiceKind>(k);
        kind_ok = true;
      }
    }
    if (!kind_ok) {
      issues.add(at(3), message("input.tariff.kind", row.fields[3]));
      ok = false;
    }
    bool* flags[] = {&s.counts_toward_cap, &s.replaced_by_chronic_fee, &s.in_frame};
    for (std::size_t c = 4; c < 7; ++c) {
      const auto f = parse_flag(row.fields[c]);
      if (!f) {
        issues.add(at(c), message("input.csv.flag", row.fields[c]));
        ok = false;
      } else {
        *flags[c - 4] = *f;
      }
    }
    if (ok && s.counts_toward_cap && !s.in_frame) {
      issues.add(at(4), message("input.tariff.cap_outside_frame"));
      ok = false;
    }
    if (ok && s.kind == ServiceKind::basic) {
      ++basic_rows;
      if (s.counts_toward_cap || s.replaced_by_chronic_fee) {
        issues.add(at(4), message("input.tariff.basic_flags"));
        ok = false;
      }
      t.basic_ = t.services_.size();
    }
    if (ok) t.services_.push_back(std::move(s));
  }
  issues.throw_if_any();
  if (basic_rows != 1) {
    throw InputError(InputLocation{t.source_, 0, 0, "kind"},
                     message("input.tariff.E1.one_basic", basic_rows));
  }
  return t;
}

TariffTable TariffTable::load(const std::filesystem::path& path) {
  FileView view(path);
  return parse(view.data(), path.string());
}

TariffTable TariffTable::embedded() {
  const std::string_view text = embedded::find("tariffs.csv");
  if (text.empty()) throw Error("data/tariffs.csv is not compiled into this build");
  return parse(text, "data/tariffs.csv (embedded)");
}

TariffTable TariffTable::load_or_embedded(const std::string& path) {
  return path.empty() ? embedded() : load(path);
}

std::optional<std::size_t> TariffTable::find(std::string_view code) const {
  for (std::size_t i = 0; i < services_.size(); ++i) {
    if (services_[i].code == code) return i;
  }
  return std::nullopt;
}

std::string TariffTable::to_csv() const {
  std::string out;
  CsvWriter w(&out);
  w.header(header_columns());
  for (const auto& s : services_) {
    w.text(s.code).text(s.name).fixed(s.fee.ore, 2).text(to_string(s.kind));
    w.integer(s.counts_toward_cap).integer(s.replaced_by_chronic_fee).integer(s.in_frame);
    w.end_row();
  }
  w.close();
  return out;
}

}  // namespace praksis
