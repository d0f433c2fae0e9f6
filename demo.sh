#!/usr/bin/env bash
# imapsync demo: builds the program, starts two throwaway Dovecot servers on 127.0.0.1 (installing
# Dovecot when it is missing), seeds them with sample mail, runs real synchronizations and shows
# the result. Everything lives in a temporary directory that is removed at the end.
#   ./demo.sh            run the demo
#   KEEP=1 ./demo.sh     keep the temporary directory (servers are stopped anyway)
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD

say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

# --- 1. Dovecot ---------------------------------------------------------------------------------
if ! command -v dovecot >/dev/null || [ ! -x /usr/lib/dovecot/imap ]; then
    say "Installing Dovecot (dovecot-imapd)"
    SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
    export DEBIAN_FRONTEND=noninteractive
    # Keep the package's postinst from starting a system-wide Dovecot.
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
        $SUDO chmod +x /usr/sbin/policy-rc.d
        REMOVE_POLICY=1
    fi
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends dovecot-imapd >/dev/null
    [ -z "${REMOVE_POLICY:-}" ] || $SUDO rm -f /usr/sbin/policy-rc.d
fi

# --- 2. Build (IMAPSYNC_BINARY=path skips it) --------------------------------------------------
WORK=$(mktemp -d /tmp/imapsync-demo.XXXXXX)
chmod 755 "$WORK"
SERVERS=()
cleanup() {
    for dir in "${SERVERS[@]}"; do dovecot_stop "$dir"; done
    if [ -n "${KEEP:-}" ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

if [ -n "${IMAPSYNC_BINARY:-}" ]; then
    IMAPSYNC=("$IMAPSYNC_BINARY")
elif say "Building imapsync" && { command -v clang >/dev/null || command -v clang-14 >/dev/null; }; then
    dotnet publish src/imapsync -c Release -o "$WORK/bin" -v quiet -nologo >/dev/null
    IMAPSYNC=("$WORK/bin/imapsync")
    echo "native AOT binary: $WORK/bin/imapsync ($(du -h "$WORK/bin/imapsync" | cut -f1))"
else
    dotnet build src/imapsync -c Release -o "$WORK/bin" -v quiet -nologo >/dev/null
    IMAPSYNC=(dotnet "$WORK/bin/imapsync.dll")
    echo "no clang: built the managed program instead of the native binary"
fi

# --- 3. Two Dovecot servers ---------------------------------------------------------------------
# shellcheck source=scripts/dovecot.sh
. "$ROOT/scripts/dovecot.sh"

# start_dovecot NAME SEPARATOR -> sets PORT_<NAME>, CONF_<NAME>
start_dovecot() {
    local name=$1 sep=$2 dir=$WORK/$1 port
    port=$(free_port)
    dovecot_config "$dir" "$port" "$sep" "imapsync-demo-$name-$port"
    SERVERS+=("$dir")
    dovecot_start "$dir" "$port"
    printf -v "PORT_$name" %s "$port"
    printf -v "CONF_$name" %s "$dir/dovecot.conf"
    echo "$name: Dovecot on 127.0.0.1:$port, hierarchy separator '$sep'"
}

say "Starting two Dovecot servers"
start_dovecot laptop /
start_dovecot provider .

# --- 4. Sample mail -----------------------------------------------------------------------------
message() { # FROM SUBJECT DAY
    printf 'From: %s\r\nTo: alice@example.org\r\nSubject: %s\r\nDate: %s Oct 2026 10:00:00 +0000\r\nMessage-ID: <%s@demo.example>\r\n\r\nHello Alice,\r\nthis is "%s".\r\n' \
        "$1" "$2" "$3" "$RANDOM$RANDOM" "$2"
}
say "Seeding the provider with 12 messages in 3 mailboxes, the laptop with 2 drafts"
D="doveadm -c $CONF_provider"
$D mailbox create -u alice Archive Archive.2025 Lists
for i in $(seq 1 6); do message "bob@example.net" "Meeting notes #$i" $((i + 1)) | $D save -u alice -m INBOX; done
for i in $(seq 1 4); do message "carol@example.net" "Old invoice #$i" $((i + 10)) | $D save -u alice -m Archive.2025; done
for i in 1 2; do message "list@lists.example" "Weekly digest $i" $((i + 20)) | $D save -u alice -m Lists; done
$D flags add -u alice '\Seen' mailbox INBOX uid 1:3
$D flags add -u alice '\Flagged' mailbox Archive.2025 uid 2
L="doveadm -c $CONF_laptop"
$L mailbox create -u alice Drafts
for i in 1 2; do message "alice@example.org" "Draft $i" $((i + 24)) | $L save -u alice -m Drafts; done

# --- 5. Configuration ---------------------------------------------------------------------------
mkdir -p "$WORK/home/.config/imapsync"
export HOME=$WORK/home XDG_CONFIG_HOME=$WORK/home/.config XDG_DATA_HOME=$WORK/home/.local/share
CONFIG=$XDG_CONFIG_HOME/imapsync/config
cat > "$CONFIG" <<CONF
# The laptop's Dovecot is reached through a pre-authenticated tunnel (no password, no network),
# the provider over IMAP with a login, as most setups do.
[local]
type = tunnel
command = cd / && exec ${DOVE_DROP[*]} env USER=alice HOME=$WORK/laptop/mail/alice /usr/lib/dovecot/imap -c $CONF_laptop
null-stderr = YES

[remote]
type = imap
host = 127.0.0.1
port = $PORT_provider
# This throwaway server has no TLS; never do this over a real network.
STARTTLS = NO
username = alice
password = alicepw
CONF
chmod 600 "$CONFIG"
echo "configuration: $CONFIG"
sed 's/^/    /' "$CONFIG"

# --- 6. Synchronize -----------------------------------------------------------------------------
say "First run: imapsync"
"${IMAPSYNC[@]}"

say "Mailboxes after the first run"
echo "laptop:";   $L mailbox status -u alice 'messages unseen' '*' | sed 's/^/    /'
echo "provider:"; $D mailbox status -u alice 'messages unseen' '*' | sed 's/^/    /'

say "Changes on both sides: a new message on the provider, a flag and a deletion on the laptop"
message "dave@example.net" "Fresh news" 26 | $D save -u alice -m INBOX
$L flags add -u alice '\Seen' mailbox INBOX uid 4
$L expunge -u alice mailbox Drafts uid 1

say "Second run, with the summary as JSON: imapsync --json"
"${IMAPSYNC[@]}" --json

say "Both servers now hold the same mail"
for side in laptop provider; do
    conf=CONF_$side
    printf '%s: ' "$side"
    doveadm -c "${!conf}" mailbox status -u alice 'messages unseen' '*' | sort | tr '\n' ' '
    echo
done
