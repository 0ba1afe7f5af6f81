"""Kazakh speech as audio files: Twilio has no Kazakh voice, so the line plays what espeak-ng says.

Two folders under the audio directory:
- `kk/<prompt>.wav`: the fixed prompts (ivr.prompts), rendered by the build from the kk
  catalog. A studio recording dropped in under the same name replaces one: the build
  remembers what it wrote (`kk/manifest.json`) and never overwrites a file it did not write.
- `cache/kk/h-<hash>.wav`: everything else (answers, office addresses, menus with names in
  them), rendered when first needed and named by a hash of the words, so the same words are
  rendered once for every call and every replica that shares the folder.
- `cache/kk/private/c-<call>-<hash>.wav`: a caller's own words said back ("did you say …?"):
  named with a keyed hash of the call, served as private, and deleted when the call ends.

The words are made speakable first (ivr.speakable): espeak-ng would read "15-ке" digit by digit.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import os
import re
import secrets
import shutil
import subprocess
from pathlib import Path

from ivr import prompts
from ivr.speakable import words as speakable

log = logging.getLogger("qyzmet.ivr.audio")
VOICE = ["espeak-ng", "-v", "kk", "-s", "145"]      # a little slower than its default: it goes down a phone line
NAME = re.compile(r"^(?:[a-z0-9-]{1,40}|h-[0-9a-f]{24}|c-[0-9a-f]{16}-[0-9a-f]{24})$")
TIMEOUT = 20.0


class NoVoice(RuntimeError):
    """espeak-ng is not installed: Kazakh cannot be spoken."""


def check_voice() -> None:
    if shutil.which("espeak-ng") is None:
        raise NoVoice("espeak-ng is not installed, so the voice line cannot speak Kazakh: run "
                      "scripts/install-system-packages.sh (Debian package espeak-ng)")


def digest(data: bytes | str) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


def render(words: str, target: Path) -> None:
    """`words` (already for the ear) spoken into a WAV file, written whole or not at all."""
    target.parent.mkdir(parents=True, exist_ok=True)
    # a name of this process and moment: two workers sharing the cache (the compose volume) may render the
    # same words at once, and each must write its own file before one of them moves it into place
    partial = target.with_suffix(f".{os.getpid()}-{secrets.token_hex(4)}.part")
    try:
        subprocess.run(VOICE + ["-w", str(partial)], input=words.encode(), check=True, timeout=TIMEOUT,
                       capture_output=True)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)         # a render that failed leaves nothing half-written


def fixed_prompts() -> dict[str, str]:
    """name -> the Kazakh words of each fixed prompt, as the voice says them."""
    return {name: speakable(prompts.text(name, "kk"), "kk") for name in prompts.PROMPTS if prompts.is_fixed(name)}


def build(directory: Path) -> dict[str, int]:
    """Render the fixed prompts that are missing or whose words changed; keep studio recordings.
    What was done: counts of "rendered", "kept" (up to date), "studio"."""
    check_voice()
    folder = directory / "kk"
    folder.mkdir(parents=True, exist_ok=True)
    manifest_path = folder / "manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    done = {"rendered": 0, "kept": 0, "studio": 0}
    for name, words in fixed_prompts().items():
        wav = folder / f"{name}.wav"
        wrote = manifest.get(name) or {}
        if wav.exists() and digest(wav.read_bytes()) != wrote.get("audio"):
            done["studio"] += 1          # not the file we rendered: someone recorded it
            continue
        if wav.exists() and wrote.get("words") == digest(words):
            done["kept"] += 1
            continue
        render(words, wav)
        manifest[name] = {"words": digest(words), "audio": digest(wav.read_bytes()), "text": words}
        done["rendered"] += 1
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True))
    return done


class Audio:
    """Where each Kazakh sentence is played from, rendering on demand what the build did not."""

    def __init__(self, directory: Path, base_url: str, key: bytes = b"") -> None:
        self.folder = directory / "kk"
        self.cache = directory / "cache" / "kk"
        self.private = self.cache / "private"
        self.base_url = base_url.rstrip("/")
        self.key = key
        self._fixed = {words: name for name, words in fixed_prompts().items()}
        self._pending: dict[str, asyncio.Task] = {}

    def url(self, words: str, call: str | None = None) -> str:
        """The address of `words` (already speakable) said in Kazakh, its rendering started if need be.
        `call`: the words are the caller's own, kept for that call only."""
        if call is not None:
            name = f"c-{self._call_key(call)}-{digest(words)[:24]}"
        else:
            name = self._fixed.get(words)
            if name is None or not (self.folder / f"{name}.wav").exists():
                name = "h-" + digest(words)[:24]
        if not name.startswith(("h-", "c-")) or self._where(name).exists():
            return f"{self.base_url}/ivr/audio/kk/{name}.wav"
        self._start(name, words)
        return f"{self.base_url}/ivr/audio/kk/{name}.wav"

    def _call_key(self, call: str) -> str:
        return hmac.new(self.key, call.encode(), hashlib.sha256).hexdigest()[:16]

    def _where(self, name: str) -> Path:
        if name.startswith("c-"):
            return self.private / f"{name}.wav"
        return (self.cache if name.startswith("h-") else self.folder) / f"{name}.wav"

    def _start(self, name: str, words: str) -> None:
        wav = self._where(name)
        if name in self._pending or wav.exists():
            return
        wav.parent.mkdir(parents=True, exist_ok=True)
        words_file = wav.with_suffix(".txt")
        if not words_file.exists():
            # another replica sharing the folder renders from this when asked for the audio first
            words_file.write_text(words)
        task = asyncio.get_running_loop().create_task(asyncio.to_thread(render, words, wav))
        self._pending[name] = task
        task.add_done_callback(lambda t: self._done(name, t))

    def _done(self, name: str, task: asyncio.Task) -> None:
        self._pending.pop(name, None)
        if not task.cancelled() and task.exception() is not None:
            log.error("could not render Kazakh audio %s: %s", name, task.exception())

    async def file(self, name: str) -> Path | None:
        """The audio file for a name in a URL this made, rendered now if it must be; None if unknown."""
        if not NAME.match(name):
            return None
        wav = self._where(name)
        if not name.startswith(("h-", "c-")):
            return wav if wav.exists() else None
        if name in self._pending:
            try:
                await asyncio.shield(self._pending[name])
            except Exception:          # noqa: BLE001 — logged by _done; said as "not found" below
                return None
        if wav.exists():
            return wav
        words_file = wav.with_suffix(".txt")
        if not words_file.exists():
            return None
        words = words_file.read_text()
        if not name.endswith(digest(words)[:24]):
            return None                  # not what that name was made from: never play it
        self._start(name, words)
        return await self.file(name)

    def forget(self, call: str) -> int:
        """The call's own words deleted (it ended); how many files went."""
        gone = 0
        for path in self.private.glob(f"c-{self._call_key(call)}-*"):
            path.unlink(missing_ok=True)
            gone += 1
        return gone
