// Claim lines (ydelser): the CSV claim format, validation, and the columnar form in memory.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "praksis/core/csv.hpp"
#include "praksis/economy/tariff.hpp"
#include "praksis/model/world.hpp"

namespace praksis {

/// Claim lines as columns. `service` indexes a code list that travels with the columns (the
/// tariff table while reading a file, the store's service-code dictionary inside the store).
struct ClaimColumns {
  std::vector<std::uint64_t> id;        // claim id (unique within a year)
  std::vector<ClinicIndex> clinic;      // position in World::clinics (the claiming ydernummer)
  std::vector<CitizenIndex> citizen;    // position in World::citizens
  std::vector<std::int32_t> day;        // Date::days()
  std::vector<std::uint16_t> service;   // index into the code list
  std::vector<std::uint32_t> quantity;  // units, at least 1

  std::size_t size() const { return id.size(); }
  void clear();
  void reserve(std::size_t n);
  void resize(std::size_t n);
  void push_back(std::uint64_t claim_id, ClinicIndex c, CitizenIndex z, std::int32_t d,
                 std::uint16_t s, std::uint32_t q);
  /// Appends `o`'s rows (same code list).
  void append(const ClaimColumns& o);
};

/// The columns of a claim file, in order (docs/economy.md).
const std::vector<std::string_view>& claim_file_columns();

/// Largest quantity a single claim line may carry.
inline constexpr std::uint32_t kMaxClaimQuantity = 9999;

/// Reads and validates a claim file for `year`: every line must name a claimable service in
/// `tariffs`, a clinic and a citizen of `world`, a date inside `year`, a positive quantity and a
/// claim id not used before in the file or in `existing_ids` (sorted). Throws InputError listing
/// the problems as file:line:column (field): reason. `service` in the result indexes `tariffs`.
ClaimColumns read_claims_csv(const std::filesystem::path& path, const World& world,
                             const TariffTable& tariffs, int year,
                             std::span<const std::uint64_t> existing_ids = {});
/// Same from text; `source` names it in errors.
ClaimColumns parse_claims_csv(std::string_view text, std::string source, const World& world,
                              const TariffTable& tariffs, int year,
                              std::span<const std::uint64_t> existing_ids = {});

/// Writes claims in the claim file format (header and rows); `codes[service]` is the code of
/// each service index.
void write_claims_csv(CsvWriter& out, const World& world, const ClaimColumns& claims,
                      std::span<const std::string> codes);
/// The rows only, to write a file in parts after `out.header(claim_file_columns())`.
void write_claim_rows(CsvWriter& out, const World& world, const ClaimColumns& claims,
                      std::span<const std::string> codes);

}  // namespace praksis
