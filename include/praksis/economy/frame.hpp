// The economic frame (rule E5): expenditure against the frame, offsetting and next year's fees.
#pragma once

#include <optional>
#include <string>

#include "praksis/core/money.hpp"
#include "praksis/economy/rate.hpp"
#include "praksis/settings/economy_settings.hpp"

namespace praksis {

/// The outcome of comparing one year's expenditure with the frame.
struct FrameResult {
  int year = 0;
  Money expenditure;  // fees covered by the frame, after højestegrænse repayments
  Money frame;
  Money overrun;               // expenditure - frame (negative: under the frame)
  Rate overrun_share;          // overrun / frame
  bool small_overrun = false;  // 0 < overrun <= tolerance x frame
  bool offset = false;         // the overrun is offset (modregning) next year
  Money offset_amount;         // by the offset mode: the whole overrun or the part above tolerance
  Money forgiveness;           // forgiven by the parties (eftergivelse), input
  Money to_repay;              // offset_amount - forgiveness, at least 0
  Rate next_year_factor = Rate::one();  // all fees next year are multiplied by this
  std::string reason;                   // one sentence: why (not) offset, with rule E5
};

struct FrameInput {
  int year = 0;
  Money expenditure;
  Money forgiveness;
  /// Was the previous year a small overrun that was not offset? From the stored result of the
  /// previous year; nullopt when there is none (then: no).
  std::optional<bool> previous_small_overrun_not_offset;
};

/// Rule E5. An overrun above the tolerance is offset; a small one (at most the tolerance, so
/// exactly 0.6 % is small) only when the previous year also had a small overrun that was not
/// offset. After a repeated small overrun has been offset the count starts again. What is repaid
/// follows the offset mode; a repeated small overrun is repaid whole in either mode (there is no
/// part above the tolerance). Next year's factor spreads the repayment over fees at this year's
/// level: 1 - to_repay / expenditure.
FrameResult compare_with_frame(const FrameInput& in, const EconomySettings& s);

}  // namespace praksis
