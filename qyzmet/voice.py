"""`qyzmet voice prompts`: the voice line's fixed Kazakh prompts rendered to audio (part of `make build`)."""

from __future__ import annotations

import sys
from pathlib import Path

from ivr.config import DEFAULT_AUDIO


def add_parser(subparsers) -> None:
    voice = subparsers.add_parser("voice", help="the 1414 voice line's audio")
    sub = voice.add_subparsers(dest="voice_command", required=True)
    prompts = sub.add_parser("prompts", help="render the fixed Kazakh prompts with espeak-ng (studio recordings "
                                             "of the same name are kept)")
    prompts.add_argument("--dir", type=Path, default=None, help="the audio folder (default: IVR_AUDIO_DIR or "
                                                                 "var/voice)")
    prompts.add_argument("--if-possible", action="store_true",
                         help="without espeak-ng, say so and succeed (a machine that runs no voice line)")
    prompts.set_defaults(handler=run_prompts)


def run_prompts(args) -> int:
    from ivr.audio import NoVoice, build
    from qyzmet import logs

    logs.setup(args.settings.log_format, args.settings.log_level)
    folder = args.dir or (args.settings.voice.audio_dir if args.settings.voice else DEFAULT_AUDIO)
    try:
        done = build(folder)
    except NoVoice as e:
        print(f"qyzmet voice prompts: {e}", file=sys.stderr)
        return 0 if args.if_possible else 2
    print(f"Kazakh prompts in {folder}/kk: {done['rendered']} rendered, {done['kept']} up to date, "
          f"{done['studio']} studio recordings kept")
    return 0
