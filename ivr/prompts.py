"""Everything the voice line says in its own words, and the names of the phone's keys.

Each prompt has a name: its Kazakh recording is `<audio dir>/kk/<name>.wav`, rendered by the
build from the kk catalog (`qyzmet voice prompts`) and replaceable by a studio recording of
the same name. A prompt with a {placeholder} is said with the blanks filled, so its Kazakh
audio is rendered when first needed (ivr.audio), like the answers themselves.
"""

from __future__ import annotations

from locales import N_, translations

PROMPTS: dict[str, str] = {
    # the language menu, each half in its own language (the catalogs translate it the same way)
    "language-kk": N_("For Kazakh, press 1."),
    "language-ru": N_("For Russian, press 2."),
    "welcome": N_("Hello! This is Qyzmet, the public services assistant."),
    "main-speech": N_("Tell me in a few words which service you need, or use the keys."),
    "main-services": N_("For the list of services, press 1."),
    "main-office": N_("For the nearest public service centre, press 2."),
    "main-complaint": N_("To find out how to complain, press 3."),
    "main-resume": N_("Your last call ended in the middle of an answer. To get that answer by SMS, press 8."),
    "main-forget": N_("To delete the records of your calls, press 7."),
    # the records of a caller's calls erased at their request (ivr.forget); a hidden number is only this call
    "forget-ask": N_("This deletes the records of all your calls to this line: what you said, the answers and the "
                     "text messages sent. What was already passed to an operator stays with the contact centre. "
                     "This cannot be undone."),
    "forget-ask-this-call": N_("Your number is hidden, so only the records of this call can be deleted. This cannot "
                               "be undone."),
    "forget-yes": N_("Delete the records"),
    "forget-done": N_("The records of your calls have been deleted."),
    "forget-done-this-call": N_("The records of this call have been deleted."),
    "operator-key": N_("For an operator, press 0."),
    "main-menu-key": N_("For the main menu, press star."),
    "more-key": N_("For more options, press 9."),
    "list-again": N_("That was the whole list. To hear it from the start, press 9."),
    "part-keys": N_("To repeat, press 1. For the next part, press 2."),
    "part-keys-last": N_("To repeat, press 1. That was the last part: for what you can do next, press 2."),
    "sms-key": N_("To get the whole answer by SMS, press 3."),
    "answer-end": N_("That was the whole answer."),
    "again-from-start": N_("Hear the answer again from the start"),
    "by-sms": N_("Get it by SMS"),
    "main-menu": N_("The main menu"),
    "office-number": N_("Office {number}."),
    "not-an-operator": N_("This number is not on the operators' list."),
    "no-input": N_("I did not hear anything."),
    "no-match": N_("There is no such option."),
    "keys-now": N_("Let us use the keys."),
    "offer-operator": N_("I can connect you to an operator: press 0."),
    "too-slow": N_("Sorry, I could not make that out in time. Please use the keys."),
    "confirm": N_("Did you say: {words}? If yes, press 1. To say it again, press 2."),
    "say-again": N_("Please say it again."),
    "connecting": N_("Connecting you to an operator. Please stay on the line."),
    "queue-position": N_("You are number {position} in the queue."),
    "queue-hold": N_("An operator will answer as soon as one is free. Your call is important to us."),
    "operator-joined": N_("An operator is joining the call."),
    "operators-unavailable": N_("Operators cannot take your call right now. Please call again later."),
    "goodbye": N_("Thank you for calling. Goodbye!"),
    "apology": N_("Sorry, something went wrong on our side. Connecting you to an operator."),
    "apology-closed": N_("Sorry, something went wrong on our side. Please call again later."),
    "sms-sent": N_("The SMS is on its way to your phone."),
    "sms-failed": N_("Sorry, the SMS could not be sent right now. You can try again, or talk to an operator."),
    "sms-limit": N_("The SMS for this call have already been sent. An operator can help with anything else."),
    "sms-no-number": N_("Sorry, an SMS cannot be sent to the number you are calling from."),
    "sms-nothing": N_("There is no answer to send yet."),
    "choose": N_("{item}: press {key}."),
    "place-speech": N_("Say your town or district, or choose your region on the keypad."),
    "place-keys": N_("Choose your region on the keypad."),
    "which-service-speech": N_("Which service is your complaint about? Say it, or choose it from the list."),
    "which-service-keys": N_("Which service is your complaint about? Choose it from the list."),
    "after-hours": N_("Operators work {hours}, Almaty time. Please call again then. Meanwhile the assistant "
                      "can help you."),
    "services-heading": N_("Choose a service."),
    "part": N_("Part {number} of {total}."),
    "and-more": N_("And {count} more: the full list comes by SMS."),
    # the agent's whisper, before they are put through to the caller
    "whisper": N_("Caller in {speaks}. Service: {service}. Reason: {reason}."),
    "whisper-none": N_("No caller is waiting in this queue."),
}
# the agent's whisper: the caller's language, and why they wait, in the agent's words
SPEAKS = {"kk": {"kk": "қазақша", "ru": "орысша"}, "ru": {"kk": "по-казахски", "ru": "по-русски"}}
REASONS = {"asked": N_("asked for an operator"), "not_understood": N_("the assistant did not understand"),
           "complaint": N_("a complaint"), "error": N_("a technical failure")}

# the keys as a caller presses them, each said in the accusative ("бірді басыңыз", "нажмите один")
KEY_WORDS = {
    "kk": {"0": "нөлді", "1": "бірді", "2": "екіні", "3": "үшті", "4": "төртті", "5": "бесті", "6": "алтыны",
           "7": "жетіні", "8": "сегізді", "9": "тоғызды", "*": "жұлдызшаны", "#": "торды"},
    "ru": {"0": "ноль", "1": "один", "2": "два", "3": "три", "4": "четыре", "5": "пять", "6": "шесть",
           "7": "семь", "8": "восемь", "9": "девять", "*": "звёздочку", "#": "решётку"},
}


def text(name: str, language: str, /, **values: object) -> str:
    said = translations(language).gettext(PROMPTS[name])
    return said.format(**values) if values else said


def key_word(key: str, language: str) -> str:
    return KEY_WORDS[language][key]


def whisper(card: dict, language: str) -> str:
    service = (card.get("service") or {}).get("title") or "—"
    reason = translations(language).gettext(REASONS.get(card.get("reason"), REASONS["asked"]))
    return text("whisper", language, speaks=SPEAKS[language].get(card.get("language"), "—"), service=service,
                reason=reason)


def is_fixed(name: str) -> bool:
    """Said the same on every call: rendered by the build, not on demand."""
    return "{" not in PROMPTS[name]
