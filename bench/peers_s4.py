#!/usr/bin/python3
"""S4 per kommune three ways in one run: praksis, scipy cKDTree, PostGIS ST_DWithin.

Called by bench/peers.sh (which installs the peers and starts a throwaway PostgreSQL); not part
of the product. S4 (DOMAIN.md, docs/survey.md): residents whose second-nearest open choice is
farther than 15 km great-circle ("within" is chord^2 <= chord^2(15 km + 1 mm) on a sphere of
radius 6,371.0088 km). An open choice is a clinic with an open list, a capacity and room for one
more patient under C1 (is_open_choice: listed + 1 <= approval_required_above x capacities; the
survey sees no approvals). The homes are read from the store's citizens table (the source of
truth) and grouped by (kommune, location) with their number of residents; every peer answers
per distinct location and counts its residents. Exits 1 when a peer's count differs from
praksis's in any kommune.
"""
import argparse
import csv
import math
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import time

import numpy as np
from scipy.spatial import cKDTree

EARTH_RADIUS_KM = 6371.0088  # GreatCircle::kEarthRadiusKm
TOLERANCE_KM = 1e-6  # GreatCircle::kToleranceKm
POSTGIS_SPHERE_M = 6371008.771415  # PostGIS's sphere for geography without spheroid (WGS84 mean)


def settings(praksis):
    text = subprocess.run([praksis, "settings", "--print"], check=True, capture_output=True,
                          text=True).stdout
    def value(key):
        m = re.search(rf"^{key}\s*=\s*([0-9.]+)", text, re.M)
        if not m:
            sys.exit(f"peers: no {key} in `praksis settings --print`")
        return float(m.group(1))
    return (value("approval_required_above"), value("choice_radius_km"),
            int(value("min_open_choices")))


def praksis_survey(praksis, db, runs, work):
    """Median wall time of the whole `praksis survey` process and of its S4 stage; the S4 count
    of every kommune."""
    walls, s4 = [], []
    out = os.path.join(work, "survey.csv")
    for _ in range(runs):
        t0 = time.perf_counter()
        r = subprocess.run([praksis, "--log-level", "debug", "survey", "--db", db, "--format",
                            "csv", "--out", out], check=True, capture_output=True, text=True)
        walls.append(time.perf_counter() - t0)
        m = re.search(r"S4 ([0-9.]+)", r.stdout + r.stderr)
        if m:
            s4.append(float(m.group(1)) / 1000)
    counts = {}
    with open(out, newline="") as f:
        for row in csv.DictReader(f):
            if row["level"] == "kommune":
                counts[int(row["code"])] = int(row["without_two_open_choices"])
    return walls, s4, counts


def read_store(db, limit):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    homes = np.array(con.execute(
        "SELECT kommune, lat_e5, lon_e5, count(*) FROM citizens GROUP BY kommune, lat_e5, lon_e5"
    ).fetchall(), dtype=np.int64)
    listed = dict(con.execute(
        "SELECT ydernummer, count(*) FROM citizens WHERE ydernummer IS NOT NULL GROUP BY 1"))
    clinics = []
    for y, lat, lon, open_, cap, unfilled in con.execute(
            "SELECT ydernummer, lat_e5, lon_e5, open, capacities, unfilled_capacities FROM clinics"):
        total = cap + unfilled
        if open_ and total > 0 and listed.get(y, 0) + 1 <= limit * total:
            clinics.append((lat, lon))
    kommuner = [k for (k,) in con.execute("SELECT code FROM kommuner ORDER BY code")]
    con.close()
    return homes, np.array(clinics, dtype=np.int64).reshape(-1, 2), kommuner


def unit_vectors(lat_e5, lon_e5):
    la = (lat_e5 / 1e5) * math.pi / 180.0
    lo = (lon_e5 / 1e5) * math.pi / 180.0
    return np.column_stack((np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)))


def scipy_s4(homes, clinics, radius_km, k):
    """Seconds for the tree and the query; residents without k open clinics per kommune."""
    t0 = time.perf_counter()
    hu = unit_vectors(homes[:, 1], homes[:, 2])
    tree = cKDTree(unit_vectors(clinics[:, 0], clinics[:, 1]))
    dist, _ = tree.query(hu, k=k)
    kth = dist if k == 1 else dist[:, k - 1]
    c = 2.0 * math.sin((radius_km + TOLERANCE_KM) / (2.0 * EARTH_RADIUS_KM))
    without = ~(kth * kth <= c * c)  # inf (fewer than k clinics) counts as without
    per = np.bincount(homes[:, 0], weights=homes[:, 3] * without, minlength=1000)
    seconds = time.perf_counter() - t0
    return seconds, {int(km): int(per[km]) for km in np.unique(homes[:, 0])}


