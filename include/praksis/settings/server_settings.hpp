// Settings of the GP choice service (`praksis serve`): limits and throughput knobs, no rule
// numbers.
#pragma once

#include "praksis/settings/settings_visitor.hpp"

namespace praksis {

struct ServerSettings {
  int max_body_bytes = 16 * 1024;
  int threads = 64;
  int listen_backlog = 1024;
  int keep_alive_max_requests = 100000;
  int commit_batch_max = 512;
  int search_default_limit = 20;
  int search_max_limit = 500;
  double search_max_radius_km = 100.0;
  int audit_max_limit = 1000;
  double map_cell_km = 2.0;
  int what_if_max_capacities = 20;

  template <class V>
  void visit(V& v) {
    v("max_body_bytes", max_body_bytes,
      {"",
       "largest accepted request body; larger bodies get 400 naming `body`",
       {64, 16 * 1024 * 1024}});
    v("threads", threads,
      {"", "HTTP worker threads (one per open keep-alive connection)", {1, 1024}});
    v("listen_backlog", listen_backlog,
      {"",
       "connections the kernel queues before they are accepted (a burst of new clients)",
       {1, 65535}});
    v("keep_alive_max_requests", keep_alive_max_requests,
      {"", "requests served on one keep-alive connection before it is closed", {1, 100000000}});
    v("commit_batch_max", commit_batch_max,
      {"", "largest group of decisions written in one transaction (group commit)", {1, 100000}});
    v("search_default_limit", search_default_limit,
      {"", "clinics returned by GET /api/clinics when `limit` is not given", {1, 100000}});
    v("search_max_limit", search_max_limit,
      {"", "largest accepted `limit` of GET /api/clinics", {1, 100000}});
    v("search_max_radius_km", search_max_radius_km,
      {"", "largest accepted `radius_km` of GET /api/clinics", kPositive});
    v("audit_max_limit", audit_max_limit,
      {"", "largest accepted `limit` of GET /api/audit", {1, 1000000}});
    v("map_cell_km", map_cell_km,
      {"",
       "grid cell of the web map's kommune areas (each cell takes the kommune of most residents; "
       "docs/web.md)",
       {0.5, 20.0}});
    v("what_if_max_capacities", what_if_max_capacities,
      {"", "largest `capacities` of one POST /api/whatif clinic", {1, 1000}});
  }
};

}  // namespace praksis
