#!/usr/bin/env python3
"""Instructions per call (callgrind) for every cell of the benchmark matrix
(`benches/cases/`), at a base revision and at the working tree, side by side.

    python3 scripts/matrix.py [BASE_REV] [--only REGEX] [--jobs N]
    python3 scripts/matrix.py --tree-only        # the working tree alone

Each cell is run under callgrind at two call counts; instructions per call
is the difference divided by the difference in calls, so process start-up
and the one-time preparation (offers, headers, the 2,000-element string)
cancel out. What is left is the call itself plus the loop around it (a few
instructions). Callgrind counts are repeatable on a noisy machine.

The base is built in a temporary git worktree with the working tree's
`examples/matrix.rs` and `benches/cases/` copied in, so both sides run the
same cells through the same harness (the base must have the public API the
harness calls). Prints three Markdown tables: the issue's targets, each
row's worst cell, and every cell. Exits 1 if a cell got slower by more than
`--slack` percent (default 0.5), 0 otherwise. Needs valgrind.
"""
import argparse
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# (label, row, cell, target instructions per call; per byte when the row is per byte)
TARGETS = [
    ("Chrome Accept, html/json/xml, prepared", "accept/chrome/prepared", "html_first", 800),
    ("Chrome Accept, html/json/xml, &str", "accept/chrome/str", "html_first", 1100),
    ("Chrome Accept, html/json/plain (README), prepared", "accept/chrome/prepared", "html_text", 700),
    ("curl */*, prepared", "accept/curl/prepared", "html_text", 200),
    ("curl */*, &str", "accept/curl/str", "html_text", 400),
    ("2,000-element Accept (45.8 KB), &str, per byte", "accept/long2000/str", "html_first", 5),
    ("If-None-Match W/\"a\", W/\"b\", \"xyzzy\"", "if_none_match", "three", 200),
    ("If-None-Match 50 tags (2,163 B), last matches", "if_none_match", "fifty", 4000),
    ("If-Modified-Since parse (IMF-fixdate)", "date", "imf_fixdate", 200),
    ("Accept-Language Chrome Korean, 3 offers", "language/chrome_ko", "en_ko_ja", 700),
    ("Accept-Encoding gzip, deflate, br, zstd", "encoding/browser", "br_gzip_identity", 600),
    ("decision, 8 variants → 206, prepared", "decide8/prepared", "206", 2000),
    ("decision, 8 variants → 206, per call", "decide8/per_call", "206", 2600),
]
PER_BYTE_ROWS = {"accept/long2000/prepared", "accept/long2000/str"}


def build(tree):
    subprocess.run(
        ["cargo", "build", "--quiet", "--release", "--example", "matrix"], cwd=tree, check=True
    )
    return os.path.join(tree, "target", "release", "examples", "matrix")


def cells(binary):
    out = subprocess.run([binary, "list"], capture_output=True, text=True, check=True).stdout
    rows = []
    for line in out.splitlines():
        i, row, cell, size = line.split("\t")
        rows.append((int(i), row, cell, int(size)))
    return rows


def instructions(binary, index, calls):
    fd, path = tempfile.mkstemp(prefix="matrix.cg.")
    os.close(fd)
    try:
        subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={path}", binary, "run", str(index), str(calls)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=True,
        )
        with open(path) as f:
            for line in f:
                if line.startswith("summary:"):
                    return int(line.split()[1])
    finally:
        os.unlink(path)
    raise RuntimeError("no callgrind summary")


def per_call(binary, index, size):
    low, high = (40, 120) if size > 1000 else (1000, 3000)
    return (instructions(binary, index, high) - instructions(binary, index, low)) / (high - low)


def measure(binary, todo, jobs):
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = {i: pool.submit(per_call, binary, i, size) for (i, _, _, size) in todo}
        return {i: f.result() for i, f in futures.items()}


def fmt(value, row):
    if value is None:
        return "—"
    return f"{value:.2f}/B" if row in PER_BYTE_ROWS else f"{value:,.0f}"


