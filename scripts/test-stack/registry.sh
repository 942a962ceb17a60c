#!/usr/bin/env bash
# Loopback registries for the Stevedore tests (Debian's docker-registry,
# CNCF distribution 2.8):
#   open: 127.0.0.1:${STEVEDORE_REGISTRY_PORT:-5001}       (no auth, delete enabled)
#   auth: 127.0.0.1:${STEVEDORE_AUTH_REGISTRY_PORT:-5002}  (htpasswd, user stevedore / s3cret-test-pass, delete enabled)
# Plain HTTP: the engine treats 127.0.0.0/8 as insecure, so no daemon config is needed.
#   registry.sh start|stop|status
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$HERE/lib.sh"

REG_DIR="$STACK_DIR/registry"
TIMEOUT="${STEVEDORE_REGISTRY_TIMEOUT:-30}"

find_registry_bin() {
  local p; p="$(command -v docker-registry 2>/dev/null || true)"
  [[ -n "$p" ]] || die "docker-registry not found (apt-get install docker-registry; see install-deps.sh)"
  echo "$p"
}

# Expected /v2/ status: open 200, auth 401.
v2_status() { curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$1/v2/" 2>/dev/null || true; }

write_config() {
  local name="$1" port="$2" auth="$3" cfg="$REG_DIR/$name.yml"
  mkdir -p "$REG_DIR/$name-data"
  {
    cat <<YML
version: 0.1
log:
  level: info
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $REG_DIR/$name-data
  delete:
    enabled: true
  cache:
    blobdescriptor: inmemory
  maintenance:
    uploadpurging:
      enabled: false
http:
  addr: 127.0.0.1:$port
  secret: stevedore-test-$name-not-a-secret
  headers:
    X-Content-Type-Options: [nosniff]
YML
    if [[ "$auth" == 1 ]]; then
      cat <<YML
auth:
  htpasswd:
    realm: stevedore-test
    path: $REG_DIR/htpasswd
YML
    fi
  } >"$cfg"
  echo "$cfg"
}

start_one() {
  local name="$1" port="$2" auth="$3" want="$4"
  local pidfile="$REG_DIR/$name.pid" logf="$REG_DIR/$name.log" pid st
  pid="$(read_pid "$pidfile")"
  st="$(v2_status "$port")"
  if pid_alive "$pid"; then
    if [[ "$st" == "$want" ]]; then log "registry $name already running on 127.0.0.1:$port (pid $pid)"; return 0; fi
    stop_pid "$pid" 5
  elif [[ "$st" != 000 && -n "$st" ]]; then
    die "port 127.0.0.1:$port is already in use by another process (GET /v2/ -> $st); choose another port with STEVEDORE_REGISTRY_PORT / STEVEDORE_AUTH_REGISTRY_PORT"
  fi
  local cfg bin; cfg="$(write_config "$name" "$port" "$auth")"; bin="$(find_registry_bin)"
  echo "=== $(date -u +%FT%TZ) starting $bin on 127.0.0.1:$port" >>"$logf"
  setsid "$bin" serve "$cfg" </dev/null >>"$logf" 2>&1 &
  echo $! >"$pidfile"
  local i
  for ((i = 0; i < TIMEOUT * 10; i++)); do
    st="$(v2_status "$port")"
    if [[ "$st" == "$want" ]]; then log "registry $name up on 127.0.0.1:$port (GET /v2/ -> $st)"; return 0; fi
    pid_alive "$(read_pid "$pidfile")" || break
    sleep 0.1
  done
  log "registry $name did not answer /v2/ with $want (got '$st'); last log lines ($logf):"
  tail -n 20 "$logf" >&2 || true
  die "registry $name failed to start"
}

stop_one() {
  local name="$1" pidfile="$REG_DIR/$1.pid" pid
  pid="$(read_pid "$pidfile")"
  if pid_alive "$pid"; then log "stopping registry $name (pid $pid)"; stop_pid "$pid" 10; fi
  # leftovers started with this stack's config file
  for pid in $(pids_mentioning "$REG_DIR/$name.yml"); do stop_pid "$pid" 5; done
  rm -f "$pidfile"
}

start() {
  command -v curl >/dev/null || die "curl not found"
  command -v htpasswd >/dev/null || die "htpasswd not found (apt-get install apache2-utils)"
  mkdir -p "$REG_DIR"
  # bcrypt entry (distribution only accepts bcrypt in htpasswd files)
  if [[ ! -s "$REG_DIR/htpasswd" ]] || ! htpasswd -vbB "$REG_DIR/htpasswd" "$AUTH_USER" "$AUTH_PASSWORD" >/dev/null 2>&1; then
    htpasswd -Bbn "$AUTH_USER" "$AUTH_PASSWORD" | sed '/^$/d' >"$REG_DIR/htpasswd"
  fi
  start_one open "$REGISTRY_PORT" 0 200
  start_one auth "$AUTH_REGISTRY_PORT" 1 401
}

case "${1:-}" in
  start) start ;;
  stop) stop_one open; stop_one auth ;;
  status)
    echo "open 127.0.0.1:$REGISTRY_PORT  GET /v2/ -> $(v2_status "$REGISTRY_PORT") (want 200)"
    echo "auth 127.0.0.1:$AUTH_REGISTRY_PORT  GET /v2/ -> $(v2_status "$AUTH_REGISTRY_PORT") (want 401)"
    [[ "$(v2_status "$REGISTRY_PORT")" == 200 && "$(v2_status "$AUTH_REGISTRY_PORT")" == 401 ]] ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
