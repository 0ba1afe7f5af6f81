"""Whole calls, as Twilio would make them: every webhook signed, every answer TwiML read element by element."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ivr.models import Call as CallRow, Outcome, Sms
from tests.ivr.conftest import CALLER, OPERATOR_TOKEN, OPERATORS, PUBLIC, SENDER, Call, Twiml, wav_seconds

SEEDS_002 = "seeds/002_0797489497fa0c26.txt"


def row(line, sid: str) -> CallRow:
    with Session(line.engine.db) as s:
        return s.get(CallRow, sid)


def choose(call: Call, title_part: str) -> None:
    """Page through a menu until an item with these words is read, and press its key."""
    for _ in range(10):
        for language, words in call.last.spoken():
            if title_part in words:
                # "…: нажмите один." / "…: бірді басыңыз." — the key is said in words
                digits = {"один": "1", "два": "2", "три": "3", "четыре": "4", "пять": "5",
                          "бірді": "1", "екіні": "2", "үшті": "3", "төртті": "4", "бесті": "5"}
                key = next(digits[w] for w in reversed(words.rstrip(".").split()) if w in digits)
                call.press(key)
                return
        call.press("9")
    raise AssertionError(f"no item {title_part!r} in the menu")


def to_the_answer(call: Call) -> Twiml:
    """A Russian caller who asks for the criminal-record certificate at a ЦОН: the answer's first part."""
    call.start()
    call.press("2")
    call.say("справка о несудимости")
    choose(call, "центре обслуживания населения")
    return call.last


def to_the_place(call: Call) -> Twiml:
    """A Russian caller who asks for the nearest ЦОН: the question where they are."""
    call.start()
    call.press("2")
    return call.press("2")


