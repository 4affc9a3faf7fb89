// Reading, validating and writing claim files.
#include "praksis/economy/claims.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>
#include <unordered_map>

#include "praksis/core/date.hpp"
#include "praksis/core/error.hpp"
#include "praksis/core/parse.hpp"

namespace praksis {

void ClaimColumns::clear() {
  resize(0);
}

void ClaimColumns::reserve(std::size_t n) {
  id.reserve(n);
  clinic.reserve(n);
  citizen.reserve(n);
  day.reserve(n);
  service.reserve(n);
  quantity.reserve(n);
}

void ClaimColumns::resize(std::size_t n) {
  id.resize(n);
  clinic.resize(n);
  citizen.resize(n);
  day.resize(n);
  service.resize(n);
  quantity.resize(n);
}

void ClaimColumns::push_back(std::uint64_t claim_id, ClinicIndex c, CitizenIndex z, std::int32_t d,
                             std::uint16_t s, std::uint32_t q) {
  id.push_back(claim_id);
  clinic.push_back(c);
  citizen.push_back(z);
  day.push_back(d);
  service.push_back(s);
  quantity.push_back(q);
}

void ClaimColumns::append(const ClaimColumns& o) {
  id.insert(id.end(), o.id.begin(), o.id.end());
  clinic.insert(clinic.end(), o.clinic.begin(), o.clinic.end());
  citizen.insert(citizen.end(), o.citizen.begin(), o.citizen.end());
  day.insert(day.end(), o.day.begin(), o.day.end());
  service.insert(service.end(), o.service.begin(), o.service.end());
  quantity.insert(quantity.end(), o.quantity.begin(), o.quantity.end());
}

const std::vector<std::string_view>& claim_file_columns() {
  static const std::vector<std::string_view> cols = {"claim_id", "ydernummer",   "citizen_id",
                                                     "date",     "service_code", "quantity"};
  return cols;
}

namespace {

enum Col : std::size_t { kId, kYder, kCitizen, kDate, kService, kQuantity, kColumns };

struct Hash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

/// Finds claim ids used twice (in the file, or already stored) and reports each at its line.
void check_duplicates(const std::string& source, const ClaimColumns& claims,
                      const std::vector<std::uint32_t>& lines,
                      std::span<const std::uint64_t> existing, IssueCollector& issues) {
  const std::size_t n = claims.size();
  bool increasing = true;
  for (std::size_t i = 1; i < n && increasing; ++i) increasing = claims.id[i - 1] < claims.id[i];
  const auto id_col = claim_file_columns()[kId];
  auto at = [&](std::size_t i) {
    return InputLocation{source, lines[i], static_cast<std::int64_t>(kId) + 1, std::string(id_col)};
  };
  if (!increasing) {
    std::vector<std::uint32_t> order(n);
    std::iota(order.begin(), order.end(), 0u);
    std::stable_sort(order.begin(), order.end(),
                     [&](auto a, auto b) { return claims.id[a] < claims.id[b]; });
    std::vector<std::uint32_t> dupes;
    for (std::size_t k = 1; k < n; ++k) {
      if (claims.id[order[k]] == claims.id[order[k - 1]]) dupes.push_back(order[k]);
    }
    // Report in file order, each naming the line that used the id first.
    std::sort(dupes.begin(), dupes.end());
    for (auto i : dupes) {
      if (issues.full()) break;
      const auto first =
          std::lower_bound(order.begin(), order.end(), claims.id[i],
                           [&](auto a, std::uint64_t v) { return claims.id[a] < v; });
      issues.add(at(i), message("input.claims.duplicate", claims.id[i], lines[*first]));
    }
  }
  if (!existing.empty()) {
    for (std::size_t i = 0; i < n && !issues.full(); ++i) {
      if (std::binary_search(existing.begin(), existing.end(), claims.id[i])) {
        issues.add(at(i), message("input.claims.duplicate_stored", claims.id[i]));
      }
    }
  }
}

}  // namespace

ClaimColumns parse_claims_csv(std::string_view text, std::string source, const World& world,
                              const TariffTable& tariffs, int year,
                              std::span<const std::uint64_t> existing_ids) {
  const auto& cols = claim_file_columns();
  CsvReader reader(source, text);
  reader.expect_header(cols);
  std::unordered_map<std::string, std::uint16_t, Hash, std::equal_to<>> codes;
  for (std::size_t i = 0; i < tariffs.size(); ++i) codes.emplace(tariffs[i].code, i);
  const std::int32_t first_day = Date::from_ymd(year, 1, 1).days();
  const std::int32_t last_day = Date::from_ymd(year, 12, 31).days();

  IssueCollector issues;
  ClaimColumns out;
  out.reserve(text.size() / 48);
  std::vector<std::uint32_t> lines;
  lines.reserve(text.size() / 48);
  CsvRow row;
  while (reader.next(row)) {
    if (issues.full()) break;
    if (row.fields.size() != kColumns) {
      issues.add(
          InputLocation{source, row.line, 0, {}},
          message("input.csv.columns", static_cast<std::size_t>(kColumns), row.fields.size()));
      continue;
    }
    auto fail = [&](std::size_t c, Message reason) {
      issues.add(reader.at(row, c, cols[c]), std::move(reason));
    };
    const auto& f = row.fields;
    bool ok = true;
    const auto id = parse_int<std::uint64_t>(f[kId]);
    if (!id || *id == 0 || *id > static_cast<std::uint64_t>(INT64_MAX)) {
      fail(kId, message("input.claims.id", f[kId]));
      ok = false;
    }
    ClinicIndex clinic = kNoClinic;
    if (const auto y = parse_int<std::uint32_t>(f[kYder]); !y) {
      fail(kYder, message("input.claims.ydernummer", f[kYder]));
      ok = false;
    } else if (const auto c = world.find_clinic(*y); !c) {
      fail(kYder, message("input.claims.unknown_clinic", *y));
      ok = false;
    } else {
      clinic = *c;
    }
    CitizenIndex citizen = kNoCitizen;
    if (const auto z = parse_hex_id(f[kCitizen]); !z) {
      fail(kCitizen, message("input.claims.citizen_id", f[kCitizen]));
      ok = false;
    } else if (citizen = world.find_citizen(*z); citizen == kNoCitizen) {
      fail(kCitizen, message("input.claims.unknown_citizen", f[kCitizen]));
      ok = false;
    }
    std::int32_t day = 0;
    if (const auto d = Date::parse(f[kDate]); !d) {
      fail(kDate, message("input.claims.date", f[kDate]));
      ok = false;
    } else if (d->days() < first_day || d->days() > last_day) {
      fail(kDate, message("input.claims.outside_year", f[kDate], year));
      ok = false;
    } else {
      day = d->days();
    }
    std::uint16_t service = 0;
    if (const auto it = codes.find(f[kService]); it == codes.end()) {
      fail(kService, message("input.claims.unknown_service", f[kService], tariffs.source()));
      ok = false;
    } else if (tariffs[it->second].kind == ServiceKind::basic) {
      fail(kService, message("input.claims.basic", f[kService]));
      ok = false;
    } else {
      service = it->second;
    }
    std::uint32_t quantity = 0;
    if (const auto q = parse_int<std::int64_t>(f[kQuantity]); !q) {
      fail(kQuantity, message("input.claims.quantity", f[kQuantity]));
      ok = false;
    } else if (*q < 0) {
      fail(kQuantity, message("input.claims.negative", *q));
      ok = false;
    } else if (*q == 0 || *q > kMaxClaimQuantity) {
      fail(kQuantity, message("input.claims.quantity_range", *q, kMaxClaimQuantity));
      ok = false;
    } else {
      quantity = static_cast<std::uint32_t>(*q);
    }
    if (!ok) continue;
    out.push_back(*id, clinic, citizen, day, service, quantity);
    lines.push_back(static_cast<std::uint32_t>(row.line));
  }
  if (!issues.full()) check_duplicates(source, out, lines, existing_ids, issues);
  issues.throw_if_any();
  return out;
}

ClaimColumns read_claims_csv(const std::filesystem::path& path, const World& world,
                             const TariffTable& tariffs, int year,
                             std::span<const std::uint64_t> existing_ids) {
  FileView view(path);
  return parse_claims_csv(view.data(), path.string(), world, tariffs, year, existing_ids);
}

void write_claims_csv(CsvWriter& out, const World& world, const ClaimColumns& claims,
                      std::span<const std::string> codes) {
  out.header(claim_file_columns());
  write_claim_rows(out, world, claims, codes);
}

void write_claim_rows(CsvWriter& out, const World& world, const ClaimColumns& claims,
                      std::span<const std::string> codes) {
  char hex[16];
  for (std::size_t i = 0; i < claims.size(); ++i) {
    out.integer(static_cast<std::int64_t>(claims.id[i]));
    out.integer(world.clinics[claims.clinic[i]].ydernummer);
    format_hex_id(world.citizens.id[claims.citizen[i]], hex);
    out.text(std::string_view(hex, 16));
    out.text(Date::from_days(claims.day[i]).to_string());
    out.text(codes[claims.service[i]]);
    out.integer(claims.quantity[i]);
    out.end_row();
  }
}

}  // namespace praksis
