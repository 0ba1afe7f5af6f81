#!/usr/bin/env bash
# Third-party web-chat widgets the browser tests run against our REST channel, fetched
# with npm into a cache outside the checkout. Test-only: never committed, never served
# in production (@scalableminds/chatroom is AGPL-3.0).
#
#   scripts/install-test-widgets.sh          install what is missing (offline when cached)
#   scripts/install-test-widgets.sh --path   print where the widget lands
#
# Lands in ${QYZMET_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/qyzmet}/npm/scalableminds-chatroom-0.12.0/package
# (tests/web/test_browser.py looks there). Without npm it says so and exits 0:
# the widget test is then skipped with the reason.
set -euo pipefail

NAME=@scalableminds/chatroom
VERSION=0.12.0
# what the npm registry publishes for this version (`npm view $NAME@$VERSION dist.integrity`)
INTEGRITY=sha512-ZMe7nmv6JIjllraP2SvSy11Q68efbBApHPCY1CyKjI/5go5vrhB4xMDOgk4SrRxm0YKgj37YIHHJvKZcNMEc3A==
CACHE="${QYZMET_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/qyzmet}"
DEST="$CACHE/npm/scalableminds-chatroom-$VERSION"

if [ "${1:-}" = "--path" ]; then echo "$DEST/package"; exit 0; fi

# .complete is written last: an interrupted install is redone, never half-used
if [ -f "$DEST/.complete" ]; then
  echo "test widgets: $NAME@$VERSION in $DEST/package (cached)"
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "test widgets: npm not found, $NAME@$VERSION not installed (its browser test will be skipped);" \
       "install npm (Debian: apt-get install npm) and run $0" >&2
  exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/qyzmet-widgets.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# `npm pack` fetches the published tarball alone: no dependencies, no install scripts run
( cd "$tmp" && npm pack --silent --json "$NAME@$VERSION" >pack.json )
tarball=$(ls "$tmp"/*.tgz)
got=$(python3 -c 'import base64, hashlib, sys
print("sha512-" + base64.b64encode(hashlib.sha512(open(sys.argv[1], "rb").read()).digest()).decode())' "$tarball")
if [ "$got" != "$INTEGRITY" ]; then
  echo "test widgets: $NAME@$VERSION does not match its recorded integrity ($got)" >&2
  exit 1
fi
mkdir -p "$tmp/out"
tar -xzf "$tarball" -C "$tmp/out"
for f in dist/Chatroom.js dist/Chatroom.css LICENSE; do
  [ -f "$tmp/out/package/$f" ] || { echo "test widgets: $NAME@$VERSION has no $f" >&2; exit 1; }
done
rm -rf "$DEST"
mkdir -p "$(dirname "$DEST")"
mv "$tmp/out" "$DEST"
touch "$DEST/.complete"
echo "test widgets: $NAME@$VERSION installed in $DEST/package"
