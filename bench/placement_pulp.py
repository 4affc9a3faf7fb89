#!/usr/bin/python3
"""Peer of `praksis place --solver milp`: the same aggregated backup-coverage model written with
PuLP and solved by Debian's CBC (python3-pulp, COIN_CMD). Reads the text written by
`praksis place --export-instance FILE` and prints one line: objective, status, seconds.

Usage: bench/placement_pulp.py INSTANCE [TIME_LIMIT_S]
"""
import sys
import time

import pulp


def main():
    path = sys.argv[1]
    limit = float(sys.argv[2]) if len(sys.argv) > 2 else 120.0
    t0 = time.monotonic()
    with open(path) as f:
        points, candidates, add = (int(v) for v in f.readline().split())
        rows = [line.split() for line in f]
    assert len(rows) == points
    m = pulp.LpProblem("placement", pulp.LpMaximize)
    x = [pulp.LpVariable(f"x{c}", cat="Binary") for c in range(candidates)]
    y = []
    for p, r in enumerate(rows):
        need = int(r[1])
        # As in src/placement/solvers.cpp: y is integral by itself when one clinic is missing.
        y.append(pulp.LpVariable(f"y{p}", 0, 1, cat="Binary" if need > 1 else "Continuous"))
    m += pulp.lpSum(float(r[0]) * y[p] for p, r in enumerate(rows))
    for p, r in enumerate(rows):
        m += int(r[1]) * y[p] <= pulp.lpSum(x[int(c)] for c in r[2:])
    m += pulp.lpSum(x) == min(add, candidates)
    built = time.monotonic() - t0
    m.solve(pulp.COIN_CMD(msg=0, timeLimit=limit))
    total = time.monotonic() - t0
    print(f"objective {pulp.value(m.objective):.0f} status {pulp.LpStatus[m.status]} "
          f"build_s {built:.2f} total_s {total:.2f}")


if __name__ == "__main__":
    main()
