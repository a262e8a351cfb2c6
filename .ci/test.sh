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
# Started in the background by a non-interactive shell (or under nohup), this script inherits SIGINT ignored, and so would
# every process the tests start (an ignored signal stays ignored across exec, and .NET keeps it so): the CLI's Ctrl-C
# tests would then wait in vain. Run the tests with the default disposition restored.
with_default_signals() {
  python3 -c 'import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); signal.signal(signal.SIGQUIT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])' "$@"
}
# One test project at a time, each into its own folder: run together (`--solution`), two projects once wrote the same
# timestamped .trx name and one report overwrote the other, silently dropping its tests from the count below.
for project in tests/*.Tests/*.Tests.csproj; do
  name="$(basename "$project" .csproj)"
  with_default_signals dotnet test --project "$project" -c Release --no-build \
    --results-directory "$results/$name" --report-xunit-trx --timeout 60m || status=1
  if ! compgen -G "$results/$name/*.trx" > /dev/null; then
    # A test application that crashed or never started leaves no report: count it as a failure, not as nothing.
    echo "$name: no test report was written"
    echo "0 1" > "$results/$name.counts"
    status=1
  fi
done

for extra in "$root"/.ci/test.d/*.sh; do
  [ -e "$extra" ] || continue
  bash "$extra" "$results" || status=1
done

python3 "$root/.ci/count_results.py" "$results" || status=1
exit $status