def test_a_russian_call_from_the_greeting_to_the_answer_to_sms_and_to_an_operator(line):
    call = Call(line)
    greeting = call.start()
    # the language menu: keys only, each half in its own language (Kazakh played, Russian said)
    g = greeting.gather
    assert g.get("input") == "dtmf" and g.get("numDigits") == "1" and g.get("action") == f"{PUBLIC}/ivr/step?s=1"
    assert [language for language, _ in greeting.spoken()] == ["kk", "ru-RU", "kk", "ru-RU"]
    assert "Қазақ тілі үшін бірді басыңыз" in greeting.words()
    assert "Для русского языка нажмите два" in greeting.words()
    assert all(say.get("voice") == "Polly.Tatyana" for say in greeting.root.iter("Say"))
    # element by element: a Gather holding the four prompts, then a Redirect to the same step for an
    # account that does not post an empty result
    assert [child.tag for child in greeting.root] == ["Gather", "Redirect"]
    assert [child.tag for child in g] == ["Play", "Say", "Play", "Say"]
    assert g.attrib == {"action": f"{PUBLIC}/ivr/step?s=1", "actionOnEmptyResult": "true", "finishOnKey": "",
                        "input": "dtmf", "method": "POST", "numDigits": "1", "timeout": "6"}
    assert greeting.root[1].text == f"{PUBLIC}/ivr/step?s=1" and greeting.root[1].get("method") == "POST"
    assert [p.text for p in g.iter("Play")] == [f"{PUBLIC}/ivr/audio/kk/welcome.wav",
                                                 f"{PUBLIC}/ivr/audio/kk/language-kk.wav"]

    main = call.press("2")
    assert main.gather.get("input") == "dtmf speech" and main.gather.get("language") == "ru-RU"
    assert "Список услуг — нажмите один" in main.words() and "нажмите ноль" in main.words()

    question = call.say("справка о несудимости")
    assert "Справка о несудимости" in question.words()
    choose(call, "центре обслуживания населения")                               # where the citizen will apply: the ЦОН
    answer = call.last
    assert answer.gather.get("input") == "dtmf"       # an answer is listened to, not talked over
    assert answer.words().startswith("Часть первая из ")
    assert "Повторить — нажмите один. Следующая часть — нажмите два" in answer.words()
    assert "Получить весь ответ по СМС — нажмите три" in answer.words()
    assert not any(ch.isdigit() for ch in answer.words())          # every number said in words

    heard = [answer.words()]
    while "последняя часть" not in call.last.words():
        heard.append(call.press("2").words())
    everything = " ".join(heard)
    # the ЦОН term, 002 line 2295: "3 жұмыс күні"; a birth certificate for those under 16 born before 2008 (2385)
    assert "три рабочих дня" in everything
    assert "шестнадцати лет" in everything and "до две тысячи восьмого года" in everything
    assert "утратил силу" in everything                            # the act is repealed, and said so
    assert call.press("1").words() == call.last.words()            # 1 repeats the part

    sms = call.press("3")
    assert "СМС отправлено на ваш телефон" in sms.words()
    sent = line.twilio.messages
    assert {m["To"] for m in sent} == {CALLER} and {m["From"] for m in sent} == {SENDER}
    body = "\n".join(m["Body"] for m in sent)
    assert all(len(m["Body"]) <= 1600 for m in sent)
    assert "3 рабочих дня" in body and "утратил силу" in body      # the SMS has the facts in figures
    with Session(line.engine.db) as s:
        assert [(x.parts, x.sent, x.error) for x in s.scalars(select(Sms).where(Sms.call_sid == call.sid))] == \
            [(len(sent), len(sent), None)]

    queued = call.press("0")
    enqueue = queued.find("Enqueue")
    assert enqueue.text == "qyzmet-ru" and enqueue.get("waitUrl") == f"{PUBLIC}/ivr/wait"
    assert "Соединяю вас с оператором" in queued.words() and queued.gather is None
    # the context card: in the operators' Telegram group, and as JSON for a screen-pop
    card_posts = line.until(lambda: [c for c in line.telegram.of("sendMessage", chat=OPERATORS)
                                     if call.sid in c.text])
    assert len(card_posts) == 1
    posted = card_posts[0].text
    assert "1414" in posted and "Справка о несудимости" in posted
    assert f'<a href="tel:{CALLER}">+7 701 123 4567</a>' in posted    # whole, to call back (the kept card: masked)
    r = line.get(f"/ivr/context/{call.sid}", headers={"Authorization": f"Bearer {OPERATOR_TOKEN}"})
    card = r.json()
    assert r.status_code == 200 and card["language"] == "ru" and card["service"]["id"] == "1486-02"
    assert card["caller"] == "+7 … 67" and CALLER not in r.text
    assert any(t["speaker"] == "citizen" and "несудимости" in t["text"] for t in card["transcript"])
    assert line.get(f"/ivr/context/{call.sid}").status_code == 401
    assert line.get(f"/ivr/context/{call.sid}", headers={"Authorization": "Bearer wrong-token-000000"}
                    ).status_code == 401

    hold = call.webhook("/ivr/wait", QueuePosition="2", QueueSid="QU" + "0" * 32)
    assert "Ваш номер в очереди: два" in hold.text and "<Pause" in hold.text

    # the operator's leg: the context whispered, then the queue
    line.only_waiting(call.sid)
    agent = call.line.post("/ivr/agent?language=ru", {"CallSid": "CA" + "a" * 32, "From": "client:operator-7"})
    assert "Справка о несудимости" in agent.text and "по-русски" in agent.text
    assert "<Dial><Queue" in agent.text and ">qyzmet-ru</Queue>" in agent.text
    joined = call.webhook("/ivr/bridged", QueueSid="QU" + "0" * 32, DequeingCallSid="CA" + "a" * 32)
    assert "К разговору подключается оператор" in joined.text

    done = call.webhook("/ivr/status", CallStatus="completed", CallDuration="187")
    assert done.status_code == 204
    kept = row(line, call.sid)
    assert (kept.status, kept.duration, kept.outcome, kept.language) == ("completed", 187, Outcome.OPERATOR, "ru")
    assert CALLER not in kept.caller and len(kept.caller) == 40


