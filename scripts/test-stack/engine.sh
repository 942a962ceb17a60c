#!/usr/bin/env bash
# Dedicated Docker engine for the Stevedore tests.
#   engine.sh start|stop|status|restart [1|2]
# 2 is the second dedicated engine (state under $STACK_DIR/engine2, socket $STACK_DIR/docker2.sock),
# from which tests pull what Stevedore pushed; 1 (the default) is the main one.
# Own dockerd + own containerd, every path under $STEVEDORE_STACK_DIR
# (default /tmp/stevedore-test). Never touches /var/run/docker.sock,
# /run/containerd/containerd.sock, /var/lib/docker or /etc/docker/daemon.json.
# Networking is disabled: --bridge=none --iptables=false --ip-forward=false
# --ip-masq=false; containers must use --network none or --network host.
#
# Env: STEVEDORE_STACK_DIR, STEVEDORE_STORAGE_DRIVER (auto|overlay2|vfs|loop, default auto),
#      STEVEDORE_ENGINE_TIMEOUT (seconds, default 60), STEVEDORE_DATA_IMG_SIZE (loop ext4, default 40G)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$HERE/lib.sh"

TIMEOUT="${STEVEDORE_ENGINE_TIMEOUT:-60}"
INSTANCE="${2:-1}"
case "$INSTANCE" in
  1) ;;
  2) use_engine2 ;;
  *) die "engine instance must be 1 or 2 (got '$INSTANCE')" ;;
esac
DRIVER_FILE="$ENGINE_STATE_DIR/storage-driver"

find_bin() {
  local b="$1" p
  p="$(command -v "$b" 2>/dev/null || true)"
  [[ -z "$p" && -x "/usr/sbin/$b" ]] && p="/usr/sbin/$b"
  [[ -z "$p" && -x "/usr/bin/$b" ]] && p="/usr/bin/$b"
  [[ -n "$p" ]] || die "$b not found (run scripts/test-stack/install-deps.sh as root)"
  echo "$p"
}

engine_answers() {
  tdocker version --format '{{.Server.APIVersion}}' >/dev/null 2>&1
}

data_img_mounted() { grep -qs " $ENGINE_DATA_ROOT " /proc/mounts; }

mount_data_img() {
  if [[ -f "$ENGINE_DATA_IMG" ]] && ! data_img_mounted; then
    mkdir -p "$ENGINE_DATA_ROOT"
    mount -o loop "$ENGINE_DATA_IMG" "$ENGINE_DATA_ROOT" \
      || die "cannot loop-mount $ENGINE_DATA_IMG on $ENGINE_DATA_ROOT"
  fi
}

# Can we mount overlayfs with upper/work dirs on the filesystem of $1?
probe_overlay() {
  local base="$1" d ok=1
  d="$(mktemp -d "$base/.overlay-probe.XXXXXX")"
  mkdir -p "$d/lower" "$d/upper" "$d/work" "$d/merged"
  echo x >"$d/lower/f"
  if mount -t overlay overlay -o "lowerdir=$d/lower,upperdir=$d/upper,workdir=$d/work" "$d/merged" 2>/dev/null; then
    if echo y >"$d/merged/f" 2>/dev/null && [[ "$(cat "$d/upper/f" 2>/dev/null)" == y ]]; then ok=0; fi
    umount "$d/merged" 2>/dev/null || umount -l "$d/merged" 2>/dev/null || true
  fi
  rm -rf "$d"
  return $ok
}

