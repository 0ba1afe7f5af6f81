"""Follow-ups about the service just answered: "а если потерял?", "а через ЦОН?", "а сколько стоит?",
"а где в Шымкенте?", "ал жоғалтсам ше?", "ХҚО арқылы ше?", "қанша тұрады?", "Шымкентте қайда?".

They name no service, so the classifier is unsure of it or guesses another; what they ask
(an aspect, a situation of this service, a way of applying, a place) is read from the words
and applied to the current service.
"""

from __future__ import annotations

from dialogs import people, places, situations
from dialogs.places import PLACE_ENTITIES
from dialogs.questions import next_question_or_answer, same_service
from dialogs.steps import QUESTIONS
from dialogs.turn import Turn
from nlu.aspects import Aspect

CONFIDENT = 0.7
# general intents that are never a follow-up when the classifier is sure of them
OWN_INTENTS = ("greet", "thanks", "goodbye", "ask_operator", "change_language", "affirm", "deny")


def _place(parse) -> dict | None:
    return next((x for x in parse.entities if x.get("entity") in PLACE_ENTITIES), None)


def applies(t: Turn, parse) -> bool:
    """A message about the current service, not the start of something else."""
    s = t.state
    if not s.service or s.step not in (None, *QUESTIONS) or parse is None:
        return False              # a pending question's own answers were tried before this
    if parse.confidence >= CONFIDENT and (
            parse.intent in OWN_INTENTS
            or parse.intent == "service" and parse.service is not None and not same_service(s.service, parse.service.id)):
        return False
    reading = t.standards[s.service].reading
    return bool(parse.aspects or situations.channel_named(parse.text) or _place(parse)
                or situations.candidates(reading, parse.text) or situations.gap_named(reading, parse.text))


def answer(t: Turn, parse) -> None:
    s = t.state
    std = t.standards[s.service]
    t.typed = parse.text
    if Aspect.COMPLAINT in parse.aspects:
        return people.complaint(t, people.complaint_about(parse.text), parse.text)
    place = _place(parse)
    if place is not None:
        s.place = places.from_entity(place)
    channel = situations.channel_named(parse.text)
    if channel is not None:
        s.answers["channel"] = channel
    named = situations.candidates(std.reading, parse.text)
    if len(named) == 1:
        s.answers["situation"] = named[0]
    if parse.aspects:
        s.aspects = list(parse.aspects)
    elif len(named) == 1:
        s.aspects = []                 # another situation: its whole answer
    elif situations.gap_named(std.reading, parse.text) is not None:
        # a case the source does not cover ("а если потерял?"): told so, then asked which case is theirs
        s.answers.pop("situation", None)
        s.aspects = []
    if (place is not None and not parse.aspects) or s.aspects == [Aspect.WHERE]:
        return places.show(t) if s.place else places.ask_place(t)
    return next_question_or_answer(t)