def test_a_kazakh_call_on_keys_with_its_words_played_from_espeak_audio(line):
    call = Call(line, number="+77021112233")
    call.start()
    main = call.press("1")
    assert main.gather.get("input") == "dtmf"            # Kazakh speech is off unless configured
    assert main.root.find(".//Say") is None              # no Twilio voice speaks Kazakh: all of it is played
    assert "Қызметтер тізімі үшін бірді басыңыз" in main.words()
    for play in main.root.iter("Play"):
        r = line.get(play.text)
        assert r.headers["Content-Type"] == "audio/wav" and "max-age" in r.headers["Cache-Control"]
        assert wav_seconds(r.content) > 0.5
    call.press("1")
    choose(call, "Соттылығы жоқ")                             # the criminal-record certificate, by keys only
    choose(call, "қызмет көрсету орталығ")
    answer = call.last
    assert answer.words().startswith("бірінші бөлім, барлығы ")
    heard = [answer.words()]
    while "соңғы бөлім" not in call.last.words():
        heard.append(call.press("2").words())
    everything = " ".join(heard)
    assert "үш жұмыс күні" in everything                 # 002 line 2295: "3 жұмыс күні"
    assert not any(ch.isdigit() for ch in everything)
    # a dynamic Kazakh sentence is rendered once and served with a long cache life
    dynamic = [p.text for p in call.last.root.iter("Play") if "/h-" in p.text]
    assert dynamic and "immutable" in line.get(dynamic[0]).headers["Cache-Control"]
    sms = call.press("3")
    assert "СМС телефоныңызға жіберілді" in sms.words()
    assert "3 жұмыс күні" in line.twilio.messages[-1]["Body"] or any(
        "3 жұмыс күні" in m["Body"] for m in line.twilio.messages if m["To"] == "+77021112233")
    queued = call.press("0")
    assert queued.find("Enqueue").text == "qyzmet-kk"
    call.webhook("/ivr/dequeued", QueueResult="hangup")
    call.webhook("/ivr/status", CallStatus="completed", CallDuration="95")


def test_long_menus_are_read_five_at_a_time_and_paged_with_nine(line):
    call = Call(line)
    call.start()
    call.press("2")
    first = call.press("1")
    def items(t):
        return [w for _, w in t.spoken() if w.endswith(("нажмите один.", "нажмите два.", "нажмите три.",
                                                          "нажмите четыре.", "нажмите пять."))]
    pages = [items(first)]
    assert len(pages[0]) == 5 and "Другие варианты — нажмите девять" in first.words()
    while "Это весь список" not in call.last.words():
        pages.append(items(call.press("9")))
        assert 1 <= len(pages[-1]) <= 5
    services = [w for page in pages for w in page]
    assert len(services) == len(line.engine.standards) == len(set(services))
    again = call.press("9")                               # from the start
    assert items(again) == pages[0]


def test_a_region_then_a_district_on_the_keypad_finds_the_office(line):
    call = Call(line)
    place = to_the_place(call)                            # the nearest ЦОН
    assert place.gather.get("input") == "dtmf speech"     # a town may be said
    call.press("1")                                       # the region list
    choose(call, "Карагандинская")
    choose(call, "Балхаш")
    office = call.last
    # 002 line 1351: "Балқаш қаласы, Бөкейхан көшесі, 20«А» үй" (in the Russian edition: ул. Бокейхана)
    assert "Балхаш" in office.words() and "Бокейхана" in office.words()
    assert not any(ch.isdigit() for ch in office.words())


def test_the_town_may_be_said_instead(line):
    call = Call(line)
    to_the_place(call)
    office = call.say("Балхаш")
    assert "Балхаш" in office.words() and "Бокейхана" in office.words()


