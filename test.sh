#!/usr/bin/env bash
# Runs the whole test suite. On a fresh Debian 12 with the .NET 10 SDK it first installs what the
# tests need (real Dovecot, interimap and mbsync as oracles, ...) when missing: as root directly,
# otherwise through sudo. Extra arguments go to `dotnet test` (e.g. ./test.sh --filter Fixture) and
# skip the packaging steps.
set -euo pipefail
cd "$(dirname "$0")"

# libgdbm6, libidn12 and libglib2.0-0 are what the unpacked Courier-IMAP links against from the system.
packages=(dovecot-imapd openssl sqlite3 socat interimap isync cyrus-common sasl2-bin libgdbm6 libidn12 libglib2.0-0)
# Cyrus imapd is unpacked here instead of installed: the cyrus-imapd package conflicts with
# dovecot-imapd (both provide imap-server), and installing it would remove Dovecot.
cyrus_root=/opt/cyrus-imapd
# Likewise courier-imap (it conflicts with dovecot-imapd too).
courier_root=/opt/courier

log() { printf 'test.sh: %s\n' "$*" >&2; }

missing_packages() {
    local p
    for p in "${packages[@]}"; do
        dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || printf '%s\n' "$p"
    done
}

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        log "not root and no sudo: cannot run '$*'"
        return 1
    fi
}

install_missing() {
    local missing
    mapfile -t missing < <(missing_packages)
    [ "${#missing[@]}" -eq 0 ] && return 0
    log "installing: ${missing[*]}"
    # postinst scripts must not start system daemons (the tests start their own Dovecot instances);
    # a policy-rc.d we add is removed again afterwards, one that exists is left alone.
    local added_policy=0
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        as_root sh -c 'printf "#!/bin/sh\nexit 101\n" > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d'
        added_policy=1
    fi
    local status=0
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q || status=$?
    if [ "$status" -eq 0 ]; then
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" || status=$?
    fi
    if [ "$added_policy" -eq 1 ]; then
        as_root rm -f /usr/sbin/policy-rc.d
    fi
    [ "$status" -eq 0 ] || { log "apt-get failed ($status)"; return "$status"; }
    mapfile -t missing < <(missing_packages)
    [ "${#missing[@]}" -eq 0 ] || { log "still missing after install: ${missing[*]}"; return 1; }
}

