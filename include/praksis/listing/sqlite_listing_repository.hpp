// The SQLite implementation of the listing repository, inside the store's own database file.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "praksis/listing/dated_listing.hpp"
#include "praksis/listing/listing_repository.hpp"
#include "praksis/store/sqlite_store.hpp"

namespace praksis::listing {

class SqliteListingRepository final : public ListingRepository {
 public:
  /// Creates the listing tables if missing (CREATE TABLE IF NOT EXISTS).
  explicit SqliteListingRepository(SqliteStore& store);
  ~SqliteListingRepository() override;

  void load(ListingState& state) override;
  std::optional<StoredAnswer> find_answer(const std::string& key) override;
  bool commit(std::span<DecisionRecord> records, const World& world,
              std::int64_t seen_audit_id) override;
  std::int64_t last_audit_id() override;
  /// Reads through a separate connection, so audit queries never wait for a writer.
  std::vector<AuditEvent> audit(const AuditQuery& q) override;
  std::int64_t audit_count() override;

 private:
  struct Statements;
  SqliteStore& store_;
  std::unique_ptr<Statements> st_;
  // Audit readers: one connection per concurrent query (WAL readers do not block each other or
  // the writer), kept for the next query; at most as many as the server has threads at once.
  std::mutex read_mutex_;
  std::vector<std::unique_ptr<sqlite::Database>> readers_;
};

/// The dated listing changes recorded in `store` (rule L6), in the order decided; empty when the
/// listing service never wrote to it.
std::vector<DatedListing> load_dated_listings(SqliteStore& store, const World& w);

}  // namespace praksis::listing
