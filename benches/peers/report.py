#!/usr/bin/env python3
"""Markdown tables of the benchmark matrix from criterion's results.

Peers (default): the `benches/peers` run, one criterion group per cell
(`accept/chrome/html_first`: the row `accept/chrome`, the cell `html_first`),
every crate of the field a function in it. Prints

1. per field, the worst case for conneg of every row: for each peer, the
   smallest (peer median / conneg median) over the row's cells, i.e. conneg's
   least advantage, with the cell it comes from;
2. per field, every cell's medians with the ratio to conneg.

With --disagree FILE (the bench's stderr, saved), a peer's cell whose answer
differs from conneg's is marked ≠ (its time is that of another answer, a 406
from a failed parse included).

fluent-langneg's ratio is taken against conneg-lookup (conneg's RFC 4647
Lookup), every other peer's against conneg.

Matrix (`--matrix`): the root `benches/matrix.rs` run (conneg alone, one
group per row, one function per cell): every cell's median and each row's
slowest cell.

Reads criterion's <dir>/<group>/<function>/new/{benchmark,estimates}.json
(group_id, function_id; median.point_estimate in ns). Usage:

    python3 benches/peers/report.py [--disagree BENCH_STDERR] [CRITERION_DIR]
    python3 benches/peers/report.py benches/conditional-peers/target/criterion
    python3 benches/peers/report.py --matrix [CRITERION_DIR]
    python3 benches/peers/report.py --counts FILE   (instr_counts.sh's counts)

CRITERION_DIR defaults to benches/peers/target/criterion (next to this
script; for --matrix, target/criterion of the repository), or
$CARGO_TARGET_DIR/criterion when that is set.
"""

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# (title, group prefixes, columns with conneg's first)
FIELDS = [
    ("Accept", ("accept/", "sweep/"),
     ["conneg", "accept-header", "headers-accept", "negotiator", "actix-web", "mediatype"]),
    ("Accept-Language", ("language/",),
     ["conneg", "conneg-lookup", "negotiator", "actix-web", "accept-language", "fluent-langneg"]),
    ("Accept-Encoding", ("encoding/",), ["conneg", "negotiator", "actix-web"]),
    ("Accept-Charset", ("charset/",), ["conneg", "negotiator"]),
    # benches/conditional-peers (pass its criterion directory).
    ("If-None-Match", ("if_none_match/",), ["conneg", "headers", "actix-web"]),
    ("If-Modified-Since", ("if_modified_since/",), ["conneg", "headers", "actix-web"]),
]
# The conneg column a peer's ratio is taken against (default "conneg").
BASELINE = {"fluent-langneg": "conneg-lookup"}


def criterion_dir(args, matrix):
    if args:
        return args[0]
    target = os.environ.get("CARGO_TARGET_DIR") or (
        os.path.join(HERE, "..", "..", "target") if matrix else os.path.join(HERE, "target"))
    return os.path.join(target, "criterion")


def load(root):
    """{group_id: {function_id: median ns}}, groups in criterion's directory order."""
    results = {}
    for dirpath, _dirs, files in sorted(os.walk(root)):
        if os.path.basename(dirpath) != "new" or "benchmark.json" not in files:
            continue
        try:
            with open(os.path.join(dirpath, "benchmark.json")) as f:
                bench = json.load(f)
            with open(os.path.join(dirpath, "estimates.json")) as f:
                median = json.load(f)["median"]["point_estimate"]
        except (OSError, KeyError, ValueError):
            continue
        results.setdefault(bench["group_id"], {})[bench.get("function_id") or ""] = median
    return results


def human(ns):
    if ns < 1e3:
        return f"{ns:.1f} ns"
    if ns < 1e6:
        return f"{ns / 1e3:.2f} µs"
    return f"{ns / 1e6:.2f} ms"


def matrix_order():
    """Every quoted name of benches/cases/matrix.rs (rows, cells), in file order."""
    import re
    try:
        with open(os.path.join(HERE, "..", "cases", "matrix.rs")) as f:
            return re.findall(r'\(\s*"([A-Za-z0-9_]+)",', f.read())
    except OSError:
        return []


ORDER = matrix_order()
FIELD_ORDER = ["accept", "sweep", "language", "encoding", "charset",
               "if_none_match", "if_modified_since", "date", "select8", "decide8", "prepared", "str"]


def order_key(group):
    """Matrix order: rows and cells as benches/cases/matrix.rs lists them."""
    key = []
    for part in group.split("/"):
        if part in FIELD_ORDER:
            key.append((0, FIELD_ORDER.index(part), ""))
        elif part in ORDER:
            key.append((1, ORDER.index(part), ""))
        elif part == "long2000":  # `long_accept(2000)`, after the listed headers
            key.append((1, len(ORDER), ""))
        else:
            key.append((2, 0, part))
    return key


