// Opening the service over a store, and reading batch files for `praksis apply`.
#include "praksis/listing/listing_host.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "praksis/core/csv.hpp"
#include "praksis/core/parse.hpp"
#include "praksis/listing/listing_json.hpp"

namespace praksis::listing {

ListingHost::ListingHost(const std::string& db, const Settings& settings)
    : ListingHost(db, settings, std::nullopt) {}

ListingHost::ListingHost(const std::string& db, const Settings& settings,
                         std::vector<CitizenId> citizens)
    : ListingHost(db, settings, std::optional(std::move(citizens))) {}

ListingHost::ListingHost(const std::string& db, const Settings& settings,
                         std::optional<std::vector<CitizenId>> slice_of)
    : settings_(settings), slice_of_(std::move(slice_of)) {
  store_ = open_store(db, false);
  if (!store_->has_world())
    throw InputError(InputLocation{store_->location(), 0, 0, "--db"},
                     message("store.error.no_world", store_->location()));
  repo_ = open_listing_repository(*store_);
  open_service();
}

void ListingHost::open_service() {
  // The world and the listing facts are read in two steps; other servers sharing the store may
  // commit in between. The state is consistent when the newest audit event is the same before
  // and after (ids only grow), and later decisions are then replayed from the audit trail.
  for (int attempt = 1;; ++attempt) {
    const std::int64_t before = repo_->last_audit_id();
    service_.reset();
    state_.reset();
    std::optional<DecisionSlice> slice;
    if (slice_of_) slice = store_->load_decision_slice(*slice_of_);
    if (slice) {
      state_ = std::make_unique<ListingState>(std::move(slice->world), settings_,
                                              std::move(slice->listed));
    } else {
      slice_of_.reset();  // this store reads whole worlds only
      state_ = std::make_unique<ListingState>(store_->load_world(), settings_);
    }
    service_ = std::make_unique<ListingService>(*state_, *repo_);
    if (service_->seen_audit_id() == before) break;
    if (attempt == 20)
      throw Error(fmt::format("{}: the listing register kept changing while it was loaded",
                              store_->location()));
  }
}

Result ListingHost::execute_one(const Envelope& env) {
  for (int attempt = 1;; ++attempt) {
    try {
      return service_->execute_one(env);
    } catch (const StaleSlice&) {
      if (attempt == 50) throw;
      open_service();
    }
  }
}

namespace {

using nlohmann::json;

const std::set<std::string_view> kCsvColumns = {
    "action",      "citizen", "clinic",      "lat",
    "lon",         "kommune", "status",      "grounds",
    "evidence",    "related", "reference",   "doctor_accepts",
    "valid_until", "reason",  "notified_on", "idempotency_key"};

/// A CSV row as the JSON object the API would receive.
json csv_row_json(const std::vector<std::string>& header, const CsvRow& row,
                  const CsvReader& reader, CsvDialect dialect, IssueCollector& issues) {
  json j = json::object();
  json evidence = json::object();
  json home = json::object();
  for (std::size_t k = 0; k < header.size() && k < row.fields.size(); ++k) {
    const std::string& name = header[k];
    const std::string v(row.fields[k]);
    if (v.empty()) continue;
    auto num = [&]() -> std::optional<double> {
      std::string t = v;
      if (dialect == CsvDialect::danish) std::replace(t.begin(), t.end(), ',', '.');
      auto d = parse_decimal(t);
      if (!d) issues.add(reader.at(row, k, name), message("listing.batch.number"));
      return d;
    };
    auto integer = [&]() -> std::optional<std::int64_t> {
      auto d = parse_int<std::int64_t>(v);
      if (!d) issues.add(reader.at(row, k, name), message("listing.batch.integer"));
      return d;
    };
    if (name == "clinic" || name == "kommune") {
      if (auto d = integer()) j[name] = *d;
    } else if (name == "lat" || name == "lon") {
      if (auto d = num()) home[name] = *d;
    } else if (name == "evidence") {
      evidence["exception"] = v;
    } else if (name == "related" || name == "reference") {
      evidence[name] = v;
    } else if (name == "doctor_accepts") {
      if (v == "true" || v == "1")
        j[name] = true;
      else if (v == "false" || v == "0")
        j[name] = false;
      else
        issues.add(reader.at(row, k, name), message("listing.batch.bool"));
    } else {
      j[name] = v;
    }
  }
  if (!home.empty()) j["home"] = home;
  if (!evidence.empty()) j["evidence"] = evidence;
  return j;
}

}  // namespace

std::vector<BatchRow> read_batch(const std::filesystem::path& file, const Actor& actor, Date today,
                                 const ListingService& service) {
  std::ifstream in(file, std::ios::binary);
  if (!in)
    throw InputError(InputLocation{file.string(), 0, 0, {}}, message("listing.batch.cannot_open"));
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  const std::string src = file.string();
  const std::uint64_t file_hash = ListingService::request_hash(text);
  IssueCollector issues;
  std::vector<std::pair<std::int64_t, json>> objects;
  const bool jsonl =
      file.extension() == ".jsonl" || file.extension() == ".ndjson" || file.extension() == ".json";
  if (jsonl) {
    std::int64_t line = 0;
    std::size_t pos = 0;
    while (pos <= text.size() && !issues.full()) {
      std::size_t end = text.find('\n', pos);
      if (end == std::string::npos) end = text.size();
      ++line;
      std::string_view l(text.data() + pos, end - pos);
      if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
      pos = end + 1;
      if (l.find_first_not_of(" \t") == std::string_view::npos) {
        if (end == text.size()) break;
        continue;
      }
      try {
        objects.emplace_back(line, parse_json_text(l, src));
      } catch (const InputError& e) {
        for (const auto& i : e.issues())
          issues.add(InputLocation{src, line, 0, i.where.field}, i.reason, i.message);
      }
      if (end == text.size()) break;
    }
  } else {
    // Both dialects praksis writes: ',' with '.' decimals, or (`da`) ';' with ',' decimals. The
    // header line decides: the Danish dialect's header has ';' between names and no ','.
    const std::string_view first_line = std::string_view(text).substr(0, text.find('\n'));
    const CsvDialect dialect = first_line.find(';') != std::string_view::npos &&
                                       first_line.find(',') == std::string_view::npos
                                   ? CsvDialect::danish
                                   : CsvDialect::standard;
    CsvReader reader(src, text, dialect == CsvDialect::danish ? ';' : ',');
    const auto header = reader.read_header();
    std::set<std::string> seen_columns;
    for (std::size_t k = 0; k < header.size(); ++k) {
      if (!kCsvColumns.count(header[k])) {
        issues.add(InputLocation{src, 1, static_cast<std::int64_t>(k + 1), header[k]},
                   message("listing.batch.unknown_column"));
      } else if (!seen_columns.insert(header[k]).second) {
        issues.add(InputLocation{src, 1, static_cast<std::int64_t>(k + 1), header[k]},
                   message("listing.batch.duplicate_column"));
      }
    }
    if (std::find(header.begin(), header.end(), "action") == header.end()) {
      issues.add(InputLocation{src, 1, 0, "action"}, message("listing.batch.no_action_column"));
    }
    issues.throw_if_any();
    CsvRow row;
    while (reader.next(row) && !issues.full()) {
      if (row.fields.size() != header.size()) {
        issues.add(InputLocation{src, row.line, 0, {}},
                   message("listing.batch.field_count", row.fields.size(), header.size()));
        continue;
      }
      objects.emplace_back(row.line, csv_row_json(header, row, reader, dialect, issues));
    }
  }
  std::vector<BatchRow> rows;
  std::shared_lock lock(service.mutex());
  for (auto& [line, obj] : objects) {
    const std::string where = fmt::format("{}:{}", src, line);
    try {
      if (!obj.is_object())
        throw InputError(InputLocation{src, line, 0, "$"}, message("input.json.object"));
      const json* a = obj.contains("action") ? &obj["action"] : nullptr;
      if (!a || !a->is_string())
        throw InputError(InputLocation{src, line, 0, "action"}, message("listing.batch.action"));
      const std::string action = a->get<std::string>();
      json body = obj;
      body.erase("action");
      ParsedRequest p = parse_request(action, body, src);
      BatchRow r;
      r.line = line;
      r.envelope.command = std::move(p.command);
      r.envelope.actor = actor;
      r.envelope.notified_on = p.notified_on.value_or(today);
      if (r.envelope.notified_on > today)
        throw InputError(InputLocation{src, line, 0, "notified_on"},
                         message("server.error.future"));
      r.envelope.idempotency_key = p.idempotency_key.empty()
                                       ? fmt::format("apply:{:016x}:{}", file_hash, line)
                                       : p.idempotency_key;
      body.erase("idempotency_key");
      body["action"] = action;
      r.envelope.request_json = body.dump();
      // Unknown ids and impossible values are input errors of the file, found before anything runs.
      service.rules().validate(r.envelope.command);
      rows.push_back(std::move(r));
    } catch (const InputError& e) {
      for (const auto& i : e.issues())
        issues.add(InputLocation{src, line, i.where.column, i.where.field}, i.reason, i.message);
    }
  }
  issues.throw_if_any();
  return rows;
}

}  // namespace praksis::listing
