// Reading, validating and writing the CSV interchange format.
#include "praksis/io/interchange.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <mutex>
#include <set>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "praksis/core/csv.hpp"
#include "praksis/core/parse.hpp"
#include "praksis/designation/threatened_areas.hpp"
#include "praksis/geo/land.hpp"
#include "praksis/io/extract.hpp"
#include "praksis/model/registry_rules.hpp"
#include "praksis/output/text.hpp"

namespace praksis {
namespace fs = std::filesystem;

const std::vector<InterchangeFile>& interchange_files() {
  static const std::vector<InterchangeFile> files = {
      {"regions.csv", {"regionskode", "name"}},
      {"kommuner.csv", {"kommunekode", "name", "regionskode"}},
      {"clinics.csv",
       {"ydernummer", "name", "practice_form", "kommunekode", "lat", "lon", "list_status",
        "established", "capacities", "unfilled_capacities"}},
      {"doctors.csv", {"doctor_id", "ydernummer", "birth_year", "role", "since_year"}},
      {"citizens.csv",
       {"citizen_id", "household_id", "birth_year", "sex", "lat", "lon", "kommunekode",
        "insurance_group", "type2_diabetes", "copd", "labour_status", "ydernummer",
        "home_visit_right"}},
      // Rules A1-A2: one row per clinic that reported its services (optional file).
      {"clinic_services.csv",
       {"ydernummer", "weekdays_8_16", "evening_per_week", "daily_phone_hour", "same_day_acute",
        "booking_weekdays", "e_booking", "e_prescription_renewal", "e_consultation", "video"},
       true},
      // Rule L8: nursing homes and their attached doctors' clinics (optional file).
      {"nursing_homes.csv",
       {"nursing_home_id", "name", "kommunekode", "lat", "lon", "places", "attached_ydernummer"},
       true},
      // Rule S1: capacities on the way, i opslag, tildelt or afventer etablering (optional file).
      {"capacity_pipeline.csv",
       {"pipeline_id", "status", "kommunekode", "ydernummer", "capacities", "advertised",
        "assigned", "expected_start"},
       true},
      // The doctors' hearing (lægehøring): a clinic's wishes, a doctor's retirement year
      // (optional file).
      {"gp_hearing.csv",
       {"ydernummer", "doctor_id", "wished_list_size", "wished_list_status", "move_to_kommunekode",
        "extra_capacities", "retirement_year"},
       true},
  };
  return files;
}

namespace {

/// Parses fields of one row, recording each problem at file:line:column (field).
class RowParser {
 public:
  RowParser(const CsvReader& r, const CsvRow& row, const InterchangeFile& f, IssueCollector& issues)
      : r_(r), row_(row), f_(f), issues_(issues) {}

  bool column_count_ok() {
    if (row_.fields.size() == f_.columns.size()) return true;
    issues_.add(InputLocation{r_.source(), row_.line, 0, {}},
                message("input.csv.columns", f_.columns.size(), row_.fields.size()));
    return false;
  }
  std::string_view text(std::size_t c) const { return row_.fields[c]; }
  InputLocation at(std::size_t c) const { return r_.at(row_, c, f_.columns[c]); }
  void fail(std::size_t c, std::string reason) {
    ok_ = false;
    issues_.add(at(c), std::move(reason));
  }
  void fail(std::size_t c, Message reason) {
    ok_ = false;
    issues_.add(at(c), std::move(reason));
  }
  bool ok() const { return ok_; }

