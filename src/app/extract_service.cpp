// The extract use case: the national world cut to the areas asked for and written.
#include "praksis/app/extract_service.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>

#include "praksis/core/error.hpp"
#include "praksis/io/interchange.hpp"

namespace praksis::app {

namespace {

/// Creates `out` (or checks the existing directory) and that a file can be written in it, before
/// anything is written; InputError naming --out otherwise.
void check_out_dir(const std::string& out, Lang lang) {
  namespace fs = std::filesystem;
  const fs::path dir(out);
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec))
    throw InputError(InputLocation{"--out", 0, 0, out},
                     textf("extract.not_writable", lang, text("app.error.detail.not_dir", lang)));
  fs::create_directories(dir, ec);
  if (ec)
    throw InputError(InputLocation{"--out", 0, 0, out},
                     textf("extract.not_writable", lang, ec.message()));
  const fs::path probe = dir / ".praksis-extract-probe";
  {
    std::ofstream f(probe);
    if (!f)
      throw InputError(
          InputLocation{"--out", 0, 0, out},
          textf("extract.not_writable", lang, text("app.error.detail.no_write", lang)));
  }
  fs::remove(probe, ec);
}

}  // namespace

void ExtractRequest::validate() const {
  if (out.empty())
    throw InputError(InputLocation{"--out", 0, 0, {}}, message("app.error.give_out_dir"));
  if (!std::isfinite(margin_km) || margin_km < 0)
    throw InputError(InputLocation{"--margin-km", 0, 0, {}}, message("app.error.margin"));
}

ExtractOutcome ExtractService::run(const ExtractRequest& r, Lang lang) const {
  r.validate();
  const World national = load_survey_world(r.store);
  ExtractParameters params;
  params.scope = parse_area_scope(national, r.scope.regions, parse_kommune_list(r.scope.kommuner));
  params.margin_km = r.margin_km;
  ExtractOutcome o{extract_world(national, settings_, params), params.scope.describe(national)};
  check_out_dir(r.out, lang);
  write_world(o.extract.world, r.out);
  return o;
}

}  // namespace praksis::app
