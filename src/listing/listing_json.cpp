// Strict JSON parsing of requests and the JSON forms of decisions, records and effects.
#include "praksis/listing/listing_json.hpp"

#include <fmt/format.h>

#include <cmath>
#include <set>

#include "praksis/core/error.hpp"
#include "praksis/core/parse.hpp"

namespace praksis::listing {
namespace {

using nlohmann::json;

/// Reads one JSON object, naming each field by its path; remembers which fields were read.
class Fields {
 public:
  Fields(const json& obj, std::string path, const std::string& source)
      : obj_(obj), path_(std::move(path)), source_(source) {
    if (!obj_.is_object()) fail(path_.empty() ? "$" : path_, message("input.json.object"));
  }

  [[noreturn]] void fail(std::string_view field, std::string reason) const {
    throw InputError(InputLocation{source_, 0, 0, std::string(field)}, std::move(reason));
  }
  [[noreturn]] void fail(std::string_view field, Message reason) const {
    throw InputError(InputLocation{source_, 0, 0, std::string(field)}, std::move(reason));
  }
  std::string at(std::string_view k) const {
    return path_.empty() ? std::string(k) : path_ + "." + std::string(k);
  }

  const json* get(std::string_view k) {
    seen_.insert(std::string(k));
    auto it = obj_.find(k);
    return it == obj_.end() || it->is_null() ? nullptr : &*it;
  }
  const json& need(std::string_view k) {
    const json* v = get(k);
    if (!v) fail(at(k), message("input.json.required"));
    return *v;
  }
  CitizenId citizen(std::string_view k) { return citizen_of(need(k), at(k)); }
  CitizenId citizen_of(const json& v, const std::string& where) const {
    if (!v.is_string()) fail(where, message("input.json.citizen_string"));
    auto id = parse_hex_id(v.get_ref<const std::string&>());
    if (!id) fail(where, message("input.json.citizen"));
    return *id;
  }
  Ydernummer clinic(std::string_view k) { return clinic_of(need(k), at(k)); }
  Ydernummer clinic_of(const json& v, const std::string& where) const {
    if (!v.is_number_integer() || v.get<std::int64_t>() <= 0 || v.get<std::int64_t>() > 999999) {
      fail(where, message("input.json.ydernummer"));
    }
    return static_cast<Ydernummer>(v.get<std::int64_t>());
  }
  std::string text(std::string_view k, bool required, std::size_t max_len = 500) {
    const json* v = required ? &need(k) : get(k);
    if (!v) return {};
    if (!v->is_string()) fail(at(k), message("input.json.string"));
    const auto& s = v->get_ref<const std::string&>();
    if (required && s.empty()) fail(at(k), message("input.json.not_empty"));
    if (s.size() > max_len) fail(at(k), message("input.json.max_len", max_len));
    return s;
  }
  bool flag(std::string_view k) {
    const json* v = get(k);
    if (!v) return false;
    if (!v->is_boolean()) fail(at(k), message("input.json.bool"));
    return v->get<bool>();
  }
  std::optional<Date> date(std::string_view k, bool required) {
    const json* v = required ? &need(k) : get(k);
    if (!v) return std::nullopt;
    if (!v->is_string()) fail(at(k), message("input.json.date"));
    auto d = Date::parse(v->get_ref<const std::string&>());
    if (!d) fail(at(k), message("input.json.real_date"));
    return d;
  }
  double number(std::string_view k) {
    const json& v = need(k);
    if (!v.is_number() || !std::isfinite(v.get<double>()))
      fail(at(k), message("input.json.number"));
    return v.get<double>();
  }
  int integer(std::string_view k, int lo, int hi) {
    const json& v = need(k);
    if (!v.is_number_integer() || v.get<std::int64_t>() < lo || v.get<std::int64_t>() > hi) {
      fail(at(k), message("input.json.integer", lo, hi));
    }
    return static_cast<int>(v.get<std::int64_t>());
  }
  /// Rejects fields that were not read (typos must not pass silently).
  void no_others() const {
    for (auto it = obj_.begin(); it != obj_.end(); ++it) {
      if (!seen_.count(it.key())) fail(at(it.key()), message("input.json.unknown_field"));
    }
  }

