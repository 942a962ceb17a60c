#!/usr/bin/env bash
# A loopback sshd for the ssh engine tests: Debian's openssh-server on
# 127.0.0.1:${STEVEDORE_SSH_PORT:-5022}, its own host key, a throwaway client key pair and known_hosts.
# A session's `docker system dial-stdio` reaches the dedicated TEST engine (sshd's SetEnv
# DOCKER_HOST), never the default socket. Everything lives in $STACK_DIR/sshd:
#   sshd_config, host_ed25519_key, client_key(.pub), authorized_keys, known_hosts,
#   ssh_config (the client side: port, user, key, known_hosts; for `ssh -F`), sshd.log, sshd.pid
#   sshd.sh start|stop|status
#   sshd.sh env    print the STEVEDORE_TEST_SSH_* lines for $STACK_DIR/env (up.sh appends them)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$HERE/lib.sh"

SSHD_DIR="$STACK_DIR/sshd"
SSH_PORT="${STEVEDORE_SSH_PORT:-5022}"
SSHD_BIN="${STEVEDORE_SSHD:-/usr/sbin/sshd}"
PIDFILE="$SSHD_DIR/sshd.pid"
LOGF="$SSHD_DIR/sshd.log"
CFG="$SSHD_DIR/sshd_config"
CLIENT_CFG="$SSHD_DIR/ssh_config"
TIMEOUT="${STEVEDORE_SSHD_TIMEOUT:-15}"
# CI runs as root; without root sshd can only log in the user it runs as.
SSH_USER="$(id -un)"

# Whether something answers with an SSH banner on our port (sshd's first words: "SSH-2.0-").
banner() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$SSH_PORT && head -c 8 <&3" 2>/dev/null || true; }

write_files() {
  mkdir -p "$SSHD_DIR"
  chmod 700 "$SSHD_DIR"
  [[ -s "$SSHD_DIR/host_ed25519_key" ]] || ssh-keygen -q -t ed25519 -N '' -C stevedore-test-host -f "$SSHD_DIR/host_ed25519_key"
  [[ -s "$SSHD_DIR/client_key" ]] || ssh-keygen -q -t ed25519 -N '' -C stevedore-test-client -f "$SSHD_DIR/client_key"
  cp "$SSHD_DIR/client_key.pub" "$SSHD_DIR/authorized_keys"
  # The client's known_hosts names the host as ssh does for a non-22 port: [127.0.0.1]:PORT.
  echo "[127.0.0.1]:$SSH_PORT $(cut -d' ' -f1,2 "$SSHD_DIR/host_ed25519_key.pub")" >"$SSHD_DIR/known_hosts"
  cat >"$CFG" <<CFG
# Written by scripts/test-stack/sshd.sh: a test sshd on loopback only.
ListenAddress 127.0.0.1
Port $SSH_PORT
HostKey $SSHD_DIR/host_ed25519_key
PidFile $PIDFILE
AuthorizedKeysFile $SSHD_DIR/authorized_keys
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
# The key files live under /tmp (world-writable): sshd's StrictModes would refuse them.
StrictModes no
UsePAM no
AllowTcpForwarding no
X11Forwarding no
PermitTTY no
LogLevel VERBOSE
# The session's docker CLI talks to the dedicated test engine with the stack's private config.
SetEnv DOCKER_HOST=$TEST_DOCKER_HOST DOCKER_CONFIG=$STACK_DOCKER_CONFIG
CFG
  # For \`ssh -F\`: nothing from ~/.ssh, /etc/ssh or an agent, only the stack's key and known_hosts.
  # StrictHostKeyChecking is left at ssh's default (ask), as in most people's config: an unknown
  # key must then be refused by the app's BatchMode, not by this file.
  cat >"$CLIENT_CFG" <<CFG
# Written by scripts/test-stack/sshd.sh: reach the test sshd without ~/.ssh or an agent.
Host 127.0.0.1
  Port $SSH_PORT
  User $SSH_USER
Host *
  IdentityFile $SSHD_DIR/client_key
  IdentitiesOnly yes
  IdentityAgent none
  UserKnownHostsFile $SSHD_DIR/known_hosts
  GlobalKnownHostsFile /dev/null
  UpdateHostKeys no
CFG
  chmod 600 "$CFG" "$CLIENT_CFG" "$SSHD_DIR/authorized_keys" "$SSHD_DIR/known_hosts"
}

start() {
  [[ -x "$SSHD_BIN" ]] || die "$SSHD_BIN not found (apt-get install openssh-server; see install-deps.sh)"
  command -v ssh >/dev/null || die "ssh not found (apt-get install openssh-client)"
  local pid; pid="$(read_pid "$PIDFILE")"
  if pid_alive "$pid" && [[ "$(banner)" == SSH-2.0- ]]; then
    log "sshd already running on 127.0.0.1:$SSH_PORT (pid $pid)"
    return 0
  fi
  pid_alive "$pid" && stop_pid "$pid" 5
  [[ -z "$(banner)" ]] || die "port 127.0.0.1:$SSH_PORT is already in use by another process; choose another port with STEVEDORE_SSH_PORT"
  write_files
  # As root sshd wants its privilege-separation directory (the package creates it at boot only).
  [[ "$(id -u)" -ne 0 ]] || mkdir -p /run/sshd
  "$SSHD_BIN" -t -f "$CFG" || die "sshd refused $CFG"
  echo "=== $(date -u +%FT%TZ) starting $SSHD_BIN on 127.0.0.1:$SSH_PORT" >>"$LOGF"
  # -D: stays in the foreground (our child, stopped by pid); -e: its log lines go to our log file.
  setsid "$SSHD_BIN" -D -e -f "$CFG" </dev/null >>"$LOGF" 2>&1 &
  local i
  for ((i = 0; i < TIMEOUT * 10; i++)); do
    if [[ "$(banner)" == SSH-2.0- ]]; then
      log "sshd up on 127.0.0.1:$SSH_PORT (DOCKER_HOST=$TEST_DOCKER_HOST for its sessions)"
      return 0
    fi
    sleep 0.1
  done
  tail -n 20 "$LOGF" >&2 || true
  die "sshd did not start on 127.0.0.1:$SSH_PORT"
}

stop() {
  local pid; pid="$(read_pid "$PIDFILE")"
  if pid_alive "$pid"; then log "stopping sshd (pid $pid)"; stop_pid "$pid" 5; fi
  for pid in $(pids_mentioning "$CFG"); do stop_pid "$pid" 5; done
  rm -f "$PIDFILE"
}

env_lines() {
  cat <<ENV
STEVEDORE_TEST_SSH_HOST=ssh://$SSH_USER@127.0.0.1:$SSH_PORT
STEVEDORE_TEST_SSH_KEY=$SSHD_DIR/client_key
STEVEDORE_TEST_SSH_KNOWN_HOSTS=$SSHD_DIR/known_hosts
STEVEDORE_TEST_SSH_CONFIG=$CLIENT_CFG
STEVEDORE_TEST_SSHD_LOG=$LOGF
ENV
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) pid="$(read_pid "$PIDFILE")"; pid_alive "$pid" && [[ "$(banner)" == SSH-2.0- ]] && echo "sshd up on 127.0.0.1:$SSH_PORT (pid $pid)" ;;
  env) env_lines ;;
  *) echo "usage: $0 start|stop|status|env" >&2; exit 2 ;;
esac
