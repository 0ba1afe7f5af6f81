"""One event being answered: what every step of the conversation shares, and how replies are made."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from dialogs.answers import Mrp
from dialogs.messages import Block, BlockKind, Event, Expect, Hint, Option, Outgoing, Purpose, Reply
from dialogs.payloads import Command, pack
from dialogs.state import State
from dialogs.store import Held, Store
from knowledge.catalog import OfficeCatalog
from knowledge.standard import Standard
from locales import translations

LANGUAGES = ("kk", "ru")


@dataclass
class Turn:
    held: Held                          # the conversation, locked for this turn, and what it writes
    state: State
    event: Event
    standards: dict[str, Standard]      # the knowledge base, read once by the engine
    offices: OfficeCatalog              # …and its offices
    store: Store
    mrp: Mrp
    parse: object | None = None         # the NLU's reading of the text, made before the turn began
    clock: Callable[[], float] = lambda: 0.0
    out: list[Outgoing] = field(default_factory=list)
    typed: str = ""                     # what the citizen typed this turn ("" for a choice, digits, location)

    @property
    def language(self) -> str:
        return self.state.language or "kk"

    def _(self, message: str) -> str:
        return translations(self.language).gettext(message)

    def reply(self, purpose: Purpose, *blocks: Block | str, options: Iterable[Option] = (),
              actions: Iterable[Option] = (), expects: Expect = Expect.NOTHING, hints: Iterable[Hint] = ()) -> None:
        """A reply in the conversation's language; a bare string is a block of text."""
        made = tuple(Block(BlockKind.TEXT, (b,)) if isinstance(b, str) else b for b in blocks)
        self.out.append(Reply(purpose, self.language, made, tuple(options), tuple(actions), expects, tuple(hints)))

    def say(self, text: str, actions: Iterable[Option] = (), hints: Iterable[Hint] = ()) -> None:
        self.reply(Purpose.INFO, text, actions=actions, hints=hints)

    def option(self, title: str, command: Command, *args: str, label: str | None = None) -> Option:
        return Option(title, pack(command, *args), label)

    def name(self, sid: str) -> str:
        """The everyday name of a service ("Справка о несудимости"), else its official title."""
        return self.standards[sid].name(self.language)

    def menu(self) -> list[Option]:
        return [self.option(self._("Nearest PSC"), Command.OFFICE),
                self.option(self._("Talk to an operator"), Command.OPERATOR),
                self.language_switch()]

    def after_answer(self) -> list[Option]:
        """What can follow an answer: the rest of it, the office, a complaint, a person."""
        more = [self.option(self._("Show more"), Command.MORE)] if self.state.more else []
        return more + [self.option(self._("Nearest office"), Command.OFFICE),
                       self.option(self._("How to complain"), Command.COMPLAIN),
                       self.option(self._("Talk to an operator"), Command.OPERATOR),
                       self.language_switch()]

    def language_switch(self) -> Option:
        """The other language, always within reach: the reply follows the message's language until chosen."""
        other = "ru" if self.language == "kk" else "kk"
        return self.option("Русский" if other == "ru" else "Қазақша", Command.LANG, other)
