"""`qyzmet`: one command, a sub-command per component."""

from __future__ import annotations

import argparse
import sys

from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from knowledge import cli as knowledge_cli
from knowledge.db import database_url
from nlu import cli as nlu_cli
from qyzmet import console, database, logs, retention, serve, telegram, voice
from qyzmet.settings import Settings, SettingsError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="qyzmet", description="Qyzmet, the public-services assistant of Kazakhstan")
    sub = parser.add_subparsers(dest="command", required=True)
    knowledge_cli.add_parser(sub)
    nlu_cli.add_parser(sub)
    database.add_parser(sub)
    console.add_parser(sub)
    serve.add_parser(sub)
    telegram.add_parser(sub)
    voice.add_parser(sub)
    retention.add_parser(sub)
    args = parser.parse_args(argv)
    try:
        args.settings = Settings.from_env()      # the one reading of the environment
    except SettingsError as e:
        print(f"qyzmet: {e}", file=sys.stderr)
        return 2
    # every command's log lines masked and escaped; quiet (warnings) unless the command sets up its own
    # (serve, bot, db, retention, voice: LOG_FORMAT and LOG_LEVEL) — the console's lines go to the terminal
    logs.setup(args.settings.log_format, "WARNING")
    try:
        return args.handler(args)
    except OperationalError as e:           # the database is not there, or refuses us
        where = make_url(database_url(args.settings.database_url)).render_as_string(hide_password=True)
        print(f"qyzmet: cannot use the database {where}: {str(e.orig or e).strip().splitlines()[0]}",
              file=sys.stderr)
        return 2
    except BrokenPipeError:  # `qyzmet kb export --json | head`
        return 0


if __name__ == "__main__":
    sys.exit(main())
