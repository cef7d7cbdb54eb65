#!/usr/bin/env python3
"""Markdown table of the peer benchmarks: median per crate, ratio to conneg.

Reads criterion's <target>/criterion/<group>/<function>/new/estimates.json
(median.point_estimate, in ns). Usage:

    python3 benches/peers/report.py [CRITERION_DIR]

CRITERION_DIR defaults to benches/peers/target/criterion (next to this
script), or $CARGO_TARGET_DIR/criterion when that is set.
"""

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PEERS = ["conneg", "accept-header", "headers-accept", "negotiator", "actix-web", "mediatype"]
INPUTS = ["chrome", "firefox", "safari", "curl", "api20"]


def criterion_dir():
    if len(sys.argv) > 1:
        return sys.argv[1]
    target = os.environ.get("CARGO_TARGET_DIR") or os.path.join(HERE, "target")
    return os.path.join(target, "criterion")


def median_ns(root, group, function):
    path = os.path.join(root, group, function, "new", "estimates.json")
    try:
        with open(path) as f:
            return json.load(f)["median"]["point_estimate"]
    except (OSError, KeyError, ValueError):
        return None


def human(ns):
    if ns < 1e3:
        return f"{ns:.1f} ns"
    if ns < 1e6:
        return f"{ns / 1e3:.2f} µs"
    return f"{ns / 1e6:.2f} ms"


def main():
    root = criterion_dir()
    if not os.path.isdir(root):
        sys.exit(f"no criterion results in {root}: run the benches first")
    sweeps = sorted(
        g for g in os.listdir(root) if g.startswith("sweep_") and os.path.isdir(os.path.join(root, g))
    )
    groups = [g for g in INPUTS if os.path.isdir(os.path.join(root, g))] + sweeps

    print(f"Median time per negotiation (parse + choose); (×N) = peer median / conneg median.\n")
    print("| input | " + " | ".join(PEERS) + " |")
    print("|---|" + "---:|" * len(PEERS))
    for group in groups:
        base = median_ns(root, group, "conneg")
        cells = []
        for peer in PEERS:
            ns = median_ns(root, group, peer)
            if ns is None:
                cells.append("n/a")
            elif peer == "conneg" or not base:
                cells.append(human(ns))
            else:
                cells.append(f"{human(ns)} (×{ns / base:.1f})")
        print(f"| {group} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