def change(before, after):
    if before is None or after is None or before == 0:
        return ""
    return f"{(after - before) * 100 / before:+.1f}%"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("base", nargs="?", default="HEAD")
    ap.add_argument("--tree-only", action="store_true", help="measure the working tree alone")
    ap.add_argument("--only", default="", help="a regex on row/cell: measure those cells only")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--slack", type=float, default=0.5, help="percent a cell may grow before exit 1")
    args = ap.parse_args()

    after_bin = build(ROOT)
    listing = cells(after_bin)
    todo = [c for c in listing if re.search(args.only, f"{c[1]}/{c[2]}")]
    after = measure(after_bin, todo, args.jobs)
    before = {}
    label = "base"
    if not args.tree_only:
        label = subprocess.run(
            ["git", "rev-parse", "--short", args.base], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        wt = tempfile.mkdtemp(prefix="matrix-base.")
        try:
            subprocess.run(["git", "worktree", "add", "--detach", "--quiet", wt, args.base], cwd=ROOT, check=True)
            os.makedirs(os.path.join(wt, "benches", "cases"), exist_ok=True)
            for rel in ["examples/matrix.rs", "benches/cases/matrix.rs", "benches/cases/conneg.rs"]:
                shutil.copy(os.path.join(ROOT, rel), os.path.join(wt, rel))
            # Reuse the tree's dependency builds; the base's own crate rebuilds.
            env_target = os.path.join(ROOT, "target", "matrix-base")
            os.environ["CARGO_TARGET_DIR"] = env_target
            subprocess.run(["cargo", "build", "--quiet", "--release", "--example", "matrix"], cwd=wt, check=True)
            del os.environ["CARGO_TARGET_DIR"]
            before_bin = os.path.join(env_target, "release", "examples", "matrix")
            if [c[1:] for c in cells(before_bin)] != [c[1:] for c in listing]:
                sys.exit("the base lists different cells: not comparable")
            before = measure(before_bin, todo, args.jobs)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", wt], cwd=ROOT, check=False)
            shutil.rmtree(wt, ignore_errors=True)

    size = {i: s for (i, _, _, s) in listing}
    key = {(row, cell): i for (i, row, cell, _) in listing}

    def value(table, i, row):
        if i not in table:
            return None
        return table[i] / size[i] if row in PER_BYTE_ROWS else table[i]

    print(f"instructions per call (callgrind), `{label}` → working tree\n")
    print(f"| target | {label} | working tree | target | holds |\n|---|---:|---:|---:|:-:|")
    for text, row, cell, target in TARGETS:
        i = key.get((row, cell))
        if i is None or i not in after:
            continue
        a, b = value(after, i, row), value(before, i, row)
        print(f"| {text} | {fmt(b, row)} | {fmt(a, row)} | ≤ {target} | {'yes' if a <= target else 'no'} |")

    print(f"\nEach row's worst cell (the most instructions of its offer sets):\n")
    print(f"| row | {label} worst | working tree worst (cell) | change |\n|---|---:|---:|---:|")
    rows = []
    for (i, row, cell, _) in todo:
        if row not in rows:
            rows.append(row)
    for row in rows:
        ids = [i for (i, r, _, _) in todo if r == row]
        worst_after = max(ids, key=lambda i: value(after, i, row))
        wa = value(after, worst_after, row)
        wb = max((value(before, i, row) for i in ids), default=None) if before else None
        cell = next(c for (i, _, c, _) in todo if i == worst_after)
        print(f"| `{row}` | {fmt(wb, row)} | {fmt(wa, row)} ({cell}) | {change(wb, wa)} |")

    print(f"\nEvery cell:\n")
    print(f"| row | cell | bytes | {label} | working tree | change |\n|---|---|---:|---:|---:|---:|")
    slower = []
    for (i, row, cell, s) in todo:
        a, b = value(after, i, row), value(before, i, row)
        print(f"| `{row}` | {cell} | {s} | {fmt(b, row)} | {fmt(a, row)} | {change(b, a)} |")
        if b is not None and a > b * (1 + args.slack / 100):
            slower.append(f"{row}/{cell}")
    if slower:
        print(f"\nslower than `{label}` by more than {args.slack}%: " + ", ".join(slower))
        sys.exit(1)


if __name__ == "__main__":
    main()
