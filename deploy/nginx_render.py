"""deploy/nginx.conf rendered for a native run: the web workers on loopback ports instead of Docker's `web`.

The file is compose's as it is; the lines marked `# render: <what>` are the ones changed here:
  upstream     the one `server web:8080 …` line becomes a line per worker address, with the same options
               less `resolve` (Docker's DNS is not there, and Debian's nginx 1.22 does not know it)
  listen       the address to listen on (a loopback one)
  docker only  the resolver line, dropped
  access_log   kept, or `access_log off;` (a load test's nginx has better use for its core)
  workers      worker_processes
Every path in the file is relative to nginx's prefix, so the rendered file is run as
`nginx -p DIR/ -c FILE -e stderr -g 'daemon off;'` (`command()` below) by any user, from any folder.

    python deploy/nginx_render.py --listen 127.0.0.1:9080 --upstream 127.0.0.1:9081 --upstream 127.0.0.1:9082
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parent / "nginx.conf"
MARK = re.compile(r"#\s*render:\s*([a-z_ ]+?)\s*(?:\.|$)")
ADDRESS = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):\d{1,5}$")
MARKS = ("upstream", "listen", "docker only", "access_log", "workers")


class RenderError(ValueError):
    """The template lacks a mark (someone edited it) or an address is not host:port."""


def _address(value: str) -> str:
    if not ADDRESS.match(value) or not 1 <= int(value.rsplit(":", 1)[1]) <= 65535:
        raise RenderError(f"not an address like 127.0.0.1:8081: {value!r}")
    return value


def render(upstreams: Sequence[str], listen: str, *, access_log: bool = True, workers: int = 1,
           template: str | None = None) -> str:
    """The configuration with `upstreams` (host:port each) behind `listen` (host:port)."""
    if not upstreams:
        raise RenderError("at least one upstream address is needed")
    if not 1 <= workers <= 64:
        raise RenderError(f"workers must be from 1 to 64, not {workers}")
    servers = [_address(u) for u in upstreams]
    listen = _address(listen)
    text = TEMPLATE.read_text(encoding="utf-8") if template is None else template
    seen: dict[str, int] = {}
    out: list[str] = []
    for line in text.splitlines():
        mark = MARK.search(line)
        if mark is None:
            out.append(line)
            continue
        what = mark.group(1)
        seen[what] = seen.get(what, 0) + 1
        indent = line[:len(line) - len(line.lstrip())]
        if what == "upstream":
            options = [o for o in line.split("#", 1)[0].strip().rstrip(";").split()[2:] if o != "resolve"]
            out += [f"{indent}server {' '.join([s, *options])};" for s in servers]
        elif what == "listen":
            out.append(f"{indent}listen {listen};")
        elif what == "docker only":
            continue
        elif what == "access_log":
            out.append(line if access_log else f"{indent}access_log off;")
        elif what == "workers":
            out.append(f"{indent}worker_processes {workers};")
        else:
            raise RenderError(f"unknown render mark {what!r} in: {line.strip()}")
    wrong = [m for m in MARKS if seen.get(m) != 1]
    if wrong:
        raise RenderError(f"the template must mark one line each for {', '.join(wrong)}")
    return "\n".join(out) + "\n"


def command(conf: Path, prefix: Path, nginx: str = "nginx") -> list[str]:
    """How to run a rendered file in the foreground, its pid, logs' and temporary files under `prefix`."""
    return [nginx, "-p", f"{prefix}/", "-c", str(conf), "-e", "stderr", "-g", "daemon off;"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--upstream", action="append", required=True, metavar="HOST:PORT",
                        help="a web worker's address (once per worker)")
    parser.add_argument("--listen", required=True, metavar="HOST:PORT")
    parser.add_argument("--workers", type=int, default=1, help="nginx's worker processes (default 1)")
    parser.add_argument("--no-access-log", action="store_true")
    args = parser.parse_args(argv)
    try:
        sys.stdout.write(render(args.upstream, args.listen, access_log=not args.no_access_log,
                                workers=args.workers))
    except RenderError as e:
        print(f"nginx_render: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
