// The interchange format: a directory of UTF-8 CSV files describing a world (docs/data-format.md).
#pragma once

#include <filesystem>
#include <string_view>
#include <vector>

#include "praksis/core/error.hpp"
#include "praksis/model/citizen_rows.hpp"
#include "praksis/model/world.hpp"
#include "praksis/output/text.hpp"
#include "praksis/settings/settings.hpp"

namespace praksis {

/// File names and headers of the interchange format, in load order.
struct InterchangeFile {
  std::string_view name;
  std::vector<std::string_view> columns;
  bool optional = false;  // may be absent: the world then has none of its rows
};
const std::vector<InterchangeFile>& interchange_files();

/// Reads and validates a directory. Throws InputError listing each problem as
/// file:line:column (field): reason. Nothing outside the returned value is touched. A home,
/// clinic or nursing home in the sea or abroad is refused in `lang` (catalogue "island.in_sea").
/// With a `sink`, the citizens' rows are handed to it in file order while the file is still being
/// read (praksis import: the store inserts them meanwhile); the returned world holds them too.
World read_world(const std::filesystem::path& dir, const Settings& settings, Lang lang = Lang::da,
                 CitizenRowSink* sink = nullptr);

/// Checks the rules a whole world must satisfy (references, L1 listings, coordinates); used on
/// imported files and on generated worlds. Problems name `source` and the citizen/clinic.
void validate_world(const World& w, const Settings& settings, IssueCollector& issues,
                    std::string_view source = "world");

/// Writes the world in canonical form (creating `dir`). Canonical files round-trip byte for byte.
void write_world(const World& w, const std::filesystem::path& dir);

}  // namespace praksis
