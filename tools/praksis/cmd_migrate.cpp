// `praksis migrate --db STORE`: upgrades a store made by an older praksis to this schema version.
#include <fmt/format.h>

#include <iostream>

#include "command.hpp"
#include "praksis/output/text.hpp"
#include "praksis/store/store.hpp"

namespace praksis::cli {
namespace cmd_migrate {  // this command's own names: the CLI is compiled as a unity build

Register reg{
    {"migrate",
     "upgrade a store made by an older praksis to this schema version (ordered migrations in one "
     "transaction; every other command refuses an older store)",
     25, [](CLI::App& app, const GlobalOptions& g) {
       auto db = std::make_shared<std::string>("praksis.db");
       app.add_option("--db", *db, "store: SQLite file or postgresql:// URI");
       return [db, &g]() {
         const auto store = open_store(*db, false, SchemaUpgrade::migrate);
         if (store->migrated_from() != 0)
           std::cout << textf("store.migrated", g.lang, store->location(), store->migrated_from(),
                              kStoreSchemaVersion)
                     << '\n';
         else
           std::cout << textf("store.current", g.lang, store->location(), kStoreSchemaVersion)
                     << '\n';
         return 0;
       };
     }}};

}  // namespace cmd_migrate
}  // namespace praksis::cli
