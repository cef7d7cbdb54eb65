#!/usr/bin/env python3
"""Layering checker for a Rust crate's `src/` module tree.

The rule
--------
The *declared order* is the crate's module tree flattened in pre-order, from
SRC_DIR/lib.rs: a parent before its children, children in the order of their
`mod` declarations (`#[cfg(feature)]`, `#[path]` and other attributes allowed).
That list runs from the lowest layer to the highest. Every reference from
module S to module T must point down: T comes before S (or T is S).

References are `use crate::/super::/self::...` (nested groups, renames, globs,
any visibility), relative paths through a child module (`child::f()`), and
inline paths in code (`crate::a::f()`, `super::X`), after comments and string
literals are blanked. A path is resolved to the module that DEFINES the named
item, following `use` / `pub use` chains (renames, globs) until a definition
(`struct/enum/fn/const/static/trait/type/union/macro_rules!`) is found or the
chain stops; then the last module reached is the target.

Not checked: `mod` declarations, `#[cfg(test)]` modules and items (skipped and
counted), `pub use` lines whose target lies inside the declaring module's own
subtree (façades), and edges to ancestors, which precede their descendants
anyway. A parent that *uses* its child's items (other than by a `pub use`
re-export) is a violation: parents are façades.

Usage
-----
    python3 scripts/check_layers.py [SRC_DIR] [--graph | --order]

SRC_DIR defaults to `src` in the repository root (the parent of scripts/).
--graph prints the declared order and every edge, then the result; --order
prints only the declared order. Exit 0 when every edge points down, 1 on
violations (one `file:line:` line each), 2 when the module tree cannot be read.
"""
import argparse
import os
import re
import sys
from bisect import bisect_right

TOKEN = re.compile(r"\$?[A-Za-z_]\w*|\d\w*|::|\S")
IDENT = re.compile(r"\$?[A-Za-z_]\w*$")
LEXEME = re.compile(  # comments, raw strings, strings, char literals (not lifetimes)
    r"""//[^\n]*|/\*|b?r(#*)".*?"\1|b?"(?:\\.|[^"\\])*"|b?'(?:\\(?:x[0-9a-fA-F]{2}|u\{[0-9a-fA-F_]+\}|.)|[^\\'\n])'""",
    re.S)
NESTED = re.compile(r"/\*|\*/")
TEST_CFG = re.compile(r"#\s*\[\s*cfg\s*\(\s*(?:all\s*\(\s*)?test\b")
PATH_ATTR = re.compile(r'#\s*\[\s*path\s*=\s*"([^"]*)"')
DEF_KW = {"struct", "enum", "fn", "trait", "type", "union", "static", "const"}
NOT_NAMES = {"fn", "unsafe", "async", "extern", "const", "mut", "_"}


def strip(text):
    """Blank comments and the contents of string/char literals; offsets and newlines are kept."""
    out, i = list(text), 0

    def blank(a, b):
        out[a:b] = [c if c == "\n" else " " for c in text[a:b]]

    while m := LEXEME.search(text, i):
        start, i = m.span()
        lexeme = m.group()
        if lexeme == "/*":  # block comments nest
            depth, i = 1, len(text)
            for mark in NESTED.finditer(text, start + 2):
                depth += 1 if mark.group() == "/*" else -1
                if depth == 0:
                    i = mark.end()
                    break
            blank(start, i)
        elif lexeme.startswith("//"):
            blank(start, i)
        else:  # keep the quotes (and any `b`/`r#` prefix), blank what is between them
            quote = min(k for k in (lexeme.find('"'), lexeme.find("'")) if k >= 0)
            blank(start + quote + 1, i - 1 - len(m.group(1) or ""))
    return "".join(out)


def match(toks, i, opening, closing):
    """Index of the bracket closing the one at toks[i]."""
    depth = 0
    for j in range(i, len(toks)):
        depth += (toks[j][0] == opening) - (toks[j][0] == closing)
        if depth == 0:
            return j
    return len(toks) - 1


def item_end(toks, i):
    """Index just past the item starting at toks[i]: its `;`, or its `{ ... }` block."""
    depth = 0
    for j in range(i, len(toks)):
        t = toks[j][0]
        depth += (t in ("(", "[")) - (t in (")", "]"))
        if depth == 0 and t in (";", "{", "}"):
            return j + 1 if t == ";" else match(toks, j, "{", "}") + 1 if t == "{" else j
    return len(toks)


