"""What a caller is hearing, made from what the engine said: a view of one spoken menu or answer.

A chat shows a reply and its buttons at once; a caller hears one thing after another and
remembers little. So a reply becomes a `View`:
- an answer is cut into short parts, read one at a time ("1 to repeat, 2 for the next part");
- options are read at most five at a time ("for more, press 9");
- the operator (0) and the main menu (*) are always one key away.
The view is stored with the call (ivr.calls), so the next webhook knows what each key meant.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace
from enum import StrEnum

from dialogs import plain
from dialogs.messages import Block, BlockKind, Expect, Handoff, OfficeCard, Option, Outgoing, Purpose, Reply
from dialogs.payloads import Command, unpack
from ivr import prompts

PAGE = 5                 # options read at once: more is more than a caller can keep in mind
DOCUMENTS_PER_PART = 3
LONGEST_LIST = 6         # a list longer than this is read in part; the SMS has it whole
SHORT_PART = 12          # words: a part this short ("Стоимость: бесплатно.") is read with the next one
LONG_PART = 45


class Screen(StrEnum):
    LANGUAGE = "language"
    MAIN = "main"            # services, the nearest office, complaints, an operator; or say it
    CHOICES = "choices"      # numbered options, read a page at a time
    ANSWER = "answer"        # parts read one at a time
    CONFIRM = "confirm"      # "did you say …?"
    QUEUE = "queue"          # waiting for an operator
    TALKING = "talking"      # with an operator


class Action(StrEnum):
    """What an item does that is not an option of the engine's."""
    RESTART = "@restart"     # the answer again from its first part
    SMS = "@sms"


class Ask(StrEnum):
    """A question of the engine's that the phone asks its own way."""
    NOTHING = ""
    PLACE = "place"          # "where are you?": say the town, or the regions on the keypad
    SERVICE = "service"      # "which service?" (of a complaint): say it, or the list on the keypad


@dataclass(frozen=True, slots=True)
class Item:
    title: str
    payload: str             # an engine payload ("/service 1486-02") or an Action


@dataclass(frozen=True, slots=True)
class View:
    screen: Screen
    language: str = "kk"
    intro: tuple[str, ...] = ()          # said first (what the engine said before its question)
    notes: tuple[str, ...] = ()          # then these prompts (ivr.prompts names): "no input", "SMS sent"…
    items: tuple[Item, ...] = ()
    page: int = 0
    parts: tuple[str, ...] = ()          # ANSWER
    part: int = 0
    after: tuple[Item, ...] = ()         # ANSWER: what may follow the last part
    speech: bool = True                  # the caller may speak (when the language's speech is on)
    failures: int = 0                    # no input or no match in a row
    words: str = ""                      # CONFIRM: what was heard
    back: dict | None = None             # CONFIRM: the view to return to
    sms: str = ""                        # the text an SMS of this answer carries
    more: str = ""                       # ANSWER: the payload that brings the rest (more offices)
    counted: bool = True                 # ANSWER: "part 2 of 6" (an office list numbers its offices instead)
    resume: str = ""                     # MAIN: a dropped call whose answer can be sent
    ask: Ask = Ask.NOTHING               # a question the voice line answers with a list of its own

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> View:
        data = dict(data)
        data["screen"] = Screen(data["screen"])
        data["ask"] = Ask(data.get("ask") or "")
        for name in ("items", "after"):
            data[name] = tuple(Item(**i) for i in data.get(name) or ())
        for name in ("intro", "parts", "notes"):
            data[name] = tuple(data.get(name) or ())
        return cls(**data)

    def page_items(self) -> list[tuple[str, Item]]:
        """(key, item) of the page being read."""
        start = self.page * PAGE
        return [(str(i), item) for i, item in enumerate(self.items[start:start + PAGE], 1)]

    @property
    def paged(self) -> bool:
        return len(self.items) > PAGE

    @property
    def last_page(self) -> bool:
        return (self.page + 1) * PAGE >= len(self.items)

    def again(self, *notes: str, failures: int | None = None, speech: bool | None = None) -> View:
        """The same view heard again (its question too), after `notes`."""
        return replace(self, notes=notes, failures=self.failures if failures is None else failures,
                       speech=self.speech if speech is None else speech)

    def told(self, *notes: str) -> View:
        """The same menu after `notes` ("the SMS is on its way"), without what came before it."""
        return replace(self, intro=(), notes=notes, failures=0)


# the engine's ways on that the phone has keys of its own for (0, *), or that a call does not need
_OWN_KEYS = {Command.OPERATOR, Command.LANG, Command.MENU, Command.START, Command.BOT}


def _kept(options: tuple[Option, ...]) -> tuple[Item, ...]:
    kept = []
    for o in options:
        chosen = unpack(o.payload)
        if chosen is None or chosen.command not in _OWN_KEYS:
            kept.append(Item(o.title, o.payload))
    return tuple(kept)


def _more(reply: Reply) -> str | None:
    """The payload of "show more" / "more offices" among a reply's ways on."""
    for a in reply.actions:
        chosen = unpack(a.payload)
        if chosen and (chosen.command == Command.MORE or (chosen.command == Command.OFFICE and "more" in chosen.args)):
            return a.payload
    return None


def sentences(*lines: str | None) -> str:
    """Lines said one after another: each ends as a sentence, or the voice runs them together."""
    said = []
    for line in lines:
        line = (line or "").strip()
        if line:
            said.append(line if line[-1] in ".!?:;…" else line + ".")
    return " ".join(said)


