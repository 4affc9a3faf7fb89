// `praksis survey --scenario FILE`: the what-if part of the survey command (cmd_place.cpp).
#pragma once

#include <string>

#include "command.hpp"

namespace praksis::cli {

/// Surveys the store's world before and after the change file's changes and writes the what-if
/// tables (table, csv: the per-area table, json). Reads the store only, unless `apply`: then the
/// changed world is committed in one transaction with an audit record.
int survey_what_if(const std::string& db, const std::string& scenario, const std::string& format,
                   const std::string& dialect, const std::string& out, bool apply,
                   const GlobalOptions& g);

}  // namespace praksis::cli
