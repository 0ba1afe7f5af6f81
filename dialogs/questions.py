"""A service, from its name to the answer: which one (did you mean…? who are you?), the questions
about the citizen's situation (`dialogs.flows`), then the answer in parts (`dialogs.answers`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from dialogs import answers, flows, menus, people, places, situations
from dialogs.labels import distinct
from dialogs.messages import Block, Expect, Hint, Option, Purpose, Reply, block_from_dict
from dialogs.payloads import Command, unpack
from dialogs.places import PLACE_ENTITIES
from dialogs.privacy import mask
from dialogs.steps import QUESTIONS, Step
from dialogs.turn import Turn

CONFIDENT = 0.7            # below: "did you mean…" (nlu.builtin's band)
FAMILY_DOUBT = 0.05        # another member of the family this likely: ask which
PREFILL_WEIGHT = 0.75
MAX_SAID = 500             # of a message "did you mean" asked about, what is kept to read its situation from


def service_named(t: Turn, parse) -> None:
    """The NLU named a service: the one a pending question is about, the complaint's, or a new one."""
    s = t.state
    if s.step == Step.COMPLAINT_SERVICE and parse.confidence >= CONFIDENT:
        s.forget_service()
        s.service = parse.service.id
        return people.complaint(t, None)
    if s.step in QUESTIONS and same_service(s.service, parse.service.id):
        if parse.aspects and s.step != Step.FAMILY:
            # the service again, asking something of it ("…қанша күнде дайын?"): that, if it needs no answer
            s.aspects = list(parse.aspects)
            return next_question_or_answer(t)
        # the service again, while its question is pending: ask once more, plainly, not from the start
        return ask_again(t, hints=[Hint.CHOOSE_AGAIN])
    place = next((x for x in parse.entities if x.get("entity") in PLACE_ENTITIES), None)
    if place is not None:
        s.place = places.from_entity(place)
    if parse.confidence >= CONFIDENT or _family_is_sure(parse):
        return choose_service(t, parse.service.id, ranking=parse.ranking)
    if "complaint" in parse.aspects and people.complained_of(parse) == parse.service.id:
        return choose_service(t, parse.service.id, ranking=parse.ranking)    # a complaint: no "did you mean"
    did_you_mean(t, parse.ranking)


def _family_is_sure(parse) -> bool:
    """Unsure between officer, soldier and conscript, but sure it is military registration:
    one "who are you?" beats a "did you mean" of three look-alikes."""
    found = flows.family_of(parse.service.id)
    if found is None:
        return False
    members = found[1]["members"]
    return sum(c.confidence for c in parse.ranking if c.id in members) >= CONFIDENT


def did_you_mean(t: Turn, ranking) -> None:
    s = t.state
    top = [c.id for c in ranking[:3] if c.id in t.standards]
    s.misunderstood += 1
    s.aspects = list(t.parse.aspects) if t.parse is not None else []
    s.said = mask(t.typed)[:MAX_SAID]       # "сменила фамилию": still read once the service is picked
    options = [t.option(t.name(sid), Command.SERVICE, sid) for sid in top]
    options.append(t.option(t._("None of these"), Command.NONE))
    s.wait_for(Step.DID_YOU_MEAN, [o.payload for o in options])
    t.reply(Purpose.CLARIFY, t._("Did you mean:"), options=options, expects=Expect.CHOICE)


def choose_service(t: Turn, sid: str, sure: bool = False, ranking=()) -> None:
    s = t.state
    s.misunderstood = 0
    # what is asked of it: this message's words, else what the question before a "did you mean" asked
    after_doubt = t.parse is None and s.step == Step.DID_YOU_MEAN
    asked = list(t.parse.aspects) if t.parse is not None else list(s.aspects) if after_doubt else []
    if after_doubt and s.said:
        t.typed = s.said              # the situation and the role are read from what was said then
    s.said = ""
    s.forget_service()
    s.aspects = asked
    found = flows.family_of(sid)
    if found and not sure:
        _, family = found
        rivals = [c for c in ranking if c.id != sid and c.id in family["members"] and c.confidence >= FAMILY_DOUBT]
        if rivals or len(family["members"]) > 1 and not ranking:
            picked = flows.role_named(sid, t.typed)           # "я сержант запаса", "әскерден келдім"
            if picked is None:
                s.service = sid
                s.said = mask(t.typed)[:MAX_SAID]          # its situation, read once the role is known
                return ask(t, flows.family_question(sid, t._), t._("Who are you?"))
            sid = picked
    s.service = sid
    next_question_or_answer(t)


