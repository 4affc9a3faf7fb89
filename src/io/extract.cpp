// Cutting a region's extract from a world, and its manifest (docs/extract.md).
#include "praksis/io/extract.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <unordered_map>

#include "praksis/core/csv.hpp"
#include "praksis/core/parse.hpp"
#include "praksis/demand/demand_model.hpp"
#include "praksis/geo/point_index.hpp"
#include "praksis/model/clinic.hpp"

namespace praksis {

// ---------------------------------------------------------------------------------------------
// The manifest: one `key,value` row per fact; lists repeat their key.

std::string extract_manifest_text(const ExtractInfo& info) {
  std::string out;
  CsvWriter w(&out);
  w.header({"key", "value"});
  w.text("format").integer(1).end_row();
  for (RegionCode r : info.regions) w.text("region").integer(r).end_row();
  for (KommuneCode k : info.kommuner) w.text("kommune").text(fmt::format("{:03}", k)).end_row();
  w.text("margin_km").text(fmt::format("{}", info.margin_km)).end_row();
  w.text("national_citizens").integer(static_cast<std::int64_t>(info.national_citizens)).end_row();
  // Shortest text that reads back as the same double: the weights stay bit for bit national.
  w.text("national_contacts").text(fmt::format("{}", info.national_contacts)).end_row();
  for (const OutsideClinic& c : info.outside_clinics)
    w.text("outside_clinic")
        .text(fmt::format("{} {} {}", c.ydernummer, to_string(c.form), c.region))
        .end_row();
  for (const NationalListing& l : info.national_listings)
    w.text("national_listing")
        .text(fmt::format("{} {}", l.ydernummer, l.listed_patients))
        .end_row();
  w.close();
  return out;
}

namespace {

std::vector<std::string_view> words(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    const std::size_t b = i;
    while (i < s.size() && s[i] != ' ') ++i;
    if (i > b) out.push_back(s.substr(b, i - b));
  }
  return out;
}

std::optional<double> parse_real(std::string_view s) {
  if (s.empty() || s.size() > 64) return std::nullopt;
  const std::string text(s);
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size()) return std::nullopt;
  return v;
}

template <class T>
bool sorted_unique_by_ydernummer(std::vector<T>& v) {
  std::sort(v.begin(), v.end(), [](const T& a, const T& b) { return a.ydernummer < b.ydernummer; });
  return std::adjacent_find(v.begin(), v.end(), [](const T& a, const T& b) {
           return a.ydernummer == b.ydernummer;
         }) == v.end();
}

}  // namespace

