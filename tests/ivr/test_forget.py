"""A caller's "forget me": 7 on the main menu, 1 to confirm; every call from their number erased with its
conversation, transcript, deliveries, SMS records and private audio — and nobody else's."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dialogs.models import Conversation, Delivery, Turn, UserSettings
from ivr.calls import caller_hash
from ivr.models import Call as CallRow, Sms
from tests.ivr.conftest import NOT_FOR_THE_EAR, Call, Line
from tests.ivr.test_calls import to_the_answer


def kept(line, sid: str) -> dict[str, int]:
    """How many rows of each kind are kept about one call."""
    conversation = f"voice:{sid}"
    with Session(line.engine.db) as s:
        return {"call": s.scalar(select(func.count()).select_from(CallRow).where(CallRow.call_sid == sid)),
                "sms": s.scalar(select(func.count()).select_from(Sms).where(Sms.call_sid == sid)),
                "conversation": s.scalar(select(func.count()).select_from(Conversation)
                                         .where(Conversation.id == conversation)),
                "turns": s.scalar(select(func.count()).select_from(Turn).where(Turn.conversation_id == conversation)),
                "deliveries": s.scalar(select(func.count()).select_from(Delivery)
                                       .where(Delivery.conversation_id == conversation)),
                "language": s.scalar(select(func.count()).select_from(UserSettings)
                                     .where(UserSettings.user == conversation))}


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_every_forget_prompt_is_translated_and_speakable(language, audio_dir):
    import json

    from ivr import prompts
    from ivr.speakable import words

    names = [n for n in prompts.PROMPTS if "forget" in n]
    assert len(names) == 6
    manifest = json.loads((audio_dir / "kk" / "manifest.json").read_text())
    for name in names:
        said = words(prompts.text(name, language), language)
        assert said != prompts.PROMPTS[name] and NOT_FOR_THE_EAR.search(said) is None, said
        if language == "kk":
            assert manifest[name]["text"] == said          # rendered by the build, as every fixed prompt


def test_a_caller_erases_the_records_of_all_their_calls_and_only_theirs(line):
    number, other = "+77015550101", "+77015550202"
    earlier = Call(line, number=number)
    to_the_answer(earlier)
    assert "СМС отправлено" in earlier.press("3").words()
    earlier.webhook("/ivr/status", CallStatus="completed", CallDuration="60")
    stranger = Call(line, number=other)
    to_the_answer(stranger)
    stranger.webhook("/ivr/status", CallStatus="completed", CallDuration="50")
    theirs = kept(line, stranger.sid)
    assert kept(line, earlier.sid)["sms"] == 1 and kept(line, earlier.sid)["turns"] > 0 and theirs["turns"] > 0

    call = Call(line, number=number)
    call.start()
    main = call.press("2")
    said = [words for _, words in main.spoken()]
    assert said[-2:] == ["Чтобы удалить записи ваших звонков, нажмите семь.",
                         "Чтобы поговорить с оператором, нажмите ноль."]
    asked = call.press("7")
    assert "Будут удалены записи всех ваших звонков на эту линию" in asked.words()
    assert "Удалить записи: нажмите один." in asked.words() and "Главное меню — нажмите звёздочку" in asked.words()
    assert asked.gather.get("input") == "dtmf"                 # a yes is a key, not a word the recogniser guesses
    # star goes back, and nothing was erased
    assert "Список услуг — нажмите один" in call.press("*").words()
    assert kept(line, earlier.sid)["call"] == 1
    call.press("7")
    done = call.press("1")
    assert done.words() == "Записи ваших звонков удалены. Спасибо за звонок. До свидания!"
    assert done.gather is None and done.find("Hangup") is not None
    # the hang-up's status callback keeps nothing of the call either
    assert call.webhook("/ivr/status", CallStatus="completed", CallDuration="40").status_code == 204
    nothing = {"call": 0, "sms": 0, "conversation": 0, "turns": 0, "deliveries": 0, "language": 0}
    assert kept(line, earlier.sid) == nothing and kept(line, call.sid) == nothing
    with Session(line.engine.db) as s:
        assert s.scalar(select(func.count()).select_from(CallRow).where(
            CallRow.caller == caller_hash(line.config.caller_key, number))) == 0
    assert kept(line, stranger.sid) == theirs                    # another caller's records are untouched

    # the next call from that number starts afresh: no offer of an earlier answer, and keys still work
    again = Call(line, number=number)
    again.start()
    assert "прошлый звонок" not in again.press("2").words()


def test_a_hidden_number_erases_only_this_call_in_kazakh_with_its_private_audio(engine, audio_dir):
    line = Line(engine, audio_dir, kk_speech_language="kk-KZ")
    try:
        someone = Call(line, number="anonymous")               # another caller whose number is hidden
        someone.start()
        someone.press("1")
        someone.webhook("/ivr/status", CallStatus="completed", CallDuration="10")
        before = kept(line, someone.sid)
        assert before["call"] == 1 and before["turns"] > 0

        call = Call(line, number="anonymous")
        call.start()
        main = call.press("1")
        assert "Қоңырауларыңыздың жазбаларын өшіру үшін жетіні басыңыз" in main.words()
        unsure = call.say("соттылығым жоқ екені туралы анықтама", confidence=0.2)
        own = [p.text for p in unsure.root.iter("Play") if "/c-" in p.text]
        assert len(own) == 1 and line.get(own[0]).status_code == 200
        call.press("2")                                        # "say it again": back on the main menu
        asked = call.press("7")
        assert "Нөміріңіз жасырын, сондықтан тек осы қоңыраудың жазбаларын өшіруге болады" in asked.words()
        assert "Жазбаларды өшіру: бірді басыңыз" in asked.words()
        done = call.press("1")
        assert done.words() == "Осы қоңыраудың жазбалары өшірілді. Қоңырауыңызға рахмет. Сау болыңыз!"
        assert done.root.find(".//Say") is None                # Kazakh: played, not said by a Russian voice
        assert line.get(own[0]).status_code == 404              # the caller's own words, gone
        assert set(kept(line, call.sid).values()) == {0}
        assert kept(line, someone.sid) == before                # the other hidden caller's call stays
    finally:
        line.close()


def test_seven_elsewhere_is_not_forget_me(line):
    """7 means "forget me" on the main menu only; in a list it is the list's own seventh item or no match."""
    call = Call(line, number="+77015550303")
    call.start()
    call.press("2")
    services = call.press("1")
    assert "Удалить записи" not in services.words()
    assert "Удалить записи" not in call.press("7").words()
    assert kept(line, call.sid)["call"] == 1
