// A user-facing message in no language yet: a text catalogue key and its arguments, rendered in
// the reader's language where it is shown (praksis/output/text.hpp, `render`). Library code that
// cannot know the reader's language (decision reasons, input errors) says what it means this way.
#pragma once

#include <concepts>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace praksis {

/// One argument of a message: a text as it is (a name, a code, a date), or a number written as
/// the language writes it (1.670,5 in Danish, 1,670.5 in English) with `decimals` decimals.
struct MessageArg {
  std::string text;
  double number = 0;
  int decimals = -1;  // -1: `text`; >= 0: `number` with this many decimals; kShortest: as "{}"
  static constexpr int kShortest = -2;

  MessageArg(std::string t) : text(std::move(t)) {}
  MessageArg(std::string_view t) : text(t) {}
  MessageArg(const char* t) : text(t) {}
  MessageArg(char c) : text(1, c) {}
  template <std::integral I>
  MessageArg(I v) : text(std::to_string(v)) {}  // integers as digits, ungrouped (ages, years, km)
  MessageArg(double v) : number(v), decimals(kShortest) {}  // a setting (15 km, 0.5) as "{}"
  MessageArg(double v, int d) : number(v), decimals(d) {}
};

/// A number with `decimals` decimals, written as the reader's language writes it.
inline MessageArg decimal_arg(double v, int decimals) {
  return MessageArg(v, decimals);
}

/// A catalogue key ("listing.reason.L2.open") and the arguments of its fmt fields, in order.
struct Message {
  std::string key;
  std::vector<MessageArg> args;

  bool empty() const { return key.empty(); }
};

template <class... A>
Message message(std::string key, A&&... args) {
  return Message{std::move(key), std::vector<MessageArg>{MessageArg(std::forward<A>(args))...}};
}

}  // namespace praksis
