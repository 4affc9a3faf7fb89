// The command line in the reader's language (issue 12): every command's and option's help, CLI11's
// own words (Usage, REQUIRED, the type names, the parse errors) from the one text catalogue.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "praksis/output/text.hpp"

namespace praksis::cli {

/// The catalogue key of an option's help: "cli.opt.<command>.<name>" for an option of a command
/// (its long name without dashes, '-' as '_'), "cli.opt.<name>" for one every command shares
/// (`--db`, `--format`, ...) and for the program's own options. `command` is empty for those.
std::string option_key(const std::string& command, const CLI::Option& option);

/// Puts `app` (the program with its commands added) into `lang`: the help formatter's labels and
/// type names, the option groups, each option's help from the catalogue (the command's own key,
/// else the shared one; an option in neither keeps the text it was registered with, which
/// `missing_texts` reports), and the help and version flags.
void localize(CLI::App& app, Lang lang);

/// One line per help text the catalogue lacks: "key<TAB>the text it is registered with", for every
/// command and option of `app` in either language (`praksis check-texts`; a test runs it).
std::vector<std::string> missing_texts(const CLI::App& app);

/// What CLI11's parse error `e` says, in `lang` (CLI11's own text in English), and the hint to
/// run with --help.
std::string parse_error_text(const CLI::Error& e, Lang lang);

}  // namespace praksis::cli
