#!/usr/bin/env bash
# Installs what the tests need beyond the .NET SDK. Idempotent: does nothing for what is already present.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
for step in "$root"/.ci/setup.d/*.sh; do
  [ -e "$step" ] || continue
  bash "$step"
done
