// Citizens' rows handed on while a dataset is still being read (praksis import, issue 15).
#pragma once

#include <vector>

#include "praksis/model/citizen_table.hpp"
#include "praksis/model/codes.hpp"

namespace praksis {

/// Receives the citizens of citizens.csv in file order while the rest of the file is parsed and
/// validated: the store inserts them on a thread of its own. `ydernumre` holds, per row, the
/// ydernummer the citizen is listed with (in the world or outside a region's extract), 0 for none.
/// Rows are handed on only while no problem has been found; citizens_done() follows the last of
/// them when every row of the file was read without one.
class CitizenRowSink {
 public:
  virtual ~CitizenRowSink() = default;
  virtual void add_citizens(CitizenTable rows, std::vector<Ydernummer> ydernumre) = 0;
  virtual void citizens_done() = 0;
};

}  // namespace praksis
