#!/usr/bin/env bash
# SIGKILL torture: kills the running imapsync at random moments while it syncs new messages, flag
# changes and expunges between two real Dovecots, and checks after each kill that a clean run
# converges with nothing lost or duplicated (reading both servers back).
# Usage: bench/torture.sh [trials=50] [seed]
set -euo pipefail
cd "$(dirname "$0")/.."
export TORTURE_TRIALS="${1:-50}"
[ -n "${2:-}" ] && export TORTURE_SEED="$2"
dotnet build tests/ImapSync.Cli.Tests -v q -nologo
dotnet test tests/ImapSync.Cli.Tests --no-build --filter "FullyQualifiedName~TortureTests" \
  --logger "console;verbosity=detailed" | grep -E "TORTURE_SEED|SIGKILL trials|Passed|Failed|Assert|Total tests" 
