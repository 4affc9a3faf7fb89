// Fuzz target: the CSV reader (both separators). Any input must give rows or an InputError naming
// the place; every accepted field must be well-formed UTF-8 without NUL bytes.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "praksis/core/csv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  for (char sep : {',', ';'}) {
    praksis::CsvReader r("fuzz.csv", text, sep);
    praksis::CsvRow row;
    try {
      std::int64_t last_line = 0;
      while (r.next(row)) {
        if (row.line <= last_line || row.fields.empty()) std::abort();
        last_line = row.line;
        for (auto f : row.fields)
          if (praksis::first_bad_text_byte(f)) std::abort();
      }
    } catch (const praksis::InputError& e) {
      if (e.issues().empty() || e.issues().front().where.source != "fuzz.csv") std::abort();
    }
  }
  return 0;
}
