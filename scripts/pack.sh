#!/usr/bin/env bash
# Packs the two libraries (Imap.Protocol, Imap.Sync) with their symbol packages into a local folder
# feed, artifacts/packages unless a folder is given. test.sh runs it; the package consumer test
# restores from that folder.
set -euo pipefail
cd "$(dirname "$0")/.."
feed=${1:-artifacts/packages}
rm -rf "$feed"
for project in src/Imap.Protocol src/Imap.Sync; do
    dotnet pack "$project" -c Release -o "$feed" -nologo
done
ls -1 "$feed"