def split(group):
    row, _, cell = group.rpartition("/")
    return row, cell


def ordered_rows(groups):
    rows = []
    for g in groups:
        row = split(g)[0]
        if row not in rows:
            rows.append(row)
    return rows


def load_counts(path):
    """{group: {crate: instructions}} from instr_counts.sh's `input crate count` lines."""
    results = {}
    with open(path) as f:
        for line in f:
            group, crate, count = line.split()
            results.setdefault(group, {})[crate] = float(count)
    return results


def load_disagree(path):
    """{(peer, group)} from the bench's `DISAGREE <peer> <group>: ...` stderr lines."""
    out = set()
    with open(path) as f:
        for line in f:
            if line.startswith("DISAGREE "):
                peer, group = line.split()[1:3]
                out.add((peer, group.rstrip(":")))
    return out


DISAGREE = set()


def peers_report(results, unit=None):
    human = unit or globals()["human"]
    mark = lambda peer, g: " ≠" if (peer, g) in DISAGREE else ""
    if unit is None:
        print("Median time per call (parse + choose or evaluate); (×N) = peer median / conneg median.\n")
    for title, prefixes, peers in FIELDS:
        groups = sorted((g for g in results if g.startswith(prefixes)), key=order_key)
        if not groups:
            continue
        others = [p for p in peers if not p.startswith("conneg")]
        head = [p if p not in BASELINE else f"{p} (÷ {BASELINE[p]})" for p in others]
        print(f"{title}, worst case for conneg per row: the smallest peer/conneg ratio over the row's cells (the cell):\n")
        print("| row | " + " | ".join(head) + " |")
        print("|---|" + "---:|" * len(others))
        for row in ordered_rows(groups):
            cells = [g for g in groups if split(g)[0] == row]
            out = []
            for peer in others:
                ratios = []
                for g in cells:
                    ns, base = results[g].get(peer), results[g].get(BASELINE.get(peer, "conneg"))
                    if ns and base:
                        ratios.append((ns / base, split(g)[1], mark(peer, g)))
                out.append(f"×{min(ratios)[0]:.2f} ({min(ratios)[1]}){min(ratios)[2]}" if ratios else "n/a")
            print(f"| {row} | " + " | ".join(out) + " |")
        print()
        print(f"{title}, every cell:\n")
        print("| cell | " + " | ".join(peers) + " |")
        print("|---|" + "---:|" * len(peers))
        for g in groups:
            out = []
            for peer in peers:
                ns = results[g].get(peer)
                base = results[g].get(BASELINE.get(peer, "conneg"))
                if ns is None:
                    out.append("n/a")
                elif peer.startswith("conneg") or not base:
                    out.append(human(ns))
                else:
                    out.append(f"{human(ns)} (×{ns / base:.1f}){mark(peer, g)}")
            print(f"| {g} | " + " | ".join(out) + " |")
        print()


def matrix_report(results):
    print("conneg alone, median time per call of every cell; `worst` = the row's slowest cell.\n")
    order = ["accept", "language", "encoding", "if_none_match", "date", "select8", "decide8"]
    families = sorted({g.split("/")[0] for g in results}, key=lambda f: (order.index(f) if f in order else 99, f))
    for fam in families:
        rows = sorted((g for g in results if g.split("/")[0] == fam), key=order_key)
        cells = []
        for r in rows:
            for c in sorted(results[r], key=order_key):
                if c not in cells:
                    cells.append(c)
        print(f"{fam}:\n")
        print("| row | " + " | ".join(cells) + " | worst |")
        print("|---|" + "---:|" * (len(cells) + 1))
        for r in rows:
            out = [human(results[r][c]) if c in results[r] else "" for c in cells]
            worst = max(results[r], key=results[r].get)
            print(f"| {r} | " + " | ".join(out) + f" | {human(results[r][worst])} ({worst}) |")
        print()


def main():
    args = sys.argv[1:]
    if args[:1] == ["--disagree"]:
        DISAGREE.update(load_disagree(args[1]))
        args = args[2:]
    if args[:1] == ["--counts"]:
        peers_report(load_counts(args[1]), unit=lambda n: f"{n:,.0f}")
        return
    matrix = "--matrix" in args
    args = [a for a in args if a != "--matrix"]
    root = criterion_dir(args, matrix)
    if not os.path.isdir(root):
        sys.exit(f"no criterion results in {root}: run the benches first")
    results = load(root)
    if matrix:
        matrix_report(results)
    else:
        peers_report(results)


if __name__ == "__main__":
    main()
