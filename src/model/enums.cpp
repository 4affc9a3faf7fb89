// Spellings of the domain enumerations.
#include "praksis/model/enums.hpp"

#include "praksis/model/planning_inputs.hpp"

namespace praksis {

std::string_view to_string(PracticeForm f) {
  return kPracticeFormNames[static_cast<std::size_t>(f)];
}
std::string_view to_string(LabourStatus s) {
  return kLabourStatusNames[static_cast<std::size_t>(s)];
}
std::string_view to_string(DoctorRole r) {
  return r == DoctorRole::owner ? "owner" : "employed";
}
std::string_view to_string(Sex s) {
  return s == Sex::female ? "K" : "M";
}

std::optional<PracticeForm> parse_practice_form(std::string_view s) {
  for (std::size_t i = 0; i < kPracticeFormNames.size(); ++i)
    if (kPracticeFormNames[i] == s) return static_cast<PracticeForm>(i);
  return std::nullopt;
}

std::optional<LabourStatus> parse_labour_status(std::string_view s) {
  for (std::size_t i = 0; i < kLabourStatusNames.size(); ++i)
    if (kLabourStatusNames[i] == s) return static_cast<LabourStatus>(i);
  return std::nullopt;
}

std::optional<DoctorRole> parse_doctor_role(std::string_view s) {
  if (s == "owner") return DoctorRole::owner;
  if (s == "employed") return DoctorRole::employed;
  return std::nullopt;
}

std::string_view to_string(PipelineStatus s) {
  return kPipelineStatusNames[static_cast<std::size_t>(s)];
}

std::optional<PipelineStatus> parse_pipeline_status(std::string_view s) {
  for (std::size_t i = 0; i < kPipelineStatusNames.size(); ++i)
    if (kPipelineStatusNames[i] == s) return static_cast<PipelineStatus>(i);
  return std::nullopt;
}

std::optional<Sex> parse_sex(std::string_view s) {
  if (s == "K") return Sex::female;
  if (s == "M") return Sex::male;
  return std::nullopt;
}

}  // namespace praksis