def answer(t: Turn, key: str, value: str) -> None:
    s = t.state
    if key == "family" and value in t.standards and flows.family_of(value) \
            and (s.service is None or same_service(s.service, value)):
        s.service = value
        s.answers = {}
        if s.said:
            t.typed, s.said = s.said, ""      # "потерял военный билет": the situation, read now
    elif s.service and (chosen := _option_value(t, key, value)) is not None:
        s.answers[key] = chosen
    elif s.service and s.step in QUESTIONS:
        return ask_again(t, hints=[Hint.CHOOSE_AGAIN])   # an option of an older version: the question again
    else:
        return menus.not_understood(t)      # a stale or typed-in payload: never trusted as it is
    s.misunderstood = 0
    next_question_or_answer(t)


def _option_value(t: Turn, key: str, value: str):
    """The value of one of the options this service's question `key` offers, else None."""
    for question in flows.questions(t.standards[t.state.service], t.language, t._, t.state.answers.get("situation")):
        if question.key == key:
            return next((o.value for o in question.options if str(o.value) == value), None)
    return None


def pending_question(t: Turn) -> flows.Question | None:
    s = t.state
    if s.step == Step.FAMILY:
        return flows.family_question(s.service, t._)
    return next((q for q in flows.questions(t.standards[s.service], t.language, t._, s.answers.get("situation"))
                 if q.key == s.step), None)


def match_pending(t: Turn, text: str):
    s = t.state
    reading = t.standards[s.service].reading if s.service else None
    if s.step == Step.FAMILY and (role := flows.role_named(s.service, text)) is not None:
        return role
    if s.step == Step.SITUATION:
        # the citizen's own words for a situation ("потерял"), among the situations offered
        picked = situations.candidates(reading, text, among=_offered_situations(t) or None)
        if len(picked) == 1:
            return picked[0]
    return flows.match_option(pending_question(t), text)


def _offered_situations(t: Turn) -> list[str]:
    """The situation ids the pending question offered (all of them, or the few the words left open)."""
    out = []
    for payload in t.state.options:
        chosen = unpack(payload)
        if chosen is not None and chosen.command == Command.ANSWER and len(chosen.args) == 2 \
                and chosen.args[0] == "situation":
            out.append(chosen.args[1])
    return out


def ask_again(t: Turn, hints: Iterable[Hint] = ()) -> None:
    """The question the conversation is waiting on, asked again (after a language switch, an answer
    that is not one of the options, the service named once more, a caller's silence)."""
    s = t.state
    before = len(t.out)
    if s.step == Step.FAMILY:
        ask(t, flows.family_question(s.service, t._), t._("Who are you?"))
    elif s.step == Step.PLACE:
        places.ask_place(t)
    elif s.step == Step.REGION:
        places.ask_region(t)
    elif s.step in (Step.COMPLAINT, Step.COMPLAINT_SERVICE):
        people.complaint(t, None)
    elif s.step == Step.LANGUAGE:
        menus.ask_language(t)
    elif s.service:
        next_question_or_answer(t)
    else:
        s.wait_for(None)
        menus.greet(t)
    if hints:
        t.out[before:] = [_with_hints(m, hints) for m in t.out[before:]]


def _with_hints(message, hints: Iterable[Hint]):
    return replace(message, hints=tuple(dict.fromkeys((*message.hints, *hints)))) \
        if isinstance(message, Reply) else message


def same_service(current: str | None, named: str) -> bool:
    family = flows.family_of(named)
    return current == named or family is not None and current in family[1]["members"]


