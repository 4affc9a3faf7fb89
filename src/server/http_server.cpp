// HTTP handlers: authenticate, parse and validate at the edge, call the library, format the answer.
#include "praksis/server/http_server.hpp"

#include <fmt/format.h>
#include <httplib.h>
#include <netinet/tcp.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <ctime>
#include <deque>
#include <future>
#include <thread>

#include "encoded_body.hpp"
#include "map_api.hpp"
#include "praksis/app/coverage_service.hpp"
#include "praksis/core/parse.hpp"
#include "praksis/listing/listing_json.hpp"
#include "praksis/output/log.hpp"
#include "praksis/output/text.hpp"
#include "praksis/report/survey_output.hpp"
#include "praksis/server/kommune_areas.hpp"
#include "web_app.hpp"

namespace praksis::server {
namespace {

using listing::Actor;
using listing::Result;
using listing::Role;
using nlohmann::json;

/// A request error with its HTTP status; `field` names the input.
struct HttpError {
  int status;
  Message message;  // rendered in the request's language
  std::string field;
};

Date local_today() {
  // Cached per thread for a second: localtime_r takes a lock and the date changes once a day.
  thread_local std::time_t cached_at = 0;
  thread_local Date cached;
  const std::time_t t = std::time(nullptr);
  if (t == cached_at) return cached;
  cached_at = t;
  std::tm tm{};
  localtime_r(&t, &tm);
  cached = Date::from_ymd(tm.tm_year + 1900, static_cast<unsigned>(tm.tm_mon + 1),
                          static_cast<unsigned>(tm.tm_mday));
  return cached;
}

// With its charset, JSON is not among the types cpp-httplib compresses per request (it would use
// brotli at its highest quality: 30 ms for a 3 kB answer on a loaded machine). The API's own
// answers are small; the large shared ones are sent precompressed (send_body).
constexpr const char* kJsonType = "application/json; charset=utf-8";

void send_json(httplib::Response& res, int status, std::string body) {
  res.status = status;
  res.set_content(std::move(body), kJsonType);
}

/// The language the request asks for (`?lang=da|en`, Danish by default). An unknown value is
/// refused by request_lang; errors are then told in Danish.
Lang lang_or_danish(const httplib::Request& req) {
  return req.has_param("lang") && req.get_param_value("lang") == "en" ? Lang::en : Lang::da;
}

Lang request_lang(const httplib::Request& req) {
  if (!req.has_param("lang")) return Lang::da;
  const std::string l = req.get_param_value("lang");
  if (l != "da" && l != "en") throw HttpError{400, message("server.error.lang"), "lang"};
  return l == "en" ? Lang::en : Lang::da;
}

void send_error(httplib::Response& res, const HttpError& e, Lang lang) {
  const std::string text = render(e.message, lang);
  std::vector<InputIssue> issues;
  if (!e.field.empty()) issues.push_back({InputLocation{"request", 0, 0, e.field}, text});
  send_json(res, e.status, listing::error_body(text, issues));
}

std::string json_escape(std::string_view s) {
  return json(std::string(s)).dump();
}

}  // namespace

struct HttpServer::Impl {
  Impl(listing::ListingService& s, const TokenTable& t, const Settings& st)
      : svc(s), tokens(t), settings(st) {}

  listing::ListingService& svc;
  const TokenTable& tokens;
  const Settings& settings;
  httplib::Server http;
  socket_t listen_socket = INVALID_SOCKET;  // set by the socket-options hook before bind
  std::vector<std::string> clinic_names_json;

  // Group commit: handlers queue decisions; one writer commits them in batches.
  struct Job {
    listing::Envelope env;
    std::promise<Result> done;
  };
  std::mutex qm;
  std::condition_variable qcv;
  std::deque<Job*> queue;
  bool stopping = false;
  std::thread writer;

  // The web map's data, cached per change counter (bumped after every committed batch).
  std::atomic<std::uint64_t> epoch{0};
  struct MapCache {
    std::mutex m;
    std::uint64_t geometry_epoch = ~std::uint64_t{0}, figures_epoch = ~std::uint64_t{0};
    std::optional<KommuneAreas> areas;
    std::shared_ptr<const EncodedBody> geometry, figures, cells;
  } map_cache;