 private:
  const json& obj_;
  std::string path_;
  const std::string& source_;
  std::set<std::string> seen_;
};

}  // namespace

std::string hex_id(CitizenId id) {
  char b[16];
  format_hex_id(id, b);
  return std::string(b, 16);
}

const std::vector<std::string_view>& action_names() {
  static const std::vector<std::string_view> names = {
      "choice", "move", "deregistration", "assignment", "list-status", "approval", "closure"};
  return names;
}

std::string_view action_name(const Command& c) {
  return action_names()[c.index()];
}

namespace {

/// Builds the document like nlohmann's DOM parser while keeping the path of the value being read,
/// so that every refusal names its field: duplicate keys (no "last wins"), numbers that overflow a
/// double ("lat": 1e999), ill-formed UTF-8 inside a string and nesting beyond kMaxDepth.
class StrictSax {
 public:
  static constexpr std::size_t kMaxDepth = 64;
  StrictSax(json& out, const std::string& source) : dom_(out, true), source_(source) {}

  bool null() { return value(), dom_.null(); }
  bool boolean(bool v) { return value(), dom_.boolean(v); }
  bool number_integer(json::number_integer_t v) { return value(), dom_.number_integer(v); }
  bool number_unsigned(json::number_unsigned_t v) { return value(), dom_.number_unsigned(v); }
  bool number_float(json::number_float_t v, const json::string_t& s) {
    return value(), dom_.number_float(v, s);
  }
  bool string(json::string_t& v) { return value(), dom_.string(v); }
  bool binary(json::binary_t& v) { return value(), dom_.binary(v); }
  bool start_object(std::size_t n) {
    value();
    push(true);
    return dom_.start_object(n);
  }
  bool key(json::string_t& k) {
    Level& top = stack_.back();
    top.key = k;
    if (!top.keys.insert(k).second) fail(path(), message("input.json.duplicate_key"));
    return dom_.key(k);
  }
  bool end_object() {
    stack_.pop_back();
    return dom_.end_object();
  }
  bool start_array(std::size_t n) {
    value();
    push(false);
    return dom_.start_array(n);
  }
  bool end_array() {
    stack_.pop_back();
    return dom_.end_array();
  }
  bool parse_error(std::size_t byte, const std::string&, const nlohmann::json::exception& e) {
    if (e.id == 406) fail(path(true), message("input.json.out_of_range"));
    // nlohmann's message quotes the bytes last read, which may be the ill-formed UTF-8 itself:
    // keep only the reason, so the answer stays valid UTF-8 JSON.
    std::string reason = e.what();
    if (auto p = reason.find(" - "); p != std::string::npos) reason.erase(0, p + 3);
    if (auto p = reason.find("; last read"); p != std::string::npos) reason.erase(p);
    for (char& c : reason)
      if (static_cast<unsigned char>(c) >= 0x80 || c < 0x20) c = '?';
    // A bad string (ill-formed UTF-8, a lone surrogate) belongs to the field being read; any other
    // syntax error to the body as a whole.
    const bool in_string = reason.starts_with("invalid string");
    fail(in_string ? path(true) : std::string("body"), message("input.json.invalid", byte, reason));
  }

 private:
  struct Level {
    bool object = false;
    std::set<std::string> keys;
    std::string key;
    std::size_t count = 0;  // values begun in an array
  };
  void push(bool object) {
    if (stack_.size() >= kMaxDepth) fail(path(), message("input.json.too_deep", kMaxDepth));
    stack_.push_back(Level{object, {}, {}, 0});
  }
  void value() {
    if (!stack_.empty() && !stack_.back().object) ++stack_.back().count;
  }
  // The path of the value last begun; `reading` names the one being read when a parse error cuts
  // it short (in an array that element has not been counted yet).
  std::string path(bool reading = false) const {
    std::string p;
    for (std::size_t i = 0; i < stack_.size(); ++i) {
      const Level& l = stack_[i];
      const std::size_t count = l.count + (reading && i + 1 == stack_.size() ? 1 : 0);
      if (l.object) {
        if (!l.key.empty() || !l.keys.empty()) p += (p.empty() ? "" : ".") + l.key;
      } else if (count > 0) {
        p += fmt::format("[{}]", count - 1);
      }
    }
    return p;
  }
  // Every refusal names a place: the field's path, or the body as a whole at the top level (a
  // bare number out of range, an empty key).
  [[noreturn]] void fail(std::string field, Message reason) const {
    if (field.empty()) field = "body";
    for (char& c : field)
      if (static_cast<unsigned char>(c) >= 0x80 || c < 0x20) c = '?';
    throw InputError(InputLocation{source_, 0, 0, std::move(field)}, std::move(reason));
  }

