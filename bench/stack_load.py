"""Concurrent conversations through the native stack's one front port, with a piece failing under them.

    python bench/stack_load.py [--paced] [--rest 150] [--telegram 50] [--voice 50] [--turns 12] [--workers 2]
                               [--kill | --restart-postgres | --stop-redis | --stop-rasa] [--at 0.4]

Starts bench/stack.py (PostgreSQL, Redis, the migration job, the workers, nginx; Rasa with
--stop-rasa) with the fake Telegram and Twilio APIs in this process, then runs at once:
- REST widgets: a language, then the scripted conversations of bench/scripts.py (service, situation,
  answer, "more", offices, a complaint, an operator for some), each message with a `message_id`;
- Telegram chats: /start, then the same, each an update posted to the webhook as Telegram posts it
  (its `update_id`, the secret header); a chat writes again once the bot's answer has arrived at the
  fake Bot API (the answer is taken as whole after 0.2 s without another message; not counted);
- voice calls: the language, a service on the keys (Kazakh) or said (Russian), the situation, the
  answer's parts, an SMS for some, the nearest office, the operators' queue for a third, the hang-up;
  each webhook signed as Twilio signs it, its step in the URL (CallSid + step).
A delivery that meets a connection error or a 5xx is sent again, the same, as its sender would (a
REST client with the same message_id; Telegram and Twilio retry theirs); after 30 s it is given up.

With a failure, when `--at` of the planned turns are done: `--kill` kill -9 the first worker (started
again at once, as compose's restart policy would); `--restart-postgres` pg_ctl restart -m fast; `--stop-redis` (started again after the run);
`--stop-rasa`. Afterwards it counts in the database what the clients were told (bench/stack_counts.py).
Prints per channel turns, turns/s, p50/p99/max and errors; the same for the steady middle of the run
(the turns done between the first and the last tenth: not the start, when every conversation sends
its first message at once, nor the last few conversations finishing alone); the counts, and what the
failure did. Exits 1 when a message or a hand-over was lost, or, with `--paced` and no failure, when
the steady middle misses the target: ≥ 250 turns/s at p99 ≤ 250 ms.

Without pauses (the default) every conversation writes again the moment it is answered: that
measures how much the stack can take, not latency, since each answer then waits for all the
others queued before it (250 conversations at 280 turns/s wait ~0.9 s on average whatever the
stack does). `--paced` is the target's load: citizens who take up to 1.5 s to write again, and
callers who listen up to 1.5 s (`--pause 1.5 --voice-pause 1.5`).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

import aiohttp
from prometheus_client.parser import text_string_to_metric_families
from twilio.request_validator import RequestValidator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import stack_failures  # noqa: E402
from bench.fake_clouds import Clouds, serve  # noqa: E402
from bench.scripts import conversation  # noqa: E402
from bench.stack import TWILIO_TOKEN, WEBHOOK_SECRET, Stack, rasa_available  # noqa: E402
from bench.stack_pieces import cpu_seconds, machine_seconds  # noqa: E402
from bench.stack_counts import Counts, Sent, count  # noqa: E402
from locales import translations  # noqa: E402

TARGET_TURNS = 250.0
TARGET_P99_MS = 250.0
PACED = 1.5                # --paced: the longest a citizen takes to write again, a caller listens (s)
GIVE_UP = 30.0             # seconds a sender keeps sending one delivery again
QUIET = 0.2                # seconds without another message after which the bot's answer is whole
NO_ANSWER = 10.0           # seconds a chat waits for an answer to an acknowledged update before going on
ACTION = "action=\""


class Channel(StrEnum):
    REST = "rest"
    TELEGRAM = "telegram"
    VOICE = "voice"


class Failure(StrEnum):
    NONE = "none"
    KILL = "kill"
    RESTART_POSTGRES = "restart-postgres"
    STOP_REDIS = "stop-redis"
    STOP_RASA = "stop-rasa"


def _said(msgid: str) -> tuple[str, ...]:
    """A sentence as the bot says it in Kazakh and Russian, up to its first placeholder."""
    return tuple(translations(lang).gettext(msgid).split("{")[0] for lang in ("kk", "ru"))


QUEUED = _said("Connecting you to an operator. You are number {position} in the queue.")
SORRY = _said("Sorry, something went wrong on our side. Please send your message again, or call 1414.")
APOLOGY_RU = translations("ru").gettext("Sorry, something went wrong on our side. Connecting you to an operator.")[:25]


@dataclass(frozen=True, slots=True)
class Plan:
    rest: int = 150
    telegram: int = 50
    voice: int = 50
    turns: int = 12              # per REST and Telegram conversation
    failure: Failure = Failure.NONE
    at: float = 0.4              # the failure once this share of the planned turns is done
    voice_pause: float = 0.2     # the longest a caller listens between two webhooks (s)
    pause: float = 0.0           # the longest a REST or Telegram citizen takes to write again (s)

    def planned(self) -> int:
        return (self.rest + self.telegram) * self.turns + self.voice * 16


WARM_UP = Plan(rest=6, telegram=4, voice=4, turns=9, voice_pause=0)


@dataclass
class Tally:
    took: list[float] = field(default_factory=list)          # ms per turn, retries included
    done_at: list[float] = field(default_factory=list)       # when each turn ended (monotonic)
    errors: Counter = field(default_factory=Counter)         # failed attempts, by what failed
    gave_up: int = 0
    error_replies: int = 0       # Telegram's "something went wrong", the voice line's apology
    unanswered: int = 0          # a Telegram update acknowledged and never answered

    def pct(self, p: float) -> float:
        took = sorted(self.took)
        return took[min(len(took) - 1, int(p / 100 * len(took)))] if took else 0.0


@dataclass
class Report:
    plan: Plan
    elapsed: float
    tallies: dict[Channel, Tally]
    counts: dict[Channel, Counts]
    failure: stack_failures.Outcome | None = None
    cpu: dict[str, float] = field(default_factory=dict)      # CPU seconds each kind of piece used in the run
    load: tuple[float, float] = (0.0, 0.0)                    # the machine's load average, before and after
    machine: dict[str, float] = field(default_factory=dict)   # the whole machine's CPU seconds in the run (busy...)
    to_threads: Counter | None = None       # database work sent from the event loop to threads, by why (None: unread)

    @property
    def turns(self) -> int:
        return sum(len(t.took) for t in self.tallies.values())

    @property
    def lost(self) -> int:
        return sum(c.lost + c.handoffs_lost for c in self.counts.values())

    def steady(self) -> tuple[float, Tally] | None:
        """Turns/s, and the latencies, of the turns done between the first and the last tenth of the run's
        turns: the load as it goes on, without the start (every conversation's first message at once) or
        the last conversations finishing alone."""
        done = sorted((at, took) for t in self.tallies.values() for at, took in zip(t.done_at, t.took))
        if len(done) < 20:
            return None
        first, last = len(done) // 10, len(done) - len(done) // 10
        seconds = done[last - 1][0] - done[first][0]
        if seconds <= 0:
            return None
        return (last - first) / seconds, Tally(took=[took for _, took in done[first:last]])

    def render(self) -> str:
        lines = [f"{'channel':<10}{'turns':>7}{'turns/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}  errors"]
        for channel, t in self.tallies.items():
            errors = sum(t.errors.values())
            kinds = ", ".join(f"{k} {n}" for k, n in t.errors.most_common(4))
            extra = "".join(f"; {name} {n}" for name, n in (("gave up", t.gave_up), ("told it failed", t.error_replies),
                                                            ("never answered", t.unanswered)) if n)
            lines.append(f"{channel:<10}{len(t.took):>7}{len(t.took) / self.elapsed:>9.0f}{t.pct(50):>9.1f}"
                         f"{t.pct(99):>9.1f}{max(t.took, default=0):>9.1f}  {errors}{f' ({kinds})' if kinds else ''}"
                         f"{extra}")
        every = Tally(took=[x for t in self.tallies.values() for x in t.took])
        lines.append(f"{'all':<10}{self.turns:>7}{self.turns / self.elapsed:>9.0f}{every.pct(50):>9.1f}"
                     f"{every.pct(99):>9.1f}{max(every.took, default=0):>9.1f}  in {self.elapsed:.1f} s")
        steady = self.steady()
        if steady is not None:
            rate, middle = steady
            lines.append(f"{'steady':<10}{len(middle.took):>7}{rate:>9.0f}{middle.pct(50):>9.1f}{middle.pct(99):>9.1f}"
                         f"{max(middle.took, default=0):>9.1f}  the middle 80 % of the turns")
        lines.append("counted in the database:")
        for channel, c in self.counts.items():
            lines.append(f"  {channel}: {c.line()}")
            lines += [f"    {example[:1500]}" for example in c.examples]
        lines.append(f"  messages lost = {sum(c.lost for c in self.counts.values())}, "
                     f"handoffs lost = {sum(c.handoffs_lost for c in self.counts.values())}, "
                     f"duplicated = {sum(c.duplicated for c in self.counts.values())}")
        if self.cpu and self.turns:
            used = ", ".join(f"{name} {seconds / self.turns * 1000:.1f} ms" for name, seconds in self.cpu.items())
            lines.append(f"CPU per turn: {used}; {sum(self.cpu.values()) / self.elapsed:.2f} of the machine's cores "
                         f"busy with them (load average {self.load[0]:.1f} before, {self.load[1]:.1f} after)")
        if self.machine:
            m, stack = self.machine, sum(self.cpu.values())
            lines.append(f"the whole machine: {m['busy'] / self.elapsed:.2f} cores busy, of which "
                         f"{max(0.0, m['busy'] - stack) / self.elapsed:.2f} not with the stack; "
                         f"{m['stolen'] / self.elapsed:.2f} taken by the host (steal)")
        if self.to_threads is None:
            lines.append("turns' database work sent from the event loop to threads: the workers' /metrics could not "
                         "be read")
        else:
            why = ", ".join(f"{reason} {n}" for reason, n in self.to_threads.most_common() if n)
            lines.append(f"turns' database work sent from the event loop to threads (dialogs/onloop.py; it costs more "
                         f"CPU there): {sum(self.to_threads.values())}{f' ({why})' if why else ''}")
        if self.failure is not None:
            lines += ["the failure:", *(f"  {line}" for line in self.failure.lines)]
        return "\n".join(lines)


@dataclass(frozen=True)
class Misses:
    """One worker's `qyzmet_loop_misses` by reason, and when its process started (a restart counts from 0)."""
    started: float
    by_reason: Counter


def sent_to_threads(before: dict[str, Misses | None], after: dict[str, Misses | None]) -> Counter | None:
    """The work sent to threads during the run, summed over the workers read both times (None: none was); a
    worker started again in the run (`--kill`) counts all it has done since."""
    moved, read = Counter(), False
    for url, then in before.items():
        now = after.get(url)
        if then is None or now is None:
            continue
        read = True
        for reason, count in now.by_reason.items():
            moved[reason] += count if now.started != then.started else count - then.by_reason[reason]
    return moved if read else None


class Rig:
    """The stack, and its fake Telegram and Twilio on an event loop in a thread of this process (where the
    clients run too: they wait on what the bot sends there)."""

    def __init__(self, workers: int = 2, rasa: bool = False, keep: bool = False, fresh: bool = False) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True, name="stack-clients")
        self.thread.start()
        self.clouds = Clouds()
        self.clouds_runner, url = self.call(serve(self.clouds))
        try:
            self.stack = Stack(workers, rasa=rasa, clouds_url=url, keep=keep, fresh=fresh)
        except BaseException:
            self._stop_loop()
            raise

    def call(self, coro, timeout: float | None = None):
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def up(self) -> Rig:
        try:
            self.stack.up()
        except BaseException:
            self.close()
            raise
        return self

    def run(self, plan: Plan) -> Report:
        return self.call(Load(self, plan).run())

    def warm_up(self) -> Report:
        """A few conversations of each channel, not measured: what each worker does once (the first
        answers' audio, aiogram's validators, the database's caches) is not a citizen's wait."""
        return self.run(WARM_UP)

    def _stop_loop(self) -> None:
        self.call(self.clouds_runner.cleanup())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)

    def close(self) -> None:
        try:
            self.stack.down()
        finally:
            self._stop_loop()

    def __enter__(self) -> Rig:
        return self.up()

    def __exit__(self, *exc) -> None:
        self.close()


