#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Reads Oretrace's graph exports with other programs' readers and prints
what they read, for tests/test-graph-export.c to compare with the network.

    read-graph.py FILE.gexf|FILE.graphml

A GEXF file is read by networkx (read_gexf); a GraphML file by networkx
(read_graphml) and by python-igraph (Graph.Read_GraphML).  igraph has no
GEXF reader.  Prints one JSON object on stdout:

    {"networkx": {"nodes": [...], "edges": [...]}, "igraph": {...}}

Each node is {"id": ..., "attrs": {...}} with the attributes as the reader
typed them (GEXF's viz: position, colour and size as "viz_x", "viz_y",
"viz_r", "viz_g", "viz_b", "viz_size"; spells as "spells": [[start, end]]);
each edge is {"id", "source", "target", "attrs"}.

Exits 77 (skipped) when networkx, or igraph for GraphML, cannot be
imported: Debian's python3-networkx and python3-igraph (build-aux/install-deps).
"""
import json
import math
import sys


def plain(value):
    """A JSON-able value; NaN and infinities as strings."""
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def networkx_gexf(path, nx):
    from networkx.readwrite import gexf

    # Debian 12's networkx (2.8) knows GEXF 1.1 and 1.2 only: its reader
    # is told the 1.3 namespaces (1.3 adds to 1.2 what we do not rely on
    # networkx reading: edge kinds, list types, hex colours).
    if "1.3" not in gexf.GEXF.versions:
        gexf.GEXF.versions["1.3"] = {
            "NS_GEXF": "http://gexf.net/1.3",
            "NS_VIZ": "http://gexf.net/1.3/viz",
            "NS_XSI": "http://www.w3.org/2001/XMLSchema-instance",
            "SCHEMALOCATION": "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd",
            "VERSION": "1.3",
        }
    g = nx.read_gexf(path)
    nodes = []
    for node, data in g.nodes(data=True):
        attrs = {}
        for k, v in data.items():
            if k == "viz":
                if "position" in v:
                    attrs["viz_x"] = v["position"]["x"]
                    attrs["viz_y"] = v["position"]["y"]
                if "color" in v:
                    for c in "rgb":
                        attrs["viz_" + c] = v["color"][c]
                if "size" in v:
                    attrs["viz_size"] = v["size"]
            else:
                attrs[k] = plain(v)
        nodes.append({"id": node, "attrs": attrs})
    return {"directed": g.is_directed(), "multigraph": g.is_multigraph(),
            "nodes": nodes, "edges": networkx_edges(g)}


def networkx_edges(g):
    """Edges with their ids: a multigraph keeps the file's edge id as the
    edge's key (GraphML) or as data (GEXF)."""
    if g.is_multigraph():
        items = ((u, v, d.get("id", key), d) for u, v, key, d in g.edges(keys=True, data=True))
    else:
        items = ((u, v, d.get("id"), d) for u, v, d in g.edges(data=True))
    return [{"id": edge_id, "source": u, "target": v,
             "attrs": {k: plain(x) for k, x in d.items()}}
            for u, v, edge_id, d in items]


def networkx_graphml(path, nx):
    g = nx.read_graphml(path)
    nodes = [{"id": n, "attrs": {k: plain(v) for k, v in d.items()}}
             for n, d in g.nodes(data=True)]
    return {"directed": g.is_directed(), "multigraph": g.is_multigraph(),
            "nodes": nodes, "edges": networkx_edges(g)}


def igraph_graphml(path, igraph):
    g = igraph.Graph.Read_GraphML(path)
    ids = g.vs["id"]
    nodes = [{"id": v["id"], "attrs": {k: plain(v[k]) for k in g.vs.attributes()}}
             for v in g.vs]
    edges = []
    for e in g.es:
        attrs = {k: plain(e[k]) for k in g.es.attributes()}
        edges.append({"id": attrs.get("id"), "source": ids[e.source],
                      "target": ids[e.target], "attrs": attrs})
    return {"directed": g.is_directed(), "multigraph": not g.is_simple(),
            "nodes": nodes, "edges": edges}


def main():
    path = sys.argv[1]
    try:
        import networkx as nx
    except ImportError as e:
        print(f"networkx cannot be imported ({e}): install python3-networkx", file=sys.stderr)
        return 77
    out = {"networkx_version": nx.__version__}
    if path.endswith(".gexf"):
        out["networkx"] = networkx_gexf(path, nx)
    else:
        try:
            import igraph
        except ImportError as e:
            print(f"igraph cannot be imported ({e}): install python3-igraph", file=sys.stderr)
            return 77
        out["igraph_version"] = igraph.__version__
        out["networkx"] = networkx_graphml(path, nx)
        out["igraph"] = igraph_graphml(path, igraph)
    json.dump(out, sys.stdout, allow_nan=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
