"""From what came in to who answers it: operator actions, lifecycle signals, chosen options
(commands), a number for a pending question, an option named in words, a place, or an intent."""

from __future__ import annotations

import re

from dialogs import followups, menus, offices, people, places, questions
from dialogs.messages import Expect, HandoffReason, Hint, Purpose, Signal
from dialogs.payloads import Command, Payload, unpack
from dialogs.places import PLACE_ENTITIES
from dialogs.steps import PLACES, QUESTIONS, Step
from dialogs.turn import LANGUAGES, Turn

CONFIDENT = 0.7            # below: "did you mean…" (nlu.builtin's band)
LANGUAGE_SURE = 0.8        # below: too short or too mixed to switch the conversation's language
MAX_TEXT = 2000            # longer messages are read up to here, as the NLU reads them, and kept whole
OPTION_NUMBER = re.compile(r"[0-9]{1,3}")


def dispatch(t: Turn) -> None:
    e, s = t.event, t.state
    if e.operator is not None:
        return people.operator(t)
    if e.signal == Signal.HANG_UP:
        return people.hang_up(t)
    if s.handoff:
        return people.while_held(t)
    if s.step not in PLACES:
        s.answers.pop("office_kind", None)     # asked for at a place question that was left
    if e.signal == Signal.START:
        return menus.start(t, unpack(e.payload))
    if e.attachment is not None:
        return menus.cannot_read(t)
    if e.signal == Signal.NO_INPUT:
        return questions.ask_again(t)
    if e.location is not None:
        if not places.in_kazakhstan(*e.location):
            return places.ask_region(t, t._("I could not use that location. Choose your region:"))
        s.place = {"lat": e.location[0], "lon": e.location[1], "shared": True}
        return places.show(t)
    text = (e.text or "").strip()[:MAX_TEXT]
    # a web-chat widget sends a chosen option's payload back as the message text
    chosen = unpack(e.payload or text) if e.payload or text.startswith("/") else None
    if e.payload or text.startswith("/"):
        return command(t, chosen) if chosen is not None else menus.not_understood(t)
    choice = (e.digits or text).strip()
    if s.options and OPTION_NUMBER.fullmatch(choice):
        n = int(choice)
        if 1 <= n <= len(s.options):
            offered = unpack(s.options[n - 1])         # None only for an option stored by an older version
            return command(t, offered) if offered is not None else menus.not_understood(t)
        return questions.ask_again(t, hints=[Hint.CHOOSE_AGAIN])
    if not text:
        if e.digits:
            return menus.not_understood(t)
        if s.language is None:
            return menus.ask_language(t)
        t.reply(Purpose.INFO,
                t._("Please write your question in a few words, for example: “certificate of no criminal record”."),
                actions=t.menu(), expects=Expect.TEXT)
        return
    t.typed = text
    parse = t.parse
    if parse is None:               # a number with no options offered: nothing to choose from
        return menus.not_understood(t)
    if s.language is None:
        s.language = parse.language if parse.language in LANGUAGES else "kk"
    elif follows_language(s, parse):
        s.language = parse.language    # answered in the language of the message; the switch back is offered
    if s.step in QUESTIONS and s.service and (questions.short_answer(text, parse)
                                               or not asks_something_else(t, parse)):
        # an option named in words ("замена паспорта", "через ЦОН", "офицермін") rather than chosen
        value = questions.match_pending(t, text)
        if value is not None:
            return questions.answer(t, s.step, str(value))
    if s.step in PLACES and not asks_something_else(t, parse):
        return places.show_text(t, text, parse)
    if followups.applies(t, parse):
        return followups.answer(t, parse)
    intent(t, parse)


def follows_language(s, parse) -> bool:
    """A message plainly in the other language, from a citizen who never chose one explicitly."""
    # a place name alone ("Павлодар") is in no language
    wordy = sum(any(ch.isalpha() for ch in w) for w in parse.text.split()) >= 2
    return wordy and not s.language_chosen and parse.language in LANGUAGES and parse.language != s.language \
        and parse.language_confidence >= LANGUAGE_SURE


