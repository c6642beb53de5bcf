#!/usr/bin/env python3
"""Checks the module graph of engine/src: the top-level modules depend one
way, in the order of the `layers!` list in lib.rs (a module may use only the
ones listed before it; `error` may be used by all), and in every folder the
sibling modules import one another without a loop.

Reads `crate::a::b` paths, grouped `use crate::{a, b}`, and `super::x` from
every file (unit tests at the end of a file are skipped). Prints each
violation and exits 1 if there is any. Usage: scripts/check-layers.py [SRC]
"""
import os
import re
import sys

src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "engine", "src")
lib = open(os.path.join(src, "lib.rs"), encoding="utf-8").read()
block = re.search(r"layers!\s*\{(.*?)\n\}", lib, re.S).group(1)
block = re.sub(r"#\[[^\]]*\]", "", block)
order = [w.split()[-1] for w in block.replace("\n", " ").split(",") if w.strip()]
rank = {m: i for i, m in enumerate(order)}
ANYWHERE = {"error"}


def module_path(path):
    """`runtime/figures.rs` -> ['runtime', 'figures']; mod.rs is its folder."""
    rel = os.path.relpath(path, src)[:-3].split(os.sep)
    if rel[-1] == "mod":
        rel = rel[:-1]
    return rel


def references(text, here):
    """Absolute module paths (lists) that a file refers to."""
    text = re.sub(r"//[^\n]*", "", text)
    text = re.sub(r"#\[cfg\(test\)\]\s*mod\s+\w+\s*\{.*", "", text, flags=re.S)
    out = []
    for m in re.finditer(r"\bcrate::((?:\w+::)*\w+)", text):
        out.append(m.group(1).split("::"))
    for g in re.findall(r"\bcrate::\{([^}]*)\}", text):
        out += [x.strip().split("::") for x in g.split(",") if x.strip()]
    for m in re.finditer(r"\bsuper::((?:\w+::)*\w+)", text):
        out.append(here[:-1] + m.group(1).split("::"))
    return out


files = []
for dp, _, fs in os.walk(src):
    for f in fs:
        if f.endswith(".rs") and f not in ("lib.rs", "main.rs"):
            files.append(os.path.join(dp, f))

modules = {tuple(module_path(p)) for p in files}
problems = []
edges = {}  # folder -> {child: set(child)}
for path in sorted(files):
    here = module_path(path)
    text = open(path, encoding="utf-8", errors="replace").read()
    for ref in references(text, here):
        # Top level: layers in order.
        a, b = here[0], ref[0]
        if a != b and b in rank and a in rank and b not in ANYWHERE and rank[b] > rank[a]:
            problems.append(f"{os.path.relpath(path, src)}: `{a}` uses `{b}`, a layer above it")
        # Siblings in each folder the two paths share.
        common = 0
        while common < min(len(here), len(ref)) and here[common] == ref[common]:
            common += 1
        if common < len(here) and common < len(ref):
            x, y = here[common], ref[common]
            if tuple(ref[: common + 1]) in modules:
                edges.setdefault(tuple(here[:common]), {}).setdefault(x, set()).add(y)

for folder, graph in sorted(edges.items()):
    index, low, stack, on, counter = {}, {}, [], set(), [0]

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
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                name = "::".join(folder) or "crate"
                problems.append(f"loop among the modules of `{name}`: {', '.join(sorted(comp))}")

    for v in sorted(graph):
        if v not in index:
            visit(v)

for p in problems:
    print(p)
print(f"{len(problems)} problem(s) in the module graph of {os.path.normpath(src)} (layers: {' < '.join(order)})")
sys.exit(1 if problems else 0)
