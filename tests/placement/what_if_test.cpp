// What-if scenarios (rules C1, L7): re-listing by the stated rule, after-figures equal to a fresh
// survey of the changed world, bad change files, and the store left alone.
#include "praksis/placement/what_if.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <random>

#include "praksis/io/interchange.hpp"
#include "praksis/output/text.hpp"
#include "praksis/store/sqlite_store.hpp"
#include "praksis/store/store.hpp"
#include "praksis/survey/survey_basis.hpp"
#include "support/cli.hpp"
#include "support/test_world.hpp"

namespace praksis {
namespace {

using testing::kOrigin;
using testing::offset_km;
using testing::WorldBuilder;

Settings normtal(int n) {
  Settings s;
  s.capacity.normtal = n;
  return s;
}

ClinicIndex listing_of(const World& w, CitizenId id) {
  return w.citizens.listing[w.find_citizen(id)];
}

// Clinic 1 (one capacity, normtal 2) lists six patients living 1..6 km north of it. A new clinic
// 6 km north: half of the 4 patients above the normtal move, the two living farthest.
TEST(WhatIfC1, ANewClinicTakesTheFarthestShareOfThePatientsAboveTheNormtal) {
  WorldBuilder b;
  const ClinicIndex a = b.clinic(1, kOrigin, 1);
  for (int k = 1; k <= 6; ++k) b.citizen(static_cast<CitizenId>(k), offset_km(kOrigin, k, 0), a);
  const World w = b.build();
  const WhatIfScenario sc = WhatIfScenario::parse(
      "[relisting]\noverfull_share = 0.5\n[[change]]\naction = \"add\"\nydernummer = 7\n"
      "name = \"Nord\"\nlat = " +
          format_coordinate(offset_km(kOrigin, 6, 0).lat_e5) + "\nlon = " +
          format_coordinate(kOrigin.lon_e5) + "\nkommune = 101\nunfilled_capacities = 1\n",
      "nord.toml");
  const WhatIfResult r = run_what_if(w, normtal(2), sc);
  EXPECT_EQ(r.moved_from_overfull, 2u);
  const ClinicIndex nord = *r.changed.find_clinic(7);
  for (CitizenId id : {5, 6}) EXPECT_EQ(listing_of(r.changed, id), nord) << id;
  for (CitizenId id : {1, 2, 3, 4}) EXPECT_EQ(listing_of(r.changed, id), 0u) << id;
  ASSERT_EQ(r.after.clinics.size(), 2u);
  EXPECT_EQ(r.after.clinics[1].listed_patients, 2u);  // the new clinic's expected list size
  EXPECT_EQ(r.after.clinics[0].listed_patients, 4u);
}

// Clinic 1 closes: its two patients move to the nearest open clinic with room below the normtal
// (clinic 2 has room for one), the second to the next (clinic 3); clinic 4 is nearer but closed.
TEST(WhatIfL7, PatientsOfAClosedClinicMoveToTheNearestOpenClinicWithRoom) {
  WorldBuilder b;
  const ClinicIndex one = b.clinic(1, kOrigin, 1);
  const ClinicIndex two = b.clinic(2, offset_km(kOrigin, 2, 0), 1);
  b.clinic(3, offset_km(kOrigin, 30, 0), 1);
  b.clinic(4, offset_km(kOrigin, 0, 1), 1, false);
  b.citizen(1, kOrigin, one);
  b.citizen(2, offset_km(kOrigin, 0.1, 0), one);
  b.citizen(3, offset_km(kOrigin, 2, 0), two);
  const World w = b.build();
  const WhatIfScenario sc =
      WhatIfScenario::parse("[[change]]\naction = \"close\"\nydernummer = 1\n", "close.toml");
  const WhatIfResult r = run_what_if(w, normtal(2), sc);
  EXPECT_EQ(r.moved_from_closed, 2u);
  EXPECT_EQ(r.left_unlisted, 0u);
  EXPECT_FALSE(r.changed.find_clinic(1).has_value());
  EXPECT_EQ(r.changed.clinics[listing_of(r.changed, 1)].ydernummer, 2u);
  EXPECT_EQ(r.changed.clinics[listing_of(r.changed, 2)].ydernummer, 3u);
}

// A closed clinic's hearing rows go with it; capacities on the way to it stay in their kommune
// without a clinic (as the stores record it).
TEST(WhatIf, AClosedClinicsHearingGoesAndItsPipelineStaysInTheKommune) {
  WorldBuilder b;
  const ClinicIndex one = b.clinic(1, kOrigin, 1);
  b.clinic(2, offset_km(kOrigin, 2, 0), 2);
  b.citizen(1, kOrigin, one);
  World w = b.build();
  HearingEntry h1, h2;
  h1.ydernummer = 1;
  h1.wished_open = false;
  h2.ydernummer = 2;
  h2.extra_capacities = 1;
  w.hearing = {h1, h2};
  PipelineCapacity p;
  p.id = 7;
  p.kommune = w.clinics[0].kommune;
  p.ydernummer = 1;
  p.status = PipelineStatus::tildelt;
  p.advertised = Date::from_ymd(2022, 5, 1);
  p.assigned = Date::from_ymd(2022, 6, 1);
  w.capacity_pipeline = {p};
  const WhatIfScenario sc =
      WhatIfScenario::parse("[[change]]\naction = \"close\"\nydernummer = 1\n", "close.toml");
  const WhatIfResult r = run_what_if(w, normtal(2), sc);
  ASSERT_EQ(r.changed.hearing.size(), 1u);
  EXPECT_EQ(r.changed.hearing[0].ydernummer, 2u);
  ASSERT_EQ(r.changed.capacity_pipeline.size(), 1u);
  EXPECT_FALSE(r.changed.capacity_pipeline[0].ydernummer.has_value());
  EXPECT_EQ(r.changed.capacity_pipeline[0].kommune, w.clinics[0].kommune);
}

World listed_world() {
  WorldBuilder b;
  std::mt19937 rng(11);
  std::uniform_real_distribution<double> u(-20, 20);
  std::vector<ClinicIndex> clinics;
  for (int i = 0; i < 8; ++i) {
    clinics.push_back(b.clinic(100 + static_cast<Ydernummer>(i), offset_km(kOrigin, u(rng), u(rng)),
                               1 + i % 2, i % 3 != 0, PracticeForm::kompagniskab,
                               i < 5 ? 101 : 259));
    b.doctor(static_cast<DoctorId>(10 + i), 100 + static_cast<Ydernummer>(i), 1950 + 4 * i);
  }
  for (int i = 0; i < 400; ++i)
    b.citizen(static_cast<CitizenId>(i + 1), offset_km(kOrigin, u(rng), u(rng)),
              clinics[static_cast<std::size_t>(i) % 3], 1940 + i % 70, i % 4 == 0 ? 259 : 101);
  return b.build();
}

void expect_same_area(const AreaFigures& a, const AreaFigures& b) {
  EXPECT_EQ(a.citizens, b.citizens);
  EXPECT_EQ(a.listed_patients, b.listed_patients) << a.code;
  EXPECT_EQ(a.clinics, b.clinics);
  EXPECT_EQ(a.open_clinics, b.open_clinics);
  EXPECT_EQ(a.capacities_filled, b.capacities_filled);
  EXPECT_EQ(a.capacities_unfilled, b.capacities_unfilled);
  EXPECT_EQ(a.patients_per_capacity.value(), b.patients_per_capacity.value());
  EXPECT_EQ(a.weighted_patients_per_capacity.value(), b.weighted_patients_per_capacity.value());
  EXPECT_EQ(a.without_two_open_choices_share.numerator, b.without_two_open_choices_share.numerator);
  EXPECT_EQ(a.nearest_open.mean_km.value(), b.nearest_open.mean_km.value());
  EXPECT_EQ(a.second_open.mean_km.value(), b.second_open.mean_km.value());
  EXPECT_EQ(a.senior_doctor_share.value(), b.senior_doctor_share.value());
  EXPECT_EQ(a.mean_e2sfca.value(), b.mean_e2sfca.value());
}

constexpr const char* kTenChanges = R"(
[relisting]
overfull_share = 0.6

[[change]]
action = "add"
name = "Ny klinik"
lat = 55.60
lon = 12.40
kommune = 101
capacities = 0
unfilled_capacities = 2

[[change]]
action = "close"
ydernummer = 100

[[change]]
action = "capacities"
ydernummer = 102
change = 2

[[change]]
action = "capacities"
ydernummer = 103
change = -1

[[change]]
action = "open_list"
ydernummer = 103

[[change]]
action = "close_list"
ydernummer = 104

[[change]]
action = "move"
ydernummer = 105
lat = 55.70
lon = 12.30
kommune = 259
)";

TEST(WhatIf, AfterFiguresEqualAFreshSurveyOfTheChangedWorldExportedAndReimported) {
  const World w = listed_world();
  const Settings settings = normtal(40);
  const WhatIfScenario sc = WhatIfScenario::parse(kTenChanges, "ten.toml");
  const WhatIfResult r = run_what_if(w, settings, sc);
  EXPECT_GT(r.moved_from_closed, 0u);
  EXPECT_GT(r.moved_from_overfull, 0u);
  const auto dir = testing::temp_dir("whatif-export");
  write_world(r.changed, dir);
  // The random world around København reaches into Øresund; this test is about the what-if's
  // figures, so the reading accepts the sea points (the land check is tested in tests/geo).
  Settings reading = settings;
  reading.dataset.coast_tolerance_km = 50.0;
  const Survey fresh = run_survey(read_world(dir, reading), settings);
  ASSERT_EQ(fresh.kommuner.size(), r.after.kommuner.size());
  for (std::size_t i = 0; i < fresh.kommuner.size(); ++i)
    expect_same_area(fresh.kommuner[i], r.after.kommuner[i]);
  for (std::size_t i = 0; i < fresh.regions.size(); ++i)
    expect_same_area(fresh.regions[i], r.after.regions[i]);
  expect_same_area(fresh.nation, r.after.nation);
  ASSERT_EQ(fresh.clinics.size(), r.after.clinics.size());
  for (std::size_t j = 0; j < fresh.clinics.size(); ++j)
    EXPECT_EQ(fresh.clinics[j].listed_patients, r.after.clinics[j].listed_patients);
  // The changes are visible: the before and after worlds differ.
  EXPECT_NE(r.before.nation.capacities_unfilled, r.after.nation.capacities_unfilled);
  EXPECT_NE(r.before.nation.without_two_open_choices_share.numerator,
            r.after.nation.without_two_open_choices_share.numerator);
}

TEST(WhatIf, BadChangeFilesAreRefusedWithFileLineAndColumn) {
  const auto message = [](const std::string& toml) {
    try {
      WhatIfScenario::parse(toml, "bad.toml");
    } catch (const InputError& e) {
      return error_text(e, Lang::en);
    }
    return std::string("accepted");
  };
  EXPECT_NE(message("[[change]]\naction = \"explode\"\nydernummer = 1\n")
                .find("bad.toml:2:10 (change[1].action): unknown action 'explode'"),
            std::string::npos);
  EXPECT_NE(
      message("[[change]]\naction = \"add\"\nname = \"x\"\nlat = 91\nlon = 12\nkommune = 101\n"
              "capacities = 1\n")
          .find("bad.toml:4:7 (change[1].lat)"),
      std::string::npos);
  EXPECT_NE(message("[[change]]\naction = \"close\"\n").find("(change[1].ydernummer): missing"),
            std::string::npos);
  EXPECT_NE(message("[[change]]\naction = \"close\"\nydernummer = 1\ncolour = 2\n")
                .find("bad.toml:4:10 (change[1].colour)"),
            std::string::npos);
  // Against the world: an unknown ydernummer names the change's place.
  const WhatIfScenario sc =
      WhatIfScenario::parse("\n[[change]]\naction = \"close\"\nydernummer = 999\n", "w.toml");
  try {
    run_what_if(listed_world(), Settings{}, sc);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("w.toml:2:1"), std::string::npos) << e.what();
    EXPECT_NE(error_text(e, Lang::en).find("no clinic with ydernummer 999"), std::string::npos);
    EXPECT_NE(error_text(e, Lang::da).find("ingen klinik med ydernummer 999 i verden"),
              std::string::npos)
        << error_text(e, Lang::da);
  }
}

