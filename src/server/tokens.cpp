// Token file loading and constant-time lookup.
#include "praksis/server/tokens.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <fstream>
#include <set>
#include <sstream>

#include "core/toml_input.hpp"
#include "praksis/core/error.hpp"
#include "praksis/core/parse.hpp"

namespace praksis::server {

bool constant_time_equal(std::string_view a, std::string_view b) {
  const std::size_t n = std::max(a.size(), b.size());
  unsigned diff = a.size() == b.size() ? 0U : 1U;
  for (std::size_t i = 0; i < n; ++i) {
    const auto x = static_cast<unsigned char>(i < a.size() ? a[i] : 0);
    const auto y = static_cast<unsigned char>(i < b.size() ? b[i] : 0);
    diff |= x ^ y;
  }
  return diff == 0;
}

TokenTable TokenTable::load(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw InputError(InputLocation{path.string(), 0, 0, "--tokens"},
                     message("server.tokens.cannot_open"));
  std::stringstream ss;
  ss << in.rdbuf();
  return parse(ss.str(), path.string());
}

TokenTable TokenTable::parse(std::string_view text, const std::string& source) {
  const toml::table root = detail::parse_toml(text, source);
  IssueCollector issues;
  auto where = [&](const toml::node& n, std::string key) {
    return InputLocation{source, static_cast<std::int64_t>(n.source().begin.line), 0,
                         std::move(key)};
  };
  TokenTable t;
  const toml::array* arr = root["token"].as_array();
  if (!arr || arr->empty()) {
    issues.add(InputLocation{source, 1, 0, "token"}, message("server.tokens.none"));
    issues.throw_if_any();
  }
  for (auto&& [k, v] : root) {
    if (k.str() != "token")
      issues.add(where(v, std::string(k.str())), message("server.tokens.unknown_top_key"));
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < arr->size(); ++i) {
    const toml::table* tb = arr->get(i)->as_table();
    const std::string base = fmt::format("token[{}]", i);
    if (!tb) {
      issues.add(where(*arr->get(i), base), message("server.tokens.table"));
      continue;
    }
    auto str = [&](std::string_view key) -> std::optional<std::string> {
      auto v = (*tb)[key].value<std::string>();
      if (!v)
        issues.add(where(*tb, base + "." + std::string(key)), message("server.tokens.required"));
      return v;
    };
    Entry e;
    auto name = str("name");
    auto token = str("token");
    auto role = str("role");
    if (!name || !token || !role) continue;
    e.actor.name = *name;
    if (token->size() < 16) issues.add(where(*tb, base + ".token"), message("server.tokens.short"));
    if (!seen.insert(*token).second)
      issues.add(where(*tb, base + ".token"), message("server.tokens.duplicate"));
    e.token = *token;
    for (auto&& [k, v] : *tb) {
      static const std::set<std::string_view> known = {"name",   "token",   "role",
                                                       "region", "kommune", "citizen"};
      if (!known.count(k.str()))
        issues.add(where(v, base + "." + std::string(k.str())),
                   message("server.tokens.unknown_key"));
    }
    if (*role == "region") {
      e.actor.role = listing::Role::region;
      auto r = (*tb)["region"].value<std::int64_t>();
      if (!r || *r < 1081 || *r > 1085)
        issues.add(where(*tb, base + ".region"), message("server.tokens.region"));
      else
        e.actor.region = static_cast<RegionCode>(*r);
    } else if (*role == "kommune") {
      e.actor.role = listing::Role::kommune;
      auto k = (*tb)["kommune"].value<std::int64_t>();
      if (!k || *k < 100 || *k > 999)
        issues.add(where(*tb, base + ".kommune"), message("server.tokens.kommune"));
      else
        e.actor.kommune = static_cast<KommuneCode>(*k);
    } else if (*role == "citizen") {
      e.actor.role = listing::Role::citizen;
      auto c = (*tb)["citizen"].value<std::string>();
      auto id = c ? parse_hex_id(*c) : std::nullopt;
      if (!id)
        issues.add(where(*tb, base + ".citizen"), message("server.tokens.citizen"));
      else
        e.actor.citizen = *id;
    } else if (*role == "analyst") {
      e.actor.role = listing::Role::analyst;
    } else {
      issues.add(where(*tb, base + ".role"), message("server.tokens.role"));
    }
    t.entries_.push_back(std::move(e));
  }
  issues.throw_if_any();
  return t;
}

std::optional<listing::Actor> TokenTable::find(std::string_view token) const {
  std::optional<listing::Actor> found;
  for (const auto& e : entries_) {
    if (constant_time_equal(e.token, token) && !found) found = e.actor;
  }
  return found;
}

}  // namespace praksis::server
