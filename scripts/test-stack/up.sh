#!/usr/bin/env bash
# Bring up the whole Stevedore test stack and write $STACK_DIR/env.
#   1. host packages (install-deps.sh: installs as root, otherwise only checks)
#   2. dedicated engine (engine.sh start) unless STEVEDORE_TEST_DOCKER_HOST is set, and, in
#      parallel, the second dedicated engine (engine.sh start 2; needs root, else left out)
#   3. loopback registries (registry.sh start) and sshd (sshd.sh start: ssh engine tests)
#   4. fixture images (fixtures.sh; skipped when already current)
# Env: STEVEDORE_STACK_DIR (default /tmp/stevedore-test), STEVEDORE_TEST_DOCKER_HOST,
#      STEVEDORE_REGISTRY_PORT (5001), STEVEDORE_AUTH_REGISTRY_PORT (5002), STEVEDORE_SSH_PORT (5022),
#      STEVEDORE_SKIP_INSTALL=1 (only check packages), STEVEDORE_FIXTURES_FORCE=1.
# Use:  bash scripts/test-stack/up.sh && set -a && . /tmp/stevedore-test/env && set +a
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$HERE/lib.sh"
t0="$EPOCHREALTIME"

if [[ "$(id -u)" -eq 0 && "${STEVEDORE_SKIP_INSTALL:-0}" != 1 ]]; then
  bash "$HERE/install-deps.sh"
else
  bash "$HERE/install-deps.sh" --check
fi
[[ -n "$DOCKER_CLI" ]] || die "docker CLI not found on PATH"
log "docker CLI: $DOCKER_CLI ($("$DOCKER_CLI" --version 2>/dev/null))"

mkdir -p "$STACK_DIR"
# The second engine starts alongside the first (each has its own containerd), so it costs
# little wall time; without root it is left out and the tests that need it say so.
engine2_pid=""
if [[ "$(id -u)" -eq 0 ]]; then
  bash "$HERE/engine.sh" start 2 &
  engine2_pid=$!
else
  log "not root: the second test engine is not started (STEVEDORE_TEST_DOCKER_HOST2 left empty)"
fi
bash "$HERE/engine.sh" start
engine2_host=""
if [[ -n "$engine2_pid" ]]; then
  wait "$engine2_pid" || die "the second test engine failed to start (see $STACK_DIR/engine2/dockerd.log)"
  engine2_host="$ENGINE2_HOST"
fi
bash "$HERE/registry.sh" start
bash "$HERE/sshd.sh" start
if [[ "${STEVEDORE_FIXTURES_FORCE:-0}" == 1 ]]; then
  bash "$HERE/fixtures.sh" --force
else
  bash "$HERE/fixtures.sh"
fi

digest_only="$(tdocker images --digests --format '{{.Digest}}' "$REGISTRY_HOSTPORT/$FIXTURE_NS/digest-only" 2>/dev/null | grep -m1 '^sha256:' || true)"
api="$(tdocker version --format '{{.Server.APIVersion}}')"

tmp="$ENV_FILE.tmp.$$"
cat >"$tmp" <<ENV
# Written by scripts/test-stack/up.sh — shell KEY=value lines (no quoting needed).
DOCKER_HOST=$TEST_DOCKER_HOST
STEVEDORE_TEST_REGISTRY=$REGISTRY_HOSTPORT
STEVEDORE_TEST_AUTH_REGISTRY=$AUTH_REGISTRY_HOSTPORT
STEVEDORE_TEST_AUTH_USER=$AUTH_USER
STEVEDORE_TEST_AUTH_PASSWORD=$AUTH_PASSWORD
STEVEDORE_STACK_DIR=$STACK_DIR
STEVEDORE_TEST_DOCKER_CLI=$DOCKER_CLI
STEVEDORE_TEST_API_VERSION=$api
STEVEDORE_TEST_EXTERNAL_ENGINE=$EXTERNAL_ENGINE
STEVEDORE_TEST_DOCKER_HOST2=$engine2_host
STEVEDORE_TEST_DIGEST_ONLY_REF=${digest_only:+$REGISTRY_HOSTPORT/$FIXTURE_NS/digest-only@$digest_only}
ENV
bash "$HERE/sshd.sh" env >>"$tmp"
mv "$tmp" "$ENV_FILE"

log "stack up in $(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN{printf "%.1f", b-a}')s; env file: $ENV_FILE"
sed -n 's/^\([A-Z0-9_]*\)=.*/  \1/p' "$ENV_FILE" | tr '\n' ' ' >&2; echo >&2