  void writer_loop() {
    const std::size_t max_batch = static_cast<std::size_t>(settings.server.commit_batch_max);
    std::vector<Job*> jobs;
    std::vector<listing::Envelope> envs;
    for (;;) {
      {
        std::unique_lock lock(qm);
        qcv.wait(lock, [&] { return stopping || !queue.empty(); });
        if (queue.empty() && stopping) return;
        jobs.clear();
        while (!queue.empty() && jobs.size() < max_batch) {
          jobs.push_back(queue.front());
          queue.pop_front();
        }
      }
      envs.clear();
      for (Job* j : jobs) envs.push_back(std::move(j->env));
      std::vector<Result> results;
      try {
        results = svc.execute(envs);
      } catch (const std::exception& e) {
        log_error("log.listing.batch_failed", e.what());
        results.assign(jobs.size(), Result{Result::Status::failed, {}, {}, false});
        for (std::size_t k = 0; k < jobs.size(); ++k)
          results[k].body =
              listing::error_body(std::string(text("server.error.internal", envs[k].lang)));
      }
      epoch.fetch_add(1, std::memory_order_release);  // the map caches are stale now
      for (std::size_t k = 0; k < jobs.size(); ++k) jobs[k]->done.set_value(std::move(results[k]));
    }
  }

  Result submit(listing::Envelope env) {
    const Lang lang = env.lang;
    Job job{std::move(env), {}};
    auto fut = job.done.get_future();
    {
      std::lock_guard lock(qm);
      if (stopping)
        return Result{Result::Status::failed,
                      listing::error_body(std::string(text("server.error.stopping", lang))),
                      {},
                      false};
      queue.push_back(&job);
    }
    qcv.notify_one();
    return fut.get();
  }

  Actor authenticate(const httplib::Request& req) const {
    const std::string h = req.get_header_value("Authorization");
    constexpr std::string_view kBearer = "Bearer ";
    if (h.size() <= kBearer.size() || std::string_view(h).substr(0, kBearer.size()) != kBearer) {
      throw HttpError{401, message("server.error.no_token"), "Authorization"};
    }
    auto actor = tokens.find(std::string_view(h).substr(kBearer.size()));
    if (!actor) throw HttpError{401, message("server.error.bad_token"), "Authorization"};
    return *actor;
  }

  /// Wraps a handler: JSON errors for HttpError/InputError/Forbidden; route name for debug logs.
  template <class F>
  httplib::Server::Handler route(const char* name, F f) {
    return [name, f](const httplib::Request& req, httplib::Response& res) {
      const auto t0 = std::chrono::steady_clock::now();
      try {
        f(req, res);
      } catch (const HttpError& e) {
        send_error(res, e, lang_or_danish(req));
        if (e.status == 401) res.set_header("WWW-Authenticate", "Bearer");
      } catch (const InputError& e) {
        const Lang lang = lang_or_danish(req);
        send_json(res, 400, listing::error_body(error_text(e, lang), localized(e.issues(), lang)));
      } catch (const listing::Forbidden& e) {
        send_json(res, 403, listing::error_body(render(e.message(), lang_or_danish(req))));
      }
      // Route names only: paths and bodies carry personal ids and are never logged.
      spdlog::debug("{} {} -> {} ({} us)", req.method, name, res.status,
                    std::chrono::duration_cast<std::chrono::microseconds>(
                        std::chrono::steady_clock::now() - t0)
                        .count());
    };
  }

  static std::optional<std::string> param(const httplib::Request& req, const char* k) {
    if (!req.has_param(k)) return std::nullopt;
    return req.get_param_value(k);
  }
  static double number_param(const httplib::Request& req, const char* k, double lo, double hi) {
    auto v = param(req, k);
    if (!v) throw HttpError{400, message("server.error.param_required", k), k};
    auto d = parse_decimal(*v);
    if (!d || *d < lo || *d > hi)
      throw HttpError{400, message("server.error.param_number_range", k, lo, hi), k};
    return *d;
  }
  static std::int64_t int_param(const httplib::Request& req, const char* k, std::int64_t dflt,
                                std::int64_t lo, std::int64_t hi) {
    auto v = param(req, k);
    if (!v) return dflt;
    auto d = parse_int<std::int64_t>(*v);
    if (!d || *d < lo || *d > hi)
      throw HttpError{400, message("server.error.param_integer_range", k, lo, hi), k};
    return *d;
  }
  static CitizenId citizen_id(const std::string& text, const char* field) {
    auto id = parse_hex_id(text);
    if (!id) throw HttpError{400, message("server.error.citizen_id"), field};
    return *id;
  }

