"""A view as TwiML, built with twilio's own builders: what the caller hears, and how they answer.

Russian is said by Twilio's voice (`<Say language="ru-RU">`); Kazakh, which no Twilio voice
speaks, is played from audio (ivr.audio). Every menu is inside a `<Gather>`, so a caller who
knows what they want presses the key without waiting for the end.
"""

from __future__ import annotations

from dataclasses import dataclass

from twilio.twiml.voice_response import Gather, VoiceResponse

from ivr import numbers, prompts
from ivr.audio import Audio
from ivr.config import VoiceConfig
from ivr.speakable import words
from ivr.views import Ask, Screen, View

KEY_TIMEOUT = 6          # seconds of silence after the prompt before it counts as no input
HOLD_PAUSE = 20          # seconds of quiet between the hold messages


@dataclass(frozen=True, slots=True)
class Said:
    language: str
    text: str
    own: bool = False        # the caller's own words, said back: never cached for others


@dataclass(frozen=True, slots=True)
class Voice:
    config: VoiceConfig
    audio: Audio

    def say(self, verb: VoiceResponse | Gather, said: Said, call: str | None = None) -> None:
        spoken = words(said.text, said.language)
        if not spoken:
            return
        if said.language == "kk":
            verb.play(self.audio.url(spoken, call if said.own else None))
        else:
            verb.say(spoken, voice=self.config.ru_voice, language="ru-RU")

    def speech_language(self, language: str) -> str | None:
        """What `<Gather>` recognises for the language, or None when the caller is to use keys only."""
        if language == "kk":
            return self.config.kk_speech_language or None
        return "ru-RU"


def _part_number(n: int, language: str) -> str:
    # "Часть первая из десяти", "Бірінші бөлім": the ordinal, which for_ear cannot tell from a count
    return numbers.ordinal(n, language, gender=numbers.Gender.FEM)


def sentences(view: View, voice: Voice, sms: bool) -> list[Said]:
    """What the caller hears, in order."""
    lang = view.language

    def p(name: str, **values) -> Said:
        return Said(lang, prompts.text(name, lang, **values))
    if view.screen == Screen.LANGUAGE:
        # before a language is chosen everything is said in both
        said = []
        for name in view.notes + ("welcome",):
            said += [Said("kk", prompts.text(name, "kk")), Said("ru", prompts.text(name, "ru"))]
        return said + [Said("kk", prompts.text("language-kk", "kk")), Said("ru", prompts.text("language-ru", "ru"))]
    # what went wrong or what was done first ("no answer", "the SMS is on its way"), then the question again
    said = [p(name) for name in view.notes] + [Said(lang, t) for t in view.intro]
    speech = view.speech and voice.speech_language(lang) is not None
    match view.screen:
        case Screen.MAIN:
            if speech:
                said.append(p("main-speech"))
            said += [p("main-services"), p("main-office"), p("main-complaint")]
            if view.resume and sms:
                said.append(p("main-resume"))
            return said + [p("main-forget"), p("operator-key")]
        case Screen.CHOICES:
            if view.ask == Ask.PLACE:
                said.append(p("place-speech" if speech else "place-keys"))
            elif view.ask == Ask.SERVICE:
                said.append(p("which-service-speech" if speech else "which-service-keys"))
            said += [p("choose", item=item.title, key=prompts.key_word(key, lang)) for key, item in view.page_items()]
            if view.paged:
                said.append(p("list-again") if view.last_page else p("more-key"))
            return said + [p("operator-key"), p("main-menu-key")]
        case Screen.ANSWER:
            total = len(view.parts)
            if total > 1 and view.counted:
                said.append(p("part", number=_part_number(view.part + 1, lang), total=total))
            said.append(Said(lang, view.parts[view.part]))
            said.append(p("part-keys-last") if view.part + 1 >= total and not view.more else p("part-keys"))
            if sms and view.sms:
                said.append(p("sms-key"))
            return said + [p("operator-key")]
        case Screen.CONFIRM:
            return said + [Said(lang, prompts.text("confirm", lang, words=view.words), own=True)]
    return said


def menu(view: View, voice: Voice, action: str, sms: bool, call: str) -> str:
    """The TwiML of a view that waits for a key (or words): a `<Gather>` posting to `action`."""
    response = VoiceResponse()
    speech = voice.speech_language(view.language) if view.speech else None
    options = {"input": "dtmf speech" if speech else "dtmf", "action": action, "method": "POST",
               "num_digits": 1, "timeout": KEY_TIMEOUT, "action_on_empty_result": True, "finish_on_key": ""}
    if speech:
        model = voice.config.kk_speech_model if view.language == "kk" else voice.config.ru_speech_model
        options.update(language=speech, speech_timeout="auto", **({"speech_model": model} if model else {}))
    gather = response.gather(**options)
    for said in sentences(view, voice, sms):
        voice.say(gather, said, call)
    # a Gather that ends without input and without calling its action (an old account setting) comes here
    response.redirect(action, method="POST")
    return str(response)


def enqueue(voice: Voice, language: str, queue: str, wait_url: str, action: str, first: str = "connecting") -> str:
    """`first`: the prompt before the queue ("connecting", or "apology" when something broke)."""
    response = VoiceResponse()
    voice.say(response, Said(language, prompts.text(first, language)))
    response.enqueue(queue, wait_url=wait_url, wait_url_method="POST", action=action, method="POST")
    return str(response)


def enqueue_bilingual(voice: Voice, queue: str, wait_url: str, action: str, first: str = "connecting") -> str:
    """An operator asked for before a language was chosen (or for a call whose language cannot be read)."""
    response = bilingual(voice, first)
    response.enqueue(queue, wait_url=wait_url, wait_url_method="POST", action=action, method="POST")
    return str(response)


def hold(voice: Voice, language: str, position: int | None, leave: bool) -> str:
    """The queue's wait music, in words: the caller's place and a hold message (asked for again when it
    ends); `leave`: waited too long, out of the queue (its action says what next)."""
    response = VoiceResponse()
    if leave:
        response.leave()
        return str(response)
    if position:
        voice.say(response, Said(language, prompts.text("queue-position", language, position=position)))
    voice.say(response, Said(language, prompts.text("queue-hold", language)))
    response.pause(length=HOLD_PAUSE)
    return str(response)


def statement(voice: Voice, language: str, *names: str, hang_up: bool = False, **values) -> str:
    """Prompts, then (with `hang_up`) the end of the call."""
    response = VoiceResponse()
    for name in names:
        voice.say(response, Said(language, prompts.text(name, language, **values)))
    if hang_up:
        response.hangup()
    return str(response)


def bilingual(voice: Voice, *names: str, hang_up: bool = False) -> VoiceResponse:
    """Prompts in both languages (the caller's is not known yet, or could not be read)."""
    response = VoiceResponse()
    for name in names:
        for language in ("kk", "ru"):
            voice.say(response, Said(language, prompts.text(name, language)))
    if hang_up:
        response.hangup()
    return response


def agent(voice: Voice, language: str, whisper: str, queue: str, bridged: str) -> str:
    """The operator's leg: the waiting caller's context whispered, then connected to the queue's first caller."""
    response = VoiceResponse()
    voice.say(response, Said(language, whisper))
    dial = response.dial()
    dial.queue(queue, url=bridged, method="POST")
    return str(response)
