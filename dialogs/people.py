"""People: complaints (from the standard's own paragraphs), handing over to an operator, and the operator's actions.

While an operator holds a conversation the engine stays silent and relays; the
operator speaks through it, hands it back, or closes it with a resolution code.
"""

from __future__ import annotations

import time

from dialogs import complaints
from dialogs.messages import Button, Handoff, Relay
from dialogs.turn import LANGUAGES, Turn

HANDOFF_TURNS = 10          # the last turns an operator sees on taking over
OPERATOR_WAIT = 300         # seconds without an operator's word before the citizen is told so


def complaint(t: Turn, about: str | None) -> None:
    s = t.state
    if not s.service:
        s.step, s.options = "complaint_service", []
        t.say(t._("Which service is your complaint about? Name it, or talk to an operator."),
              [Button(t._("Talk to an operator"), "/operator")])
        return
    if about not in ("result", "service"):
        s.step, s.options = "complaint", ["/complain result", "/complain service"]
        t.say(t._("What is the complaint about?") + "\n1. " + t._("I disagree with the result") +
              "\n2. " + t._("How I was served (an employee, a PSC)"),
              [Button(t._("I disagree with the result"), "/complain result"),
               Button(t._("How I was served (an employee, a PSC)"), "/complain service")])
        return
    s.step, s.options = None, []
    text = complaints.compose(t.standards[s.service], about, t.language)
    t.say(text, [Button(t._("Talk to an operator"), "/operator complaint"),
                 Button(t._("Nearest office"), "/office")])


def handoff(t: Turn, reason: str) -> None:
    s = t.state
    turns = t.store.transcript(t.session, t.event.conversation, last=HANDOFF_TURNS)
    context = {
        "conversation": t.event.conversation, "channel": t.event.channel, "language": t.language,
        "service": {"id": s.service, "title": t.name(s.service)} if s.service else None,
        "situation": dict(s.answers), "place": s.place,
        "last_turns": [{"speaker": x.speaker, "text": x.text} for x in turns],
    }
    s.handoff = {"reason": reason, "since": time.time(), "joined": False, "reminded": False}
    s.step, s.options, s.misunderstood = None, [], 0
    t.say(t._("I am passing you to an operator. Please wait: they will answer here."),
          [Button(t._("Back to the assistant"), "/bot")])
    t.out.append(Handoff(reason, context))


def while_held(t: Turn) -> None:
    """A citizen's message while an operator holds the conversation: passed on, not answered.

    Two things stay the citizen's own: the language, and going back to
    the assistant. If no operator has answered for a while, the citizen hears so once, with
    the ways out, rather than waiting in silence."""
    s, e = t.state, t.event
    command, *args = (e.payload or (e.text or "").strip()).split() or [""]
    if command == "/bot":
        s.handoff = None
        t.out.append(Relay("[" + t._("The citizen went back to the assistant.") + "]"))
        t.say(t._("You are back with the assistant: ask me anything."), t.menu())
        return
    if command == "/lang" and args and args[0] in LANGUAGES:
        s.language = args[0]
        t.store.remember_language(t.session, e.user or e.conversation, args[0])
        t.say(t._("I will answer in this language from now on."))
        return
    t.out.append(Relay("[location]" if e.location else e.payload or e.digits or e.text or ""))
    if not s.handoff.get("joined") and not s.handoff.get("reminded") \
            and time.time() - s.handoff.get("since", 0) > OPERATOR_WAIT:
        s.handoff["reminded"] = True
        t.say(t._("All operators are busy. You can keep waiting here, go back to the assistant, or call 1414."),
              [Button(t._("Back to the assistant"), "/bot")])


def operator(t: Turn) -> None:
    """An operator's action. Handing back or closing needs a conversation the operator holds."""
    s, action = t.state, t.event.operator
    if action.kind == "say":
        if action.text.strip():
            if s.handoff:
                s.handoff["joined"] = True
            t.say(action.text.strip())
        return
    if action.kind in ("return", "close") and s.handoff:
        if action.kind == "close":
            s.closed.append(action.code or "resolved")
            s.forget_service()
            s.step, s.options = None, []
        s.handoff = None
        t.say(t._("The operator has finished. I am the assistant again: ask me anything."), t.menu())
