// The takeover use case (rule C5): a GP asks to take over a regionsklinik, udbudsklinik or
// licensklinik; the CLI only parses, calls and formats.
#pragma once

#include <string>

#include "praksis/core/date.hpp"
#include "praksis/model/clinic_lifecycle.hpp"
#include "praksis/model/world.hpp"
#include "praksis/output/text.hpp"
#include "praksis/settings/settings.hpp"

namespace praksis::app {

/// What `praksis takeover` asks, as given.
struct TakeoverParameters {
  std::string store{};         // `--db`
  Ydernummer clinic = 0;       // `--clinic`
  std::string requested_on{};  // `--requested-on YYYY-MM-DD` (empty: `today`)
  int doctors = 1;             // `--doctors`: 1 solo, more a kompagniskab

  /// The day of the request: `requested_on`, or `today` when none was given. InputError naming
  /// the option when it is not a date or lies after `today`, or when `doctors` is below 1.
  Date validate(Date today) const;
};

/// The clinic asked for and the C5 decision on it.
struct TakeoverResult {
  Clinic clinic;
  Date requested_on;
  TakeoverDecision decision;
};

class TakeoverService {
 public:
  explicit TakeoverService(const Settings& settings) : settings_(settings) {}

  /// Validates `p`, loads the store's world and decides the request (texts in `lang`).
  TakeoverResult run(const TakeoverParameters& p, Date today, Lang lang) const;
  /// The same on a world already in memory (`p.store` is not used). InputError naming --clinic
  /// when the world has no such clinic.
  TakeoverResult decide(const World& world, const TakeoverParameters& p, Date today,
                        Lang lang) const;

 private:
  const Settings& settings_;
};

}  // namespace praksis::app
