#!/usr/bin/env bash
# Debian packages the project needs beyond Python: PostgreSQL for the database
# tests. Installs only what is missing, so a second run is quick and offline.
set -euo pipefail
need=()
[ -x /usr/lib/postgresql/15/bin/postgres ] || ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${need[@]}"
fi
echo "system packages: ok (${need[*]:-nothing to install})"
