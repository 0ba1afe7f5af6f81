"""Greeting, the language, and what to say when the citizen is not understood."""

from __future__ import annotations

from dialogs import questions
from dialogs.messages import Expect, Option, Purpose
from dialogs.payloads import Command, pack
from dialogs.steps import Step
from dialogs.turn import Turn

HANDOFF_AFTER = 2          # misunderstandings in a row before a person is offered

def greet(t: Turn) -> None:
    t.reply(Purpose.GREETING,
            t._("Hello! I am Qyzmet, the public services assistant. Ask about a service "
                "(a certificate, a benefit, a passport, military registration…) and I will tell you "
                "which documents to bring, the deadline, the cost and where to go."),
            actions=t.menu(), expects=Expect.TEXT)


def ask_language(t: Turn) -> None:
    # before a language is known: both, in each language's own words
    options = [Option("Қазақша", pack(Command.LANG, "kk")), Option("Русский", pack(Command.LANG, "ru"))]
    t.state.wait_for(Step.LANGUAGE, [o.payload for o in options])
    t.reply(Purpose.LANGUAGE, "Сәлеметсіз бе! Здравствуйте!\nТілді таңдаңыз / Выберите язык:",
            options=options, expects=Expect.CHOICE)


def switch_language(t: Turn, language: str) -> None:
    s = t.state
    s.language = language
    s.language_chosen = True           # the citizen's choice: kept, whatever language they write in later
    t.store.remember_language(t.session, t.event.user or t.event.conversation, language)
    if s.service or s.step:
        # carry on where we were, now in this language: the pending question or the answer again
        t.say(t._("I will answer in this language from now on."))
        return questions.ask_again(t)
    greet(t)


def not_understood(t: Turn) -> None:
    s = t.state
    s.misunderstood += 1
    if s.misunderstood >= HANDOFF_AFTER:
        options = [t.option(t._("Yes, an operator"), Command.OPERATOR), t.option(t._("No, I will rephrase"), Command.NONE)]
        s.wait_for(Step.OFFER_OPERATOR, [o.payload for o in options])
        t.reply(Purpose.OFFER_OPERATOR, t._("I am sorry, I still do not understand. Shall I pass you to an operator? "
                                            "They will see our conversation."),
                options=options, expects=Expect.CHOICE)
        return
    t.reply(Purpose.NOT_UNDERSTOOD,
            t._("Sorry, I did not understand. Please name the document or service you need, "
                "for example “passport”, “pension”, “military ID”, or ask where the nearest PSC is."),
            actions=t.menu(), expects=Expect.TEXT)
