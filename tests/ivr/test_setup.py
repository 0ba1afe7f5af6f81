"""The voice line's configuration: missing or unusable settings are one clear line at start, naming the variable."""

from __future__ import annotations

import os

import pytest

from tests.ivr.conftest import ACCOUNT_SID, AUTH_TOKEN

VOICE = {"TWILIO_AUTH_TOKEN": AUTH_TOKEN, "PUBLIC_BASE_URL": "https://voice.qyzmet.example"}


@pytest.mark.parametrize("env, says", [
    ({"TWILIO_AUTH_TOKEN": AUTH_TOKEN}, "PUBLIC_BASE_URL must be set for the voice line"),
    ({**VOICE, "PUBLIC_BASE_URL": "http://voice.qyzmet.example"}, "PUBLIC_BASE_URL must be https://"),
    ({"TWILIO_AUTH_TOKEN": "short"}, "TWILIO_AUTH_TOKEN is too short"),
    ({**VOICE, "TWILIO_SMS_FROM": "+77010000000"}, "TWILIO_ACCOUNT_SID must be set to send SMS"),
    ({**VOICE, "TWILIO_ACCOUNT_SID": "AC123"}, "TWILIO_ACCOUNT_SID must be the account's SID"),
    ({**VOICE, "TWILIO_ACCOUNT_SID": ACCOUNT_SID, "TWILIO_SMS_FROM": "qyzmet"}, "TWILIO_SMS_FROM must be a number"),
    ({**VOICE, "IVR_KK_SPEECH_LANGUAGE": "kazakh"}, "IVR_KK_SPEECH_LANGUAGE must be a language tag"),
    ({**VOICE, "IVR_MIN_CONFIDENCE": "high"}, "IVR_MIN_CONFIDENCE must be a number"),
    ({**VOICE, "IVR_NLU_TIMEOUT": "60"}, "IVR_NLU_TIMEOUT must be from"),
    ({**VOICE, "IVR_QUEUE_RU": "очередь"}, "IVR_QUEUE_RU must be a queue name"),
    ({**VOICE, "IVR_OPERATOR_TOKEN": "abc"}, "IVR_OPERATOR_TOKEN must be at least 16"),
    ({**VOICE, "TWILIO_API_BASE": "ftp://x"}, "TWILIO_API_BASE must be a URL"),
])
def test_bad_voice_configuration_is_one_clear_line(env, says, monkeypatch, capsys):
    from qyzmet.cli import main

    for name in list(os.environ):
        if name.startswith(("TWILIO_", "IVR_", "PUBLIC_", "BOT_")):
            monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert main(["serve"]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and says in lines[0], lines


def test_a_good_configuration_reads_every_variable():
    from qyzmet.settings import Settings

    voice = Settings.from_env({**VOICE, "TWILIO_ACCOUNT_SID": ACCOUNT_SID, "TWILIO_SMS_FROM": "8 701 000 00 00",
                               "IVR_KK_SPEECH_LANGUAGE": "kk-KZ", "IVR_KK_SPEECH_MODEL": "googlev2_long",
                               "IVR_RU_VOICE": "Polly.Maxim", "IVR_MIN_CONFIDENCE": "0.7"}).voice
    assert voice.sms and voice.sms_from == "+77010000000"      # written as a Kazakh number, sent as E.164
    assert voice.kk_speech_language == "kk-KZ" and voice.kk_speech_model == "googlev2_long" and voice.ru_voice == "Polly.Maxim"
    assert voice.min_confidence == 0.7 and voice.queue("kk") == "qyzmet-kk"
    assert Settings.from_env({}).voice is None                  # no token: no voice line


def test_callers_are_hashed_under_their_own_key_never_the_rest_channels():
    """With PRIVACY_KEY alone, a number a REST client sends and the same number calling the line hash apart:
    the two channels' tables cannot be joined on it. IVR_CALLER_KEY, where set, is used as it is."""
    from ivr.calls import caller_hash
    from qyzmet.settings import Settings
    from web.senders import conversation_for

    key = "a-privacy-key-for-this-test-0123"
    voice = Settings.from_env({**VOICE, "PRIVACY_KEY": key}).voice
    again = Settings.from_env({**VOICE, "PRIVACY_KEY": key}).voice
    caller = caller_hash(voice.caller_key, "+7 701 123 45 67")
    assert caller == caller_hash(again.caller_key, "87011234567")          # stable, whatever the spelling
    assert caller not in conversation_for("+7 701 123 45 67", key.encode())
    assert voice.caller_key != key.encode()
    own = Settings.from_env({**VOICE, "PRIVACY_KEY": key, "IVR_CALLER_KEY": "the-callers-own-key-456"}).voice
    assert own.caller_key == b"the-callers-own-key-456"
