"""People: complaints (from the standard's own paragraphs), handing over to an operator, and the operator's actions.

While an operator holds a conversation the engine stays silent and relays; the
operator speaks through it, hands it back, or closes it with a resolution code.
"""

from __future__ import annotations

from dialogs import complaints
from dialogs.messages import (Attachment, Event, Expect, Handoff, HandoffReason, Hint, Notice, NoticeKind,
                              OperatorKind, Purpose, Relay, Signal)
from dialogs.payloads import Command, unpack
from dialogs.steps import Step
from dialogs.turn import LANGUAGES, Turn
from nlu.phrases import contains, phrase, words

HANDOFF_TURNS = 10          # the last turns an operator sees on taking over
OPERATOR_WAIT = 300         # seconds without an operator's word before the citizen is told so


# How the citizen was treated, or what was decided: the two complaint routes every standard has.
CONDUCT_WORDS = ("нахамил", "хамил", "хамств", "грубил", "нагрубил", "груб", "сотрудни", "оператор", "очеред",
                 "долго жд", "обслужив", "дорекі", "кызметкер", "кезек", "сыпайы", "айкайла")
RESULT_WORDS = ("отказ", "откаж", "не соглас", "решени", "не выдал", "не дали", "бас тарт", "шешім", "келіспей",
                "бермеді", "бермей")


def complaint_about(text: str) -> str | None:
    """"сотрудница ЦОНа нахамила" -> "service"; "отказали в пенсии" -> "result"; else None (ask)."""
    said = words(text)
    conduct = any(contains(said, phrase(w)) for w in CONDUCT_WORDS)
    result = any(contains(said, phrase(w)) for w in RESULT_WORDS)
    return "service" if conduct and not result else "result" if result and not conduct else None


def complaint(t: Turn, about: str | None, text: str = "") -> None:
    """`about`: "result" or "service" when known; `text`: the citizen's words, which may name a ЦОН."""
    s = t.state
    at_psc = about == "service" and about_a_psc(text)
    if not s.service and at_psc:
        # "сотрудница ЦОНа нахамила": the ЦОН's own route, whatever the service was
        blocks = complaints.psc_conduct(t.standards, t.language)
        if blocks:
            s.wait_for(None)
            t.reply(Purpose.COMPLAINT, *blocks, actions=[t.option(t._("Nearest PSC"), Command.OFFICE, "hqo"),
                                                        t.option(t._("Talk to an operator"), Command.OPERATOR,
                                                                 "complaint")], hints=[Hint.HELPLINE])
            return
    if not s.service:
        s.wait_for(Step.COMPLAINT_SERVICE)
        t.reply(Purpose.COMPLAINT, t._("Which service is your complaint about? Name it, or talk to an operator."),
                actions=[t.option(t._("Talk to an operator"), Command.OPERATOR)], expects=Expect.TEXT)
        return
    if about not in ("result", "service"):
        options = [t.option(t._("I disagree with the result"), Command.COMPLAIN, "result"),
                   t.option(t._("How I was served (an employee, a PSC)"), Command.COMPLAIN, "service")]
        s.wait_for(Step.COMPLAINT, [o.payload for o in options])
        t.reply(Purpose.COMPLAINT, t._("What is the complaint about?"), options=options, expects=Expect.CHOICE)
        return
    s.wait_for(None)
    std = t.standards[s.service]
    chosen = complaints.routes_for(std, about, "hqo" if at_psc else None)
    # the addressees' own offices, nearest first: "the regional internal affairs department", "the ЦОН"
    offices_of = [t.option(t._("Nearest: {kind}").format(kind=complaints.kind_label(kind, t.language)),
                           Command.OFFICE, kind) for kind in complaints.office_kinds(chosen)]
    t.reply(Purpose.COMPLAINT, *complaints.compose(std, chosen, t.language),
            actions=[*offices_of, t.option(t._("Talk to an operator"), Command.OPERATOR, "complaint")],
            hints=[Hint.HELPLINE])


# A complaint's words outweigh any service in the classifier's eyes; a service still stands out of
# the ranking when it is named ("отказали в пенсии"): this many times the next one, at least this likely.
COMPLAINT_SERVICE_LEAD = 3.0
COMPLAINT_SERVICE_LEAST = 0.02


def complained_of(parse) -> str | None:
    """The service a complaint names, if one stands out of the ranking."""
    ranking = parse.ranking
    if not ranking or ranking[0].confidence < COMPLAINT_SERVICE_LEAST:
        return None
    runner_up = ranking[1].confidence if len(ranking) > 1 else 0.0
    return ranking[0].id if ranking[0].confidence >= COMPLAINT_SERVICE_LEAD * runner_up else None