  void clinics(const httplib::Request& req, httplib::Response& res) {
    const Actor actor = authenticate(req);
    svc.refresh();  // decisions of other servers sharing the store
    const auto& ls = settings.listing;
    const auto& ds = settings.dataset;
    const double radius =
        param(req, "radius_km")
            ? number_param(req, "radius_km", 1e-9, settings.server.search_max_radius_km)
            : ls.choice_radius_km;
    const auto limit = int_param(req, "limit", settings.server.search_default_limit, 1,
                                 settings.server.search_max_limit);
    bool open_only = false;
    if (auto o = param(req, "open")) {
      if (*o != "true" && *o != "false")
        throw HttpError{400, message("server.error.param_bool", "open"), "open"};
      open_only = *o == "true";
    }
    std::shared_lock lock(svc.mutex());
    const auto& st = svc.state();
    GeoPoint home;
    std::string who;
    if (auto c = param(req, "citizen")) {
      const CitizenId id = citizen_id(*c, "citizen");
      const CitizenIndex i = st.world().find_citizen(id);
      if (i == kNoCitizen) throw HttpError{400, message("server.error.unknown_citizen"), "citizen"};
      svc.rules().authorize_read(actor, i);
      home = st.world().citizens.home[i];
      who = fmt::format("\"citizen\":\"{}\",", *c);
    } else {
      const double lat = number_param(req, "lat", -90, 90);
      const double lon = number_param(req, "lon", -180, 180);
      if (lat < ds.min_lat || lat > ds.max_lat)
        throw HttpError{400, message("server.error.lat_outside", ds.min_lat, ds.max_lat), "lat"};
      if (lon < ds.min_lon || lon > ds.max_lon)
        throw HttpError{400, message("server.error.lon_outside", ds.min_lon, ds.max_lon), "lon"};
      home = GeoPoint::from_degrees(lat, lon);
    }
    thread_local std::vector<listing::ClinicHit> hits;
    // One index query serves both the answer and the count of open choices (rule L2).
    st.within(home, std::max(radius, ls.choice_radius_km), false, hits);
    const double choice_t = GreatCircle::within_threshold(ls.choice_radius_km);
    const double radius_t = GreatCircle::within_threshold(radius);
    const double visit_t = GreatCircle::within_threshold(ls.home_visit_radius_km);
    const Date today = local_today();
    int open_n = 0;
    std::size_t kept = 0;
    for (const auto& h : hits) {
      const bool accepts = st.accepts(h.clinic);
      // is_open_choice (model/clinic.hpp): an open list with room for one more under rule C1.
      if (h.chord2 <= choice_t && st.has_room(h.clinic, 1, today)) ++open_n;
      if (h.chord2 <= radius_t && (accepts || !open_only)) hits[kept++] = h;
    }
    hits.resize(kept);
    const bool exception = open_n < ls.min_open_choices;  // rule L3: home visits kept beyond 15 km
    std::string out;
    out.reserve(256 + static_cast<std::size_t>(
                          std::min<std::int64_t>(limit, static_cast<std::int64_t>(hits.size()))) *
                          200);
    fmt::format_to(std::back_inserter(out),
                   "{{{}\"origin\":{{\"lat\":{:.5f},\"lon\":{:.5f}}},\"radius_km\":{},\"open_"
                   "within_choice_radius\":{},"
                   "\"home_visit_exception\":{},\"total\":{},\"clinics\":[",
                   who, home.lat(), home.lon(), radius, open_n, exception, hits.size());
    const auto& clinics_v = st.world().clinics;
    for (std::size_t k = 0; k < hits.size() && static_cast<std::int64_t>(k) < limit; ++k) {
      const ClinicIndex c = hits[k].clinic;
      const bool far = hits[k].chord2 > visit_t;
      const double ppc = st.patients_per_capacity(c);
      fmt::format_to(std::back_inserter(out),
                     "{}{{\"ydernummer\":{},\"name\":{},\"kommune\":{},\"distance_km\":{:.3f},"
                     "\"open\":{},\"has_room\":{},"
                     "\"patients_per_capacity\":{},\"home_visit\":\"{}\"}}",
                     k ? "," : "", clinics_v[c].ydernummer, clinic_names_json[c],
                     clinics_v[c].kommune, hits[k].km, st.accepts(c), st.has_room(c, 1, today),
                     std::isfinite(ppc) ? fmt::format("{:.1f}", ppc) : "null",
                     !far || exception ? "kept" : "waived");
    }
    out += "]}";
    send_json(res, 200, std::move(out));
  }