TEST(WhatIf, AnUnknownKommuneIsRefusedInDanishByDefaultAndInEnglishWithLangEn) {
  const auto dir = testing::temp_dir("whatif-lang");
  const std::string db = (dir / "world.db").string();
  open_store(db)->replace_world(listed_world());
  {
    std::ofstream(dir / "k.toml") << "[[change]]\naction = \"add\"\nname = \"Ny\"\nlat = 55.7\n"
                                     "lon = 12.5\nkommune = 998\ncapacities = 1\n";
  }
  const std::string args = "survey --db " + db + " --scenario " + (dir / "k.toml").string();
  const testing::CliRun da = testing::run_praksis(args);
  EXPECT_EQ(da.code, 2);
  EXPECT_NE(da.err.find("k.toml:1:1 (change[1]): kommune 998 findes ikke i verden"),
            std::string::npos)
      << da.err;
  EXPECT_EQ(da.err.find("is not in the world"), std::string::npos) << da.err;
  const testing::CliRun en = testing::run_praksis("--lang en " + args);
  EXPECT_EQ(en.code, 2);
  EXPECT_NE(en.err.find("k.toml:1:1 (change[1]): kommune 998 is not in the world"),
            std::string::npos)
      << en.err;
}

TEST(WhatIfCli, SurveyScenarioLeavesTheStoreUnchangedAndRefusesBadFiles) {
  const auto dir = testing::temp_dir("whatif-cli");
  const std::string db = (dir / "world.db").string();
  open_store(db)->replace_world(listed_world());
  const std::int64_t version = open_store(db, false)->data_version();
  const std::string bytes = testing::read_text(db);
  { std::ofstream(dir / "ten.toml") << kTenChanges; }
  { std::ofstream(dir / "bad.toml") << "[[change]]\naction = 3\n"; }
  const testing::CliRun ok = testing::run_praksis("survey --db " + db + " --scenario " +
                                                  (dir / "ten.toml").string() + " --format json");
  ASSERT_EQ(ok.code, 0) << ok.err;
  EXPECT_NE(ok.out.find("whatif_areas"), std::string::npos);
  EXPECT_EQ(testing::read_text(db), bytes);
  EXPECT_EQ(open_store(db, false)->data_version(), version);
  const testing::CliRun bad =
      testing::run_praksis("survey --db " + db + " --scenario " + (dir / "bad.toml").string());
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("bad.toml:2:10 (change[1].action)"), std::string::npos) << bad.err;
  EXPECT_EQ(testing::read_text(db), bytes);
}