  nlohmann::detail::json_sax_dom_parser<json> dom_;
  const std::string& source_;
  std::vector<Level> stack_;
};

}  // namespace

json parse_json_text(std::string_view text, const std::string& source) {
  json out;
  StrictSax sax(out, source);
  json::sax_parse(text, &sax);
  return out;
}

ParsedRequest parse_request(std::string_view action, const json& body, const std::string& source) {
  Fields f(body, "", source);
  ParsedRequest p;
  p.notified_on = f.date("notified_on", false);
  p.idempotency_key = f.text("idempotency_key", false, 200);
  if (action == "choice") {
    ChoiceRequest r;
    r.citizen = f.citizen("citizen");
    r.clinic = f.clinic("clinic");
    r.doctor_accepts = f.flag("doctor_accepts");
    if (const json* ev = f.get("evidence")) {
      Fields e(*ev, "evidence", source);
      Evidence x;
      const std::string kind = e.text("exception", true, 1);
      if (kind.size() != 1 || kind[0] < 'a' || kind[0] > 'e')
        e.fail("evidence.exception", message("listing.error.exception_letter"));
      x.exception = kind[0];
      if (const json* rel = e.get("related")) x.related = e.citizen_of(*rel, "evidence.related");
      x.reference = e.text("reference", false);
      e.no_others();
      r.evidence = x;
    }
    p.command = r;
  } else if (action == "move") {
    MoveRequest r;
    r.citizen = f.citizen("citizen");
    Fields h(f.need("home"), "home", source);
    const double lat = h.number("lat"), lon = h.number("lon");
    if (lat < -90 || lat > 90) h.fail("home.lat", message("listing.error.latitude"));
    if (lon < -180 || lon > 180) h.fail("home.lon", message("listing.error.longitude"));
    h.no_others();
    r.home = GeoPoint::from_degrees(lat, lon);
    r.kommune = static_cast<KommuneCode>(f.integer("kommune", 100, 999));
    p.command = r;
  } else if (action == "deregistration") {
    DeregistrationRequest r;
    r.citizen = f.citizen("citizen");
    r.clinic = f.clinic("clinic");
    r.grounds = f.text("grounds", true, 100);
    p.command = r;
  } else if (action == "assignment") {
    p.command = AssignmentRequest{f.citizen("citizen")};
  } else if (action == "list-status") {
    ListStatusRequest r;
    r.clinic = f.clinic("clinic");
    const std::string st = f.text("status", true, 10);
    if (st != "open" && st != "closed") f.fail("status", message("listing.error.status"));
    r.open = st == "open";
    p.command = r;
  } else if (action == "approval") {
    ApprovalRequest r;
    r.clinic = f.clinic("clinic");
    r.reference = f.text("reference", true);
    r.valid_until = *f.date("valid_until", true);
    p.command = r;
  } else if (action == "closure") {
    ClosureRequest r;
    r.clinic = f.clinic("clinic");
    r.reason = f.text("reason", false);
    p.command = r;
  } else {
    std::string valid;
    for (auto n : action_names()) valid += (valid.empty() ? "" : ", ") + std::string(n);
    f.fail("action", message("input.json.unknown_action", action, valid));
  }
  f.no_others();
  return p;
}

json decision_json(const Decision& d, const Command& c, const World& w, Lang lang) {
  json j;
  j["action"] = action_name(c);
  const Subject sub = subject_of(c);
  if (sub.citizen) j["citizen"] = hex_id(*sub.citizen);
  if (sub.clinic) j["clinic"] = *sub.clinic;
  j["allowed"] = d.allowed;
  j["rules"] = d.rules;
  j["reason"] = d.reason_in(lang);
  if (d.effective_from) j["effective_from"] = d.effective_from->to_string();
  if (d.fee) j["fee_kr"] = d.fee->to_kr_string();
  if (d.home_visit_right) j["home_visit_right"] = *d.home_visit_right;
  if (d.listed_with) j["listed_with"] = *d.listed_with;
  if (!d.offered.empty()) {
    json arr = json::array();
    for (const auto& o : d.offered) {
      auto ci = w.find_clinic(o.ydernummer);
      arr.push_back({{"ydernummer", o.ydernummer},
                     {"name", ci ? w.clinics[*ci].name : ""},
                     {"distance_km", std::round(o.distance_km * 1000) / 1000}});
    }
    j["offered"] = std::move(arr);
  }
  if (!d.evidence_required.empty()) {
    json arr = json::array();
    for (const auto& key : d.evidence_required) arr.push_back(text(key, lang));
    j["evidence_required"] = std::move(arr);
  }
  if (d.free_rechoice) j["free_rechoice"] = true;
  if (d.pending_assignment) j["pending_assignment"] = true;
  if (!d.followers.empty()) {
    json arr = json::array();
    for (auto id : d.followers) arr.push_back(hex_id(id));
    j["followers"] = std::move(arr);
  }
  if (d.patients_per_capacity)
    j["patients_per_capacity"] = std::round(*d.patients_per_capacity * 10) / 10;
  if (std::holds_alternative<ClosureRequest>(c) && d.allowed) {
    j["relisted"] = d.relisted;
    j["pending"] = d.pending;
    json arr = json::array();
    for (auto [y, n] : d.destinations) arr.push_back({{"ydernummer", y}, {"patients", n}});
    j["destinations"] = std::move(arr);
  }
  return j;
}

json citizen_json(const ListingState& s, CitizenIndex i, Date today) {
  const World& w = s.world();
  const auto& ct = w.citizens;
  json j;
  j["id"] = hex_id(ct.id[i]);
  j["birth_year"] = ct.birth_year[i];
  j["kommune"] = ct.kommune[i];
  j["home"] = {{"lat", ct.home[i].lat()}, {"lon", ct.home[i].lon()}};
  j["group"] = static_cast<int>(ct.group[i]);
  j["home_visit_right"] = ct.home_visit_right[i] != 0;
  if (ct.listing[i] != kNoClinic) {
    const auto& c = w.clinics[ct.listing[i]];
    j["listing"] = {
        {"ydernummer", c.ydernummer},
        {"name", c.name},
        {"distance_km", std::round(s.distance_km(ct.home[i], ct.listing[i]) * 1000) / 1000},
        {"shut_down", s.shut_down(ct.listing[i])}};
  } else {
    j["listing"] = nullptr;
  }
  j["open_clinics_within_choice_radius"] = s.open_choices(ct.home[i], today);
  if (const Entitlement* e = s.entitlement(i)) {
    j["free_rechoice"] = {{"rule", e->rule},
                          {"since", e->since.to_string()},
                          {"closed_exception", e->closed_exception}};
  }
  if (const Assignment* a = s.assignment(i)) {
    j["pending_assignment"] = {
        {"rule", a->rule}, {"created", a->created.to_string()}, {"proposals", a->proposals}};
  }
  return j;
}

namespace {
json opt_date(const std::optional<Date>& d) {
  return d ? json(d->to_string()) : json(nullptr);
}
json ent_json(const std::optional<Entitlement>& e) {
  if (!e) return nullptr;
  return {{"rule", e->rule},
          {"since", e->since.to_string()},
          {"closed_exception", e->closed_exception}};
}
json asg_json(const std::optional<Assignment>& a) {
  if (!a) return nullptr;
  return {{"rule", a->rule}, {"created", a->created.to_string()}, {"proposals", a->proposals}};
}
json appr_json(const std::optional<Approval>& a) {
  if (!a) return nullptr;
  return {{"reference", a->reference}, {"valid_until", a->valid_until.to_string()}};
}
Date date_of(const json& j) {
  auto d = Date::parse(j.get<std::string>());
  if (!d) throw Error("audit: bad date " + j.dump());
  return *d;
}
std::optional<Date> opt_date_of(const json& j) {
  if (j.is_null()) return std::nullopt;
  return date_of(j);
}
std::optional<Entitlement> ent_of(const json& j) {
  if (j.is_null()) return std::nullopt;
  return Entitlement{j.at("rule").get<std::string>(), date_of(j.at("since")),
                     j.at("closed_exception").get<bool>()};
}
std::optional<Assignment> asg_of(const json& j) {
  if (j.is_null()) return std::nullopt;
  return Assignment{j.at("rule").get<std::string>(), date_of(j.at("created")),
                    j.at("proposals").get<std::vector<Ydernummer>>()};
}
std::optional<Approval> appr_of(const json& j) {
  if (j.is_null()) return std::nullopt;
  return Approval{j.at("reference").get<std::string>(), date_of(j.at("valid_until"))};
}
}  // namespace

json effects_json(std::span<const Effect> effects, const World& w) {
  json arr = json::array();
  const auto& ct = w.citizens;
  auto clinic = [&](ClinicIndex c) {
    return c == kNoClinic ? json(nullptr) : json(w.clinics[c].ydernummer);
  };
  for (const auto& effect : effects) {
    std::visit(
        [&](const auto& e) {
          using T = std::decay_t<decltype(e)>;
          json j;
          if constexpr (std::is_same_v<T, ListingChange>) {
            j = {{"type", "listing"},
                 {"citizen", hex_id(ct.id[e.citizen])},
                 {"from", clinic(e.from)},
                 {"to", clinic(e.to)},
                 {"home_visit_from", e.home_visit_from},
                 {"home_visit_to", e.home_visit_to}};
          } else if constexpr (std::is_same_v<T, HomeChange>) {
            j = {{"type", "home"},
                 {"citizen", hex_id(ct.id[e.citizen])},
                 {"from", {e.from.lat_e5, e.from.lon_e5, e.kommune_from}},
                 {"to", {e.to.lat_e5, e.to.lon_e5, e.kommune_to}}};
          } else if constexpr (std::is_same_v<T, GroupChange>) {
            j = {{"type", "group"},
                 {"citizen", hex_id(ct.id[e.citizen])},
                 {"from", static_cast<int>(e.from)},
                 {"to", static_cast<int>(e.to)}};
          } else if constexpr (std::is_same_v<T, ClinicOpenChange>) {
            j = {{"type", "clinic_open"},
                 {"clinic", clinic(e.clinic)},
                 {"from", e.from},
                 {"to", e.to}};
          } else if constexpr (std::is_same_v<T, ShutdownChange>) {
            j = {{"type", "shutdown"},
                 {"clinic", clinic(e.clinic)},
                 {"from", opt_date(e.from)},
                 {"to", opt_date(e.to)}};
          } else if constexpr (std::is_same_v<T, ApprovalChange>) {
            j = {{"type", "approval"},
                 {"clinic", clinic(e.clinic)},
                 {"from", appr_json(e.from)},
                 {"to", appr_json(e.to)}};
          } else if constexpr (std::is_same_v<T, EntitlementChange>) {
            j = {{"type", "entitlement"},
                 {"citizen", hex_id(ct.id[e.citizen])},
                 {"from", ent_json(e.from)},
                 {"to", ent_json(e.to)}};
          } else {
            j = {{"type", "assignment"},
                 {"citizen", hex_id(ct.id[e.citizen])},
                 {"from", asg_json(e.from)},
                 {"to", asg_json(e.to)}};
          }
          arr.push_back(std::move(j));
        },
        effect);
  }
  return arr;
}

std::vector<Effect> effects_from_json(const json& arr, const World& w) {
  std::vector<Effect> out;
  auto citizen = [&](const json& j) {
    auto id = parse_hex_id(j.get<std::string>());
    const CitizenIndex i = id ? w.find_citizen(*id) : kNoCitizen;
    if (i == kNoCitizen) throw Error("audit: unknown citizen " + j.dump());
    return i;
  };
  auto clinic = [&](const json& j) -> ClinicIndex {
    if (j.is_null()) return kNoClinic;
    auto c = w.find_clinic(j.get<Ydernummer>());
    if (!c) throw Error("audit: unknown clinic " + j.dump());
    return *c;
  };
  for (const auto& j : arr) {
    const std::string type = j.at("type").get<std::string>();
    if (type == "listing") {
      out.push_back(ListingChange{citizen(j.at("citizen")), clinic(j.at("from")),
                                  clinic(j.at("to")), j.at("home_visit_from").get<bool>(),
                                  j.at("home_visit_to").get<bool>()});
    } else if (type == "home") {
      const auto& f = j.at("from");
      const auto& t = j.at("to");
      out.push_back(HomeChange{citizen(j.at("citizen")),
                               GeoPoint{f[0].get<std::int32_t>(), f[1].get<std::int32_t>()},
                               GeoPoint{t[0].get<std::int32_t>(), t[1].get<std::int32_t>()},
                               f[2].get<KommuneCode>(), t[2].get<KommuneCode>()});
    } else if (type == "group") {
      out.push_back(GroupChange{citizen(j.at("citizen")),
                                static_cast<InsuranceGroup>(j.at("from").get<int>()),
                                static_cast<InsuranceGroup>(j.at("to").get<int>())});
    } else if (type == "clinic_open") {
      out.push_back(ClinicOpenChange{clinic(j.at("clinic")), j.at("from").get<bool>(),
                                     j.at("to").get<bool>()});
    } else if (type == "shutdown") {
      out.push_back(ShutdownChange{clinic(j.at("clinic")), opt_date_of(j.at("from")),
                                   opt_date_of(j.at("to"))});
    } else if (type == "approval") {
      out.push_back(
          ApprovalChange{clinic(j.at("clinic")), appr_of(j.at("from")), appr_of(j.at("to"))});
    } else if (type == "entitlement") {
      out.push_back(
          EntitlementChange{citizen(j.at("citizen")), ent_of(j.at("from")), ent_of(j.at("to"))});
    } else if (type == "assignment") {
      out.push_back(
          AssignmentChange{citizen(j.at("citizen")), asg_of(j.at("from")), asg_of(j.at("to"))});
    } else {
      throw Error("audit: unknown effect type " + type);
    }
  }
  return out;
}

}  // namespace praksis::listing