def asks_something_else(t: Turn, parse) -> bool:
    """Sure the citizen wants something other than answering the pending question:
    an office, a complaint, a person, a language, or another service."""
    if set(parse.aspects) - {"where"}:
        return True               # "а сколько дней делают?" at "where are you?": a question, not a place
    if parse.confidence < CONFIDENT:
        return False
    if parse.intent in ("find_office", "complaint", "ask_operator", "change_language"):
        return True
    return parse.intent == "service" and parse.service is not None \
        and not questions.same_service(t.state.service, parse.service.id)


def command(t: Turn, chosen: Payload) -> None:
    s, arg, args = t.state, chosen.arg, chosen.args
    match chosen.command:
        case Command.START:
            s.wait_for(None)
            return menus.greet(t) if s.language else menus.ask_language(t)
        case Command.LANG if arg in LANGUAGES:
            return menus.switch_language(t, arg)
        case Command.SERVICE if arg in t.standards and s.step == Step.COMPLAINT_SERVICE:
            s.forget_service()                  # the service a complaint is about, chosen from a list
            s.service = arg
            return people.complaint(t, None)
        case Command.SERVICE if arg in t.standards:
            return questions.choose_service(t, arg, sure=True)
        case Command.ANSWER if len(args) == 2:
            return questions.answer(t, *args)
        case Command.MORE:
            return questions.more(t)
        case Command.OFFICE:
            # "/office", "/office more", "/office <kind>", "/office more <kind>": a kind only if it is one we list
            kind = next((a for a in args if a in offices.KINDS), None)
            return places.show(t, more="more" in args, kind=kind)
        case Command.REGION if args:
            return places.region_chosen(t, args[0], args[1] if len(args) > 1 else None)
        case Command.REGION:
            return places.ask_region(t)
        case Command.COMPLAIN:
            return people.complaint(t, arg or None)
        case Command.OPERATOR:
            return people.handoff(t, HandoffReason.COMPLAINT if arg == "complaint" else HandoffReason.ASKED)
        case Command.BOT:
            t.say(t._("I am the assistant: ask me anything."), t.menu())      # already back: nothing held
            return
        case Command.NONE:
            s.wait_for(None)
            t.say(t._("Then please describe what you need in other words, or talk to an operator."),
                  [t.option(t._("Talk to an operator"), Command.OPERATOR)])
            return
        case Command.MENU:
            s.forget_service()
            s.wait_for(None)
            return menus.greet(t)
    menus.not_understood(t)


def intent(t: Turn, parse) -> None:
    s = t.state
    match parse.intent:
        case "change_language":
            wanted = next((x["value"] for x in parse.entities if x.get("entity") == "language"), None)
            other = "ru" if s.language == "kk" else "kk"
            return menus.switch_language(t, wanted if wanted in LANGUAGES and wanted != s.language else other)
        case "ask_operator":
            return people.handoff(t, HandoffReason.ASKED)
        case "find_office":
            place = next((x for x in parse.entities if x.get("entity") in PLACE_ENTITIES), None)
            return places.show_entity(t, place) if place is not None else places.show(t)
        case "complaint":
            named = people.complained_of(parse)
            if named in t.standards and not questions.same_service(s.service, named):
                s.forget_service()            # "…в пенсии, куда жаловаться?" after the passport: the pension's
                s.service = named
            return people.complaint(t, people.complaint_about(parse.text), parse.text)
        case "greet":
            s.misunderstood = 0
            s.wait_for(None)
            return menus.greet(t)
        case "thanks":
            s.misunderstood = 0
            t.say(t._("You are welcome! Ask if you need anything else."), t.menu())
            return
        case "goodbye":
            s.misunderstood = 0
            t.say(t._("Goodbye! You can always write again."), hints=[Hint.HELPLINE])
            return
        case "affirm" if s.step == Step.OFFER_OPERATOR:
            return people.handoff(t, HandoffReason.NOT_UNDERSTOOD)
        case "deny" if s.step == Step.OFFER_OPERATOR:
            s.wait_for(None)
            t.say(t._("All right. Please describe what you need in other words."), t.menu())
            return
        case "service" if parse.service is not None:
            return questions.service_named(t, parse)
    menus.not_understood(t)