class Load:
    def __init__(self, rig: Rig, plan: Plan) -> None:
        self.rig, self.plan, self.stack, self.clouds = rig, plan, rig.stack, rig.clouds
        self.front = self.stack.front_url
        self.run_id = random.randrange(10**6)
        self.tallies = {channel: Tally() for channel in Channel}
        self.sent: dict[Channel, list[Sent]] = {channel: [] for channel in Channel}
        self.finished = 0
        self.reached = asyncio.Event()
        self.validator = RequestValidator(TWILIO_TOKEN)

    async def run(self) -> Report:
        plan = self.plan
        connector = aiohttp.TCPConnector(limit=0)
        async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=20)) as self.http:
            failing = stack_failures.Failing(self.stack, plan.failure)
            watcher = asyncio.ensure_future(self._fail_when_due(failing))
            load_before, cpu_before, machine_before = os.getloadavg()[0], self._cpu(), machine_seconds()
            moved_before = await self._to_threads()
            started = time.monotonic()
            await asyncio.gather(*[self.rest(n) for n in range(plan.rest)],
                                 *[self.telegram(n) for n in range(plan.telegram)],
                                 *[self.call(n) for n in range(plan.voice)])
            elapsed = time.monotonic() - started
            cpu = {name: seconds - cpu_before.get(name, 0.0) for name, seconds in self._cpu().items()}
            load = (load_before, os.getloadavg()[0])
            machine = {k: v - machine_before[k] for k, v in machine_seconds().items() if k in machine_before}
            moved = sent_to_threads(moved_before, await self._to_threads())
            self.reached.set()
            await watcher
            outcome = await failing.after(self.http, self.tallies) if plan.failure != Failure.NONE else None
        loop = asyncio.get_running_loop()
        counts = {channel: await loop.run_in_executor(None, count, self.stack.postgres.url, self.sent[channel])
                  for channel in Channel}
        return Report(plan, elapsed, self.tallies, counts, outcome, cpu, load, machine, moved)

    def _cpu(self) -> dict[str, float]:
        """The stack's pieces, and this process: the clients and the fake Telegram and Twilio APIs."""
        return {**self.stack.cpu(), "clients and fake APIs": cpu_seconds(os.getpid())}

    async def _to_threads(self) -> dict[str, Misses | None]:
        """Each worker's work sent from the loop to threads (None: it could not be read). A busy machine shows
        here: work on the loop that met a slow database goes to threads for a while."""
        read: dict[str, Misses | None] = {}
        for url in self.stack.worker_urls:
            read[url] = None
            try:
                async with self.http.get(f"{url}/metrics", timeout=aiohttp.ClientTimeout(total=5)) as response:
                    if response.status != 200:
                        continue
                    text = await response.text()
                samples = [sample for family in text_string_to_metric_families(text) for sample in family.samples]
            except (aiohttp.ClientError, TimeoutError, ValueError):     # down, hung, or not metrics
                continue
            started = next((s.value for s in samples if s.name == "process_start_time_seconds"), 0.0)
            read[url] = Misses(started, Counter({s.labels["reason"]: int(s.value) for s in samples
                                                 if s.name == "qyzmet_loop_misses_total"}))
        return read

    async def _fail_when_due(self, failing: stack_failures.Failing) -> None:
        await self.reached.wait()
        if self.plan.failure != Failure.NONE and self.finished < self.plan.planned():
            await asyncio.get_running_loop().run_in_executor(None, failing.now)

    def done(self, channel: Channel, took_ms: float) -> None:
        tally = self.tallies[channel]
        tally.took.append(took_ms)
        tally.done_at.append(time.monotonic())
        self.finished += 1
        if self.finished >= self.plan.at * self.plan.planned():
            self.reached.set()

    async def deliver(self, channel: Channel, method: str, url: str, **request) -> tuple[int, str] | None:
        """One delivery, sent again on a connection error or a 5xx; (status, body), or None once given up."""
        tally, delay = self.tallies[channel], 0.05
        give_up = time.monotonic() + GIVE_UP
        while True:
            try:
                async with self.http.request(method, url, **request) as r:
                    body = await r.text()
                if r.status < 500:
                    return r.status, body
                # a clear error is one the client can read: JSON from the worker, not the proxy's HTML page
                what = f"HTTP {r.status} {'JSON' if body.startswith('{') else 'page'}"
            except (aiohttp.ClientError, TimeoutError) as e:
                what = type(e).__name__
            tally.errors[what] += 1
            if time.monotonic() > give_up:
                tally.gave_up += 1
                return None
            await asyncio.sleep(delay)
            delay = min(1.0, delay * 2)

    # ------------------------------------------------------------ REST widgets

    async def rest(self, n: int) -> None:
        sender = f"stack-{self.run_id}-{n}"
        sent = Sent(f"rest:{sender}")
        self.sent[Channel.REST].append(sent)
        said = [f"/lang {'kk' if n % 2 else 'ru'}"] + conversation(n, self.plan.turns - 1, back_from_operator=True)
        for i, text in enumerate(said):
            await asyncio.sleep(random.uniform(0, self.plan.pause))
            started = time.perf_counter()
            body = {"sender": sender, "message": text, "message_id": f"{self.run_id}-{n}-{i}"}
            answer = await self.deliver(Channel.REST, "POST", f"{self.front}/webhooks/rest/webhook", json=body)
            if answer is None:
                continue
            status, raw = answer
            if status != 200:
                self.tallies[Channel.REST].errors[f"HTTP {status}"] += 1
                continue
            self.done(Channel.REST, (time.perf_counter() - started) * 1000)
            sent.lines.append(text)
            sent.handoffs += any("handoff" in (m.get("custom") or {}) for m in json.loads(raw))

    # ------------------------------------------------------------ Telegram chats

    async def telegram(self, n: int) -> None:
        user = 10**9 + self.run_id * 1000 + n
        sent = Sent(f"telegram:{user}")
        self.sent[Channel.TELEGRAM].append(sent)
        tally = self.tallies[Channel.TELEGRAM]
        language = ("kk", "ru", None)[n % 3]
        headers = {"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}
        said = ["/start"] + conversation(n, self.plan.turns - 1, back_from_operator=True)
        for text in said:
            await asyncio.sleep(random.uniform(0, self.plan.pause))
            for _again in range(3):          # told it went wrong, a person sends it again
                update = self.clouds.telegram.text(user, text, language=language)
                since = self.clouds.mark(user)
                started = time.monotonic()
                answer = await self.deliver(Channel.TELEGRAM, "POST", f"{self.front}/webhooks/telegram",
                                            json=update, headers=headers)
                if answer is None:
                    break
                if answer[0] != 200:
                    tally.errors[f"HTTP {answer[0]}"] += 1
                    break
                line = "[start]" if text == "/start" else text
                at = await self.clouds.answered(user, since, QUIET, timeout=NO_ANSWER)
                if at is None:
                    tally.unanswered += 1
                    sent.lines.append(line)          # acknowledged: it must be in the transcript all the same
                    break
                told = self.clouds.told(user, since)
                if any(t.startswith(SORRY) for t in told):
                    tally.error_replies += 1
                    sent.unsure += 1
                    continue
                self.done(Channel.TELEGRAM, (at - started) * 1000)
                sent.lines.append(line)
                sent.handoffs += any(t.startswith(QUEUED) for t in told)
                break

    # ------------------------------------------------------------ voice calls

    async def call(self, n: int) -> None:
        for again in range(2):                    # told something went wrong, a caller calls again
            caller = Caller(self, n + 1000 * again)
            self.sent[Channel.VOICE].append(caller.sent)
            await caller.call()
            if not caller.apologised:
                break


class Caller:
    """One call, webhook by webhook, each signed over the public address as Twilio signs it."""

    def __init__(self, load: Load, n: int) -> None:
        self.load, self.n = load, n
        self.sid = "CA" + uuid.uuid4().hex
        self.number = f"+7701{(load.run_id * 1000 + n) % 10**7:07d}"
        self.kazakh, self.operator = n % 2 == 0, n % 3 == 0
        self.sent = Sent(f"voice:{self.sid}", steps=0)
        self.action = f"{load.front}/ivr/voice"
        self.queued = False                       # in the operators' queue: asked for, or after an apology
        self.apologised = False
        self.over = False                         # queued, or the line went dead

    async def hook(self, url: str, **params) -> str:
        load = self.load
        params = {"CallSid": self.sid, "From": self.number, "To": "+77172000000", "AccountSid": "AC" + "5" * 32,
                  "CallStatus": "in-progress", **params}
        headers = {"X-Twilio-Signature": load.validator.compute_signature(url, params)}
        started = time.perf_counter()
        answer = await load.deliver(Channel.VOICE, "POST", url, data=params, headers=headers)
        if answer is None:
            self.over = True
            return ""
        status, text = answer
        if status not in (200, 204):
            load.tallies[Channel.VOICE].errors[f"HTTP {status}"] += 1
            self.over = True
            return ""
        load.done(Channel.VOICE, (time.perf_counter() - started) * 1000)
        stepped = "/ivr/voice" in url or "/ivr/step" in url
        apology = "/apology.wav" in text or APOLOGY_RU in text
        if apology:
            load.tallies[Channel.VOICE].error_replies += 1
            self.apologised = True
        elif stepped:
            self.sent.steps += 1
        if "<Enqueue" in text:
            # an apology queues the caller too, but it is the error's answer, not a hand-over the engine
            # made: while the database is away nothing can be written of it (counted as told it failed)
            self.sent.handoffs += not apology
            self.queued = self.over = True
        if ACTION in text:
            self.action = text.split(ACTION, 1)[1].split('"', 1)[0].replace("&amp;", "&")
        return text

    async def listen(self) -> None:
        await asyncio.sleep(random.uniform(0, self.load.plan.voice_pause))

    async def press(self, digits: str = "", **said) -> None:
        if not self.over:
            await self.listen()
            await self.hook(self.action, **({"Digits": digits} if digits else {}), **said)

    async def call(self) -> None:
        front = self.load.front
        await self.hook(self.action, CallStatus="ringing")
        await self.press("1" if self.kazakh else "2")
        if self.kazakh:
            await self.press("1")                     # the services, on the keys
            await self.press("9")                     # the next page
            await self.press("1")
        else:
            await self.press(SpeechResult="справка о несудимости", Confidence="0.91")
        await self.press("2")                         # the situation
        for _ in range(2):
            await self.press("2")                     # the answer's next part
        if self.n % 4 == 1:
            await self.press("3")                     # by SMS
        await self.press("*")
        await self.press("2")                         # the nearest office
        if self.kazakh:
            await self.press("1")
            await self.press("1")
        else:
            await self.press(SpeechResult="Караганда", Confidence="0.88")
        if self.operator:
            await self.press("0")
        if self.queued:                               # the wait music, then the caller hangs up
            await self.hook(f"{front}/ivr/wait", QueuePosition="2", QueueTime="15")
            await self.hook(f"{front}/ivr/dequeued", QueueResult="hangup")
        await self.hook(f"{front}/ivr/status", CallStatus="completed", CallDuration="60")


def machine_speed() -> float:
    """Seconds for ten million additions to a global in pure Python: this shared machine's speed at the moment.
    It has varied by half within minutes, and the stack's figures with it: compare runs at like speeds."""
    started = time.perf_counter()
    exec("total = 0\nfor i in range(10_000_000):\n    total += i", {})     # globals: dict lookups, as the stack
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rest", type=int, default=150, help="REST conversations at once")
    parser.add_argument("--telegram", type=int, default=50, help="Telegram chats at once")
    parser.add_argument("--voice", type=int, default=50, help="calls at once")
    parser.add_argument("--turns", type=int, default=12, help="messages per REST or Telegram conversation")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--at", type=float, default=0.4, help="the failure once this share of the turns is done")
    parser.add_argument("--voice-pause", type=float, default=0.2, help="the longest a caller listens (s)")
    parser.add_argument("--pause", type=float, default=0.0, help="the longest a chat takes to write again (s)")
    parser.add_argument("--paced", action="store_true", help="the target's load: --pause 1.5 --voice-pause 1.5, "
                                                                 "and the target checked on the steady middle")
    parser.add_argument("--keep", action="store_true", help="keep the stack's folder (logs) afterwards")
    parser.add_argument("--fresh", action="store_true", help="migrate an empty database (not the cached one)")
    which = parser.add_mutually_exclusive_group()
    for failure in list(Failure)[1:]:
        which.add_argument(f"--{failure}", dest="failure", action="store_const", const=failure)
    args = parser.parse_args()
    failure = args.failure or Failure.NONE
    if args.paced:
        args.pause = args.voice_pause = PACED
    plan = Plan(args.rest, args.telegram, args.voice, args.turns, failure, args.at, args.voice_pause, args.pause)
    if failure == Failure.STOP_RASA and not rasa_available():
        print("bench/stack_load: no Rasa environment and model here (scripts/rasa.sh train)", file=sys.stderr)
        return 2
    with Rig(args.workers, rasa=failure == Failure.STOP_RASA, keep=args.keep, fresh=args.fresh) as rig:
        print(f"stack up in {rig.stack.took:.1f} s ({args.workers} workers)"
              f"{'; folder ' + str(rig.stack.folder) if args.keep else ''}", flush=True)
        rig.warm_up()
        before = machine_speed()
        report = rig.run(plan)
        after = machine_speed()
    print(f"{plan.rest} REST conversations, {plan.telegram} Telegram chats, {plan.voice} calls at once; "
          f"failure: {failure}")
    print(report.render())
    print(f"this machine's speed: 10^7 additions in pure Python took {before:.2f} s before the run, {after:.2f} s "
          f"after (0.45-0.85 s in its quick spells, 0.9-1.1 s in its slow ones)")
    steady = report.steady()
    missed = failure == Failure.NONE and args.paced and (steady is None or steady[0] < TARGET_TURNS
                                                          or steady[1].pct(99) > TARGET_P99_MS)
    failed = report.lost or (report.failure is not None and not report.failure.ok)
    return 1 if failed or missed else 0


if __name__ == "__main__":
    sys.exit(main())
