// Store reading and atomic output writing for the survey commands.
#include "survey_io.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <fstream>
#include <iostream>

#include "praksis/core/error.hpp"
#include "praksis/store/store.hpp"

namespace praksis::cli {

World load_survey_world(const std::string& db) {
  if (!std::filesystem::is_regular_file(db)) {
    throw InputError(InputLocation{"--db", 0, 0, {}},
                     "no store file '" + db + "' (create one with `praksis import DIR --db FILE`)");
  }
  const auto t0 = std::chrono::steady_clock::now();
  auto store = open_store(db, false);
  if (!store->has_world()) {
    throw InputError(InputLocation{"--db", 0, 0, {}},
                     "store '" + db + "' holds no world yet (run `praksis import DIR --db FILE`)");
  }
  World w = store->load_world();
  spdlog::info("loaded {} citizens and {} clinics from {} in {:.2f} s", w.citizens.size(),
               w.clinics.size(), db,
               std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  return w;
}

void write_output(const std::string& out, const std::string& text) {
  if (out.empty()) {
    std::cout << text;
    std::cout.flush();
    return;
  }
  const std::filesystem::path target(out);
  if (target.has_parent_path() && !std::filesystem::is_directory(target.parent_path())) {
    throw InputError(InputLocation{"--out", 0, 0, {}},
                     "directory '" + target.parent_path().string() + "' does not exist");
  }
  const std::filesystem::path tmp = target.string() + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f) throw Error("cannot create " + tmp.string());
    f << text;
    f.close();
    if (!f) throw Error("cannot write " + tmp.string());
  }
  std::filesystem::rename(tmp, target);
}

std::string settings_source(const std::string& settings_file) {
  return settings_file.empty() ? std::string("defaults") : settings_file;
}

}  // namespace praksis::cli
