"""Which environment variables the code reads, found in its syntax tree; and what .env.example documents.

A read is a name like BOT_TOKEN (capitals, digits, at least one underscore) given as a string:
- to a call of `get`/`getenv` (`env.get("X")`, `os.environ.get("X")`, `os.getenv("X")`, a local `get("X")`);
- to any call that is also handed the environment (`_int(env, "QYZMET_PORT", …)`);
- as the key of a subscript of the environment (`env["X"]`, `os.environ["X"]`);
- in the sequence a loop walks when that loop's body calls `get(<the loop's variable>)`
  (`for name, default in (("IVR_QUEUE_KK", "qyzmet-kk"), …): get(name)`).
A module-level constant holding such a name counts where the constant is used. Dictionary keys (an
environment made for a child process) are writes, not reads, and are not counted.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from pathlib import Path

NAME = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$")
GETTERS = {"get", "getenv"}
ENVIRONMENTS = {"env", "environ", "environment"}
ASSIGNMENT = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)=(.*)$")
INTERPOLATION = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(?::?[-?+])[^}]*)?\}")


def _callee(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _is_environment(node: ast.expr) -> bool:
    return _callee(node) in ENVIRONMENTS


class _Reads(ast.NodeVisitor):
    def __init__(self, constants: dict[str, str]):
        self.constants = constants
        self.found: set[str] = set()

    def _name(self, node: ast.expr) -> str | None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and NAME.match(node.value):
            return node.value
        if isinstance(node, ast.Name) and node.id in self.constants:
            return self.constants[node.id]
        return None

    def visit_Call(self, node: ast.Call) -> None:
        args = [*node.args, *(k.value for k in node.keywords)]
        if _callee(node.func) in GETTERS or any(_is_environment(a) for a in args):
            self.found.update(n for n in map(self._name, node.args[:2]) if n)
        self.generic_visit(node)

    def visit_Subscript(self, node: ast.Subscript) -> None:
        if _is_environment(node.value) and (name := self._name(node.slice)):
            self.found.add(name)
        self.generic_visit(node)

    def visit_For(self, node: ast.For) -> None:
        loop_names = {n.id for n in ast.walk(node.target) if isinstance(n, ast.Name)}
        reads_loop_name = any(isinstance(c, ast.Call) and _callee(c.func) in GETTERS and c.args
                              and isinstance(c.args[0], ast.Name) and c.args[0].id in loop_names
                              for body in node.body for c in ast.walk(body))
        if reads_loop_name:
            self.found.update(n for n in map(self._name, ast.walk(node.iter)) if n)
        self.generic_visit(node)


def reads(source: str) -> set[str]:
    """The environment variables one module's source reads."""
    tree = ast.parse(source)
    constants = {t.id: s.value.value for s in tree.body if isinstance(s, ast.Assign)
                 and isinstance(s.value, ast.Constant) and isinstance(s.value.value, str)
                 and NAME.match(s.value.value) for t in s.targets if isinstance(t, ast.Name)}
    visitor = _Reads(constants)
    visitor.visit(tree)
    return visitor.found


def reads_in(folders: Iterable[Path]) -> dict[str, list[str]]:
    """Variable -> the files (relative to their folder's parent) that read it, over every .py in `folders`."""
    found: dict[str, list[str]] = {}
    for folder in folders:
        for path in sorted(folder.rglob("*.py")):
            if "__pycache__" in path.parts:
                continue
            for name in reads(path.read_text(encoding="utf-8")):
                found.setdefault(name, []).append(str(path.relative_to(folder.parent)))
    return found


def interpolated(text: str) -> set[str]:
    """The variables a compose file takes from the environment or .env (`${X}`, `${X:-default}`, `${X:?message}`)."""
    return set(INTERPOLATION.findall(text.replace("$$", "")))


def documented(text: str) -> dict[str, str]:
    """NAME -> value for each `NAME=value` line of an env file (comments and blank lines skipped)."""
    found: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = ASSIGNMENT.match(line)
        if m is None:
            raise ValueError(f"line {number} is not NAME=value: {line!r}")
        if m[1] in found:
            raise ValueError(f"line {number}: {m[1]} is there twice")
        found[m[1]] = m[2]
    return found
