#!/usr/bin/env bash
# System packages the test suite needs: Debian's headless Chromium, which the
# report test drives through playwright-core. Idempotent: does nothing when
# chromium is already installed. Called by .ci/run.
set -euo pipefail

if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then
  echo "setup-system: chromium already installed ($(/usr/bin/chromium --version 2>/dev/null || echo chromium))"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup-system: apt-get not found; install Chromium yourself (the report test needs /usr/bin/chromium)" >&2
  exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "setup-system: not root and no sudo; run 'apt-get install chromium' as root" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends chromium
echo "setup-system: installed $(/usr/bin/chromium --version 2>/dev/null || echo chromium)"