std::int64_t audit_rows(const std::string& db) {
  SqliteStore store(db, false);
  return store.db().query_int("SELECT count(*) FROM world_change_audit").value_or(-1);
}

// --apply (rule C2): the changed world committed, so a fresh survey of the store is the what-if's
// after-survey, with one audit record holding the change file.
TEST(WhatIfApply, AFreshSurveyOfTheAppliedStoreEqualsTheAfterFigures) {
  const auto dir = testing::temp_dir("whatif-apply");
  const std::string db = (dir / "world.db").string();
  const Settings settings = normtal(40);
  open_store(db)->replace_world(listed_world());
  auto store = open_store(db, false);
  const std::int64_t version = store->data_version();
  const World loaded = store->load_world();
  const WhatIfScenario sc = WhatIfScenario::parse(kTenChanges, "ten.toml");
  const WhatIfResult r = run_what_if(loaded, settings, sc);
  ASSERT_GT(r.moved_from_closed + r.moved_from_overfull, 0u);
  apply_what_if(*store, loaded, r, sc, version, "2026-12-02 07:00");
  EXPECT_EQ(store->data_version(), version + 1);
  store.reset();

  const World reloaded = open_store(db, false)->load_world();
  const Survey fresh = run_survey(reloaded, settings);
  ASSERT_EQ(fresh.kommuner.size(), r.after.kommuner.size());
  for (std::size_t i = 0; i < fresh.kommuner.size(); ++i)
    expect_same_area(fresh.kommuner[i], r.after.kommuner[i]);
  for (std::size_t i = 0; i < fresh.regions.size(); ++i)
    expect_same_area(fresh.regions[i], r.after.regions[i]);
  expect_same_area(fresh.nation, r.after.nation);
  ASSERT_EQ(reloaded.clinics.size(), r.changed.clinics.size());
  for (std::size_t j = 0; j < reloaded.clinics.size(); ++j) {
    EXPECT_EQ(reloaded.clinics[j].ydernummer, r.changed.clinics[j].ydernummer);
    EXPECT_EQ(reloaded.clinics[j].location, r.changed.clinics[j].location);
    EXPECT_EQ(reloaded.clinics[j].open, r.changed.clinics[j].open);
    EXPECT_EQ(reloaded.clinics[j].total_capacities(), r.changed.clinics[j].total_capacities());
  }
  EXPECT_EQ(reloaded.doctors.size(), r.changed.doctors.size());
  EXPECT_EQ(reloaded.citizens.listing, r.changed.citizens.listing);
  EXPECT_EQ(audit_rows(db), 1);
  SqliteStore raw(db, false);
  auto st = raw.db().prepare("SELECT source, changes, summary FROM world_change_audit");
  ASSERT_TRUE(st.step());
  EXPECT_EQ(st.text(0), "ten.toml");
  EXPECT_EQ(st.text(1), kTenChanges);
  EXPECT_NE(st.text(2).find("\"moved_from_closed\":" + std::to_string(r.moved_from_closed)),
            std::string::npos);
}

