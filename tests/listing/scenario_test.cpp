// Runs the rulebook scenarios in tests/scenarios/*.scn (format: tests/scenarios/README.md): a small
// world, then actions, each followed by the expected decision, rule IDs and resulting state.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "listing/listing_fixture.hpp"
#include "support/stores.hpp"

namespace praksis::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// From the configured test data directory, not __FILE__ (which ccache's base_dir makes relative).
fs::path scenario_dir() {
  return fs::path(PRAKSIS_TEST_DATA_DIR).parent_path() / "scenarios";
}

std::vector<std::string> scenario_names() {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(scenario_dir())) {
    if (e.path().extension() == ".scn") names.push_back(e.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

/// Splits a line into words; "quoted text" is one word; # starts a comment.
std::vector<std::string> words(const std::string& line) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < line.size()) {
    if (std::isspace(static_cast<unsigned char>(line[i]))) {
      ++i;
    } else if (line[i] == '#') {
      break;
    } else if (line[i] == '"') {
      const std::size_t j = line.find('"', i + 1);
      out.push_back(line.substr(i + 1, j - i - 1));
      i = j == std::string::npos ? line.size() : j + 1;
    } else {
      std::size_t j = i;
      while (j < line.size() && !std::isspace(static_cast<unsigned char>(line[j]))) ++j;
      out.push_back(line.substr(i, j - i));
      i = j;
    }
  }
  return out;
}

class Scenario {
 public:
  Scenario(std::string name, StoreKind kind) : name_(std::move(name)), kind_(kind) {}

  void run() {
    std::ifstream in(scenario_dir() / (name_ + ".scn"));
    ASSERT_TRUE(in) << "cannot open scenario " << name_;
    std::string line;
    while (std::getline(in, line)) {
      ++line_no_;
      auto w = words(line);
      if (w.empty()) continue;
      SCOPED_TRACE(::testing::Message() << name_ << ".scn:" << line_no_ << ": " << line);
      step(w);
      if (::testing::Test::HasFatalFailure()) return;
    }
    ASSERT_TRUE(fixture_) << "scenario has no `when`";
    fixture_->expect_store_matches_memory();
  }

 private:
  std::string at(const std::vector<std::string>& w, std::size_t i) const {
    if (i >= w.size())
      throw std::runtime_error(fmt::format("line {}: missing word {}", line_no_, i + 1));
    return w[i];
  }
  static double num(const std::string& s) { return std::stod(s); }
  GeoPoint where(const std::vector<std::string>& w, std::size_t& i) {
    // `at N E` (km north, km east of the origin) or `at-distance KM` (due north, exact).
    if (w[i] == "at") {
      const GeoPoint p = offset_km(kOrigin, num(at(w, i + 1)), num(at(w, i + 2)));
      i += 3;
      return p;
    }
    if (w[i] == "at-distance" || w[i] == "beyond-distance") {
      const GeoPoint p = grid_point(num(at(w, i + 1)), w[i] == "beyond-distance");
      i += 2;
      return p;
    }
    throw std::runtime_error(
        fmt::format("line {}: expected `at N E` or `at-distance KM`", line_no_));
  }
  /// The point due north of the origin on the 1e-5 degree grid nearest to `km`: the last one at
  /// most `km` away, or the first one beyond it.
  static GeoPoint grid_point(double km, bool beyond) {
    GeoPoint p = at_distance(kOrigin, 0, km);
    while (GreatCircle::distance_km(kOrigin, p) > km) --p.lat_e5;
    while (GreatCircle::distance_km(kOrigin, GeoPoint{p.lat_e5 + 1, p.lon_e5}) <= km) ++p.lat_e5;
    if (beyond) ++p.lat_e5;
    return p;
  }
  CitizenId id_of(const std::string& name) {
    auto it = citizens_.find(name);
    if (it == citizens_.end())
      throw std::runtime_error(fmt::format("line {}: unknown citizen {}", line_no_, name));
    return it->second;
  }
  std::string hex(const std::string& name) { return listing::hex_id(id_of(name)); }
  CitizenIndex row(const std::string& name) {
    return fixture_->state().world().find_citizen(id_of(name));
  }
  ClinicIndex clinic(const std::string& y) {
    return *fixture_->state().world().find_clinic(static_cast<Ydernummer>(std::stoul(y)));
  }

