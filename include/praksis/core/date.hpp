// Calendar dates (ISO 8601, proleptic Gregorian) as day numbers.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace praksis {

/// A calendar date stored as days since 1970-01-01.
class Date {
 public:
  constexpr Date() = default;
  static Date from_ymd(int year, unsigned month, unsigned day);
  static constexpr Date from_days(std::int32_t days) {
    Date d;
    d.days_ = days;
    return d;
  }
  /// Parses "YYYY-MM-DD"; nullopt when malformed or not a real date.
  static std::optional<Date> parse(std::string_view text);

  constexpr std::int32_t days() const { return days_; }
  int year() const;
  unsigned month() const;
  unsigned day() const;
  std::string to_string() const;

  Date plus_days(std::int32_t n) const { return from_days(days_ + n); }
  /// The first day of the month after this date's month.
  Date first_of_next_month() const;
  static bool is_leap_year(int year);
  static unsigned days_in_month(int year, unsigned month);

  friend constexpr auto operator<=>(Date, Date) = default;

 private:
  std::int32_t days_ = 0;
};

/// The current time in UTC as ISO 8601 ("2026-11-23T04:05:06Z", or with ".123" milliseconds).
std::string utc_timestamp_now(bool milliseconds = false);

}  // namespace praksis
