// Error types: every error a user can cause names the input and the place in it.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "praksis/core/message.hpp"

namespace praksis {

/// Where in an input a problem is: a file (or request, or settings file), optionally line and
/// field. `field` is a column name for CSV, a key path for TOML, a JSON path for requests.
struct InputLocation {
  std::string source;
  std::int64_t line = 0;    // 1-based; 0 when not applicable
  std::int64_t column = 0;  // 1-based column number in CSV; 0 when not applicable
  std::string field;

  /// "file:line:column (field)" with the parts that are known.
  std::string to_string() const;
};

/// One problem with user input. `reason` is the text in Danish, the default language; when the
/// issue was raised with a catalogue `message` (key and arguments), the CLI and the HTTP server
/// render that in the reader's language instead (praksis/output/text.hpp, `issue_text`).
struct InputIssue {
  InputLocation where;
  std::string reason;
  Message message = {};  // empty for issues raised with a plain text
  std::string to_string() const { return where.to_string() + ": " + reason; }
};

/// Thrown when user input is rejected. Carries every issue found (at least one). Code that throws
/// this has changed nothing.
class InputError : public std::runtime_error {
 public:
  explicit InputError(std::vector<InputIssue> issues);
  InputError(InputLocation where, std::string reason);
  /// An issue said through the text catalogue: `reason` is its Danish form.
  InputError(InputLocation where, Message message);

  const std::vector<InputIssue>& issues() const { return issues_; }

 private:
  static std::string summarize(const std::vector<InputIssue>& issues);
  std::vector<InputIssue> issues_;
};

/// Collects issues up to a limit so a user sees several problems at once, not one per run.
class IssueCollector {
 public:
  explicit IssueCollector(std::size_t limit = 50) : limit_(limit) {}
  void add(InputLocation where, std::string reason);
  void add(InputLocation where, Message message);
  /// An issue found elsewhere, moved to `where`: its Danish reason and its message as they were.
  void add(InputLocation where, std::string reason, Message message);
  bool empty() const { return issues_.empty(); }
  bool full() const { return issues_.size() >= limit_; }
  std::size_t size() const { return issues_.size(); }
  /// Throws InputError when any issue was collected.
  void throw_if_any() const;

 private:
  std::size_t limit_;
  std::vector<InputIssue> issues_;
};

/// A failure that is not the user's input: I/O, store corruption, broken invariant.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
  /// A failure the user meets (a store that changed meanwhile), said through the text
  /// catalogue: `what()` is its Danish form; the CLI renders `message()` in `--lang`.
  explicit Error(Message message);
  /// Empty for errors raised with a plain (English, internal) text.
  const Message& message() const { return message_; }

 private:
  Message message_;
};

}  // namespace praksis
