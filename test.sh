#!/usr/bin/env bash
# The test command: installs what the tests need on a fresh Debian machine, then runs every test of the solution.
# The corpus tests read ../shared/corpus (a checkout of this repository sits beside ../shared).
set -euo pipefail
cd "$(dirname "$0")"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# setpriv (util-linux) lets the permission test drop root; it is part of Debian's base system, checked anyway.
if ! command -v setpriv >/dev/null 2>&1; then
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y util-linux
fi
# tshark and mergecap: the display-filter tests compare Wirecase's selections and written files with tshark's.
if ! command -v tshark >/dev/null 2>&1 || ! command -v mergecap >/dev/null 2>&1; then
  as_root apt-get update
  echo "wireshark-common wireshark-common/install-setuid boolean false" | as_root debconf-set-selections
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y tshark
fi
# chromium: the report and web UI tests open pages in Debian's headless chromium (Playwright drives it and never
# downloads a browser).
if ! command -v chromium >/dev/null 2>&1; then
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
fi
# clang and zlib1g-dev: the published wirecase is compiled ahead of time to a native executable, which they link.
if ! command -v clang >/dev/null 2>&1 || ! dpkg-query -W -f='${Status}' zlib1g-dev 2>/dev/null | grep -q 'ok installed'; then
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y clang zlib1g-dev
fi
command -v dotnet >/dev/null 2>&1 || { echo "test: the .NET 10 SDK is missing: run ./setup.sh first" >&2; exit 1; }
[ -f ../shared/corpus/MANIFEST.tsv ] || [ -n "${WIRECASE_CORPUS:-}" ] || {
  echo "test: ../shared/corpus is missing (clone this repository beside ../shared, or set WIRECASE_CORPUS)" >&2; exit 1; }

# The process tests run the program users get: published exactly as setup.sh publishes it (native, ahead of time).
echo "test: publishing wirecase as setup.sh does (native executable) for the process tests" >&2
dotnet publish src/Wirecase.Cli -c Release --use-current-runtime -o .wirecase/test-bin --nologo -v quiet
export WIRECASE_EXE="$PWD/.wirecase/test-bin/wirecase"

dotnet test Wirecase.slnx --nologo "$@"
