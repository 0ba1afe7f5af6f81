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



def test_a_body_that_arrives_in_pieces_is_read_whole(line):
    """A proxy that streams the body, or a long SpeechResult over several packets: the signature is over all of it."""
    import socket
    import time
    from urllib.parse import urlencode, urlsplit

    call = Call(line)
    params = call.params(CallStatus="ringing")
    body = urlencode(params).encode()
    signature = line.validator.compute_signature(f"{PUBLIC}/ivr/voice", params)
    port = urlsplit(line.base).port
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(f"POST /ivr/voice HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded"
                     f"\r\nContent-Length: {len(body)}\r\nX-Twilio-Signature: {signature}\r\nConnection: close"
                     f"\r\n\r\n".encode() + body[:40])
        time.sleep(0.3)
        sock.sendall(body[40:])
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 200") and b"<Gather" in answer


def test_a_failure_inside_a_step_puts_the_caller_through_in_their_language(line):
    """The call's stored menu made unreadable (as a bug or a bad migration would): the caller is not dropped."""
    from sqlalchemy.orm import Session

    from ivr.models import Call as CallRow

    call = Call(line)
    call.start()
    call.press("2")
    with Session(line.engine.db) as s, s.begin():
        s.get(CallRow, call.sid).view = {"screen": "no-such-screen"}
    sorry = call.press("1")
    assert "Извините, у нас произошёл технический сбой" in sorry.words()
    enqueue = sorry.find("Enqueue")
    assert enqueue.text == "qyzmet-ru" and enqueue.get("action") == f"{PUBLIC}/ivr/dequeued"
    line.only_waiting(call.sid)
    agent = line.post("/ivr/agent?language=ru", {"CallSid": "CA" + "c" * 32, "From": "client:operator-2"})
    assert "технический сбой" in agent.text and "<Dial>" in agent.text
    call.webhook("/ivr/dequeued", QueueResult="bridged")
    call.webhook("/ivr/status", CallStatus="completed", CallDuration="30")


def test_the_voice_tables_match_their_migration():
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import create_engine

    from ivr.models import VoiceBase, migrate

    db = create_engine("sqlite://")
    migrate(db)
    with db.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), VoiceBase.metadata)
    # Alembic's own version table is not a model
    assert [d for d in differences if not (d[0] == "remove_table" and d[1].name == "alembic_version_voice")] == []


def test_a_failure_outside_a_callers_step_never_queues_anyone(line):
    """The agent's leg, the wait music and the status callback fail in their own ways: an operator is not put
    in the callers' queue, and an ended call is not made to wait."""
    from sqlalchemy.orm import Session

    from ivr.models import Call as CallRow

    call = Call(line)
    call.start()
    call.press("2")
    call.press("0")
    line.only_waiting(call.sid)
    with Session(line.engine.db) as s, s.begin():
        s.get(CallRow, call.sid).card = "not a card"          # what the whisper reads, unreadable
    agent = line.post("/ivr/agent?language=ru", {"CallSid": "CA" + "9" * 32, "From": "client:operator-3"})
    assert agent.status_code == 200 and "<Enqueue" not in agent.text and "<Hangup" in agent.text
    with Session(line.engine.db) as s, s.begin():
        s.get(CallRow, call.sid).view = {"screen": "broken"}
        s.get(CallRow, call.sid).card = None
    done = call.webhook("/ivr/status", CallStatus="completed", CallDuration="12")
    assert done.status_code == 204
    line.only_waiting(call.sid)
    assert "<Dial" not in line.post("/ivr/agent?language=ru", {"CallSid": "CA" + "8" * 32}).text