  template <class Int>
  Int integer(std::size_t c, std::int64_t lo, std::int64_t hi) {
    auto v = parse_int<std::int64_t>(text(c));
    if (!v) {
      fail(c, message("input.csv.not_integer", text(c)));
      return 0;
    }
    if (*v < lo || *v > hi) {
      fail(c, message("input.csv.out_of_range", *v, lo, hi));
      return 0;
    }
    return static_cast<Int>(*v);
  }
  std::string_view nonempty(std::size_t c) {
    if (text(c).empty()) fail(c, message("input.csv.required"));
    return text(c);
  }
  KommuneCode kommunekode(std::size_t c) {
    const auto t = text(c);
    if (t.size() != 3 ||
        !std::all_of(t.begin(), t.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
      fail(c, message("input.csv.kommunekode", t));
      return 0;
    }
    return integer<KommuneCode>(c, 100, 999);
  }
  std::int32_t coordinate(std::size_t c, double lo, double hi, const char* what) {
    auto v = parse_fixed(text(c), 5);
    if (!v) {
      fail(c, message("input.csv.not_decimal", text(c)));
      return 0;
    }
    const double deg = static_cast<double>(*v) / 1e5;
    if (deg < lo || deg > hi) {
      fail(c, message(std::string("input.csv.outside_box.") + what, text(c), lo, hi));
      return 0;
    }
    return static_cast<std::int32_t>(*v);
  }
  /// Refuses a point (columns lat_c, lat_c + 1) farther than `tolerance_km` from Denmark's land
  /// outline: a home or clinic in the sea or abroad.
  void on_land(std::size_t lat_c, GeoPoint p, double tolerance_km, Lang lang) {
    if (!ok_) return;
    const LandOutline& land = LandOutline::denmark();
    if (land.on_land(p)) return;
    const double km = land.km_to_land(p);
    if (km <= tolerance_km) return;
    fail(lat_c, textf("island.in_sea", lang, text(lat_c), text(lat_c + 1),
                      format_decimal(km, 2, lang), tolerance_km));
  }
  bool flag(std::size_t c) {
    auto v = parse_flag(text(c));
    if (!v) {
      fail(c, message("input.csv.flag", text(c)));
      return false;
    }
    return *v;
  }
  /// A date YYYY-MM-DD; nullopt when the field is empty (recorded as a problem if `required`).
  std::optional<Date> date(std::size_t c, bool required) {
    if (text(c).empty()) {
      if (required) fail(c, message("input.csv.required"));
      return std::nullopt;
    }
    auto d = Date::parse(text(c));
    if (!d) fail(c, message("input.csv.date", text(c)));
    return d;
  }
  /// Records a problem when the field is not empty: `why_key` is the catalogue entry that says why.
  void must_be_empty(std::size_t c, const char* why_key) {
    if (!text(c).empty()) fail(c, message(why_key));
  }
  std::uint64_t hex_id(std::size_t c) {
    auto v = parse_hex_id(text(c));
    if (!v) {
      fail(c, message("input.csv.hex_id", text(c)));
      return 0;
    }
    return *v;
  }

 private:
  const CsvReader& r_;
  const CsvRow& row_;
  const InterchangeFile& f_;
  IssueCollector& issues_;
  bool ok_ = true;
};

/// Appends the rows of `from` to `to`.
void append(CitizenTable& to, const CitizenTable& from) {
  const auto cat = [](auto& a, const auto& b) { a.insert(a.end(), b.begin(), b.end()); };
  cat(to.id, from.id);
  cat(to.household, from.household);
  cat(to.birth_year, from.birth_year);
  cat(to.sex, from.sex);
  cat(to.home, from.home);
  cat(to.kommune, from.kommune);
  cat(to.group, from.group);
  cat(to.conditions, from.conditions);
  cat(to.labour, from.labour);
  cat(to.listing, from.listing);
  cat(to.home_visit_right, from.home_visit_right);
}

template <class Fn>
void read_file(const fs::path& dir, const InterchangeFile& f, IssueCollector& issues, Fn&& on_row) {
  const fs::path p = dir / f.name;
  FileView view(p);
  CsvReader reader(p.string(), view.data());
  reader.expect_header(f.columns);
  CsvRow row;
  while (!issues.full() && reader.next(row)) {
    RowParser rp(reader, row, f, issues);
    if (!rp.column_count_ok()) continue;
    on_row(rp, row.line);
  }
}

/// The optional files: clinic service data (A1-A2) and nursing homes (L8).
void read_services_and_homes(const fs::path& dir, World& w, const Settings& settings,
                             IssueCollector& issues, Lang lang) {
  const auto& files = interchange_files();
  const auto& ds = settings.dataset;
  if (fs::exists(dir / files[5].name)) {
    read_file(dir, files[5], issues, [&](RowParser& p, std::int64_t) {
      const auto y = p.integer<Ydernummer>(0, 1, 999999);
      ClinicServices sv;
      sv.weekdays_8_16 = p.flag(1);
      sv.evening_per_week = p.integer<std::uint8_t>(2, 0, 20);
      sv.daily_phone_hour = p.flag(3);
      sv.same_day_acute = p.flag(4);
      sv.booking_weekdays = p.integer<std::uint8_t>(5, 0, 60);
      sv.e_booking = p.flag(6);
      sv.e_prescription_renewal = p.flag(7);
      sv.e_consultation = p.flag(8);
      sv.video = p.flag(9);
      if (!p.ok()) return;
      const auto c = w.find_clinic(y);
      if (!c) return p.fail(0, message("input.world.unknown_ydernummer", y));
      if (w.clinics[*c].services) return p.fail(0, message("input.world.duplicate_services", y));
      w.clinics[*c].services = sv;
    });
  }
  if (fs::exists(dir / files[6].name)) {
    std::unordered_set<std::uint32_t> ids;
    std::unordered_map<std::int64_t, std::uint32_t> at;  // packed location -> id
    read_file(dir, files[6], issues, [&](RowParser& p, std::int64_t) {
      NursingHome h;
      h.id = p.integer<std::uint32_t>(0, 1, 999999999);
      h.name = std::string(p.nonempty(1));
      h.kommune = p.kommunekode(2);
      h.location.lat_e5 = p.coordinate(3, ds.min_lat, ds.max_lat, "latitude");
      h.location.lon_e5 = p.coordinate(4, ds.min_lon, ds.max_lon, "longitude");
      p.on_land(3, h.location, ds.coast_tolerance_km, lang);
      h.places = p.integer<std::uint16_t>(5, 1, 5000);
      if (!p.text(6).empty()) h.attached = p.integer<Ydernummer>(6, 1, 999999);
      if (!p.ok()) return;
      if (w.kommune_index(h.kommune) < 0)
        return p.fail(2,
                      message("input.world.unknown_kommunekode", fmt::format("{:03}", h.kommune)));
      if (h.attached && !w.find_clinic(*h.attached))
        return p.fail(6, message("input.world.L8.unknown_attached", *h.attached));
      if (!ids.insert(h.id).second)
        return p.fail(0, message("input.world.duplicate_nursing_home", h.id));
      // Residents are found by their address, so two homes cannot share one (rule L8).
      const std::int64_t key = (static_cast<std::int64_t>(h.location.lat_e5) << 32) ^
                               static_cast<std::uint32_t>(h.location.lon_e5);
      if (auto [it, fresh] = at.emplace(key, h.id); !fresh)
        return p.fail(3, message("input.world.L8.same_location", it->second));
      w.nursing_homes.push_back(std::move(h));
    });
  }
  w.build_indexes();
}

/// The extract's manifest, when the directory has one (docs/extract.md): checked against the
/// world's regions, kommuner and clinics read so far.
void read_manifest(const fs::path& dir, World& w, IssueCollector& issues) {
  const fs::path mp = dir / kExtractManifestFile;
  if (!fs::exists(mp)) return;
  FileView view(mp);
  ExtractInfo info = parse_extract_manifest(view.data(), mp.string());
  const InputLocation at{mp.string(), 0, 0, {}};
  for (RegionCode r : info.regions)
    if (w.region_index(r) < 0) issues.add(at, message("input.extract.region_missing", r));
  for (KommuneCode k : info.kommuner)
    if (w.kommune_index(k) < 0)
      issues.add(at, message("input.extract.kommune_missing", fmt::format("{:03}", k)));
  for (const OutsideClinic& c : info.outside_clinics)
    if (w.find_clinic(c.ydernummer))
      issues.add(at, message("input.extract.outside_clinic_present", c.ydernummer));
  for (const NationalListing& l : info.national_listings)
    if (!w.find_clinic(l.ydernummer))
      issues.add(at, message("input.extract.national_listing_missing", l.ydernummer));
  w.extract = std::move(info);
}

/// The optional planning inputs: capacities in the pipeline (S1) and the doctors' hearing.
void read_pipeline_and_hearing(const fs::path& dir, World& w, const Settings& settings,
                               IssueCollector& issues) {
  const auto& files = interchange_files();
  const int ref_year = settings.dataset.reference_date.year();
  if (fs::exists(dir / files[7].name)) {
    std::unordered_set<std::uint32_t> ids;
    read_file(dir, files[7], issues, [&](RowParser& p, std::int64_t) {
      PipelineCapacity pc;
      pc.id = p.integer<std::uint32_t>(0, 1, 999999999);
      if (auto st = parse_pipeline_status(p.text(1)))
        pc.status = *st;
      else
        p.fail(1, message("input.world.unknown_status", p.text(1),
                          fmt::format("{}", fmt::join(kPipelineStatusNames, ", "))));
      pc.kommune = p.kommunekode(2);
      if (!p.text(3).empty()) pc.ydernummer = p.integer<Ydernummer>(3, 1, 999999);
      pc.capacities = p.integer<std::uint16_t>(4, 1, 20);
      if (auto d = p.date(5, true)) pc.advertised = *d;
      pc.assigned = p.date(6, false);
      pc.expected_start = p.date(7, false);
      if (!p.ok()) return;
      if (w.kommune_index(pc.kommune) < 0)
        return p.fail(2,
                      message("input.world.unknown_kommunekode", fmt::format("{:03}", pc.kommune)));
      if (pc.ydernummer) {
        const auto c = w.find_clinic(*pc.ydernummer);
        if (!c) return p.fail(3, message("input.world.unknown_ydernummer", *pc.ydernummer));
        if (w.clinics[*c].kommune != pc.kommune)
          return p.fail(3, message("input.world.clinic_kommune", *pc.ydernummer,
                                   fmt::format("{:03}", w.clinics[*c].kommune),
                                   fmt::format("{:03}", pc.kommune)));
      }
      if (pc.status == PipelineStatus::i_opslag && pc.assigned)
        return p.fail(6, message("input.world.S1.assigned_i_opslag"));
      if (pc.status != PipelineStatus::i_opslag && !pc.assigned)
        return p.fail(6, message("input.world.S1.required_for_status", to_string(pc.status)));
      if (pc.status == PipelineStatus::afventer_etablering && !pc.expected_start)
        return p.fail(7, message("input.world.S1.required_for_status", "afventer_etablering"));
      if (pc.assigned && *pc.assigned < pc.advertised)
        return p.fail(6, message("input.world.S1.assigned_before_advertised",
                                 pc.assigned->to_string(), pc.advertised.to_string()));
      const Date after = pc.assigned.value_or(pc.advertised);
      if (pc.expected_start && *pc.expected_start < after)
        return p.fail(7, message("input.world.S1.start_before", pc.expected_start->to_string(),
                                 pc.assigned ? "assigned" : "advertised", after.to_string()));
      if (!ids.insert(pc.id).second)
        return p.fail(0, message("input.world.duplicate_pipeline", pc.id));
      w.capacity_pipeline.push_back(pc);
    });
  }
  if (fs::exists(dir / files[8].name)) {
    std::set<std::pair<DoctorId, Ydernummer>> works;
    for (const Doctor& d : w.doctors) works.emplace(d.id, d.ydernummer);
    std::set<std::pair<Ydernummer, DoctorId>> seen;
    std::unordered_map<DoctorId, std::uint16_t> stated;  // doctor -> retirement year
    read_file(dir, files[8], issues, [&](RowParser& p, std::int64_t) {
      HearingEntry h;
      h.ydernummer = p.integer<Ydernummer>(0, 1, 999999);
      if (!p.text(1).empty()) h.doctor = p.integer<DoctorId>(1, 1, 999999999);
      if (h.doctor != 0) {
        const char* why = "input.world.hearing.empty_on_doctor_row";
        for (std::size_t c = 2; c <= 5; ++c) p.must_be_empty(c, why);
        if (p.text(6).empty())
          p.fail(6, message("input.world.hearing.required_on_doctor_row"));
        else
          h.retirement_year = p.integer<std::uint16_t>(6, ref_year, ref_year + 40);
      } else {
        p.must_be_empty(6, "input.world.hearing.empty_on_clinic_row");
        if (!p.text(2).empty()) h.wished_list_size = p.integer<std::uint32_t>(2, 0, 100000);
        if (p.text(3) == "open")
          h.wished_open = true;
        else if (p.text(3) == "closed")
          h.wished_open = false;
        else if (!p.text(3).empty())
          p.fail(3, message("input.world.hearing.wished_status", p.text(3)));
        if (!p.text(4).empty()) h.move_to = p.kommunekode(4);
        if (!p.text(5).empty()) h.extra_capacities = p.integer<std::uint16_t>(5, 1, 20);
      }
      if (!p.ok()) return;
      if (!w.find_clinic(h.ydernummer))
        return p.fail(0, message("input.world.unknown_ydernummer", h.ydernummer));
      if (h.doctor != 0 && !works.count({h.doctor, h.ydernummer}))
        return p.fail(1, message("input.world.hearing.doctor_not_at", h.doctor, h.ydernummer));
      if (h.move_to && w.kommune_index(*h.move_to) < 0)
        return p.fail(4,
                      message("input.world.unknown_kommunekode", fmt::format("{:03}", *h.move_to)));
      if (!seen.emplace(h.ydernummer, h.doctor).second) {
        return h.doctor == 0
                   ? p.fail(0, message("input.world.hearing.duplicate_clinic", h.ydernummer))
                   : p.fail(1, message("input.world.hearing.duplicate_doctor", h.doctor,
                                       h.ydernummer));
      }
      if (h.doctor != 0) {
        if (auto [it, fresh] = stated.emplace(h.doctor, *h.retirement_year);
            !fresh && it->second != *h.retirement_year)
          return p.fail(6, message("input.world.hearing.retirement_differs", h.doctor, it->second));
      }
      w.hearing.push_back(h);
    });
  }
}

}  // namespace

World read_world(const fs::path& dir, const Settings& settings, Lang lang, CitizenRowSink* sink) {
  if (!fs::is_directory(dir)) {
    throw InputError(InputLocation{dir.string(), 0, 0, {}}, message("input.world.not_directory"));
  }
  const auto& files = interchange_files();
  for (const auto& f : files) {
    if (!f.optional && !fs::exists(dir / f.name)) {
      throw InputError(InputLocation{(dir / f.name).string(), 0, 0, {}},
                       message("input.world.missing_file"));
    }
  }
  const auto& ds = settings.dataset;
  const int ref_year = ds.reference_date.year();
  World w;
  IssueCollector issues;

  std::unordered_set<RegionCode> region_codes;
  read_file(dir, files[0], issues, [&](RowParser& p, std::int64_t) {
    Region r{p.integer<RegionCode>(0, 1081, 1085), std::string(p.nonempty(1))};
    if (!p.ok()) return;
    if (!region_codes.insert(r.code).second)
      return p.fail(0, message("input.world.duplicate_region", r.code));
    w.regions.push_back(std::move(r));
  });

  std::unordered_set<KommuneCode> kommune_codes;
  read_file(dir, files[1], issues, [&](RowParser& p, std::int64_t) {
    Kommune k{p.kommunekode(0), std::string(p.nonempty(1)), p.integer<RegionCode>(2, 1081, 1085)};
    if (!p.ok()) return;
    if (!region_codes.count(k.region))
      return p.fail(2, message("input.world.unknown_region", k.region));
    if (!kommune_codes.insert(k.code).second)
      return p.fail(0, message("input.world.duplicate_kommune", fmt::format("{:03}", k.code)));
    w.kommuner.push_back(std::move(k));
  });

  std::unordered_set<Ydernummer> ydernumre;
  std::vector<std::int64_t> clinic_lines, doctor_lines;
  read_file(dir, files[2], issues, [&](RowParser& p, std::int64_t line) {
    Clinic c;
    c.ydernummer = p.integer<Ydernummer>(0, 1, 999999);
    c.name = std::string(p.nonempty(1));
    if (auto f = parse_practice_form(p.text(2)))
      c.form = *f;
    else
      p.fail(2, message("input.world.unknown_practice_form", p.text(2),
                        fmt::format("{}", fmt::join(kPracticeFormNames, ", "))));
    c.kommune = p.kommunekode(3);
    c.location.lat_e5 = p.coordinate(4, ds.min_lat, ds.max_lat, "latitude");
    c.location.lon_e5 = p.coordinate(5, ds.min_lon, ds.max_lon, "longitude");
    p.on_land(4, c.location, ds.coast_tolerance_km, lang);
    if (p.text(6) == "open")
      c.open = true;
    else if (p.text(6) == "closed")
      c.open = false;
    else
      p.fail(6, message("input.world.list_status", p.text(6)));
    if (auto d = Date::parse(p.text(7)))
      c.established = *d;
    else
      p.fail(7, message("input.csv.date", p.text(7)));
    c.capacities = p.integer<std::uint16_t>(8, 0, 100);
    c.unfilled_capacities = p.integer<std::uint16_t>(9, 0, 100);
    if (!p.ok()) return;
    if (!kommune_codes.count(c.kommune))
      return p.fail(3, message("input.world.unknown_kommunekode", fmt::format("{:03}", c.kommune)));
    if (c.total_capacities() == 0) return p.fail(8, message("input.world.no_capacity"));
    if (!ydernumre.insert(c.ydernummer).second)
      return p.fail(0, message("input.world.duplicate_clinic", c.ydernummer));
    w.clinics.push_back(std::move(c));
    clinic_lines.push_back(line);
  });

  // A doctor id repeats only for a doctor working at several ydernumre (an owner of several,
  // rule C3): once per ydernummer, with one birth year.
  std::unordered_map<DoctorId, std::uint16_t> doctor_births;
  std::set<std::pair<DoctorId, Ydernummer>> doctor_places;
  read_file(dir, files[3], issues, [&](RowParser& p, std::int64_t line) {
    Doctor d;
    d.id = p.integer<DoctorId>(0, 1, 999999999);
    d.ydernummer = p.integer<Ydernummer>(1, 1, 999999);
    d.birth_year = p.integer<std::uint16_t>(2, ref_year - 100, ref_year - 20);
    if (auto r = parse_doctor_role(p.text(3)))
      d.role = *r;
    else
      p.fail(3, message("input.world.role", p.text(3)));
    d.since_year = p.integer<std::uint16_t>(4, 1900, ref_year);
    if (!p.ok()) return;
    if (!ydernumre.count(d.ydernummer))
      return p.fail(1, message("input.world.unknown_ydernummer", d.ydernummer));
    if (d.since_year < d.birth_year + 20) return p.fail(4, message("input.world.since_before_20"));
    if (!doctor_places.emplace(d.id, d.ydernummer).second) {
      return p.fail(0, message("input.world.duplicate_doctor", d.id, d.ydernummer));
    }
    if (auto [it, fresh] = doctor_births.emplace(d.id, d.birth_year);
        !fresh && it->second != d.birth_year) {
      return p.fail(2, message("input.world.birth_differs", d.id, it->second));
    }
    w.doctors.push_back(d);
    doctor_lines.push_back(line);
  });
  issues.throw_if_any();
  w.build_indexes();
  read_manifest(dir, w, issues);
  issues.throw_if_any();

  // Citizens: 6 M rows; duplicate ids are found after reading through the id index. The rows
  // are parsed in two parts side by side when the first part has no quote character (every
  // newline there ends a record); the parts are joined in file order, so the table, its line
  // numbers and the problems found are those of a single pass.
  const fs::path cpath = dir / files[4].name;
  struct CitizenPart {
    CitizenTable citizens;
    std::vector<std::int64_t> lines;
    std::vector<std::pair<CitizenId, Ydernummer>> outside;
    std::vector<Ydernummer> ydernumre;  // per row, for the sink: the listing's ydernummer or 0
    IssueCollector issues;
  };
  const auto parse_citizen = [&](RowParser& p, std::int64_t line, CitizenPart& part) {
    Citizen c;
    c.id = p.hex_id(0);
    c.household = p.hex_id(1);
    c.birth_year = p.integer<std::uint16_t>(2, ref_year - 125, ref_year);
    if (auto s = parse_sex(p.text(3)))
      c.sex = *s;
    else
      p.fail(3, message("input.world.sex", p.text(3)));
    c.home.lat_e5 = p.coordinate(4, ds.min_lat, ds.max_lat, "latitude");
    c.home.lon_e5 = p.coordinate(5, ds.min_lon, ds.max_lon, "longitude");
    p.on_land(4, c.home, ds.coast_tolerance_km, lang);
    c.kommune = p.kommunekode(6);
    const int grp = p.integer<int>(7, 1, 2);
    c.group = grp == 2 ? InsuranceGroup::group2 : InsuranceGroup::group1;
    c.conditions =
        static_cast<std::uint8_t>((p.flag(8) ? kType2Diabetes : 0) | (p.flag(9) ? kCopd : 0));
    if (auto l = parse_labour_status(p.text(10)))
      c.labour = *l;
    else
      p.fail(10, message("input.world.unknown_labour", p.text(10),
                         fmt::format("{}", fmt::join(kLabourStatusNames, ", "))));
    Ydernummer outside = 0;  // listed outside the extract (docs/extract.md)
    Ydernummer listed_with = 0;
    if (!p.text(11).empty()) {
      const auto y = p.integer<Ydernummer>(11, 1, 999999);
      if (p.ok()) {
        listed_with = y;
        if (auto ci = w.find_clinic(y))
          c.listing = *ci;
        else if (w.extract && w.extract->find_outside(y))
          outside = y;
        else if (w.extract)
          p.fail(11, message("input.world.unknown_listing_extract", y, kExtractManifestFile));
        else
          p.fail(11, message("input.world.unknown_ydernummer", y));
      }
    }
    c.home_visit_right = p.flag(12);
    if (!p.ok()) return;
    if (w.kommune_index(c.kommune) < 0)
      return p.fail(6, message("input.world.unknown_kommunekode", fmt::format("{:03}", c.kommune)));
    if (c.group == InsuranceGroup::group2 && (c.listing != kNoClinic || outside)) {
      return p.fail(11, message("input.world.L1.group2_listed"));
    }
    if (c.group == InsuranceGroup::group1 && c.listing == kNoClinic && !outside &&
        c.age_in(ref_year) >= settings.listing.adult_age) {
      return p.fail(11, message("input.world.L1.group1_unlisted", settings.listing.adult_age));
    }
    if (outside) part.outside.emplace_back(c.id, outside);
    part.citizens.push_back(c);
    part.lines.push_back(line);
    if (sink) part.ydernumre.push_back(listed_with);
  };
  std::vector<std::int64_t> lines;
  {
    FileView view(cpath);
    CsvReader reader(cpath.string(), view.data());
    reader.expect_header(files[4].columns);
    const std::string_view data = view.data();
    // The parts: the first newline after each 1/n of the file (n from 2 for a file above 1 MiB
    // to 16), if no quote comes before the last of them (every newline there ends a record).
    std::vector<std::size_t> bounds{reader.position()};
    if (data.size() > (std::size_t{1} << 20)) {
      const std::size_t n = std::clamp<std::size_t>(data.size() >> 20, 2, 16);
      for (std::size_t k = 1; k < n; ++k) {
        const std::size_t nl = data.find('\n', std::max(bounds.back(), data.size() / n * k));
        if (nl == std::string_view::npos) break;
        bounds.push_back(nl + 1);
      }
      if (data.substr(0, bounds.back()).find('"') != std::string_view::npos) bounds.resize(1);
    }
    bounds.push_back(data.size());
    const std::size_t n_parts = bounds.size() - 1;
    // The lines before each part (the header and every line of the parts before it).
    std::vector<std::int64_t> before(n_parts, reader.line());
    for (std::size_t k = 1; k < n_parts; ++k)
      before[k] = before[k - 1] + static_cast<std::int64_t>(std::count(
                                      data.begin() + static_cast<std::ptrdiff_t>(bounds[k - 1]),
                                      data.begin() + static_cast<std::ptrdiff_t>(bounds[k]), '\n'));
    const auto read_part = [&](CsvReader r, CitizenPart& part, std::size_t bytes) {
      CsvRow row;
      part.citizens.reserve(bytes / 80);
      if (sink) part.ydernumre.reserve(bytes / 80);
      while (!part.issues.full() && r.next(row)) {
        RowParser rp(r, row, files[4], part.issues);
        if (!rp.column_count_ok()) continue;
        parse_citizen(rp, row.line, part);
      }
    };
    // Two threads take the parts in file order. Each part read, the parts complete from the
    // first on go to the sink in file order (while none had a problem), so the store inserts
    // the first parts' rows while the later ones are parsed.
    std::vector<CitizenPart> parts(n_parts);
    std::vector<std::exception_ptr> failed(n_parts);
    std::vector<char> finished(n_parts, 0);
    std::atomic<std::size_t> next_part{0};
    std::mutex hand_mutex;
    std::size_t handed = 0;
    bool streaming = sink != nullptr;
    const auto work = [&] {
      for (std::size_t k; (k = next_part++) < n_parts;) {
        try {
          read_part(reader.part(bounds[k], bounds[k + 1], before[k]), parts[k],
                    bounds[k + 1] - bounds[k]);
        } catch (...) {
          failed[k] = std::current_exception();
        }
        if (!sink) continue;
        std::lock_guard lock(hand_mutex);
        finished[k] = 1;
        for (; streaming && handed < n_parts && finished[handed]; ++handed) {
          CitizenPart& part = parts[handed];
          if (failed[handed] || !part.issues.empty()) {
            streaming = false;
            break;
          }
          sink->add_citizens(part.citizens, part.ydernumre);
        }
      }
    };
    {
      std::exception_ptr second_failed;
      std::thread second;
      if (n_parts > 1) {
        second = std::thread([&] {
          try {
            work();
          } catch (...) {
            second_failed = std::current_exception();
          }
        });
      }
      try {
        work();
      } catch (...) {
        if (second.joinable()) second.join();
        throw;
      }
      if (second.joinable()) second.join();
      if (second_failed) std::rethrow_exception(second_failed);
    }
    // A single pass stops at a part's exception (an unterminated quote) or when a part's
    // problems fill the list; the parts after it are not read.
    for (std::size_t k = 0; k < n_parts; ++k) {
      if (failed[k]) std::rethrow_exception(failed[k]);
      if (parts[k].issues.full()) {
        parts.resize(k + 1);
        break;
      }
    }
    if (sink && streaming && handed == n_parts) sink->citizens_done();
    std::size_t total = 0;
    for (const auto& part : parts) total += part.citizens.size();
    w.citizens.reserve(total);
    lines.reserve(total);
    for (auto& part : parts) {
      try {
        part.issues.throw_if_any();
      } catch (const InputError& e) {
        for (const auto& i : e.issues()) issues.add(i.where, i.reason, i.message);
      }
      append(w.citizens, part.citizens);
      lines.insert(lines.end(), part.lines.begin(), part.lines.end());
      for (const auto& [id, y] : part.outside) w.listed_outside.emplace(id, y);
      part.citizens = CitizenTable{};  // the memory goes as each part is joined
      part.lines = {};
      part.ydernumre = {};
    }
  }
  issues.throw_if_any();
  w.build_indexes();
  if (w.citizens.size() > 0) {
    // The id index keeps the first row of each id; any other row with that id is a duplicate.
    for (std::size_t i = 0; i < w.citizens.size() && !issues.full(); ++i) {
      const CitizenIndex first = w.find_citizen(w.citizens.id[i]);
      if (first != i) {
        char hex[16];
        format_hex_id(w.citizens.id[i], hex);
        issues.add(
            InputLocation{cpath.string(), lines[i], 1, "citizen_id"},
            message("input.world.duplicate_citizen", std::string_view(hex, 16), lines[first]));
      }
    }
  }
  issues.throw_if_any();
  read_services_and_homes(dir, w, settings, issues, lang);
  issues.throw_if_any();
  read_pipeline_and_hearing(dir, w, settings, issues);
  issues.throw_if_any();

  // Rules C3 and C4 over the whole register; C4's threatened-area exception needs the
  // designation, which is computed only when a clinic breaches the limit otherwise.
  ThreatenedAreas threatened(w, settings);
  for (const RegistryBreach& b : registry_breaches(w, settings.capacity, std::ref(threatened))) {
    if (b.rule == RegistryBreach::Rule::c3_ydernumre_per_owner) {
      issues.add(
          InputLocation{(dir / files[3].name).string(), doctor_lines[b.doctor_row], 1, "doctor_id"},
          b.reason());
    } else {
      issues.add(
          InputLocation{(dir / files[2].name).string(), clinic_lines[b.clinic], 9, "capacities"},
          b.reason());
    }
  }
  issues.throw_if_any();
  return w;
}

void validate_world(const World& w, const Settings& settings, IssueCollector& issues,
                    std::string_view source) {
  const auto& ds = settings.dataset;
  const GeoBox box{ds.min_lat, ds.max_lat, ds.min_lon, ds.max_lon};
  const int ref_year = ds.reference_date.year();
  for (const auto& c : w.clinics) {
    if (!box.contains(c.location)) {
      issues.add(InputLocation{std::string(source), 0, 0, fmt::format("clinic {}", c.ydernummer)},
                 message("input.world.location_outside_box"));
    }
    if (w.kommune_index(c.kommune) < 0) {
      issues.add(InputLocation{std::string(source), 0, 0, fmt::format("clinic {}", c.ydernummer)},
                 message("input.world.unknown_kommunekode", fmt::format("{:03}", c.kommune)));
    }
  }
  for (const auto& h : w.nursing_homes) {
    const InputLocation at{std::string(source), 0, 0, fmt::format("nursing home {}", h.id)};
    if (!box.contains(h.location)) issues.add(at, message("input.world.location_outside_box"));
    if (w.kommune_index(h.kommune) < 0)
      issues.add(at, message("input.world.unknown_kommunekode_bare"));
    if (h.attached && !w.find_clinic(*h.attached))
      issues.add(at, message("input.world.L8.unknown_attached_clinic", *h.attached));
  }
  for (const PipelineCapacity& pc : w.capacity_pipeline) {
    const InputLocation at{std::string(source), 0, 0, fmt::format("pipeline {}", pc.id)};
    if (w.kommune_index(pc.kommune) < 0)
      issues.add(at, message("input.world.unknown_kommunekode_bare"));
    if (pc.ydernummer && !w.find_clinic(*pc.ydernummer))
      issues.add(at, message("input.world.unknown_ydernummer_bare"));
  }
  for (const HearingEntry& h : w.hearing) {
    const InputLocation at{std::string(source), 0, 0, fmt::format("hearing {}", h.ydernummer)};
    if (!w.find_clinic(h.ydernummer))
      issues.add(at, message("input.world.unknown_ydernummer_bare"));
    if (h.move_to && w.kommune_index(*h.move_to) < 0)
      issues.add(at, message("input.world.unknown_kommunekode_bare"));
  }
  ThreatenedAreas threatened(w, settings);
  for (const RegistryBreach& b : registry_breaches(w, settings.capacity, std::ref(threatened))) {
    const std::string field = b.rule == RegistryBreach::Rule::c3_ydernumre_per_owner
                                  ? fmt::format("doctor {}", b.doctor)
                                  : fmt::format("clinic {}", b.ydernummer);
    issues.add(InputLocation{std::string(source), 0, 0, field}, b.reason());
  }
  const auto& ct = w.citizens;
  for (std::size_t i = 0; i < ct.size() && !issues.full(); ++i) {
    auto where = [&] {
      char hex[16];
      format_hex_id(ct.id[i], hex);
      return InputLocation{std::string(source), 0, 0,
                           fmt::format("citizen {}", std::string_view(hex, 16))};
    };
    if (!box.contains(ct.home[i])) issues.add(where(), message("input.world.home_outside_box"));
    if (w.kommune_index(ct.kommune[i]) < 0)
      issues.add(where(), message("input.world.unknown_kommunekode_bare"));
    if (ct.listing[i] != kNoClinic && ct.listing[i] >= w.clinics.size())
      issues.add(where(), message("input.world.unknown_clinic"));
    if (ct.group[i] == InsuranceGroup::group2 && ct.listing[i] != kNoClinic) {
      issues.add(where(), message("input.world.L1.group2_listed"));
    }
    if (ct.group[i] == InsuranceGroup::group1 && ct.listing[i] == kNoClinic &&
        ref_year - ct.birth_year[i] >= settings.listing.adult_age &&
        !w.listed_outside.count(ct.id[i])) {
      issues.add(where(), message("input.world.L1.group1_unlisted", settings.listing.adult_age));
    }
  }
}

void write_world(const World& w, const fs::path& dir) {
  fs::create_directories(dir);
  const auto& files = interchange_files();
  if (w.extract) {
    std::ofstream out(dir / kExtractManifestFile, std::ios::binary | std::ios::trunc);
    out << extract_manifest_text(*w.extract);
    out.close();
    if (!out) throw Error(fmt::format("{}: write failed", (dir / kExtractManifestFile).string()));
  } else {
    fs::remove(dir / kExtractManifestFile);  // a national world written over an old extract
  }
  {
    CsvWriter out(dir / files[0].name);
    out.header(files[0].columns);
    for (const auto& r : w.regions) {
      out.integer(r.code).text(r.name).end_row();
    }
    out.close();
  }
  {
    CsvWriter out(dir / files[1].name);
    out.header(files[1].columns);
    for (const auto& k : w.kommuner) {
      out.text(fmt::format("{:03}", k.code)).text(k.name).integer(k.region).end_row();
    }
    out.close();
  }
  {
    CsvWriter out(dir / files[2].name);
    out.header(files[2].columns);
    for (const auto& c : w.clinics) {
      out.integer(c.ydernummer)
          .text(c.name)
          .text(to_string(c.form))
          .text(fmt::format("{:03}", c.kommune))
          .text(format_coordinate(c.location.lat_e5))
          .text(format_coordinate(c.location.lon_e5))
          .text(c.open ? "open" : "closed")
          .text(c.established.to_string())
          .integer(c.capacities)
          .integer(c.unfilled_capacities)
          .end_row();
    }
    out.close();
  }
  {
    CsvWriter out(dir / files[3].name);
    out.header(files[3].columns);
    for (const auto& d : w.doctors) {
      out.integer(d.id)
          .integer(d.ydernummer)
          .integer(d.birth_year)
          .text(to_string(d.role))
          .integer(d.since_year)
          .end_row();
    }
    out.close();
  }
  {
    CsvWriter out(dir / files[5].name);
    out.header(files[5].columns);
    for (const auto& c : w.clinics) {
      if (!c.services) continue;
      const ClinicServices& sv = *c.services;
      out.integer(c.ydernummer)
          .integer(sv.weekdays_8_16)
          .integer(sv.evening_per_week)
          .integer(sv.daily_phone_hour)
          .integer(sv.same_day_acute)
          .integer(sv.booking_weekdays)
          .integer(sv.e_booking)
          .integer(sv.e_prescription_renewal)
          .integer(sv.e_consultation)
          .integer(sv.video)
          .end_row();
    }
    out.close();
  }
  {
    CsvWriter out(dir / files[6].name);
    out.header(files[6].columns);
    for (const auto& h : w.nursing_homes) {
      out.integer(h.id)
          .text(h.name)
          .text(fmt::format("{:03}", h.kommune))
          .text(format_coordinate(h.location.lat_e5))
          .text(format_coordinate(h.location.lon_e5))
          .integer(h.places);
      if (h.attached)
        out.integer(*h.attached);
      else
        out.empty();
      out.end_row();
    }
    out.close();
  }
  // The planning inputs are written only when there are any, so a dataset without them
  // round-trips unchanged (a stale file of an earlier export is removed).
  for (std::size_t f : {std::size_t{7}, std::size_t{8}}) fs::remove(dir / files[f].name);
  if (!w.capacity_pipeline.empty()) {
    CsvWriter out(dir / files[7].name);
    out.header(files[7].columns);
    const auto opt_date = [&](const std::optional<Date>& d) {
      if (d)
        out.text(d->to_string());
      else
        out.empty();
    };
    for (const PipelineCapacity& pc : w.capacity_pipeline) {
      out.integer(pc.id).text(to_string(pc.status)).text(fmt::format("{:03}", pc.kommune));
      if (pc.ydernummer)
        out.integer(*pc.ydernummer);
      else
        out.empty();
      out.integer(pc.capacities).text(pc.advertised.to_string());
      opt_date(pc.assigned);
      opt_date(pc.expected_start);
      out.end_row();
    }
    out.close();
  }
  if (!w.hearing.empty()) {
    CsvWriter out(dir / files[8].name);
    out.header(files[8].columns);
    const auto opt_int = [&](const auto& v) {
      if (v)
        out.integer(*v);
      else
        out.empty();
    };
    for (const HearingEntry& h : w.hearing) {
      out.integer(h.ydernummer);
      if (h.doctor)
        out.integer(h.doctor);
      else
        out.empty();
      opt_int(h.wished_list_size);
      if (h.wished_open)
        out.text(*h.wished_open ? "open" : "closed");
      else
        out.empty();
      if (h.move_to)
        out.text(fmt::format("{:03}", *h.move_to));
      else
        out.empty();
      opt_int(h.extra_capacities);
      opt_int(h.retirement_year);
      out.end_row();
    }
    out.close();
  }
  {
    // Hand-formatted: 6 M rows, written at disk speed.
    std::ofstream out(dir / files[4].name, std::ios::binary | std::ios::trunc);
    if (!out) throw Error(fmt::format("{}: cannot create file", (dir / files[4].name).string()));
    std::string buf;
    buf.reserve(1 << 22);
    for (auto c : files[4].columns) buf.append(c).push_back(',');
    buf.back() = '\n';
    const auto& ct = w.citizens;
    char tmp[24];
    auto put_int = [&](std::int64_t v) {
      auto r = std::to_chars(tmp, tmp + sizeof tmp, v);
      buf.append(tmp, r.ptr);
    };
    auto put_coord = [&](std::int32_t e5) {
      std::int64_t v = e5;
      if (v < 0) {
        buf.push_back('-');
        v = -v;
      }
      put_int(v / 100000);
      buf.push_back('.');
      const auto frac = static_cast<int>(v % 100000);
      char f[5];
      int x = frac;
      for (int k = 4; k >= 0; --k) {
        f[k] = static_cast<char>('0' + x % 10);
        x /= 10;
      }
      buf.append(f, 5);
    };
    for (std::size_t i = 0; i < ct.size(); ++i) {
      char hex[16];
      format_hex_id(ct.id[i], hex);
      buf.append(hex, 16).push_back(',');
      format_hex_id(ct.household[i], hex);
      buf.append(hex, 16).push_back(',');
      put_int(ct.birth_year[i]);
      buf.push_back(',');
      buf.append(to_string(ct.sex[i])).push_back(',');
      put_coord(ct.home[i].lat_e5);
      buf.push_back(',');
      put_coord(ct.home[i].lon_e5);
      buf.push_back(',');
      const unsigned k = ct.kommune[i];
      buf.push_back(static_cast<char>('0' + k / 100));
      buf.push_back(static_cast<char>('0' + k / 10 % 10));
      buf.push_back(static_cast<char>('0' + k % 10));
      buf.push_back(',');
      buf.push_back(ct.group[i] == InsuranceGroup::group2 ? '2' : '1');
      buf.push_back(',');
      buf.push_back((ct.conditions[i] & kType2Diabetes) ? '1' : '0');
      buf.push_back(',');
      buf.push_back((ct.conditions[i] & kCopd) ? '1' : '0');
      buf.push_back(',');
      buf.append(to_string(ct.labour[i])).push_back(',');
      if (ct.listing[i] != kNoClinic) {
        put_int(w.clinics[ct.listing[i]].ydernummer);
      } else if (!w.listed_outside.empty()) {
        if (auto it = w.listed_outside.find(ct.id[i]); it != w.listed_outside.end())
          put_int(it->second);
      }
      buf.push_back(',');
      buf.push_back(ct.home_visit_right[i] ? '1' : '0');
      buf.push_back('\n');
      if (buf.size() > (1 << 22) - 256) {
        out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
        buf.clear();
      }
    }
    out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
    out.close();
    if (!out) throw Error(fmt::format("{}: write failed", (dir / files[4].name).string()));
  }
}

}  // namespace praksis
