#!/usr/bin/env bash
# Neovim for the language server's end-to-end test (a real third-party LSP client, tests/PmCopilot.LanguageServer.Tests/EndToEnd).
# Idempotent: installs only when nvim is missing. python3 (already needed by .ci/count_results.py) runs the stdio bridge.
set -euo pipefail
if command -v nvim >/dev/null 2>&1; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get -o DPkg::Lock::Timeout=600 update -qq
apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends neovim >/dev/null
