#!/usr/bin/env bash
# Shared settings for the Stevedore test stack scripts. Sourced, not executed.
# Everything lives under STACK_DIR; nothing touches /var/run/docker.sock,
# /var/lib/docker or /etc/docker.

STACK_DIR="${STEVEDORE_STACK_DIR:-/tmp/stevedore-test}"
# Normalise to an absolute path without a trailing slash.
case "$STACK_DIR" in /*) ;; *) STACK_DIR="$PWD/$STACK_DIR" ;; esac
STACK_DIR="${STACK_DIR%/}"

ENGINE_SOCK="$STACK_DIR/docker.sock"
CONTAINERD_SOCK="$STACK_DIR/containerd.sock"
ENGINE_DATA_ROOT="$STACK_DIR/data"
ENGINE_EXEC_ROOT="$STACK_DIR/exec"
ENGINE_PIDFILE="$STACK_DIR/dockerd.pid"
ENGINE_LOG="$STACK_DIR/dockerd.log"
CONTAINERD_DIR="$STACK_DIR/containerd"
CONTAINERD_PIDFILE="$STACK_DIR/containerd.pid"
CONTAINERD_LOG="$STACK_DIR/containerd.log"
CONTAINERD_NAMESPACE="stevedore-test"
ENGINE_DATA_IMG="$STACK_DIR/data.ext4"   # only used when the loop-ext4 fallback is needed
ENV_FILE="$STACK_DIR/env"
# Where the selected engine keeps its storage-driver choice and daemon.json, and which mounts
# under it its stop may unmount (engine 1 must leave engine 2's alone).
ENGINE_STATE_DIR="$STACK_DIR"
ENGINE_MOUNT_EXCLUDE="$STACK_DIR/engine2/"

# The second dedicated engine (tests pull what Stevedore pushed from another engine): its own
# dockerd + containerd, all state under $STACK_DIR/engine2, socket $STACK_DIR/docker2.sock.
# Always ours (never STEVEDORE_TEST_DOCKER_HOST), so it needs root; engine.sh <cmd> 2 selects it.
ENGINE2_SOCK="$STACK_DIR/docker2.sock"
ENGINE2_HOST="unix://$ENGINE2_SOCK"
use_engine2() {
  local d="$STACK_DIR/engine2"
  ENGINE_STATE_DIR="$d"
  ENGINE_MOUNT_EXCLUDE=""
  ENGINE_SOCK="$ENGINE2_SOCK"
  CONTAINERD_SOCK="$d/containerd.sock"
  ENGINE_DATA_ROOT="$d/data"
  ENGINE_EXEC_ROOT="$d/exec"
  ENGINE_PIDFILE="$d/dockerd.pid"
  ENGINE_LOG="$d/dockerd.log"
  CONTAINERD_DIR="$d/containerd"
  CONTAINERD_PIDFILE="$d/containerd.pid"
  CONTAINERD_LOG="$d/containerd.log"
  ENGINE_DATA_IMG="$d/data.ext4"
  EXTERNAL_ENGINE=0
  TEST_DOCKER_HOST="$ENGINE2_HOST"
}

REGISTRY_PORT="${STEVEDORE_REGISTRY_PORT:-5001}"
AUTH_REGISTRY_PORT="${STEVEDORE_AUTH_REGISTRY_PORT:-5002}"
REGISTRY_HOSTPORT="127.0.0.1:$REGISTRY_PORT"
AUTH_REGISTRY_HOSTPORT="127.0.0.1:$AUTH_REGISTRY_PORT"
AUTH_USER="stevedore"
AUTH_PASSWORD="s3cret-test-pass"

# The docker CLI: whatever `docker` resolves to on PATH (on the CI image that is
# /usr/local/bin/docker 28.x; apt's docker.io also installs /usr/bin/docker 20.10,
# which comes later on PATH). Override with STEVEDORE_DOCKER_CLI=/path/to/docker.
DOCKER_CLI="${STEVEDORE_DOCKER_CLI:-$(command -v docker || true)}"

# Private client config so the user's ~/.docker (credentials, contexts, imagesFormat,
# credsStore) is never read or written by the stack scripts.
STACK_DOCKER_CONFIG="$STACK_DIR/docker-config"

# Engine selection: an external engine (STEVEDORE_TEST_DOCKER_HOST) or our own.
if [[ -n "${STEVEDORE_TEST_DOCKER_HOST:-}" ]]; then
  EXTERNAL_ENGINE=1
  TEST_DOCKER_HOST="$STEVEDORE_TEST_DOCKER_HOST"
else
  EXTERNAL_ENGINE=0
  TEST_DOCKER_HOST="unix://$ENGINE_SOCK"
fi

FIXTURE_NS="stevedore-fixture"
FIXTURE_LABEL="org.stevedore.fixture"

log()  { printf '[test-stack] %s\n' "$*" >&2; }
die()  { printf '[test-stack] ERROR: %s\n' "$*" >&2; exit 1; }

# Run the docker CLI against the test engine with the private config.
# (DOCKER_CONTEXT is unset so a user's `docker context use` cannot redirect us.)
tdocker() {
  [[ -n "$DOCKER_CLI" ]] || die "docker CLI not found on PATH"
  mkdir -p "$STACK_DOCKER_CONFIG"
  env -u DOCKER_CONTEXT -u DOCKER_TLS_VERIFY -u DOCKER_CERT_PATH \
    DOCKER_HOST="$TEST_DOCKER_HOST" DOCKER_CONFIG="$STACK_DOCKER_CONFIG" \
    "$DOCKER_CLI" "$@"
}

# A zombie counts as gone: killed daemons are reparented to PID 1, which may reap them seconds later.
pid_alive() { [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null && [[ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]]; }
read_pid()  { [[ -s "$1" ]] && tr -dc '0-9' <"$1" || true; }

# PIDs of processes whose command line mentions $1 (a unique stack path).
pids_mentioning() {
  local needle="$1" p cmd f
  # One grep over every cmdline picks the candidates (its words are NUL-separated, so it looks for
  # the needle's last word); forking `tr` for each of hundreds of processes took seconds.
  for f in $(grep -lsaF -- "${needle##* }" /proc/[0-9]*/cmdline 2>/dev/null); do
    p="${f#/proc/}"; p="${p%/cmdline}"
    [[ "$p" == "$$" || "$p" == "$BASHPID" ]] && continue
    cmd="$(tr '\0' ' ' 2>/dev/null <"/proc/$p/cmdline")" || continue
    [[ "$cmd" == *"$needle"* ]] && echo "$p"
  done
}

# Terminate a pid: TERM, wait up to $2 seconds, then KILL.
stop_pid() {
  local pid="$1" wait_s="${2:-15}" i
  pid_alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < wait_s * 10; i++)); do
    pid_alive "$pid" || return 0
    sleep 0.1
  done
  log "pid $pid did not exit after ${wait_s}s, sending KILL"
  kill -KILL "$pid" 2>/dev/null || true
  sleep 0.2
}

check_sock_len() {
  # sun_path is 108 bytes; containerd shims append more, keep a margin.
  local s="$1"
  (( ${#s} <= 90 )) || die "socket path too long (${#s} > 90): $s — set STEVEDORE_STACK_DIR to a shorter path"
}
