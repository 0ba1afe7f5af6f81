"""The conversation engine: one event in, the messages to send out; state saved every turn.

A turn reads the conversation from the database, decides, writes the state and
the transcript back in the same transaction: a restart between two messages
loses nothing. Payloads are short commands a button carries ("/service 1486-02");
a channel that has no buttons (the phone) sends the option's number instead.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from babel.numbers import format_decimal
from sqlalchemy import Engine as DbEngine
from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from dialogs import answers, complaints, flows, offices
from dialogs.messages import Button, Event, Handoff, Outgoing, Relay, Reply
from dialogs.state import State
from dialogs.store import Store, migrate
from knowledge import query
from knowledge.db import make_engine
from knowledge.translation import text_in
from locales import translations

LANGUAGES = ("kk", "ru")
CONFIDENT = 0.7            # below: "did you mean…" (nlu.builtin's band)
FAMILY_DOUBT = 0.05        # another member of the family this likely: ask which
HANDOFF_AFTER = 2          # misunderstandings in a row before a person is offered
MAX_TEXT = 4000            # longer messages are read up to here (the NLU reads 2000)
BUTTON_TITLE = 60


@dataclass
class Turn:
    """One event being answered: what the handlers share."""
    session: Session
    state: State
    event: Event
    out: list[Outgoing]

    @property
    def language(self) -> str:
        return self.state.language or "kk"

    def _(self, message: str) -> str:
        return translations(self.language).gettext(message)

    def say(self, text: str, buttons: list[Button] | tuple[Button, ...] = ()) -> None:
        self.out.append(Reply(text, tuple(buttons)))


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
                    again = self.store.answered(session, event.conversation, event.id)
                if again is not None:
                    return again
            return self._handle(event)

    def _handle(self, event: Event) -> list[Outgoing]:
        with Session(self.db) as session, session.begin():
            if event.id is not None:
                again = self.store.answered(session, event.conversation, event.id)
                if again is not None:
                    return again          # a repeated delivery: answered once, changes nothing
            user = event.user or event.conversation
            row, state = self.store.load(session, event.conversation, event.channel, user)
            if state.language is None:
                state.language = self.store.language_of(session, user)
            turn = Turn(session, state, event, [])
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
                self.store.remember_answer(session, event.conversation, event.id, turn.out)
        return turn.out

    def _record_incoming(self, t: Turn) -> None:
        e = t.event
        if e.operator is not None:
            self.store.say(t.session, e.conversation, "operator", e.operator.text or f"[{e.operator.kind}]",
                           action=e.operator.kind, code=e.operator.code, operator=e.operator.operator)
        elif e.location is not None:
            self.store.say(t.session, e.conversation, "citizen", "[location]", location=list(e.location))
        else:
            text = e.payload or e.digits or e.text or ""
            self.store.say(t.session, e.conversation, "citizen", text[:MAX_TEXT],
                           kind="payload" if e.payload else "digits" if e.digits else "text")

    def _dispatch(self, t: Turn) -> None:
        e, s = t.event, t.state
        if e.operator is not None:
            return self._operator(t)
        if s.handoff:
            # an operator holds the conversation: the bot stays silent and passes the message on
            t.out.append(Relay("[location]" if e.location else (e.payload or e.digits or e.text or "")[:MAX_TEXT]))
            return
        if e.location is not None:
            s.place = {"lat": e.location[0], "lon": e.location[1], "shared": True}
            return self._offices(t)
        payload = e.payload or ""
        text = (e.text or "").strip()[:MAX_TEXT]
        if not payload and text.startswith("/"):
            payload = text            # a web-chat widget sends the button's payload back as the message
        if payload:
            return self._payload(t, payload)
        choice = e.digits or text
        if s.options and choice.strip().isdigit():
            n = int(choice.strip())
            if 1 <= n <= len(s.options):
                return self._payload(t, s.options[n - 1])
        if not text:
            if e.digits:
                return self._not_understood(t)
            if s.language is None:
                return self._ask_language(t)
            t.say(t._("Please write your question in a few words, for example: “certificate of no criminal record”."),
                  self._menu(t))
            return
        parse = self.parser.parse(text)
        if s.language is None:
            s.language = parse.language if parse.language in LANGUAGES else "kk"
        if s.step == "place":
            return self._place_text(t, text, parse)
        self._intent(t, parse)

    # ------------------------------------------------------------------ commands

    def _payload(self, t: Turn, payload: str) -> None:
        s = t.state
        command, _, arg = payload.strip().partition(" ")
        arg = arg.strip()
        if command == "/start":
            s.step, s.options = None, []
            return self._greet(t) if s.language else self._ask_language(t)
        if command == "/lang" and arg in LANGUAGES:
            s.language = arg
            self.store.remember_language(t.session, t.event.user or t.event.conversation, arg)
            if s.service:
                # carry on where we were, now in this language: the pending question or the answer again
                t.say(t._("I will answer in this language from now on."))
                if s.step == "family":
                    return self._ask(t, flows.family_question(s.service, t._), t._("Who are you?"))
                return self._next_question_or_answer(t)
            return self._greet(t)
        if command == "/service" and arg in self.standards:
            return self._choose_service(t, arg, sure=True)
        if command == "/answer":
            key, _, value = arg.partition(" ")
            return self._answer_question(t, key, value)
        if command == "/more":
            return self._more(t)
        if command == "/office":
            return self._offices(t, more=arg == "more")
        if command == "/region":
            centre = offices.region_centre(arg)
            if centre is None:
                return self._not_understood(t)
            s.place = centre
            return self._offices(t)
        if command == "/complain":
            return self._complaint(t, arg or None)
        if command == "/operator":
            return self._handoff(t, "complaint" if arg == "complaint" else "asked")
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
            return self._handoff(t, "asked")
        if intent == "find_office":
            place = next((x for x in parse.entities if x.get("entity") in ("settlement", "district", "region")), None)
            if place is not None:
                return self._place_entity(t, place)
            return self._offices(t)
        if intent == "complaint":
            return self._complaint(t, None)
        if intent == "greet":
            s.misunderstood = 0
            return self._greet(t)
        if intent == "thanks":
            s.misunderstood = 0
            t.say(t._("You are welcome! Ask if you need anything else."), self._menu(t))
            return
        if intent == "goodbye":
            s.misunderstood = 0
            t.say(t._("Goodbye! You can always write again or call 1414."))
            return
        if intent == "affirm" and s.step == "offer_operator":
            return self._handoff(t, "not_understood")
        if intent == "deny" and s.step == "offer_operator":
            s.step, s.options = None, []
            t.say(t._("All right. Please describe what you need in other words."), self._menu(t))
            return
        if intent == "service" and parse.service is not None and s.step == "complaint_service" \
                and parse.confidence >= CONFIDENT:
            s.forget_service()
            s.service = parse.service.id
            return self._complaint(t, None)
        if intent == "service" and parse.service is not None:
            place = next((x for x in parse.entities if x.get("entity") in ("settlement", "district", "region")), None)
            if place is not None:
                s.place = self._place_from_entity(place)
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
              self._menu(t))

    def _did_you_mean(self, t: Turn, ranking) -> None:
        s = t.state
        top = [c.id for c in ranking[:3] if c.id in self.standards]
        s.misunderstood += 1
        s.step, s.options = "did_you_mean", [f"/service {sid}" for sid in top] + ["/none"]
        lines = [t._("Did you mean:")]
        lines += [f"{i}. {self._name(sid, t.language)}" for i, sid in enumerate(top, 1)]
        buttons = [Button(_short(self._name(sid, t.language)), f"/service {sid}") for sid in top]
        t.say("\n".join(lines), buttons + [Button(t._("None of these"), "/none")])

    # ------------------------------------------------------------------ a service

    def _name(self, sid: str, language: str) -> str:
        std = self.standards[sid]
        return std.get(f"short_name_{language}") or text_in(std, "title", language) or std["title_kk"]

    def _choose_service(self, t: Turn, sid: str, sure: bool = False, ranking=()) -> None:
        s = t.state
        s.misunderstood = 0
        s.forget_service()
        found = flows.family_of(sid)
        if found and not sure:
            _, family = found
            rivals = [c for c in ranking if c.id != sid and c.id in family["members"] and c.confidence >= FAMILY_DOUBT]
            if rivals or len(family["members"]) > 1 and not ranking:
                s.service = sid
                return self._ask(t, flows.family_question(sid, t._), t._("Who are you?"))
        s.service = sid
        self._next_question_or_answer(t)

    def _answer_question(self, t: Turn, key: str, value: str) -> None:
        s = t.state
        if key == "family" and value in self.standards:
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

    def _next_question_or_answer(self, t: Turn) -> None:
        s = t.state
        std = self.standards[s.service]
        for question in flows.questions(std, t.language, t._):
            if question.key not in s.answers:
                prompt = {"scenario": t._("Which describes your situation?"),
                          "case": t._("Which describes your situation?"),
                          "channel": t._("Where will you apply? The documents differ.")}[question.key]
                return self._ask(t, question, f"{self._name(s.service, t.language)}\n{prompt}")
        s.step, s.options = None, []
        parts = answers.compose(std, s.answers, t.language, self.mrp)
        s.more = parts[1:]
        for part in parts[:1]:
            t.say(part, self._after_answer(t))

    def _ask(self, t: Turn, question: flows.Question, prompt: str) -> None:
        s = t.state
        s.step = question.key
        s.options = [f"/answer {question.key} {o.value}" for o in question.options]
        lines = [prompt] + [f"{i}. {o.title}" for i, o in enumerate(question.options, 1)]
        titles = _distinct([o.title for o in question.options])
        t.say("\n".join(lines), [Button(_short(f"{i}. {title}"), p)
                                 for i, (title, p) in enumerate(zip(titles, s.options), 1)])

    def _more(self, t: Turn) -> None:
        s = t.state
        if not s.more:
            t.say(t._("That was everything I have on this service."), self._menu(t))
            return
        part, s.more = s.more[0], s.more[1:]
        t.say(part, self._after_answer(t))

    def _after_answer(self, t: Turn) -> list[Button]:
        buttons = [Button(t._("Show more"), "/more")] if t.state.more else []
        return buttons + [Button(t._("Nearest office"), "/office"), Button(t._("How to complain"), "/complain"),
                          Button(t._("Talk to an operator"), "/operator")]

    def _menu(self, t: Turn) -> list[Button]:
        other = "ru" if t.language == "kk" else "kk"
        return [Button(t._("Nearest PSC"), "/office"), Button(t._("Talk to an operator"), "/operator"),
                Button("Русский" if other == "ru" else "Қазақша", f"/lang {other}")]

    def _greet(self, t: Turn) -> None:
        t.say(t._("Hello! I am Qyzmet, the public services assistant. Ask about a service "
                  "(a certificate, a benefit, a passport, military registration…) and I will tell you "
                  "which documents to bring, the deadline, the cost and where to go."), self._menu(t))

    def _ask_language(self, t: Turn) -> None:
        t.state.step, t.state.options = "language", ["/lang kk", "/lang ru"]
        t.say("Сәлеметсіз бе! Здравствуйте!\nТілді таңдаңыз / Выберите язык:\n1. Қазақша\n2. Русский",
              [Button("Қазақша", "/lang kk"), Button("Русский", "/lang ru")])

    # ------------------------------------------------------------------ offices

    def _place_from_entity(self, entity: dict) -> dict:
        return {"name": entity.get("value"), "name_ru": entity.get("value_ru"), "lat": entity.get("lat"),
                "lon": entity.get("lon"), "kind": entity.get("entity"), "shared": False}

    def _place_entity(self, t: Turn, entity: dict) -> None:
        t.state.place = self._place_from_entity(entity)
        self._offices(t)

    def _place_text(self, t: Turn, text: str, parse) -> None:
        entity = next((x for x in parse.entities if x.get("entity") in ("settlement", "district", "region")), None)
        if entity is not None:
            return self._place_entity(t, entity)
        std = self.standards.get(t.state.service) if t.state.service else None
        place, cards = offices.in_place(t.session, std, text, t.language)
        if place is None:
            return self._regions(t)
        t.state.place = {"name": place.get("name_kk"), "name_ru": place.get("name_ru"), "lat": place.get("lat"),
                         "lon": place.get("lon"), "kind": place.get("kind"), "shared": False}
        self._offices(t)

    def _offices(self, t: Turn, more: bool = False) -> None:
        s = t.state
        std = self.standards.get(s.service) if s.service else None
        place = s.place
        if not place:
            s.step, s.options = "place", []
            t.say(t._("Send your location, or write your city, district or region."))
            return
        start = s.offices_shown if more else 0
        cards, has_more = offices.for_place(t.session, std, place, t.language, start)
        s.step, s.options = None, []
        if not cards:
            s.offices_shown = 0
            t.say(t._("I could not find an office for this service there. Please call 1414: "
                      "they will tell you where to apply."), self._menu(t))
            return
        s.offices_shown = start + len(cards)
        name = place.get(f"name_{t.language}") or place.get("name")
        if place.get("shared"):
            lines = [t._("The nearest offices:")]
        elif name:
            lines = [t._("Offices for {place}:").format(place=name)]
        else:
            lines = [t._("Offices:")]
        for i, c in enumerate(cards, start + 1):
            lines += ["", f"{i}. {c.name}"] + ([c.address] if c.address else [])
            if c.distance_km is not None and c.located_at:
                lines.append(t._("About {km} km from you to the centre of {place} (the office's exact position "
                                 "is not known).").format(km=_km(c.distance_km, t.language), place=c.located_at))
            elif c.distance_km is not None:
                lines.append(t._("About {km} km from you.").format(km=_km(c.distance_km, t.language)))
            if c.phones:
                lines.append(t._("Phone: {phones}").format(phones=", ".join(c.phones)))
            if c.hours:
                lines.append(t._("Hours: {hours}").format(hours=c.hours))
        buttons = [Button(t._("More offices"), "/office more")] if has_more else []
        buttons += self._after_answer(t) if s.service else self._menu(t)
        t.say("\n".join(lines), buttons)
        t.out.extend(cards)

    def _regions(self, t: Turn) -> None:
        s = t.state
        choices = offices.region_choices(t.language)
        s.step, s.options = "region", [f"/region {slug}" for slug, _ in choices]
        t.say(t._("I could not find that place. Choose your region:") + "\n" +
              "\n".join(f"{i}. {name}" for i, (_, name) in enumerate(choices, 1)),
              [Button(name, f"/region {slug}") for slug, name in choices])

    # ------------------------------------------------------------------ complaints and people

    def _complaint(self, t: Turn, about: str | None) -> None:
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
        text = complaints.compose(self.standards[s.service], about, t.language)
        t.say(text, [Button(t._("Talk to an operator"), "/operator complaint"),
                     Button(t._("Nearest office"), "/office")])

    def _handoff(self, t: Turn, reason: str) -> None:
        s = t.state
        turns = self.store.transcript(t.session, t.event.conversation, last=10)
        context = {
            "conversation": t.event.conversation, "channel": t.event.channel, "language": t.language,
            "service": {"id": s.service, "title": self._name(s.service, t.language)} if s.service else None,
            "situation": dict(s.answers), "place": s.place,
            "last_turns": [{"speaker": x.speaker, "text": x.text} for x in turns],
        }
        s.handoff = {"reason": reason, "since": time.time()}
        s.step, s.options, s.misunderstood = None, [], 0
        t.say(t._("I am passing you to an operator. Please wait: they will answer here."))
        t.out.append(Handoff(reason, context))

    def _operator(self, t: Turn) -> None:
        s, action = t.state, t.event.operator
        if action.kind == "say":
            if action.text.strip():
                t.say(action.text.strip())
            return
        if action.kind in ("return", "close"):
            if action.kind == "close":
                s.closed.append(action.code or "resolved")
                s.forget_service()
            s.handoff = None
            t.say(t._("The operator has finished. I am the assistant again: ask me anything."), self._menu(t))
            return


def _distinct(titles: list[str]) -> list[str]:
    """Buttons show what tells the options apart: "для назначения социальной выплаты на случай
    потери работы" and "…потери кормильца" become "на случай потери работы" and "на случай потери
    кормильца"; "При утере военного билета в следующих случаях — 2) если военный билет похищен"
    becomes "Если военный билет похищен". The message above the buttons keeps the full wording.
    A single shared word ("при…", "…кезде") stays: without it the title stops being a phrase."""
    if len(titles) < 2:
        return titles
    groups = [t.split(" — ", 1) for t in titles]
    heads = [g[0] for g in groups]
    titles = [re.sub(r"^\d+\)\s*", "", g[1]) if len(g) == 2 and heads.count(g[0]) > 1 else t
              for g, t in zip(groups, titles)]
    words = [t.split() for t in titles]
    head = 0
    while all(len(w) > head + 1 for w in words) and len({w[head] for w in words}) == 1:
        head += 1
    tail = 0
    while all(len(w) > head + tail + 1 for w in words) and len({w[-1 - tail] for w in words}) == 1:
        tail += 1
    head, tail = (head if head >= 2 else 0), (tail if tail >= 2 else 0)
    return [_capital(" ".join(w[head:len(w) - tail])) for w in words]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _km(distance: float, language: str) -> str:
    return format_decimal(round(distance, 1), locale=language)


def _short(title: str) -> str:
    return title if len(title) <= BUTTON_TITLE else title[:BUTTON_TITLE - 1].rstrip() + "…"

