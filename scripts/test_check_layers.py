#!/usr/bin/env python3
"""Tests for check_layers.py, on the fixture crates in scripts/testdata/layers/.

Run: python3 scripts/test_check_layers.py
"""
import os
import re
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, "check_layers.py")
FIXTURES = os.path.join(HERE, "testdata", "layers")
SUFFIX = "which is declared after it in the layer order"

sys.path.insert(0, HERE)
import check_layers  # noqa: E402


def run(src, *flags):
    """(exit code, stdout, violation lines) of the checker on SRC."""
    proc = subprocess.run([sys.executable, SCRIPT, src, *flags], capture_output=True, text=True)
    violations = [line for line in proc.stdout.splitlines() if re.match(r"\S+\.rs:\d+: ", line)]
    return proc.returncode, proc.stdout + proc.stderr, violations


def fixture(name):
    return os.path.join(FIXTURES, name, "src")


class CleanTree(unittest.TestCase):
    def test_passes(self):
        code, out, violations = run(fixture("clean"))
        self.assertEqual(violations, [], out)
        self.assertEqual(code, 0, out)
        self.assertRegex(out, r"layers: 8 modules, \d+ edges, all point down the declared order")
        self.assertIn("skipped 2 #[cfg(test)] modules", out)  # `mod tests` in base.rs, `mod test_support`

    def test_order_is_preorder(self):
        code, out, _ = run(fixture("clean"), "--order")
        self.assertEqual(code, 0, out)
        rows = [line.split() for line in out.splitlines()[1:]]
        self.assertEqual(rows, [
            ["crate", "src/lib.rs"],
            ["base", "src/base.rs"],
            ["util", "src/util/mod.rs"],
            ["util::inner", "src/util/inner.rs"],
            ["util::deep", "src/util/deep/mod.rs"],
            ["util::deep::leaf", "src/util/deep/leaf.rs"],
            ["extra", "src/extra.rs"],  # #[cfg(feature)] + #[cfg_attr] + doc attributes
            ["high", "src/renamed_high.rs"],  # #[path]
        ])

    def test_edges_are_resolved(self):
        code, out, _ = run(fixture("clean"), "--graph")
        self.assertEqual(code, 0, out)
        for edge in [
            "util::inner -> util (src/util/inner.rs:1, `Shared`)",  # super::X
            "util::deep::leaf -> util::inner (src/util/deep/leaf.rs:4, `Helper`)",  # super::super::
            "high -> base (src/renamed_high.rs:5, `helper_fn`)",  # multi-line nested group, `as`
            "high -> util::deep::leaf (src/renamed_high.rs:7, `Leaf`)",  # root re-export of a glob
            "high -> base (src/renamed_high.rs:15, `describe`)",  # inline crate:: path
            "high -> util (src/renamed_high.rs:23, `Shared`)",  # path in an `impl` header
            "extra -> util (src/extra.rs:3, `Shared`)",
        ]:
            self.assertIn(edge, out)
        self.assertNotIn("src/base.rs", out.split("edges:")[1])  # its only upward uses are in tests/strings


class Violations(unittest.TestCase):
    def assertViolations(self, name, expected):
        code, out, violations = run(fixture(name))
        self.assertEqual(code, 1, out)
        self.assertEqual(violations, [f"{where}: {what}, {SUFFIX}" for where, what in expected], out)

    def test_upward_use(self):
        self.assertViolations("up_use", [("src/low.rs:3", "module `low` uses `high` (item `Thing`)")])

    def test_upward_through_root_reexport(self):
        self.assertViolations("up_reexport", [
            ("src/low.rs:2", "module `low` uses `high` (item `Thing`)"),
            ("src/low.rs:3", "module `low` uses `high` (item `Thing`)"),  # a `pub use` from outside
        ])

    def test_upward_inline_path_but_not_in_comments_or_strings(self):
        self.assertViolations("up_inline", [("src/low.rs:11", "module `low` uses `high` (item `make`)")])

    def test_parent_calling_its_child(self):
        # line 3 (`pub use worker::Job;`) is a façade re-export and is not reported
        self.assertViolations("parent_child", [("src/app/mod.rs:6", "module `app` uses `app::worker` (item `start`)")])

    def test_reexport_chain_resolves_to_defining_module(self):
        self.assertViolations("chain", [("src/low.rs:3", "module `low` uses `a::b::c` (item `Deep`)")])
        _, out, _ = run(fixture("chain"), "--graph")
        self.assertIn("top -> a::b::c (src/top.rs:1, `Deep`)", out)
        self.assertIn("top -> a::b::c (src/top.rs:4, `Deep`)", out)


class Pieces(unittest.TestCase):
    def test_strip_keeps_offsets_and_lines(self):
        src = 'a /* x\n /* y */ */ "s\\"t" r#"u"v"# \'"\' &\'a b // c\nd'
        out = check_layers.strip(src)
        self.assertEqual(out, 'a     \n            "    " r#"   "# \' \' &\'a b     \nd')

    def test_use_tree(self):
        toks = [(t, 1, 0) for t in "crate :: { a :: { self , B } , c :: D as E , f :: * } ; ;".split()]
        leaves, _ = check_layers.parse_use(toks, 0)
        self.assertEqual(leaves, [(["crate", "a"], None, 1), (["crate", "a", "B"], None, 1),
                                  (["crate", "c", "D"], "E", 1), (["crate", "f", "*"], None, 1)])

    def test_missing_module_file_is_an_error(self):
        with tempfile.TemporaryDirectory() as tmp:
            with open(os.path.join(tmp, "lib.rs"), "w") as f:
                f.write("mod absent;\n")
            code, out, _ = run(tmp)
        self.assertEqual(code, 2, out)
        self.assertIn("lib.rs:1: no file for module `absent`", out)

    def test_runs_on_this_crate(self):
        code, out, _ = run(os.path.join(os.path.dirname(HERE), "src"))
        self.assertIn(code, (0, 1), out)
        self.assertRegex(out, r"layers: \d+ modules, \d+ edges")


if __name__ == "__main__":
    unittest.main()
