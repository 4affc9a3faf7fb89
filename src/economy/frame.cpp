// Rule E5: the economic frame and offsetting (modregning).
#include "praksis/economy/frame.hpp"

#include <fmt/format.h>

namespace praksis {

FrameResult compare_with_frame(const FrameInput& in, const EconomySettings& s) {
  FrameResult r;
  r.year = in.year;
  r.expenditure = in.expenditure;
  r.frame = s.frame;
  r.forgiveness = in.forgiveness;
  r.overrun = in.expenditure - s.frame;
  if (s.frame.ore > 0) r.overrun_share = ratio(r.overrun, s.frame);
  const Rate tolerance = Rate::from_double(s.offset_tolerance);
  const bool over = r.overrun.ore > 0;
  const bool above_tolerance = exceeds(r.overrun, s.frame, tolerance);
  r.small_overrun = over && !above_tolerance;
  const bool repeated = r.small_overrun && in.previous_small_overrun_not_offset.value_or(false);
  const std::string pct = fmt::format("{} %", Rate{r.overrun_share.ppb * 100}.to_string(3));
  const std::string tol = fmt::format("{} %", Rate{tolerance.ppb * 100}.to_string(3));
  if (!over) {
    r.reason = fmt::format(
        "expenditure is within the frame ({} of the frame); nothing to offset (E5)", pct);
  } else if (above_tolerance) {
    r.offset = true;
    r.offset_amount =
        s.offset_mode == OffsetMode::whole ? r.overrun : r.overrun - apply(s.frame, tolerance);
    r.reason =
        fmt::format("overrun of {} is above the tolerance of {}: offset next year, mode '{}' (E5)",
                    pct, tol, kOffsetModeNames[static_cast<int>(s.offset_mode)]);
  } else if (repeated) {
    r.offset = true;
    r.offset_amount = r.overrun;
    r.reason = fmt::format(
        "small overrun of {} (at most {}) for the second year running: offset "
        "next year (E5)",
        pct, tol);
  } else {
    r.reason = fmt::format(
        "small overrun of {} (at most {}) in a single year: not offset unless "
        "it happens again next year (E5)",
        pct, tol);
  }
  if (r.offset) {
    r.to_repay = r.offset_amount > r.forgiveness ? r.offset_amount - r.forgiveness : Money{};
    if (r.expenditure.ore > 0) r.next_year_factor = Rate::one() - ratio(r.to_repay, r.expenditure);
  }
  return r;
}

}  // namespace praksis
