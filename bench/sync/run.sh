#!/usr/bin/env bash
# Whole-sync benchmark (issue 8): imapsync against InterIMAP, mbsync and a floor copier, on the
# same two Dovecot servers and the same seeded corpus, on loopback and over a slow link.
# Not part of the test suite: a full run takes tens of minutes. See bench/sync/README.md.
#
#   bench/sync/run.sh                    default corpus (10 x 1,000 messages), 3 runs, both links
#   bench/sync/run.sh --quick            3 x 40 messages, 1 run: checks the script itself
#   bench/sync/run.sh --large            one mailbox of 50,000 small (2-4 KB) messages, 1 run, loopback,
#       COMPRESS off (issue 20: the per-message cost); --messages 200000 for the larger one
#   bench/sync/run.sh --lean             default corpus, fewer cells (about 30 min on 2 busy cores):
#       COMPRESS on only for the initial sync, on loopback only for imapsync, never for mbsync; on the
#       slow link the initial sync is measured in the first run only (later runs do it unmeasured at
#       loopback speed before measuring their incremental steps over the slow link)
#   bench/sync/run.sh --wide             a 100-mailbox account of 20 messages each, 1 run: every
#       incremental step then changes one message per side in every mailbox (issue 12: the account-wide cost)
# Options: --mailboxes N --messages N --max-size BYTES --runs N --links "loopback slow" --tools "imapsync interimap mbsync floor"
#          --compress "off on" --big BYTES (0: skip the big-message check) --seed N --name NAME
#          --slow-initial-runs N (measure the slow link's initial sync in the first N runs only)
#          --steps "initial noop flags expunge append" (initial is always run; the others may be left out)
# Environment: IMAPSYNC_BIN, FLOOR_BIN (use these builds instead of building), KEEP=1 (keep the work dir),
#   IMAPSYNC_BASE_BIN (an older imapsync build, measured as tool "imapsync-base" to compare a change in one run).
set -euo pipefail
ARGS="$*"
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
MAILBOXES=10 MESSAGES=1000 RUNS=3 LINKS="loopback slow" TOOLS="imapsync interimap mbsync floor"
COMPRESS_MODES="off on" BIG=$((50 * 1024 * 1024)) SEED=1 NAME=sync MAX_SIZE=$((2 * 1024 * 1024))
DELAY_MS=25 RATE_MBIT=100 LEAN= SLOW_INITIAL_RUNS= STEP_LIST="initial noop flags expunge append"
while [ $# -gt 0 ]; do
    case $1 in
        --quick) MAILBOXES=3 MESSAGES=40 RUNS=1 BIG=$((5 * 1024 * 1024)) NAME=quick ;;
        --lean) LEAN=1 SLOW_INITIAL_RUNS=1 ;;
        --wide) MAILBOXES=100 MESSAGES=20 RUNS=1 BIG=0 NAME=wide ;;
        --steps) STEP_LIST=$2; shift ;;
        --large) MAILBOXES=1 MESSAGES=50000 MAX_SIZE=4096 RUNS=1 LINKS=loopback COMPRESS_MODES=off BIG=0 NAME=large ;;
        --max-size) MAX_SIZE=$2; shift ;;
        --slow-initial-runs) SLOW_INITIAL_RUNS=$2; shift ;;
        --mailboxes) MAILBOXES=$2; shift ;;
        --messages) MESSAGES=$2; shift ;;
        --runs) RUNS=$2; shift ;;
        --links) LINKS=$2; shift ;;
        --tools) TOOLS=$2; shift ;;
        --compress) COMPRESS_MODES=$2; shift ;;
        --big) BIG=$2; shift ;;
        --seed) SEED=$2; shift ;;
        --name) NAME=$2; shift ;;
        *) sed -n '2,23p' "$0" >&2; exit 2 ;;
    esac
    shift
done
say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
# shellcheck source=../../scripts/dovecot.sh
. "$HERE/../../scripts/dovecot.sh"

