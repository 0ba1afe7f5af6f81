"""A piece of the stack failing under load (bench/stack_load.py), and what shows the stack came through it.

- kill: `kill -9` the first worker, started again at once (compose's restart policy); the front sends
  the deliveries to the other meanwhile; afterwards the killed worker must be healthy again.
- restart-postgres: `pg_ctl restart -m fast`; afterwards every worker (the same processes: none was
  restarted) answers /health "ok" and a turn sent to it directly, and turns succeeded after the restart.
- stop-redis: redis-server stopped; meanwhile every worker's /health says "degraded" with Redis down,
  and Telegram turns are answered; afterwards Redis is started again and /health says "ok" again.
- stop-rasa: the Rasa server stopped; the built-in classifier answers (turns go on) and each worker's
  /metrics counts the texts it read instead (`qyzmet_nlu_rasa_fallbacks_total`, summed over workers).
"""

from __future__ import annotations

import asyncio
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field

from prometheus_client.parser import text_string_to_metric_families

from bench.stack import Stack

RASA_FALLBACKS = "qyzmet_nlu_rasa_fallbacks"       # nlu/metrics.py (a counter: its samples end in _total)


@dataclass
class Outcome:
    lines: list[str] = field(default_factory=list)
    ok: bool = True
    facts: dict = field(default_factory=dict)       # what the tests assert on

    def check(self, ok: bool, line: str) -> None:
        self.lines.append(("" if ok else "NOT OK: ") + line)
        self.ok = self.ok and ok


def health(url: str) -> tuple[int, dict]:
    """A worker's /health: (status, its JSON); (0, {}) when it does not answer."""
    try:
        with urllib.request.urlopen(url + "/health", timeout=5) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}")
    except (OSError, ValueError):
        return 0, {}


def rasa_fallbacks(url: str) -> float:
    """The Rasa fallbacks one worker counted (its /metrics), every reason together."""
    try:
        with urllib.request.urlopen(url + "/metrics", timeout=5) as r:
            text = r.read().decode()
    except OSError:
        return 0.0
    return sum(sample.value for family in text_string_to_metric_families(text) if family.name == RASA_FALLBACKS
               for sample in family.samples if sample.name.endswith("_total"))


def wait_for(check, seconds: float) -> float | None:
    """Seconds until `check()` was true, or None if it never was within `seconds`."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if check():
            return time.monotonic() - started
        time.sleep(0.1)
    return None


class Failing:
    def __init__(self, stack: Stack, failure: str) -> None:
        self.stack, self.failure = stack, failure
        self.began = self.ended = 0.0
        self.outcome = Outcome()
        self.pids = [w.proc.pid for w in stack.workers]

    def now(self) -> None:
        """The failure itself (blocking: run off the clients' event loop)."""
        stack, out = self.stack, self.outcome
        self.began = time.monotonic()
        if self.failure == "kill":
            stack.workers[0].kill()
            out.lines.append(f"{stack.workers[0].name} killed with SIGKILL (pid {self.pids[0]}), and started again "
                             f"at once, as compose's restart policy does")
            stack.workers[0].start()
        elif self.failure == "restart-postgres":
            done = stack.postgres.restart()
            out.check(done.returncode == 0, f"pg_ctl restart -m fast took {time.monotonic() - self.began:.1f} s")
        elif self.failure == "stop-redis":
            stack.redis.stop()
            degraded = wait_for(lambda: all(self._redis_down(url) for url in stack.worker_urls), 15)
            out.facts["degraded_after"] = degraded
            status, said = health(stack.worker_urls[0])
            out.facts["health_without_redis"] = said
            out.check(degraded is not None, f"redis-server stopped; every worker's /health said degraded "
                                            f"(Redis down) {'after %.1f s' % degraded if degraded is not None else 'NEVER'}:"
                                            f" {status} {json.dumps(said)}")
        elif self.failure == "stop-rasa":
            out.facts["fallbacks_before"] = sum(rasa_fallbacks(url) for url in stack.worker_urls)
            stack.rasa.terminate()              # it stops answering at once; its process takes a while to end
            gone = wait_for(lambda: not stack.rasa.healthy(), 15)
            out.check(gone is not None, "the Rasa server stopped")
        self.ended = time.monotonic()

    @staticmethod
    def _redis_down(url: str) -> bool:
        status, said = health(url)
        return status == 200 and said.get("status") == "degraded" and said.get("parts", {}).get("redis") == "down"

    async def after(self, http, tallies) -> Outcome:
        """Once the load is over: how the stack stands, and the turns that ended after the failure."""
        out = self.outcome
        after = {str(channel): sum(1 for t in tally.done_at if t > self.ended) for channel, tally in tallies.items()}
        out.facts["turns_after"] = after
        out.check(sum(after.values()) > 0, f"turns answered after the failure: {after}")
        await asyncio.get_running_loop().run_in_executor(None, self._afterwards)
        return out

    def _afterwards(self) -> None:
        stack, out = self.stack, self.outcome
        if self.failure == "kill":
            stack.workers[0].wait_healthy(120)
            out.check(health(stack.front_url)[0] == 200,
                      f"{stack.workers[0].name} healthy again {time.monotonic() - self.began:.1f} s after the kill")
        elif self.failure == "restart-postgres":
            same = [w.proc.pid for w in stack.workers] == self.pids and all(w.running for w in stack.workers)
            out.check(same, "no worker was restarted (the same processes)")
            for url in stack.worker_urls:
                status, said = health(url)
                out.check(status == 200 and said.get("status") == "ok", f"{url}/health: {status} {json.dumps(said)}")
                answered = _turn(url)
                out.check(answered == 200, f"{url}: a REST turn sent to it directly answered {answered}")
        elif self.failure == "stop-redis":
            stack.redis.start()
            stack.redis.wait_healthy(10)
            back = wait_for(lambda: all(health(url)[1].get("status") == "ok" for url in stack.worker_urls), 20)
            out.facts["ok_again_after"] = back
            out.check(back is not None, f"redis-server started again; /health said ok again "
                                        f"{'after %.1f s' % back if back is not None else 'NEVER (20 s)'}")
        elif self.failure == "stop-rasa":
            stack.rasa.stop()
            after = sum(rasa_fallbacks(url) for url in stack.worker_urls)
            before = out.facts["fallbacks_before"]
            out.facts["fallbacks_after"] = after
            out.check(after > before, f"Rasa fallbacks counted in /metrics (summed over the workers): "
                                      f"{before:.0f} before, {after:.0f} after")
            status, said = health(stack.worker_urls[0])
            out.facts["health_without_rasa"] = said
            out.lines.append(f"/health without Rasa: {status} {json.dumps(said)}")


def _turn(url: str) -> int:
    body = json.dumps({"sender": f"direct-{time.monotonic_ns()}", "message": "справка о несудимости"}).encode()
    request = urllib.request.Request(url + "/webhooks/rest/webhook", body, {"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code
    except OSError:
        return 0
