// Where claims, settlements and the højestegrænse state live: a repository over the store.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "praksis/economy/claims.hpp"
#include "praksis/economy/settlement.hpp"
#include "praksis/store/store.hpp"

namespace praksis {

struct ClaimYearInfo {
  int year = 0;
  std::int64_t lines = 0;
  std::int64_t chunks = 0;
};

/// A settlement as kept in the store, with what it was computed from.
struct StoredSettlement {
  Settlement settlement;  // clinics, regions (codes; names from the world) and nation
  std::string settled_at;
  std::string tariffs_csv;
  std::string settings_toml;  // the effective settings, as TOML
  /// Per clinic position in `settlement.clinics`: its service lines (codes, not positions).
  struct Line {
    std::string code;
    std::int64_t paid_units = 0, replaced_units = 0;
    Money amount;
  };
  std::vector<std::vector<Line>> lines;
};

/// Claims, settlements and frame results of one store. Every write is one transaction: on any
/// failure the store is as before.
class EconomyRepository {
 public:
  virtual ~EconomyRepository() = default;

  /// The store's service-code dictionary: stored claims refer to codes by position in it.
  virtual std::vector<std::string> service_codes() = 0;
  /// Adds `year`'s claims (or replaces them with `replace`). `codes[s]` is the code of service
  /// index `s` in `claims`; new codes join the dictionary.
  virtual void write_claims(int year, const ClaimColumns& claims,
                            std::span<const std::string> codes, bool replace) = 0;
  virtual std::vector<ClaimYearInfo> claim_years() = 0;
  /// Calls `fn` with each stored chunk of `year`, in order (see claim_codec.hpp). The view is
  /// valid during the call only.
  virtual void for_each_claim_chunk(int year, const std::function<void(std::string_view)>& fn) = 0;
  /// Claim ids stored for `year`, sorted.
  virtual std::vector<std::uint64_t> claim_ids(int year) = 0;

  virtual std::vector<int> settled_years() = 0;
  /// Saves a settlement (replacing one of the same year) with its service lines, the resulting
  /// højestegrænse state and the frame result.
  virtual void save_settlement(const Settlement& s, const FeeStructure& fees,
                               const ActivityMatrix& activity, const World& world,
                               std::string_view settings_toml) = 0;
  virtual std::optional<StoredSettlement> load_settlement(int year) = 0;
  /// The højestegrânse state after settling `year` (empty when the year is not settled).
  virtual std::unordered_map<Ydernummer, CapState> cap_states(int year) = 0;
  virtual std::optional<FrameResult> frame_result(int year) = 0;
  /// Total paid to a ydernummer per settled year (for the goodwill cap, rule C6).
  virtual std::vector<std::pair<int, Money>> clinic_totals(Ydernummer y) = 0;
};

/// The repository of `store` (SQLite or PostgreSQL). The SQLite one creates its tables
/// when missing; a PostgreSQL store has them from its schema.
std::unique_ptr<EconomyRepository> open_economy_repository(Store& store);

}  // namespace praksis
