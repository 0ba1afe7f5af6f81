"""Benchmark: what masking personal data costs (dialogs.privacy.mask, run on every line a citizen writes and
every log record). Targets: ≤ 20 µs a typical message; ≤ 1 s for the worst 64 KB message built to be slow.

A REST body may be 64 KB, and its text is kept whole (masked), so a pattern that tries a run of spaces every
way, or follows a list of numbers again from each of them, blocks a worker's event loop for as long as it
takes: "тел " and 21,000 groups "12 " took 64 s before `_listed` stopped at what was found already, and
"тел " and 16,000 groups "123 " 7 s while each looked for thousands in all that followed.

Run: .venv/bin/python bench/masking.py [--runs 5]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import yaml

from dialogs.privacy import mask

SIZE = 64 * 1024
TYPICAL_TARGET_US = 20.0
WORST_TARGET_S = 1.0

# each repeated to 64 KB: runs of what the patterns look for, where a pattern could try many ways or start again
REPEATED = [" ", "\t", "\n", "1", "12 ", "1-", "1 2 ", "тел ", "тел/", "тел. / ", "тел: - ", "тел 1 ", "тел 12 ",
            "тел 25 12 34 ке ", "тел    /    факс    ", "сот. ", "тел№ ", "at ", "a at b.", "a.a ", "a dot ",
            "a [dot] ", "x [at] ", "a at a dot ", "a.b at ", "a dot a at ", "[(", "[at](", "a[dot]",
            "a (at) a (dot) ", "a собака ", "1a", "a-", "a.", "a_", "a@", "abc ", "look at egov.kz ",
            "Contact me at ", "господин ", "Господин Оспанов ", "гражданин Чайковский ", "гражданин Российской ",
            "гр. ", "Гр. Ахметов, ", "Ахметбай, Нурлан ", "Жанбай ", "абвгд", "Иван Петров ", "меня зовут ",
            "ФИО: ", "тел 25 12 34 dauren at gmail.com господин Оспанов ", "звоните мне на ", "свяжитесь со мной ",
            "25-12-34-ке қоңырау шал ", "Контакты: "]
# …and a word or two at the end that the run leads up to
ENDED = {"тел, spaces, a digit": ("тел", " ", "1"), "тел:, tabs, digits": ("тел:", "\t", "55"),
         "a, spaces, at, spaces, b.kz": ("a", " ", "at" + " " * 30000 + "b.kz"),
         "a long word, at gmail.com": ("", "a", " at gmail.com"), "тел, groups of 12": ("тел ", "12 ", ""),
         "1a run, at": ("", "1a", " at "), "a.a run, at b.kz": ("", "a.", " at b.kz"),
         "ab dot chain, at gmail dot com": ("", "ab dot ", "at gmail dot com"),
         # a list after a phone, each number of it once looked at all that followed (7 s)
         "тел, groups of 123": ("тел ", "123 ", ""), "тел, groups of 123 and spaces": ("тел ", "123     ", ""),
         "тел, 1 23 45 list": ("тел ", "1 23 45, ", ""),
         "a phone, и 123 456 list": ("8 701 123 45 67 ", "и 123 456 ", ""),
         "тел, 1 ": ("тел ", "1 ", ""), "тел, 12 000": ("тел ", "12 000 ", ""),
         "тел, hours": ("тел 25-12-34, ", "9.00-18.00, ", ""),
         "at chain, b.kz": ("", "aa at ", "b.kz"), "the at work.Kz": ("", "the at work.Kz ", ""),
         "тел, pairs": ("тел ", "25 12 ", ""), "тел and pairs, again": ("", "тел 25 12 34 ", ""),
         # numbers with their code listed after a cue: each read all the digits after it anew (4.7 s)
         "тел, 71 71 23 45 67 list": ("тел ", "71 71 23 45 67 ", ""),
         "звоните мне, 8 171 list": ("Звоните мне: ", "8 171 123 45 67, ", ""),
         "a number, then хабарласыңыз": ("", "12 34 56 нөміріне хабарласыңыз ", ""),
         # the words after a number: a list before "мои телефоны", or between a dative and a request, read back
         # to its sentence's start for each number; "және" once read as a dative before each (2.1 s); brackets and
         # lines read back to the line's start (3.6 s)
         "a list, мои телефоны": ("", "43-12-87, ", "43-12-88 — мои телефоны"),
         "бөлімге, a list, хабарласыңыз": ("бөлімге ", "24-07-63, ", "24-07-64 хабарласыңыз"),
         "және list, then a full stop": ("", "24-07-63 және ", "24-07-64.\nхабарласыңыз"),
         "(дом) after numbers": ("", "1-23-45(дом)", ""),
         "— мой телефон, repeated": ("", "43-12-87 — мой телефон, ", "")}


def _to_size(unit: str, room: int = SIZE) -> str:
    return (unit * (room // len(unit) + 1))[:room]


def worst_inputs() -> dict[str, str]:
    inputs = {repr(unit): _to_size(unit) for unit in REPEATED}
    for name, (head, unit, tail) in ENDED.items():
        inputs[name] = head + _to_size(unit, SIZE - len(head) - len(tail)) + tail
    return inputs


def typical_messages() -> list[str]:
    """What citizens write: the NLU's training examples, both languages."""
    messages = []
    for path in sorted(Path(__file__).resolve().parents[1].glob("nlu/data/train/*/*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for item in data.get("nlu", []) if isinstance(data, dict) else []:
            messages += [line[2:].strip() for line in (item.get("examples") or "").splitlines()
                         if line.startswith("- ")]
    return messages


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    messages = typical_messages()
    for m in messages:                                  # caches warm, as in a running worker
        mask(m)
    best = min(_timed(lambda: [mask(m) for m in messages]) for _ in range(args.runs)) / len(messages) * 1e6
    print(f"typical: {best:.1f} µs a message, the best of {args.runs} runs over {len(messages)} messages "
          f"(target ≤ {TYPICAL_TARGET_US:.0f} µs)")

    times = sorted(((_timed(lambda: mask(text)), name) for name, text in worst_inputs().items()), reverse=True)
    print(f"worst 64 KB inputs, {len(times)} tried (target ≤ {WORST_TARGET_S:.0f} s each); the slowest five:")
    for seconds, name in times[:5]:
        print(f"  {seconds:7.3f} s  {name}")
    met = best <= TYPICAL_TARGET_US and times[0][0] <= WORST_TARGET_S
    print("targets met" if met else "TARGET MISSED")
    raise SystemExit(0 if met else 1)


def _timed(work) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
