// Enumerations of the domain with their interchange-format spellings.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace praksis {

/// Practice form (praksisform), DOMAIN.md section 4 and rule C5.
enum class PracticeForm : std::uint8_t {
  kompagniskab,          // partnership of owner doctors
  solo_uden_samarbejde,  // solo practice without cooperation
  solo_med_samarbejde,   // solo practice with cooperation
  delepraksis,           // shared practice
  partnerskabsklinik,    // partnership clinic
  udbudsklinik,          // tendered clinic run by a private provider (temporary form)
  regionsklinik,         // clinic run by the region (temporary form)
  licensklinik,          // region provides premises and staff, the GP pays (rule C5)
};
inline constexpr std::size_t kPracticeFormCount = 8;
inline constexpr std::array<std::string_view, kPracticeFormCount> kPracticeFormNames = {
    "kompagniskab", "solo_uden_samarbejde", "solo_med_samarbejde", "delepraksis",
    "partnerskabsklinik", "udbudsklinik", "regionsklinik", "licensklinik"};

/// Temporary clinic forms (midlertidige praksisformer), rule C5 and S5.
constexpr bool is_temporary(PracticeForm f) {
  return f == PracticeForm::udbudsklinik || f == PracticeForm::regionsklinik;
}

enum class Sex : std::uint8_t { female, male };
/// Insurance group (sygesikringsgruppe): 1 = listed with a GP, 2 = free choice with co-payment.
enum class InsuranceGroup : std::uint8_t { group1 = 1, group2 = 2 };

/// Labour-market status (tilknytning til arbejdsmarkedet).
enum class LabourStatus : std::uint8_t {
  child,               // under 15 (barn)
  student,             // in education (under uddannelse)
  employed,            // in work (beskæftiget)
  unemployed,          // unemployed (ledig)
  disability_pension,  // førtidspension
  retired,             // folkepension, efterløn
  other,               // other support outside the labour market (kontanthjælp, sygedagpenge, ...)
};
inline constexpr std::size_t kLabourStatusCount = 7;
inline constexpr std::array<std::string_view, kLabourStatusCount> kLabourStatusNames = {
    "child", "student", "employed", "unemployed", "disability_pension", "retired", "other"};

/// Doctor's role: owner (ejerlæge, holds the ydernummer) or employed (ansat).
enum class DoctorRole : std::uint8_t { owner, employed };

/// Chronic conditions as bits in CitizenTable::conditions.
enum ConditionBit : std::uint8_t {
  kType2Diabetes = 1,  // type-2 diabetes
  kCopd = 2,           // kronisk obstruktiv lungesygdom (KOL)
};

std::string_view to_string(PracticeForm f);
std::string_view to_string(LabourStatus s);
std::string_view to_string(DoctorRole r);
/// "K" (kvinde) or "M" (mand).
std::string_view to_string(Sex s);

std::optional<PracticeForm> parse_practice_form(std::string_view s);
std::optional<LabourStatus> parse_labour_status(std::string_view s);
std::optional<DoctorRole> parse_doctor_role(std::string_view s);
std::optional<Sex> parse_sex(std::string_view s);

}  // namespace praksis
