#!/usr/bin/env bash
# System packages the test suite needs: Debian's headless Chromium (the report
# test drives it through playwright-core) and redis-server (the work-queue tests
# of `biore queue` run against a real Redis that .ci/run starts). Idempotent:
# installs only what is missing. Called by .ci/run.
set -euo pipefail

missing=()
if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then missing+=(chromium); fi
if ! command -v redis-server >/dev/null 2>&1; then missing+=(redis-server); fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup-system: chromium and redis-server already installed ($(/usr/bin/chromium --version 2>/dev/null || echo chromium); $(redis-server --version | cut -d' ' -f1-3))"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup-system: apt-get not found; install ${missing[*]} yourself (the report test needs /usr/bin/chromium, the queue tests redis-server)" >&2
  exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "setup-system: not root and no sudo; run 'apt-get install ${missing[*]}' as root" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends "${missing[@]}"
# Debian's package may start a system-wide service; the tests start their own, so stop it where possible.
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  $SUDO systemctl disable --now redis-server >/dev/null 2>&1 || true
fi
echo "setup-system: installed ${missing[*]}"
