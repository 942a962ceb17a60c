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

pid_alive() { [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null; }
read_pid()  { [[ -s "$1" ]] && tr -dc '0-9' <"$1" || true; }

# PIDs of processes whose command line mentions $1 (a unique stack path).
pids_mentioning() {
  local needle="$1" p cmd
  for p in /proc/[0-9]*; do
    p="${p#/proc/}"
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
