#!/usr/bin/env bash
# Set-up + main job: installs what Wirecase needs on a fresh Debian machine, builds it, puts `wirecase` on the PATH
# (/usr/local/bin as root, ~/.local/bin otherwise) and runs it on the bundled sample capture.
set -euo pipefail
cd "$(dirname "$0")"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v dotnet >/dev/null 2>&1; then
  echo "setup: the .NET 10 SDK is missing; trying Debian's package (needs Microsoft's package feed configured)" >&2
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y dotnet-sdk-10.0 || {
    echo "setup: install the .NET 10 SDK (https://learn.microsoft.com/dotnet/core/install/linux-debian) and run again" >&2
    exit 1
  }
fi

# clang and zlib1g-dev link the native executable (wirecase is compiled ahead of time: no jit, fast start).
if ! command -v clang >/dev/null 2>&1 || ! dpkg-query -W -f='${Status}' zlib1g-dev 2>/dev/null | grep -q 'ok installed'; then
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y clang zlib1g-dev
fi

echo "setup: building wirecase (Release, native executable)" >&2
dotnet publish src/Wirecase.Cli -c Release --use-current-runtime -o .wirecase/bin --nologo -v quiet

if [ "$(id -u)" -eq 0 ]; then bindir=/usr/local/bin; else bindir="$HOME/.local/bin"; mkdir -p "$bindir"; fi
ln -sf "$PWD/.wirecase/bin/wirecase" "$bindir/wirecase"
echo "setup: installed $bindir/wirecase" >&2
case ":$PATH:" in *":$bindir:"*) ;; *) echo "setup: add $bindir to your PATH" >&2 ;; esac

echo "setup: running: wirecase info samples/smtp.pcap" >&2
"$bindir/wirecase" info samples/smtp.pcap
echo "setup: running: wirecase analyze samples/smtp.pcap" >&2
"$bindir/wirecase" analyze samples/smtp.pcap