PSC_WORDS = ("цон", "хко", "халыкка кызмет", "центр обслуживания")


def about_a_psc(text: str) -> bool:
    said = words(text)
    return any(contains(said, phrase(w)) for w in PSC_WORDS)


def handoff(t: Turn, reason: HandoffReason) -> None:
    s = t.state
    turns = t.store.transcript(t.held, t.event.conversation, last=HANDOFF_TURNS)
    context = {
        "conversation": t.event.conversation, "channel": t.event.channel, "language": t.language,
        "service": {"id": s.service, "title": t.name(s.service)} if s.service else None,
        "situation": dict(s.answers), "place": s.place,
        "last_turns": [{"speaker": x.speaker, "text": x.text} for x in turns],
    }
    s.handoff = {"reason": str(reason), "since": t.clock(), "joined": False, "reminded": False}
    s.wait_for(None)
    s.misunderstood = 0
    t.say(t._("I am passing you to an operator. Please wait: they will answer here."),
          [t.option(t._("Back to the assistant"), Command.BOT)])
    t.out.append(Handoff(t.event.conversation, reason, t.language, context))


def while_held(t: Turn) -> None:
    """A citizen's message while an operator holds the conversation: passed on, not answered.

    Two things stay the citizen's own: the language, and going back to
    the assistant. Starting again or asking for a person once more is answered with where they
    stand. If no operator has answered for a while, the citizen hears so once, with the ways
    out, rather than waiting in silence."""
    s, e = t.state, t.event
    chosen = unpack(e.payload or (e.text or "").strip())
    if e.signal == Signal.START or chosen is not None and chosen.command in (Command.START, Command.OPERATOR):
        t.say(t._("You are waiting for an operator: they will answer here. You can go back to the assistant "
                  "meanwhile."), [t.option(t._("Back to the assistant"), Command.BOT)], hints=[Hint.HELPLINE])
        return
    if chosen is not None and chosen.command == Command.BOT:
        s.handoff = None
        t.out.append(Notice(e.conversation, NoticeKind.CITIZEN_LEFT))
        t.say(t._("You are back with the assistant: ask me anything."), t.menu())
        return
    if chosen is not None and chosen.command == Command.LANG and chosen.args and chosen.args[0] in LANGUAGES:
        s.language = chosen.args[0]
        s.language_chosen = True
        t.store.remember_language(t.held, e.user or e.conversation, chosen.args[0])
        t.say(t._("I will answer in this language from now on."))
        return
    shown = attachment_said(e) if e.attachment is not None else \
        "[location]" if e.location else e.payload or e.digits or e.text or ""
    t.out.append(Relay(e.conversation, shown))
    if not s.handoff.get("joined") and not s.handoff.get("reminded") \
            and t.clock() - s.handoff.get("since", 0) > OPERATOR_WAIT:
        s.handoff["reminded"] = True
        t.say(t._("All operators are busy. You can keep waiting here, or go back to the assistant."),
              [t.option(t._("Back to the assistant"), Command.BOT)], hints=[Hint.HELPLINE])


def attachment_said(e: Event) -> str:
    """What was sent, and its caption: never a contact's number (nor a file's content)."""
    return f"[{e.attachment}]" + (f" {e.text}" if e.text and e.attachment != Attachment.CONTACT else "")


def hang_up(t: Turn) -> None:
    """The citizen left (a call ended): an operator holding the conversation is told; nothing waits."""
    s = t.state
    if s.handoff:
        s.handoff = None
        t.out.append(Notice(t.event.conversation, NoticeKind.CITIZEN_LEFT))
    s.wait_for(None)
    t.out.append(Notice(t.event.conversation, NoticeKind.ENDED))


def operator(t: Turn) -> None:
    """An operator's action. Handing back or closing needs a conversation the operator holds."""
    s, action = t.state, t.event.operator
    if action.kind == OperatorKind.SAY:
        if action.text.strip():
            if s.handoff and not s.handoff.get("joined"):
                s.handoff["joined"] = True
                t.out.append(Notice(t.event.conversation, NoticeKind.OPERATOR_JOINED, action.operator))
            t.reply(Purpose.OPERATOR, action.text.strip())
        return
    if action.kind in (OperatorKind.RETURN, OperatorKind.CLOSE) and s.handoff:
        if action.kind == OperatorKind.CLOSE:
            code = action.code or "resolved"
            s.closed.append(code)
            s.forget_service()
            s.wait_for(None)
            t.out.append(Notice(t.event.conversation, NoticeKind.CLOSED, code))
        else:
            t.out.append(Notice(t.event.conversation, NoticeKind.OPERATOR_LEFT))
        s.handoff = None
        t.say(t._("The operator has finished. I am the assistant again: ask me anything."), t.menu())