# --- packages -------------------------------------------------------------------------------------
missing=()
{ command -v dovecot >/dev/null && [ -x /usr/lib/dovecot/imap ]; } || missing+=(dovecot-imapd)
command -v interimap >/dev/null || missing+=(interimap)
command -v mbsync >/dev/null || missing+=(isync)
if [ ${#missing[@]} -gt 0 ]; then
    say "Installing ${missing[*]}"
    SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
    export DEBIAN_FRONTEND=noninteractive
    if [ ! -e /usr/sbin/policy-rc.d ]; then  # keep postinst from starting a system Dovecot
        printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
        $SUDO chmod +x /usr/sbin/policy-rc.d; REMOVE_POLICY=1
    fi
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    [ -z "${REMOVE_POLICY:-}" ] || $SUDO rm -f /usr/sbin/policy-rc.d
fi

# --- work directory and cleanup ------------------------------------------------------------------
WORK=$(mktemp -d /tmp/imapsync-bench.XXXXXX)
chmod 755 "$WORK"
PROXY_PIDS=()
stop_servers() {  # both at once (each master sleeps about a second on the way out)
    local pids=()
    dovecot_stop "$WORK/a" & pids+=($!)
    dovecot_stop "$WORK/b" & pids+=($!)
    wait "${pids[@]}"
}
cleanup() {
    set +e
    for pid in "${PROXY_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null; done
    stop_servers
    if [ -n "${KEEP:-}" ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
RESULTS=$ROOT/bench/results
mkdir -p "$RESULTS"
RAW=$RESULTS/$NAME.jsonl
: > "$RAW"
LOAD_BEFORE=$(uptime)
STARTED=$(date -u '+%Y-%m-%d %H:%M UTC')
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$ROOT" diff --quiet HEAD -- src 2>/dev/null || echo "+local changes")
if [ -n "${IMAPSYNC_BIN:-}" ]; then COMMIT="$COMMIT? (IMAPSYNC_BIN=$IMAPSYNC_BIN, built elsewhere)"; fi

# --- builds ---------------------------------------------------------------------------------------
if [ -n "${IMAPSYNC_BIN:-}" ]; then
    IMAPSYNC=("$IMAPSYNC_BIN")
elif command -v clang >/dev/null || command -v clang-14 >/dev/null; then
    say "Building imapsync (native AOT, as installed by README's instructions)"
    dotnet publish "$ROOT/src/imapsync" -c Release -o "$WORK/imapsync" -v quiet -nologo >/dev/null
    IMAPSYNC=("$WORK/imapsync/imapsync")
else
    say "Building imapsync (no clang: managed build, run with dotnet)"
    dotnet publish "$ROOT/src/imapsync" -c Release -p:PublishAot=false -o "$WORK/imapsync" -v quiet -nologo >/dev/null
    IMAPSYNC=(dotnet "$WORK/imapsync/imapsync.dll")
fi
if [ -n "${FLOOR_BIN:-}" ]; then
    read -r -a FLOOR <<< "$FLOOR_BIN"  # may be "dotnet PATH.dll"
elif command -v clang >/dev/null || command -v clang-14 >/dev/null; then
    say "Building the floor copier (native AOT, like imapsync)"
    dotnet publish "$ROOT/bench/FloorCopier" -c Release -o "$WORK/floor" -v quiet -nologo >/dev/null
    FLOOR=("$WORK/floor/FloorCopier")
else
    say "Building the floor copier (managed)"
    dotnet publish "$ROOT/bench/FloorCopier" -c Release -p:PublishAot=false -o "$WORK/floor" -v quiet -nologo >/dev/null
    FLOOR=(dotnet "$WORK/floor/FloorCopier.dll")
fi

# --- servers, corpus, proxies ---------------------------------------------------------------------
PORT_A=$(free_port) PORT_B=$(free_port)  # servers: A is "local", B is "remote" (holds the corpus)
PROXY_A=$(free_port) PROXY_B=$(free_port)  # what the tools connect to
dovecot_config "$WORK/a" "$PORT_A"
dovecot_config "$WORK/b" "$PORT_B"
say "Generating the corpus (seed $SEED)"
python3 "$HERE/corpus.py" "$WORK/corpus" --mailboxes "$MAILBOXES" --messages "$MESSAGES" --max-size "$MAX_SIZE" --seed "$SEED" | tee "$WORK/corpus.txt" >&2
CORPUS_LINE=$(cat "$WORK/corpus.txt")
if [ "$BIG" -gt 0 ]; then python3 "$HERE/corpus.py" "$WORK/corpus-big" --big "$BIG" --seed "$SEED" >&2; fi

# reset_servers TEMPLATE: A empty, B a copy of TEMPLATE (message files hard-linked: Dovecot renames
# and unlinks them but never rewrites one; the other files are copied because Dovecot may).
reset_servers() {
    stop_servers
    rm -rf "$WORK/a/mail/alice" "$WORK/b/mail/alice"
    cp -al "$1" "$WORK/b/mail/alice"
    find "$WORK/b/mail/alice" -type f ! -path '*/cur/*' -exec sh -c 'cp --remove-destination "$1" "$1.c" && mv "$1.c" "$1"' _ {} \;
    dovecot_start "$WORK/a" "$PORT_A"
    dovecot_start "$WORK/b" "$PORT_B"
}

# start_proxies LINK: A is always reached through a counting proxy; B through a slow one on "slow".
start_proxies() {
    local delay=0 rate=0
    if [ "$1" = slow ]; then delay=$DELAY_MS rate=$RATE_MBIT; fi
    rm -f "$WORK"/proxy-*.ready "$WORK"/proxy-*.json
    python3 "$HERE/proxy.py" --listen "$PROXY_A" --target "$PORT_A" --stats "$WORK/proxy-a.json" --ready "$WORK/proxy-a.ready" &
    PROXY_PIDS=($!)
    echo slow > "$WORK/proxy-b.mode"
    python3 "$HERE/proxy.py" --listen "$PROXY_B" --target "$PORT_B" --delay-ms "$delay" --rate-mbit "$rate" \
        --stats "$WORK/proxy-b.json" --ready "$WORK/proxy-b.ready" --mode-file "$WORK/proxy-b.mode" &
    PROXY_PIDS+=($!)
    for _ in $(seq 200); do [ -s "$WORK/proxy-a.ready" ] && [ -s "$WORK/proxy-b.ready" ] && return 0; sleep 0.05; done
    echo "proxies did not start" >&2; return 1
}
stop_proxies() {
    for pid in "${PROXY_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${PROXY_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    PROXY_PIDS=()
}
# proxy_totals OUT: asks both proxies for their running byte counts; writes {"a": ..., "b": ...}.
proxy_totals() {
    local before_a before_b
    before_a=$(cat "$WORK/proxy-a.json" 2>/dev/null || true) before_b=$(cat "$WORK/proxy-b.json" 2>/dev/null || true)
    kill -USR1 "${PROXY_PIDS[@]}"
    for _ in $(seq 200); do
        [ -s "$WORK/proxy-a.json" ] && [ -s "$WORK/proxy-b.json" ] \
            && [ "$(cat "$WORK/proxy-a.json")" != "$before_a" ] && [ "$(cat "$WORK/proxy-b.json")" != "$before_b" ] && break
        sleep 0.02
    done
    printf '{"a": %s, "b": %s}\n' "$(cat "$WORK/proxy-a.json")" "$(cat "$WORK/proxy-b.json")" > "$1"
}

# --- the tools ------------------------------------------------------------------------------------
# write_configs DIR COMPRESS: configurations for one tool run ("on" = COMPRESS on the remote only,
# InterIMAP's default; the local server is near, compressing it only costs CPU). mbsync 1.4 uses
# COMPRESS=DEFLATE whenever offered; DisableExtensions turns it off.
write_configs() {
    local dir=$1 remote_compress=NO remote_mbsync="DisableExtensions COMPRESS=DEFLATE"
    if [ "$2" = on ]; then remote_compress=YES remote_mbsync=; fi
    mkdir -p "$dir/mbsync" "$dir/home"
    local name
    for name in imapsync interimap; do
        cat > "$dir/$name.conf" <<CONF
database = $dir/$name.db
list-mailbox = *
username = alice
password = alicepw

[local]
type = imap
host = 127.0.0.1
port = $PROXY_A
STARTTLS = NO
compress = NO

[remote]
type = imap
host = 127.0.0.1
port = $PROXY_B
STARTTLS = NO
compress = $remote_compress
CONF
        chmod 600 "$dir/$name.conf"
    done
    cat > "$dir/mbsyncrc" <<CONF
IMAPAccount local
Host 127.0.0.1
Port $PROXY_A
User alice
Pass alicepw
SSLType None
AuthMechs LOGIN
DisableExtensions COMPRESS=DEFLATE

IMAPStore local
Account local

IMAPAccount remote
Host 127.0.0.1
Port $PROXY_B
User alice
Pass alicepw
SSLType None
AuthMechs LOGIN
$remote_mbsync

IMAPStore remote
Account remote

Channel bench
Far :remote:
Near :local:
Patterns *
Create Both
Remove None
Expunge Both
Sync All
CopyArrivalDate yes
SyncState $dir/mbsync/
CONF
    chmod 600 "$dir/mbsyncrc"
}

# tool_command TOOL DIR COMPRESS -> TOOL_CMD array
tool_command() {
    local tool=$1 dir=$2
    local env=(env "HOME=$dir/home" "XDG_CONFIG_HOME=$dir/home/.config" "XDG_DATA_HOME=$dir/home/.local/share")
    case $tool in
        imapsync) TOOL_CMD=("${env[@]}" "${IMAPSYNC[@]}" "--config=$dir/imapsync.conf") ;;
        imapsync-base) TOOL_CMD=("${env[@]}" "${IMAPSYNC_BASE_BIN:?imapsync-base needs IMAPSYNC_BASE_BIN}" "--config=$dir/imapsync.conf") ;;
        interimap) TOOL_CMD=("${env[@]}" interimap "--config=$dir/interimap.conf") ;;
        mbsync) TOOL_CMD=("${env[@]}" mbsync -q -c "$dir/mbsyncrc" bench) ;;
        floor)
            TOOL_CMD=("${FLOOR[@]}" --from "127.0.0.1:$PROXY_B" --to "127.0.0.1:$PROXY_A" --user alice --password alicepw)
            if [ "$3" = on ]; then TOOL_CMD+=(--compress-from); fi
            ;;
    esac
}

