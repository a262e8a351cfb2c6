#!/usr/bin/env bash
# Builds the PmCopilot .vsix for one platform (default linux-x64): publishes the server self-contained into
# extension/server/ (the llama.cpp CPU natives come with LLamaSharp.Backend.Cpu under runtimes/), compiles the
# extension, and runs `vsce package --target`. Output: extension/pmcopilot-<version>-<target>.vsix
# Usage: extension/scripts/package.sh [RID]        (RID: linux-x64; others untested)
set -euo pipefail
ext="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root="$(dirname "$ext")"
rid="${1:-linux-x64}"
case "$rid" in
  linux-x64) target=linux-x64 ;;
  linux-arm64) target=linux-arm64 ;;
  win-x64) target=win32-x64 ;;
  osx-arm64) target=darwin-arm64 ;;
  *) echo "unsupported RID: $rid" >&2; exit 2 ;;
esac

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
staging="$(mktemp -d)"
trap 'rm -rf "$staging"' EXIT

echo "== publishing the server ($rid, self-contained)"
dotnet publish "$root/src/PmCopilot.Cli" -c Release -r "$rid" --self-contained true -p:PublishSingleFile=false \
  -o "$staging/server" -nologo -v q
# NuGet native packages bring every platform's libraries; the .vsix is per platform, so keep only this one's.
for dir in "$staging/server/runtimes"/*/; do
  [ -d "$dir" ] || continue
  [ "$(basename "$dir")" = "$rid" ] || rm -rf "$dir"
done
exe="$staging/server/pmcopilot"; [ "$rid" = win-x64 ] && exe="$staging/server/pmcopilot.exe"
[ -f "$exe" ] || { echo "publish produced no $exe" >&2; exit 1; }
if ! find "$staging/server" -path '*runtimes*' \( -name 'libllama*' -o -name 'llama.dll' -o -name 'libllama*.dylib' \) | grep -q .; then
  echo "warning: no llama.cpp native library in the publish output (runtimes/); the server will run its deterministic mode only" >&2
fi
# The server must at least start and answer --version before it is shipped.
if [ "$rid" = linux-x64 ] && [ "$(uname -m)" = x86_64 ]; then "$exe" --version >/dev/null; fi
rm -rf "$ext/server"
mv "$staging/server" "$ext/server"

echo "== compiling the extension"
cd "$ext"
[ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error
npx --no-install tsc -p .
cp "$root/LICENSE" "$ext/LICENSE"

echo "== vsce package --target $target"
version="$(node -p "require('./package.json').version")"
npx --no-install vsce package --target "$target" --allow-missing-repository --out "$ext/pmcopilot-$version-$target.vsix"
rm -f "$ext/LICENSE"
ls -l "$ext/pmcopilot-$version-$target.vsix"
