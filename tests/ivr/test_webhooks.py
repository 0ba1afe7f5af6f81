"""Only Twilio gets TwiML: signatures over the public URL, and bad bodies answered with a 4xx, losing nothing."""

from __future__ import annotations

import pytest
import requests

from twilio.request_validator import RequestValidator

from tests.ivr.conftest import PUBLIC, Call


def test_unsigned_forged_and_altered_requests_get_403_and_no_twiml(line):
    call = Call(line)
    params = call.params(CallStatus="ringing")
    unsigned = line.post("/ivr/voice", params, sign=False)
    forged = line.post("/ivr/voice", params, signature="bm90IGEgc2lnbmF0dXJl")
    signed = line.validator.compute_signature(f"{PUBLIC}/ivr/voice", params)
    altered = line.post("/ivr/voice", {**params, "From": "+77000000000"}, signature=signed)
    other = RequestValidator("another-token-" * 2)
    wrong_key = line.post("/ivr/voice", params, signature=other.compute_signature(f"{PUBLIC}/ivr/voice", params))
    for r in (unsigned, forged, altered, wrong_key):
        assert r.status_code == 403 and "<Response" not in r.text
    # signed over the address the server sees, not the public one Twilio calls: refused (twilio-python#751)
    local = line.post("/ivr/voice", params, signature=line.validator.compute_signature(line.base + "/ivr/voice",
                                                                                        params))
    assert local.status_code == 403
    assert line.post("/ivr/voice", params).status_code == 200          # the same, signed right
    # a step's query is signed too: another step number with the same signature is refused
    step_sig = line.validator.compute_signature(f"{PUBLIC}/ivr/step?s=1", call.params(Digits="2"))
    assert line.post(f"{PUBLIC}/ivr/step?s=2", call.params(Digits="2"), signature=step_sig).status_code == 403
    # and nothing of the refused ones reached the engine: the call was made once, by the signed request
    assert call.start().gather is not None


@pytest.mark.parametrize("body, content_type, status", [
    (b"CallSid=CA" + b"1" * 32 + b"&Digits=%FF%FE", "application/x-www-form-urlencoded", 400),   # not UTF-8
    (b"\x00\x01\x02binary\xff", "application/x-www-form-urlencoded", 400),
    (b'{"CallSid": "CA11"}', "application/json", 415),
    (b"CallSid=" + b"A" * 70_000, "application/x-www-form-urlencoded", 413),
    (b"", "application/x-www-form-urlencoded", 400),                  # no CallSid
    (b"CallSid=not-a-call", "application/x-www-form-urlencoded", 400),
    (b"CallSid=CA" + b"2" * 32 + b"&SpeechResult=a%00b", "application/x-www-form-urlencoded", 400),
    (b"CallSid=CA" + b"3" * 32 + b"&SpeechResult=%ED%B3%BF", "application/x-www-form-urlencoded", 400),  # a lone surrogate
])
def test_malformed_bodies_get_a_clear_4xx(line, body, content_type, status):
    from urllib.parse import parse_qsl
    try:
        params = dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
    except UnicodeDecodeError:
        params = {}
    signature = line.validator.compute_signature(f"{PUBLIC}/ivr/voice", params)
    r = requests.post(line.base + "/ivr/voice", data=body, timeout=10,
                      headers={"Content-Type": content_type, "X-Twilio-Signature": signature})
    assert r.status_code == status and "<Response" not in r.text and r.text


def test_huge_speech_is_cut_and_understood(line):
    call = Call(line)
    call.start()
    call.press("2")
    long = call.say("справка о несудимости " * 500)
    assert "Справка о несудимости" in long.words()


def test_a_step_number_that_is_not_one_hears_the_current_menu(line):
    call = Call(line)
    call.start()
    menu = call.press("2")
    r = line.post(f"{PUBLIC}/ivr/step?s=abc", call.params(Digits="1"))
    assert r.status_code == 200 and "Список услуг" in r.text
    assert call.press("1").words().startswith("Выберите услугу")     # the call goes on where it was
    assert menu.action != call.last.action


def test_the_audio_route_serves_only_what_it_made(line):
    assert line.get(f"{PUBLIC}/ivr/audio/kk/welcome.wav").status_code == 200
    for name in ("nothing-here", "h-" + "0" * 24, "..%2F..%2Fetc%2Fpasswd", "H-ABC"):
        assert line.get(f"{PUBLIC}/ivr/audio/kk/{name}.wav").status_code == 404


def test_unknown_calls_to_a_step_start_the_call(line):
    call = Call(line)
    r = line.post(f"{PUBLIC}/ivr/step?s=5", call.params(Digits="1"))
    assert r.status_code == 200 and "Для русского языка нажмите два" in r.text

