"""The conversation engine: one event in, the messages to send out; state saved every turn.

A turn reads the conversation from the database, decides, writes the state and
the transcript back in the same transaction: a restart between two messages
loses nothing. Payloads are short commands a button carries ("/service 1486-02");
a channel that has no buttons (the phone) sends the option's number instead.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import replace

from sqlalchemy import Engine as DbEngine
from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from dialogs import answers, flows, offices, people, places
from dialogs.buttons import distinct, short
from dialogs.messages import Button, Event, Handoff, Outgoing, Reply
from dialogs.places import PLACE_ENTITIES
from dialogs.store import Store, migrate
from dialogs.turn import LANGUAGES, Turn
from knowledge import query
from knowledge.db import make_engine

CONFIDENT = 0.7            # below: "did you mean…" (nlu.builtin's band)
FAMILY_DOUBT = 0.05        # another member of the family this likely: ask which
HANDOFF_AFTER = 2          # misunderstandings in a row before a person is offered
NAME_FIELDS = ("title_kk", "title_ru", "short_name_kk", "short_name_ru")
PREFILL_WEIGHT = 0.75
QUESTIONS = ("family", "scenario", "case", "channel")     # steps that wait for one of a question's options
MAX_TEXT = 4000            # longer messages are read up to here (the NLU reads 2000)


class Engine:
    def __init__(self, db: DbEngine | None = None, parser=None, mrp: answers.Mrp | None = None) -> None:
        self.db = db or make_engine()
        if not inspect(self.db).has_table("standards"):
            from knowledge.build import build
            build(self.db)
        migrate(self.db)
        self.store = Store(self.db)
        if parser is None:
            from nlu.backend import get_parser
            parser = get_parser()
        self.parser = parser
        self.mrp = mrp or answers.Mrp.configured()
        with Session(self.db) as session:
            # the knowledge base does not change while the assistant runs: read it once
            self.standards = {sid: query.standard(session, sid) for sid, _ in query.standard_ids(session)}

    # ------------------------------------------------------------------ the turn

    def handle(self, event: Event) -> list[Outgoing]:
        try:
            return self._handle(event)
        except IntegrityError:
            # Another worker got there first at this very moment: it created this new conversation,
            # or it handled this same delivery. Its answer stands; otherwise the turn is run again.
            if event.id is not None:
                with Session(self.db) as session:
                    again = self.store.answered(session, event.conversation, event.id, _digest(_clean(event)))
                if again is not None:
                    return again
            return self._handle(event)

    def _handle(self, event: Event) -> list[Outgoing]:
        event = _clean(event)
        with Session(self.db) as session, session.begin():
            if event.id is not None:
                again = self.store.answered(session, event.conversation, event.id, _digest(event))
                if again is not None:
                    return again          # a repeated delivery: answered once, changes nothing
            user = event.user or event.conversation
            row, state = self.store.load(session, event.conversation, event.channel, user)
            if state.language is None:
                state.language = self.store.language_of(session, user)
            turn = Turn(session, state, event, [], self.standards, self.store)
            self._record_incoming(turn)
            self._dispatch(turn)
            for message in turn.out:
                if isinstance(message, Reply):
                    self.store.say(session, event.conversation, "bot", message.text,
                                   buttons=[b.payload for b in message.buttons])
                elif isinstance(message, Handoff):
                    self.store.say(session, event.conversation, "system", f"handoff: {message.reason}",
                                   context=message.context)
            self.store.save(row, state)
            if event.id is not None:
                self.store.remember_answer(session, event.conversation, event.id, _digest(event), turn.out)
        return turn.out

    def _record_incoming(self, t: Turn) -> None:
        e = t.event
        if e.operator is not None:
            self.store.say(t.session, e.conversation, "operator", e.operator.text or f"[{e.operator.kind}]",
                           action=e.operator.kind, code=e.operator.code, operator=e.operator.operator)
        elif e.location is not None:
            readable = all(math.isfinite(x) for x in e.location)
            self.store.say(t.session, e.conversation, "citizen", "[location]",
                           location=list(e.location) if readable else None)
        else:
            # the whole message, however long: only the reading stops at MAX_TEXT
            text = e.payload or e.digits or e.text or ""
            self.store.say(t.session, e.conversation, "citizen", text,
                           kind="payload" if e.payload else "digits" if e.digits else "text")

    def _dispatch(self, t: Turn) -> None:
        e, s = t.event, t.state
        if e.operator is not None:
            return people.operator(t)
        if s.handoff:
            return people.while_held(t)
        if e.location is not None:
            if not places.in_kazakhstan(*e.location):
                return places.ask_region(t, t._("I could not use that location. Choose your region:"))
            s.place = {"lat": e.location[0], "lon": e.location[1], "shared": True}
            return places.show(t)
        payload = e.payload or ""
        text = (e.text or "").strip()[:MAX_TEXT]
        if not payload and text.startswith("/"):
            payload = text            # a web-chat widget sends the button's payload back as the message
        if payload:
            return self._payload(t, payload)
        choice = (e.digits or text).strip()
        if s.options and re.fullmatch(r"[0-9]{1,3}", choice):
            n = int(choice)
            if 1 <= n <= len(s.options):
                return self._payload(t, s.options[n - 1])
            t.say(t._("Please choose one of the options: press a button or send its number."))
            return self._ask_again(t)
        if not text:
            if e.digits:
                return self._not_understood(t)
            if s.language is None:
                return self._ask_language(t)
            t.say(t._("Please write your question in a few words, for example: “certificate of no criminal record”."),
                  t.menu())
            return
        t.typed = text
        parse = self.parser.parse(text)
        if s.language is None:
            s.language = parse.language if parse.language in LANGUAGES else "kk"
        if s.step in QUESTIONS and s.service and (_short_answer(text, parse) or not self._asks_something_else(t, parse)):
            # an option named in words ("замена паспорта", "через ЦОН", "офицермін") rather than pressed
            value = flows.match_option(self._pending_question(t), text)
            if value is not None:
                return self._answer_question(t, s.step, str(value))
        if s.step in ("place", "region") and not self._asks_something_else(t, parse):
            return places.show_text(t, text, parse)
        self._intent(t, parse)

    def _asks_something_else(self, t: Turn, parse) -> bool:
        """Sure the citizen wants something other than answering the pending question:
        an office, a complaint, a person, a language, or another service."""
        if parse.confidence < CONFIDENT:
            return False
        if parse.intent in ("find_office", "complaint", "ask_operator", "change_language"):
            return True
        return parse.intent == "service" and parse.service is not None \
            and not self._same_service(t.state.service, parse.service.id)

    # ------------------------------------------------------------------ commands

    def _payload(self, t: Turn, payload: str) -> None:
        s = t.state
        command, *args = payload.split()
        arg = " ".join(args)
        if command == "/start":
            s.step, s.options = None, []
            return self._greet(t) if s.language else self._ask_language(t)
        if command == "/lang" and arg in LANGUAGES:
            s.language = arg
            self.store.remember_language(t.session, t.event.user or t.event.conversation, arg)
            if s.service or s.step:
                # carry on where we were, now in this language: the pending question or the answer again
                t.say(t._("I will answer in this language from now on."))
                return self._ask_again(t)
            return self._greet(t)
        if command == "/service" and arg in self.standards:
            return self._choose_service(t, arg, sure=True)
        if command == "/answer" and len(args) == 2:
            return self._answer_question(t, *args)
        if command == "/more":
            return self._more(t)
        if command == "/office":
            return places.show(t, more=arg == "more")
        if command == "/region":
            centre = offices.region_centre(arg)
            if centre is None:
                return places.ask_region(t)
            s.place = centre
            return places.show(t)
        if command == "/complain":
            return people.complaint(t, arg or None)
        if command == "/operator":
            return people.handoff(t, "complaint" if arg == "complaint" else "asked")
        if command == "/bot":
            t.say(t._("I am the assistant: ask me anything."), t.menu())      # already back: nothing held
            return
        if command == "/none":
            s.step, s.options = None, []
            t.say(t._("Then please describe what you need in other words, or talk to an operator."),
                  [Button(t._("Talk to an operator"), "/operator")])
            return
        if command == "/menu":
            s.forget_service()
            s.step, s.options = None, []
            return self._greet(t)
        self._not_understood(t)

    # ------------------------------------------------------------------ understanding

    def _intent(self, t: Turn, parse) -> None:
        s = t.state
        intent = parse.intent
        if intent == "change_language":
            wanted = next((x["value"] for x in parse.entities if x.get("entity") == "language"), None)
            target = wanted if wanted in LANGUAGES and wanted != s.language else ("ru" if s.language == "kk" else "kk")
            return self._payload(t, f"/lang {target}")
        if intent == "ask_operator":
            return people.handoff(t, "asked")
        if intent == "find_office":
            place = next((x for x in parse.entities if x.get("entity") in PLACE_ENTITIES), None)
            if place is not None:
                return places.show_entity(t, place)
            return places.show(t)
        if intent == "complaint":
            return people.complaint(t, None)
        if intent == "greet":
            s.misunderstood, s.step, s.options = 0, None, []
            return self._greet(t)
        if intent == "thanks":
            s.misunderstood = 0
            t.say(t._("You are welcome! Ask if you need anything else."), t.menu())
            return
        if intent == "goodbye":
            s.misunderstood = 0
            t.say(t._("Goodbye! You can always write again or call 1414."))
            return
        if intent == "affirm" and s.step == "offer_operator":
            return people.handoff(t, "not_understood")
        if intent == "deny" and s.step == "offer_operator":
            s.step, s.options = None, []
            t.say(t._("All right. Please describe what you need in other words."), t.menu())
            return
        if intent == "service" and parse.service is not None and s.step == "complaint_service" \
                and parse.confidence >= CONFIDENT:
            s.forget_service()
            s.service = parse.service.id
            return people.complaint(t, None)
        if intent == "service" and parse.service is not None and s.step in QUESTIONS \
                and self._same_service(s.service, parse.service.id):
            # the service again, while its question is pending: ask once more, plainly, not from the start
            t.say(t._("Please choose one of the options: press a button or send its number."))
            return self._ask_again(t)
        if intent == "service" and parse.service is not None:
            place = next((x for x in parse.entities if x.get("entity") in PLACE_ENTITIES), None)
            if place is not None:
                s.place = places.from_entity(place)
            if parse.confidence >= CONFIDENT or self._family_is_sure(parse):
                return self._choose_service(t, parse.service.id, ranking=parse.ranking)
            return self._did_you_mean(t, parse.ranking)
        self._not_understood(t)

    @staticmethod
    def _family_is_sure(parse) -> bool:
        """Unsure between officer, soldier and conscript, but sure it is military registration:
        one "who are you?" beats a "did you mean" of three look-alikes."""
        found = flows.family_of(parse.service.id)
        if found is None:
            return False
        members = found[1]["members"]
        return sum(c.confidence for c in parse.ranking if c.id in members) >= CONFIDENT

    def _not_understood(self, t: Turn) -> None:
        s = t.state
        s.misunderstood += 1
        if s.misunderstood >= HANDOFF_AFTER:
            s.step, s.options = "offer_operator", ["/operator", "/none"]
            t.say(t._("I am sorry, I still do not understand. Shall I pass you to an operator? "
                      "They will see our conversation."),
                  [Button(t._("Yes, an operator"), "/operator"), Button(t._("No, I will rephrase"), "/none")])
            return
        t.say(t._("Sorry, I did not understand. Please name the document or service you need, "
                  "for example “passport”, “pension”, “military ID”, or ask where the nearest PSC is."),
              t.menu())

    def _did_you_mean(self, t: Turn, ranking) -> None:
        s = t.state
        top = [c.id for c in ranking[:3] if c.id in self.standards]
        s.misunderstood += 1
        s.step, s.options = "did_you_mean", [f"/service {sid}" for sid in top] + ["/none"]
        lines = [t._("Did you mean:")]
        lines += [f"{i}. {t.name(sid)}" for i, sid in enumerate(top, 1)]
        buttons = [Button(short(t.name(sid)), f"/service {sid}") for sid in top]
        t.say("\n".join(lines), buttons + [Button(t._("None of these"), "/none")])

    # ------------------------------------------------------------------ a service

    def _choose_service(self, t: Turn, sid: str, sure: bool = False, ranking=()) -> None:
        s = t.state
        s.misunderstood = 0
        s.forget_service()
        found = flows.family_of(sid)
        if found and not sure:
            _, family = found
            rivals = [c for c in ranking if c.id != sid and c.id in family["members"] and c.confidence >= FAMILY_DOUBT]
            if rivals or len(family["members"]) > 1 and not ranking:
                question = flows.family_question(sid, t._)
                said = t.typed
                # "я офицер запаса…", but not "әскери" of "әскери есепке" itself
                named = [flows.stems(" ".join(self.standards[m].get(k) or "" for k in NAME_FIELDS))
                         for m in family["members"]]
                picked = flows.match_option(question, said, ignore=frozenset(set.intersection(*named)))
                if picked is None:
                    s.service = sid
                    return self._ask(t, question, t._("Who are you?"))
                sid = picked
        s.service = sid
        self._next_question_or_answer(t)

    def _answer_question(self, t: Turn, key: str, value: str) -> None:
        s = t.state
        if key == "family" and value in self.standards and flows.family_of(value) \
                and (s.service is None or self._same_service(s.service, value)):
            s.service = value
            s.answers = {}
        elif s.service and (chosen := self._option_value(t, key, value)) is not None:
            s.answers[key] = chosen
        else:
            return self._not_understood(t)      # a stale or typed-in payload: never trusted as it is
        s.misunderstood = 0
        self._next_question_or_answer(t)

    def _option_value(self, t: Turn, key: str, value: str):
        """The value of one of the options this service's question `key` offers, else None."""
        for question in flows.questions(self.standards[t.state.service], t.language, t._):
            if question.key == key:
                return next((o.value for o in question.options if str(o.value) == value), None)
        return None

    def _pending_question(self, t: Turn) -> flows.Question | None:
        s = t.state
        if s.step == "family":
            return flows.family_question(s.service, t._)
        return next((q for q in flows.questions(self.standards[s.service], t.language, t._) if q.key == s.step),
                    None)

    def _ask_again(self, t: Turn) -> None:
        """The question the conversation is waiting on, asked again (after a language switch,
        a wrong number, the service named once more)."""
        s = t.state
        if s.step == "family":
            return self._ask(t, flows.family_question(s.service, t._), t._("Who are you?"))
        if s.step == "place":
            return places.ask_place(t)
        if s.step == "region":
            return places.ask_region(t)
        if s.step in ("complaint", "complaint_service"):
            return people.complaint(t, None)
        if s.step == "language":
            return self._ask_language(t)
        if s.service:
            return self._next_question_or_answer(t)
        s.step, s.options = None, []
        return self._greet(t)

    @staticmethod
    def _same_service(current: str | None, named: str) -> bool:
        family = flows.family_of(named)
        return current == named or family is not None and current in family[1]["members"]

    def _next_question_or_answer(self, t: Turn) -> None:
        s = t.state
        std = self.standards[s.service]
        for question in flows.questions(std, t.language, t._):
            if question.key not in s.answers and t.typed:
                # the question itself may already say it ("нужно заменить паспорт"): two words at least,
                # weighing three quarters of a word only one option has, so that words many options
                # share ("әскери", "офицер" in "әскери билет офицер") do not pick one
                value = flows.match_option(question, t.typed, least=2, weight=PREFILL_WEIGHT)
                if value is not None:
                    s.answers[question.key] = value
            if question.key not in s.answers:
                prompt = {"scenario": t._("Which describes your situation?"),
                          "case": t._("Which describes your situation?"),
                          "channel": t._("Where will you apply? The documents differ.")}[question.key]
                return self._ask(t, question, f"{t.name(s.service)}\n{prompt}")
        s.step, s.options = None, []
        parts = answers.compose(std, s.answers, t.language, self.mrp)
        s.more = parts[1:]
        for part in parts[:1]:
            t.say(part, t.after_answer())

    def _ask(self, t: Turn, question: flows.Question, prompt: str) -> None:
        s = t.state
        s.step = question.key
        s.options = [f"/answer {question.key} {o.value}" for o in question.options]
        lines = [prompt] + [f"{i}. {o.title}" for i, o in enumerate(question.options, 1)]
        titles = distinct([o.title for o in question.options])
        t.say("\n".join(lines), [Button(short(f"{i}. {title}"), p)
                                 for i, (title, p) in enumerate(zip(titles, s.options), 1)])

    def _more(self, t: Turn) -> None:
        s = t.state
        if not s.more:
            t.say(t._("That was everything I have on this service."), t.menu())
            return
        part, s.more = s.more[0], s.more[1:]
        t.say(part, t.after_answer())

    def _greet(self, t: Turn) -> None:
        t.say(t._("Hello! I am Qyzmet, the public services assistant. Ask about a service "
                  "(a certificate, a benefit, a passport, military registration…) and I will tell you "
                  "which documents to bring, the deadline, the cost and where to go."), t.menu())

    def _ask_language(self, t: Turn) -> None:
        t.state.step, t.state.options = "language", ["/lang kk", "/lang ru"]
        t.say("Сәлеметсіз бе! Здравствуйте!\nТілді таңдаңыз / Выберите язык:\n1. Қазақша\n2. Русский",
              [Button("Қазақша", "/lang kk"), Button("Русский", "/lang ru")])


def _clean(event: Event) -> Event:
    """NUL characters out: PostgreSQL refuses them in text, and no citizen meant to send one."""
    def strip(value: str | None) -> str | None:
        return value.replace("\x00", "") if value else value
    return replace(event, conversation=strip(event.conversation), user=strip(event.user), text=strip(event.text),
                   payload=strip(event.payload), digits=strip(event.digits), id=strip(event.id))


def _digest(event: Event) -> str:
    """What a delivery said, to tell a true repeat from an id reused for something else."""
    said = [event.text, event.payload, event.digits, list(event.location or ()) or None,
            [event.operator.kind, event.operator.text, event.operator.code] if event.operator else None]
    return hashlib.sha256(json.dumps(said, ensure_ascii=False, default=str).encode()).hexdigest()[:32]


def _short_answer(text: str, parse) -> bool:
    """"через ЦОН", "онлайн", "офицермін": a few words, no question, no place — an answer to the
    pending question even when the NLU reads "ЦОН" as a request for an office."""
    return len(text.split()) <= 3 and "?" not in text and not any(
        x.get("entity") in PLACE_ENTITIES for x in parse.entities)