  void citizen(const httplib::Request& req, httplib::Response& res) {
    const Actor actor = authenticate(req);
    const CitizenId id = citizen_id(req.matches[1], "id");
    if (actor.role == Role::citizen && actor.citizen != id)
      throw listing::Forbidden(message("server.forbidden.own_record"));
    svc.refresh();  // decisions of other servers sharing the store
    std::shared_lock lock(svc.mutex());
    const CitizenIndex i = svc.state().world().find_citizen(id);
    if (i == kNoCitizen) throw HttpError{404, message("server.error.unknown_citizen"), "id"};
    svc.rules().authorize_read(actor, i);
    send_json(res, 200, listing::citizen_json(svc.state(), i, local_today()).dump());
  }

  void decision(const char* action, const httplib::Request& req, httplib::Response& res,
                bool clinic_in_path) {
    const Actor actor = authenticate(req);
    if (req.body.size() > static_cast<std::size_t>(settings.server.max_body_bytes)) {
      throw HttpError{
          400, message("server.error.body_size", req.body.size(), settings.server.max_body_bytes),
          "body"};
    }
    json body = listing::parse_json_text(req.body, "request");
    if (clinic_in_path) {
      if (!body.is_object()) throw HttpError{400, message("server.error.json_object"), "$"};
      auto y = parse_int<std::int64_t>(std::string(req.matches[1]));
      if (!y || *y <= 0 || *y > 999999)
        throw HttpError{400, message("server.error.path_clinic"), "path.clinic"};
      if (body.contains("clinic") && body["clinic"] != *y)
        throw HttpError{400, message("server.error.differs_path_clinic"), "clinic"};
      body["clinic"] = *y;
    }
    auto parsed = listing::parse_request(action, body, "request");
    listing::Envelope env;
    env.command = std::move(parsed.command);
    env.actor = actor;
    env.lang = request_lang(req);
    const std::string header_key = req.get_header_value("Idempotency-Key");
    if (!header_key.empty() && !parsed.idempotency_key.empty() &&
        header_key != parsed.idempotency_key) {
      throw HttpError{400, message("server.error.differs_idempotency_header"), "idempotency_key"};
    }
    env.idempotency_key = header_key.empty() ? parsed.idempotency_key : header_key;
    if (env.idempotency_key.empty() || env.idempotency_key.size() > 200) {
      throw HttpError{400, message("server.error.idempotency_key"), "Idempotency-Key"};
    }
    const Date today = local_today();
    env.notified_on = parsed.notified_on.value_or(today);
    if (env.notified_on > today)
      throw HttpError{400, message("server.error.future"), "notified_on"};
    if (actor.role == Role::citizen && env.notified_on != today) {
      throw listing::Forbidden(message("server.forbidden.backdate"));
    }
    body.erase("idempotency_key");
    body["action"] = action;
    env.request_json = body.dump();
    Result r = submit(std::move(env));
    switch (r.status) {
      case Result::Status::decided:
        send_json(res, 200, std::move(r.body));
        break;
      case Result::Status::replayed:
        res.set_header("Idempotent-Replay", "true");
        send_json(res, 200, std::move(r.body));
        break;
      case Result::Status::bad_input:
        send_json(res, 400, std::move(r.body));
        break;
      case Result::Status::forbidden:
        send_json(res, 403, std::move(r.body));
        break;
      case Result::Status::conflict:
        send_json(res, 409, std::move(r.body));
        break;
      case Result::Status::failed:
        send_json(res, 503, std::move(r.body));
        break;
    }
  }

