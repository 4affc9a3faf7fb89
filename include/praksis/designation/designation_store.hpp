// The designation a practice planning committee decided for a year, kept in the store (rule D1-D3),
// so the settlement of that year (E3 model 1) pays the areas that were designated, not a
// recomputation on a later world.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "praksis/designation/designation.hpp"
#include "praksis/model/codes.hpp"
#include "praksis/store/store.hpp"

namespace praksis {

struct StoredDesignation {
  int year = 0;
  std::string decided_at;       // UTC, ISO 8601
  std::string settings_source;  // the settings file's name ("defaults" when none)
  std::string settings_toml;    // the effective settings, as TOML
  std::vector<KommuneCode> designated;
  std::size_t areas = 0;  // kommuner evaluated
  std::string document;   // the designation with every criterion and reason (JSON, docs/survey.md)
};

/// Designations per year of one store. Saving replaces the year's designation in one transaction.
class DesignationStore {
 public:
  virtual ~DesignationStore() = default;
  virtual void save(int year, const Designation& d, std::string_view settings_source,
                    std::string_view settings_toml, std::string_view document) = 0;
  virtual std::optional<StoredDesignation> load(int year) = 0;
  virtual std::vector<int> years() = 0;
};

/// The designation store of `store` (SQLite or PostgreSQL).
std::unique_ptr<DesignationStore> open_designation_store(Store& store);

}  // namespace praksis