struct StoreState {
  std::int64_t version = 0;
  std::vector<std::tuple<Ydernummer, bool, unsigned>> clinics;
  std::vector<ClinicIndex> listing;
  std::int64_t doctors = 0, audits = 0;
  bool operator==(const StoreState&) const = default;
};

StoreState state_of(const std::string& db) {
  auto store = open_store(db, false);
  StoreState s;
  s.version = store->data_version();
  const World w = store->load_world();
  for (const Clinic& c : w.clinics)
    s.clinics.emplace_back(c.ydernummer, c.open, c.total_capacities());
  s.listing = w.citizens.listing;
  s.doctors = store->counts().doctors;
  store.reset();
  s.audits = audit_rows(db);
  return s;
}

// A failure found only at commit (a new clinic in a kommune the store lacks: the deferred foreign
// key) and a store that moved on since the load both leave the store exactly as it was.
TEST(WhatIfApply, AFailingApplyLeavesTheStoreUnchanged) {
  const auto dir = testing::temp_dir("whatif-apply-fail");
  const std::string db = (dir / "world.db").string();
  open_store(db)->replace_world(listed_world());
  const StoreState before = state_of(db);
  auto store = open_store(db, false);
  const std::int64_t version = store->data_version();
  const World loaded = store->load_world();
  const WhatIfScenario sc = WhatIfScenario::parse(kTenChanges, "ten.toml");
  WhatIfResult r = run_what_if(loaded, normtal(40), sc);
  WhatIfResult late = r;
  late.changed.clinics.back().kommune = 998;  // the last write checked is the commit
  EXPECT_THROW(apply_what_if(*store, loaded, late, sc, version, "t"), std::exception);
  EXPECT_EQ(state_of(db), before);
  EXPECT_THROW(apply_what_if(*store, loaded, r, sc, version - 1, "t"), Error);
  EXPECT_EQ(state_of(db), before);
  WhatIfResult other = r;
  other.changed.citizens.id[0] += 1;
  EXPECT_THROW(apply_what_if(*store, loaded, other, sc, version, "t"), Error);
  EXPECT_EQ(state_of(db), before);
  // The same store still takes the good change afterwards.
  apply_what_if(*store, loaded, r, sc, version, "t");
  EXPECT_NE(state_of(db), before);
}