def parse_use(toks, i, prefix=()):
    """Parse a use tree at toks[i]; return ([(segments, alias, line)], index after the tree)."""
    leaves, segs = [], list(prefix)
    if toks[i][0] == "::":
        segs, i = segs + ["::"], i + 1  # `use ::ext::...`: an external crate
    while True:
        t, line, _ = toks[i]
        if t == "{":
            i += 1
            while toks[i][0] not in ("}", ";"):
                sub, j = parse_use(toks, i, segs)
                leaves += sub
                i = j + (toks[j][0] == ",") if j > i else i + 1
            return leaves, i + 1
        if t == "*":
            return leaves + [(segs + ["*"], None, line)], i + 1
        if not IDENT.match(t):
            return leaves, i
        segs.append(t)
        if toks[i + 1][0] == "::":
            i += 2
            continue
        if len(segs) > 1 and segs[-1] == "self":
            segs.pop()  # `a::{self, B}` names module `a`
        if toks[i + 1][0] == "as":
            return leaves + [(segs, toks[i + 2][0], line)], i + 3
        return leaves + [(segs, None, line)], i + 1


class Module:
    def __init__(self, name, path):
        self.name, self.path = name, path
        self.decls, self.refs = [], []  # refs: (segments, line, inline depth, is `pub use`)
        self.defs, self.exported, self.imports, self.globs = set(), set(), {}, []


def scan(mod, skipped):
    """Read one module file: child `mod` declarations, top-level definitions, imports, references."""
    with open(mod.path, encoding="utf-8") as f:
        text = f.read()
    clean = strip(text)
    newlines = [m.start() for m in re.finditer("\n", clean)]
    toks = [(m.group(), bisect_right(newlines, m.start()) + 1, m.start()) for m in TOKEN.finditer(clean)]
    end = len(toks)
    toks += [(";", 0, len(text))] * 4  # sentinels
    i, depth, inline, pending, vis = 0, 0, [], [], False
    while i < end:
        t, line, off = toks[i]
        nxt = toks[i + 1][0]
        if t == "#" and nxt in ("[", "!"):  # an attribute; outer ones apply to the next item
            k = match(toks, i + 1 if nxt == "[" else i + 2, "[", "]")
            if nxt == "[":
                pending.append((clean[off : toks[k][2] + 1], text[off : toks[k][2] + 1]))
            i = k + 1
            continue
        if t == "pub":  # visibility, including `pub(in crate::x)`
            vis = True
            i = match(toks, i + 1, "(", ")") + 1 if nxt == "(" else i + 1
            continue
        if any(TEST_CFG.match(c) for c, _ in pending):
            skipped[0 if t == "mod" else 1] += 1
            i, pending, vis = item_end(toks, i), [], False
            continue
        attrs, pending, is_pub, vis = pending, [], vis, False
        if t == "mod" and IDENT.match(nxt) and not nxt.startswith("$") and toks[i + 2][0] in (";", "{"):
            if toks[i + 2][0] == "{":
                inline.append(depth)
                depth += 1
            elif depth == 0:
                path = next((m.group(1) for _, o in attrs if (m := PATH_ATTR.match(o))), None)
                mod.decls.append((nxt, path, line))
            i += 3
            continue
        if t == "{":
            depth += 1
        elif t == "}":
            depth -= 1
            if inline and inline[-1] == depth:
                inline.pop()
        elif t == "use" and (IDENT.match(nxt) or nxt in ("::", "{")):
            leaves, i = parse_use(toks, i + 1)
            for segs, alias, ln in leaves:
                mod.refs.append((segs, ln, len(inline), is_pub))
                if depth == 0 and segs[-1] == "*":
                    mod.globs.append(segs)
                elif depth == 0 and (alias or segs[-1]) != "_":
                    mod.imports[alias or segs[-1]] = segs
            continue
        elif t == "macro_rules" and nxt == "!" and depth == 0:
            mod.defs.add(toks[i + 2][0])
            if any("macro_export" in c for c, _ in attrs):
                mod.exported.add(toks[i + 2][0])
        elif t in DEF_KW and depth == 0:
            name = toks[i + 2][0] if nxt == "mut" else nxt
            if IDENT.match(name) and name not in NOT_NAMES:
                mod.defs.add(name)
        elif IDENT.match(t) and nxt == "::" and toks[i - 1][0] not in ("::", "."):
            segs, j = [t], i + 1  # an inline path; external ones are dropped at resolution
            while toks[j][0] == "::" and IDENT.match(toks[j + 1][0]):
                segs.append(toks[j + 1][0])
                j += 2
            mod.refs.append((segs, line, len(inline), False))
            i = j
            continue
        i += 1


def fail(message):
    print(f"check_layers: {message}", file=sys.stderr)
    sys.exit(2)


