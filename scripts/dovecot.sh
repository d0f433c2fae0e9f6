# Throwaway Dovecot 2.3 instances on 127.0.0.1, sourced by demo.sh and bench/sync/run.sh.
# One directory per instance; stopped by the PID in its own master.pid, never by name.
# (The test suite has its own C# fixture, tests/Imap.Testing/Dovecot, with many more options.)

if [ "$(id -u)" -eq 0 ]; then
    DOVE_RUN_USER=nobody DOVE_RUN_GROUP=nogroup DOVE_INTERNAL_USER=dovecot DOVE_INTERNAL_GROUP=dovecot
    DOVE_LOGIN_USER=dovenull DOVE_FIRST_UID=65534
    DOVE_DROP=(setpriv --reuid=nobody --regid=nogroup --clear-groups)  # runs a stdio imap as the mail user
else
    DOVE_RUN_USER=$(id -un) DOVE_RUN_GROUP=$(id -gn) DOVE_INTERNAL_USER=$DOVE_RUN_USER
    DOVE_INTERNAL_GROUP=$DOVE_RUN_GROUP DOVE_LOGIN_USER=$DOVE_RUN_USER DOVE_FIRST_UID=$(id -u)
    DOVE_DROP=()
fi

# A port nobody listens on (python3 when present, else random tries probed with bash's /dev/tcp).
free_port() {
    if command -v python3 >/dev/null; then
        python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
        return
    fi
    local port
    while :; do
        port=$((20000 + RANDOM % 40000))
        bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$port" 2>/dev/null || { echo "$port"; return; }
    done
}

# dovecot_config DIR PORT [SEPARATOR] [INSTANCE-NAME]: writes DIR/dovecot.conf (user alice/alicepw,
# Maildir++ under DIR/mail/alice, hierarchy separator '/' unless given).
dovecot_config() {
    local dir=$1 port=$2 sep=${3:-/} name=${4:-imapsync-$2}
    mkdir -p "$dir"/{run,state,log,mail}
    echo "alice:{PLAIN}alicepw::::::" > "$dir/passwd"
    cat > "$dir/dovecot.conf" <<CONF
instance_name = $name
base_dir = $dir/run
state_dir = $dir/state
protocols = imap
listen = 127.0.0.1
log_path = $dir/log/dovecot.log
default_internal_user = $DOVE_INTERNAL_USER
default_internal_group = $DOVE_INTERNAL_GROUP
default_login_user = $DOVE_LOGIN_USER
mail_uid = $DOVE_RUN_USER
mail_gid = $DOVE_RUN_GROUP
first_valid_uid = $DOVE_FIRST_UID
first_valid_gid = 0
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $dir/passwd
}
userdb {
  driver = static
  args = uid=$DOVE_RUN_USER gid=$DOVE_RUN_GROUP home=$dir/mail/%u
}
mail_location = maildir:$dir/mail/%u
mail_fsync = never
mailbox_list_index = yes
namespace inbox {
  inbox = yes
  separator = $sep
  prefix =
}
protocol imap {
  mail_plugins = \$mail_plugins imap_zlib
  mail_max_userip_connections = 100
}
service stats {
  unix_listener stats-writer {
    mode = 0666
  }
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $port
  }
  inet_listener imaps {
    port = 0
  }
}
CONF
    if [ "$(id -u)" -ne 0 ]; then
        printf 'service anvil {\n  chroot =\n}\nservice imap-login {\n  chroot =\n}\n' >> "$dir/dovecot.conf"
    fi
}

# wait_greeting PORT: until a connection there reads "* OK" (10 s at most).
wait_greeting() {
    local port=$1 greeting
    for _ in $(seq 200); do
        if { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null; then
            greeting=; read -r -t 2 greeting <&3 || true; exec 3>&-
            [[ $greeting == "* OK"* ]] && return 0
        fi
        sleep 0.05
    done
    echo "no IMAP greeting on 127.0.0.1:$port" >&2
    return 1
}

# dovecot_start DIR PORT
dovecot_start() {
    local dir=$1 port=$2
    [ "$(id -u)" -ne 0 ] || chown -R "$DOVE_RUN_USER:$DOVE_RUN_GROUP" "$dir/mail"
    dovecot -c "$dir/dovecot.conf" </dev/null >>"$dir/log/startup.log" 2>&1
    wait_greeting "$port" || { cat "$dir/log/"*.log >&2; return 1; }
}

# dovecot_stop DIR: TERM the master of this instance and wait until it is gone (or a zombie).
dovecot_stop() {
    local pidfile=$1/run/master.pid pid state
    [ -s "$pidfile" ] || return 0
    pid=$(cat "$pidfile")
    kill -TERM "$pid" 2>/dev/null || return 0
    for _ in $(seq 100); do
        state=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) || state=gone
        case $state in gone|Z) rm -f "$pidfile"; return 0 ;; esac
        sleep 0.05
    done
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$pidfile"
}
