// The coverage survey (lægedækningsundersøgelse), rules S1-S6, per kommune, region and nation.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "praksis/core/date.hpp"
#include "praksis/model/world.hpp"
#include "praksis/settings/settings.hpp"

namespace praksis {

/// A figure with its parts so it can be explained: value = numerator / denominator (none when the
/// denominator is 0, e.g. patients per capacity in a kommune without clinics).
struct Ratio {
  double numerator = 0;
  double denominator = 0;
  std::optional<double> value() const {
    if (denominator > 0) return numerator / denominator;
    return std::nullopt;
  }
};

/// Distribution over citizens of the distance to the nearest (or second-nearest) open clinic.
struct DistanceSummary {
  Ratio mean_km;                    // sum of the citizens' distances / citizens with such a clinic
  std::uint64_t unreachable = 0;    // citizens for whom no such clinic exists at all
  std::optional<double> median_km;  // nearest-rank quantiles over citizens
  std::optional<double> p90_km;
  std::optional<double> max_km;
  /// Citizens per bin: bin b holds distances <= SurveySettings::distance_histogram_km[b] (and
  /// above the previous edge, with the rule L2 inclusive predicate); one last bin above the last
  /// edge, including the unreachable.
  std::vector<std::uint64_t> histogram;
};

/// planning_area: a row of a planning-area definition (`--areas FILE`); without one the rows are
/// kommuner, exactly as before.
enum class AreaLevel { kommune, region, nation, planning_area };

/// The service requirements of rules A1-A2, in output order.
enum class ServiceRequirement {
  weekdays_8_16,
  evening,
  phone_hour,
  same_day_acute,
  booking,
  e_booking,
  e_prescription_renewal,
  e_consultation,
  video
};
inline constexpr std::size_t kServiceRequirements = 9;
inline constexpr std::array<std::string_view, kServiceRequirements> kServiceRequirementNames = {
    "weekdays_8_16",          "evening",        "phone_hour",
    "same_day_acute",         "booking",        "e_booking",
    "e_prescription_renewal", "e_consultation", "video"};

/// Which requirements a clinic's reported services meet (A1-A2; thresholds from the settings).
std::array<bool, kServiceRequirements> meets_requirements(const ClinicServices& s,
                                                          const ServiceSettings& settings);
/// Whether requirement `r` applies on `day` (video only from service.video_required_from).
bool requirement_applies(ServiceRequirement r, Date day, const ServiceSettings& settings);

/// Every survey figure of one planning area. Residents are counted where they live; clinics,
/// capacities, doctors and listed patients where the clinic is.
struct AreaFigures {
  AreaLevel level = AreaLevel::kommune;
  int code = 0;  // kommunekode, planning area id, regionskode, or 0 for the nation
  std::string name;
  int region = 0;  // regionskode of a kommune or planning area

