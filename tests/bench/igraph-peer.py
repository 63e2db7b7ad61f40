# SPDX-License-Identifier: GPL-3.0-or-later
"""The python-igraph peer of build-aux/bench: reads an incident CSV and
builds the same entity network as Oretrace (docs/network.md): per record
the path origin country, exporter, via hubs, consignee, destination
country (missing steps skipped, a step repeating the previous one
dropped), legs aggregated per (from, to, mineral) with incident counts and
kg.  Prints one JSON object with its timings and the graph's size.

Run with Debian's interpreter, which has python3-igraph:
    /usr/bin/python3 tests/bench/igraph-peer.py incidents.csv
"""
import csv
import json
import sys
import time

import igraph

UNITS = {"": 1.0, "kg": 1.0, "kgs": 1.0, "kilogram": 1.0, "kilograms": 1.0,
         "g": 1e-3, "gram": 1e-3, "grams": 1e-3,
         "t": 1e3, "mt": 1e3, "tonne": 1e3, "tonnes": 1e3,
         "lb": 0.45359237, "lbs": 0.45359237, "pound": 0.45359237, "pounds": 0.45359237}


def fold(name):
    return " ".join(name.split()).casefold()


def main(path):
    t0 = time.monotonic()
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    t1 = time.monotonic()

    index = {}

    def vertex(key):
        v = index.get(key)
        if v is None:
            v = index[key] = len(index)
        return v

    legs = {}
    for row in rows:
        path_keys = []
        if row["origin"]:
            path_keys.append("country:" + row["origin"])
        if row["exporter"].strip():
            path_keys.append("company:" + fold(row["exporter"]))
        for hop in row["via"].split(";"):
            hop = hop.strip()
            if not hop:
                continue
            country, _, port = hop.partition(":")
            port = port.strip()
            path_keys.append("hub:%s:%s" % (country.strip(), fold(port)) if port
                             else "country:" + country.strip())
        if row["consignee"].strip():
            path_keys.append("company:" + fold(row["consignee"]))
        if row["destination"]:
            path_keys.append("country:" + row["destination"])

        steps = []
        for key in path_keys:
            v = vertex(key)
            if not steps or steps[-1] != v:
                steps.append(v)
        try:
            kg = float(row["quantity"]) * UNITS[row["unit"].strip().lower()]
        except ValueError:
            kg = None
        mineral = row["mineral"]
        for a, b in zip(steps, steps[1:]):
            leg = legs.get((a, b, mineral))
            if leg is None:
                leg = legs[(a, b, mineral)] = [0, 0.0]
            leg[0] += 1
            if kg is not None:
                leg[1] += kg

    keys = list(legs)
    graph = igraph.Graph(n=len(index), edges=[(a, b) for a, b, _ in keys], directed=True)
    graph.vs["name"] = list(index)
    graph.es["mineral"] = [m for _, _, m in keys]
    graph.es["incidents"] = [legs[k][0] for k in keys]
    graph.es["kg"] = [legs[k][1] for k in keys]
    t2 = time.monotonic()

    analysis = {}
    if "--analysis" in sys.argv:
        t = time.monotonic()
        graph.betweenness(directed=True)
        analysis["betweenness_s"] = time.monotonic() - t
        t = time.monotonic()
        graph.pagerank(weights="incidents", implementation="prpack")
        analysis["pagerank_s"] = time.monotonic() - t

    print(json.dumps({
        "python_igraph": igraph.__version__,
        "records": len(rows),
        "read_s": t1 - t0,
        "build_s": t2 - t1,
        "total_s": t2 - t0,
        "vertices": graph.vcount(),
        "edges": graph.ecount(),
        **analysis,
    }))


if __name__ == "__main__":
    main(sys.argv[1])