# overlay2 on a sparse ext4 image, loop-mounted on the data root. For hosts where
# the stack dir's filesystem cannot host overlay upper dirs (e.g. / is overlayfs).
setup_loop_ext4() {
  [[ "$(id -u)" -eq 0 ]] && command -v mkfs.ext4 >/dev/null 2>&1 || return 1
  rm -f "$ENGINE_DATA_IMG"
  if truncate -s "${STEVEDORE_DATA_IMG_SIZE:-40G}" "$ENGINE_DATA_IMG" \
    && mkfs.ext4 -q -F -O ^has_journal "$ENGINE_DATA_IMG" \
    && mount -o loop "$ENGINE_DATA_IMG" "$ENGINE_DATA_ROOT" 2>/dev/null; then
    if probe_overlay "$ENGINE_DATA_ROOT"; then
      echo "overlay2 loop-ext4" >"$DRIVER_FILE"
      log "storage: overlay2 on loop-mounted ext4 ($ENGINE_DATA_IMG, sparse ${STEVEDORE_DATA_IMG_SIZE:-40G})"
      return 0
    fi
    umount "$ENGINE_DATA_ROOT" || true
  fi
  rm -f "$ENGINE_DATA_IMG"
  return 1
}

# Decide the storage driver once per stack dir (changing it would orphan images).
#   auto: overlay2 if overlayfs works on the data root's filesystem, else overlay2 on
#         a loop-mounted ext4 image, else vfs.  overlay2|vfs|loop force a choice.
choose_driver() {
  local want="${STEVEDORE_STORAGE_DRIVER:-auto}" prev=""
  [[ -s "$DRIVER_FILE" ]] && prev="$(cat "$DRIVER_FILE")"
  if [[ -n "$prev" ]]; then
    case "$want" in
      auto) return 0 ;;
      loop) [[ "$prev" == "overlay2 loop-ext4" ]] && return 0 ;;
      *) [[ "$prev" == "$want" ]] && return 0 ;;
    esac
    die "stack dir already uses storage '$prev'; run 'down.sh --purge' to switch to '$want'"
  fi
  mkdir -p "$ENGINE_DATA_ROOT"
  case "$want" in
    vfs) echo vfs >"$DRIVER_FILE"; log "storage: vfs (forced)"; return 0 ;;
    overlay2) echo overlay2 >"$DRIVER_FILE"; log "storage: overlay2 (forced)"; return 0 ;;
    loop) setup_loop_ext4 || die "could not set up overlay2 on a loop-mounted ext4 image"; return 0 ;;
    auto) ;;
    *) die "STEVEDORE_STORAGE_DRIVER must be auto|overlay2|vfs|loop (got '$want')" ;;
  esac
  if probe_overlay "$ENGINE_DATA_ROOT"; then
    echo overlay2 >"$DRIVER_FILE"
    log "storage: overlay2 directly on $(stat -f -c %T "$ENGINE_DATA_ROOT") ($ENGINE_DATA_ROOT)"
    return 0
  fi
  log "storage: overlayfs not usable on $(stat -f -c %T "$ENGINE_DATA_ROOT"); trying a loop-mounted ext4 image"
  setup_loop_ext4 && return 0
  echo vfs >"$DRIVER_FILE"
  log "storage: falling back to vfs (slow: full copy per layer)"
}