def psql(args, sql, capture=False, script=False):
    return subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1"] + args +
                          (["-f", sql] if script else ["-c", sql]),
                          check=True, capture_output=capture, text=True)


def postgis_s4(pg, homes, clinics, radius_km, k, work):
    """Seconds for the indexed query (the load and the index are timed apart); counts per
    kommune."""
    hp, cp = os.path.join(work, "homes.tsv"), os.path.join(work, "clinics.tsv")
    np.savetxt(hp, homes, fmt="%d", delimiter="\t")
    np.savetxt(cp, clinics, fmt="%d", delimiter="\t")
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "peers_s4.sql")) as f:
        setup = f.read()
    sp = os.path.join(work, "setup.sql")
    with open(sp, "w") as f:
        f.write(setup.replace(":homes", f"'{hp}'").replace(":clinics", f"'{cp}'"))
    t0 = time.perf_counter()
    psql(pg, sp, script=True)
    load = time.perf_counter() - t0
    # The same angle as praksis's threshold on PostGIS's sphere.
    metres = (radius_km + TOLERANCE_KM) * 1000.0 * POSTGIS_SPHERE_M / (EARTH_RADIUS_KM * 1000.0)
    query = (f"SELECT h.kommune, sum(h.n) FROM homes h WHERE (SELECT count(*) FROM (SELECT 1 "
             f"FROM clinics c WHERE ST_DWithin(c.g, h.g, {metres!r}, false) LIMIT {k}) s) < {k} "
             f"GROUP BY h.kommune")
    t0 = time.perf_counter()
    out = psql(pg + ["-A", "-t", "-F", ","], query, capture=True).stdout
    seconds = time.perf_counter() - t0
    counts = {}
    for line in out.splitlines():
        if line.strip():
            km, n = line.split(",")
            counts[int(km)] = int(n)
    return load, seconds, counts


def compare(name, got, want, kommuner):
    bad = [(km, want.get(km, 0), got.get(km, 0)) for km in kommuner
           if want.get(km, 0) != got.get(km, 0)]
    for km, w, g in bad[:20]:
        print(f"  {name}: kommune {km:03d}: praksis {w}, {name} {g}")
    print(f"{name}: {len(kommuner) - len(bad)} of {len(kommuner)} kommuner equal to praksis"
          f"{'' if bad else ' (all)'}; national {sum(got.values())} vs {sum(want.values())}")
    return not bad


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--praksis", required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--pg", nargs="*", default=None, help="psql connection arguments")
    a = ap.parse_args()
    limit, radius, k = settings(a.praksis)
    walls, s4, counts = praksis_survey(a.praksis, a.db, a.runs, a.work)
    homes, clinics, kommuner = read_store(a.db, limit)
    print(f"data: {int(homes[:, 3].sum())} residents at {len(homes)} distinct home locations, "
          f"{len(clinics)} open choices; S4 radius {radius} km, {k} open choices")
    med = statistics.median(walls)
    print(f"praksis survey (whole process, S1-S6 and output): {len(walls)} runs, median "
          f"{med:.2f} s ({min(walls):.2f}-{max(walls):.2f})")
    s4med = statistics.median(s4) if s4 else float("nan")
    if s4:
        print(f"praksis S4 stage: median {s4med:.3f} s ({min(s4):.3f}-{max(s4):.3f})")
    ok = True
    sc = []
    for _ in range(a.runs):
        seconds, sc_counts = scipy_s4(homes, clinics, radius, k)
        sc.append(seconds)
    ok &= compare("scipy", sc_counts, counts, kommuner)
    scm = statistics.median(sc)
    print(f"scipy cKDTree (unit vectors, tree + k={k} query): {len(sc)} runs, median {scm:.2f} s "
          f"({min(sc):.2f}-{max(sc):.2f}); ratio to the praksis survey process {scm / med:.2f}, "
          f"to its S4 stage {scm / s4med:.1f}")
    if a.pg is not None:
        load, pgs, pg_counts = postgis_s4(a.pg, homes, clinics, radius, k, a.work)
        ok &= compare("postgis", pg_counts, counts, kommuner)
        print(f"PostGIS ST_DWithin on a geography GiST index: query {pgs:.1f} s (load and index "
              f"{load:.1f} s); ratio to the praksis survey process {pgs / med:.1f}, to its S4 "
              f"stage {pgs / s4med:.0f}")
    if not ok:
        print("peers: the counts differ from praksis's")
        sys.exit(1)
    print("peers: every kommune's S4 count equal in all three")


if __name__ == "__main__":
    main()
