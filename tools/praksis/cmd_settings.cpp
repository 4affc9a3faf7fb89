// `praksis settings --print`: the effective rule settings as a loadable TOML file.
#include <iostream>

#include "command.hpp"

namespace praksis::cli {
namespace cmd_settings {  // this command's own names: the CLI is compiled as a unity build
Register reg{{"settings",
              "show the effective rule settings (every rulebook number with its rule ID)", 90,
              [](CLI::App& app, const GlobalOptions& g) {
                auto print = std::make_shared<bool>(false);
                app.add_flag("--print", *print, "print the effective settings as TOML");
                return [print, &g]() {
                  const Settings& s = g.settings();
                  std::cout << s.to_toml();
                  return 0;
                };
              }}};
}  // namespace cmd_settings
}  // namespace praksis::cli
