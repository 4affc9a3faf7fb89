// The input an InputError names, for the tests of parameters validated once.
#pragma once

#include <functional>
#include <string>

#include "praksis/core/error.hpp"

namespace praksis::testing {

/// The input an InputError thrown by `f` names: its text up to the first ':' or ' ' ("--year" of
/// "--year: ...", "--category" of "--category (category): ..."), or "no error".
inline std::string option_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    const std::string what = e.what();
    return what.substr(0, what.find_first_of(": "));
  }
  return "no error";
}

}  // namespace praksis::testing