def test_silence_and_wrong_keys_are_forgiven_then_keys_then_an_operator(line):
    call = Call(line)
    call.start()
    call.press("2")
    first = call.silence()
    assert first.words().startswith("Ответа нет.") and first.gather.get("input") == "dtmf speech"
    second = call.silence()
    assert "Давайте воспользуемся клавишами телефона" in second.words() and second.gather.get("input") == "dtmf"
    third = call.press("6")                                    # (7 is "forget me": tests/ivr/test_forget.py)
    assert third.words().startswith("Такого варианта нет.") and "соединить вас с оператором" in third.words()
    fourth = call.press("6")
    assert fourth.find("Enqueue").text == "qyzmet-ru"          # still lost after the offer: a person
    # a line that stays silent is nobody there: goodbye, not a queue that would let them out again
    silent = Call(line)
    silent.start()
    silent.press("2")
    for _ in range(3):
        assert silent.silence().gather is not None
    bye = silent.silence()
    assert bye.gather is None and bye.find("Hangup") is not None and "До свидания" in bye.words()
    # a good key in between starts the count again
    other = Call(line)
    other.start()
    other.press("2")
    other.silence()
    other.press("1")
    assert other.silence().words().startswith("Ответа нет.") and "клавишами" not in other.last.words()


def test_unsure_speech_is_confirmed_before_it_is_acted_on(line):
    call = Call(line)
    call.start()
    call.press("2")
    unsure = call.say("справка о несудимости", confidence=0.31)
    assert "Вы сказали: «справка о несудимости»? Если да, нажмите один" in unsure.words()
    assert unsure.gather.get("input") == "dtmf"
    again = call.press("2")
    assert again.words().startswith("Пожалуйста, скажите ещё раз.")
    call.say("справка о несудимости", confidence=0.2)
    yes = call.press("1")
    assert "Справка о несудимости" in yes.words() and "центре обслуживания населения" in yes.words()
    # a number said to the assistant is not repeated back, nor kept
    masked = call.say("мой иин 880101300123 нужна справка", confidence=0.1)
    assert "880101300123" not in masked.text and "восемьсот" not in masked.words()


def test_a_repeated_webhook_gets_the_same_answer_and_changes_nothing(line):
    call = Call(line)
    call.start()
    call.press("2")
    before = call.step()
    params = call.params(Digits="1")
    first = line.post(call.last.action, params)
    again = line.post(call.last.action, params)
    assert first.status_code == again.status_code == 200 and first.text == again.text
    assert row(line, call.sid).step == before + 1
    # an old step's delivery hears the current menu; nothing moves
    stale = line.post(f"{PUBLIC}/ivr/step?s=1", call.params(Digits="2"))
    assert stale.status_code == 200 and "Выберите услугу" in stale.text
    assert row(line, call.sid).step == before + 1


def test_a_failing_sms_is_told_to_the_caller_and_recorded_then_sent_on_retry(line):
    call = Call(line, number="+77051234500")
    to_the_answer(call)
    line.twilio.fail_next = 1
    failed = call.press("3")
    assert "не удалось отправить СМС" in failed.words() and "нажмите три" in failed.words()
    line.twilio.fail_next = 100                  # the API down: failures do not use up the call's SMS
    for _ in range(3):
        assert "не удалось отправить СМС" in call.press("3").words()
    line.twilio.fail_next = 0
    retried = call.press("3")
    assert "СМС отправлено" in retried.words()
    with Session(line.engine.db) as s:
        tries = s.scalars(select(Sms).where(Sms.call_sid == call.sid).order_by(Sms.id)).all()
    assert tries[0].sent < tries[0].parts and "400" in tries[0].error and tries[-1].error is None
    assert any(m["To"] == "+77051234500" for m in line.twilio.messages)


def test_no_sms_to_a_landline(line):
    call = Call(line, number="+77172945555")            # an Astana landline
    to_the_answer(call)
    sent_before = len(line.twilio.messages)
    said = call.press("3")
    assert "нельзя отправить СМС" in said.words() and len(line.twilio.messages) == sent_before


