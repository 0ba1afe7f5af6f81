"""Rasa's REST channel, byte for byte: a request body into an `Event`, the engine's messages into
Rasa's list of `{"recipient_id", "text", "buttons": [{"title", "payload"}]}` and `{"custom": …}`.

A chosen button's payload comes back as the next `message`, as Rasa widgets send it.
An optional `message_id` (top level or in `metadata`) makes a retry safe. A client that
draws office cards itself says so with `"metadata": {"office_cards": true}`: the office
list then comes as a heading and one `custom.office` per office, without the same text
written out (what every other widget shows).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from dialogs import plain
from dialogs.messages import Event, Handoff, Hint, Notice, NoticeKind, OfficeCard, Outgoing, Purpose, Reply
from locales import translations

MAX_BODY = 64 * 1024
MAX_SENDER = 195            # "rest:" + sender is the conversation id, 200 characters at most (web.senders)
MAX_MESSAGE_ID = 200
CHANNEL = "rest"
# what the citizen's side of a chat is told; the rest (a citizen leaving) is for operators' screens
CITIZEN_NOTICES = (NoticeKind.OPERATOR_JOINED, NoticeKind.OPERATOR_LEFT, NoticeKind.CLOSED)


class BadRequest(ValueError):
    """A request the channel cannot take, with the sentence that tells the client why."""


@dataclass(frozen=True, slots=True)
class Request:
    sender: str
    message: str
    message_id: str | None
    office_cards: bool

    def event(self, conversation: str) -> Event:
        """The message as the engine takes it, kept under `conversation` (web.senders.conversation_for)."""
        return Event(conversation=conversation, channel=CHANNEL, text=self.message, user=conversation,
                     id=self.message_id)


def _exact(value: str) -> bool:
    """Usable as an id as it is: no NUL (dropped on storing, so two ids would become one), no lone
    surrogate (not encodable)."""
    if "\x00" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def json_object(raw: bytes, shape: str) -> dict:
    """The body as a JSON object; `shape` is how one looks, for the sentence that says what was wrong."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest("the body is not UTF-8 text") from None
    try:
        body = json.loads(text)
    except RecursionError:
        raise BadRequest("the JSON is nested too deeply") from None
    except ValueError:
        raise BadRequest(f"expected JSON: {shape}") from None
    if not isinstance(body, dict):
        raise BadRequest(f"expected a JSON object: {shape}")
    return body


def sender_of(body: dict) -> str:
    sender = body.get("sender")
    if not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_SENDER or not _exact(sender):
        raise BadRequest(f'"sender" must be a non-empty string of at most {MAX_SENDER} characters, '
                         'without NUL characters or lone surrogates')
    return sender


def parse_request(raw: bytes) -> Request:
    body = json_object(raw, '{"sender": "…", "message": "…"}')
    sender, message = sender_of(body), body.get("message")
    if message is None:
        message = ""
    if not isinstance(message, str):
        raise BadRequest('"message" must be a string')
    metadata = body.get("metadata")
    if metadata is None:
        metadata = {}
    if not isinstance(metadata, dict):
        raise BadRequest('"metadata" must be a JSON object')
    message_id = body.get("message_id", metadata.get("message_id"))
    if message_id is not None:
        if isinstance(message_id, bool) or not isinstance(message_id, str | int):
            raise BadRequest(f'"message_id" must be a string or number of at most {MAX_MESSAGE_ID} characters')
        message_id = str(message_id)
        if not message_id.strip() or len(message_id) > MAX_MESSAGE_ID or not _exact(message_id):
            raise BadRequest(f'"message_id" must be a string or number of at most {MAX_MESSAGE_ID} characters, '
                             'without NUL characters or lone surrogates')
    return Request(sender, message, message_id, metadata.get("office_cards") is True)


# ---------------------------------------------------------------- rendering

def _hint_lines(reply: Reply) -> tuple[list[str], list[str]]:
    """(before the text, after it): what a chat says in its own words."""
    _ = translations(reply.language).gettext
    before = [_("Please choose one of the options: press a button or send its number.")] \
        if Hint.CHOOSE_AGAIN in reply.hints else []
    after = [_("Free public services contact centre: 1414.")] if Hint.HELPLINE in reply.hints else []
    return before, after


def reply_text(reply: Reply, offices: list[OfficeCard] = ()) -> str:
    before, after = _hint_lines(reply)
    parts = before + [plain.reply_text(reply, numbered=False)]
    parts += ["\n".join(plain.office_lines(card)) for card in offices]
    return "\n\n".join(p for p in parts + after if p)


def office_json(card: OfficeCard) -> dict:
    return {"name": card.name, "address": card.address, "phones": list(card.phones), "hours": card.hours,
            "lat": card.lat, "lon": card.lon, "distance_km": card.distance_km, "precision": str(card.precision),
            "located_at": card.located_at, "position": card.position}


def responses(out: list[Outgoing], office_cards: bool = False) -> list[dict]:
    """The engine's messages as a Rasa bot's responses: `{"text", "buttons"}` and `{"custom"}`."""
    said: list[dict] = []
    cards = [m for m in out if isinstance(m, OfficeCard)]
    for m in out:
        if isinstance(m, Reply):
            listed = cards if m.purpose == Purpose.OFFICES and not office_cards else []
            response = {"text": reply_text(m, listed)}
            buttons = [{"title": o.title, "payload": o.payload} for o in m.options + m.actions]
            if buttons:
                response["buttons"] = buttons
            said.append(response)
        elif isinstance(m, OfficeCard):
            said.append({"custom": {"office": office_json(m)}})
        elif isinstance(m, Handoff):
            said.append({"custom": {"handoff": {"reason": str(m.reason)}}})
        elif isinstance(m, Notice) and m.event in CITIZEN_NOTICES:
            said.append({"custom": {"event": str(m.event)}})
        # a Relay, and a notice of the citizen's own leaving, are for the operator's screen
    return said


def collect(recipient_id: str, said: list[dict]) -> list[dict]:
    """What Rasa's `CollectingOutputChannel` makes of those responses (rasa/core/channels/channel.py,
    `OutputChannel.send_response`): text with buttons is one message; text alone is one message per
    paragraph; custom JSON is a message of its own."""
    messages: list[dict] = []
    for response in said:
        if response.get("buttons"):
            messages.append({"recipient_id": recipient_id, "text": response["text"], "buttons": response["buttons"]})
        elif response.get("text"):
            messages += [{"recipient_id": recipient_id, "text": part} for part in response["text"].strip().split("\n\n")]
        if response.get("custom"):
            messages.append({"recipient_id": recipient_id, "custom": response["custom"]})
    return messages


def render(recipient_id: str, out: list[Outgoing], office_cards: bool = False) -> list[dict]:
    """The engine's messages as Rasa's REST channel answers them."""
    return collect(recipient_id, responses(out, office_cards))


def body(messages: list[dict]) -> bytes:
    """The JSON as Rasa's Sanic writes it (ujson): compact, ASCII only, "/" escaped."""
    return json.dumps(messages, ensure_ascii=True, separators=(",", ":")).replace("/", "\\/").encode()