# measure_step LINK TOOL COMPRESS RUN STEP DIR: runs the tool through fresh proxies, verifies both
# servers, appends one JSON line to $RAW.
measure_step() {
    local link=$1 tool=$2 compress=$3 run=$4 step=$5 dir=$6 verified=yes verify_flags=()
    tool_command "$tool" "$dir" "$compress"
    proxy_totals "$dir/$step.before"
    python3 "$HERE/measure.py" "$dir/$step.json" "$dir/$tool.log" -- "${TOOL_CMD[@]}"
    sleep 0.2  # the proxies relay the last bytes (LOGOUT, close) after the tool has exited
    proxy_totals "$dir/$step.after"
    # mbsync 1.4 does not synchronize keywords and adds an X-TUID header to each copy: compared as such.
    if [ "$tool" = mbsync ]; then verify_flags=(--mbsync); fi
    if ! python3 "$HERE/mailstate.py" verify "$PORT_A" "$PORT_B" "${verify_flags[@]}" --save "$dir/state.json" >"$dir/$step.verify" 2>&1; then
        verified=no
        echo "    $tool $step: verification FAILED (log: $dir)" >&2
        sed 's/^/      /' "$dir/$step.verify" | head -12 >&2
    fi
    if [ "$tool" = mbsync ] && [ $verified = yes ]; then verified=mbsync-rules; fi
    python3 - "$dir/$step.json" "$dir/$step.before" "$dir/$step.after" "$link" "$tool" "$compress" "$run" "$step" "$verified" >>"$RAW" <<'PY'
import json, sys
m, before, after = (json.load(open(p)) for p in sys.argv[1:4])
link, tool, compress, run, step, verified = sys.argv[4:]
wire = {s: after[s]["up"] + after[s]["down"] - before[s]["up"] - before[s]["down"] for s in ("a", "b")}
r = dict(link=link, tool=tool, compress=compress, run=int(run), step=step, verified=verified,
         wire_local=wire["a"], wire_remote=wire["b"], turns_remote=after["b"]["turns"] - before["b"]["turns"], **m)
print(json.dumps(r))
print(f"    {tool:9} {compress:3} {step:8} {r['wall']:7.2f} s  cpu {r['cpu']:6.2f} s  rss {r['rss_kb'] // 1024:4} MB  "
      f"wire {(r['wire_local'] + r['wire_remote']) / 1e6:7.1f} MB  remote turns {r['turns_remote']:4}  rc {r['rc']}  verified {verified}", file=sys.stderr)
PY
}

