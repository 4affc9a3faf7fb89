// Internal: one CBC solve that ends by its wall-clock limit, whatever CBC is doing then.
#pragma once

#include <coin/Cbc_C_Interface.h>

#include <limits>
#include <vector>

namespace praksis::detail {

/// What a CBC solve left (minimisation, as CBC sees it).
struct CbcOutcome {
  bool proven_optimal = false;
  bool time_limit = false;  // stopped by the limit, by CBC itself or by the hard stop
  double objective = 0;     // of `solution`
  double best_possible = -std::numeric_limits<double>::infinity();  // CBC's proven bound
  std::vector<double> solution;  // the incumbent's columns; empty without one
};

/// Solves `model` with the limit `seconds`. CBC checks its own limit (set here, wall clock) only
/// between branch-and-bound steps, not inside the root LP, its cut passes or the preprocessing,
/// which on the national capacity model overran a 120 s limit by 95 s. So the solve runs in a
/// child process that the caller stops at the limit; a stopped solve returns `time_limit` and
/// no incumbent or bound of CBC's (the caller keeps its own start plan and bound).
CbcOutcome solve_within(Cbc_Model* model, double seconds);

}  // namespace praksis::detail
