// Shared edges of the survey commands (survey, designate, report): the store to read and the
// file to write, validated once.
#pragma once

#include <filesystem>
#include <string>

#include "praksis/model/world.hpp"

namespace praksis::cli {

/// The world in the store at `db` (`--db`). InputError when the file does not exist or holds no
/// world.
World load_survey_world(const std::string& db);

/// Writes `text` to `out` (replacing it only once the whole text is written), or to stdout when
/// `out` is empty.
void write_output(const std::string& out, const std::string& text);

/// The settings file's name for messages ("defaults" when none was given).
std::string settings_source(const std::string& settings_file);

}  // namespace praksis::cli
