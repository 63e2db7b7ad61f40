#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks docs/architecture.md's layering rule on the built libraries.

Reads each static library's symbol table with nm (every object's defined
and undefined symbols), builds the graph "file A calls a function defined
in file B", and fails when two files call each other through any path (a
strongly connected component of more than one file) or when two folders of
src/core do.  Prints TAP.

Usage: check-layering.py LIBRARY.a…
"""
import collections
import os
import subprocess
import sys


def read_archive(path, defs, uses):
    out = subprocess.run(["nm", "-A", path], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        # ARCHIVE:MEMBER.o: SYMBOL LINE (members of a thin archive are paths)
        member, sep, rest = line.partition(".o:")
        if not sep:
            continue
        name = os.path.basename(member)
        if name.startswith("meson-generated"):
            continue
        if name.endswith(".c"):
            name = name[:-2]
        parts = rest.split()
        if len(parts) == 3 and parts[1] in "TDBR":
            defs[parts[2]] = name
        elif len(parts) == 2 and parts[0] == "U":
            uses[name].add(parts[1])
        uses.setdefault(name, uses[name])


def cycles(graph):
    """Tarjan's strongly connected components of more than one node."""
    index, low, stack, on, found = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(10000)
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def folder(name):
    # meson names a core object FOLDER_FILE.c.o
    return name.split("_", 1)[0] if "_" in name else None


def main():
    defs, uses = {}, collections.defaultdict(set)
    for path in sys.argv[1:]:
        read_archive(path, defs, uses)
    files = collections.defaultdict(set)
    folders = collections.defaultdict(set)
    for name, symbols in uses.items():
        for symbol in symbols:
            target = defs.get(symbol)
            if target is None or target == name:
                continue
            files[name].add(target)
            a, b = folder(name), folder(target)
            if a and b and a != b:
                folders[a].add(b)
    n_files = len(uses)
    ok = True
    print("1..2")
    file_cycles = cycles(files)
    if n_files < 10:
        print(f"not ok 1 - only {n_files} objects read: is nm installed?")
        ok = False
    elif file_cycles:
        ok = False
        print("not ok 1 - call cycles between files")
        for c in file_cycles:
            print("# cycle:", " ".join(c))
            for a in c:
                print("#   ", a, "calls", " ".join(sorted(b for b in files[a] if b in c)))
    else:
        print(f"ok 1 - no call cycle among {n_files} files")
    folder_cycles = cycles(folders)
    if folder_cycles:
        ok = False
        print("not ok 2 - call cycles between folders of src/core")
        for c in folder_cycles:
            print("# cycle:", " ".join(c))
    else:
        print(f"ok 2 - the {len(folders)} folders of src/core call one way")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
