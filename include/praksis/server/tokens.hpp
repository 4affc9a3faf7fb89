// API tokens of `praksis serve`: each token maps to a named principal with a role and a scope.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "praksis/listing/commands.hpp"

namespace praksis::server {

class TokenTable {
 public:
  /// Reads a TOML file of [[token]] tables (docs/api.md "Tokens"). Throws InputError naming the
  /// file, line and key for a missing name/token/role, a token shorter than 16 characters, an
  /// unknown role, a missing scope or a duplicate token.
  static TokenTable load(const std::filesystem::path& path);
  static TokenTable parse(std::string_view toml_text, const std::string& source);

  /// The principal of `token`. Compares against every entry in constant time per entry, so the
  /// time does not reveal how much of a token matched.
  std::optional<listing::Actor> find(std::string_view token) const;
  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    std::string token;
    listing::Actor actor;
  };
  std::vector<Entry> entries_;
};

/// Equality of two strings in time that depends only on their lengths.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace praksis::server
