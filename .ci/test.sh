#!/usr/bin/env bash
# Runs every test of the project: the .NET solution, then the extension's own tests where they are set up.
# Prints one closing line: "N passed, N failed".
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
results="$root/artifacts/test-results"
rm -rf "$results"; mkdir -p "$results"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

bash "$root/.ci/setup.sh" || { echo "setup failed"; echo "0 passed, 1 failed"; exit 1; }

status=0
dotnet build PmCopilot.sln -c Release -nologo -v q || { echo "build failed"; echo "0 passed, 1 failed"; exit 1; }
dotnet test --solution PmCopilot.sln -c Release --no-build \
  --results-directory "$results" --report-xunit-trx --timeout 60m || status=1

for extra in "$root"/.ci/test.d/*.sh; do
  [ -e "$extra" ] || continue
  bash "$extra" "$results" || status=1
done

python3 "$root/.ci/count_results.py" "$results" || status=1
exit $status
