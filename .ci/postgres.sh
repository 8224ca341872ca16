#!/usr/bin/env bash
# The store tests run on a real PostgreSQL: they start a throwaway cluster with Debian's binaries
# (/usr/lib/postgresql/*/bin), unless WINWIN_TEST_DATABASE_URL names a server. This installs the binaries if
# they are missing. Safe to run again; prints one line when all is well, the installer's output when it fails.
set -euo pipefail

found() { compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; }

if [ -n "${WINWIN_TEST_DATABASE_URL:-}" ]; then
  echo "postgresql: using WINWIN_TEST_DATABASE_URL"
  exit 0
fi
if ! found; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo -n"; fi
  log=$(mktemp)
  trap 'rm -f "$log"' EXIT
  if ! { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql; } \
      >"$log" 2>&1; then
    cat "$log" >&2
    echo "postgresql: could not install Debian's postgresql (apt-get install -y postgresql); the store tests need it" >&2
    exit 1
  fi
fi
initdb=$(compgen -G "/usr/lib/postgresql/*/bin/initdb" | sort -V | tail -n 1)
echo "postgresql: $("$initdb" --version)"
