#!/usr/bin/env bash
# The package consumer test: restores PackageConsumer against the Imap.Protocol and Imap.Sync packages
# in artifacts/packages (scripts/pack.sh, run first by test.sh), starts two throwaway Dovecots on
# free 127.0.0.1 ports, and runs it. Exits non-zero when a check fails.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=../../scripts/dovecot.sh
. "$root/scripts/dovecot.sh"

feed=$root/artifacts/packages
package=$(find "$feed" -maxdepth 1 -name 'Imap.Protocol.*.nupkg' -printf '%f\n' 2>/dev/null | head -n 1)
[ -n "$package" ] || { echo "package consumer: no Imap.Protocol package in $feed (run scripts/pack.sh)" >&2; exit 1; }
version=${package#Imap.Protocol.}
version=${version%.nupkg}

work=$(mktemp -d "${TMPDIR:-/tmp}/package-consumer.XXXXXX")
chmod 755 "$work"  # Dovecot's unprivileged processes (when run as root) must reach their directories
cleanup() { dovecot_stop "$work/a"; dovecot_stop "$work/b"; rm -rf "$work"; }
trap cleanup EXIT
port_a=$(free_port); dovecot_config "$work/a" "$port_a" / "package-consumer-a-$port_a"; dovecot_start "$work/a" "$port_a"
port_b=$(free_port); dovecot_config "$work/b" "$port_b" . "package-consumer-b-$port_b"; dovecot_start "$work/b" "$port_b"

# The packages' own folder, so the global cache cannot serve an earlier build of this version.
rm -rf "$root/artifacts/consumer-packages/imap.protocol" "$root/artifacts/consumer-packages/imap.sync"
echo "package consumer: Imap.Protocol and Imap.Sync $version from $feed"
dotnet run --project "$here" --property:ImapPackagesVersion="$version" -- "$port_a" "$port_b" "$work"