  void audit(const httplib::Request& req, httplib::Response& res) {
    const Actor actor = authenticate(req);
    listing::AuditQuery q;
    // A kommune (caseworker) reads the events its own principal made, within its region.
    const bool own_only = actor.role == Role::kommune;
    if (actor.role == Role::region)
      q.region = actor.region;
    else if (own_only) {
      q.region = svc.state().world().region_of(actor.kommune);
      q.actor = actor.name;  // in the query, so that `limit` counts only its own events
    } else if (actor.role != Role::operator_)
      throw listing::Forbidden(message("server.forbidden.audit", listing::to_string(actor.role)));
    if (auto c = param(req, "citizen")) q.citizen = citizen_id(*c, "citizen");
    if (param(req, "clinic"))
      q.clinic = static_cast<Ydernummer>(int_param(req, "clinic", 0, 1, 999999));
    q.after_id = int_param(req, "after_id", 0, 0, std::numeric_limits<std::int64_t>::max());
    q.limit = int_param(req, "limit", 100, 1, settings.server.audit_max_limit);
    auto events = svc.repository().audit(q);
    json arr = json::array();
    for (auto& e : events) {
      arr.push_back({{"id", e.id},
                     {"at", e.at},
                     {"actor", e.actor},
                     {"role", e.role},
                     {"action", e.action},
                     {"subject", e.subject},
                     {"region", e.region},
                     {"allowed", e.allowed},
                     {"rules", e.rules},
                     {"reason", e.reason},
                     {"request", std::move(e.request)},
                     {"effects", std::move(e.effects)}});
    }
    json out{{"events", std::move(arr)}};
    out["next_after_id"] = events.empty() ? q.after_id : events.back().id;
    send_json(res, 200, out.dump());
  }

  /// Aggregates of the live state by the survey's definitions (praksis/survey/headline.hpp):
  /// the nation and each region, plus the listing service's own counts. No personal data.
  void stats(const httplib::Request& req, httplib::Response& res) {
    const Actor actor = authenticate(req);
    svc.refresh();  // decisions of other servers sharing the store
    std::shared_lock lock(svc.mutex());
    const auto& st = svc.state();
    const World& w = st.world();
    // Open for new patients (S3) in the live state: list open and not shut down.
    const std::vector<Headline> heads = app::CoverageService(settings).headlines(
        w, [&st](std::size_t j) { return st.accepts(static_cast<ClinicIndex>(j)); });
    struct Live {
      std::int64_t shut = 0, pending = 0, rechoice = 0;
    };
    std::vector<Live> by(w.regions.size() + 1);  // 0: the nation, then World::regions order
    // Counts the nation and the region of kommune `k` (a kommune outside every region: only the
    // nation).
    auto count = [&w, &by](KommuneCode k, std::int64_t Live::*field) {
      ++(by[0].*field);
      const int r = w.region_index(w.region_of(k));
      if (r >= 0) ++(by[static_cast<std::size_t>(r) + 1].*field);
    };
    for (std::size_t c = 0; c < w.clinics.size(); ++c)
      if (st.shut_down(static_cast<ClinicIndex>(c))) count(w.clinics[c].kommune, &Live::shut);
    const auto& ct = w.citizens;
    for (const auto& [i, a] : st.assignments()) count(ct.kommune[i], &Live::pending);
    for (const auto& [i, e] : st.entitlements()) count(ct.kommune[i], &Live::rechoice);
    auto figures = [&](std::size_t r) {
      const Headline& h = heads[r];
      const auto ppc = h.patients_per_capacity().value();
      json j{{"citizens", h.citizens},
             {"group1_citizens", h.group1_citizens},
             {"listed_residents", h.listed_residents},
             {"listed_patients", h.listed_patients},
             {"clinics", h.clinics},
             {"open_clinics", h.open_clinics},
             {"clinics_shut_down", by[r].shut},
             {"doctors", h.doctors},
             {"capacities_filled", h.capacities_filled},
             {"capacities_unfilled", h.capacities_unfilled},
             {"capacities", h.capacities()},
             {"patients_per_capacity", ppc ? json(*ppc) : json(nullptr)},
             {"pending_assignments", by[r].pending},
             {"free_rechoices", by[r].rechoice}};
      return j;
    };
    json arr = json::array();
    for (std::size_t r = 0; r < w.regions.size(); ++r) {
      if (actor.role == Role::region && w.regions[r].code != actor.region) continue;
      json j{{"region", w.regions[r].code}, {"name", w.regions[r].name}};
      j.update(figures(r + 1));
      arr.push_back(std::move(j));
    }
    json out{{"regions", std::move(arr)}};
    if (actor.role != Role::region) out["nation"] = figures(0);
    send_json(res, 200, out.dump());
  }

