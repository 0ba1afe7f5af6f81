"""Where a conversation stands: plain data, stored as JSON with the conversation."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields

from dialogs.steps import Step, step_of


@dataclass(slots=True)
class State:
    language: str | None = None          # "kk" | "ru"; None until chosen or detected
    language_chosen: bool = False        # chosen by the citizen: kept, whatever language they write in
    service: str | None = None           # the standard being discussed, "1486-02"
    answers: dict = field(default_factory=dict)   # question key -> chosen value ("situation" -> "lost")
    aspects: list = field(default_factory=list)   # what was asked of the service (nlu.aspects); [] = all of it
    said: str = ""                       # the words a "did you mean" asked about (masked): their situation
    step: Step | None = None             # what the last reply asked (stored as its name)
    options: list = field(default_factory=list)   # the payloads offered by that question, in order
    more: list = field(default_factory=list)      # the rest of an answer, for "show more": parts of blocks
    misunderstood: int = 0               # in a row
    place: dict | None = None            # the last place or location the citizen gave
    offices_shown: int = 0               # of that place's offices, how many were listed ("more offices")
    handoff: dict | None = None          # {"reason", "since"} while an operator holds the conversation
    closed: list = field(default_factory=list)    # resolution codes of earlier handoffs

    def to_dict(self) -> dict:
        # shallow: the state is discarded once saved, so its lists and dicts need no copies
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: dict | None) -> State:
        # a deep copy: the row keeps the JSON as loaded, so a change made here (even inside a nested
        # dict, like handoff["reminded"]) compares unequal and is written back (a JSON round trip: the
        # state is JSON, and this is several times faster than copy.deepcopy)
        known = {f.name for f in fields(cls)}
        copied = json.loads(json.dumps(data or {}))
        state = cls(**{k: v for k, v in copied.items() if k in known})
        state.step = step_of(state.step)
        if state.more and not all(isinstance(part, list) for part in state.more):
            state.more = []          # text parts of an older version: not worth guessing their blocks
        return state

    def wait_for(self, step: Step | None, options: list[str] | None = None) -> None:
        """The question the reply asks, and the payloads of its options in order (for "2")."""
        self.step, self.options = step, list(options or [])

    def forget_service(self) -> None:
        self.service, self.answers, self.aspects, self.more = None, {}, [], []
