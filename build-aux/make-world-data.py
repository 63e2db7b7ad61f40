#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Builds data/world-50m.bin from Natural Earth 50m country outlines.

Input: countries-50m.json from the npm package world-atlas@2.0.2
(ISC licence; Natural Earth 4.1.0, public domain), e.g.
    cd /tmp && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    build-aux/make-world-data.py /tmp/package/countries-50m.json \
        data/countries.csv data/world-50m.bin

What it fixes (see data/README-map.md):
  * rings crossing the antimeridian are unwrapped so consecutive points never
    jump by 360 degrees (longitudes may then lie outside -180..180);
  * Antarctica's coast, which circles the pole, is closed through the pole,
    and the tiny ring around the pole that world-atlas uses as its exterior
    (a spherical-polygon trick) is dropped;
  * outer rings are made clockwise and holes anticlockwise;
  * the duplicate id "036" (Ashmore and Cartier Is.) is merged into Australia;
  * overseas parts that ISO 3166-1 codes on their own are moved out of
    France (GF, GP, MQ, RE, YT), Norway (SJ) and the Netherlands (BQ);
  * "Indian Ocean Ter." (no id) is split into Christmas Island (162) and
    Cocos (Keeling) Islands (166); the other shapes without an id are kept
    as land without a numeric code (Kosovo gets its alpha-2 XK).

Output format (little-endian), read by src/core/views/ot-geo.c:
  "OTWORLD1"                      magic
  u32 n_shapes
  per shape: u16 numeric (0 = none), 2 bytes alpha-2 (NUL if none),
             u8 name length, name (UTF-8), u32 n_rings,
             per ring: u32 n_points, then n_points pairs of zig-zag
             varints: delta lon, delta lat in 1/10000 degree from the
             previous point of the ring (the first from 0,0).
