#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs what it needs, builds, runs every test project,
# and ends with one plain summary line ("N passed, N failed").
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v node >/dev/null 2>&1 || need_apt+=(nodejs npm)
# PostgreSQL tests start throwaway clusters from Debian's server binaries.
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)
# The browser tests (tests/Browser) drive the system Chromium through Playwright; its own browser download is never used.
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "Installing ${need_apt[*]} from Debian's packages"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# The console's own unit tests (feed sequencing); the build below bundles it into the Gateway.
(cd src/Console && { [ -f node_modules/.package-lock.json ] || npm ci --no-audit --no-fund; } && npm test)

dotnet build PrivateDomain.sln -c Release -warnaserror -nologo -clp:ErrorsOnly

log=$(mktemp)
status=0
dotnet test PrivateDomain.sln -c Release --no-build -nologo "$@" 2>&1 | tee "$log" || status=$?
# Sum the per-assembly summaries ("Passed!  - Failed: 0, Passed: 38, Skipped: 0, Total: 38 …").
total() { grep -E '^(Passed|Failed)! +-' "$log" | grep -Eo "$1: +[0-9]+" | awk '{s += $2} END {print s + 0}'; }
passed=$(total Passed); failed=$(total Failed); skipped=$(total Skipped)
rm -f "$log"
echo "${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
if [ "${passed:-0}" -eq 0 ]; then echo "No test ran." >&2; exit 1; fi
exit "$status"
