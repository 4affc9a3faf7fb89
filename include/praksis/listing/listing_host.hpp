// Opens the GP choice service over a store (SQLite file or PostgreSQL database): world, state,
// repository and service together.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "praksis/listing/listing_repository.hpp"
#include "praksis/listing/listing_service.hpp"
#include "praksis/store/store.hpp"

namespace praksis::listing {

class ListingHost {
 public:
  /// Opens an existing store (InputError naming `--db` when it is missing or holds no world).
  ListingHost(const std::string& db, const Settings& settings);
  /// Opens the service over only what deciding a request about `citizens` reads (a caseworker's
  /// `praksis choose` or `move`, issue 15): those citizens and their households, every clinic
  /// with its listed patients, shutdowns and approvals (Store::load_decision_slice). The
  /// decisions are the whole world's and are committed by the same service. Falls back to the
  /// whole world when the store cannot read a slice (PostgreSQL, or no citizen snapshot).
  ListingHost(const std::string& db, const Settings& settings, std::vector<CitizenId> citizens);
  ListingService& service() { return *service_; }
  Store& store() { return *store_; }
  /// Whether the service holds a slice of the world rather than all of it.
  bool sliced() const { return service_->state().partial(); }
  /// Decides and records one request (ListingService::execute_one); over a slice, a decision
  /// made stale by another process's commit is decided again on a fresh slice.
  Result execute_one(const Envelope& env);

 private:
  ListingHost(const std::string& db, const Settings& settings,
              std::optional<std::vector<CitizenId>> slice_of);
  void open_service();
  const Settings& settings_;
  std::optional<std::vector<CitizenId>> slice_of_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<ListingState> state_;
  std::unique_ptr<ListingRepository> repo_;
  std::unique_ptr<ListingService> service_;
};

/// One row of a batch file (`praksis apply`): its line and the envelope to execute.
struct BatchRow {
  std::int64_t line = 0;
  Envelope envelope;
};

/// Reads a batch of decisions: CSV (header with an `action` column) or JSON lines (one object per
/// line with an `action` field). Every problem is reported as file:line:field; nothing runs when
/// any row is malformed. Rows without an idempotency key get one derived from the file's content
/// and the line, so applying the same file twice changes nothing the second time.
std::vector<BatchRow> read_batch(const std::filesystem::path& file, const Actor& actor, Date today,
                                 const ListingService& service);

}  // namespace praksis::listing