Rings are open (the last point is not repeated).
"""
import csv
import json
import struct
import sys

UNIT = 10000  # quanta per degree


def decode_arcs(topo):
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)
    return arcs


def ring_points(arcs, ring):
    pts = []
    for i in ring:
        a = arcs[i] if i >= 0 else arcs[~i][::-1]
        pts.extend(a if not pts else a[1:])
    return pts


def unwrap(pts):
    """Longitudes made continuous; returns (points, net turn in degrees)."""
    out = [pts[0]]
    offset = 0.0
    for (lon0, _), (lon1, lat1) in zip(pts, pts[1:]):
        d = lon1 - lon0
        if d > 180:
            offset -= 360
        elif d < -180:
            offset += 360
        out.append((lon1 + offset, lat1))
    return out, offset


def area(pts):
    s = 0.0
    for (x0, y0), (x1, y1) in zip(pts, pts[1:] + pts[:1]):
        s += x0 * y1 - x1 * y0
    return s / 2


def clean_ring(pts):
    """A planar ring in unwrapped degrees, or None if it should be dropped."""
    if all(lat < -89.9 for _, lat in pts):
        return None  # world-atlas' ring around the south pole
    u, turn = unwrap(pts)
    if turn != 0:
        # Circles a pole: the last point is the first moved by 360 degrees.
        pole = -90.0 if sum(lat for _, lat in u) < 0 else 90.0
        u = u[:-1] + [(u[-1][0], u[-1][1]), (u[-1][0], pole), (u[0][0], pole)]
    elif u[0] == u[-1]:
        u = u[:-1]
    # Drop repeated points.
    r = [u[0]]
    for p in u[1:]:
        if p != r[-1]:
            r.append(p)
    if len(r) < 3 or abs(area(r)) < 1e-9:
        return None
    lo = min(p[0] for p in r)
    hi = max(p[0] for p in r)
    mid = (lo + hi) / 2
    shift = 0
    while mid + shift >= 180:
        shift -= 360
    while mid + shift < -180:
        shift += 360
    return [(lon + shift, lat) for lon, lat in r]


# Parts of a Natural Earth country that have their own ISO 3166-1 code:
# numeric of the NE country -> [(ISO numeric, west, east, south, north)],
# matched by the centroid of the part's outer ring.
SPLIT = {
    250: [(254, -55.0, -51.0, 1.0, 6.0),       # French Guiana
          (312, -62.0, -60.9, 15.8, 16.6),     # Guadeloupe
          (474, -61.3, -60.7, 14.3, 15.0),     # Martinique
          (638, 55.0, 56.0, -21.5, -20.8),     # Reunion
          (175, 44.9, 45.4, -13.1, -12.5)],    # Mayotte
    578: [(744, -10.0, -5.0, 70.0, 72.0),      # Jan Mayen
          (744, 0.0, 40.0, 74.0, 81.0)],       # Svalbard, Bjornoya
    528: [(535, -69.0, -62.0, 11.0, 18.0)],    # Bonaire, Sint Eustatius, Saba
}


def split_code(numeric, ring):
    lon = sum(p[0] for p in ring) / len(ring)
    lat = sum(p[1] for p in ring) / len(ring)
    for code, west, east, south, north in SPLIT.get(numeric, []):
        if west <= lon <= east and south <= lat <= north:
            return code
    return numeric


def polygons(geom):
    if geom["type"] == "Polygon":
        return [geom["arcs"]]
    if geom["type"] == "MultiPolygon":
        return geom["arcs"]
    return []


def zigzag(v):
    return (v << 1) ^ (v >> 63)


def varint(v):
    out = bytearray()
    while True:
        b = v & 0x7F
        v >>= 7
        if v:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def main():
    topo_path, csv_path, out_path = sys.argv[1:4]
    with open(topo_path) as f:
        topo = json.load(f)
    arcs = decode_arcs(topo)

    alpha2 = {}
    csv_numerics = {}
    kosovo = ""
    with open(csv_path) as f:
        rows = csv.DictReader(line for line in f if not line.startswith("#"))
        for row in rows:
            if row["numeric"]:
                alpha2[int(row["numeric"])] = row["alpha2"]
                csv_numerics[int(row["numeric"])] = row["name"]
            if row["alpha2"] == "XK":
                kosovo = row["alpha2"]

    shapes = {}  # key -> [numeric, alpha2, name, rings]
    order = []

    def add(key, numeric, code, name, rings):
        if key not in shapes:
            shapes[key] = [numeric, code, name, []]
            order.append(key)
        shapes[key][3].extend(rings)

    for geom in topo["objects"]["countries"]["geometries"]:
        gid = geom.get("id")
        name = geom.get("properties", {}).get("name", "")
        for poly in polygons(geom):
            rings = [r for r in (clean_ring(ring_points(arcs, ring)) for ring in poly) if r]
            if not rings:
                continue
            # One winding for all: outer rings clockwise in lon/lat (negative
            # area), holes anticlockwise, so the non-zero fill rule works even
            # where Natural Earth's islands overlap their mainland.
            rings = [r if (area(r) < 0) == (i == 0) else r[::-1]
                     for i, r in enumerate(rings)]
            if gid is not None:
                n = split_code(int(gid), rings[0])
                if n != int(gid):
                    add(n, n, alpha2[n], csv_numerics[n], rings)
                    continue
                # "036" twice: Ashmore and Cartier Is. is part of Australia.
                add(n, n, alpha2.get(n, ""), name if n not in shapes else shapes[n][2], rings)
                if name == "Australia":
                    shapes[n][2] = name
            elif name == "Indian Ocean Ter.":
                lon = sum(p[0] for p in rings[0]) / len(rings[0])
                n = 162 if lon > 100 else 166
                add(n, n, alpha2[n], csv_numerics[n], rings)
            elif name == "Kosovo":
                add("XK", 0, kosovo, name, rings)
            else:
                add(name, 0, "", name, rings)

    out = bytearray(b"OTWORLD1")
    out += struct.pack("<I", len(order))
    n_points = 0
    for key in order:
        numeric, code, name, rings = shapes[key]
        nb = name.encode("utf-8")
        out += struct.pack("<H2sB", numeric, code.encode("ascii").ljust(2, b"\0"), len(nb))
        out += nb
        out += struct.pack("<I", len(rings))
        for ring in rings:
            out += struct.pack("<I", len(ring))
            n_points += len(ring)
            px = py = 0
            for lon, lat in ring:
                qx = round(lon * UNIT)
                qy = round(lat * UNIT)
                out += varint(zigzag(qx - px)) + varint(zigzag(qy - py))
                px, py = qx, qy
    with open(out_path, "wb") as f:
        f.write(out)

    have = {shapes[k][0] for k in order if shapes[k][0]}
    print(f"{len(order)} shapes, {n_points} points, {len(out)} bytes", file=sys.stderr)
    print("countries.csv rows without an outline:", file=sys.stderr)
    for n in sorted(set(csv_numerics) - have):
        print(f"  {n:03d} {alpha2[n]} {csv_numerics[n]}", file=sys.stderr)
    print("outlines not in countries.csv:", sorted(have - set(csv_numerics)), file=sys.stderr)
    print("shapes without a numeric code:",
          [shapes[k][2] for k in order if not shapes[k][0]], file=sys.stderr)


if __name__ == "__main__":
    main()