TEST(WhatIfCli, ApplyCommitsAndAFreshSurveyShowsTheAfterFigures) {
  const auto dir = testing::temp_dir("whatif-cli-apply");
  const std::string db = (dir / "world.db").string();
  open_store(db)->replace_world(listed_world());
  { std::ofstream(dir / "ten.toml") << kTenChanges; }
  const std::string scenario = (dir / "ten.toml").string();
  const testing::CliRun dry =
      testing::run_praksis("survey --db " + db + " --scenario " + scenario + " --format json");
  ASSERT_EQ(dry.code, 0) << dry.err;
  EXPECT_EQ(audit_rows(db), 0);
  const testing::CliRun applied = testing::run_praksis("survey --db " + db + " --scenario " +
                                                       scenario + " --apply --format json");
  ASSERT_EQ(applied.code, 0) << applied.err;
  EXPECT_EQ(applied.out, dry.out);  // the same before/after tables
  EXPECT_EQ(audit_rows(db), 1);
  const Settings settings;
  const WhatIfResult r =
      run_what_if(listed_world(), settings, WhatIfScenario::parse(kTenChanges, "ten.toml"));
  const Survey fresh = run_survey(open_store(db, false)->load_world(), settings);
  expect_same_area(fresh.nation, r.after.nation);
  for (std::size_t i = 0; i < fresh.kommuner.size(); ++i)
    expect_same_area(fresh.kommuner[i], r.after.kommuner[i]);
  // Applying the same file again is a new what-if on the changed world: clinic 100 is gone.
  const testing::CliRun again =
      testing::run_praksis("survey --db " + db + " --scenario " + scenario + " --apply");
  EXPECT_EQ(again.code, 2);
  EXPECT_NE(again.err.find("ingen klinik med ydernummer 100"), std::string::npos) << again.err;
  EXPECT_EQ(audit_rows(db), 1);
  const testing::CliRun alone = testing::run_praksis("survey --db " + db + " --apply");
  EXPECT_EQ(alone.code, 2);
}

