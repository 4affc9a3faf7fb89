// Listings with the date they take effect (rule L6): the listing of every citizen on a day, and
// the patient-months a year's settlement pays for.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "praksis/core/date.hpp"
#include "praksis/model/world.hpp"

namespace praksis {

/// One decided change of a citizen's clinic and the day it takes effect (the decision's
/// effective_from: the 1st of a later month for a change of GP, rule L6; the day itself for a
/// first listing, a move's or a shutdown's relisting). Kept in the order decided.
struct DatedListing {
  CitizenIndex citizen = kNoCitizen;
  ClinicIndex from = kNoClinic, to = kNoClinic;
  Date effective;
};

/// Sets every citizen's listing in `w` to the one in force on `day`. `w` holds the listings after
/// every change in `changes`; changes effective after `day` are undone, the latest first.
void listing_as_of(World& w, std::span<const DatedListing> changes, Date day);

/// Patient-months of `year` per clinic (rule E1's basishonorar is paid per listed patient and
/// month): a citizen counts for a month with the clinic listed on its 1st, and a clinic only from
/// the month it was established. `w` holds the listings after every change in `changes`.
std::vector<std::int64_t> patient_months(const World& w, std::span<const DatedListing> changes,
                                         int year);

}  // namespace praksis