def test_a_call_dropped_mid_answer_is_offered_by_sms_on_the_next_call(line):
    number = "+77079998877"
    first = Call(line, number=number)
    to_the_answer(first)
    assert first.webhook("/ivr/status", CallStatus="completed", CallDuration="41").status_code == 204
    assert row(line, first.sid).outcome == Outcome.DROPPED
    second = Call(line, number=number)
    second.start()
    main = second.press("2")
    assert "Ваш прошлый звонок прервался посреди ответа" in main.words()
    sent = second.press("8")
    assert "СМС отправлено" in sent.words() and "прошлый звонок" not in sent.words()   # offered once
    assert "СМС отправлено" not in second.press("8").words()
    assert "3 рабочих дня" in "\n".join(m["Body"] for m in line.twilio.messages if m["To"] == number)
    assert row(line, first.sid).outcome == Outcome.SMS
    # a caller without a number (or a landline) is never offered another's answer
    for hidden in ("anonymous", "anonymous"):
        anonymous = Call(line, number=hidden)
        to_the_answer(anonymous)
        anonymous.webhook("/ivr/status", CallStatus="completed", CallDuration="30")
    again = Call(line, number="anonymous")
    again.start()
    assert "прошлый звонок" not in again.press("2").words()
    # another caller hears no such offer
    stranger = Call(line, number="+77470001122")
    stranger.start()
    assert "прошлый звонок" not in stranger.press("2").words()


def test_status_callbacks_are_recorded(line):
    for status, duration in (("busy", "0"), ("no-answer", "0"), ("failed", ""), ("completed", "12")):
        call = Call(line)
        call.start()
        assert call.webhook("/ivr/status", CallStatus=status, CallDuration=duration).status_code == 204
        kept = row(line, call.sid)
        assert kept.status == status and kept.duration == (int(duration) if duration else None)
        assert kept.outcome == Outcome.LEFT


def test_a_queue_that_fails_sends_the_caller_back_to_the_assistant(line):
    call = Call(line)
    call.start()
    call.press("2")
    call.press("0")
    back = call.webhook("/ivr/dequeued", QueueResult="queue-full")
    assert "Сейчас операторы не могут принять ваш звонок" in back.text and "<Gather" in back.text
    call.last = type(call.last)(back.text, line)
    assert "Список услуг" in call.press("1").words() or "Выберите услугу" in call.last.words()


def test_an_agent_with_nobody_waiting_hears_so(line):
    line.only_waiting()
    r = line.post("/ivr/agent?language=kk", {"CallSid": "CA" + "b" * 32, "From": "client:operator-1"})
    assert r.status_code == 200 and "<Hangup" in r.text and "<Dial" not in r.text


def test_a_town_with_more_offices_than_a_part_pages_through_them_all(line):
    call = Call(line)
    to_the_place(call)
    first = call.say("Астана")
    heard = [first.words()]
    for _ in range(8):                       # the offices one part each, then "more offices" from the engine
        heard.append(call.press("2").words())
        if "Это был весь ответ" in heard[-1] or "Это весь список" in heard[-1]:
            break
    everything = " ".join(heard)
    assert "технический сбой" not in everything
    assert everything.count("Астана") >= 4                 # more than the first page of three


def test_a_complaint_from_the_main_menu_on_keys(line):
    call = Call(line)
    call.start()
    call.press("2")
    which = call.press("3")
    assert "На какую услугу вы жалуетесь? Назовите её или выберите из списка" in which.words()
    assert which.gather.get("input") == "dtmf speech"
    choose(call, "Справка о несудимости")
    assert "На что вы жалуетесь?" in call.last.words()
    choose(call, "Несогласие с результатом")
    routes = call.last
    assert routes.gather.get("input") == "dtmf" and "жалоб" in routes.words().lower()


