"""Follow-ups about the service just answered: "а если потерял?", "а через ЦОН?", "а сколько стоит?",
"а где в Шымкенте?", "ал жоғалтсам ше?", "ХҚО арқылы ше?", "қанша тұрады?", "Шымкентте қайда?".

They name no service, so the classifier is unsure of it or guesses another; what they ask
(an aspect, a situation of this service, a way of applying, a place) is read from the words
and applied to the current service.
"""

from __future__ import annotations

from dialogs import answers, people, places, situations
from dialogs.messages import Purpose
from dialogs.places import PLACE_ENTITIES
from dialogs.questions import next_question_or_answer, same_service
from dialogs.steps import PLACES, QUESTIONS
from dialogs.turn import Turn
from nlu.aspects import Aspect

CONFIDENT = 0.7
NAMED = 0.35               # another service this likely is named, not merely guessed ("а военный билет…?")
# general intents that are never a follow-up when the classifier is sure of them
OWN_INTENTS = ("greet", "thanks", "goodbye", "ask_operator", "change_language", "affirm", "deny")


def _place(parse) -> dict | None:
    return next((x for x in parse.entities if x.get("entity") in PLACE_ENTITIES), None)


def another_service(t: Turn, parse) -> str | None:
    """A service other than the current one that the message names: the classifier's pick when it is
    fairly sure, or one that stands out of its ranking (a complaint's words outweigh every service)."""
    top = parse.ranking[0] if parse.ranking else None
    if top is None or same_service(t.state.service, top.id):
        return None
    if parse.intent == "service" and top.confidence >= NAMED:
        return top.id
    complaining = parse.intent == "complaint" or Aspect.COMPLAINT in parse.aspects
    return top.id if complaining and people.complained_of(parse) == top.id else None


def applies(t: Turn, parse) -> bool:
    """A message about the current service, not the start of something else."""
    s = t.state
    if not s.service or s.step not in (None, *QUESTIONS, *PLACES) or parse is None:
        return False              # a pending question's own answers (an option, a place) were tried before this
    if parse.confidence >= CONFIDENT and parse.intent in OWN_INTENTS:
        return False
    other = another_service(t, parse)
    if other is not None:
        return False              # "а военный билет сколько стоит?": that service's, not this one's
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
    if channel is not None and channel not in offered_ways(std):
        t.reply(Purpose.INFO, t._("This service is not given that way."), answers.where(std, t.language))
        s.aspects = [Aspect.WHERE]
        return places.show(t) if s.place else places.ask_place(t)
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
    if place is not None and (not parse.aspects or s.aspects == [Aspect.WHERE]):
        return places.show(t)
    return next_question_or_answer(t)          # "а где?" with no place: where to apply, then the place


def offered_ways(std) -> set[str]:
    """The ways this service is given ("hqo" for a mobile PSC too)."""
    return {"hqo" if c == "mobile_hqo" else c for c in std.channels}