  void step(const std::vector<std::string>& w) {
    const std::string& k = w[0];
    if (k == "today") {
      today_ = *Date::parse(at(w, 1));
    } else if (k == "clinic") {
      ASSERT_FALSE(fixture_) << "clinics must come before the first `when`";
      const auto y = static_cast<Ydernummer>(std::stoul(at(w, 1)));
      std::size_t i = 2;
      const GeoPoint p = where(w, i);
      bool open = true;
      unsigned caps = 1;
      int patients = 0;
      KommuneCode kommune = 101;
      for (; i < w.size(); ++i) {
        if (w[i] == "closed")
          open = false;
        else if (w[i] == "open")
          open = true;
        else if (w[i] == "capacities")
          caps = static_cast<unsigned>(std::stoul(at(w, ++i)));
        else if (w[i] == "patients")
          patients = std::stoi(at(w, ++i));
        else if (w[i] == "kommune")
          kommune = static_cast<KommuneCode>(std::stoul(at(w, ++i)));
        else
          FAIL() << "unknown clinic attribute " << w[i];
      }
      const ClinicIndex ci = builder_.clinic(y, p, caps, open, PracticeForm::kompagniskab, kommune);
      // Anonymous listed adults living at the clinic fill it to the stated patient count.
      for (int n = 0; n < patients; ++n)
        builder_.citizen(0x7000'0000'0000'0000ULL + (++filler_), p, ci, 1970, kommune);
    } else if (k == "citizen") {
      ASSERT_FALSE(fixture_) << "citizens must come before the first `when`";
      const std::string name = at(w, 1);
      const CitizenId id = 0x1000'0000'0000'0000ULL + citizens_.size() + 1;
      citizens_[name] = id;
      std::size_t i = 2;
      const GeoPoint p = where(w, i);
      int born = 1980;
      KommuneCode kommune = 101;
      ClinicIndex listed = kNoClinic;
      HouseholdId household = id;
      bool group2 = false, no_hv = false;
      for (; i < w.size(); ++i) {
        if (w[i] == "born")
          born = std::stoi(at(w, ++i));
        else if (w[i] == "kommune")
          kommune = static_cast<KommuneCode>(std::stoul(at(w, ++i)));
        else if (w[i] == "listed")
          listed_names_[name] = at(w, ++i);
        else if (w[i] == "household")
          household = id_of(at(w, ++i));
        else if (w[i] == "group")
          group2 = at(w, ++i) == "2";
        else if (w[i] == "no-home-visits")
          no_hv = true;
        else
          FAIL() << "unknown citizen attribute " << w[i];
      }
      (void)listed;
      pending_.push_back({name, id, p, born, kommune, household, group2, no_hv});
    } else if (k == "when") {
      open_fixture();
      when(w);
    } else if (k == "then") {
      ASSERT_TRUE(last_) << "`then` without `when`";
      then(w);
    } else if (k == "expect") {
      open_fixture();
      expect(w);
    } else {
      FAIL() << "unknown keyword " << k;
    }
  }

  struct PendingCitizen {
    std::string name;
    CitizenId id;
    GeoPoint home;
    int born;
    KommuneCode kommune;
    HouseholdId household;
    bool group2, no_hv;
  };

  void open_fixture() {
    if (fixture_) return;
    World base = builder_.build();
    for (const auto& c : pending_) {
      Citizen z;
      z.id = c.id;
      z.household = c.household;
      z.birth_year = static_cast<std::uint16_t>(c.born);
      z.home = c.home;
      z.kommune = c.kommune;
      z.group = c.group2 ? InsuranceGroup::group2 : InsuranceGroup::group1;
      z.home_visit_right = !c.no_hv;
      if (auto it = listed_names_.find(c.name); it != listed_names_.end()) {
        z.listing = *base.find_clinic(static_cast<Ydernummer>(std::stoul(it->second)));
      }
      base.add_citizen(z);
    }
    base.build_indexes();
    fixture_ = std::make_unique<ServiceFixture>(base, fresh_store(kind_, name_));
  }

  void when(const std::vector<std::string>& w) {
    const std::string verb = at(w, 1);
    json b;
    std::string action;
    std::size_t i = 0;
    auto options = [&](std::size_t from) {
      for (i = from; i < w.size(); ++i) {
        if (w[i] == "on")
          b["notified_on"] = at(w, ++i);
        else if (w[i] == "evidence")
          b["evidence"]["exception"] = at(w, ++i);
        else if (w[i] == "related")
          b["evidence"]["related"] = hex(at(w, ++i));
        else if (w[i] == "reference")
          b["evidence"]["reference"] = at(w, ++i);
        else if (w[i] == "doctor-accepts")
          b["doctor_accepts"] = true;
        else if (w[i] == "grounds")
          b["grounds"] = at(w, ++i);
        else if (w[i] == "kommune")
          b["kommune"] = std::stoi(at(w, ++i));
        else if (w[i] == "until")
          b["valid_until"] = at(w, ++i);
        else
          throw std::runtime_error(fmt::format("line {}: unknown option {}", line_no_, w[i]));
      }
    };
    if (verb == "choose") {
      action = "choice";
      b = {{"citizen", hex(at(w, 2))}, {"clinic", std::stoi(at(w, 3))}};
      options(4);
    } else if (verb == "move") {
      action = "move";
      std::size_t p = 3;  // move NAME to N E
      const GeoPoint g = offset_km(kOrigin, num(at(w, p + 1)), num(at(w, p + 2)));
      b = {{"citizen", hex(at(w, 2))},
           {"home", {{"lat", g.lat()}, {"lon", g.lon()}}},
           {"kommune", 101}};
      options(p + 3);
    } else if (verb == "deregister") {
      action = "deregistration";  // deregister NAME from Y
      b = {{"citizen", hex(at(w, 2))},
           {"clinic", std::stoi(at(w, 4))},
           {"grounds", "trust_missing"}};
      options(5);
    } else if (verb == "assign") {
      action = "assignment";
      b = {{"citizen", hex(at(w, 2))}};
      options(3);
    } else if (verb == "close-list" || verb == "open-list") {
      action = "list-status";
      b = {{"clinic", std::stoi(at(w, 2))}, {"status", verb == "open-list" ? "open" : "closed"}};
      options(3);
    } else if (verb == "approve") {
      action = "approval";
      b = {{"clinic", std::stoi(at(w, 2))}, {"reference", "SU 2024-17"}};
      options(3);
    } else if (verb == "shutdown") {
      action = "closure";
      b = {{"clinic", std::stoi(at(w, 2))}, {"reason", "retirement"}};
      options(3);
    } else {
      FAIL() << "unknown action " << verb;
    }
    last_ = fixture_->run(action, b, today_);
    body_ = json::parse(last_->body);
  }

  void then(const std::vector<std::string>& w) {
    const std::string what = at(w, 1);
    using S = listing::Result::Status;
    if (what == "error") {
      ASSERT_EQ(last_->status, S::bad_input) << last_->body;
      EXPECT_EQ(body_.value("field", ""), at(w, 2)) << last_->body;
      return;
    }
    ASSERT_EQ(last_->status, S::decided) << last_->body;
    EXPECT_EQ(body_["allowed"].get<bool>(), what == "allowed") << body_["reason"];
    const auto rules = body_["rules"].get<std::vector<std::string>>();
    for (std::size_t i = 2; i < w.size(); ++i) {
      EXPECT_NE(std::find(rules.begin(), rules.end(), w[i]), rules.end())
          << "rule " << w[i] << " not among " << body_["rules"].dump() << ": " << body_["reason"];
    }
  }

  void expect(const std::vector<std::string>& w) {
    const std::string what = at(w, 1);
    const auto& st = fixture_->state();
    const auto& ct = st.world().citizens;
    auto yes = [&](std::size_t i) { return at(w, i) == "yes"; };
    if (what == "listed") {
      const ClinicIndex l = ct.listing[row(at(w, 2))];
      if (at(w, 3) == "none")
        EXPECT_EQ(l, kNoClinic);
      else
        EXPECT_EQ(l == kNoClinic ? 0u : st.world().clinics[l].ydernummer, std::stoul(at(w, 3)));
    } else if (what == "home-visits") {
      EXPECT_EQ(ct.home_visit_right[row(at(w, 2))] != 0, yes(3));
    } else if (what == "free-rechoice") {
      EXPECT_EQ(st.entitlement(row(at(w, 2))) != nullptr, yes(3));
    } else if (what == "pending") {
      EXPECT_EQ(st.assignment(row(at(w, 2))) != nullptr, yes(3));
    } else if (what == "effective") {
      EXPECT_EQ(body_.value("effective_from", ""), at(w, 2));
    } else if (what == "fee") {
      EXPECT_EQ(body_.value("fee_kr", ""), at(w, 2));
    } else if (what == "clinic") {
      const ClinicIndex c = clinic(at(w, 2));
      const std::string s = at(w, 3);
      if (s == "shut")
        EXPECT_TRUE(st.shut_down(c));
      else
        EXPECT_EQ(st.world().clinics[c].open, s == "open");
    } else if (what == "reason") {
      EXPECT_NE(body_.value("reason", "").find(at(w, 2)), std::string::npos) << body_["reason"];
    } else if (what == "offered") {
      ASSERT_TRUE(body_.contains("offered")) << last_->body;
      for (std::size_t i = 2; i < w.size(); ++i) {
        ASSERT_GT(body_["offered"].size(), i - 2) << last_->body;
        EXPECT_EQ(body_["offered"][i - 2]["ydernummer"].get<std::uint32_t>(), std::stoul(w[i]))
            << last_->body;
      }
    } else if (what == "evidence-required") {
      EXPECT_TRUE(body_.contains("evidence_required")) << last_->body;
    } else if (what == "followers") {
      std::vector<std::string> want;
      for (std::size_t i = 2; i < w.size(); ++i) want.push_back(hex(w[i]));
      EXPECT_EQ(body_.value("followers", std::vector<std::string>{}), want);
    } else if (what == "relisted" || what == "pending-count") {
      EXPECT_EQ(body_.value(what == "relisted" ? "relisted" : "pending", -1), std::stoi(at(w, 2)))
          << last_->body;
    } else if (what == "patients") {
      EXPECT_EQ(st.listed(clinic(at(w, 2))), std::stoul(at(w, 3)));
    } else {
      FAIL() << "unknown expectation " << what;
    }
  }

  std::string name_;
  int line_no_ = 0;
  Date today_ = Date::from_ymd(2024, 3, 10);
  WorldBuilder builder_;
  std::uint64_t filler_ = 0;
  std::map<std::string, CitizenId> citizens_;
  std::map<std::string, std::string> listed_names_;
  std::vector<PendingCitizen> pending_;
  StoreKind kind_;
  std::unique_ptr<ServiceFixture> fixture_;
  std::optional<listing::Result> last_;
  json body_;
};

/// Every scenario on SQLite and on PostgreSQL (the case named `<scenario>_Postgres`).
class RuleScenario : public ::testing::TestWithParam<std::tuple<std::string, StoreKind>> {};

TEST_P(RuleScenario, Run) {
  const auto& [name, kind] = GetParam();
  if (kind == StoreKind::postgres && postgres_test_uri().empty())
    GTEST_SKIP() << "no PostgreSQL test cluster (ctest -L postgres starts one)";
  try {
    Scenario(name, kind).run();
  } catch (const std::exception& e) {
    FAIL() << "scenario " << name << ": " << e.what();
  }
}

INSTANTIATE_TEST_SUITE_P(Scenarios, RuleScenario,
                         ::testing::Combine(::testing::ValuesIn(scenario_names()),
                                            ::testing::Values(StoreKind::sqlite,
                                                              StoreKind::postgres)),
                         [](const ::testing::TestParamInfo<std::tuple<std::string, StoreKind>>& p) {
                           return std::get<0>(p.param) +
                                  (std::get<1>(p.param) == StoreKind::postgres ? "_Postgres" : "");
                         });

// The rule IDs come from the repository's copy of the rulebook's IDs (tests/data, with its
// attribution), not from a list in this file: every rule has a scenario file or a test named for
// it (its ID as a word of the test name, or at the end of the suite name), or the copy says why
// not. A rule that gains a test while the copy still gives a reason fails too, so the reasons
// stay true.
TEST(RuleScenarioFiles, EveryRuleHasAScenario) {
  const fs::path data(PRAKSIS_TEST_DATA_DIR);
  std::ifstream in(data / "rulebook_rule_ids.csv");
  ASSERT_TRUE(in) << "tests/data/rulebook_rule_ids.csv";
  std::string line;
  std::getline(in, line);
  ASSERT_EQ(line, "rule,section,untested_reason");
  std::vector<std::pair<std::string, std::string>> rules;  // ID, reason it has no test
  while (std::getline(in, line)) {
    const auto a = line.find(','), b = line.find(',', a + 1);
    ASSERT_NE(b, std::string::npos) << line;
    rules.emplace_back(line.substr(0, a), line.substr(b + 1));
  }
  ASSERT_GE(rules.size(), 30u);
  // The project's rule page restates the same rules.
  std::ifstream doc(data.parent_path().parent_path() / "docs" / "rules.md");
  std::stringstream text;
  text << doc.rdbuf();
  const std::string rules_md = text.str();
  std::vector<std::string> documented;
  const std::regex bullet(R"(\n- \*\*([A-Z][0-9]+)\*\*)");
  for (std::sregex_iterator it(rules_md.begin(), rules_md.end(), bullet), e; it != e; ++it)
    documented.push_back((*it)[1]);
  std::vector<std::string> ids;
  for (const auto& r : rules) ids.push_back(r.first);
  EXPECT_EQ(documented, ids) << "docs/rules.md and tests/data/rulebook_rule_ids.csv differ";

  const auto files = scenario_names();
  const auto* unit = ::testing::UnitTest::GetInstance();
  for (const auto& [rule, reason] : rules) {
    const std::regex word("(^|_)" + rule + "(_|[a-e]_|$)"), suite_end("(^|_|[a-z])" + rule + "$");
    std::string found;
    for (const auto& f : files)
      if (f.rfind(rule + "_", 0) == 0) found = "scenario " + f;
    for (int i = 0; found.empty() && i < unit->total_test_suite_count(); ++i) {
      const auto* suite = unit->GetTestSuite(i);
      const bool by_suite = std::regex_search(suite->name(), suite_end);
      for (int t = 0; found.empty() && t < suite->total_test_count(); ++t) {
        const std::string name = suite->GetTestInfo(t)->name();
        if (by_suite || std::regex_search(name, word))
          found = std::string(suite->name()) + "." + name;
      }
    }
    if (reason.empty()) {
      EXPECT_FALSE(found.empty()) << "rule " << rule
                                  << " has no scenario file and no test named for it";
    } else {
      EXPECT_TRUE(found.empty()) << "rule " << rule << " is tested by " << found
                                 << "; drop its reason from tests/data/rulebook_rule_ids.csv";
    }
  }
}

}  // namespace
}  // namespace praksis::testing