def test_the_language_menu_takes_zero_speaks_both_languages_and_ends_a_silent_call(line):
    call = Call(line)
    call.start()
    wrong = call.press("5")
    assert [lang for lang, _ in wrong.spoken()][:2] == ["kk", "ru-RU"]
    assert "Мұндай нұсқа жоқ" in wrong.words() and "Такого варианта нет" in wrong.words()
    queued = call.press("0")
    assert queued.find("Enqueue") is not None

    silent = Call(line)
    silent.start()
    for _ in range(3):
        assert silent.silence().gather is not None
    end = silent.silence()
    assert end.gather is None and end.find("Hangup") is not None
    assert "Сау болыңыз" in end.words() and "До свидания" in end.words()
    # an operator before a language is chosen: told in both, and the card says the language is not known
    before = Call(line)
    before.start()
    queued = before.press("0")
    assert "Соединяю вас с оператором" in queued.words() and "операторға қосып жатырмын" in queued.words()
    assert row(line, before.sid).card["language"] is None


def test_a_kazakh_caller_on_keys_gets_the_regions_at_once(line):
    call = Call(line)
    call.start()
    call.press("1")
    regions = call.press("2")
    assert regions.gather.get("input") == "dtmf"
    assert "Облысыңызды таңдаңыз" in regions.words() and "жазыңыз" not in regions.words()
    assert "Абай облысы" in regions.words()


def test_the_source_notice_says_the_act_number_and_the_portal_in_words(line):
    call = Call(line)
    to_the_answer(call)
    heard = [call.last.words()]
    while "последняя часть" not in call.last.words():
        heard.append(call.press("2").words())
    everything = " ".join(heard)
    # 002 line 2188-2199: the standard of government decree No. 1486 of 26 November 2012
    assert "двадцать шестого ноября две тысячи двенадцатого года номер тысяча четыреста восемьдесят шесть" \
        in everything
    assert "портал электронного правительства" in everything


def test_operators_out_of_hours_are_said_and_the_caller_stays_with_the_assistant(engine, audio_dir):
    from dialogs import hours
    from tests.ivr.conftest import Line

    closed = Line(engine, audio_dir, hours=hours.parse("mon 00:00-00:01"), agent_numbers=frozenset({"+77010000001"}))
    try:
        call = Call(closed)
        call.start()
        call.press("2")
        after = call.press("0")
        assert after.find("Enqueue") is None and "Операторы работают с понедельника" not in after.words()
        assert "Операторы работают понедельник" in after.words() and "по времени Алматы" in after.words()
        assert "Список услуг — нажмите один" in after.words()
        # only the operators' own numbers take callers
        stranger = closed.post("/ivr/agent?language=ru", {"CallSid": "CA" + "e" * 32, "From": "+77470000000"})
        assert "Этого номера нет в списке операторов" in stranger.text and "<Dial" not in stranger.text
        operator = closed.post("/ivr/agent?language=ru", {"CallSid": "CA" + "f" * 32, "From": "+77010000001"})
        assert "не в списке" not in operator.text
    finally:
        closed.close()


def test_a_long_wait_lets_the_caller_out_of_the_queue_back_to_the_assistant(line):
    call = Call(line)
    call.start()
    call.press("2")
    call.press("0")
    short = call.webhook("/ivr/wait", QueuePosition="1", QueueTime="30")
    assert "<Leave" not in short.text and "<Pause" in short.text
    long = call.webhook("/ivr/wait", QueuePosition="1", QueueTime=str(line.config.max_wait + 1))
    assert "<Leave" in long.text
    back = call.webhook("/ivr/dequeued", QueueResult="leave", QueueTime=str(line.config.max_wait + 1))
    assert "Сейчас операторы не могут принять ваш звонок" in back.text and "<Gather" in back.text
    # nobody is left "waiting" for an agent to be whispered about
    assert row(line, call.sid).queued_at is None


def test_one_press_sends_one_sms_however_often_it_is_delivered_and_a_call_has_a_limit(line):
    import concurrent.futures

    call = Call(line, number="+77075550011")
    to_the_answer(call)
    before = len([m for m in line.twilio.messages if m["To"] == "+77075550011"])
    params = call.params(Digits="3")
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda _: line.post(call.last.action, params), range(4)))
    assert {a.status_code for a in answers} == {200}
    call.last = type(call.last)(answers[0].text, line)
    with Session(line.engine.db) as s:
        sms = s.scalars(select(Sms).where(Sms.call_sid == call.sid)).all()
    assert len(sms) == 1
    sent = [m for m in line.twilio.messages if m["To"] == "+77075550011"]
    assert len(sent) - before == sms[0].parts
    for _ in range(2):
        assert "СМС отправлено" in call.press("3").words()
    limit = call.press("3")
    assert "СМС по этому звонку уже отправлены" in limit.words()