  // S1
  std::uint64_t citizens = 0;
  std::uint64_t group1_citizens = 0;
  std::uint64_t listed_residents = 0;        // group-1 residents with a listing (anywhere)
  std::uint64_t listed_other_region = 0;     // of which with a clinic in another region (S1)
  std::uint64_t listed_outside_extract = 0;  // of which with a clinic outside a region's extract
  std::uint32_t clinics = 0;
  std::uint32_t doctors = 0;
  std::uint64_t capacities_filled = 0;    // active capacities with a doctor
  std::uint64_t capacities_unfilled = 0;  // ubesatte
  std::uint64_t listed_patients = 0;      // group-1 patients listed with the area's clinics
  Ratio patients_per_capacity;            // listed_patients / all capacities
  Ratio unfilled_capacity_share;          // unfilled / all capacities
  // S1 capacities on the way (capacity_pipeline.csv) on the reference date: advertised by then and
  // not yet started (in_pipeline_on), every status; counted where they will be, and not part of
  // the capacities above or of any figure computed from them.
  std::uint64_t capacities_in_pipeline = 0;
  std::uint64_t capacities_in_opslag = 0;  // of which i_opslag (not yet assigned)
  // S2
  Ratio weighted_patients_per_capacity;  // sum of the listed patients' weights / capacities
  Ratio mean_resident_weight;            // sum of residents' weights / residents
  std::optional<double> clinic_weighted_load_p10;  // across the area's clinics (PERCENTILE.INC)
  std::optional<double> clinic_weighted_load_p90;
  // S3
  std::uint32_t open_clinics = 0;
  Ratio open_clinic_share;
  // S4
  Ratio without_two_open_choices_share;  // residents without k open clinics within the radius
  DistanceSummary nearest_open;
  DistanceSummary second_open;
  // S5
  std::uint32_t senior_doctors = 0;
  Ratio senior_doctor_share;
  Ratio mean_doctor_age;        // years, in the reference year
  Ratio mean_clinic_age_years;  // years since the clinic was established
  std::uint32_t temporary_clinics = 0;
  std::uint64_t temporary_clinic_patients = 0;  // listed with the area's temporary-form clinics
  Ratio temporary_form_share;  // residents listed in a temporary form / listed residents
  // Doctors of the area's clinics who stated in the hearing a retirement year within
  // survey.stated_retirement_years of the reference year (a doctor of two clinics counts at each).
  std::uint32_t stated_retirements = 0;
  // D1 socio-economic composition
  Ratio outside_labour_market_share;  // unemployed, førtidspension, other / residents in working
                                      // statuses
  // L8: nursing homes located in the area
  std::uint32_t nursing_homes = 0;
  Ratio attached_doctor_share;           // homes with an attached doctor / homes
  Ratio residents_with_attached_doctor;  // residents listed with it / residents of those homes
  // A1-A2: over the area's clinics that reported service data
  std::array<Ratio, kServiceRequirements> service_compliance;  // clinics meeting each / reporting
  Ratio all_service_requirements;  // clinics meeting every requirement in force / reporting
  // S6
  Ratio mean_2sfca;  // citizen-weighted mean of the locations' 2SFCA (capacities per weighted
                     // citizen)
  Ratio mean_e2sfca;
  Ratio e2sfca_relative;  // mean_e2sfca / the national mean_e2sfca
};

/// One clinic's figures.
struct ClinicFigures {
  Ydernummer ydernummer = 0;
  std::string name;
  int kommune = 0;
  int area = 0;  // id of the planning area the clinic lies in (the kommunekode by default)
  PracticeForm form = PracticeForm::kompagniskab;
  bool open = false;
  GeoPoint location;
  std::uint32_t capacities_filled = 0;
  std::uint32_t capacities_unfilled = 0;
  std::uint32_t doctors = 0;
  std::uint32_t senior_doctors = 0;
  std::uint32_t listed_patients = 0;
  Ratio patients_per_capacity;
  Ratio weighted_patients_per_capacity;  // S2: sum of listed patients' weights / capacities
  double demand_2sfca = 0;               // S6 step 1: weighted citizens within the catchment
  double demand_e2sfca = 0;
  double ratio_2sfca = 0;  // capacities per weighted citizen in the catchment
  double ratio_e2sfca = 0;
};

/// National spread of weighted patients per capacity across clinics (S2, figure 4.11).
struct ClinicLoadDistribution {
  std::uint32_t clinics = 0;  // clinics with at least one capacity
  std::optional<double> p10, median, p90;
  double reference_p10 = 0, reference_p90 = 0;
  double histogram_step = 0;
  std::vector<std::uint32_t> histogram;  // clinics per bin [b*step, (b+1)*step)
};

/// A cell of the output grid (e.g. 2 km) with the S4/S6 figures of the citizens living in it.
struct GridCellFigures {
  double south = 0, west = 0, north = 0, east = 0;  // degrees
  std::uint64_t citizens = 0;
  std::uint64_t without_two_open_choices = 0;
  double mean_nearest_km = 0;  // over citizens with an open clinic at all
  double mean_second_km = 0;
  double mean_2sfca = 0;
  double mean_e2sfca = 0;
};

/// Wall-clock milliseconds per stage (for benchmarks and `--log-level debug`).
struct SurveyTimings {
  double weights_ms = 0, citizens_ms = 0, locations_ms = 0, grid_ms = 0, s4_ms = 0, s6_ms = 0,
         aggregate_ms = 0, total_ms = 0;
};

/// The survey of one world.
struct Survey {
  Date reference_date;
  int year = 0;
  double choice_radius_km = 0;
  int min_open_choices = 0;
  int senior_doctor_age = 0;
  // Reference values from the settings, shown beside the measured national S3 and S5 figures.
  double reference_open_share = 0;
  double reference_senior_doctor_share = 0;
  double reference_attached_doctor_share = 0;  // L8 target
  bool video_required = false;                 // A2: on the reference date
  std::vector<double> distance_histogram_km;
  /// One row per planning area (PlanningAreas::areas() order); by default one per kommune, in
  /// World::kommuner order.
  std::vector<AreaFigures> kommuner;
  /// The planning-area definition file the rows follow (`--areas`); empty: one row per kommune.
  std::string planning_areas;
  std::vector<AreaFigures> regions;  // in World::regions order
  AreaFigures nation;
  std::vector<ClinicFigures> clinics;  // in World::clinics order
  ClinicLoadDistribution load;
  std::vector<GridCellFigures> grid;
  std::size_t home_locations = 0;
  SurveyTimings timings;

  const AreaFigures* find_kommune(int code) const;
};

/// Computes S1-S6. Ages are evaluated in the year of settings.dataset.reference_date.
Survey run_survey(const World& world, const Settings& settings);

class PlanningAreas;
/// Computes S1-S6 with one row per planning area of `areas` (made for `world`): residents are
/// counted in the area of their home, clinics and nursing homes in the area of their location;
/// regions and the nation are summed from the areas. With PlanningAreas::per_kommune(world) this
/// is run_survey(world, settings).
Survey run_survey(const World& world, const Settings& settings, const PlanningAreas& areas);

struct AreaScope;
/// The rows of `survey` that `scope` selects (`--region`, `--kommune`): its kommuner, the regions
/// given and the clinics located in its kommuner. The figures are those of the survey of the whole
/// world (citizens choose across borders); the nation row and the national clinic-load
/// distribution stay as the reference; the grid is not cut.
Survey scoped_survey(Survey survey, const AreaScope& scope);

}  // namespace praksis
