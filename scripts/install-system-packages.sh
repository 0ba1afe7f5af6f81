#!/usr/bin/env bash
# Debian packages the project needs beyond Python: PostgreSQL for the database
# tests; Redis for the Telegram bot's shared storage (its tests start a throw-away server); espeak-ng,
# whose Kazakh voice speaks the voice line's Kazakh prompts (Twilio has none); nginx, the proxy in front of
# the web workers (deploy/nginx.conf, run natively by the tests and the bench); Chromium (and a font with Kazakh letters) for the web chat's browser tests;
# npm to fetch the third-party widget those tests also run (scripts/install-test-widgets.sh,
# called last). Installs only what is missing, so a second run is quick and offline.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
[ -x /usr/lib/postgresql/15/bin/postgres ] || ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v espeak-ng >/dev/null 2>&1 || need+=(espeak-ng)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx)
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need+=(chromium)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
command -v npm >/dev/null 2>&1 || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${need[@]}"
fi
echo "system packages: ok (${need[*]:-nothing to install})"
bash scripts/install-test-widgets.sh