write_report() {
    python3 "$HERE/report.py" "$RAW" --corpus "$CORPUS_LINE" --runs "$RUNS" --delay-ms "$DELAY_MS" --rate-mbit "$RATE_MBIT" \
        --lean "${LEAN:-0}" --slow-initial-runs "${SLOW_INITIAL_RUNS:-$RUNS}" --started "$STARTED" --commit "$COMMIT" \
        --load-before "$LOAD_BEFORE" --load-after "$(uptime)" --command "bench/sync/run.sh${ARGS:+ $ARGS}" > "$RESULTS/$NAME.md"
}

read -r -a STEPS <<<"initial ${STEP_LIST//initial/}"
# one_run LINK TOOL COMPRESS RUN: fresh servers, then the five steps (the floor only copies).
one_run() {
    local link=$1 tool=$2 compress=$3 run=$4 dir=$WORK/runs/$1-$2-$3-$4 seed i=0
    reset_servers "$WORK/corpus"
    rm -rf "$dir"; mkdir -p "$dir"
    write_configs "$dir" "$compress"
    for step in "${STEPS[@]}"; do
        seed=$((SEED * 1000 + run * 10 + i)); i=$((i + 1))
        if [ "$step" = initial ] && [ "$link" = slow ] && [ -n "$SLOW_INITIAL_RUNS" ] && [ "$run" -gt "$SLOW_INITIAL_RUNS" ]; then
            # Not measured in this run: copy at loopback speed, check, then measure the rest over the slow link.
            echo fast > "$WORK/proxy-b.mode"
            tool_command "$tool" "$dir" "$compress"
            "${TOOL_CMD[@]}" >>"$dir/$tool.log" 2>&1 </dev/null || echo "    $tool setup sync failed (log: $dir)" >&2
            echo slow > "$WORK/proxy-b.mode"
            python3 "$HERE/mailstate.py" verify "$PORT_A" "$PORT_B" $([ "$tool" = mbsync ] && echo --mbsync) --save "$dir/state.json" >&2 || true
            continue
        fi
        case $step in
            flags) python3 "$HERE/mailstate.py" mutate "$PORT_A" "$PORT_B" flags 5 "$seed" "$dir/state.json" >/dev/null ;;
            expunge) python3 "$HERE/mailstate.py" mutate "$PORT_A" "$PORT_B" expunge 5 "$seed" "$dir/state.json" >/dev/null ;;
            append) python3 "$HERE/mailstate.py" mutate "$PORT_A" "$PORT_B" append 1 "$seed" "$dir/state.json" >/dev/null ;;
        esac
        measure_step "$link" "$tool" "$compress" "$run" "$step" "$dir"
        if [ "$tool" = floor ] || { [ -n "$LEAN" ] && [ "$compress" = on ]; }; then break; fi
    done
}

