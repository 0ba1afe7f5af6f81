"""`qyzmet nlu …`: train, parse, evaluate."""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time

from nlu.data import DataError, load


def add_parser(subparsers) -> None:
    nlu = subparsers.add_parser("nlu", help="understanding Kazakh and Russian questions")
    sub = nlu.add_subparsers(dest="nlu_command", required=True)
    train = sub.add_parser("train", help="train the built-in classifier from nlu/data/train")
    train.add_argument("--if-stale", action="store_true",
                       help="only when the training data, the standards' titles or the classifier code changed "
                            "since the saved model was trained")
    parse = sub.add_parser("parse", help="parse one text, or one text per line of stdin with --jsonl")
    parse.add_argument("text", nargs="?", help="the text to parse")
    parse.add_argument("--jsonl", action="store_true", help="read lines from stdin, write one JSON object per line")
    parse.add_argument("--backend", choices=("builtin", "rasa"), help="overrides NLU_BACKEND")
    ev = sub.add_parser("eval", help="accuracy on the held-out test split; exit 1 below target")
    ev.add_argument("--backend", choices=("builtin", "rasa"), help="overrides NLU_BACKEND")
    ev.add_argument("--json", action="store_true", help="the report as JSON")
    ev.add_argument("--errors", action="store_true", help="also list every misclassified example")
    ev.add_argument("--split", choices=("test", "heldout"), default="test",
                    help="test: nlu/data/test (default); heldout: nlu/heldout, harder text by style, and aspects")
    nlu.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        if args.nlu_command == "train":
            return _train(args.settings, args.if_stale)
        if args.nlu_command == "parse":
            return _parse(args)
        return _eval(args)
    except DataError as e:
        print(f"error in the NLU data: {e}", file=sys.stderr)
        return 2


def _train(settings, if_stale: bool = False) -> int:
    from nlu.builtin import DATA_DIR, data_fingerprint, model_path, saved_fingerprint, train_and_save
    from nlu.services import knowledge_titles

    started = time.perf_counter()
    titles = knowledge_titles(settings.database_url)
    path = model_path(settings.nlu_model)
    if if_stale:
        fingerprint = data_fingerprint(DATA_DIR, titles)
        if saved_fingerprint(path) == fingerprint:
            print(f"NLU model up to date (trained on the same data and code, fingerprint {fingerprint}; "
                  f"checked in {time.perf_counter() - started:.2f} s) -> {path}")
            return 0
    model = train_and_save(titles, path, root=DATA_DIR)   # the data fingerprinted is the data trained on
    print(f"trained the built-in classifier on {model.examples} examples in {model.trained_seconds:.1f} s "
          f"({time.perf_counter() - started:.1f} s in all) -> {path}")
    return 0


def _parser(args: argparse.Namespace):
    """The configured parser (qyzmet.cli puts the settings on args); --backend overrides NLU_BACKEND."""
    from nlu.backend import get_parser

    s = args.settings
    return get_parser(args.backend or s.nlu_backend, rasa_url=s.rasa_url, rasa_timeout=s.rasa_timeout,
                      model=s.nlu_model, database=s.database_url)


def _write(obj: dict) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def _parse(args) -> int:
    if not args.jsonl and args.text is None:
        print("give a text, or --jsonl to read lines from stdin", file=sys.stderr)
        return 2
    parser = _parser(args)
    if not args.jsonl:
        _write(parser.parse(args.text).to_dict())
        return 0
    # Bytes, not text: one undecodable line must not stop the lines after it.
    for number, raw in enumerate(sys.stdin.buffer, start=1):
        raw = raw.rstrip(b"\r\n")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            _write({"text": None, "line": number, "error": f"line {number} is not valid UTF-8 ({e.reason} at byte {e.start})"})
            continue
        try:
            _write(parser.parse(text).to_dict())
        except Exception as e:   # one bad line never stops the rest; say what happened
            logging.getLogger(__name__).exception("parse failed on line %d", number)
            _write({"text": text[:200], "line": number, "error": f"could not parse: {type(e).__name__}"})
    return 0


def _eval(args) -> int:
    from nlu.data import HELDOUT_DIR, load_aspects
    from nlu.evaluate import evaluate, format_report

    parser = _parser(args)
    if args.split == "heldout":
        report = evaluate(parser, load("heldout", root=HELDOUT_DIR.parent), heldout=True, aspects=load_aspects())
        title = f"held-out split of harder text (nlu/heldout), by style, backend {parser.name}"
    else:
        report = evaluate(parser, load("test"))
        title = f"held-out test split, backend {parser.name}"
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=1))
    else:
        print(format_report(report, title))
    if args.errors:
        for e in report.errors:
            print(f"  [{e['language']}] {e['expected']} -> {e['predicted']} ({e['confidence']}): {e['text']}")
    return 0 if report.passed() else 1
