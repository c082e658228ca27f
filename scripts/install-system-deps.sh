#!/usr/bin/env bash
# Debian packages the service and its tests use; idempotent, skips what is already there.
#   libreoffice-writer-nogui + python3-uno : PDF output (warm unoserver converter)
#   fonts-liberation2                      : Times New Roman metrics with Vietnamese letters
#   poppler-utils                          : PDF -> PNG previews, page counts, text checks
#   chromium                               : browser tests (Playwright drives Debian's build)
#   redis-server                           : the Redis-backed job queue and its tests
#   python3-venv                           : the venv of the LibreOffice bridge (.venv-uno)
#   postgresql                             : the register's tests against a real server (throwaway cluster)
#   nginx-light                            : the production reverse proxy, tested for real
set -euo pipefail
want=(libreoffice-writer-nogui python3-uno fonts-liberation2 poppler-utils chromium redis-server python3-venv postgresql nginx-light)
[ "${1:-}" = "--runtime" ] && want=(libreoffice-writer-nogui python3-uno fonts-liberation2 poppler-utils python3-venv)
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages: all present"
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "missing Debian packages: ${missing[*]} (run as root: apt-get install ${missing[*]})" >&2
  exit 1
fi
echo "installing: ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