def load(src_dir):
    """The modules by name (a tuple) in declared pre-order, and the [test modules, test items] skipped."""
    mods, skipped = {}, [0, 0]

    def visit(name, path):
        mod = mods[name] = Module(name, path)
        scan(mod, skipped)
        here = os.path.dirname(path)
        base = here if os.path.basename(path) in ("lib.rs", "mod.rs", "main.rs") else path[:-3]
        for child, attr, line in mod.decls:
            tries = [os.path.join(here, attr)] if attr else [
                os.path.join(base, child + ".rs"), os.path.join(base, child, "mod.rs")]
            found = next((p for p in tries if os.path.isfile(p)), None)
            if found is None:
                fail(f"{path}:{line}: no file for module `{child}`")
            visit(name + (child,), os.path.normpath(found))

    lib = os.path.join(src_dir, "lib.rs")
    if not os.path.isfile(lib):
        fail(f"{lib} not found")
    visit((), lib)
    for mod in list(mods.values()):
        mods[()].defs |= mod.exported  # #[macro_export] macros live at the crate root
    return mods, skipped


class Resolver:
    """Resolves paths to the module that defines what they name."""

    def __init__(self, mods):
        self.mods = mods

    def start(self, segs, ctx, inline):
        """(module the path starts from, remaining segments), or None for a path outside the crate."""
        head = segs[0]
        if head in ("crate", "$crate"):
            return (), segs[1:]
        if head in ("self", "super"):
            supers = next((n for n, s in enumerate(segs) if s != "super"), len(segs))
            ups = max(0, supers - inline)  # inside an inline module: approximated by its file module
            return ctx[: max(0, len(ctx) - ups)], segs[max(1, supers):]
        if inline == 0 and ctx + (head,) in self.mods:
            return ctx, segs
        return None

    def walk(self, cur, rest, seen):
        """Follow segments from module `cur`: (target module, names a module?, the item's name)."""
        seg = cur[-1] if cur else "crate"
        for seg in rest:
            if seg == "*":
                return cur, True, seg
            hit = self.lookup(cur, seg, seen)
            if hit is None:
                return cur, False, seg
            cur, is_mod = hit[:2]
            if not is_mod:
                return cur, False, seg
        return cur, True, seg

    def lookup(self, name, item, seen):
        """Where `item`, as seen from module `name`, is defined (following imports), or None."""
        if (name, item) in seen:
            return None
        seen.add((name, item))
        mod = self.mods[name]
        if item in mod.defs:
            return name, False
        if name + (item,) in self.mods:
            return name + (item,), True
        if item in mod.imports:
            begin = self.start(mod.imports[item], name, 0)
            return self.walk(*begin, seen)[:2] if begin else None
        for glob in mod.globs:
            begin = self.start(glob, name, 0)
            hit = begin and self.lookup(self.walk(*begin, seen)[0], item, seen)
            if hit:
                return hit
        return None

    def target(self, name, segs, inline):
        """(module defining what the path names, the item's name), or None outside the crate."""
        begin = self.start(segs, name, inline)
        return self.walk(*begin, set())[::2] if begin else None


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("src_dir", nargs="?", default=os.path.join(os.path.dirname(here), "src"))
    group = ap.add_mutually_exclusive_group()
    group.add_argument("--graph", action="store_true", help="print the declared order and every edge")
    group.add_argument("--order", action="store_true", help="print only the declared order")
    args = ap.parse_args()
    src_dir = os.path.normpath(args.src_dir)
    mods, skipped = load(src_dir)
    order = list(mods)
    pos = {name: k for k, name in enumerate(order)}
    show = lambda name: "::".join(name) or "crate"
    rel = lambda path: os.path.relpath(path, os.path.dirname(os.path.abspath(src_dir)))
    if args.order or args.graph:
        print("declared order (lowest layer first):")
        for name in order:
            print(f"  {show(name):<32} {rel(mods[name].path)}")
        if args.order:
            return 0
    resolver, edges = Resolver(mods), {}
    for name in order:
        for segs, line, inline, reexport in mods[name].refs:
            t, item = resolver.target(name, segs, inline) or (None, None)
            if t is None or t == name or (reexport and t[: len(name)] == name):
                continue
            edges.setdefault((pos[name], line, t, item), (name, t, item, mods[name].path, line))
    edges = [edges[k] for k in sorted(edges, key=lambda k: (k[0], k[1], pos[k[2]], k[3]))]
    if args.graph:
        print("edges:")
        for s, t, item, path, line in edges:
            print(f"  {show(s)} -> {show(t)} ({rel(path)}:{line}, `{item}`)")
    bad = [e for e in edges if pos[e[1]] > pos[e[0]]]
    for s, t, item, path, line in bad:
        print(f"{rel(path)}:{line}: module `{show(s)}` uses `{show(t)}` (item `{item}`), "
              "which is declared after it in the layer order")
    count = lambda n, what: f"{n} {what}{'' if n == 1 else 's'}"
    verdict = f"{len(bad)} point{'s' * (len(bad) == 1)} up" if bad else "all point down"
    print(f"layers: {count(len(order), 'module')}, {count(len(edges), 'edge')}, {verdict} the declared order "
          f"(skipped {count(skipped[0], '#[cfg(test)] module')}, {count(skipped[1], 'other #[cfg(test)] item')})")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
