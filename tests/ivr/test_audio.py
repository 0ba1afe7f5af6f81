"""Kazakh audio: every fixed prompt rendered by the build and playable, studio recordings kept,
everything else rendered on demand once and named by its words."""

from __future__ import annotations

import asyncio
import json
import shutil
import wave

import pytest

from ivr import prompts
from ivr.audio import Audio, NoVoice, build, check_voice, digest
from ivr.speakable import words as speakable
from tests.ivr.conftest import wav_seconds


def test_every_fixed_kazakh_prompt_of_the_catalog_has_playable_audio(audio_dir):
    fixed = [name for name in prompts.PROMPTS if prompts.is_fixed(name)]
    assert len(fixed) >= 30
    manifest = json.loads((audio_dir / "kk" / "manifest.json").read_text())
    for name in fixed:
        wav = audio_dir / "kk" / f"{name}.wav"
        seconds = wav_seconds(wav.read_bytes())
        words = speakable(prompts.text(name, "kk"), "kk")
        assert seconds > 0.03 * len(words.split()), name        # speech, not a click of silence
        assert manifest[name]["text"] == words and not any(ch.isdigit() for ch in words)
    # what is spoken is the kk catalog's translation, not the English source
    assert manifest["language-kk"]["text"] == "Қазақ тілі үшін бірді басыңыз."


def test_a_studio_recording_replaces_a_prompt_and_survives_the_next_build(tmp_path, audio_dir):
    shutil.copytree(audio_dir / "kk", tmp_path / "kk")
    studio = tmp_path / "kk" / "goodbye.wav"
    with wave.open(str(studio), "wb") as w:           # "recorded in a studio": a second of 8 kHz audio
        w.setnchannels(1), w.setsampwidth(2), w.setframerate(8000)
        w.writeframes(b"\x01\x00" * 8000)
    recorded = studio.read_bytes()
    done = build(tmp_path)
    assert done == {"rendered": 0, "kept": len(json.loads((tmp_path / "kk" / "manifest.json").read_text())) - 1,
                    "studio": 1}
    assert studio.read_bytes() == recorded
    # a prompt whose words changed is rendered again; one deleted is rendered back
    manifest = json.loads((tmp_path / "kk" / "manifest.json").read_text())
    manifest["welcome"]["words"] = digest("older words")
    (tmp_path / "kk" / "manifest.json").write_text(json.dumps(manifest))
    (tmp_path / "kk" / "no-input.wav").unlink()
    assert build(tmp_path)["rendered"] == 2
    assert wav_seconds((tmp_path / "kk" / "no-input.wav").read_bytes()) > 0.3


def test_other_kazakh_words_are_rendered_on_demand_once_named_by_their_hash(tmp_path, audio_dir):
    async def go():
        audio = Audio(tmp_path, "https://voice.example")
        text = speakable("Қарағанды облысы: ауданыңызды немесе қалаңызды таңдаңыз. 15-ке дейін.", "kk")
        url = audio.url(text)
        assert url == audio.url(text)                            # the same words, the same file
        name = url.rsplit("/", 1)[-1][:-4]
        assert name == "h-" + digest(text)[:24]
        found = await audio.file(name)
        assert wav_seconds(found.read_bytes()) > 1.0
        assert (tmp_path / "cache" / "kk" / f"{name}.txt").read_text().endswith("он беске дейін.")
        # another replica that shares the folder but did not render it: renders from the words file
        fresh = Audio(tmp_path, "https://voice.example")
        found.unlink()
        assert wav_seconds((await fresh.file(name)).read_bytes()) > 1.0
        # words that do not hash to the name are never played
        (tmp_path / "cache" / "kk" / f"{name}.txt").write_text("басқа сөздер")
        found.unlink()
        assert await Audio(tmp_path, "https://voice.example").file(name) is None
    asyncio.run(go())


def test_without_espeak_the_voice_line_says_what_to_install(monkeypatch, capsys):
    from qyzmet.cli import main

    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(NoVoice, match="espeak-ng is not installed.*install-system-packages"):
        check_voice()
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", "fake-twilio-auth-" * 2)
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://voice.qyzmet.example")
    monkeypatch.delenv("BOT_TOKEN", raising=False)
    assert main(["serve"]) == 2                    # at start, before any caller
    assert "espeak-ng is not installed" in capsys.readouterr().err


def test_two_workers_rendering_the_same_words_at_once_both_get_the_file(tmp_path, audio_dir):
    """Replicas share the cache (the compose volume): the same words asked of two at the same moment."""
    from concurrent.futures import ThreadPoolExecutor

    from ivr.audio import render

    target = tmp_path / "cache" / "kk" / "h-same.wav"
    words = "Ең жақын халыққа қызмет көрсету орталығы Абай көшесінде"
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda _: render(words, target), range(4)))        # none raises
    assert wav_seconds(target.read_bytes()) > 1
    assert [p.name for p in target.parent.iterdir()] == ["h-same.wav"]    # no half-written file left
