"""A view as TwiML, built with twilio's own builders: what the caller hears, and how they answer.

Russian is said by Twilio's voice (`<Say language="ru-RU">`); Kazakh, which no Twilio voice
speaks, is played from audio (ivr.audio). Every menu is inside a `<Gather>`, so a caller who
knows what they want presses the key without waiting for the end.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from twilio.twiml.voice_response import Gather, VoiceResponse

from ivr import prompts
from ivr.audio import Audio
from ivr.config import VoiceConfig
from ivr.spoken import for_ear
from ivr.views import Screen, View

KEY_TIMEOUT = 6          # seconds of silence after the prompt before it counts as no input


def _unsayable(ch: str) -> bool:
    # pictures (📄, ⚠️), their variation selectors and list bullets: a voice reads them as names or noise
    return unicodedata.category(ch) in ("So", "Sk", "Cs", "Co") or ch in "\ufe0f\u200d•◦▪"


def sayable(text: str) -> str:
    return " ".join("".join(" " if _unsayable(ch) else ch for ch in text).split())


@dataclass(frozen=True, slots=True)
class Voice:
    config: VoiceConfig
    audio: Audio

    def say(self, verb: VoiceResponse | Gather, text: str, language: str) -> None:
        text = sayable(text)
        if not text:
            return
        if language == "kk":
            verb.play(self.audio.url(text))
        else:
            verb.say(for_ear(text, "ru"), voice=self.config.ru_voice, language="ru-RU")

    def speech_language(self, language: str) -> str | None:
        """What `<Gather>` recognises for the language, or None when the caller is to use keys only."""
        if language == "kk":
            return self.config.kk_speech_language or None
        return "ru-RU"


def sentences(view: View, voice: Voice, sms: bool) -> list[tuple[str, str]]:
    """(language, text) in the order the caller hears them."""
    lang = view.language
    p = lambda name, **values: (lang, prompts.text(name, lang, **values))  # noqa: E731
    said = [(lang, t) for t in view.intro]
    match view.screen:
        case Screen.LANGUAGE:
            return said + [("kk", prompts.text("welcome", "kk")), ("ru", prompts.text("welcome", "ru")),
                           ("kk", prompts.text("language-kk", "kk")), ("ru", prompts.text("language-ru", "ru"))]
        case Screen.MAIN:
            if view.speech and voice.speech_language(lang):
                said.append(p("main-speech"))
            said += [p("main-services"), p("main-office"), p("main-complaint")]
            if view.resume and sms:
                said.append(p("main-resume"))
            return said + [p("operator-key")]
        case Screen.CHOICES:
            said += [p("choose", item=item.title, key=prompts.key_word(key, lang)) for key, item in view.page_items()]
            if view.paged:
                said.append(p("list-again") if view.last_page else p("more-key"))
            return said + [p("operator-key"), p("main-menu-key")]
        case Screen.ANSWER:
            total = len(view.parts)
            if total > 1:
                said.append(p("part", number=view.part + 1, total=total))
            said.append((lang, view.parts[view.part]))
            said.append(p("part-keys-last") if view.part + 1 >= total and not view.more else p("part-keys"))
            if sms and view.sms:
                said.append(p("sms-key"))
            return said + [p("operator-key")]
        case Screen.CONFIRM:
            return said + [p("confirm", words=view.words)]
    return said


def menu(view: View, voice: Voice, action: str, sms: bool) -> str:
    """The TwiML of a view that waits for a key (or words): a `<Gather>` posting to `action`."""
    response = VoiceResponse()
    speech = voice.speech_language(view.language) if view.speech else None
    options = {"input": "dtmf speech" if speech else "dtmf", "action": action, "method": "POST",
               "num_digits": 1, "timeout": KEY_TIMEOUT, "action_on_empty_result": True, "finish_on_key": ""}
    if speech:
        model = voice.config.kk_speech_model if view.language == "kk" else voice.config.ru_speech_model
        options.update(language=speech, speech_timeout="auto", **({"speech_model": model} if model else {}))
    gather = response.gather(**options)
    for language, text in sentences(view, voice, sms):
        voice.say(gather, text, language)
    # a Gather that ends without input and without calling its action (an old account setting) comes here
    response.redirect(action, method="POST")
    return str(response)


def enqueue(voice: Voice, language: str, intro: tuple[str, ...], queue: str, wait_url: str, action: str) -> str:
    response = VoiceResponse()
    for text in intro + (prompts.text("connecting", language),):
        voice.say(response, text, language)
    response.enqueue(queue, wait_url=wait_url, wait_url_method="POST", action=action, method="POST")
    return str(response)


def hold(voice: Voice, language: str, position: int | None) -> str:
    """The queue's wait music, in words: the caller's place, then a hold message (asked for again when done)."""
    response = VoiceResponse()
    if position:
        voice.say(response, prompts.text("queue-position", language, position=position), language)
    voice.say(response, prompts.text("queue-hold", language), language)
    response.pause(length=15)
    return str(response)


def statement(voice: Voice, language: str, *texts: str, hang_up: bool = False, then: str | None = None) -> str:
    """Words, then the end of the call or another step."""
    response = VoiceResponse()
    for text in texts:
        voice.say(response, text, language)
    if then:
        response.redirect(then, method="POST")
    elif hang_up:
        response.hangup()
    return str(response)


def agent(voice: Voice, language: str, whisper: str, queue: str, bridged: str) -> str:
    """The operator's leg: the waiting caller's context whispered, then connected to the queue's first caller."""
    response = VoiceResponse()
    voice.say(response, whisper, language)
    dial = response.dial()
    dial.queue(queue, url=bridged, method="POST")
    return str(response)
