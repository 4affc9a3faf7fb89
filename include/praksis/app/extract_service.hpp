// The extract use case (`praksis extract`): a region's (or some kommuner's) extract of the
// national store, written as interchange CSV files with extract.csv (docs/extract.md).
#pragma once

#include <string>

#include "praksis/app/coverage_service.hpp"
#include "praksis/io/extract.hpp"
#include "praksis/output/text.hpp"
#include "praksis/settings/settings.hpp"

namespace praksis::app {

/// What `praksis extract` asks, as given.
struct ExtractRequest {
  std::string store = "praksis.db";  // `--db`
  std::string out{};                 // `--out`: the directory to write
  AreaSelection scope{};             // `--region`, `--kommune`: the areas cut (required)
  double margin_km = 5.0;            // `--margin-km`
  /// InputError naming the option: no --out, a negative or non-finite margin.
  void validate() const;
};

struct ExtractOutcome {
  ExtractResult extract;
  std::string scope;  // the areas cut, described with the national world's names
};

class ExtractService {
 public:
  explicit ExtractService(const Settings& settings) : settings_(settings) {}

  /// Validates `r`, loads the national world, cuts the extract, checks that `r.out` is a
  /// directory a file can be written in (InputError naming --out, messages in `lang`) and
  /// writes it there.
  ExtractOutcome run(const ExtractRequest& r, Lang lang) const;

 private:
  const Settings& settings_;
};

}  // namespace praksis::app
