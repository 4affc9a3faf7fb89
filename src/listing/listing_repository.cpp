// The listing repository of a store, by the store's kind.
#include "praksis/listing/listing_repository.hpp"

#include <fmt/format.h>

#include "praksis/core/error.hpp"
#include "praksis/listing/postgres_listing_repository.hpp"
#include "praksis/listing/sqlite_listing_repository.hpp"

namespace praksis::listing {

std::unique_ptr<ListingRepository> open_listing_repository(Store& store) {
  if (auto* s = dynamic_cast<SqliteStore*>(&store))
    return std::make_unique<SqliteListingRepository>(*s);
  if (auto* p = dynamic_cast<PostgresStore*>(&store))
    return std::make_unique<PostgresListingRepository>(*p);
  throw Error(fmt::format("decisions cannot be kept in {} stores", store.kind()));
}

std::vector<DatedListing> load_dated_listings(Store& store, const World& w) {
  if (auto* s = dynamic_cast<SqliteStore*>(&store)) return load_dated_listings(*s, w);
  if (auto* p = dynamic_cast<PostgresStore*>(&store)) return load_dated_listings(*p, w);
  return {};
}

}  // namespace praksis::listing
