// The takeover use case (rule C5): the request validated once, the clinic found, the decision made.
#include "praksis/app/takeover_service.hpp"

#include <fmt/format.h>

#include "praksis/app/coverage_service.hpp"
#include "praksis/core/error.hpp"

namespace praksis::app {

Date TakeoverParameters::validate(Date today) const {
  if (doctors < 1)
    throw InputError(InputLocation{"--doctors", 0, 0, {}}, message("app.error.doctors", doctors));
  if (requested_on.empty()) return today;
  const auto d = Date::parse(requested_on);
  if (!d)
    throw InputError(InputLocation{"--requested-on", 0, 0, {}},
                     message("app.error.date", requested_on));
  if (*d > today)
    throw InputError(InputLocation{"--requested-on", 0, 0, {}},
                     message("app.error.future", d->to_string(), today.to_string()));
  return *d;
}

TakeoverResult TakeoverService::run(const TakeoverParameters& p, Date today, Lang lang) const {
  p.validate(today);  // before the store is read
  return decide(load_survey_world(p.store), p, today, lang);
}

TakeoverResult TakeoverService::decide(const World& world, const TakeoverParameters& p, Date today,
                                       Lang lang) const {
  const Date requested = p.validate(today);
  const auto c = world.find_clinic(p.clinic);
  if (!c)
    throw InputError(InputLocation{"--clinic", 0, 0, {}}, message("app.error.no_clinic", p.clinic));
  const Clinic& clinic = world.clinics[*c];
  return {clinic, requested,
          decide_takeover(clinic, requested, p.doctors, settings_.capacity, lang)};
}

}  // namespace praksis::app
