// The dataset and extract services (`praksis generate`, `demo`'s generation, `import`, `export`,
// `extract`): bad parameters name the option; a generated dataset reads back as written and an
// extract holds only the areas cut.
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>

#include "praksis/app/dataset_service.hpp"
#include "praksis/app/extract_service.hpp"
#include "praksis/core/error.hpp"
#include "praksis/store/store.hpp"
#include "support/input_error.hpp"
#include "support/test_world.hpp"

namespace praksis {
namespace {

using testing::option_of;

TEST(DatasetService, BadParametersNameTheOption) {
  auto v = [](app::GenerateParameters p) { return option_of([&] { p.validate(); }); };
  EXPECT_EQ(v({.out = "d"}), "no error");
  EXPECT_EQ(v({}), "--out");
  EXPECT_EQ(v({.threads = 0, .out = "d"}), "--threads");
  EXPECT_EQ(v({.out = "d", .years = "2020..x"}), "--years");
  EXPECT_EQ(v({.out = "d", .years = "2023..2020"}), "--years");  // backwards
  EXPECT_EQ(v({.years = "2020..2021"}), "--out");
  const auto h = app::GenerateParameters{.scale = 0.5, .seed = 9, .years = "2018..2020"}.history();
  EXPECT_EQ(h.from, 2018);
  EXPECT_EQ(h.to, 2020);
  EXPECT_EQ(h.base.seed, 9u);
  EXPECT_EQ(app::GenerateParameters{.years = "2019"}.history().to, 2019);  // one year
}

TEST(DatasetService, AGeneratedDatasetReadsBackAsWritten) {
  const Settings s;
  const app::DatasetService svc(s);
  const auto dir = testing::temp_dir("dataset-service") / "dk";
  const auto r = svc.generate_and_write({.scale = 0.002, .seed = 3, .out = dir.string()});
  const World w = svc.read(dir, Lang::en);
  EXPECT_EQ(w.citizens.size(), r.citizens);
  EXPECT_EQ(w.clinics.size(), r.clinics);
  EXPECT_EQ(w.doctors.size(), r.doctors);
  EXPECT_GT(r.citizens, 0u);
  // The same parameters give the same world without writing it.
  EXPECT_EQ(svc.generate({.scale = 0.002, .seed = 3}).citizens.size(), r.citizens);
  const auto check = svc.check(dir, Lang::en);
  EXPECT_FALSE(check.targets.empty());
  EXPECT_LE(check.targets_met(), check.targets.size());
  EXPECT_GE(check.failures(), static_cast<int>(check.targets.size() - check.targets_met()));
}

TEST(ExtractService, BadParametersNameTheOption) {
  auto v = [](app::ExtractRequest r) { return option_of([&] { r.validate(); }); };
  EXPECT_EQ(v({.out = "x"}), "no error");
  EXPECT_EQ(v({}), "--out");
  EXPECT_EQ(v({.out = "x", .margin_km = -1}), "--margin-km");
  const Settings s;
  const auto dir = testing::temp_dir("extract-service");
  const std::string db = (dir / "world.db").string();
  EXPECT_EQ(option_of([&] {
              app::ExtractService(s).run({.store = db, .out = (dir / "x").string()}, Lang::en);
            }),
            "--db");  // no such store
}

TEST(ExtractService, AKommunesExtractHoldsOnlyItsResidents) {
  testing::WorldBuilder b;
  const ClinicIndex a = b.clinic(401, testing::kOrigin, 1, true, PracticeForm::kompagniskab, 101);
  const ClinicIndex k = b.clinic(402, testing::offset_km(testing::kOrigin, 40, 0), 1, true,
                                 PracticeForm::kompagniskab, 259);
  b.doctor(41, 401);
  b.doctor(42, 402);
  for (int i = 0; i < 20; ++i)
    b.citizen(static_cast<CitizenId>(i + 1),
              testing::offset_km(testing::kOrigin, i % 2 ? 40 : 1, 0), i % 2 ? k : a, 1950 + i,
              i % 2 ? 259 : 101);
  const auto dir = testing::temp_dir("extract-service-run");
  const std::string db = (dir / "world.db").string();
  open_store(db)->replace_world(b.build());
  const Settings s;
  const auto out = dir / "x";
  const auto o = app::ExtractService(s).run(
      {.store = db, .out = out.string(), .scope = {.kommuner = {"101"}}}, Lang::en);
  EXPECT_EQ(o.extract.world.citizens.size(), 10u);
  for (const KommuneCode code : o.extract.world.citizens.kommune) EXPECT_EQ(code, 101);
  EXPECT_EQ(o.extract.scope_clinics, 1u);
  EXPECT_TRUE(std::filesystem::exists(out / "extract.csv"));
  EXPECT_EQ(app::DatasetService(s).read(out, Lang::en).citizens.size(), 10u);
}

}  // namespace
}  // namespace praksis
