// Opens the GP choice service over a store (SQLite file or PostgreSQL database): world, state,
// repository and service together.
#pragma once

#include <filesystem>
#include <memory>
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
  ListingService& service() { return *service_; }
  Store& store() { return *store_; }

 private:
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
