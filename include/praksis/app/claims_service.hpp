// The claim use cases: draw a synthetic year of claims (`praksis generate-claims`), store a claim
// file (`import-claims`) and write a stored year as a claim file (`export-claims`).
#pragma once

#include <cstdint>
#include <string>

#include "praksis/economy/claim_generator.hpp"
#include "praksis/settings/settings.hpp"

namespace praksis::app {

/// What `praksis generate-claims` asks, as given.
struct ClaimGenerationParameters {
  std::string store{};     // `--db`
  int year = 0;            // `--year`
  std::uint64_t seed = 1;  // `--seed`
  std::string out{};       // `--out`: write a claim file instead of storing the claims
  bool replace = false;    // `--replace`: replace the year's stored claims
  std::string tariffs{};   // `--tariffs` (empty: the embedded table)
  unsigned threads = 0;    // `--threads` (0: all cores)
  /// InputError naming the option when no store is given or the year is outside 1900-2200.
  void validate() const;
};

struct ClaimGenerationResult {
  ClaimGenerationStats stats;
  std::string written_to;  // the claim file, or the store
};

/// What `praksis import-claims` asks.
struct ClaimImportParameters {
  std::string file{};     // the claim file (CSV)
  std::string store{};    // `--db`
  int year = 0;           // `--year`: every claim date must be in it
  bool replace = false;   // `--replace`
  std::string tariffs{};  // `--tariffs`
  void validate() const;
};

/// What `praksis export-claims` asks.
struct ClaimExportParameters {
  std::string store{};  // `--db`
  int year = 0;         // `--year`
  std::string out{};    // `--out`: the claim file to write
  void validate() const;
};

class ClaimsService {
 public:
  explicit ClaimsService(const Settings& settings) : settings_(settings) {}

  /// Validates `p` and draws the year from the S2 contact model; stores it (refused, naming
  /// --year, when the year already has claims and `replace` is not set) or writes `p.out`.
  ClaimGenerationResult generate(const ClaimGenerationParameters& p) const;
  /// Validates and stores the claim file (all lines or none); the number of lines stored.
  std::int64_t import(const ClaimImportParameters& p) const;
  /// Writes the stored claims of `p.year` to `p.out` (InputError naming --year, before the file
  /// is created, when the year has none); the number of lines written.
  std::int64_t export_year(const ClaimExportParameters& p) const;

 private:
  const Settings& settings_;
};

}  // namespace praksis::app