write_containerd_config() {
  mkdir -p "$CONTAINERD_DIR/root" "$CONTAINERD_DIR/state" "$CONTAINERD_DIR/opt"
  cat >"$CONTAINERD_DIR/config.toml" <<TOML
version = 2
root = "$CONTAINERD_DIR/root"
state = "$CONTAINERD_DIR/state"
disabled_plugins = ["io.containerd.grpc.v1.cri", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.aufs"]

[grpc]
  address = "$CONTAINERD_SOCK"

[ttrpc]
  address = ""

[debug]
  address = ""
  level = "info"

[metrics]
  address = ""

[plugins."io.containerd.internal.v1.opt"]
  path = "$CONTAINERD_DIR/opt"
TOML
}

start_containerd() {
  local pid i
  pid="$(read_pid "$CONTAINERD_PIDFILE")"
  if pid_alive "$pid" && [[ -S "$CONTAINERD_SOCK" ]]; then return 0; fi
  rm -f "$CONTAINERD_SOCK"
  write_containerd_config
  local bin; bin="$(find_bin containerd)"
  : >>"$CONTAINERD_LOG"
  setsid "$bin" --config "$CONTAINERD_DIR/config.toml" </dev/null >>"$CONTAINERD_LOG" 2>&1 &
  echo $! >"$CONTAINERD_PIDFILE"
  for ((i = 0; i < TIMEOUT * 10; i++)); do
    [[ -S "$CONTAINERD_SOCK" ]] && return 0
    pid_alive "$(read_pid "$CONTAINERD_PIDFILE")" || break
    sleep 0.1
  done
  log "containerd did not come up; last log lines ($CONTAINERD_LOG):"
  tail -n 30 "$CONTAINERD_LOG" >&2 || true
  die "containerd failed to start"
}

start() {
  [[ "$EXTERNAL_ENGINE" -eq 0 ]] || { log "STEVEDORE_TEST_DOCKER_HOST set ($TEST_DOCKER_HOST): not starting an engine"; engine_answers || die "external engine $TEST_DOCKER_HOST does not answer"; return 0; }
  [[ "$(id -u)" -eq 0 ]] || die "the dedicated test engine needs root (or set STEVEDORE_TEST_DOCKER_HOST to an engine you own)"
  check_sock_len "$ENGINE_SOCK"; check_sock_len "$CONTAINERD_SOCK"
  mkdir -p "$STACK_DIR" "$ENGINE_STATE_DIR"; chmod 755 "$STACK_DIR" "$ENGINE_STATE_DIR"

  local pid; pid="$(read_pid "$ENGINE_PIDFILE")"
  if pid_alive "$pid" && engine_answers; then
    log "engine already running (pid $pid, $TEST_DOCKER_HOST)"
    return 0
  fi
  # Half-started or stale: clean up first.
  stop_all quiet

  mount_data_img
  choose_driver
  local driver; driver="$(cut -d' ' -f1 "$DRIVER_FILE")"

  start_containerd
  mkdir -p "$ENGINE_DATA_ROOT" "$ENGINE_EXEC_ROOT"
  [[ -f "$ENGINE_STATE_DIR/daemon.json" ]] || echo '{}' >"$ENGINE_STATE_DIR/daemon.json"
  local bin; bin="$(find_bin dockerd)"
  {
    echo "=== $(date -u +%FT%TZ) starting $bin (storage $driver)"
  } >>"$ENGINE_LOG"
  # --config-file: our own empty file, so /etc/docker/daemon.json is never read.
  # NO_PROXY: registry traffic to 127.0.0.1 must never go through a proxy.
  setsid env NO_PROXY="127.0.0.1,localhost${NO_PROXY:+,$NO_PROXY}" no_proxy="127.0.0.1,localhost${no_proxy:+,$no_proxy}" \
    PATH="/usr/sbin:/usr/bin:/sbin:/bin:$PATH" \
    "$bin" \
    --host "unix://$ENGINE_SOCK" \
    --data-root "$ENGINE_DATA_ROOT" \
    --exec-root "$ENGINE_EXEC_ROOT" \
    --pidfile "$ENGINE_PIDFILE" \
    --config-file "$ENGINE_STATE_DIR/daemon.json" \
    --containerd "$CONTAINERD_SOCK" \
    --containerd-namespace "$CONTAINERD_NAMESPACE" \
    --containerd-plugins-namespace "$CONTAINERD_NAMESPACE-plugins" \
    --storage-driver "$driver" \
    --bridge=none --iptables=false --ip-forward=false --ip-masq=false \
    --userland-proxy=false \
    --log-level info \
    </dev/null >>"$ENGINE_LOG" 2>&1 &
  local launcher=$!

  local i
  for ((i = 0; i < TIMEOUT * 5; i++)); do
    if engine_answers; then
      log "engine up: $TEST_DOCKER_HOST (pid $(read_pid "$ENGINE_PIDFILE"), storage $driver, API $(tdocker version --format '{{.Server.APIVersion}}'))"
      return 0
    fi
    if ! pid_alive "$launcher" && ! pid_alive "$(read_pid "$ENGINE_PIDFILE")"; then
      break
    fi
    sleep 0.2
  done
  log "dockerd did not answer within ${TIMEOUT}s; last log lines ($ENGINE_LOG):"
  tail -n 40 "$ENGINE_LOG" >&2 || true
  stop_all quiet || true
  die "test engine failed to start"
}

# Stop dockerd, containerd, shims and anything else referring to our stack paths.
stop_all() {
  local quiet="${1:-}" pid
  pid="$(read_pid "$ENGINE_PIDFILE")"
  if pid_alive "$pid"; then
    [[ -n "$quiet" ]] || log "stopping dockerd (pid $pid)"
    stop_pid "$pid" 30
  fi
  for pid in $(pids_mentioning "--exec-root $ENGINE_EXEC_ROOT"); do stop_pid "$pid" 10; done
  pid="$(read_pid "$CONTAINERD_PIDFILE")"
  if pid_alive "$pid"; then
    [[ -n "$quiet" ]] || log "stopping containerd (pid $pid)"
    stop_pid "$pid" 15
  fi
  # Leftovers: shims (`-address $CONTAINERD_SOCK`), containerd, dockerd of this stack.
  for pid in $(pids_mentioning "$CONTAINERD_SOCK") $(pids_mentioning "$CONTAINERD_DIR/config.toml"); do
    [[ -n "$quiet" ]] || log "killing leftover pid $pid: $(tr '\0' ' ' 2>/dev/null </proc/$pid/cmdline | cut -c1-120)"
    stop_pid "$pid" 5
  done
  # Leftover mounts under this engine's state dir (container rootfs, netns, shm, and the
  # loop-mounted data image if that fallback is used), deepest first; never the other engine's.
  local m
  while read -r m; do
    [[ -n "$m" ]] || continue
    umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true
  done < <(awk -v d="$ENGINE_STATE_DIR/" -v x="$ENGINE_MOUNT_EXCLUDE" 'index($2, d) == 1 && (x == "" || index($2, x) != 1) {print $2}' /proc/mounts | sort -r)
  rm -f "$ENGINE_PIDFILE" "$CONTAINERD_PIDFILE" "$ENGINE_SOCK" "$CONTAINERD_SOCK"
}

status() {
  local pid cpid
  pid="$(read_pid "$ENGINE_PIDFILE")"; cpid="$(read_pid "$CONTAINERD_PIDFILE")"
  echo "stack dir:   $STACK_DIR"
  echo "DOCKER_HOST: $TEST_DOCKER_HOST"
  echo "docker CLI:  $DOCKER_CLI"
  if [[ "$EXTERNAL_ENGINE" -eq 0 ]]; then
    echo "dockerd:     $(pid_alive "$pid" && echo "running (pid $pid)" || echo stopped)"
    echo "containerd:  $(pid_alive "$cpid" && echo "running (pid $cpid)" || echo stopped)"
    echo "storage:     $(cat "$DRIVER_FILE" 2>/dev/null || echo '?')"
  fi
  if engine_answers; then
    echo "engine:      answers ($(tdocker version --format 'server {{.Server.Version}} API {{.Server.APIVersion}}, client {{.Client.Version}}'))"
    return 0
  fi
  echo "engine:      NOT answering"
  return 1
}

case "${1:-}" in
  start) start ;;
  stop)
    if [[ "$EXTERNAL_ENGINE" -eq 1 ]]; then log "external engine: nothing to stop"; exit 0; fi
    stop_all
    log "engine stopped" ;;
  restart) "$0" stop "$INSTANCE"; "$0" start "$INSTANCE" ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status|restart [1|2]" >&2; exit 2 ;;
esac
