"""What goes into the engine and what comes out: plain dataclasses, no channel types.

A channel (Telegram, the 1414 voice line, the REST web chat, the console) turns
its update into an `Event` and renders the outgoing messages its own way: buttons
as a keyboard or as "press 1…", an `OfficeCard` as a map pin or a read address.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True, slots=True)
class OperatorAction:
    kind: str                 # "say" | "return" (to the bot) | "close"
    text: str = ""            # what the operator says ("say")
    code: str = ""            # resolution code ("close")
    operator: str = ""        # who acts, for the transcript


@dataclass(frozen=True, slots=True)
class Event:
    conversation: str                       # one chat or one call
    channel: str                            # "telegram" | "voice" | "rest" | "console" | …
    text: str | None = None                 # what the citizen wrote or said
    payload: str | None = None              # a button the citizen pressed ("/service 1486-02")
    location: tuple[float, float] | None = None
    digits: str | None = None               # DTMF keys pressed on the phone
    operator: OperatorAction | None = None
    user: str | None = None                 # whose preferences to remember (default: the conversation)
    id: str | None = None                   # the channel's id for this delivery (Telegram update, REST
                                            # message_id): a repeated delivery is answered, not handled twice


@dataclass(frozen=True, slots=True)
class Button:
    title: str
    payload: str


@dataclass(frozen=True, slots=True)
class Reply:
    text: str
    buttons: tuple[Button, ...] = ()
    kind: str = "reply"


@dataclass(frozen=True, slots=True)
class OfficeCard:
    """One office to show on a map or to read out."""
    name: str
    address: str
    phones: tuple[str, ...]
    hours: str | None
    lat: float | None
    lon: float | None
    distance_km: float | None
    office_id: str
    # The sources give addresses, not positions: an office is placed at its town's (or district's)
    # centre, and this names that centre, so a distance is never passed off as door-to-door.
    located_at: str | None = None
    kind: str = "office"


@dataclass(frozen=True, slots=True)
class Handoff:
    """Hand the conversation to a person: everything they need to carry on."""
    reason: str                      # "asked" | "not_understood" | "complaint"
    context: dict = field(default_factory=dict)
    kind: str = "handoff"


@dataclass(frozen=True, slots=True)
class Relay:
    """A citizen's message while an operator holds the conversation: for the operator, not answered."""
    text: str
    kind: str = "relay"


Outgoing = Reply | OfficeCard | Handoff | Relay


def as_dict(message: Outgoing) -> dict:
    return asdict(message)


def from_dict(data: dict) -> Outgoing:
    """The inverse of `as_dict`: an outgoing message back from its stored form."""
    kind = data.get("kind")
    if kind == "reply":
        return Reply(data["text"], tuple(Button(**b) for b in data.get("buttons") or ()))
    if kind == "office":
        return OfficeCard(**{**data, "phones": tuple(data.get("phones") or ())})
    if kind == "handoff":
        return Handoff(data["reason"], data.get("context") or {})
    if kind == "relay":
        return Relay(data["text"])
    raise ValueError(f"not an outgoing message: {kind!r}")
