"""A caller's "forget me": 7 on the main menu, 1 to confirm; every call from their number erased with its
conversation, transcript, deliveries, SMS records, private audio and the card in the operators' group — and
nobody else's. What Twilio sends for those calls afterwards (the press again, the status callback, another
call still going on) is told goodbye and brings nothing back."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from dialogs.models import Conversation, Delivery, Turn, UserSettings
from ivr.calls import caller_hash
from ivr.models import Call as CallRow, Sms
from tests.ivr.conftest import NOT_FOR_THE_EAR, OPERATOR_TOKEN, OPERATORS, Call, Line
from tests.ivr.test_calls import to_the_answer


def kept(line, sid: str) -> dict[str, int]:
    """How many rows of each kind are kept about one call ("call": its row, if it still says whose it is)."""
    conversation = f"voice:{sid}"
    with Session(line.engine.db) as s:
        return {"call": s.scalar(select(func.count()).select_from(CallRow).where(CallRow.call_sid == sid,
                                                                                 CallRow.caller != "")),
                "sms": s.scalar(select(func.count()).select_from(Sms).where(Sms.call_sid == sid)),
                "conversation": s.scalar(select(func.count()).select_from(Conversation)
                                         .where(Conversation.id == conversation)),
                "turns": s.scalar(select(func.count()).select_from(Turn).where(Turn.conversation_id == conversation)),
                "deliveries": s.scalar(select(func.count()).select_from(Delivery)
                                       .where(Delivery.conversation_id == conversation)),
                "language": s.scalar(select(func.count()).select_from(UserSettings)
                                     .where(UserSettings.user == conversation))}


NOTHING = {"call": 0, "sms": 0, "conversation": 0, "turns": 0, "deliveries": 0, "language": 0}
# what a forgotten call's row may still say: that it was forgotten, and nothing of the caller or the call
TOMBSTONE = {"caller": "", "language": None, "view": {}, "step": 0, "last_request": None, "last_twiml": None,
             "answer": None, "status": "forgotten", "duration": None, "outcome": "forgotten", "card": None,
             "queued_at": None}


def tombstone(line, sid: str) -> dict | None:
    """The call's row, column by column, without its SID and its two times (checked by the caller)."""
    with Session(line.engine.db) as s:
        row = s.get(CallRow, sid)
        return None if row is None else {c.key: getattr(row, c.key) for c in CallRow.__mapper__.column_attrs
                                         if c.key not in ("call_sid", "started_at", "updated_at")}


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
    assert kept(line, earlier.sid) == NOTHING and kept(line, call.sid) == NOTHING
    assert tombstone(line, call.sid) == tombstone(line, earlier.sid) == TOMBSTONE     # calls of the past day
    with Session(line.engine.db) as s:
        assert s.scalar(select(func.count()).select_from(CallRow).where(
            CallRow.caller == caller_hash(line.config.caller_key, number))) == 0
    assert kept(line, stranger.sid) == theirs                    # another caller's records are untouched

    # the next call from that number starts afresh: no offer of an earlier answer, and keys still work
    again = Call(line, number=number)
    again.start()
    assert "прошлый звонок" not in again.press("2").words()


# a webhook of a forgotten call: the call's language went with the rest, so both
GONE = ("Қоңырауларыңыздың жазбалары өшірілді. Записи ваших звонков удалены. "
        "Қоңырауыңызға рахмет. Сау болыңыз! Спасибо за звонок. До свидания!")


def test_what_twilio_sends_after_forget_me_is_told_goodbye_and_brings_nothing_back(line):
    number = "+77015550404"
    waiting = Call(line, number=number)                  # a call from the number waiting for an operator
    waiting.start()
    waiting.press("2")
    assert waiting.press("0").find("Enqueue") is not None
    posted = line.until(lambda: [c for c in line.telegram.of("sendMessage", chat=OPERATORS) if waiting.sid in c.text])
    card = posted[0].result["message_id"]
    meanwhile = Call(line, number=number)                # and another one on the main menu
    meanwhile.start()
    meanwhile.press("2")
    older = Call(line, number=number)                    # a call of two days ago
    older.start()
    older.press("2")
    older.webhook("/ivr/status", CallStatus="completed", CallDuration="20")
    with Session(line.engine.db) as s, s.begin():
        s.execute(update(CallRow).where(CallRow.call_sid == older.sid)
                  .values(started_at=datetime.now(timezone.utc) - timedelta(days=2)))
    before = datetime.now(timezone.utc)

    call = Call(line, number=number)
    call.start()
    call.press("2")
    confirm = call.press("7").action
    assert call.press("1").words() == "Записи ваших звонков удалены. Спасибо за звонок. До свидания!"
    # the card is deleted from the operators' group, with the whole number and the tel: link in it
    deleted = line.until(lambda: line.telegram.of("deleteMessage", chat=OPERATORS))
    assert [d["message_id"] for d in deleted] == [card] and (OPERATORS, card) not in line.telegram.sent

    # Twilio delivers the confirming press again, the first webhook again, and the end of the call
    for again in (line.post(confirm, call.params(Digits="1")), line.post(confirm, call.params(Digits="2")),
                  line.post("/ivr/voice", call.params(CallStatus="ringing"))):
        said = call._answer(again)
        assert said.words() == GONE and said.gather is None and said.find("Hangup") is not None
    assert call.webhook("/ivr/status", CallStatus="completed", CallDuration="30").status_code == 204
    # the other call on the menu presses a key; the waiting one is let out of the queue; both end
    said = meanwhile.press("1")
    assert said.words() == GONE and said.find("Hangup") is not None
    said = waiting._answer(waiting.webhook("/ivr/dequeued", QueueResult="leave"))
    assert said.words() == GONE and said.find("Hangup") is not None
    assert line.get(f"/ivr/context/{waiting.sid}", headers={"Authorization": f"Bearer {OPERATOR_TOKEN}"}
                    ).status_code == 404
    for each in (meanwhile, waiting):
        assert each.webhook("/ivr/status", CallStatus="completed", CallDuration="40").status_code == 204

    for each in (call, waiting, meanwhile):
        assert kept(line, each.sid) == NOTHING and tombstone(line, each.sid) == TOMBSTONE
        with Session(line.engine.db) as s:
            times = s.execute(select(CallRow.started_at, CallRow.updated_at).where(CallRow.call_sid == each.sid)).one()
        # not even when the call was made (SQLite gives the UTC times without their zone)
        assert all(t.replace(tzinfo=t.tzinfo or timezone.utc) >= before for t in times)
    assert kept(line, older.sid) == NOTHING and tombstone(line, older.sid) is None     # gone outright
    with Session(line.engine.db) as s:
        assert s.scalar(select(func.count()).select_from(CallRow).where(
            CallRow.caller == caller_hash(line.config.caller_key, number))) == 0


