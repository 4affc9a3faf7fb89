// The PostgreSQL implementation of the listing repository, in the shared store's database.
#pragma once

#include <memory>
#include <mutex>

#include "praksis/listing/dated_listing.hpp"
#include "praksis/listing/listing_repository.hpp"
#include "praksis/store/postgres_store.hpp"

namespace praksis::listing {

class PostgresListingRepository final : public ListingRepository {
 public:
  explicit PostgresListingRepository(PostgresStore& store);
  ~PostgresListingRepository() override;

  void load(ListingState& state) override;
  std::optional<StoredAnswer> find_answer(const std::string& key) override;
  bool commit(std::span<DecisionRecord> records, const World& world,
              std::int64_t seen_audit_id) override;
  std::int64_t last_audit_id() override;
  /// Reads through a separate connection, so audit queries never wait for a writer.
  std::vector<AuditEvent> audit(const AuditQuery& q) override;
  std::int64_t audit_count() override;

 private:
  PostgresStore& store_;
  std::mutex read_mutex_;
  std::unique_ptr<pg::Connection> reader_;
};

std::vector<DatedListing> load_dated_listings(PostgresStore& store, const World& w);

}  // namespace praksis::listing
