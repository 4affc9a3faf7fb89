// The PostgreSQL implementations of the area repositories, for their factories.
#pragma once

#include <memory>

#include "praksis/designation/designation_store.hpp"
#include "praksis/economy/economy_repository.hpp"
#include "praksis/store/postgres_store.hpp"

namespace praksis {

std::unique_ptr<EconomyRepository> make_postgres_economy_repository(PostgresStore& store);
std::unique_ptr<DesignationStore> make_postgres_designation_store(PostgresStore& store);

}  // namespace praksis
