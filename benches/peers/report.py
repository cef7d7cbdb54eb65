#!/usr/bin/env python3
"""Markdown tables of the peer benchmarks: median per crate, ratio to conneg.

One table per field (Accept, Accept-Language, Accept-Encoding, Accept-Charset);
a field whose groups are all missing is left out. fluent-langneg's ratio is
taken against conneg-lookup (conneg's RFC 4647 Lookup), every other peer's
against conneg.

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
LANG_PEERS = ["conneg", "conneg-lookup", "negotiator", "actix-web", "accept-language", "fluent-langneg"]
LANG_INPUTS = ["lang_chrome_en", "lang_chrome_ko", "lang_zh_hant", "lang_fr_wildcard"]
ENC_PEERS = ["conneg", "negotiator", "actix-web"]
ENC_INPUTS = ["enc_chrome", "enc_safari", "enc_weighted", "enc_rfc_identity"]
CHARSET_PEERS = ["conneg", "negotiator"]
CHARSET_INPUTS = ["charset_utf8", "charset_latin1"]
# The conneg column a peer's ratio is taken against (default "conneg").
BASELINE = {"fluent-langneg": "conneg-lookup"}


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


def table(root, title, peers, groups):
    groups = [g for g in groups if os.path.isdir(os.path.join(root, g))]
    if not groups:
        return
    print(f"{title}:\n")
    header = [p if p not in BASELINE else f"{p} (÷ {BASELINE[p]})" for p in peers]
    print("| input | " + " | ".join(header) + " |")
    print("|---|" + "---:|" * len(peers))
    for group in groups:
        cells = []
        for peer in peers:
            ns = median_ns(root, group, peer)
            base = median_ns(root, group, BASELINE.get(peer, "conneg"))
            if ns is None:
                cells.append("n/a")
            elif peer.startswith("conneg") or not base:
                cells.append(human(ns))
            else:
                cells.append(f"{human(ns)} (×{ns / base:.1f})")
        print(f"| {group} | " + " | ".join(cells) + " |")
    print()


def main():
    root = criterion_dir()
    if not os.path.isdir(root):
        sys.exit(f"no criterion results in {root}: run the benches first")
    sweeps = sorted(
        g for g in os.listdir(root) if g.startswith("sweep_") and os.path.isdir(os.path.join(root, g))
    )
    print("Median time per negotiation (parse + choose); (×N) = peer median / conneg median.\n")
    table(root, "Accept", PEERS, INPUTS + sweeps)
    table(root, "Accept-Language", LANG_PEERS, LANG_INPUTS)
    table(root, "Accept-Encoding", ENC_PEERS, ENC_INPUTS)
    table(root, "Accept-Charset", CHARSET_PEERS, CHARSET_INPUTS)


if __name__ == "__main__":
    main()
