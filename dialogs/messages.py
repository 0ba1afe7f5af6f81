"""What goes into the engine and what comes out: plain frozen dataclasses, no channel types.

Outgoing messages say what they mean, never how one screen shows it: a `Reply` is
blocks of content in a language, the options it offers (to be pressed, typed as a
number, said, or keyed in) and what it expects back; an `OfficeCard` says how
precisely its position is known; `Handoff`, `Relay` and `Notice` carry the
conversation id an operator's screen needs. Each channel renders them under its
own limits and in its own words (`web/`, `bot/`, `ivr/`, the console).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, fields, is_dataclass
from enum import StrEnum


# ---------------------------------------------------------------- what comes in

class OperatorKind(StrEnum):
    SAY = "say"              # words for the citizen
    RETURN = "return"        # hand the conversation back to the assistant
    CLOSE = "close"          # end the takeover with a resolution code


class Signal(StrEnum):
    """A channel's lifecycle events, not something the citizen said."""
    START = "start"          # a chat opened, a call answered
    NO_INPUT = "no_input"    # the caller said nothing when asked
    HANG_UP = "hang_up"      # the call or chat ended on the citizen's side


class Attachment(StrEnum):
    """Something sent that is not typed text: the engine cannot read it, but an operator can see it."""
    PHOTO = "photo"
    VIDEO = "video"
    VOICE = "voice"          # a voice note (a call's speech arrives as text)
    AUDIO = "audio"
    DOCUMENT = "document"
    STICKER = "sticker"
    CONTACT = "contact"      # someone's phone number: never stored
    POLL = "poll"
    FORWARDED = "forwarded"  # someone else's message passed on
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class OperatorAction:
    kind: OperatorKind
    text: str = ""            # what the operator says (SAY)
    code: str = ""            # resolution code (CLOSE)
    operator: str = ""        # who acts, for the transcript


@dataclass(frozen=True, slots=True)
class Event:
    conversation: str                       # one chat or one call
    channel: str                            # "telegram" | "voice" | "rest" | "console" | …
    text: str | None = None                 # what the citizen wrote or said
    payload: str | None = None              # an option the citizen chose (dialogs.payloads)
    location: tuple[float, float] | None = None
    digits: str | None = None               # keys pressed on a phone
    operator: OperatorAction | None = None
    signal: Signal | None = None
    attachment: Attachment | None = None    # not typed text (`text` is then its caption, if any)
    user: str | None = None                 # whose preferences to remember (default: the conversation)
    id: str | None = None                   # the channel's id for this delivery (Telegram update, REST
                                            # message_id): a repeated delivery is answered, not handled twice


# ---------------------------------------------------------------- what goes out

class Purpose(StrEnum):
    """What a reply is for, so a channel can choose how to present it."""
    LANGUAGE = "language"              # which language?
    GREETING = "greeting"
    QUESTION = "question"              # about the citizen's situation, before an answer
    ANSWER = "answer"                  # a service's documents, deadline, cost, source
    MORE = "more"                      # the rest of an answer
    OFFICES = "offices"                # a list of offices follows (OfficeCard messages)
    PLACE = "place"                    # where are you?
    COMPLAINT = "complaint"
    CLARIFY = "clarify"                # did you mean…?
    NOT_UNDERSTOOD = "not_understood"
    OFFER_OPERATOR = "offer_operator"
    OPERATOR = "operator"              # an operator's own words
    INFO = "info"                      # a short statement


class Expect(StrEnum):
    """What the reply waits for."""
    NOTHING = "nothing"      # a statement: anything may follow
    TEXT = "text"            # a question in the citizen's words
    CHOICE = "choice"        # one of the options
    LOCATION = "location"    # a place: a shared position, or a city, district or region by name
    DIGITS = "digits"        # keys on a phone


class Hint(StrEnum):
    """Things a channel says in its own words, or leaves out where they make no sense."""
    CHOOSE_AGAIN = "choose_again"      # what came was not one of the options: say how to choose one
    HELPLINE = "helpline"              # the free contact centre is a way on (not worth saying on that line)


class BlockKind(StrEnum):
    TEXT = "text"
    TITLE = "title"                    # the service's name, and the situation the answer is for
    DOCUMENTS = "documents"
    DEADLINES = "deadlines"            # terms for the applicant's situation, each with its condition
    COST = "cost"                      # the fee per document, and who does not pay
    SOURCE_DEFECTS = "source_defects"  # where the source contradicts itself or is garbled, said openly
    ORIGINALS = "originals"            # notes on originals and copies
    FACTS = "facts"                    # where to apply, the deadline, the cost
    SOURCE = "source"                  # the act, its paragraph, whether it is repealed
    RESULT = "result"
    PARTICULAR_DEADLINES = "particular_deadlines"
    DOCUMENT_NOTES = "document_notes"
    REFUSALS = "refusals"
    COMPLAINT_ROUTES = "complaint_routes"
    RESPONSE_TERMS = "response_terms"
    COMPLAINT_HELP = "complaint_help"
    COURT = "court"


