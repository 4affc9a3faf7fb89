#!/usr/bin/env python3
"""The layer check (issue 12): the CLI (tools/praksis) and the HTTP server (src/server) parse,
call a use-case service and format; they hold no domain decision.

A file in tools/praksis/*.cpp|hpp or src/server/*.cpp|hpp fails the check when it
  1. includes a praksis header that is not on the allow-list below (the services, output and
     report rendering, settings, core, the store factory and the file's own layer's helpers), or
  2. calls one of the domain functions below (the survey, the designation, the forecast, the
     what-if, the survey years, the threatened list) other than as a member of a service or a
     result (`service.trend(...)`, `result.scoped_survey()`).

Every command is behind a service (issue 12): there is no allowance for a command that is not.

Run: python3 scripts/check_layers.py [--root DIR]. Exit 0: clean; 1: the violations are listed,
each as file:line: what, and why. CTest runs it as `LayerCheck` (label lint).
"""

import argparse
import pathlib
import re
import sys

# Headers any file of the two layers may include (exact paths, or prefixes ending in "/").
ALLOWED = [
    "praksis/app/",  # the use-case services (coverage, forecast)
    "praksis/placement/placement_service.hpp",
    "praksis/economy/economy_service.hpp",
    "praksis/listing/listing_service.hpp",
    "praksis/listing/listing_host.hpp",  # opens the store and hosts the listing service
    "praksis/listing/listing_json.hpp",  # the listing service's request and answer JSON
    "praksis/output/",  # one table model and formatter, the text catalogue
    "praksis/report/",  # rendering of results: survey tables, HTML report, PDF, sections
    "praksis/economy/report.hpp",  # ReportTable, the table model (still beside the economy)
    "praksis/settings/",
    "praksis/core/",
    "praksis/store/store.hpp",  # the store interface and its one factory, open_store
]

# Headers only some files may include, and why.
ALLOWED_IN = {
    # main.cpp turns the stores' error types into exit codes.
    "tools/praksis/main.cpp": ["praksis/store/sqlite.hpp", "praksis/store/postgres.hpp"],
}
ALLOWED_IN_LAYER = {
    # The server's own parts (tokens, the map's kommune areas) and the coastline it draws and
    # tests a what-if point against.
    "src/server": ["praksis/server/", "praksis/geo/land.hpp", "core/toml_input.hpp"],
    "tools/praksis": ["praksis/server/http_server.hpp"],  # `praksis serve` starts the server
}

# Domain calls the layers leave to the services (free functions; `x.name(` and `x->name(` are
# members of a service or result and allowed).
FORBIDDEN_CALLS = [
    "run_survey",
    "run_survey_changed",
    "designate",
    "scoped_survey",
    "scoped_designation",
    "run_forecast",
    "forecast_by_areas",
    "run_what_if",
    "apply_what_if",
    "compare_metrics",
    "run_trend",
    "survey_year",
    "snapshot_year_figures",
    "snapshot_of_year",
    "settings_as_of",
    "survey_basis_cached",
    "listing_as_of",
    "load_dated_listings",
    "count_headlines",
    "parse_area_scope",
    "SurveyBasis::of",
    "PlanningAreas::of",
    "PlanningAreas::per_kommune",
    r"threatened\w*",  # the E3 threatened list is picked by a service, never by the CLI
    # The clinics' and the economy's decisions (C5, C6, E1-E6, A3) and the datasets' jobs.
    "decide_takeover",
    "price_visit",
    "apply_turnover_cap",
    r"check_\w*_goodwill",
    "generate_claims",
    "import_claims",
    "require_claims",
    "load_activity",
    "settle_year",
    "run_scenario_year",
    r"\w*home_visit_figures",
    "generate_world",
    "generate_history",
    "calibration_report",
    "island_report",
    "extract_world",
    "read_world",
    "write_world",
]

INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"', re.M)