def _block_parts(block: Block, and_more) -> list[str]:
    lines = list(block.lines)
    if block.kind == BlockKind.DOCUMENTS and len(lines) > DOCUMENTS_PER_PART:
        chunks = [lines[i:i + DOCUMENTS_PER_PART] for i in range(0, len(lines), DOCUMENTS_PER_PART)]
        return [sentences(block.heading if n == 0 else None, *chunk) for n, chunk in enumerate(chunks)]
    if len(lines) > LONGEST_LIST:
        lines = lines[:LONGEST_LIST - 1] + [and_more(len(lines) - LONGEST_LIST + 1)]
    return [sentences(block.heading, *lines)]


def answer_parts(replies: list[Reply], cards: list[OfficeCard], and_more) -> list[str]:
    """The answer in parts short enough to hear: the title and facts, the documents three at a time,
    then each other block; each office is a part of its own."""
    parts: list[str] = []
    heading = ""
    for reply in replies:
        for block in reply.blocks:
            if not (block.lines or block.heading):
                continue
            if reply.purpose == Purpose.OFFICES and cards:
                heading = sentences(heading, *_block_parts(block, and_more))   # said with the first office
            else:
                parts += _block_parts(block, and_more)
    for n, card in enumerate(cards):
        # its number in the whole list (the list comes a page at a time), the name, the address, phones, hours
        number = prompts.text("office-number", card.language, number=card.position)
        parts.append(sentences(heading if n == 0 else None, number, card.name, *plain.office_lines(card)[1:]))
    return _joined([p for p in parts if p.strip()])


_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")


def _split(part: str) -> list[str]:
    """A part too long to keep in mind, cut at sentence ends into parts of about LONG_PART words."""
    pieces: list[str] = []
    for sentence in _SENTENCE_END.split(part):
        if pieces and len(pieces[-1].split()) + len(sentence.split()) <= LONG_PART:
            pieces[-1] = f"{pieces[-1]} {sentence}"
        else:
            pieces.append(sentence)
    return pieces


def _joined(parts: list[str]) -> list[str]:
    """Short parts read with the next: a caller should not press 2 to hear "Стоимость: бесплатно.";
    long ones cut at sentence ends."""
    joined: list[str] = []
    for part in (piece for p in parts for piece in _split(p)):
        if joined and (len(joined[-1].split()) < SHORT_PART or len(part.split()) < SHORT_PART) \
                and len(joined[-1].split()) + len(part.split()) <= LONG_PART:
            joined[-1] = f"{joined[-1]} {part}"
        else:
            joined.append(part)
    return joined


def sms_text(replies: list[Reply], cards: list[OfficeCard]) -> str:
    texts = [plain.reply_text(r, numbered=False) for r in replies] + ["\n".join(plain.office_lines(c)) for c in cards]
    return "\n\n".join(t for t in texts if t.strip())


def from_engine(out: list[Outgoing], language: str, and_more, main: View) -> View:
    """The view for what the engine said this turn. `and_more(n)`: "and n more…" in the language;
    `main`: the main menu, for a turn that offers nothing of its own."""
    if any(isinstance(m, Handoff) for m in out):
        handoff = next(m for m in out if isinstance(m, Handoff))
        return View(Screen.QUEUE, handoff.language)
    replies = [m for m in out if isinstance(m, Reply) and m.purpose != Purpose.OPERATOR]
    cards = [m for m in out if isinstance(m, OfficeCard)]
    if not replies:
        return main
    last = replies[-1]
    language = last.language or language
    intro = tuple(plain.reply_text(r, numbered=False) for r in replies[:-1])
    if last.purpose == Purpose.LANGUAGE:
        # keys only: no recogniser knows which language to listen for before it is chosen
        return View(Screen.LANGUAGE, language, items=tuple(Item(o.title, o.payload) for o in last.options),
                    speech=False)
    if last.purpose == Purpose.GREETING:
        return replace(main, language=language, intro=intro)
    # the engine's own words for these speak of writing: the phone asks its own way
    if last.expects == Expect.LOCATION:
        return View(Screen.CHOICES, language, intro=intro, items=_kept(last.actions), ask=Ask.PLACE)
    if last.purpose == Purpose.COMPLAINT and last.expects == Expect.TEXT and not last.options:
        return View(Screen.CHOICES, language, intro=intro, ask=Ask.SERVICE)
    answering = last.purpose in (Purpose.ANSWER, Purpose.MORE, Purpose.OFFICES) or (
        last.purpose == Purpose.COMPLAINT and not last.options)
    if answering:
        spoken = [r for r in replies if r.purpose in (Purpose.ANSWER, Purpose.MORE, Purpose.OFFICES,
                                                       Purpose.COMPLAINT)]
        after = tuple(i for i in _kept(last.actions) if i.payload != _more(last))
        parts = answer_parts(spoken, cards, and_more)
        return View(Screen.ANSWER, language, intro=tuple(plain.reply_text(r, numbered=False) for r in replies
                                                           if r not in spoken),
                    parts=tuple(parts), after=after, sms=sms_text(spoken, cards), speech=False,
                    more=_more(last) or "", counted=not cards)
    said = intro + (plain.reply_text(last, numbered=False),)
    items = tuple(Item(o.title, o.payload) for o in last.options) + _kept(last.actions)
    only_menu = all((unpack(i.payload) or unpack("/none")).command in (Command.OFFICE, Command.COMPLAIN)
                    and not last.options for i in items)
    if not items or only_menu:
        return replace(main, language=language, intro=said)
    return View(Screen.CHOICES, language, intro=said, items=items)
