"""One event being answered: what every step of the conversation shares."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from dialogs.messages import Button, Event, Outgoing, Reply
from dialogs.state import State
from dialogs.store import Store
from knowledge.translation import text_in
from locales import translations

LANGUAGES = ("kk", "ru")


@dataclass
class Turn:
    session: Session
    state: State
    event: Event
    out: list[Outgoing]
    standards: dict[str, dict]          # the knowledge base, read once by the engine
    store: Store
    typed: str = ""                     # what the citizen typed this turn ("" for a button, digits, location)

    @property
    def language(self) -> str:
        return self.state.language or "kk"

    def _(self, message: str) -> str:
        return translations(self.language).gettext(message)

    def say(self, text: str, buttons: list[Button] | tuple[Button, ...] = ()) -> None:
        self.out.append(Reply(text, tuple(buttons)))

    def name(self, sid: str) -> str:
        """The everyday name of a service ("Справка о несудимости"), else its official title."""
        std = self.standards[sid]
        return std.get(f"short_name_{self.language}") or text_in(std, "title", self.language) or std["title_kk"]

    def menu(self) -> list[Button]:
        other = "ru" if self.language == "kk" else "kk"
        return [Button(self._("Nearest PSC"), "/office"), Button(self._("Talk to an operator"), "/operator"),
                Button("Русский" if other == "ru" else "Қазақша", f"/lang {other}")]

    def after_answer(self) -> list[Button]:
        """What can follow an answer: the rest of it, the office, a complaint, a person."""
        buttons = [Button(self._("Show more"), "/more")] if self.state.more else []
        return buttons + [Button(self._("Nearest office"), "/office"), Button(self._("How to complain"), "/complain"),
                          Button(self._("Talk to an operator"), "/operator")]
