#!/usr/bin/env bash
# Builds the HTML API reference of Imap.Protocol and Imap.Sync from their XML documentation into
# artifacts/api-docs (open artifacts/api-docs/index.html), with docfx, the dotnet tool pinned in
# dotnet-tools.json and installed from NuGet by `dotnet tool restore`. test.sh runs it (with
# --warningsAsErrors) after packing. Extra arguments go to docfx (e.g. --serve).
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore
dotnet docfx docs/api/docfx.json "$@"
echo "API reference: artifacts/api-docs/index.html"