# Downloads Debian packages and extracts them into a private root instead of installing them.
unpack_packages() {
    local root=$1 tmp deb status=0
    shift
    tmp=$(mktemp -d)
    chmod 755 "$tmp"
    # apt downloads as the _apt user where it exists; let it write here.
    if getent passwd _apt >/dev/null; then as_root chown _apt "$tmp"; fi
    (cd "$tmp" && as_root apt-get download -q "$@") || status=$?
    if [ "$status" -eq 0 ]; then
        as_root mkdir -p "$root"
        for deb in "$tmp"/*.deb; do
            as_root dpkg-deb -x "$deb" "$root" || status=$?
        done
    fi
    as_root rm -rf "$tmp"
    return "$status"
}

unpack_cyrus_imapd() {
    [ -x "$cyrus_root/usr/lib/cyrus/bin/imapd" ] && return 0
    local version
    version=$(dpkg-query -W -f='${Version}' cyrus-common)
    log "unpacking cyrus-imapd $version into $cyrus_root (not installed: it would remove dovecot-imapd)"
    unpack_packages "$cyrus_root" "cyrus-imapd=$version" && [ -x "$cyrus_root/usr/lib/cyrus/bin/imapd" ] \
        || { log "could not unpack cyrus-imapd"; return 1; }
}

# Courier-IMAP runs pre-authenticated from this root (tests/Imap.Testing/Courier): imapd, its own
# libraries, and gam_server (file notification; without it every session starts with an [ALERT]).
unpack_courier_imap() {
    [ -x "$courier_root/usr/bin/imapd" ] && [ -x "$courier_root/usr/libexec/gam_server" ] && return 0
    log "unpacking courier-imap into $courier_root (not installed: it would remove dovecot-imapd)"
    unpack_packages "$courier_root" courier-imap courier-base courier-authlib libcourier-unicode4 libgamin0 gamin \
        && [ -x "$courier_root/usr/bin/imapd" ] && [ -x "$courier_root/usr/libexec/gam_server" ] \
        || { log "could not unpack courier-imap"; return 1; }
}

# Last line of defence against leftovers: fixture instance directories (see
# tests/Imap.Testing/Processes/InstanceDirectories.cs) whose owning test process is dead, e.g. after a
# hang timeout killed it. Their server is killed by the PID in run/master.pid (only if its command
# line names that directory), then the directory is deleted. Live owners' directories are left alone.
sweep_orphans() {
    local dir owner_pid owner_start stat_start master
    for dir in "${TMPDIR:-/tmp}"/imap-testing-*; do
        [ -d "$dir" ] || continue
        read -r owner_pid owner_start 2>/dev/null < "$dir/owner" || continue
        stat_start=$(awk '{ sub(/.*\) /, ""); print $20 }' "/proc/$owner_pid/stat" 2>/dev/null || true)
        [ "$stat_start" = "$owner_start" ] && continue
        master=$(cat "$dir/run/master.pid" 2>/dev/null || true)
        if [ -n "$master" ] && tr '\0' ' ' < "/proc/$master/cmdline" 2>/dev/null | grep -qF "$dir"; then
            log "killing orphaned server $master of $dir"
            kill -KILL "$master" 2>/dev/null || true
            sleep 0.5
        fi
        rm -rf "$dir"
    done
}

command -v dotnet >/dev/null 2>&1 || { log "the .NET 10 SDK (dotnet) is required"; exit 1; }
install_missing
unpack_cyrus_imapd
unpack_courier_imap
trap sweep_orphans EXIT

# A full run (no extra arguments) also packs the libraries into the local feed artifacts/packages;
# packaging that breaks fails the run before the long test suite starts.
if [ "$#" -eq 0 ]; then
    log "packing Imap.Protocol and Imap.Sync into artifacts/packages"
    scripts/pack.sh
    # The HTML API reference from the XML docs (docfx): a broken cross-reference fails the run.
    log "building the API reference into artifacts/api-docs"
    scripts/api-docs.sh --warningsAsErrors
fi

# Per-test hang timeout: a hung test is reported and its test host killed instead of blocking CI.
# The output is also kept in a file, so that what failed is repeated at the very end, where a CI page
# that shows only the tail of a long log still shows it.
status=0
test_log=$(mktemp)
dotnet test ImapSync.sln \
    --logger "console;verbosity=normal" \
    --blame-hang --blame-hang-timeout 5min --blame-hang-dump-type none \
    "$@" 2>&1 | tee "$test_log" || status=$?
tests_status=$status

# The package consumer test (outside ImapSync.sln): restores both packages from the feed packed
# above and uses them against throwaway Dovecots. It runs even when dotnet test failed.
if [ "$#" -eq 0 ]; then
    log "package consumer test"
    consumer=0
    tests/PackageConsumer/run.sh || consumer=$?
    if [ "$consumer" -eq 0 ]; then
        log "package consumer test: passed"
    else
        log "package consumer test: FAILED ($consumer)"
        status=$consumer
    fi
fi
if [ "$tests_status" -ne 0 ]; then
    log "dotnet test failed ($tests_status); what failed, again:"
    grep -E -A4 '^[[:space:]]+Failed [A-Za-z_]|aborted|crashed|[Bb]lame.*(hang|timeout)' "$test_log" | grep -v '^[[:space:]]*Passed ' | tail -n 80 >&2 || true
    grep -E '^(Total tests|[[:space:]]+(Passed|Failed|Skipped)):' "$test_log" >&2 || true
fi
rm -f "$test_log"
exit "$status"
