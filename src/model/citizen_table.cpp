// Column-wise citizen storage.
#include "praksis/model/citizen_table.hpp"

namespace praksis {

void CitizenTable::reserve(std::size_t n) {
  id.reserve(n);
  household.reserve(n);
  birth_year.reserve(n);
  sex.reserve(n);
  home.reserve(n);
  kommune.reserve(n);
  group.reserve(n);
  conditions.reserve(n);
  labour.reserve(n);
  listing.reserve(n);
  home_visit_right.reserve(n);
}

void CitizenTable::resize(std::size_t n) {
  id.resize(n);
  household.resize(n);
  birth_year.resize(n);
  sex.resize(n);
  home.resize(n);
  kommune.resize(n);
  group.resize(n, InsuranceGroup::group1);
  conditions.resize(n);
  labour.resize(n);
  listing.resize(n, kNoClinic);
  home_visit_right.resize(n, 1);
}

void CitizenTable::push_back(const Citizen& c) {
  id.push_back(c.id);
  household.push_back(c.household);
  birth_year.push_back(c.birth_year);
  sex.push_back(c.sex);
  home.push_back(c.home);
  kommune.push_back(c.kommune);
  group.push_back(c.group);
  conditions.push_back(c.conditions);
  labour.push_back(c.labour);
  listing.push_back(c.listing);
  home_visit_right.push_back(c.home_visit_right ? 1 : 0);
}

Citizen CitizenTable::get(CitizenIndex i) const {
  return Citizen{id[i],
                 household[i],
                 birth_year[i],
                 sex[i],
                 home[i],
                 kommune[i],
                 group[i],
                 conditions[i],
                 labour[i],
                 listing[i],
                 home_visit_right[i] != 0};
}

void CitizenTable::set(CitizenIndex i, const Citizen& c) {
  id[i] = c.id;
  household[i] = c.household;
  birth_year[i] = c.birth_year;
  sex[i] = c.sex;
  home[i] = c.home;
  kommune[i] = c.kommune;
  group[i] = c.group;
  conditions[i] = c.conditions;
  labour[i] = c.labour;
  listing[i] = c.listing;
  home_visit_right[i] = c.home_visit_right ? 1 : 0;
}

std::size_t CitizenTable::memory_bytes() const {
  return id.capacity() * sizeof(CitizenId) + household.capacity() * sizeof(HouseholdId) +
         birth_year.capacity() * 2 + sex.capacity() + home.capacity() * sizeof(GeoPoint) +
         kommune.capacity() * 2 + group.capacity() + conditions.capacity() + labour.capacity() +
         listing.capacity() * sizeof(ClinicIndex) + home_visit_right.capacity();
}

}  // namespace praksis
