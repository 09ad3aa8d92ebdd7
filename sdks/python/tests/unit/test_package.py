"""The package itself: Python 3.9 syntax everywhere, the version, py.typed, standard library imports only."""
from __future__ import annotations

import ast
import os
import sys
import unittest

import mailroom

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
PACKAGE = os.path.join(ROOT, "mailroom")


def sources() -> list:
    out = []
    for folder in ("mailroom", "examples", "tools", "tests"):
        for dirpath, _, files in os.walk(os.path.join(ROOT, folder)):
            out += [os.path.join(dirpath, f) for f in files if f.endswith(".py")]
    return out


class Package(unittest.TestCase):
    def test_every_file_parses_as_python_3_9(self) -> None:
        for path in sources():
            with self.subTest(path=os.path.relpath(path, ROOT)):
                with open(path, encoding="utf-8") as f:
                    tree = ast.parse(f.read(), path, feature_version=(3, 9))
                for node in ast.walk(tree):
                    self.assertNotIsInstance(node, getattr(ast, "Match", ()), "match needs 3.10")

    def test_only_the_standard_library_is_imported(self) -> None:
        stdlib = set(getattr(sys, "stdlib_module_names", ()))
        if not stdlib:
            self.skipTest("sys.stdlib_module_names needs Python 3.10+")
        for name in os.listdir(PACKAGE):
            if not name.endswith(".py"):
                continue
            with open(os.path.join(PACKAGE, name), encoding="utf-8") as f:
                tree = ast.parse(f.read())
            for node in ast.walk(tree):
                mods = []
                if isinstance(node, ast.Import):
                    mods = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    mods = [node.module]
                for mod in mods:
                    self.assertIn(mod.split(".")[0], stdlib, "%s imports %s" % (name, mod))

    def test_version_and_typed_marker(self) -> None:
        self.assertEqual("0.1.0.dev0", mailroom.__version__)
        self.assertTrue(os.path.exists(os.path.join(PACKAGE, "py.typed")))
        with open(os.path.join(ROOT, "pyproject.toml"), encoding="utf-8") as f:
            self.assertIn('version = "0.1.0.dev0"', f.read())


if __name__ == "__main__":
    unittest.main()