  /// The planner view (map, figures, what-if): aggregates only, no personal data; refused to the
  /// citizen and kommune (caseworker) roles.
  Actor planner(const httplib::Request& req) const {
    const Actor a = authenticate(req);
    if (a.role == Role::citizen || a.role == Role::kommune)
      throw listing::Forbidden(message("server.forbidden.planner", listing::to_string(a.role)));
    return a;
  }

  /// The areas for the current epoch; call with map_cache.m held and the service lock shared.
  const KommuneAreas& areas_locked(std::uint64_t now) {
    if (!map_cache.areas || map_cache.geometry_epoch != now) {
      map_cache.areas = KommuneAreas::derive(svc.state().world(), LandOutline::denmark(),
                                             settings.server.map_cell_km);
      map_cache.geometry_epoch = now;
      map_cache.geometry = encode_body(
          map_geometry_json(svc.state().world(), LandOutline::denmark(), *map_cache.areas),
          kJsonType);
    }
    return *map_cache.areas;
  }

  void map_geometry(const httplib::Request& req, httplib::Response& res) {
    planner(req);
    std::shared_ptr<const EncodedBody> body;
    {
      std::shared_lock lock(svc.mutex());
      std::lock_guard cache(map_cache.m);
      areas_locked(epoch.load(std::memory_order_acquire));
      body = map_cache.geometry;
    }
    send_body(req, res, 200, std::move(body));
  }

  std::vector<bool> clinic_open() const {
    const auto& st = svc.state();
    std::vector<bool> open(st.world().clinics.size());
    for (std::size_t c = 0; c < open.size(); ++c) open[c] = st.accepts(static_cast<ClinicIndex>(c));
    return open;
  }

  /// The figures of the map (or, with `cells`, the S4 grid cells: where citizens cannot choose
  /// between two open clinics within the radius), from one survey per change of the store.
  void map_figures(const httplib::Request& req, httplib::Response& res, bool cells = false) {
    planner(req);
    std::shared_ptr<const EncodedBody> body;
    {
      std::shared_lock lock(svc.mutex());
      std::lock_guard cache(map_cache.m);
      const std::uint64_t now = epoch.load(std::memory_order_acquire);
      if (map_cache.figures_epoch != now) {
        const World& w = svc.state().world();
        const app::CoverageResult c = app::CoverageService(settings).run_on(
            w, {.designate = true, .settings_source = "settings"});
        map_cache.figures = encode_body(
            map_figures_json(w, c.survey, *c.designation, clinic_open()).dump(), kJsonType);
        map_cache.cells = encode_body(survey_cells_geojson(c.survey, true), kJsonType);
        map_cache.figures_epoch = now;
      }
      body = cells ? map_cache.cells : map_cache.figures;
    }
    send_body(req, res, 200, std::move(body));
  }