def strip_comments_and_strings(text: str) -> str:
    """The code with comments, string and character literals blanked (newlines kept)."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append("\n" * text.count("\n", i, j))
            i = j
        elif c == "R" and text.startswith('R"', i):
            m = re.match(r'R"([^(]*)\(', text[i:])
            end = text.find(")" + m.group(1) + '"', i) if m else -1
            j = n if end < 0 else end + len(m.group(1)) + 2
            out.append('""' + "\n" * text.count("\n", i, j))
            i = j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            out.append(c + c)
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def allowed(header: str, rel: str, layer: str) -> bool:
    rules = ALLOWED + ALLOWED_IN.get(rel, []) + ALLOWED_IN_LAYER.get(layer, [])
    if "/" not in header:
        return True  # the layer's own helpers next to the file (command.hpp, map_api.hpp)
    return any(header == r or (r.endswith("/") and header.startswith(r)) for r in rules)


def check(root: pathlib.Path) -> list[str]:
    problems = []
    files = []
    for layer in ("tools/praksis", "src/server"):
        for ext in ("cpp", "hpp"):
            files += [(layer, p) for p in sorted((root / layer).glob(f"*.{ext}"))]
    calls = [(name, re.compile(r"(?<![\w.>])" + name + r"\s*\(")) for name in FORBIDDEN_CALLS]
    for layer, path in files:
        rel = path.relative_to(root).as_posix()
        text = path.read_text(encoding="utf-8")
        for m in INCLUDE.finditer(text):
            header = m.group(1)
            line = text.count("\n", 0, m.start()) + 1
            if allowed(header, rel, layer):
                continue
            problems.append(
                f"{rel}:{line}: includes {header}: a domain header; call a service "
                f"(praksis/app/...) instead, or extend the allow-list in scripts/check_layers.py "
                f"with a reason"
            )
        code = strip_comments_and_strings(text)
        found = []
        for name, rx in calls:
            for m in rx.finditer(code):
                line = code.count("\n", 0, m.start()) + 1
                found.append((line, m.group(0).rstrip("( ")))
        for line, call in sorted(found):
            problems.append(
                f"{rel}:{line}: calls {call}(): a domain decision; it belongs in a use-case "
                f"service (praksis/app/...)"
            )
    return problems


def self_test() -> int:
    """The check on a made-up tree: what must fail fails, what must pass passes."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp)
        (root / "tools/praksis").mkdir(parents=True)
        (root / "src/server").mkdir(parents=True)
        clean = (
            '#include "command.hpp"\n#include "praksis/app/coverage_service.hpp"\n'
            "// run_survey(world) is the service's job\n"
            'const char* s = "designate(x)";\n'
            "auto r = svc.run(p); auto d = r.scoped_designation(); c->run_forecast(x);\n"
        )
        (root / "tools/praksis/cmd_ok.cpp").write_text(clean)
        failures = []
        if check(root):
            failures.append(f"a clean tree fails: {check(root)}")
        (root / "tools/praksis/cmd_bad.cpp").write_text(
            '#include "praksis/survey/survey.hpp"\nvoid f() { auto s = praksis::run_survey(w, st); '
            "threatened_kommuner(s); decide_takeover(c, d, 1, s, l); }\n"
        )
        got = check(root)
        for want in ("cmd_bad.cpp:1: includes praksis/survey/survey.hpp", "cmd_bad.cpp:2: calls run_survey()", "cmd_bad.cpp:2: calls threatened_kommuner()",
                     "cmd_bad.cpp:2: calls decide_takeover()"):
            if not any(want in g for g in got):
                failures.append(f"not reported: {want} (got {got})")
        (root / "tools/praksis/cmd_bad.cpp").unlink()
    for f in failures:
        print("self-test:", f)
    print("check_layers self-test:", "FAILED" if failures else "passed")
    return 1 if failures else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", default=pathlib.Path(__file__).resolve().parent.parent, type=pathlib.Path)
    ap.add_argument("--self-test", action="store_true", help="check the check on a made-up tree")
    args = ap.parse_args()
    if args.self_test:
        return self_test()
    problems = check(args.root)
    for p in problems:
        print(p)
    if problems:
        print(f"check_layers: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print("check_layers: tools/praksis and src/server call only the services")
    return 0


if __name__ == "__main__":
    sys.exit(main())
