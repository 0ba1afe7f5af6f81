"""Just enough of Dockerfiles, compose files and .dockerignore to check them without Docker."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Instruction:
    line: int
    keyword: str          # upper case: FROM, RUN, COPY, …
    args: str             # continuation lines joined, comments dropped


@dataclass
class Stage:
    image: str            # what it is FROM
    name: str | None
    instructions: list[Instruction] = field(default_factory=list)

    def all(self, keyword: str) -> list[Instruction]:
        return [i for i in self.instructions if i.keyword == keyword]


def parse(path: Path) -> list[Stage]:
    """The stages of a Dockerfile, each with its instructions in order."""
    stages: list[Stage] = []
    pending, start = "", 0
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        stripped = raw.strip()
        if not pending and (not stripped or stripped.startswith("#")):
            continue
        if pending and stripped.startswith("#"):         # a comment inside a continued instruction
            continue
        if not pending:
            start = number
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        text, pending = pending + stripped, ""
        keyword, _, args = text.partition(" ")
        instruction = Instruction(start, keyword.upper(), args.strip())
        if instruction.keyword == "FROM":
            m = re.match(r"^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$", instruction.args, re.I)
            if m is None:
                raise ValueError(f"{path}:{start}: cannot read FROM {instruction.args!r}")
            stages.append(Stage(m[1], m[2]))
        elif not stages:
            if instruction.keyword != "ARG":
                raise ValueError(f"{path}:{start}: {instruction.keyword} before the first FROM")
        else:
            stages[-1].instructions.append(instruction)
    return stages


def exec_form(args: str) -> list[str] | None:
    """A CMD/ENTRYPOINT/HEALTHCHECK CMD's JSON list, or None for the shell form."""
    try:
        value = json.loads(args)
    except ValueError:
        return None
    return value if isinstance(value, list) and all(isinstance(v, str) for v in value) else None


def _pattern(body: str) -> re.Pattern:
    """A .dockerignore pattern as a regular expression: ** any folders, * and ? within one name."""
    out, i = "", 0
    while i < len(body):
        if body.startswith("**/", i):
            out, i = out + "(?:.*/)?", i + 3
        elif body.startswith("**", i):
            out, i = out + ".*", i + 2
        elif body[i] == "*":
            out, i = out + "[^/]*", i + 1
        elif body[i] == "?":
            out, i = out + "[^/]", i + 1
        else:
            out, i = out + re.escape(body[i]), i + 1
    return re.compile(out)


def excluded(path: str, patterns: list[str]) -> bool:
    """Whether a .dockerignore's patterns leave `path` (relative, with /) out of the build context.

    The last pattern that matches the path or one of its parent folders decides; `!` takes back."""
    parts = path.split("/")
    candidates = ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]
    decision = False
    for pattern in patterns:
        negate = pattern.startswith("!")
        regex = _pattern((pattern[1:] if negate else pattern).strip("/"))
        if any(regex.fullmatch(c) for c in candidates):
            decision = not negate
    return decision


def dockerignore(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.strip().startswith("#")]


class Unset(KeyError):
    """A variable compose must have (`${X:?…}`) is not set."""


_VARIABLE = re.compile(r"\$(?:\$|\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?P<op>:?[-?+])?(?P<arg>[^}]*)\}"
                       r"|(?P<bare>[A-Za-z_][A-Za-z0-9_]*))")


def interpolate(value, env: Mapping[str, str]):
    """A compose file's values with ${X}, ${X:-default}, ${X-default}, ${X:?error}, ${X:+other}, $X and $$
    resolved from `env`, as `docker compose config` does before it validates."""
    if isinstance(value, dict):
        return {k: interpolate(v, env) for k, v in value.items()}
    if isinstance(value, list):
        return [interpolate(v, env) for v in value]
    if not isinstance(value, str):
        return value

    def one(m: re.Match) -> str:
        if m[0] == "$$":
            return "$"
        name = m["name"] or m["bare"]
        op, arg = m["op"] or "", m["arg"] or ""
        given = env.get(name)
        empty = given is None or (given == "" and op.startswith(":"))
        if op.endswith("-"):
            return arg if empty else given
        if op.endswith("?"):
            if empty:
                raise Unset(f"{name}: {arg}")
            return given
        if op.endswith("+"):
            return "" if empty else arg
        return given or ""

    return _VARIABLE.sub(one, value)
