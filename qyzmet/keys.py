"""PRIVACY_KEY: the key personal ids are stored under as hashes — a REST sender that is a phone number
(web.senders), and the voice line's callers when IVR_CALLER_KEY is not set (ivr.config).

Set it in production (`openssl rand -hex 32`). Without it:
  * on SQLite, the embedded default and one process, a key is made once and kept beside the database
    file (var/privacy.key, mode 0600): the same number is the same conversation after a restart, and a
    copy of the database alone cannot be read back to phone numbers. Two processes starting at once
    keep the same key (the file is linked into place, never written where another may be reading);
  * on PostgreSQL the server refuses to start and names PRIVACY_KEY. Several replicas share that
    database, and a key each made for itself would put one citizen's messages into a different
    conversation on each replica; a file is not shared between containers, and a key kept in the
    database would sit beside the hashes it is there to protect.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import replace
from pathlib import Path

from sqlalchemy.engine import make_url

from knowledge.db import database_url
from qyzmet.settings import Settings, SettingsError

KEY_FILE = "privacy.key"


def with_privacy_key(settings: Settings) -> Settings:
    """The settings with the key a server hashes with (PRIVACY_KEY, else as the module says)."""
    if settings.privacy_key:
        return settings
    url = make_url(database_url(settings.database_url))
    if url.get_backend_name() != "sqlite":
        raise SettingsError("PRIVACY_KEY must be set when DATABASE_URL is not SQLite: every replica must hash "
                            "phone-number senders and callers with the same key (16 characters or more, e.g. "
                            "the output of `openssl rand -hex 32`)")
    if not url.database or url.database == ":memory:":
        key = secrets.token_hex(32).encode()            # nothing outlives the process: neither need the key
    else:
        key = kept_key(Path(url.database).resolve().parent / KEY_FILE)
    return replace(settings, privacy_key=key)


def kept_key(path: Path) -> bytes:
    """The key in `path`, made now (readable by its owner only) if there is none."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        draft = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_hex(32) + "\n")
                f.flush()
                os.fsync(f.fileno())
            os.link(draft, path)            # whole or not at all; if another process was first, its key stays
        except FileExistsError:
            pass
        finally:
            draft.unlink(missing_ok=True)
    key = path.read_text(encoding="utf-8").strip()
    if len(key) < 16:
        raise SettingsError(f"{path} holds no usable key: set PRIVACY_KEY, or delete the file to have a new key "
                            "made (phone-number senders then start new conversations)")
    return key.encode()


def for_server(settings: Settings, command: str) -> Settings | None:
    """The settings a long-running command (`qyzmet serve`, `qyzmet bot`) goes on with: the key resolved and the
    logs set up with it (one conversation has one tag in the logs of every replica); None once a key that cannot
    be had is said in one line."""
    import sys

    from qyzmet import logs

    try:
        settings = with_privacy_key(settings)       # PRIVACY_KEY, or var/privacy.key on SQLite; said at once
    except SettingsError as e:
        print(f"qyzmet {command}: {e}", file=sys.stderr)
        return None
    logs.setup(settings.log_format, settings.log_level, key=settings.privacy_key)
    return settings