# Runs outermost, so that a run stopped early leaves every link with the same number of runs.
for run in $(seq 1 "$RUNS"); do
    for link in $LINKS; do
        say "Run $run of $RUNS, link $link ($(uptime | sed 's/.*load/load/'))"
        start_proxies "$link"
        for tool in $TOOLS; do
            for compress in $COMPRESS_MODES; do
                if [ -n "$LEAN" ] && [ "$compress" = on ]; then
                    # lean: COMPRESS on for imapsync on loopback, for all but mbsync on the slow link's measured initial sync
                    if [ "$link" = loopback ] && [ "$tool" != imapsync ]; then continue; fi
                    if [ "$tool" = mbsync ]; then continue; fi
                    if [ "$link" = slow ] && [ "$run" -gt "${SLOW_INITIAL_RUNS:-$RUNS}" ]; then continue; fi
                fi
                if [ -n "$LEAN" ] && [ "$tool" = floor ] && [ "$link" = slow ] && [ "$run" -gt "${SLOW_INITIAL_RUNS:-$RUNS}" ]; then continue; fi
                one_run "$link" "$tool" "$compress" "$run"
            done
        done
        stop_proxies
        write_report  # after every block, so an interrupted run still leaves a report
    done
done

if [ "$BIG" -gt 0 ]; then
    say "Big message: one message of $BIG bytes, initial sync on loopback, COMPRESS off"
    start_proxies loopback
    for tool in $TOOLS; do
        reset_servers "$WORK/corpus-big"
        dir=$WORK/runs/big-$tool; mkdir -p "$dir"
        write_configs "$dir" off
        measure_step loopback "$tool" off 1 big "$dir"
    done
    stop_proxies
fi

write_report
say "Results: $RESULTS/$NAME.md (raw: $RAW)"