// Random clinic changes of the kinds a what-if makes (add, close, move, capacities, open or close
// a list) and random re-listings, on a copy of `w`.
World randomly_changed(const World& w, std::mt19937& rng) {
  World c = w;
  std::uniform_real_distribution<double> km(-35.0, 35.0);
  const int changes = 1 + static_cast<int>(rng() % 6);
  Ydernummer next = 5000;
  for (int k = 0; k < changes; ++k) {
    const std::size_t j = rng() % c.clinics.size();
    switch (rng() % 5) {
      case 0: {
        Clinic n = c.clinics[j];
        n.ydernummer = next++;
        n.location = offset_km(kOrigin, km(rng), km(rng));
        n.unfilled_capacities = static_cast<std::uint16_t>(1 + rng() % 2);
        c.clinics.push_back(n);
        break;
      }
      case 1:
        if (c.clinics.size() > 2) {
          for (ClinicIndex& l : c.citizens.listing) {
            if (l == j)
              l = kNoClinic;
            else if (l != kNoClinic && l > j)
              --l;
          }
          c.clinics.erase(c.clinics.begin() + static_cast<std::ptrdiff_t>(j));
        }
        break;
      case 2:
        c.clinics[j].location = offset_km(kOrigin, km(rng), km(rng));
        break;
      case 3:
        c.clinics[j].unfilled_capacities = static_cast<std::uint16_t>(rng() % 3);
        if (c.clinics[j].total_capacities() == 0) c.clinics[j].capacities = 1;
        break;
      default:
        c.clinics[j].open = !c.clinics[j].open;
    }
  }
  for (std::size_t i = 0; i < c.citizens.size(); ++i)  // some patients re-listed
    if (rng() % 10 == 0) c.citizens.listing[i] = static_cast<ClinicIndex>(rng() % c.clinics.size());
  c.build_indexes();
  return c;
}

