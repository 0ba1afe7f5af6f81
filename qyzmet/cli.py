"""`qyzmet`: one command, a sub-command per component."""

from __future__ import annotations

import argparse
import sys

from knowledge import cli as knowledge_cli
from nlu import cli as nlu_cli
from qyzmet import console, serve
from qyzmet.settings import Settings, SettingsError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="qyzmet", description="Qyzmet, the public-services assistant of Kazakhstan")
    sub = parser.add_subparsers(dest="command", required=True)
    knowledge_cli.add_parser(sub)
    nlu_cli.add_parser(sub)
    console.add_parser(sub)
    serve.add_parser(sub)
    args = parser.parse_args(argv)
    try:
        args.settings = Settings.from_env()      # the one reading of the environment
    except SettingsError as e:
        print(f"qyzmet: {e}", file=sys.stderr)
        return 2
    try:
        return args.handler(args)
    except BrokenPipeError:  # `qyzmet kb export --json | head`
        return 0


if __name__ == "__main__":
    sys.exit(main())