ExtractInfo parse_extract_manifest(std::string_view text, const std::string& source) {
  CsvReader reader(source, text);
  reader.expect_header({"key", "value"});
  ExtractInfo info;
  IssueCollector issues;
  bool format_seen = false, citizens_seen = false, contacts_seen = false;
  CsvRow row;
  while (!issues.full() && reader.next(row)) {
    if (row.fields.size() != 2) {
      issues.add(InputLocation{source, row.line, 0, {}},
                 message("input.csv.columns", 2, row.fields.size()));
      continue;
    }
    const std::string_view key = row.fields[0], value = row.fields[1];
    auto bad = [&](Message reason) { issues.add(reader.at(row, 1, "value"), std::move(reason)); };
    auto integer = [&](std::string_view s, std::int64_t lo, std::int64_t hi) -> std::int64_t {
      const auto v = parse_int<std::int64_t>(s);
      if (!v || *v < lo || *v > hi) {
        bad(message("input.extract.integer", s, lo, hi));
        return -1;
      }
      return *v;
    };
    const auto parts = words(value);
    if (key == "format") {
      format_seen = true;
      if (value != "1") bad(message("input.extract.format", value));
    } else if (key == "region") {
      if (auto r = integer(value, 1081, 1085); r > 0)
        info.regions.push_back(static_cast<RegionCode>(r));
    } else if (key == "kommune") {
      if (auto k = integer(value, 100, 999); k > 0)
        info.kommuner.push_back(static_cast<KommuneCode>(k));
    } else if (key == "margin_km") {
      const auto v = parse_real(value);
      if (!v || *v < 0)
        bad(message("input.extract.non_negative", value));
      else
        info.margin_km = *v;
    } else if (key == "national_citizens") {
      citizens_seen = true;
      if (auto n = integer(value, 1, 1'000'000'000); n > 0)
        info.national_citizens = static_cast<std::uint64_t>(n);
    } else if (key == "national_contacts") {
      contacts_seen = true;
      const auto v = parse_real(value);
      if (!v || !(*v > 0))
        bad(message("input.extract.positive", value));
      else
        info.national_contacts = *v;
    } else if (key == "outside_clinic") {
      const auto form = parts.size() == 3 ? parse_practice_form(parts[1]) : std::nullopt;
      if (!form) {
        bad(message("input.extract.outside_clinic", value,
                    fmt::format("{}", fmt::join(kPracticeFormNames, ", "))));
        continue;
      }
      const auto y = integer(parts[0], 1, 999999), r = integer(parts[2], 1081, 1085);
      if (y > 0 && r > 0)
        info.outside_clinics.push_back(
            {static_cast<Ydernummer>(y), *form, static_cast<RegionCode>(r)});
    } else if (key == "national_listing") {
      if (parts.size() != 2) {
        bad(message("input.extract.national_listing", value));
        continue;
      }
      const auto y = integer(parts[0], 1, 999999), n = integer(parts[1], 0, 100'000'000);
      if (y > 0 && n >= 0)
        info.national_listings.push_back(
            {static_cast<Ydernummer>(y), static_cast<std::uint32_t>(n)});
    } else {
      issues.add(reader.at(row, 0, "key"), message("input.extract.unknown_key", key));
    }
  }
  const InputLocation file{source, 0, 0, {}};
  if (!format_seen) issues.add(file, message("input.extract.no_format"));
  if (!citizens_seen || !contacts_seen) issues.add(file, message("input.extract.S2.no_national"));
  if (info.regions.empty() && info.kommuner.empty())
    issues.add(file, message("input.extract.no_area"));
  if (!sorted_unique_by_ydernummer(info.outside_clinics))
    issues.add(file, message("input.extract.outside_clinic_twice"));
  if (!sorted_unique_by_ydernummer(info.national_listings))
    issues.add(file, message("input.extract.national_listing_twice"));
  issues.throw_if_any();
  std::sort(info.regions.begin(), info.regions.end());
  info.regions.erase(std::unique(info.regions.begin(), info.regions.end()), info.regions.end());
  std::sort(info.kommuner.begin(), info.kommuner.end());
  info.kommuner.erase(std::unique(info.kommuner.begin(), info.kommuner.end()), info.kommuner.end());
  return info;
}

// ---------------------------------------------------------------------------------------------
// The cut.

namespace {

/// Marks the outside clinics some resident of the scope can reach: within the farther of the
/// S4 radius, the S6 catchment and the home's k-th nearest open choice (S4's distances), plus
/// the margin. Distances are great-circle (docs/extract.md on the crossings metric).
void mark_reachable(const World& w, const Settings& settings, const std::vector<char>& in_scope_k,
                    const std::vector<std::uint32_t>& listed, double margin_km,
                    std::vector<char>& keep) {
  const SurveySettings& ss = settings.survey;
  std::vector<GeoPoint> open_points, all_points;
  std::vector<std::uint32_t> open_ids;
  for (std::size_t j = 0; j < w.clinics.size(); ++j) {
    const Clinic& c = w.clinics[j];
    all_points.push_back(c.location);
    if (is_open_choice(c.open, c.total_capacities(), listed[j],
                       settings.capacity.approval_required_above, false)) {
      open_points.push_back(c.location);
      open_ids.push_back(static_cast<std::uint32_t>(j));
    }
  }
  const PointIndex open_index(open_points, open_ids), all_index(all_points);
  std::vector<GeoPoint> homes;
  const CitizenTable& ct = w.citizens;
  for (std::size_t i = 0; i < ct.size(); ++i)
    if (in_scope_k[ct.kommune[i]]) homes.push_back(ct.home[i]);
  std::sort(homes.begin(), homes.end(), [](GeoPoint a, GeoPoint b) {
    return a.lat_e5 != b.lat_e5 ? a.lat_e5 < b.lat_e5 : a.lon_e5 < b.lon_e5;
  });
  homes.erase(std::unique(homes.begin(), homes.end()), homes.end());
  const std::size_t k = static_cast<std::size_t>(std::max(ss.min_open_choices, 2));
  const double base = std::max(ss.choice_radius_km, ss.catchment_km);
  std::vector<Neighbor> hits;
  for (GeoPoint h : homes) {
    const UnitVector u = UnitVector::from(h);
    open_index.nearest(u, k, hits);
    double reach = base;
    // All open choices when there are fewer than k: the farthest of them.
    if (!hits.empty()) reach = std::max(reach, hits.back().km());
    all_index.within(u, reach + margin_km, hits);
    for (const Neighbor& n : hits) keep[n.id] = 1;
  }
}

}  // namespace

ExtractResult extract_world(const World& w, const Settings& settings, const ExtractParameters& p) {
  if (p.scope.whole())
    throw InputError(InputLocation{"--region", 0, 0, {}}, message("input.extract.needs_scope"));
  if (w.extract)
    throw InputError(InputLocation{"--db", 0, 0, {}}, message("input.extract.already_extract"));
  if (!(p.margin_km >= 0))
    throw InputError(InputLocation{"--margin-km", 0, 0, {}}, message("input.extract.margin"));
  const CitizenTable& ct = w.citizens;
  std::vector<char> in_scope_k(1000, 0);
  for (const Kommune& k : w.kommuner)
    if (k.code < 1000) in_scope_k[k.code] = p.scope.has_kommune(k.code, k.region);

  // National listed patients per clinic (group 1 only can be listed, rule L1).
  std::vector<std::uint32_t> listed(w.clinics.size(), 0);
  for (std::size_t i = 0; i < ct.size(); ++i)
    if (ct.listing[i] != kNoClinic && ct.listing[i] < w.clinics.size()) ++listed[ct.listing[i]];

  ExtractResult res;
  std::vector<char> keep(w.clinics.size(), 0);
  for (std::size_t j = 0; j < w.clinics.size(); ++j) keep[j] = in_scope_k[w.clinics[j].kommune];
  res.scope_clinics = static_cast<std::size_t>(std::count(keep.begin(), keep.end(), 1));
  mark_reachable(w, settings, in_scope_k, listed, p.margin_km, keep);
  for (const NursingHome& h : w.nursing_homes)  // rule L8: the attached doctor's clinic
    if (in_scope_k[h.kommune] && h.attached)
      if (auto j = w.find_clinic(*h.attached)) keep[*j] = 1;

  World& x = res.world;
  x.regions = w.regions;
  x.kommuner = w.kommuner;
  std::vector<ClinicIndex> new_index(w.clinics.size(), kNoClinic);
  ExtractInfo info;
  for (std::size_t j = 0; j < w.clinics.size(); ++j) {
    if (!keep[j]) continue;
    new_index[j] = static_cast<ClinicIndex>(x.clinics.size());
    x.clinics.push_back(w.clinics[j]);
    info.national_listings.push_back({w.clinics[j].ydernummer, listed[j]});
  }
  res.outside_clinics = x.clinics.size() - res.scope_clinics;
  for (const Doctor& d : w.doctors)
    if (auto j = w.find_clinic(d.ydernummer); j && keep[*j]) x.doctors.push_back(d);
  for (const NursingHome& h : w.nursing_homes)
    if (in_scope_k[h.kommune]) x.nursing_homes.push_back(h);
  // The region's planning inputs (issue 11): the capacities on the way in its kommuner and the
  // hearing of its clinics (an outside clinic's hearing is the neighbour region's).
  for (const PipelineCapacity& pc : w.capacity_pipeline)
    if (in_scope_k[pc.kommune]) x.capacity_pipeline.push_back(pc);
  for (const HearingEntry& h : w.hearing)
    if (auto j = w.find_clinic(h.ydernummer); j && in_scope_k[w.clinics[*j].kommune])
      x.hearing.push_back(h);

  std::vector<char> outside_seen(w.clinics.size(), 0);
  for (std::size_t i = 0; i < ct.size(); ++i) {
    if (!in_scope_k[ct.kommune[i]]) continue;
    Citizen c = ct.get(static_cast<CitizenIndex>(i));
    if (c.listing != kNoClinic) {
      const ClinicIndex j = c.listing;
      c.listing = new_index[j];
      if (c.listing == kNoClinic) {
        const Clinic& far = w.clinics[j];
        x.listed_outside.emplace(c.id, far.ydernummer);
        ++res.listed_outside;
        if (!outside_seen[j]) {
          outside_seen[j] = 1;
          info.outside_clinics.push_back({far.ydernummer, far.form, w.region_of(far.kommune)});
        }
      }
    }
    x.citizens.push_back(c);
  }
  std::sort(
      info.outside_clinics.begin(), info.outside_clinics.end(),
      [](const OutsideClinic& a, const OutsideClinic& b) { return a.ydernummer < b.ydernummer; });
  std::sort(info.national_listings.begin(), info.national_listings.end(),
            [](const NationalListing& a, const NationalListing& b) {
              return a.ydernummer < b.ydernummer;
            });
  info.regions = p.scope.regions;
  info.kommuner = p.scope.kommuner;
  info.margin_km = p.margin_km;
  const DemandNormalisation norm =
      DemandModel(settings.demand, settings.dataset.reference_date.year()).normalisation(ct);
  info.national_citizens = static_cast<std::uint64_t>(norm.citizens);
  info.national_contacts = norm.contacts;
  x.extract = std::move(info);
  x.build_indexes();
  return res;
}

}  // namespace praksis
