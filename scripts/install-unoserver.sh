#!/usr/bin/env bash
# Install unoserver into its own venv that sees the system `uno` module.
#
# LibreOffice's Python bridge (`uno`, Debian package python3-uno) is built for
# the system interpreter /usr/bin/python3 only, so unoserver must run there.
# The venv is created with --system-site-packages so that `import uno` works.
#
# Idempotent: re-running it only checks the existing venv.
# Requires (Debian 12): libreoffice-writer-nogui python3-uno python3-venv.
#
# Usage: scripts/install-unoserver.sh        (venv: <repo>/.venv-uno)
#        UNOSERVER_VENV=/path scripts/install-unoserver.sh
set -euo pipefail

UNOSERVER_VERSION="3.7"
SYSTEM_PYTHON="${UNOSERVER_SYSTEM_PYTHON:-/usr/bin/python3}"
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${UNOSERVER_VENV:-.venv-uno}"
case "$VENV" in
  /*) ;;
  *) VENV="$REPO_ROOT/$VENV" ;;
esac

if [ ! -x "$SYSTEM_PYTHON" ]; then
  echo "install-unoserver: $SYSTEM_PYTHON not found" >&2
  exit 1
fi
if ! "$SYSTEM_PYTHON" -c "import uno" 2>/dev/null; then
  echo "install-unoserver: '$SYSTEM_PYTHON -c \"import uno\"' fails;" \
    "install python3-uno (and libreoffice-writer-nogui)" >&2
  exit 1
fi

# Already installed at the right version? Then nothing to do.
if [ -x "$VENV/bin/python" ] &&
  "$VENV/bin/python" - "$UNOSERVER_VERSION" <<'PY' 2>/dev/null; then
import sys
from importlib.metadata import version

import uno  # noqa: F401
import unoserver  # noqa: F401

sys.exit(0 if version("unoserver") == sys.argv[1] else 1)
PY
  echo "install-unoserver: unoserver $UNOSERVER_VERSION already in $VENV"
  exit 0
fi

if [ ! -x "$VENV/bin/python" ]; then
  echo "install-unoserver: creating $VENV"
  "$SYSTEM_PYTHON" -m venv --system-site-packages "$VENV"
fi
"$VENV/bin/python" -m pip install --disable-pip-version-check --quiet \
  "unoserver==$UNOSERVER_VERSION"
"$VENV/bin/python" -c "import uno, unoserver"
echo "install-unoserver: unoserver $UNOSERVER_VERSION installed in $VENV"