def next_question_or_answer(t: Turn) -> None:
    """The situation, when what was asked depends on it and the words leave it open; where one will
    apply, when the documents asked for differ by it; then the answer."""
    s = t.state
    std = t.standards[s.service]
    reading = std.reading
    if "complaint" in s.aspects:
        # "в пенсии отказали, куда жаловаться": the service's complaint routes, not its documents
        s.aspects = [a for a in s.aspects if a != "complaint"]
        return people.complaint(t, people.complaint_about(t.typed), t.typed)
    gap = situations.gap_named(reading, t.typed) if t.typed else None
    if gap is not None and not situations.candidates(reading, t.typed):
        # asked about what the source does not say: told so first, then what it does say
        t.reply(Purpose.INFO, gap.text.text(t.language) or "", hints=[Hint.HELPLINE])
    if "situation" not in s.answers and len(reading.situations) == 1:
        s.answers["situation"] = reading.situations[0].id          # one case only ("if lost"): it is theirs
    if "situation" not in s.answers and len(reading.situations) >= 2:
        question = flows.questions(std, t.language, t._)[0]
        picked = situations.candidates(reading, t.typed) if t.typed else []
        if not picked and t.typed:
            # the option's own words ("замена паспорта"): two words at least, weighing three quarters of a
            # word only one option has, so that words many options share do not pick one
            value = flows.match_option(question, t.typed, least=2, weight=PREFILL_WEIGHT)
            picked = [value] if value is not None else []
        if len(picked) == 1:
            s.answers["situation"] = picked[0]
        elif situations.depends_on_situation(reading, s.aspects):
            if len(picked) > 1:        # the words narrowed it down: only those are offered
                question = flows.Question(question.key, tuple(o for o in question.options if o.value in picked))
            prompt = reading.ask.text(t.language) if reading.ask else t._("Which describes your situation?")
            return ask(t, question, prompt)
    ways = flows.channels_of_documents(std, s.answers.get("situation"))
    if s.answers.get("channel") and ways and s.answers["channel"] not in ways:
        del s.answers["channel"]        # a way this situation cannot use ("maternity: not at a ЦОН")
    if len(ways) == 1:
        s.answers["channel"] = ways[0]  # the only way for this situation: nothing to ask
    if ways and "channel" not in s.answers and (not s.aspects or "documents" in s.aspects):
        named = situations.channel_named(t.typed) if t.typed else None
        if named in ways:
            s.answers["channel"] = named
        else:
            question = next(q for q in flows.questions(std, t.language, t._, s.answers.get("situation"))
                            if q.key == "channel")
            return ask(t, question, t._("Where will you apply? The documents differ."))
    answer_now(t, std)


def answer_now(t: Turn, std) -> None:
    """The answer from the reading, leading with what was asked; offices follow when "where" was asked."""
    s = t.state
    s.wait_for(None)
    first, *rest = answers.compose(std, s.answers.get("situation"), s.aspects, s.answers.get("channel"),
                                 t.language, t.mrp)
    s.more = [[_block_dict(b) for b in part] for part in rest]
    # the documents depend on a situation not yet known: one step to them (the service again, asking it)
    documents = [t.option(t._("Documents for my situation"), Command.SERVICE, std.id)] \
        if "situation" not in s.answers and len(std.reading.situations) >= 2 else []
    # the act is repealed: the contact centre confirms the rules in force
    t.reply(Purpose.ANSWER, *first, actions=documents + t.after_answer(), hints=[Hint.HELPLINE])
    if "where" in s.aspects:
        places.show(t) if s.place else places.ask_place(t)


def ask(t: Turn, question: flows.Question, prompt: str) -> None:
    labels = distinct([o.title for o in question.options])
    options = [Option(o.title, t.option(o.title, Command.ANSWER, question.key, str(o.value)).payload,
                      label if label != o.title else None)
               for o, label in zip(question.options, labels)]
    t.state.wait_for(Step(question.key), [o.payload for o in options])
    # "who are you?" comes before the service is known: the guessed member's name would mislead
    heading = prompt if question.key == Step.FAMILY else f"{t.name(t.state.service)}\n{prompt}"
    t.reply(Purpose.QUESTION, heading, options=options, expects=Expect.CHOICE)


def more(t: Turn) -> None:
    s = t.state
    if not s.more:
        t.say(t._("That was everything I have on this service."), t.menu())
        return
    part, s.more = s.more[0], s.more[1:]
    t.reply(Purpose.MORE, *[block_from_dict(b) for b in part], actions=t.after_answer(), hints=[Hint.HELPLINE])


def short_answer(text: str, parse) -> bool:
    """"через ЦОН", "онлайн", "офицермін": a few words, no question, no place — an answer to the
    pending question even when the NLU reads "ЦОН" as a request for an office."""
    return len(text.split()) <= 3 and "?" not in text and not any(
        x.get("entity") in PLACE_ENTITIES for x in parse.entities)


def _block_dict(block: Block) -> dict:
    return {"kind": str(block.kind), "lines": list(block.lines), "heading": block.heading, "listed": block.listed,
            "sources": [list(x) for x in block.sources]}