def test_a_card_telegram_will_not_delete_any_more_does_not_stop_forget_me(line, caplog):
    """Telegram lets a bot delete its message for 48 hours: an older card stays, and the caller is still
    forgotten (the log says the card could not be deleted, without a word of it)."""
    number = "+77015550505"
    earlier = Call(line, number=number)
    earlier.start()
    earlier.press("2")
    earlier.press("0")
    posted = line.until(lambda: [c for c in line.telegram.of("sendMessage", chat=OPERATORS) if earlier.sid in c.text])
    card = posted[0].result["message_id"]
    earlier.webhook("/ivr/status", CallStatus="completed", CallDuration="300")
    line.telegram.sent[(OPERATORS, card)] -= 49 * 3600
    call = Call(line, number=number)
    call.start()
    call.press("2")
    call.press("7")
    with caplog.at_level("WARNING", logger="qyzmet.bot.calls"):
        assert call.press("1").words() == "Записи ваших звонков удалены. Спасибо за звонок. До свидания!"
        refused = line.until(lambda: [c for c in line.telegram.calls if c.method == "deleteMessage"
                                      and c.get("message_id") == card])
        assert refused[0].status == 400 and (OPERATORS, card) in line.telegram.sent
        line.until(lambda: "could not be deleted" in caplog.text)
    assert number[-4:] not in caplog.text and earlier.sid not in caplog.text
    assert kept(line, earlier.sid) == NOTHING and tombstone(line, earlier.sid) == TOMBSTONE


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


@pytest.fixture(scope="module")
def two_workers(new_engine, pg_dialogs_url, audio_dir):
    """The voice line on PostgreSQL in two workers (two applications, each with its own engine runner): the
    second runs turns in one thread, so a test can keep its turns waiting behind a row it has locked."""
    from dialogs.runner import Runner
    from qyzmet.app import make_web_app
    from qyzmet.settings import Settings

    engine = new_engine(pg_dialogs_url)
    line = Line(engine, audio_dir)

    async def second():
        return make_web_app(engine, Settings(voice=line.config), Runner(engine, workers=1))
    other = line.call(line._serve(line.call(second())))
    yield line, other
    line.close()
    engine.db.dispose()


@pytest.mark.postgres
def test_a_hang_up_read_before_the_erase_and_written_after_it_is_erased_too(two_workers):
    """The caller hangs up right after pressing 1: the status callback, in another worker, read the call
    before the erase, and its hang-up turn is written after the erase of the conversation."""
    import threading

    import requests

    from tests.ivr.conftest import PUBLIC

    line, other = two_workers
    answered = {}

    def to_other(path: str, call: Call, **params):
        signed = line.validator.compute_signature(PUBLIC + path, call.params(**params))
        answered[path.split("?")[0]] = requests.post(other + path, data=call.params(**params), timeout=30,
                                                     headers={"X-Twilio-Signature": signed}).status_code

    call, blocker = Call(line, number="+77015550606"), Call(line, number="+77015550707")
    for each in (call, blocker):
        each.start()
        each.press("2")
    call.press("7")
    blocker_step = urlsplit(blocker.last.action)
    with Session(line.engine.db) as held, held.begin():
        # the second worker's one turn thread kept busy: a turn of another call waits for this lock
        held.get(Conversation, f"voice:{blocker.sid}", with_for_update=True)
        threads = [threading.Thread(target=to_other, args=(f"{blocker_step.path}?{blocker_step.query}", blocker),
                                    kwargs={"Digits": "2"}),           # the nearest office: a turn
                   threading.Thread(target=to_other, args=("/ivr/status", call),
                                    kwargs={"CallStatus": "completed", "CallDuration": "12"})]
        threads[0].start()
        line.until(lambda: held.connection().exec_driver_sql(
            "SELECT count(*) FROM pg_locks WHERE NOT granted").scalar())
        threads[1].start()
        line.until(lambda: (tombstone(line, call.sid) or {}).get("status") == "completed")   # it read the row
        assert call.press("1").words() == "Записи ваших звонков удалены. Спасибо за звонок. До свидания!"
        assert kept(line, call.sid) == NOTHING
    for thread in threads:                       # the lock let go: the hang-up's turn is written now
        thread.join(30)
    assert answered == {"/ivr/step": 200, "/ivr/status": 204}
    assert kept(line, call.sid) == NOTHING and tombstone(line, call.sid) == TOMBSTONE
