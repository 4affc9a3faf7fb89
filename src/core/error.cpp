// Error types and their messages.
#include "praksis/core/error.hpp"

#include <fmt/format.h>

#include "praksis/output/text.hpp"

namespace praksis {

std::string InputLocation::to_string() const {
  std::string s = source.empty() ? "<input>" : source;
  if (line > 0) s += fmt::format(":{}", line);
  if (column > 0) s += fmt::format(":{}", column);
  if (!field.empty()) s += fmt::format(" ({})", field);
  return s;
}

InputError::InputError(std::vector<InputIssue> issues)
    : std::runtime_error(summarize(issues)), issues_(std::move(issues)) {}

InputError::InputError(InputLocation where, std::string reason)
    : InputError(std::vector<InputIssue>{InputIssue{std::move(where), std::move(reason)}}) {}

InputError::InputError(InputLocation where, Message message)
    : InputError(std::vector<InputIssue>{
          InputIssue{std::move(where), render(message, Lang::da), std::move(message)}}) {}

std::string InputError::summarize(const std::vector<InputIssue>& issues) {
  std::string s;
  for (const auto& i : issues) {
    if (!s.empty()) s += '\n';
    s += i.to_string();
  }
  return s;
}

void IssueCollector::add(InputLocation where, std::string reason) {
  if (issues_.size() < limit_) issues_.push_back({std::move(where), std::move(reason), {}});
}

void IssueCollector::add(InputLocation where, Message message) {
  if (issues_.size() < limit_) {
    std::string reason = render(message, Lang::da);
    issues_.push_back({std::move(where), std::move(reason), std::move(message)});
  }
}

void IssueCollector::add(InputLocation where, std::string reason, Message message) {
  if (issues_.size() < limit_)
    issues_.push_back({std::move(where), std::move(reason), std::move(message)});
}

Error::Error(Message message)
    : std::runtime_error(render(message, Lang::da)), message_(std::move(message)) {}

void IssueCollector::throw_if_any() const {
  if (!issues_.empty()) throw InputError(issues_);
}

}  // namespace praksis
