// `praksis choose`, `praksis move`, `praksis apply`: GP choice decisions from the command line.
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <iostream>

#include "command.hpp"
#include "praksis/core/parse.hpp"
#include "praksis/listing/listing_host.hpp"
#include "praksis/listing/listing_json.hpp"
#include "survey_io.hpp"

namespace praksis::cli {
namespace cmd_listing {  // this command's own names: the CLI is compiled as a unity build

using listing::Result;

listing::Actor operator_actor(const std::string& name) {
  listing::Actor a;
  const char* user = std::getenv("USER");
  a.name = name.empty() ? std::string(user ? user : "operator") + "@cli" : name;
  a.role = listing::Role::operator_;
  return a;
}

/// Exit code of one answer: 0 allowed, 3 denied, 2 bad input, 1 store failure.
int exit_code(const Result& r) {
  switch (r.status) {
    case Result::Status::decided:
    case Result::Status::replayed:
      return r.allowed ? 0 : 3;
    case Result::Status::bad_input:
    case Result::Status::conflict:
      return 2;
    case Result::Status::forbidden:
    case Result::Status::failed:
      return 1;
  }
  return 1;
}

struct Common {
  std::string db, key, actor, notified_on;
};

void add_common(CLI::App& app, Common& c) {
  app.add_option("--db", c.db, "store file (SQLite)")->required();
  app.add_option("--key", c.key,
                 "idempotency key: repeating a decision with the same key answers it again and "
                 "changes nothing (default: a new key per run, so a repeated command is decided "
                 "afresh on today's facts)");
  app.add_option("--actor", c.actor, "name written to the audit trail (default: $USER@cli)");
  app.add_option("--notified-on", c.notified_on,
                 "date the change was notified, YYYY-MM-DD (default: today; rule L6)");
}

/// The citizens a choice or move reads: the subject and a related citizen named as evidence.
std::vector<CitizenId> decision_citizens(const listing::Command& cmd) {
  std::vector<CitizenId> ids;
  if (const auto sub = listing::subject_of(cmd); sub.citizen) ids.push_back(*sub.citizen);
  if (const auto* r = std::get_if<listing::ChoiceRequest>(&cmd);
      r && r->evidence && r->evidence->related)
    ids.push_back(*r->evidence->related);
  return ids;
}

/// Runs one request given as JSON through the same path as the HTTP API; prints the answer.
int run_one(const Common& c, const GlobalOptions& g, const std::string& action,
            nlohmann::json body) {
  if (!c.notified_on.empty()) body["notified_on"] = c.notified_on;
  auto parsed = listing::parse_request(action, body, "command line");
  // A choice or a move reads only its citizens, their households and the clinics (issue 15).
  listing::ListingHost host(c.db, g.settings(), decision_citizens(parsed.command));
  listing::Envelope env;
  env.command = parsed.command;
  env.actor = operator_actor(c.actor);
  env.lang = g.lang;
  const Date today = today_local();
  env.notified_on = parsed.notified_on.value_or(today);
  // As the API: a notification cannot be dated after today (rule L6 dates from the notification).
  if (env.notified_on > today) {
    throw InputError(InputLocation{"command line", 0, 0, "--notified-on"},
                     fmt::format("{} is in the future (today is {})", env.notified_on.to_string(),
                                 today.to_string()));
  }
  body["action"] = action;
  env.request_json = body.dump();
  // Without --key every run is a new request: a key derived from the request alone would replay
  // an answer given on facts that have since changed. The time and process make it unique.
  env.idempotency_key =
      c.key.empty()
          ? fmt::format("cli:{:016x}:{}:{}",
                        listing::ListingService::request_hash(env.request_json),
                        std::chrono::system_clock::now().time_since_epoch().count(), ::getpid())
          : c.key;
  Result r = host.execute_one(env);
  (r.status == Result::Status::decided || r.status == Result::Status::replayed ? std::cout
                                                                               : std::cerr)
      << r.body << "\n";
  return exit_code(r);
}

Register choose{
    {"choose", "decide a citizen's choice of clinic (rules L1-L4, L6); exit 0 allowed, 3 denied",
     41, [](CLI::App& app, const GlobalOptions& g) {
       auto c = std::make_shared<Common>();
       auto citizen = std::make_shared<std::string>();
       auto clinic = std::make_shared<std::int64_t>(0);
       auto evidence = std::make_shared<std::string>();
       auto related = std::make_shared<std::string>();
       auto reference = std::make_shared<std::string>();
       auto accepts = std::make_shared<bool>(false);
       add_common(app, *c);
       app.add_option("--citizen", *citizen, "citizen id (16 hex digits)")->required();
       app.add_option("--clinic", *clinic, "ydernummer of the chosen clinic")->required();
       app.add_option("--evidence", *evidence, "closed-list exception a-e (rule L4)");
       app.add_option("--related", *related, "the listed parent/spouse for exceptions a/b");
       app.add_option("--reference", *reference, "document reference for the exception");
       app.add_flag("--doctor-accepts", *accepts,
                    "the doctor of a closed clinic beyond 15 km accepts (rule L3)");
       return [=, &g]() {
         nlohmann::json b{{"citizen", *citizen}, {"clinic", *clinic}};
         if (*accepts) b["doctor_accepts"] = true;
         if (!evidence->empty()) {
           nlohmann::json e{{"exception", *evidence}};
           if (!related->empty()) e["related"] = *related;
           if (!reference->empty()) e["reference"] = *reference;
           b["evidence"] = e;
         }
         return run_one(*c, g, "choice", b);
       };
     }}};

Register move{{"move", "register a citizen's move and decide the GP consequence (rule L5, L3)", 42,
               [](CLI::App& app, const GlobalOptions& g) {
                 auto c = std::make_shared<Common>();
                 auto citizen = std::make_shared<std::string>();
                 auto lat = std::make_shared<double>(0);
                 auto lon = std::make_shared<double>(0);
                 auto kommune = std::make_shared<int>(0);
                 add_common(app, *c);
                 app.add_option("--citizen", *citizen, "citizen id (16 hex digits)")->required();
                 app.add_option("--lat", *lat, "new home latitude")->required();
                 app.add_option("--lon", *lon, "new home longitude")->required();
                 app.add_option("--kommune", *kommune, "kommunekode of the new home")->required();
                 return [=, &g]() {
                   return run_one(*c, g, "move",
                                  {{"citizen", *citizen},
                                   {"home", {{"lat", *lat}, {"lon", *lon}}},
                                   {"kommune", *kommune}});
                 };
               }}};

Register apply{
    {"apply",
     "apply a batch of decisions (CSV or JSON lines); each row is answered with its decision", 43,
     [](CLI::App& app, const GlobalOptions& g) {
       auto c = std::make_shared<Common>();
       auto file = std::make_shared<std::string>();
       auto chunk = std::make_shared<int>(1000);
       app.add_option("FILE", *file,
                      "batch file: .csv, or .jsonl/.ndjson (one JSON object per line)")
           ->required()
           ->check(CLI::ExistingFile);
       app.add_option("--db", c->db, "store file (SQLite)")->required();
       app.add_option("--actor", c->actor, "name written to the audit trail (default: $USER@cli)");
       app.add_option("--chunk", *chunk, "decisions per transaction")->check(CLI::Range(1, 100000));
       return [=, &g]() {
         listing::ListingHost host(c->db, g.settings());
         auto rows =
             listing::read_batch(*file, operator_actor(c->actor), today_local(), host.service());
         std::int64_t allowed = 0, denied = 0, replayed = 0, failed = 0;
         for (std::size_t start = 0; start < rows.size();
              start += static_cast<std::size_t>(*chunk)) {
           const std::size_t end = std::min(rows.size(), start + static_cast<std::size_t>(*chunk));
           std::vector<listing::Envelope> envs;
           for (std::size_t k = start; k < end; ++k) {
             envs.push_back(rows[k].envelope);
             envs.back().lang = g.lang;
           }
           auto results = host.service().execute(envs);
           for (std::size_t k = 0; k < results.size(); ++k) {
             const auto& r = results[k];
             nlohmann::json out{{"line", rows[start + k].line}};
             out["answer"] = nlohmann::json::parse(r.body);
             if (r.status == Result::Status::replayed) {
               out["replayed"] = true;
               ++replayed;
             }
             if (r.status == Result::Status::decided || r.status == Result::Status::replayed) {
               (r.allowed ? allowed : denied)++;
             } else {
               ++failed;
             }
             std::cout << out.dump() << "\n";
           }
         }
         std::cerr << fmt::format(
             "{} rows: {} allowed, {} denied ({} answered before), {} failed\n", rows.size(),
             allowed, denied, replayed, failed);
         return failed ? 1 : 0;
       };
     }}};

}  // namespace cmd_listing
}  // namespace praksis::cli