// Rules S4 and S6: the after-survey computed from the before-survey near the changed clinics
// equals the full survey of the changed world, cell by cell, clinic by clinic and area by area,
// for random changes, both decays and one or two choices.
TEST(WhatIfIncremental, S4_S6_IncrementalAfterSurveyEqualsTheFullSurveyCellByCell) {
  std::mt19937 rng(2026);
  int compared = 0;
  for (int world_seed = 1; world_seed <= 6; ++world_seed) {
    WorldBuilder b;
    std::uniform_real_distribution<double> km(-35.0, 35.0);
    for (int c = 0; c < 6 + world_seed; ++c)
      b.clinic(static_cast<Ydernummer>(100 + c), offset_km(kOrigin, km(rng), km(rng)),
               1 + rng() % 2, rng() % 4 != 0);
    for (int i = 0; i < 600; ++i)
      b.citizen(static_cast<CitizenId>(i + 1), offset_km(kOrigin, km(rng), km(rng)),
                static_cast<ClinicIndex>(rng() % 6), 1940 + i % 70, i % 4 == 0 ? 259 : 101);
    const World w = b.build();
    for (int variant = 0; variant < 4; ++variant) {
      Settings settings = normtal(40);
      settings.survey.grid_cell_km = 2.0;
      settings.survey.grid_min_citizens = 1;
      if (variant % 2 == 1) settings.survey.decay = DecayFunction::gaussian;
      settings.survey.min_open_choices = variant < 2 ? 2 : 1;
      const SurveyBasis basis = SurveyBasis::of(w, settings);
      SurveyState state;
      const Survey before = run_survey(w, settings, basis, &state);
      for (int round = 0; round < 5; ++round) {
        const World changed = randomly_changed(w, rng);
        const Survey full = run_survey(changed, settings, basis);
        const Survey fast = run_survey_changed(changed, settings, basis, state);
        ++compared;
        ASSERT_EQ(full.grid.size(), fast.grid.size());
        for (std::size_t g = 0; g < full.grid.size(); ++g) {
          EXPECT_EQ(full.grid[g].without_two_open_choices, fast.grid[g].without_two_open_choices);
          EXPECT_EQ(full.grid[g].mean_nearest_km, fast.grid[g].mean_nearest_km);
          EXPECT_EQ(full.grid[g].mean_second_km, fast.grid[g].mean_second_km);
          EXPECT_EQ(full.grid[g].mean_2sfca, fast.grid[g].mean_2sfca);
          EXPECT_EQ(full.grid[g].mean_e2sfca, fast.grid[g].mean_e2sfca);
        }
        ASSERT_EQ(full.clinics.size(), fast.clinics.size());
        for (std::size_t j = 0; j < full.clinics.size(); ++j) {
          EXPECT_EQ(full.clinics[j].demand_2sfca, fast.clinics[j].demand_2sfca);
          EXPECT_EQ(full.clinics[j].demand_e2sfca, fast.clinics[j].demand_e2sfca);
          EXPECT_EQ(full.clinics[j].ratio_2sfca, fast.clinics[j].ratio_2sfca);
          EXPECT_EQ(full.clinics[j].ratio_e2sfca, fast.clinics[j].ratio_e2sfca);
        }
        for (std::size_t k = 0; k < full.kommuner.size(); ++k) {
          expect_same_area(full.kommuner[k], fast.kommuner[k]);
          EXPECT_EQ(full.kommuner[k].mean_2sfca.value(), fast.kommuner[k].mean_2sfca.value());
          EXPECT_EQ(full.kommuner[k].nearest_open.median_km,
                    fast.kommuner[k].nearest_open.median_km);
        }
        expect_same_area(full.nation, fast.nation);
      }
      (void)before;
    }
  }
  EXPECT_EQ(compared, 120);
}

}  // namespace
}  // namespace praksis
