"""Greeting, the language, and what to say when the citizen is not understood."""

from __future__ import annotations

from dialogs import questions
from dialogs.messages import Attachment, Expect, Hint, Option, Purpose
from dialogs.payloads import Command, Payload, pack
from dialogs.steps import Step
from dialogs.turn import Turn

HANDOFF_AFTER = 2          # misunderstandings in a row before a person is offered

def greet(t: Turn) -> None:
    t.reply(Purpose.GREETING,
            t._("Hello! I am Qyzmet, the public services assistant. Ask about a service "
                "(a certificate, a benefit, a passport, military registration…) and I will tell you "
                "which documents to bring, the deadline, the cost and where to go."),
            actions=t.menu(), expects=Expect.TEXT)


def start(t: Turn, opened: Payload | None = None) -> None:
    """A chat opened, perhaps by a link to one service ("start=1486-02"): that service, once the language is known."""
    s = t.state
    s.wait_for(None)
    sid = opened.arg if opened is not None and opened.command == Command.SERVICE else None
    if sid in t.standards:
        if s.language:
            return questions.choose_service(t, sid, sure=True)
        s.forget_service()
        s.service = sid                 # carried on once the language is chosen (switch_language)
    return greet(t) if s.language else ask_language(t)


def cannot_read(t: Turn) -> None:
    """A photo, a voice note, a sticker, a contact…: said plainly, with the ways on."""
    kind = t.event.attachment
    if kind == Attachment.CONTACT:
        text = t._("I do not keep contacts. Please type your question in a few words.")
    elif kind == Attachment.FORWARDED:
        text = t._("I answer what you type yourself. Please type your question in a few words.")
    else:
        text = t._("I can read only typed text. Please type your question in a few words, "
                   "for example: “certificate of no criminal record”.")
    if t.state.language is None:
        t.reply(Purpose.INFO, text, hints=[Hint.HELPLINE])
        return ask_language(t)
    t.reply(Purpose.INFO, text, actions=t.menu(), expects=Expect.TEXT, hints=[Hint.HELPLINE])


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
    t.store.remember_language(t.held, t.event.user or t.event.conversation, language)
    answering = s.step == Step.LANGUAGE
    if answering:
        s.wait_for(None)
    if s.service or s.step:
        # carry on where we were, now in this language: the pending question or the answer again
        # (a service opened by a link before the language was asked: its questions now)
        if not answering:
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
