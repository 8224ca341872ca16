#!/usr/bin/env bash
# The real-browser test drives Debian's chromium with playwright (pip playwright, no browser download). This installs
# chromium and chromium-driver if they are missing. Safe to run again; prints one line when all is well, the
# installer's output when it fails.
set -euo pipefail

if ! command -v chromium >/dev/null 2>&1; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo -n"; fi
  log=$(mktemp)
  trap 'rm -f "$log"' EXIT
  if ! { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver; } \
      >"$log" 2>&1; then
    cat "$log" >&2
    echo "browser: could not install Debian's chromium (apt-get install -y chromium chromium-driver); the browser test needs it" >&2
    exit 1
  fi
fi
echo "browser: $(chromium --version 2>/dev/null || echo chromium)"