def test_the_twiml_of_each_step_element_by_element(line):
    """The shape of every kind of answer: which verbs, in which order, with which attributes."""
    def shape(t: Twiml) -> list:
        return [(el.tag, [c.tag for c in el]) for el in t.root]

    call = Call(line)
    call.start()
    main = call.press("2")
    # say it, services, the office, complaints, forget me, an operator
    assert shape(main) == [("Gather", ["Say"] * 6), ("Redirect", [])]
    assert main.gather.attrib == {"action": f"{PUBLIC}/ivr/step?s=2", "actionOnEmptyResult": "true",
                                  "finishOnKey": "", "input": "dtmf speech", "language": "ru-RU", "method": "POST",
                                  "numDigits": "1", "speechTimeout": "auto", "timeout": "6"}
    services = call.press("1")
    # the heading, five services, "more", the operator and the main menu: nothing else, nothing outside
    assert shape(services) == [("Gather", ["Say"] * 9), ("Redirect", [])]
    answer = to_the_answer(Call(line))
    assert [el.tag for el in answer.root] == ["Gather", "Redirect"]
    assert answer.gather.get("input") == "dtmf" and "language" not in answer.gather.attrib
    queued = call.press("0")
    assert shape(queued) == [("Say", []), ("Enqueue", [])]
    assert queued.find("Enqueue").attrib == {"action": f"{PUBLIC}/ivr/dequeued", "method": "POST",
                                             "waitUrl": f"{PUBLIC}/ivr/wait", "waitUrlMethod": "POST"}
    hold = Twiml(call.webhook("/ivr/wait", QueuePosition="4", QueueTime="10").text, line)
    assert shape(hold) == [("Say", []), ("Say", []), ("Pause", [])] and hold.find("Pause").get("length") == "20"
    line.only_waiting(call.sid)
    agent = Twiml(line.post("/ivr/agent?language=ru", {"CallSid": "CA" + "d" * 32}).text, line)
    assert shape(agent) == [("Say", []), ("Dial", ["Queue"])]
    assert agent.find("Queue").attrib == {"method": "POST", "url": f"{PUBLIC}/ivr/bridged"}
    joined = Twiml(call.webhook("/ivr/bridged").text, line)
    assert shape(joined) == [("Say", [])]
    bye = Twiml(call.webhook("/ivr/dequeued", QueueResult="bridged").text, line)
    assert shape(bye) == [("Say", []), ("Hangup", [])]
    call.webhook("/ivr/status", CallStatus="completed", CallDuration="50")


def test_after_the_last_part_the_keys_stay_where_they_were(line):
    call = Call(line, number="+77012223344")
    to_the_answer(call)
    while "последняя часть" not in call.last.words():
        call.press("2")
    end = call.press("2")
    assert "Это был весь ответ" in end.words()
    assert "Прослушать ответ сначала: нажмите один" in end.words()
    assert "Главное меню: нажмите два" in end.words() and "Получить по СМС: нажмите три" in end.words()
    assert "СМС отправлено" in call.press("3").words()


def test_answer_parts_are_short_enough_to_hear(line):
    from ivr.views import LONG_PART

    call = Call(line)
    to_the_answer(call)
    parts = [call.last]
    while "последняя часть" not in call.last.words():
        parts.append(call.press("2"))
    for part in parts:
        said = part.spoken()[1][1]                    # after "Часть N из M."
        sentences = [x for x in said.replace("!", ".").replace("?", ".").split(". ") if x]
        # counted in the words heard: a year written "2008" is three of them
        assert len(said.split()) <= LONG_PART + 15 or len(sentences) == 1, said