@dataclass(frozen=True, slots=True)
class Block:
    """One part of a reply: an optional heading, then lines (items of a list when `listed`)."""
    kind: BlockKind
    lines: tuple[str, ...]
    heading: str | None = None
    listed: bool = False
    # per line, the source lines it was read from (provenance, for operators and tests; channels show none)
    sources: tuple[tuple[int, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class Option:
    """Something the citizen can choose. `title` is the whole wording; `label`, when set, is the part
    that tells this option from the others ("На случай потери работы"), for where space is short."""
    title: str
    payload: str
    label: str | None = None


@dataclass(frozen=True, slots=True)
class Reply:
    purpose: Purpose
    language: str
    blocks: tuple[Block, ...]
    options: tuple[Option, ...] = ()    # answers to this reply's question, in order: 1, 2, 3…
    actions: tuple[Option, ...] = ()    # ways on that are not answers: more, an office, a person, the menu
    expects: Expect = Expect.NOTHING
    hints: tuple[Hint, ...] = ()
    kind: str = "reply"


class Precision(StrEnum):
    """How well an office's position is known. The sources give addresses, not positions."""
    OFFICE = "office"            # the office's own position
    SETTLEMENT = "settlement"    # the centre of its town or village
    DISTRICT = "district"
    REGION = "region"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class OfficeCard:
    """One office to show on a map, list as text, or read out."""
    name: str
    address: str | None
    phones: tuple[str, ...]
    hours: str | None
    lat: float | None
    lon: float | None
    distance_km: float | None            # from a shared location; None for a named place
    office_id: str
    precision: Precision = Precision.UNKNOWN
    located_at: str | None = None        # the town, district or region whose centre stands for the office
    position: int = 1                    # its number in the list the citizen is paging through
    language: str = "kk"
    kind: str = "office"


class HandoffReason(StrEnum):
    ASKED = "asked"
    NOT_UNDERSTOOD = "not_understood"
    COMPLAINT = "complaint"


@dataclass(frozen=True, slots=True)
class Handoff:
    """Hand the conversation to a person: everything they need to carry on."""
    conversation: str
    reason: HandoffReason
    language: str
    context: dict = field(default_factory=dict)
    kind: str = "handoff"


@dataclass(frozen=True, slots=True)
class Relay:
    """A citizen's message while an operator holds the conversation: for the operator, not answered."""
    conversation: str
    text: str
    kind: str = "relay"


class NoticeKind(StrEnum):
    OPERATOR_JOINED = "operator_joined"          # the first word of an operator after a handoff
    OPERATOR_LEFT = "operator_left"              # handed back to the assistant
    CLOSED = "closed"                            # the takeover ended with a resolution code
    CITIZEN_LEFT = "citizen_left"                # the citizen went back to the assistant or hung up
    ENDED = "ended"                              # the conversation ended (a hang-up)


@dataclass(frozen=True, slots=True)
class Notice:
    """Something that happened to the conversation, for whoever watches it (an operator's screen, a log)."""
    conversation: str
    event: NoticeKind
    detail: str = ""
    kind: str = "notice"


Outgoing = Reply | OfficeCard | Handoff | Relay | Notice


def as_dict(message: Outgoing) -> dict:
    """The message as JSON-ready data (what `from_dict` reads back)."""
    return _plain(message)


@functools.cache
def _names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def _plain(value):
    # dataclasses.asdict deep-copies every leaf; these are frozen and their leaves immutable
    if is_dataclass(value):
        return {name: _plain(getattr(value, name)) for name in _names(type(value))}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


def from_dict(data: dict) -> Outgoing:
    """The inverse of `as_dict`: an outgoing message back from its stored form."""
    data = dict(data)
    kind = data.get("kind")
    if kind == "reply" and "purpose" not in data:
        # remembered by the version before structured replies: its text and buttons as they were
        return Reply(Purpose.INFO, "kk", (Block(BlockKind.TEXT, (data.get("text") or "",)),),
                     actions=tuple(Option(b["title"], b["payload"]) for b in data.get("buttons") or ()))
    if kind in ("handoff", "relay") and "conversation" not in data:
        data["conversation"] = ""
    if kind == "reply":
        return Reply(purpose=Purpose(data["purpose"]), language=data["language"],
                     blocks=tuple(block_from_dict(b) for b in data.get("blocks") or ()),
                     options=tuple(Option(**o) for o in data.get("options") or ()),
                     actions=tuple(Option(**o) for o in data.get("actions") or ()),
                     expects=Expect(data.get("expects") or Expect.NOTHING),
                     hints=tuple(Hint(h) for h in data.get("hints") or ()))
    if kind == "office":
        return OfficeCard(**{**data, "phones": tuple(data.get("phones") or ()),
                             "precision": Precision(data.get("precision") or Precision.UNKNOWN)})
    if kind == "handoff":
        return Handoff(data["conversation"], HandoffReason(data["reason"]), data.get("language") or "kk",
                       data.get("context") or {})
    if kind == "relay":
        return Relay(data["conversation"], data["text"])
    if kind == "notice":
        return Notice(data["conversation"], NoticeKind(data["event"]), data.get("detail") or "")
    raise ValueError(f"not an outgoing message: {kind!r}")


def block_from_dict(data: dict) -> Block:
    return Block(BlockKind(data["kind"]), tuple(data.get("lines") or ()), data.get("heading"),
                 bool(data.get("listed")), tuple(tuple(x) for x in data.get("sources") or ()))
