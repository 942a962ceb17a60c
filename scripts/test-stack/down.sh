#!/usr/bin/env bash
# Tear down the Stevedore test stack.
#   down.sh          stop registries and the dedicated engine (data kept for a fast next up)
#   down.sh --purge  also delete $STACK_DIR (images, registry storage, logs)
# With STEVEDORE_TEST_DOCKER_HOST (external engine) the engine is left running and
# only the namespaced fixtures (stevedore-fixture/*) are removed from it.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$HERE/lib.sh"

if [[ "$EXTERNAL_ENGINE" -eq 1 ]]; then
  bash "$HERE/fixtures.sh" clean || log "fixture clean failed on $TEST_DOCKER_HOST"
fi
bash "$HERE/registry.sh" stop
bash "$HERE/sshd.sh" stop
bash "$HERE/engine.sh" stop
# The second engine is always ours (see lib.sh); stopping one that never started is a no-op.
bash "$HERE/engine.sh" stop 2
rm -f "$ENV_FILE"

if [[ "${1:-}" == "--purge" ]]; then
  if grep -qs " $STACK_DIR/" /proc/mounts; then
    die "mounts remain under $STACK_DIR; not deleting it"
  fi
  case "$STACK_DIR" in /|/tmp|/root|/home|"") die "refusing to delete $STACK_DIR" ;; esac
  rm -rf "$STACK_DIR"
  log "purged $STACK_DIR"
fi
log "stack down"