  /// What-if: one new clinic at a point with N new (unfilled, rule C2) capacities, run through
  /// the what-if library on a copy of the world; nothing is stored.
  void what_if(const httplib::Request& req, httplib::Response& res) {
    planner(req);
    if (req.body.size() > static_cast<std::size_t>(settings.server.max_body_bytes))
      throw HttpError{400, message("server.error.body_too_large"), "body"};
    const json body = listing::parse_json_text(req.body, "request");
    if (!body.is_object()) throw HttpError{400, message("server.error.json_object"), "$"};
    const auto number = [&](const char* k, double lo, double hi) {
      if (!body.contains(k) || !body[k].is_number())
        throw HttpError{400, message("server.error.param_number", k), k};
      const double v = body[k].get<double>();
      if (!(v >= lo && v <= hi))
        throw HttpError{400, message("server.error.param_number_range", k, lo, hi), k};
      return v;
    };
    const auto& ds = settings.dataset;
    const double lat = number("lat", ds.min_lat, ds.max_lat);
    const double lon = number("lon", ds.min_lon, ds.max_lon);
    const double caps = number("capacities", 1, settings.server.what_if_max_capacities);
    if (caps != std::floor(caps))
      throw HttpError{400, message("server.error.whole", "capacities"), "capacities"};
    const GeoPoint at = GeoPoint::from_degrees(lat, lon);
    if (!LandOutline::denmark().on_land(at))
      throw HttpError{400, message("server.error.not_on_land"), "lat"};
    std::shared_lock lock(svc.mutex());
    int k = -1;
    {
      std::lock_guard cache(map_cache.m);
      k = areas_locked(epoch.load(std::memory_order_acquire)).kommune_at(at);
    }
    const World& w = svc.state().world();
    if (k < 0) throw HttpError{400, message("server.error.no_kommune"), "lat"};
    const Kommune& km = w.kommuner[static_cast<std::size_t>(k)];
    const std::string toml = fmt::format(
        "[[change]]\naction = \"add\"\nname = \"Ny klinik (hvad nu hvis)\"\nlat = {:.5f}\n"
        "lon = {:.5f}\nkommune = {}\ncapacities = 0\nunfilled_capacities = {}\n",
        lat, lon, km.code, static_cast<int>(caps));
    const app::CoverageResult c =
        app::CoverageService(settings).what_if_on(w, WhatIfScenario::parse(toml, "request"));
    const WhatIfResult& r = *c.what_if;
    using ojson = nlohmann::ordered_json;
    const auto& edges = r.before.distance_histogram_km;
    ojson changed = ojson::array();
    for (std::size_t i = 0; i < r.before.kommuner.size() && i < r.after.kommuner.size(); ++i) {
      ojson b = survey_area_json(r.before.kommuner[i], edges);
      ojson a = survey_area_json(r.after.kommuner[i], edges);
      if (a == b) continue;
      changed.push_back({{"code", r.before.kommuner[i].code},
                         {"name", r.before.kommuner[i].name},
                         {"before", std::move(b)},
                         {"after", std::move(a)}});
    }
    send_json(res, 200,
              ojson{{"kommune", km.code},
                    {"kommune_name", km.name},
                    {"lat", lat},
                    {"lon", lon},
                    {"capacities", static_cast<int>(caps)},
                    {"added", r.added},
                    {"moved_from_overfull", r.moved_from_overfull},
                    {"changed", std::move(changed)},
                    {"nation",
                     {{"before", survey_area_json(r.before.nation, edges)},
                      {"after", survey_area_json(r.after.nation, edges)}}},
                    {"designated_before", r.designation_before.designated_count()},
                    {"designated_after", r.designation_after.designated_count()}}
                  .dump());
  }

  /// The web app's texts from the catalogue (keys web.*), no token needed.
  static void texts(const httplib::Request& req, httplib::Response& res) {
    const Lang lang = request_lang(req);
    json t = json::object();
    for (const TextEntry& e : text_catalogue())
      if (e.key.starts_with("web.")) t[std::string(e.key)] = lang == Lang::da ? e.da : e.en;
    send_json(res, 200, json{{"lang", lang_code(lang)}, {"texts", std::move(t)}}.dump());
  }

