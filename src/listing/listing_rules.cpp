// The GP choice rules. Every number comes from Settings; every decision names its rule IDs.
#include "praksis/listing/listing_rules.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "praksis/core/error.hpp"
#include "praksis/core/parse.hpp"
#include "praksis/geo/denmark_land.hpp"
#include "praksis/geo/land.hpp"
#include "praksis/output/text.hpp"

namespace praksis::listing {

Forbidden::Forbidden(Message m) : std::runtime_error(render(m, Lang::da)), message_(std::move(m)) {}

namespace {

std::string hex(CitizenId id) {
  char b[16];
  format_hex_id(id, b);
  return std::string(b, 16);
}

Outcome denied(Message reason, std::initializer_list<const char*> rules) {
  Outcome o;
  o.decision.allowed = false;
  o.decision.say(std::move(reason));
  for (auto r : rules) o.decision.add_rule(r);
  return o;
}

/// "role R may not: ..." with the catalogue entry `key` ("listing.forbidden.*"), whose first
/// field is the role and the second, if any, `action`.
[[noreturn]] void forbid(const Actor& a, const char* key, std::string_view action = {}) {
  throw Forbidden(message(key, to_string(a.role), action));
}

InputError bad(std::string_view field, Message reason) {
  return InputError(InputLocation{"request", 0, 0, std::string(field)}, std::move(reason));
}

// What each closed-list exception (rule L4 a-e) needs, as catalogue keys ("listing.evidence.*").
constexpr const char* kExceptionText[] = {"listing.evidence.a", "listing.evidence.b",
                                          "listing.evidence.c", "listing.evidence.d",
                                          "listing.evidence.e"};

}  // namespace

void Decision::add_rule(std::string r) {
  if (std::find(rules.begin(), rules.end(), r) == rules.end()) rules.push_back(std::move(r));
}

void Decision::say(Message part) {
  if (!reason.empty()) reason += "; ";
  reason += render(part, Lang::da);
  because.push_back(std::move(part));
}

std::string Decision::reason_in(Lang lang) const {
  if (because.empty()) return reason;  // a decision read back from before the catalogue
  std::string out;
  for (const Message& m : because) {
    if (!out.empty()) out += "; ";
    out += render(m, lang);
  }
  return out;
}

CitizenIndex ListingRules::citizen(CitizenId id, std::string_view field) const {
  const CitizenIndex i = s_.world().find_citizen(id);
  if (i == kNoCitizen) throw bad(field, message("listing.error.unknown_citizen", hex(id)));
  return i;
}

ClinicIndex ListingRules::clinic(Ydernummer y, std::string_view field) const {
  auto c = s_.world().find_clinic(y);
  if (!c) throw bad(field, message("listing.error.unknown_clinic", y));
  return *c;
}

std::string ListingRules::clinic_label(ClinicIndex c) const {
  const auto& cl = s_.world().clinics[c];
  return fmt::format("{} ({})", cl.name, cl.ydernummer);
}

Date ListingRules::effective_date(Date notified) const {
  // Rule L6: notified by the notice day -> the 1st of the next month; later -> the month after.
  const Date next = notified.first_of_next_month();
  return static_cast<int>(notified.day()) <= s_.settings().listing.notice_day_of_month
             ? next
             : next.first_of_next_month();
}

bool ListingRules::keeps_home_visits(GeoPoint home, ClinicIndex c, Date on) const {
  const auto& ls = s_.settings().listing;
  if (s_.within_km(home, c, ls.home_visit_radius_km)) return true;
  // Rule L3 exception: without two open clinics within 15 km the right remains.
  return s_.open_choices(home, on) < ls.min_open_choices;
}

bool ListingRules::attached_doctor_choice(CitizenIndex i, ClinicIndex c) const {
  const World& w = s_.world();
  const NursingHome* h = w.nursing_home_at(w.citizens.home[i]);
  return h && h->attached && *h->attached == w.clinics[c].ydernummer;
}

double ListingRules::move_rechoice_km(KommuneCode kommune) const {
  const auto& ls = s_.settings().listing;
  const bool capital = std::find(ls.capital_kommuner.begin(), ls.capital_kommuner.end(),
                                 static_cast<int>(kommune)) != ls.capital_kommuner.end();
  return capital ? ls.capital_move_rechoice_km : ls.move_rechoice_km;
}

RegionCode ListingRules::region_of(const Command& cmd) const {
  const World& w = s_.world();
  const Subject sub = subject_of(cmd);
  if (sub.citizen) {
    const CitizenIndex i = w.find_citizen(*sub.citizen);
    return i == kNoCitizen ? 0 : w.region_of(w.citizens.kommune[i]);
  }
  auto c = sub.clinic ? w.find_clinic(*sub.clinic) : std::nullopt;
  return c ? w.region_of(w.clinics[*c].kommune) : 0;
}

void ListingRules::validate(const Command& cmd) const {
  const Subject sub = subject_of(cmd);
  if (sub.citizen) citizen(*sub.citizen, "citizen");
  if (sub.clinic) clinic(*sub.clinic, "clinic");
  if (const auto* m = std::get_if<MoveRequest>(&cmd)) {
    const auto& ds = s_.settings().dataset;
    if (!GeoBox{ds.min_lat, ds.max_lat, ds.min_lon, ds.max_lon}.contains(m->home)) {
      throw bad("home", message("listing.error.home_outside", m->home.lat(), m->home.lon(),
                                ds.min_lat, ds.max_lat, ds.min_lon, ds.max_lon));
    }
    // Inside the rectangle, the reference data still knows neighbouring land (Malmö, Flensburg)
    // and where each kommune's towns are; see docs/listing.md for what it cannot know yet.
    if (const auto country = foreign_land_at(m->home); !country.empty()) {
      throw bad("home", message("listing.error.home_abroad", decimal_arg(m->home.lat(), 5),
                                decimal_arg(m->home.lon(), 5), country));
    }
    if (const double km = LandOutline::denmark().km_to_land(m->home); km > ds.coast_tolerance_km) {
      throw bad("home",
                message("listing.error.home_in_sea", decimal_arg(m->home.lat(), 5),
                        decimal_arg(m->home.lon(), 5), decimal_arg(km, 2), ds.coast_tolerance_km));
    }
    if (s_.world().kommune_index(m->kommune) < 0) {
      throw bad("kommune",
                message("listing.error.unknown_kommune", fmt::format("{:03}", m->kommune)));
    }
    if (const auto km = km_to_kommune_town(m->kommune, m->home);
        km && *km > ds.max_km_from_kommune_town) {
      throw bad("kommune",
                message("listing.error.no_town", fmt::format("{:03}", m->kommune),
                        decimal_arg(ds.max_km_from_kommune_town, 0), decimal_arg(m->home.lat(), 5),
                        decimal_arg(m->home.lon(), 5), decimal_arg(*km, 0)));
    }
  }
}

void ListingRules::authorize(const Actor& a, const Command& cmd) const {
  const World& w = s_.world();
  const auto action = action_name(cmd);
  auto deny = [&](const char* key) { forbid(a, key, action); };
  switch (a.role) {
    case Role::operator_:
      return;
    case Role::analyst:
      forbid(a, "listing.forbidden.analyst_decides", action);
    case Role::citizen: {
      const auto* r = std::get_if<ChoiceRequest>(&cmd);
      if (!r) deny("listing.forbidden.citizen_action");
      if (r->citizen != a.citizen) deny("listing.forbidden.citizen_other");
      return;
    }
    case Role::kommune: {
      if (const auto* r = std::get_if<ChoiceRequest>(&cmd)) {
        const CitizenIndex i = citizen(r->citizen, "citizen");
        if (w.citizens.kommune[i] != a.kommune) deny("listing.forbidden.kommune_choice");
        return;
      }
      if (const auto* r = std::get_if<MoveRequest>(&cmd)) {
        const CitizenIndex i = citizen(r->citizen, "citizen");
        if (w.citizens.kommune[i] != a.kommune && r->kommune != a.kommune) {
          deny("listing.forbidden.kommune_move");
        }
        return;
      }
      forbid(a, "listing.forbidden.kommune_action", action);
    }
    case Role::region: {
      if (const auto* r = std::get_if<MoveRequest>(&cmd)) {
        const CitizenIndex i = citizen(r->citizen, "citizen");
        if (w.region_of(w.citizens.kommune[i]) != a.region && w.region_of(r->kommune) != a.region) {
          deny("listing.forbidden.region_move");
        }
        return;
      }
      if (region_of(cmd) != a.region) deny("listing.forbidden.region_action");
      return;
    }
  }
}

void ListingRules::authorize_read(const Actor& a, CitizenIndex i) const {
  const World& w = s_.world();
  switch (a.role) {
    case Role::operator_:
      return;
    case Role::region:
      if (w.region_of(w.citizens.kommune[i]) == a.region) return;
      break;
    case Role::kommune:
      if (w.citizens.kommune[i] == a.kommune) return;
      break;
    case Role::citizen:
      if (w.citizens.id[i] == a.citizen) return;
      break;
    case Role::analyst:
      throw Forbidden(message("listing.forbidden.analyst_reads"));
  }
  throw Forbidden(message("listing.forbidden.read", to_string(a.role)));
}

Outcome ListingRules::decide(const Envelope& env) const {
  // Citizen tokens are checked before ids are resolved so they cannot probe which ids exist.
  if (env.actor.role == Role::citizen || env.actor.role == Role::analyst)
    authorize(env.actor, env.command);
  validate(env.command);
  authorize(env.actor, env.command);
  return std::visit(
      [&](const auto& r) -> Outcome {
        using T = std::decay_t<decltype(r)>;
        if constexpr (std::is_same_v<T, ChoiceRequest>)
          return choose(env, r);
        else if constexpr (std::is_same_v<T, MoveRequest>)
          return move(env, r);
        else if constexpr (std::is_same_v<T, DeregistrationRequest>)
          return deregister(env, r);
        else if constexpr (std::is_same_v<T, AssignmentRequest>)
          return assign(env, r);
        else if constexpr (std::is_same_v<T, ListStatusRequest>)
          return list_status(env, r);
        else if constexpr (std::is_same_v<T, ApprovalRequest>)
          return approve(env, r);
        else
          return close_clinic(env, r);
      },
      env.command);
}

std::optional<Message> ListingRules::check_exception(CitizenIndex i, ClinicIndex c,
                                                     const Evidence& ev, Date today) const {
  const auto& ct = s_.world().citizens;
  const auto& ls = s_.settings().listing;
  const int year = today.year();
  // `needs` is the key of the message naming the related person the evidence must give.
  auto related_in_household = [&](const char* needs) -> std::optional<Message> {
    if (!ev.related) return message(needs, ev.exception);
    const CitizenIndex r = citizen(*ev.related, "evidence.related");
    if (ct.household[r] != ct.household[i] || r == i)
      return message("listing.reason.L4.not_household");
    if (ct.listing[r] != c) return message("listing.reason.L4.related_not_listed", clinic_label(c));
    return std::nullopt;
  };
  switch (ev.exception) {
    case 'a': {
      if (ct.age_in(i, year) != ls.adult_age) {
        return message("listing.reason.L4.a_age", ls.adult_age, ct.age_in(i, year));
      }
      if (auto why = related_in_household("listing.reason.L4.needs_parent")) return why;
      if (ct.birth_year[citizen(*ev.related, "evidence.related")] >= ct.birth_year[i]) {
        return message("listing.reason.L4.a_not_older");
      }
      return std::nullopt;
    }
    case 'b': {
      if (auto why = related_in_household("listing.reason.L4.needs_partner")) return why;
      if (ct.age_in(citizen(*ev.related, "evidence.related"), year) < ls.adult_age) {
        return message("listing.reason.L4.b_child");
      }
      return std::nullopt;
    }
    case 'c':
      if (ct.group[i] != InsuranceGroup::group2 && ct.listing[i] != kNoClinic) {
        return message("listing.reason.L4.c_group1");
      }
      if (ev.reference.empty()) return message("listing.reason.L4.c_reference");
      return std::nullopt;
    case 'd':
      if (ev.reference.empty()) return message("listing.reason.L4.d_reference");
      return std::nullopt;
    case 'e': {
      const Entitlement* e = s_.entitlement(i);
      if (!e || e->rule != "L5" || !e->closed_exception) {
        return message("listing.reason.L4.e_move");
      }
      return std::nullopt;
    }
    default:
      return message("listing.reason.L4.unknown", ev.exception);
  }
}

Outcome ListingRules::choose(const Envelope& env, const ChoiceRequest& r) const {
  const World& w = s_.world();
  const auto& ct = w.citizens;
  const auto& ls = s_.settings().listing;
  const CitizenIndex i = citizen(r.citizen, "citizen");
  const ClinicIndex c = clinic(r.clinic, "clinic");
  const Date today = env.notified_on;
  const int age = ct.age_in(i, today.year());
  const ClinicIndex cur = ct.listing[i];
  const bool group2 = ct.group[i] == InsuranceGroup::group2;
  const GeoPoint home = ct.home[i];
  const double km = s_.distance_km(home, c);
  const std::string label = clinic_label(c);

  if (s_.shut_down(c)) return denied(message("listing.reason.C2.shut_down", label), {"C2"});
  if (cur == c && !group2)
    return denied(message("listing.reason.L2.already_listed", label), {"L2"});

  Outcome o;
  Decision& d = o.decision;
  // Rule L1: children under 15 follow a parent; they cannot choose alone.
  std::vector<CitizenIndex> followers;
  if (age < ls.adult_age) {
    bool parent_there = false;
    for (CitizenIndex m : s_.household(i)) {
      if (m != i && ct.age_in(m, today.year()) >= ls.adult_age && ct.listing[m] == c &&
          ct.group[m] == InsuranceGroup::group1) {
        parent_there = true;
      }
    }
    if (!parent_there) {
      return denied(message("listing.reason.L1.child_alone", ls.adult_age, label), {"L1"});
    }
    d.add_rule("L1");
    d.say(message("listing.reason.L1.child_follows", label));
  } else {
    for (CitizenIndex m : s_.household(i)) {
      if (m != i && ct.age_in(m, today.year()) < ls.adult_age &&
          ct.group[m] == InsuranceGroup::group1 &&
          (ct.listing[m] == cur || ct.listing[m] == kNoClinic) && ct.listing[m] != c) {
        followers.push_back(m);
      }
    }
    const bool within = s_.within_km(home, c, ls.choice_radius_km);
    if (attached_doctor_choice(i, c)) {
      // Rule L8: the residents are offered the home's attached doctor as their GP; the offer
      // holds whether the clinic's list is open or closed and however far the clinic is.
      d.add_rule("L8");
      d.say(message("listing.reason.L8.attached_doctor", label, w.nursing_home_at(home)->name,
                    decimal_arg(km, 1)));
    } else if (s_.accepts(c)) {
      const auto extra = static_cast<std::int64_t>(1 + followers.size());
      if (!s_.has_room(c, extra, today)) {
        return denied(message("listing.reason.C1.no_room", label, s_.listed(c),
                              w.clinics[c].total_capacities(), extra,
                              s_.settings().capacity.approval_required_above),
                      {"C1"});
      }
      if (within) {
        d.add_rule("L2");
        d.say(message("listing.reason.L2.open_within", label, decimal_arg(km, 1),
                      ls.choice_radius_km));
      } else {
        d.add_rule("L3");
        d.say(message("listing.reason.L3.open_beyond", label, decimal_arg(km, 1),
                      ls.choice_radius_km));
      }
    } else if (!within) {
      if (!r.doctor_accepts) {
        Outcome o2 = denied(message("listing.reason.L3.closed_beyond", label, decimal_arg(km, 1),
                                    ls.choice_radius_km),
                            {"L3"});
        o2.decision.evidence_required = {"listing.evidence.doctor_accepts"};
        return o2;
      }
      d.add_rule("L3");
      d.say(message("listing.reason.L3.closed_beyond_accepted", label, decimal_arg(km, 1),
                    ls.choice_radius_km));
    } else {
      // Rule L4: a closed clinic within 15 km lists a new patient only in cases a-e.
      if (!r.evidence) {
        Outcome o2 =
            denied(message("listing.reason.L4.closed_within", label, ls.choice_radius_km), {"L4"});
        for (auto t : kExceptionText) o2.decision.evidence_required.emplace_back(t);
        return o2;
      }
      if (auto why = check_exception(i, c, *r.evidence, today)) {
        Outcome o2 = denied(
            message("listing.reason.L4.exception_fails", label, r.evidence->exception), {"L4"});
        o2.decision.say(std::move(*why));  // why the exception does not apply
        o2.decision.evidence_required.emplace_back(kExceptionText[r.evidence->exception - 'a']);
        return o2;
      }
      d.add_rule(fmt::format("L4{}", r.evidence->exception));
      d.say(message("listing.reason.L4.exception_applies", label, r.evidence->exception));
    }
  }

  // Rule L3: home visits. The attached doctor sees the residents at the home (rule L8).
  const bool l8 = attached_doctor_choice(i, c);
  const bool hv = l8 || keeps_home_visits(home, c, today);
  if (!l8 && !s_.within_km(home, c, ls.home_visit_radius_km)) {
    d.add_rule("L3");
    d.say(hv ? message("listing.reason.L3.home_visits_remain", ls.min_open_choices,
                       ls.choice_radius_km)
             : message("listing.reason.L3.home_visits_given_up", ls.home_visit_radius_km));
  }
  d.home_visit_right = hv;

  // Rule L6: effective date and fee. A first listing takes effect at once (rule L1).
  const Entitlement* ent = s_.entitlement(i);
  if (cur == kNoClinic || group2) {
    d.add_rule("L1");
    d.effective_from = today;
    d.fee = Money{};
    d.say(message("listing.reason.L1.first_listing"));
  } else {
    d.add_rule("L6");
    d.effective_from = effective_date(today);
    if (ent) {
      d.fee = Money{};
      d.say(message("listing.reason.L6.free", ent->rule));
    } else if (age < ls.adult_age) {
      d.fee = Money{};
    } else {
      d.fee = ls.change_fee;
      d.say(message("listing.reason.L6.fee", ls.change_fee.to_kr_string()));
    }
  }
  d.allowed = true;
  d.listed_with = w.clinics[c].ydernummer;

  if (group2) o.effects.push_back(GroupChange{i, InsuranceGroup::group2, InsuranceGroup::group1});
  o.effects.push_back(ListingChange{i, cur, c, ct.home_visit_right[i] != 0, hv});
  for (CitizenIndex m : followers) {
    o.effects.push_back(ListingChange{m, ct.listing[m], c, ct.home_visit_right[m] != 0,
                                      keeps_home_visits(ct.home[m], c, today)});
    d.followers.push_back(ct.id[m]);
  }
  if (!followers.empty()) d.add_rule("L1");
  if (ent) o.effects.push_back(s_.entitlement_change(i, std::nullopt));
  if (s_.assignment(i)) o.effects.push_back(s_.assignment_change(i, std::nullopt));
  return o;
}

Outcome ListingRules::move(const Envelope& env, const MoveRequest& r) const {
  const World& w = s_.world();
  const auto& ct = w.citizens;
  const auto& ls = s_.settings().listing;
  const CitizenIndex i = citizen(r.citizen, "citizen");

  Outcome o;
  Decision& d = o.decision;
  d.allowed = true;
  o.effects.push_back(HomeChange{i, ct.home[i], r.home, ct.kommune[i], r.kommune});
  const ClinicIndex cur = ct.listing[i];
  if (ct.group[i] == InsuranceGroup::group2 || cur == kNoClinic) {
    d.add_rule("L1");
    d.say(message("listing.reason.L1.move_group2"));
    return o;
  }
  const double km = s_.distance_km(r.home, cur);
  const double limit = move_rechoice_km(r.kommune);
  const int open_n = s_.open_choices(r.home, env.notified_on);
  d.add_rule("L5");
  d.listed_with = w.clinics[cur].ydernummer;
  if (!s_.within_km(r.home, cur, limit)) {
    const Entitlement ent{"L5", env.notified_on, open_n < ls.min_open_choices};
    o.effects.push_back(s_.entitlement_change(i, ent));
    d.free_rechoice = true;
    d.say(message("listing.reason.L5.far", decimal_arg(km, 1), clinic_label(cur), limit));
    std::vector<ClinicHit> hits;
    s_.within(r.home, ls.choice_radius_km, true, hits);
    for (std::size_t k = 0; k < hits.size() && k < static_cast<std::size_t>(ls.offered_choices);
         ++k) {
      d.offered.push_back({w.clinics[hits[k].clinic].ydernummer, hits[k].km});
    }
    if (ent.closed_exception) {
      d.add_rule("L4e");
      d.say(message("listing.reason.L4e.move", ls.min_open_choices, ls.choice_radius_km,
                    ls.choice_radius_km));
    }
  } else {
    d.say(message("listing.reason.L5.near", decimal_arg(km, 1), clinic_label(cur), limit));
  }
  // Rule L3: the home-visit right is re-evaluated from the new address.
  const bool hv =
      s_.within_km(r.home, cur, ls.home_visit_radius_km) || open_n < ls.min_open_choices;
  d.home_visit_right = hv;
  if (hv != (ct.home_visit_right[i] != 0)) {
    o.effects.push_back(ListingChange{i, cur, cur, ct.home_visit_right[i] != 0, hv});
    d.add_rule("L3");
    d.say(hv ? message("listing.reason.L3.home_visits_restored")
             : message("listing.reason.L3.home_visits_lapse", ls.home_visit_radius_km));
  }
  return o;
}

Outcome ListingRules::deregister(const Envelope& env, const DeregistrationRequest& r) const {
  const World& w = s_.world();
  const auto& ct = w.citizens;
  const auto& ls = s_.settings().listing;
  const CitizenIndex i = citizen(r.citizen, "citizen");
  const ClinicIndex c = clinic(r.clinic, "clinic");
  if (ct.listing[i] != c)
    return denied(message("listing.reason.L7.not_listed", clinic_label(c)), {"L7"});
  if (r.grounds != "trust_missing") {
    return denied(message("listing.reason.L7.grounds", r.grounds), {"L7"});
  }
  Outcome o;
  Decision& d = o.decision;
  d.allowed = true;
  d.add_rule("L7");
  const GeoPoint home = ct.home[i];
  auto offers = s_.nearest_with_room(home, static_cast<std::size_t>(ls.offered_choices),
                                     env.notified_on, 1, c);
  for (const auto& h : offers) d.offered.push_back({w.clinics[h.clinic].ydernummer, h.km});
  if (offers.empty()) {
    // Never without a GP: the citizen stays with the clinic until the region assigns another.
    const Assignment a{"L7", env.notified_on, {}};
    o.effects.push_back(s_.assignment_change(i, a));
    o.effects.push_back(s_.entitlement_change(i, Entitlement{"L7", env.notified_on, false}));
    d.add_rule("L2");
    d.pending_assignment = true;
    d.listed_with = w.clinics[c].ydernummer;
    d.say(message("listing.reason.L7.pending"));
    return o;
  }
  const ClinicIndex to = offers.front().clinic;
  o.effects.push_back(ListingChange{i, c, to, ct.home_visit_right[i] != 0, true});
  o.effects.push_back(s_.entitlement_change(i, Entitlement{"L7", env.notified_on, false}));
  d.listed_with = w.clinics[to].ydernummer;
  d.home_visit_right = true;
  d.effective_from = env.notified_on;
  d.fee = Money{};
  d.free_rechoice = true;
  d.say(message("listing.reason.L7.relisted", clinic_label(to), decimal_arg(offers.front().km, 1)));
  return o;
}

Outcome ListingRules::assign(const Envelope& env, const AssignmentRequest& r) const {
  const World& w = s_.world();
  const auto& ct = w.citizens;
  const auto& ls = s_.settings().listing;
  const CitizenIndex i = citizen(r.citizen, "citizen");
  if (ct.group[i] == InsuranceGroup::group2)
    return denied(message("listing.reason.L1.group2"), {"L1"});
  const GeoPoint home = ct.home[i];
  const int open_n = s_.open_choices(home, env.notified_on);
  if (open_n >= ls.min_open_choices) {
    return denied(
        message("listing.reason.L2.can_choose", open_n, ls.choice_radius_km, ls.min_open_choices),
        {"L2"});
  }
  Outcome o;
  Decision& d = o.decision;
  d.allowed = true;
  d.add_rule("L2");
  auto proposals =
      s_.nearest_with_room(home, static_cast<std::size_t>(ls.min_open_choices), env.notified_on);
  Assignment a{"L2", env.notified_on, {}};
  for (const auto& h : proposals) {
    a.proposals.push_back(w.clinics[h.clinic].ydernummer);
    d.offered.push_back({w.clinics[h.clinic].ydernummer, h.km});
  }
  const ClinicIndex cur = ct.listing[i];
  o.effects.push_back(s_.entitlement_change(i, Entitlement{"L2", env.notified_on, false}));
  d.free_rechoice = true;
  d.home_visit_right = true;
  if ((cur == kNoClinic || s_.shut_down(cur)) && !proposals.empty()) {
    const ClinicIndex to = proposals.front().clinic;
    o.effects.push_back(ListingChange{i, cur, to, ct.home_visit_right[i] != 0, true});
    if (s_.assignment(i)) o.effects.push_back(s_.assignment_change(i, std::nullopt));
    d.listed_with = w.clinics[to].ydernummer;
    d.effective_from = env.notified_on;
    d.say(message("listing.reason.L2.assigned", open_n, ls.choice_radius_km, clinic_label(to),
                  decimal_arg(proposals.front().km, 1)));
    return o;
  }
  o.effects.push_back(s_.assignment_change(i, a));
  d.pending_assignment = true;
  if (cur != kNoClinic) d.listed_with = w.clinics[cur].ydernummer;
  if (cur != kNoClinic && ct.home_visit_right[i] == 0) {
    o.effects.push_back(ListingChange{i, cur, cur, false, true});
    d.add_rule("L3");
  }
  d.say(message("listing.reason.L2.assignment_pending", open_n, ls.choice_radius_km,
                proposals.size()));
  return o;
}

Outcome ListingRules::list_status(const Envelope& env, const ListStatusRequest& r) const {
  const World& w = s_.world();
  const auto& cs = s_.settings().capacity;
  const ClinicIndex c = clinic(r.clinic, "clinic");
  const std::string label = clinic_label(c);
  if (s_.shut_down(c)) return denied(message("listing.reason.C2.shut_down_short", label), {"C2"});
  const double ppc = s_.patients_per_capacity(c);
  const bool open = w.clinics[c].open;
  auto with_ppc = [&](Outcome o) {
    o.decision.patients_per_capacity = ppc;
    return o;
  };
  if (open == r.open)
    return with_ppc(
        denied(message(open ? "listing.reason.C1.already_open" : "listing.reason.C1.already_closed",
                       label),
               {"C1"}));
  if (!r.open) {
    if (ppc <= cs.may_close_above) {
      return with_ppc(denied(message("listing.reason.C1.may_not_close", label, decimal_arg(ppc, 0),
                                     cs.may_close_above),
                             {"C1"}));
    }
  } else if (ppc > cs.approval_required_above && !s_.approval_valid(c, env.notified_on)) {
    return with_ppc(denied(message("listing.reason.C1.needs_approval", label, decimal_arg(ppc, 0),
                                   cs.approval_required_above),
                           {"C1"}));
  }
  Outcome o;
  o.decision.allowed = true;
  o.decision.add_rule("C1");
  o.decision.patients_per_capacity = ppc;
  o.decision.effective_from = env.notified_on;
  o.decision.say(
      r.open ? message("listing.reason.C1.opens", label, decimal_arg(ppc, 0))
             : message("listing.reason.C1.closes", label, decimal_arg(ppc, 0), cs.may_close_above));
  o.effects.push_back(ClinicOpenChange{c, open, r.open});
  return o;
}

Outcome ListingRules::approve(const Envelope& env, const ApprovalRequest& r) const {
  const ClinicIndex c = clinic(r.clinic, "clinic");
  if (r.valid_until < env.notified_on)
    throw bad("valid_until", message("listing.error.approval_expired"));
  Outcome o;
  o.decision.allowed = true;
  o.decision.add_rule("C1");
  o.decision.patients_per_capacity = s_.patients_per_capacity(c);
  o.decision.say(message("listing.reason.C1.approval", r.reference, clinic_label(c),
                         s_.settings().capacity.approval_required_above,
                         r.valid_until.to_string()));
  o.effects.push_back(ApprovalChange{c, s_.approval(c), Approval{r.reference, r.valid_until}});
  return o;
}

Outcome ListingRules::close_clinic(const Envelope& env, const ClosureRequest& r) const {
  const World& w = s_.world();
  const auto& ct = w.citizens;
  const auto& ls = s_.settings().listing;
  const ClinicIndex c = clinic(r.clinic, "clinic");
  if (s_.shut_down(c))
    return denied(message("listing.reason.C2.already_shut_down", clinic_label(c)), {"C2"});
  const Date today = env.notified_on;
  Outcome o;
  Decision& d = o.decision;
  d.allowed = true;
  d.add_rule("C2");
  if (w.clinics[c].open) o.effects.push_back(ClinicOpenChange{c, true, false});
  o.effects.push_back(ShutdownChange{c, std::nullopt, today});

  // Patients in row order; children under 15 follow the adult of their household placed first.
  std::vector<CitizenIndex> patients;
  for (std::size_t k = 0; k < ct.size(); ++k) {
    if (ct.listing[k] == c && ct.group[k] == InsuranceGroup::group1)
      patients.push_back(static_cast<CitizenIndex>(k));
  }
  std::stable_partition(patients.begin(), patients.end(),
                        [&](CitizenIndex p) { return ct.age_in(p, today.year()) >= ls.adult_age; });
  std::unordered_map<ClinicIndex, std::int64_t> added;
  std::unordered_map<HouseholdId, ClinicIndex> household_clinic;
  std::map<Ydernummer, std::int64_t> destinations;
  std::vector<ClinicHit> hits;
  auto room = [&](ClinicIndex k) { return k != c && s_.has_room(k, added[k] + 1, today); };
  for (CitizenIndex p : patients) {
    ClinicIndex to = kNoClinic;
    if (ct.age_in(p, today.year()) < ls.adult_age) {
      auto it = household_clinic.find(ct.household[p]);
      if (it != household_clinic.end() && room(it->second)) to = it->second;
    }
    if (to == kNoClinic) {
      s_.within(ct.home[p], ls.choice_radius_km, true, hits);
      for (const auto& h : hits) {
        if (room(h.clinic)) {
          to = h.clinic;
          break;
        }
      }
    }
    o.effects.push_back(s_.entitlement_change(p, Entitlement{"C2", today, false}));
    if (to != kNoClinic) {
      ++added[to];
      household_clinic.emplace(ct.household[p], to);
      o.effects.push_back(ListingChange{p, c, to, ct.home_visit_right[p] != 0, true});
      ++destinations[w.clinics[to].ydernummer];
      ++d.relisted;
    } else {
      // Nobody is left without a GP: the region must assign; the patient stays listed until then.
      Assignment a{"C2", today, {}};
      for (const auto& h : s_.nearest_with_room(
               ct.home[p], static_cast<std::size_t>(ls.min_open_choices), today, 1, c)) {
        a.proposals.push_back(w.clinics[h.clinic].ydernummer);
      }
      o.effects.push_back(s_.assignment_change(p, a));
      ++d.pending;
    }
  }
  if (d.pending > 0) d.add_rule("L2");
  d.destinations.assign(destinations.begin(), destinations.end());
  d.effective_from = today;
  d.say(message("listing.reason.C2.closure", clinic_label(c),
                r.reason.empty() ? std::string() : fmt::format(" ({})", r.reason), d.relisted,
                ls.choice_radius_km, d.pending));
  return o;
}

}  // namespace praksis::listing