  void install() {
    for (const auto& c : svc.state().world().clinics)
      clinic_names_json.push_back(json_escape(c.name));
    const int threads = settings.server.threads;
    http.new_task_queue = [threads] {
      return new httplib::ThreadPool(static_cast<std::size_t>(threads));
    };
    http.set_keep_alive_max_count(
        static_cast<std::size_t>(settings.server.keep_alive_max_requests));
    // Small JSON answers go out as two writes (head, body): without TCP_NODELAY the body waits
    // for the client's delayed ACK (40 ms). Set on the listening socket; accepted ones inherit it.
    http.set_socket_options([this](socket_t sock) {
      listen_socket = sock;
      int yes = 1;
      ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
      ::setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof(yes));
    });
    // Hard limit well above the accepted size so a slightly larger body still gets the 400 that
    // names `body`; anything beyond is refused before it is read.
    http.set_payload_max_length(static_cast<std::size_t>(settings.server.max_body_bytes) * 4);
    http.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
      const Lang lang = lang_or_danish(req);
      if (res.status == 413) {
        send_json(res, 400,
                  listing::error_body(std::string(text("server.error.body_too_large", lang)),
                                      std::vector<InputIssue>{
                                          {InputLocation{"request", 0, 0, "body"},
                                           std::string(text("server.error.too_large", lang))}}));
      } else if (res.body.empty()) {
        send_json(
            res, res.status,
            listing::error_body(std::string(text(
                res.status == 404 ? "server.error.no_endpoint" : "server.error.failed", lang))));
      }
    });
    http.set_exception_handler(
        [](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
          std::string what(text("server.error.internal", lang_or_danish(req)));
          try {
            std::rethrow_exception(ep);
          } catch (const std::exception& e) {
            log_error("log.http.failed", e.what());
          } catch (...) {
          }
          send_json(res, 500, listing::error_body(what));
        });
    http.Get("/api/health",
             route("GET /api/health", [this](const httplib::Request&, httplib::Response& res) {
               std::shared_lock lock(svc.mutex());
               send_json(res, 200,
                         json{{"status", "ok"},
                              {"citizens", svc.state().world().citizens.size()},
                              {"clinics", svc.state().world().clinics.size()}}
                             .dump());
             }));
    http.Get("/api/clinics",
             route("GET /api/clinics", [this](const auto& q, auto& r) { clinics(q, r); }));
    http.Get(R"(/api/citizens/([^/]+))",
             route("GET /api/citizens/{id}", [this](const auto& q, auto& r) { citizen(q, r); }));
    http.Get("/api/audit",
             route("GET /api/audit", [this](const auto& q, auto& r) { audit(q, r); }));
    http.Get("/api/stats",
             route("GET /api/stats", [this](const auto& q, auto& r) { stats(q, r); }));
    http.Get("/api/map/geometry", route("GET /api/map/geometry",
                                        [this](const auto& q, auto& r) { map_geometry(q, r); }));
    http.Get("/api/map/figures",
             route("GET /api/map/figures", [this](const auto& q, auto& r) { map_figures(q, r); }));
    http.Get("/api/map/cells", route("GET /api/map/cells",
                                     [this](const auto& q, auto& r) { map_figures(q, r, true); }));
    http.Post("/api/whatif",
              route("POST /api/whatif", [this](const auto& q, auto& r) { what_if(q, r); }));
    http.Get("/api/texts", route("GET /api/texts", [](const auto& q, auto& r) { texts(q, r); }));
    install_web_app(http);
    http.Post("/api/choices", route("POST /api/choices", [this](const auto& q, auto& r) {
                decision("choice", q, r, false);
              }));
    http.Post("/api/moves", route("POST /api/moves", [this](const auto& q, auto& r) {
                decision("move", q, r, false);
              }));
    http.Post("/api/deregistrations",
              route("POST /api/deregistrations",
                    [this](const auto& q, auto& r) { decision("deregistration", q, r, false); }));
    http.Post("/api/assignments", route("POST /api/assignments", [this](const auto& q, auto& r) {
                decision("assignment", q, r, false);
              }));
    http.Post(R"(/api/clinics/([^/]+)/list-status)",
              route("POST /api/clinics/{id}/list-status",
                    [this](const auto& q, auto& r) { decision("list-status", q, r, true); }));
    http.Post(R"(/api/clinics/([^/]+)/approvals)",
              route("POST /api/clinics/{id}/approvals",
                    [this](const auto& q, auto& r) { decision("approval", q, r, true); }));
    http.Post(R"(/api/clinics/([^/]+)/closure)",
              route("POST /api/clinics/{id}/closure",
                    [this](const auto& q, auto& r) { decision("closure", q, r, true); }));
  }
};

HttpServer::HttpServer(listing::ListingService& service, const TokenTable& tokens,
                       const Settings& settings)
    : impl_(std::make_unique<Impl>(service, tokens, settings)) {
  impl_->install();
}

HttpServer::~HttpServer() {
  stop();
  if (impl_->writer.joinable()) impl_->writer.join();
}

int HttpServer::bind(const std::string& host, int port) {
  const int bound = port == 0 ? impl_->http.bind_to_any_port(host)
                              : (impl_->http.bind_to_port(host, port) ? port : -1);
  if (bound < 0) throw Error(message("server.error.cannot_listen", host, port, ""));
  // The packaged cpp-httplib is a compiled library that listens with a queue of 5: a burst of new
  // connections then overflows it and the kernel drops handshakes, which clients see as failed
  // reads. Listening again on the bound socket (allowed on Linux) only sets the queue length.
  if (::listen(impl_->listen_socket, impl_->settings.server.listen_backlog) != 0)
    throw Error(message("server.error.cannot_listen", host, port,
                        std::string(": ") + std::strerror(errno)));
  return bound;
}

void HttpServer::run() {
  impl_->writer = std::thread([this] { impl_->writer_loop(); });
  impl_->http.listen_after_bind();
  {
    std::lock_guard lock(impl_->qm);
    impl_->stopping = true;
  }
  impl_->qcv.notify_all();
  impl_->writer.join();
}

void HttpServer::stop() {
  impl_->http.stop();
}

}  // namespace praksis::server
